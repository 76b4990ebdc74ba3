"""Venue details, the plan's sign-off and the audit trail.

*Sign-off* is a person's statement that the plan matches the building: "verified by NAME on DATE",
printed on every briefing. It is only true of the plan as it was signed, so **any later edit of the
venue's features (or a re-import of its geometry) withdraws it**: `verified_by`/`verified_on` go back
to NULL and the audit trail records that, and why, in the same transaction as the edit. Every feature
operation goes through `record_plan_edit`, the one place that does both.

Editing the venue's details (address, contacts, capacity...) is audited but does not withdraw the
sign-off: the sign-off is about exits and access points against the model, not the phone number.

The *audit trail* is append-only (the catalogue's triggers refuse UPDATE and DELETE): who did what,
when, with the before/after values as JSON. `ops.edit_support.audit_trail()` lists it per venue, oldest first.
"""

from __future__ import annotations

import math
from datetime import date

from venueplans.catalogue import Catalogue, read, store
from venueplans.catalogue.signoff import current_sign_off, unreviewed_exits
from venueplans.catalogue.venues import venue_named
from venueplans.i18n import format_date, tr
from venueplans.model import VENUE_KINDS
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import UNSET, EditRefused, audit, who_or_current

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
    current = current_sign_off(cat, venue_id)
    if current is None or current == (None, None):
        return False
    store.update_venue(cat, venue_id, verified_by=None, verified_on=None)
    audit(cat, venue_id, who=who, action="signoff.invalidated",
          details={"was": sign_off_text(*current), "cause": cause})
    return True


def record_plan_edit(cat: Catalogue, *, venue_id: int, who: str, action: str, details: dict) -> bool:
    """Audit a change to the venue's plan and withdraw its sign-off, in the caller's transaction.

    Every op that changes features, their photos or numbers calls this once. Returns True when a
    sign-off was withdrawn (the venue's metadata changed too).
    """
    audit(cat, venue_id, who=who, action=action, details=details)
    if action.startswith("feature.") or action == "exits.renumber":  # exits, stairs, labels: routes change
        from venueplans.ops.routes import rebuild_network

        rebuild_network(cat, venue_id=venue_id)
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
    pending = unreviewed_exits(cat, venue_id)
    if pending:
        names = ", ".join(
            (f"exit {f.number}" if f.number is not None else f"exit id {f.id}")
            + (f" ({f.label})" if f.label else "")
            for f in pending[:5]
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
        clash = venue_named(cat, given["name"], exclude=venue_id)
        if clash is not None:
            raise EditRefused(tr("another venue (id {id}) is already named {name!r}").format(id=clash, name=given['name']))
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
