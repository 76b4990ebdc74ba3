"""Operators complete the plan: review detected exits, add and edit features, number exits, add photos.

A *feature* is a point of operational interest on a storey (`venueplans.model.features`). The
importer detects exits, entrances and access points from the model and marks them *unreviewed*
(`verified` None). An operator who knows the building then:

- confirms a detected feature, or rejects it with a reason ("door locked during shows"); a rejected
  feature stays in the catalogue (and in the audit trail) but is drawn nowhere and has no number;
- marks any door of the model as an exit the importer missed (`mark_as_exit`);
- adds features by clicking on the model (`add_feature`), edits and deletes them;
- attaches photos (the key box, the door from outside) to a feature (`venueplans.ops.photos`).

Numbers. Exits, access points, pedestrian gates and vomitories carry a number unique within their
kind in the venue ("exit 4" means one door). `renumber_exits` numbers all live exits as the import
does: the number on the door's sign when its label carries one ("Sortie de secours 3"), the others
clockwise from the main entrance, storey by storey, numbers running on across storeys
(`venueplans.geometry.numbering`); rejected exits get none. An operator can also set a number by hand:
**giving a feature a number another feature of the same kind already has swaps the two numbers**
(the message names both), so numbering stays complete and unique without a temporary number.
A new feature of a numbered kind gets the next free number unless one is given; a number given to
a new feature must be free.

Every op here runs in one transaction, writes the audit trail (before/after) and withdraws the
venue's sign-off (`venueplans.ops.signoff.record_plan_edit`). Refusals raise `EditRefused`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from venueplans.catalogue import Catalogue, CatalogueError, read, store
from venueplans.catalogue.features import exit_of_door, numbers_in_use, set_numbers
from venueplans.catalogue.photos import count_photos
from venueplans.catalogue.read import DOOR_CLASSES
from venueplans.geometry.numbering import feature_numbers, signage_numbers
from venueplans.i18n import tr
from venueplans.model import FEATURE_KINDS, Feature
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import UNSET, Added, EditRefused, who_or_current
from venueplans.ops.signoff import record_plan_edit

__all__ = [
    "add_feature",
    "confirm_feature", "delete_feature", "edit_feature", "element_floor_centre",
    "main_entrance", "mark_as_exit", "reject_feature", "renumber_exits", "set_feature_number",
]

_MAIN_ENTRANCE = re.compile(
    r"main entrance|main entry|front door|entr[ée]e principale|porte principale|haupteingang|hoofdingang",
    re.IGNORECASE,
)


# ------------------------------------------------------------------------------ helpers


def get_feature(cat: Catalogue, feature_id: int) -> tuple[int, Feature]:
    """(venue id, feature); a missing feature is refused in one line."""
    try:
        return read.get_feature(cat, feature_id)
    except CatalogueError:
        raise EditRefused(tr("no feature with id {feature_id}").format(feature_id=feature_id)) from None


def feature_name(f: Feature) -> str:
    """"exit 3 'Exit east'", "stair 'Stair A'": how messages and the audit trail name a feature."""
    kind = tr(FEATURE_KINDS[f.kind].label).lower() if f.kind in FEATURE_KINDS else f.kind
    num = f" {f.number}" if f.number is not None else ""
    return f"{kind}{num}" + (f" '{f.label}'" if f.label else "")


def _snapshot(f: Feature) -> dict[str, Any]:
    return {
        "kind": f.kind, "label": f.label, "number": f.number, "storey": f.storey,
        "position": [round(float(c), 3) for c in f.position], "verified": f.verified,
        "verify_reason": f.verify_reason, "width": f.width, "leads_to": f.leads_to, "notes": f.notes,
        "element": f.element, "source": f.source,
    }


def _diff(before: Feature, after: Feature) -> dict[str, dict[str, Any]]:
    b, a = _snapshot(before), _snapshot(after)
    keys = [k for k in b if b[k] != a[k]]
    return {"before": {k: b[k] for k in keys}, "after": {k: a[k] for k in keys}}


def _is_numbered(kind: str) -> bool:
    return FEATURE_KINDS[kind].numbered


def _numbers_in_use(cat: Catalogue, venue_id: int, kind: str, *, exclude: int | None = None) -> dict[int, int]:
    """{number: feature id} of the live (not rejected) features of *kind*."""
    return numbers_in_use(cat, venue_id, kind, exclude=exclude)


def _next_number(cat: Catalogue, venue_id: int, kind: str) -> int:
    return max(_numbers_in_use(cat, venue_id, kind), default=0) + 1


def _check_kind(kind: str) -> None:
    if kind not in FEATURE_KINDS:
        raise EditRefused(tr("unknown feature kind {kind!r} (known: {value})").format(kind=kind, value=', '.join(FEATURE_KINDS)))


def _check_number(number: Any) -> int:
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise EditRefused(tr("feature number {number!r} is not a whole number from 1").format(number=number))
    return number


def _check_storey(cat: Catalogue, venue_id: int, storey: int | None) -> float:
    """The storey's elevation (0 when the venue has no storeys); refuses a storey the venue lacks."""
    storeys = {s.index: s for s in read.load_storeys(cat, venue_id)}
    if not storeys:
        if storey is not None:
            raise EditRefused(tr("venue {venue_id} has no storeys; give storey=None").format(venue_id=venue_id))
        return 0.0
    if storey not in storeys:
        names = ", ".join(f"{s.index} ({s.name})" for s in storeys.values())
        raise EditRefused(tr("storey {storey!r} is not a storey of venue {venue_id} (storeys: {names})").format(storey=storey, venue_id=venue_id, names=names))
    return storeys[storey].elevation


