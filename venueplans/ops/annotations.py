"""Drawing on a scenario: tactical markers, routes, areas (cordon, danger zone) and text notes.

One verb each, keyword-only, each in one transaction and audited: add_marker, move_marker (the same
marker, a later phase, a new place), add_route, add_area, add_text, edit_annotation,
delete_annotation. Each annotation is filed under a storey; every point also carries its storey, so a
route may climb a stair. Points are given as (x, y) (on the storey's floor), (x, y, z) or
(x, y, z, storey). Refusals raise `EditRefused` with a one-line reason; texts and point counts are held
to the limits of scenario files (`scenario_limits`).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import annotations as annotation_rows
from venueplans.catalogue import scenarios as scenario_rows
from venueplans.i18n import N_, tr
from venueplans.model.scenario import ANNOTATION_TYPES, AREA_KINDS, TACTICAL_SYMBOLS, Annotation, Point
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import UNSET, Added, EditRefused, audit, who_or_current
from venueplans.ops.scenario_limits import MAX_POINTS, check_field
from venueplans.ops.scenario_reads import get_annotation, load_annotations, load_phases, venue_of

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REF_PREFIX = {"marker": "m", "route": "r", "area": "a", "text": "t"}


def scenario_changes(venue_id: int, message: str, new_id: int | None = None,
                     warnings: list[str] | None = None) -> Changes:
    """The `Changes` of a scenario edit (`Added` with the new id when *new_id* is given)."""
    kw = dict(venue_id=venue_id, scenarios=True, message=message, warnings=warnings or [])
    return Added(id=new_id, **kw) if new_id is not None else Changes(**kw)


def _storey_elevations(cat: Catalogue, venue_id: int) -> dict[int | None, float]:
    storeys = read.load_storeys(cat, venue_id)
    return {s.index: s.elevation for s in storeys} if storeys else {None: 0.0}


def _check_storey(elevations: dict[int | None, float], storey: int | None) -> float:
    if storey not in elevations:
        known = ", ".join(str(k) for k in elevations)
        raise EditRefused(tr("storey {storey!r} is not a storey of this venue (storeys: {known})").format(storey=storey, known=known))
    return elevations[storey]


def _points(raw: Iterable[Sequence[float]], storey: int | None, elevations: dict[int | None, float]) -> list[Point]:
    """Points as (x, y, z, storey) from (x, y), (x, y, z) or (x, y, z, storey)."""
    points: list[Point] = []
    for p in raw:
        p = list(p)
        if len(p) not in (2, 3, 4):
            raise EditRefused(tr("point {p!r} is not (x, y), (x, y, z) or (x, y, z, storey)").format(p=p))
        s = p[3] if len(p) == 4 else storey
        if s is not None and (isinstance(s, bool) or not isinstance(s, int)):
            raise EditRefused(tr("point {p!r}: storey {s!r} is not a storey index").format(p=p, s=s))
        z = p[2] if len(p) >= 3 else _check_storey(elevations, s)
        _check_storey(elevations, s)
        try:
            x, y, z = float(p[0]), float(p[1]), float(z)
        except (TypeError, ValueError):
            raise EditRefused(tr("point {p!r} is not made of numbers (metres)").format(p=p)) from None
        if not all(math.isfinite(c) for c in (x, y, z)):
            raise EditRefused(tr("point {p!r} is not finite").format(p=p))
        points.append((x, y, z, s))
    return points


def _on_storey(points: list[Point], storey: int | None) -> list[Point]:
    """Markers, texts and areas lie on one storey: theirs."""
    return [(x, y, z, storey) for x, y, z, _ in points]


def check_colour(colour: str) -> str:
    colour = (colour or "").strip()
    if colour and not _COLOUR.match(colour):
        raise EditRefused(tr("colour {colour!r} is not like #1f77b4").format(colour=colour))
    return colour.lower()


def check_annotation(cat: Catalogue, a: Annotation) -> None:
    """Type, symbol, phase, point count and ref rules; raises EditRefused."""
    if a.type not in ANNOTATION_TYPES:
        raise EditRefused(tr("unknown annotation type {type!r} (one of {value})").format(type=a.type, value=', '.join(ANNOTATION_TYPES)))
    if a.type == "marker" and a.symbol not in TACTICAL_SYMBOLS:
        raise EditRefused(tr("unknown tactical symbol {symbol!r} (known: {value})").format(symbol=a.symbol, value=', '.join(TACTICAL_SYMBOLS)))
    if a.type == "area" and a.symbol not in AREA_KINDS:
        raise EditRefused(tr("unknown area kind {symbol!r} (known: {value})").format(symbol=a.symbol, value=', '.join(AREA_KINDS)))
    if a.type == "area" and len(a.points) > 3 and a.points[0][:2] == a.points[-1][:2]:
        a.points = a.points[:-1]  # a closed ring: the polygon is implicit
    need = {"marker": 1, "text": 1, "route": 2, "area": 3}[a.type]
    if len(a.points) < need or (a.type in ("marker", "text") and len(a.points) != 1):
        raise EditRefused(tr("a {type} needs exactly one point").format(type=a.type) if need == 1
                          else tr("a {type} needs at least {count} points").format(type=a.type, count=need))
    if a.type == "text" and not a.label.strip():
        raise EditRefused(tr("a text note needs some text"))
    check_texts(a)
    if len(a.points) > MAX_POINTS:
        raise EditRefused(tr("a {type} has at most {limit:,} points ({n:,} given)").format(
            type=a.type, limit=MAX_POINTS, n=len(a.points)))
    if a.phase_id is not None:
        if scenario_rows.phase_scenario(cat, a.phase_id) != a.scenario_id:
            raise EditRefused(tr("phase {phase_id} is not a phase of this scenario").format(phase_id=a.phase_id))
    if a.ref:
        for other_id, other_type, other_phase in annotation_rows.sharing_ref(cat, a.scenario_id, a.ref,
                                                                             exclude=a.id):
            if other_type != a.type:
                raise EditRefused(tr("ref {ref!r} already names a {type}, not a {type2}").format(ref=a.ref, type=other_type, type2=a.type))
            if other_phase == a.phase_id:
                raise EditRefused(tr("ref {ref!r} is already placed in this phase (annotation {id}); move or edit that one"
                                     ).format(ref=a.ref, id=other_id))


def check_texts(a: Annotation) -> None:
    """The label, team, notes and ref typed for *a*, held to the limits of scenario files."""
    check_field("label", a.label or "", tr("the text of the note") if a.type == "text" else tr("the label"),
                multiline=a.type == "text")
    check_field("team", a.team or "", tr("the team"))
    check_field("notes", a.notes or "", tr("the notes"))
    check_field("ref", a.ref or "", tr("the reference"))


def _new_ref(cat: Catalogue, scenario_id: int, kind: str) -> str:
    taken = annotation_rows.refs_in_use(cat, scenario_id)
    n = 1
    while f"{_REF_PREFIX[kind]}{n}" in taken:
        n += 1
    return f"{_REF_PREFIX[kind]}{n}"


def _snapshot(a: Annotation) -> dict[str, Any]:
    return {"type": a.type, "ref": a.ref, "phase": a.phase_id, "storey": a.storey, "symbol": a.symbol,
            "label": a.label, "team": a.team, "colour": a.colour, "notes": a.notes,
            "points": [[round(x, 3), round(y, 3), round(z, 3), s] for x, y, z, s in a.points]}


ANNOTATION_TYPE_NAMES = {"marker": N_("marker"), "route": N_("route"), "area": N_("area"), "text": N_("text")}


def _describe(a: Annotation) -> str:
    what = tr(TACTICAL_SYMBOLS[a.symbol].label).lower() if a.type == "marker" and a.symbol in TACTICAL_SYMBOLS else (
        tr(AREA_KINDS[a.symbol].label).lower() if a.type == "area" and a.symbol in AREA_KINDS
        else tr(ANNOTATION_TYPE_NAMES.get(a.type, a.type)))
    return f"{what} {a.label!r}" if a.label else f"{what} {a.ref}"


def _add(cat: Catalogue, a: Annotation, who: str | None) -> Added:
    venue_id = venue_of(cat, a.scenario_id)
    a.colour = check_colour(a.colour)
    a.label, a.team, a.notes = (a.label or "").strip(), (a.team or "").strip(), a.notes or ""
    with cat.atomic():
        a.ref = (a.ref or "").strip() or _new_ref(cat, a.scenario_id, a.type)
        check_annotation(cat, a)
        a.id = annotation_rows.insert_annotation(cat, a)
        scenario_rows.touch_scenario(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.add",
              details={"scenario": a.scenario_id, "annotation": a.id, "after": _snapshot(a)})
    return scenario_changes(venue_id, tr("added {value}").format(value=_describe(a)), a.id)


def add_marker(cat: Catalogue, *, scenario_id: int, symbol: str, position: Sequence[float], storey: int | None,
               phase_id: int | None = None, label: str = "", team: str = "", colour: str = "", notes: str = "",
               ref: str | None = None, who: str | None = None) -> Added:
    """Place a tactical symbol (a key of TACTICAL_SYMBOLS: "friendly_team", "hostile"...) on a storey.

    *ref* names the marker across phases (default: a new one, "m1", "m2"...); to move it later use
    `move_marker`.
    """
    elevations = _storey_elevations(cat, venue_of(cat, scenario_id))
    _check_storey(elevations, storey)
    a = Annotation(scenario_id, "marker", storey, _on_storey(_points([position], storey, elevations), storey),
                   phase_id, symbol,
                   label, team, colour, notes, ref or "")
    return _add(cat, a, who)


def add_route(cat: Catalogue, *, scenario_id: int, points: Sequence[Sequence[float]], storey: int | None,
              phase_id: int | None = None, label: str = "", team: str = "", colour: str = "", notes: str = "",
              ref: str | None = None, who: str | None = None) -> Added:
    """A polyline on the floors (an axis of advance, an evacuation route). Points without their own
    storey are on *storey*; a route up a stair gives each point's storey: (x, y, z, storey)."""
    elevations = _storey_elevations(cat, venue_of(cat, scenario_id))
    pts = _points(points, storey, elevations)
    a = Annotation(scenario_id, "route", pts[0][3] if pts else storey, pts, phase_id, "", label, team, colour,
                   notes, ref or "")
    return _add(cat, a, who)


