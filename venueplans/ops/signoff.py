"""Venue details, the plan's sign-off and the audit trail.

*Sign-off* is a person's statement that the plan matches the building: "verified by NAME on DATE",
printed on every briefing. It is only true of the plan as it was signed, so **any later edit of the
venue's features (or a re-import of its geometry) withdraws it**: `verified_by`/`verified_on` go back
to NULL and the audit trail records that, and why, in the same transaction as the edit. Every feature
operation goes through `record_plan_edit`, the one place that does both.

Editing the venue's details (address, contacts, capacity...) is audited but does not withdraw the
sign-off: the sign-off is about exits and access points against the model, not the phone number.

The *audit trail* is append-only (the catalogue's triggers refuse UPDATE and DELETE): who did what,
when, with the before/after values as JSON. `audit_trail()` lists it per venue, oldest first.

This module also holds what every editing op shares: `EditRefused` (a refused edit, one line saying
why), `Added` (the `Changes` of an op that created something, with its new id) and `UNSET`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from venueplans.catalogue import Catalogue, read, store
from venueplans.errors import UserError
from venueplans.i18n import format_date, tr
from venueplans.model import VENUE_KINDS
from venueplans.ops.changes import Changes
from venueplans.ops.identity import current_user


class EditRefused(UserError, ValueError):
    """An edit the catalogue will not make. `str()` is one line: what was refused and why."""


@dataclass(frozen=True)
class Added(Changes):
    """`Changes` of an op that created something: `id` is the new row (feature, photo, scenario...)."""

    id: int | None = None


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()  # "leave this field as it is" in edit ops (None is a value: "clear it")


def who_or_current(who: str | None) -> str:
    return (who or "").strip() or current_user()


# ----------------------------------------------------------------------------------- audit


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    venue_id: int | None
    at: str  # ISO 8601, UTC
    who: str
    action: str  # "feature.reject", "signoff", "undo"...
    details: dict[str, Any]


def audit(cat: Catalogue, venue_id: int | None, *, who: str, action: str, details: dict | None = None) -> None:
    """Append one row to the audit trail (call inside the change's transaction)."""
    store.add_audit(cat, venue_id, who=who, action=action, details=details or {})


def audit_trail(cat: Catalogue, *, venue_id: int, since_id: int = 0) -> list[AuditEntry]:
    """The venue's audit trail, oldest first; *since_id* keeps only rows after that one."""
    rows = cat.conn.execute(
        "SELECT id, venue_id, at, who, action, details FROM audit WHERE venue_id = ? AND id > ? ORDER BY id",
        (venue_id, since_id),
    ).fetchall()
    return [AuditEntry(r["id"], r["venue_id"], r["at"], r["who"], r["action"], json.loads(r["details"] or "{}"))
            for r in rows]


def last_audit_id(cat: Catalogue) -> int:
    return cat.conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


# -------------------------------------------------------------------------------- sign-off


def sign_off_text(verified_by: str | None, verified_on: str | None) -> str | None:
    """"verified by NAME on DATE", or None when the venue is not signed off."""
    if not verified_by or not verified_on:
        return None
    return tr("verified by {who} on {date}").format(who=verified_by, date=format_date(verified_on))


def sign_off_status(cat: Catalogue, *, venue_id: int) -> str | None:
    venue = read.get_venue(cat, venue_id)
    return sign_off_text(venue.verified_by, venue.verified_on)


def invalidate_sign_off(cat: Catalogue, *, venue_id: int, who: str, cause: str) -> bool:
    """Withdraw the venue's sign-off because its plan changed (*cause*: the audit action of the change).

    Call inside the transaction of the change. Returns True when there was a sign-off to withdraw;
    the audit trail then gets a "signoff.invalidated" row naming the cause.
    """
    row = cat.conn.execute("SELECT verified_by, verified_on FROM venues WHERE id = ?", (venue_id,)).fetchone()
    if row is None or (row["verified_by"] is None and row["verified_on"] is None):
        return False
    store.update_venue(cat, venue_id, verified_by=None, verified_on=None)
    audit(cat, venue_id, who=who, action="signoff.invalidated",
          details={"was": sign_off_text(row["verified_by"], row["verified_on"]), "cause": cause})
    return True


def record_plan_edit(cat: Catalogue, *, venue_id: int, who: str, action: str, details: dict) -> bool:
    """Audit a change to the venue's plan and withdraw its sign-off, in the caller's transaction.

    Every op that changes features, their photos or numbers calls this once. Returns True when a
    sign-off was withdrawn (the venue's metadata changed too).
    """
    audit(cat, venue_id, who=who, action=action, details=details)
    return invalidate_sign_off(cat, venue_id=venue_id, who=who, cause=action)


def _as_date(on: date | str | None) -> date:
    if on is None:
        return date.today()
    if isinstance(on, date):
        return on
    try:
        return date.fromisoformat(str(on).strip())
    except ValueError:
        raise EditRefused(tr("sign-off date {on!r} is not a date like 2025-03-14").format(on=on)) from None


def sign_off(
    cat: Catalogue, *, venue_id: int, by: str, on: date | str | None = None, who: str | None = None
) -> Changes:
    """Record that *by* checked the venue's plan against the building on *on* (default: today).

    Refused while detected exits are still unreviewed (neither confirmed nor rejected): a signed plan
    vouches for every exit on it. A date in the future is refused. Signing again replaces the previous
    sign-off; both are in the audit trail. The message is "verified by NAME on DATE".
    """
    by = (by or "").strip()
    if not by:
        raise EditRefused(tr("a sign-off needs the name of the person who verified the plan"))
    day = _as_date(on)
    if day > date.today():
        raise EditRefused(tr("sign-off date {value} is in the future").format(value=day.isoformat()))
    venue = read.get_venue(cat, venue_id)
    pending = cat.conn.execute(
        "SELECT id, label, number FROM features WHERE venue_id = ? AND kind = 'exit' AND verified IS NULL "
        "ORDER BY number IS NULL, number, id",
        (venue_id,),
    ).fetchall()
    if pending:
        names = ", ".join(
            (f"exit {r['number']}" if r["number"] is not None else f"exit id {r['id']}")
            + (f" ({r['label']})" if r["label"] else "")
            for r in pending[:5]
        )
        more = f" and {len(pending) - 5} more" if len(pending) > 5 else ""
        raise EditRefused(
            tr("cannot sign off {name}: {count} detected exit(s) not reviewed yet (confirm or reject them first): {names}{more}").format(name=venue.name, count=len(pending), names=names, more=more)
        )
    who = who_or_current(who)
    text = sign_off_text(by, day.isoformat())
    with cat.atomic():
        store.update_venue(cat, venue_id, verified_by=by, verified_on=day.isoformat())
        audit(cat, venue_id, who=who, action="signoff",
              details={"by": by, "on": day.isoformat(),
                       "replaces": sign_off_text(venue.verified_by, venue.verified_on)})
    return Changes(venue_id=venue_id, venue=True, catalogue=True, message=text)


def withdraw_sign_off(cat: Catalogue, *, venue_id: int, reason: str, who: str | None = None) -> Changes:
    """Withdraw the sign-off by hand (the plan is known to be wrong), saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise EditRefused(tr("withdrawing a sign-off needs a reason"))
    venue = read.get_venue(cat, venue_id)
    was = sign_off_text(venue.verified_by, venue.verified_on)
    if was is None:
        return Changes(venue_id=venue_id, message=tr("{name} is not signed off").format(name=venue.name))
    with cat.atomic():
        store.update_venue(cat, venue_id, verified_by=None, verified_on=None)
        audit(cat, venue_id, who=who_or_current(who), action="signoff.withdrawn",
              details={"was": was, "reason": reason})
    return Changes(venue_id=venue_id, venue=True, catalogue=True, message=tr("sign-off withdrawn: {reason}").format(reason=reason))


# ---------------------------------------------------------------------------- venue details

_TEXT_FIELDS = ("name", "kind", "address", "city", "contacts", "notes")


def update_venue_details(
    cat: Catalogue,
    *,
    venue_id: int,
    name: str = UNSET,
    kind: str = UNSET,
    address: str = UNSET,
    city: str = UNSET,
    capacity: int | None = UNSET,
    contacts: str = UNSET,
    notes: str = UNSET,
    lat: float | None = UNSET,
    lon: float | None = UNSET,
    who: str | None = None,
) -> Changes:
    """Edit what the briefing prints about a venue: name, kind, address, city, capacity, contacts,
    notes and its position (WGS84 latitude/longitude in degrees, for the map on the cover).

    Only the fields given change; `None` clears capacity, lat or lon. The name must stay unique
    (commands find venues by name). Audited with before/after; does not withdraw the sign-off.
    """
    venue = read.get_venue(cat, venue_id)
    given = {k: v for k, v in dict(name=name, kind=kind, address=address, city=city, capacity=capacity,
                                   contacts=contacts, notes=notes, lat=lat, lon=lon).items() if v is not UNSET}
    for key in _TEXT_FIELDS:
        if key in given:
            if given[key] is None:
                raise EditRefused(tr("venue {key} cannot be empty (None)").format(key=key))
            given[key] = str(given[key]).strip()
    if "name" in given:
        if not given["name"]:
            raise EditRefused(tr("a venue needs a name"))
        clash = cat.conn.execute(
            "SELECT id FROM venues WHERE name = ? COLLATE NOCASE AND id != ?", (given["name"], venue_id)
        ).fetchone()
        if clash:
            raise EditRefused(tr("another venue (id {id}) is already named {name!r}").format(id=clash['id'], name=given['name']))
    if "kind" in given and given["kind"] not in VENUE_KINDS:
        raise EditRefused(tr("unknown venue kind {kind!r} (one of {value})").format(kind=given['kind'], value=', '.join(VENUE_KINDS)))
    if given.get("capacity") is not None:
        cap = given["capacity"]
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
            raise EditRefused(tr("capacity {cap!r} is not a whole number of people").format(cap=cap))
    for key, limit in (("lat", 90.0), ("lon", 180.0)):
        value = given.get(key)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or abs(value) > limit:
                raise EditRefused(tr("{key} {value!r} is not a {value2} in degrees (-{limit:g} to {limit:g})").format(key=key, value=value, value2='latitude' if key == 'lat' else 'longitude', limit=limit))
            given[key] = float(value)
    before = {k: getattr(venue, k) for k in given}
    changed = {k: v for k, v in given.items() if before[k] != v}
    if not changed:
        return Changes(venue_id=venue_id, message=tr("nothing to change"))
    with cat.atomic():
        store.update_venue(cat, venue_id, **changed)
        store.reindex_venue(cat, venue_id)
        audit(cat, venue_id, who=who_or_current(who), action="venue.details",
              details={"before": {k: before[k] for k in changed}, "after": changed})
    return Changes(venue_id=venue_id, venue=True, catalogue=True,
                   message=tr("changed {value} of {value2}").format(value=', '.join(changed), value2=changed.get('name', venue.name)))