def _position(position: Sequence[float], elevation: float) -> tuple[float, float, float]:
    """(x, y, z) from a 3D pick, or from a 2D plan click (x, y) at the storey's floor."""
    try:
        coords = [float(c) for c in position]
    except (TypeError, ValueError):
        raise EditRefused(tr("position {position!r} is not (x, y) or (x, y, z) in metres").format(position=position)) from None
    if len(coords) == 2:
        coords.append(elevation)
    if len(coords) != 3 or not all(math.isfinite(c) for c in coords):
        raise EditRefused(tr("position {position!r} is not (x, y) or (x, y, z) in metres").format(position=position))
    return (coords[0], coords[1], coords[2])


def plan_changes(venue_id: int, invalidated: bool, message: str, warnings: list[str] | None = None,
                 new_id: int | None = None) -> Changes:
    """The `Changes` of a plan edit; *invalidated*: the edit withdrew the venue's sign-off (say so)."""
    kw = dict(venue_id=venue_id, features=True, venue=invalidated, catalogue=invalidated, message=message,
              warnings=warnings or [])
    if invalidated:
        kw["warnings"] = [*kw["warnings"], "the venue's sign-off was withdrawn: the plan changed"]
    return Added(id=new_id, **kw) if new_id is not None else Changes(**kw)


# ------------------------------------------------------------------------------ review


def confirm_feature(cat: Catalogue, *, feature_id: int, who: str | None = None) -> Changes:
    """Confirm a detected feature: a person checked that it is there and usable.

    Confirming a rejected exit brings it back, with the next free number.
    """
    venue_id, before = get_feature(cat, feature_id)
    if before.verified is True:
        return Changes(venue_id=venue_id, message=tr("{value} is already confirmed").format(value=feature_name(before)))
    after = dataclasses.replace(before, verified=True, verify_reason="")
    who = who_or_current(who)
    with cat.atomic():
        if _is_numbered(after.kind) and after.number is None:
            after.number = _next_number(cat, venue_id, after.kind)
        store.update_feature(cat, feature_id, after)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who, action="feature.confirm",
                                       details={"feature": feature_id, **_diff(before, after)})
    return plan_changes(venue_id, invalidated, tr("confirmed {value}").format(value=feature_name(after)))