def add_area(cat: Catalogue, *, scenario_id: int, kind: str, points: Sequence[Sequence[float]], storey: int | None,
             phase_id: int | None = None, label: str = "", team: str = "", colour: str = "", notes: str = "",
             ref: str | None = None, who: str | None = None) -> Added:
    """A polygon on a storey: *kind* "cordon", "danger_zone" or "area" (the ring need not be closed)."""
    elevations = _storey_elevations(cat, venue_of(cat, scenario_id))
    _check_storey(elevations, storey)
    a = Annotation(scenario_id, "area", storey, _on_storey(_points(points, storey, elevations), storey), phase_id,
                   kind, label, team,
                   colour, notes, ref or "")
    return _add(cat, a, who)


def add_text(cat: Catalogue, *, scenario_id: int, text: str, position: Sequence[float], storey: int | None,
             phase_id: int | None = None, colour: str = "", notes: str = "", ref: str | None = None,
             who: str | None = None) -> Added:
    """A note written on the plan at *position* ("doors chained", "sniper seen here")."""
    elevations = _storey_elevations(cat, venue_of(cat, scenario_id))
    _check_storey(elevations, storey)
    a = Annotation(scenario_id, "text", storey, _on_storey(_points([position], storey, elevations), storey),
                   phase_id, "", text, "",
                   colour, notes, ref or "")
    return _add(cat, a, who)