def reject_feature(cat: Catalogue, *, feature_id: int, reason: str, who: str | None = None) -> Changes:
    """Reject a detected feature, saying why ("locked during performances", "not a door").

    The feature stays in the catalogue for the record but is drawn nowhere, counts nowhere and loses
    its number; the other numbers are left alone (printed plans may already use them) until
    `renumber_exits` closes the gap.
    """
    reason = (reason or "").strip()
    if not reason:
        raise EditRefused(tr("rejecting a feature needs a reason (it goes into the audit trail)"))
    venue_id, before = get_feature(cat, feature_id)
    after = dataclasses.replace(before, verified=False, verify_reason=reason, number=None)
    with cat.atomic():
        store.update_feature(cat, feature_id, after)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who_or_current(who), action="feature.reject",
                                       details={"feature": feature_id, "reason": reason, **_diff(before, after)})
    warnings = []
    if before.number is not None:
        warnings.append(tr("{kind} numbers now skip {number}; renumbering closes the gap").format(kind=before.kind, number=before.number))
    return plan_changes(venue_id, invalidated, tr("rejected {value}: {reason}").format(value=feature_name(before), reason=reason), warnings)


# ------------------------------------------------------------------------------ add / edit / delete


def add_feature(
    cat: Catalogue,
    *,
    venue_id: int,
    kind: str,
    position: Sequence[float],
    storey: int | None,
    label: str | None = None,
    number: int | None = None,
    notes: str = "",
    element: int | None = None,
    width: float | None = None,
    leads_to: str = "",
    who: str | None = None,
) -> Added:
    """Place a feature the model does not show, where the operator clicked.

    *position* is (x, y, z) from a 3D pick or (x, y) from a plan (z = the storey's floor). Numbered
    kinds get the next free number unless *number* is given (it must be free). The label defaults to
    the kind's name and number ("Emergency exit 7"). The feature is marked confirmed: a person put it
    there. Returns `Added` with the new feature id.
    """
    _check_kind(kind)
    read.get_venue(cat, venue_id)
    xyz = _position(position, _check_storey(cat, venue_id, storey))
    if element is not None and read.get_element(cat, venue_id, element) is None:
        raise EditRefused(tr("venue {venue_id} has no element {element}").format(venue_id=venue_id, element=element))
    if number is not None:
        if not _is_numbered(kind):
            raise EditRefused(tr("{value}s are not numbered").format(value=tr(FEATURE_KINDS[kind].label).lower()))
        _check_number(number)
    who = who_or_current(who)
    with cat.atomic():
        if _is_numbered(kind):
            taken = _numbers_in_use(cat, venue_id, kind)
            if number is not None and number in taken:
                raise EditRefused(tr("{kind} number {number} is already used by feature {value}; leave the number empty for the next free one ({value2})").format(kind=kind, number=number, value=taken[number], value2=max(taken) + 1))
            number = number if number is not None else max(taken, default=0) + 1
        default_label = tr(FEATURE_KINDS[kind].label) + (f" {number}" if number is not None else "")  # the user's words
        f = Feature(kind=kind, label=(label or "").strip() or default_label, storey=storey, position=xyz,
                    source="user", element=element, number=number, verified=True, width=width,
                    leads_to=leads_to or "", notes=notes or "")
        f.id = store.insert_feature(cat, venue_id, f)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who, action="feature.add",
                                       details={"feature": f.id, "after": _snapshot(f)})
    return plan_changes(venue_id, invalidated, tr("added {value}").format(value=feature_name(f)), new_id=f.id)