def move_marker(cat: Catalogue, *, scenario_id: int, ref: str, phase_id: int | None, position: Sequence[float],
                storey: int | None = UNSET, who: str | None = None) -> Changes:
    """The marker *ref* is at *position* from phase *phase_id* on (what dragging it does in the editor).

    If the marker already has a version in that phase, that version moves; otherwise a new version is
    added in the phase, copying symbol, label, team and colour from the one shown just before. The
    marker must already exist at or before that phase.
    """
    phases = {p.id: p for p in load_phases(cat, scenario_id=scenario_id)}
    if phase_id is not None and phase_id not in phases:
        raise EditRefused(tr("phase {phase_id} is not a phase of this scenario").format(phase_id=phase_id))
    rank = lambda pid: -1 if pid is None else phases[pid].index  # noqa: E731
    versions = [a for a in load_annotations(cat, scenario_id=scenario_id) if a.ref == ref]
    if not versions:
        raise EditRefused(tr("no marker {ref!r} in this scenario").format(ref=ref))
    earlier = sorted((a for a in versions if rank(a.phase_id) <= rank(phase_id)), key=lambda a: (rank(a.phase_id), a.id))
    if not earlier:
        first = min(versions, key=lambda a: rank(a.phase_id))
        raise EditRefused(tr("marker {ref!r} first appears in phase {name!r}, after this one").format(ref=ref, name=phases[first.phase_id].name))
    base = earlier[-1]
    new_storey = base.storey if storey is UNSET else storey
    venue_id = venue_of(cat, scenario_id)
    elevations = _storey_elevations(cat, venue_id)
    _check_storey(elevations, new_storey)
    points = _on_storey(_points([position], new_storey, elevations), new_storey)
    if base.type not in ("marker", "text"):
        raise EditRefused(tr("{ref!r} is a {type}: redraw it in the later phase with the same ref instead").format(ref=ref, type=base.type))
    if base.phase_id == phase_id:
        return edit_annotation(cat, annotation_id=base.id, points=points, storey=new_storey, who=who)
    a = Annotation(scenario_id, base.type, new_storey, points, phase_id, base.symbol, base.label, base.team,
                   base.colour, base.notes, base.ref)
    return _add(cat, a, who)