def edit_feature(
    cat: Catalogue,
    *,
    feature_id: int,
    label: str = UNSET,
    number: int | None = UNSET,
    notes: str = UNSET,
    kind: str = UNSET,
    position: Sequence[float] = UNSET,
    storey: int | None = UNSET,
    width: float | None = UNSET,
    leads_to: str = UNSET,
    who: str | None = None,
) -> Changes:
    """Change what the operator sees wrong: label, number, notes, kind, position (a drag), storey,
    width, where it leads. Only the fields given change.

    A number already used by another feature of the kind is swapped with it (see the module doc);
    `number=None` removes the number. Changing the kind to a numbered one gives the next free number.
    """
    venue_id, before = get_feature(cat, feature_id)
    after = dataclasses.replace(before)
    if kind is not UNSET:
        _check_kind(kind)
        after.kind = kind
    if storey is not UNSET or position is not UNSET:
        new_storey = before.storey if storey is UNSET else storey
        elevation = _check_storey(cat, venue_id, new_storey)
        after.storey = new_storey
        if position is not UNSET:
            after.position = _position(position, elevation)
    if label is not UNSET:
        after.label = (label or "").strip()
    if notes is not UNSET:
        after.notes = notes or ""
    if width is not UNSET:
        if width is not None and (not isinstance(width, (int, float)) or not math.isfinite(width) or width <= 0):
            raise EditRefused(tr("width {width!r} is not a length in metres").format(width=width))
        after.width = None if width is None else float(width)
    if leads_to is not UNSET:
        after.leads_to = leads_to or ""
    if number is not UNSET and number is not None:
        _check_number(number)
        if not _is_numbered(after.kind):
            raise EditRefused(tr("{value}s are not numbered").format(value=tr(FEATURE_KINDS[after.kind].label).lower()))
        if after.verified is False:
            raise EditRefused(tr("{value} is rejected: confirm it before giving it a number").format(value=feature_name(before)))
    who = who_or_current(who)
    swapped: tuple[int, Feature, Feature] | None = None
    with cat.atomic():
        if not _is_numbered(after.kind):
            after.number = None
        elif number is not UNSET:
            after.number = number
            if number is not None:
                other_id = _numbers_in_use(cat, venue_id, after.kind, exclude=feature_id).get(number)
                if other_id is not None:
                    old = before.number if before.kind == after.kind else None
                    if old is None:
                        raise EditRefused(tr("{kind} number {number} is already used by feature {other_id}, and {value} has no number to swap with it").format(kind=after.kind, number=number, other_id=other_id, value=feature_name(before)))
                    _, other = get_feature(cat, other_id)
                    swapped = (other_id, other, dataclasses.replace(other, number=old))
        elif after.kind != before.kind and after.verified is not False:
            after.number = _next_number(cat, venue_id, after.kind)
        diff = _diff(before, after)
        if not diff["after"]:
            return Changes(venue_id=venue_id, message=tr("{value}: nothing to change").format(value=feature_name(before)))
        if swapped:
            store.update_feature(cat, swapped[0], swapped[2])
        store.update_feature(cat, feature_id, after)
        details: dict[str, Any] = {"feature": feature_id, **diff}
        if swapped:
            details["swapped_with"] = {"feature": swapped[0], **_diff(swapped[1], swapped[2])}
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who, action="feature.edit", details=details)
    message = tr("edited {value} ({value2})").format(value=feature_name(after), value2=', '.join(diff['after']))
    if swapped:
        message += tr("; {value} is now number {number}").format(value=feature_name(swapped[1]), number=swapped[2].number)
    return plan_changes(venue_id, invalidated, message)


def set_feature_number(cat: Catalogue, *, feature_id: int, number: int | None, who: str | None = None) -> Changes:
    """Give an exit (gate, vomitory...) the number the venue uses; a number in use is swapped."""
    return edit_feature(cat, feature_id=feature_id, number=number, who=who)


def delete_feature(cat: Catalogue, *, feature_id: int, who: str | None = None) -> Changes:
    """Delete a feature and its photos.

    For a feature detected from the model, rejecting is usually better: a re-import of the model
    detects it again, unreviewed, while a rejection is kept.
    """
    venue_id, before = get_feature(cat, feature_id)
    n_photos = count_photos(cat, feature_id)
    with cat.atomic():
        store.delete_feature(cat, feature_id)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who_or_current(who), action="feature.delete",
                                       details={"feature": feature_id, "before": _snapshot(before), "photos": n_photos})
    warnings = []
    if before.source != "user":
        warnings.append(tr("{value} was detected from the model ({source}): a re-import detects it again; reject it instead to keep it out").format(value=feature_name(before), source=before.source))
    return plan_changes(venue_id, invalidated, tr("deleted {value}").format(value=feature_name(before)), warnings)


# ------------------------------------------------------------------------------ doors -> exits


def _door_width(properties: dict[str, Any]) -> float | None:
    """The door's clear width in metres from its properties (IFC OverallWidth, else a Width quantity)."""
    attrs = properties.get("Attributes")
    if isinstance(attrs, dict) and isinstance(attrs.get("OverallWidth"), (int, float)):
        return float(attrs["OverallWidth"])
    stack: list[dict] = [properties]
    while stack:
        current = stack.pop(0)
        for key, value in current.items():
            if isinstance(value, dict):
                stack.append(value)
            elif str(key).lower() in ("overallwidth", "width") and isinstance(value, (int, float)) \
                    and not isinstance(value, bool) and 0 < value < 50:
                return float(value)
    return None


def element_floor_centre(cat: Catalogue, *, venue_id: int, element: int) -> tuple[float, float, float] | None:
    """Centre in plan, at floor level, of an element's stored triangles (None when it has none)."""
    el = read.get_element(cat, venue_id, element)
    if el is None:
        return None
    geo = read.load_geometry(cat, venue_id, categories=[el.category])
    lows, highs = [], []
    for b in geo.batches:
        mask = b.elements == element
        if mask.any():
            pts = b.vertices[np.unique(b.triangles[mask])]
            lows.append(pts.min(axis=0))
            highs.append(pts.max(axis=0))
    for inst in geo.instances:
        mask = inst.elements == element
        if mask.any() and len(inst.vertices):
            homo = np.c_[inst.vertices.astype(np.float64), np.ones(len(inst.vertices))]
            pts = np.einsum("kij,nj->kni", inst.transforms[mask].astype(np.float64), homo)[..., :3].reshape(-1, 3)
            lows.append(pts.min(axis=0))
            highs.append(pts.max(axis=0))
    if not lows:
        return None
    lo, hi = np.min(lows, axis=0), np.max(highs, axis=0)
    # millimetres: float32 geometry would otherwise print 0.15000000596 in the audit trail
    return (round(float(lo[0] + hi[0]) / 2, 3), round(float(lo[1] + hi[1]) / 2, 3), round(float(lo[2]), 3))


def mark_as_exit(cat: Catalogue, *, venue_id: int, element: int, label: str | None = None,
                 who: str | None = None) -> Added:
    """Make a door of the model an exit the importer missed (it had no FireExit property...).

    The exit sits at the floor centre of the door's geometry, takes the door's width from its
    properties and the next free exit number, and is confirmed. A door that already is a live exit is
    refused; one whose exit was rejected is refused too, pointing to `confirm_feature`.
    """
    el = read.get_element(cat, venue_id, element)
    if el is None:
        raise EditRefused(tr("venue {venue_id} has no element {element}").format(venue_id=venue_id, element=element))
    if el.ifc_class not in DOOR_CLASSES and el.category != "door":
        raise EditRefused(tr("element {element} ({value}) is an {ifc_class}, not a door; place the exit by hand with add_feature").format(element=element, value=el.name or 'unnamed', ifc_class=el.ifc_class))
    existing = exit_of_door(cat, venue_id, element)
    if existing is not None:
        _, f = get_feature(cat, existing)
        if f.verified is False:
            raise EditRefused(tr("door {element} is {value}, rejected ({verify_reason}); confirm it instead").format(element=element, value=feature_name(f), verify_reason=f.verify_reason))
        raise EditRefused(tr("door {element} already is {value}").format(element=element, value=feature_name(f)))
    position = element_floor_centre(cat, venue_id=venue_id, element=element)
    if position is None:
        raise EditRefused(tr("door {element} ({value}) has no geometry to place the exit on; place it by hand with add_feature").format(element=element, value=el.name or 'unnamed'))
    who = who_or_current(who)
    with cat.atomic():
        number = _next_number(cat, venue_id, "exit")
        f = Feature(kind="exit", label=(label or "").strip() or el.name or f"Exit {number}", storey=el.storey,
                    position=position, source="user (door marked as exit)", element=element, number=number,
                    verified=True, width=_door_width(el.properties))
        f.id = store.insert_feature(cat, venue_id, f)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who, action="feature.mark_exit",
                                       details={"feature": f.id, "element": element, "guid": el.guid,
                                                "after": _snapshot(f)})
    return plan_changes(venue_id, invalidated, tr("marked door {value} as {value2}").format(value=el.name or element, value2=feature_name(f)), new_id=f.id)