def edit_annotation(cat: Catalogue, *, annotation_id: int, label: str = UNSET, team: str = UNSET,
                    colour: str = UNSET, notes: str = UNSET, symbol: str = UNSET,
                    points: Sequence[Sequence[float]] = UNSET, storey: int | None = UNSET,
                    phase_id: int | None = UNSET, who: str | None = None) -> Changes:
    """Change an annotation's text fields, symbol (marker symbol or area kind), points, storey or phase."""
    before = get_annotation(cat, annotation_id)
    venue_id = venue_of(cat, before.scenario_id)
    a = dataclasses.replace(before, points=list(before.points))
    elevations = _storey_elevations(cat, venue_id)
    if storey is not UNSET:
        _check_storey(elevations, storey)
        a.storey = storey
        if points is UNSET:  # the same shape, carried to the other storey
            z = elevations[storey]
            a.points = [(x, y, z, storey) for x, y, _, _ in a.points]
    if points is not UNSET:
        a.points = _points(points, a.storey, elevations)
        if a.type == "route":
            a.storey = a.points[0][3] if a.points else a.storey
        else:
            a.points = _on_storey(a.points, a.storey)
    for name, value in (("label", label), ("team", team), ("notes", notes), ("symbol", symbol),
                        ("phase_id", phase_id)):
        if value is not UNSET:
            setattr(a, name, value.strip() if isinstance(value, str) and name != "notes" else value)
    if colour is not UNSET:
        a.colour = check_colour(colour)
    check_annotation(cat, a)
    b, after = _snapshot(before), _snapshot(a)
    changed = [k for k in after if after[k] != b[k]]
    if not changed:
        return Changes(venue_id=venue_id, message=tr("{value}: nothing to change").format(value=_describe(before)))
    with cat.atomic():
        annotation_rows.update_annotation(cat, a)
        scenario_rows.touch_scenario(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.edit",
              details={"scenario": a.scenario_id, "annotation": annotation_id,
                       "before": {k: b[k] for k in changed}, "after": {k: after[k] for k in changed}})
    return scenario_changes(venue_id, tr("edited {value} ({value2})").format(value=_describe(a), value2=', '.join(changed))
                            ).with_ids(annotation=[annotation_id])  # named when reached through move_marker too


def delete_annotation(cat: Catalogue, *, annotation_id: int, who: str | None = None) -> Changes:
    """Delete one version of an annotation (the versions of the same ref in other phases stay)."""
    a = get_annotation(cat, annotation_id)
    venue_id = venue_of(cat, a.scenario_id)
    with cat.atomic():
        annotation_rows.delete_annotation(cat, annotation_id)
        scenario_rows.touch_scenario(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.delete",
              details={"scenario": a.scenario_id, "annotation": annotation_id, "before": _snapshot(a)})
    return scenario_changes(venue_id, tr("deleted {value}").format(value=_describe(a)))