# ------------------------------------------------------------------------------ numbering


def main_entrance(features: list[Feature]) -> Feature | None:
    """The venue's main entrance: its live "entrance" feature (lowest storey first), else a live feature
    labelled like one ("Entrée principale", "Main entrance"), else None."""
    live = [f for f in features if f.verified is not False]
    entrances = [f for f in live if f.kind == "entrance"]
    if entrances:
        return min(entrances, key=lambda f: (f.storey if f.storey is not None else -1, f.id or 0))
    named = [f for f in live if _MAIN_ENTRANCE.search(f.label or "")]
    return min(named, key=lambda f: (f.storey if f.storey is not None else -1, f.id or 0)) if named else None


def renumber_exits(cat: Catalogue, *, venue_id: int, use_signage: bool = True, who: str | None = None) -> Changes:
    """Number every live exit, the way `import_venue` does, so numbers mean one door each:

    1. an exit whose label ends with a number used by no other live exit keeps it: the number painted
       on the door ("Sortie de secours 3" is exit 3; `geometry.numbering.signage_numbers`), unless
       *use_signage* is False;
    2. the others are numbered clockwise (seen from above) around the building's centre, starting at
       the bearing of the main entrance, storey by storey from the lowest, from the highest signage
       number + 1 on.

    The main entrance is the venue's "entrance" feature, else a feature labelled like one ("Entrée
    principale"); without one, clockwise numbering starts at north. Rejected exits lose their number.
    """
    venue = read.get_venue(cat, venue_id)
    features = read.load_features(cat, venue_id)
    exits = [f for f in features if f.kind == "exit"]
    live = [f for f in exits if f.verified is not False]
    src = read.source_model(cat, venue_id)
    if src is not None and src.bbox is not None:
        centre = ((src.bbox[0][0] + src.bbox[1][0]) / 2, (src.bbox[0][1] + src.bbox[1][1]) / 2)
    elif live:
        centre = (float(np.mean([f.position[0] for f in live])), float(np.mean([f.position[1] for f in live])))
    else:
        centre = (0.0, 0.0)
    entrance = main_entrance(features)
    numbers = feature_numbers([(f.label, f.storey, f.position[0], f.position[1]) for f in live], centre,
                           entrance.position[:2] if entrance else None, use_signage=use_signage)
    new: dict[int, int | None] = {f.id: n for f, n in zip(live, numbers, strict=True)}
    kept = sum(1 for f, n in zip(live, signage_numbers([f.label for f in live]), strict=True)
               if use_signage and n is not None)
    new.update({f.id: None for f in exits if f.verified is False})
    changed = {f.id: (f.number, new[f.id]) for f in exits if f.number != new[f.id]}
    if not changed:
        return Changes(venue_id=venue_id, message=tr("the {count} exits of {name} are already numbered").format(count=len(live), name=venue.name))
    with cat.atomic():
        set_numbers(cat, {fid: n for fid, (_, n) in changed.items()})
        invalidated = record_plan_edit(
            cat, venue_id=venue_id, who=who_or_current(who), action="exits.renumber",
            details={"start": entrance.label if entrance else "north", "signage": kept,
                     "numbers": {str(fid): {"before": b, "after": a} for fid, (b, a) in changed.items()}},
        )
    start = f"from {entrance.label or 'the main entrance'}" if entrance else "from north (no main entrance)"
    parts = []
    if kept:
        parts.append(f"{kept} keep the number on their sign")
    if len(live) - kept:
        parts.append(f"{len(live) - kept} numbered clockwise {start}")
    return plan_changes(venue_id, invalidated, tr("renumbered the {count} exits of {name}: {value}").format(count=len(live), name=venue.name, value=', '.join(parts)))
