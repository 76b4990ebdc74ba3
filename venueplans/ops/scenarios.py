"""Trainers lay out exercise scenarios on a venue: phases, tactical markers, routes, areas, notes.

The concepts (scenario, phase, time offset, annotation, ref, track) are explained in
`venueplans.model.scenario`. The ops here create and edit them, one verb each, keyword-only, each in
one transaction, each audited (a scenario is not part of the venue's plan: editing one does not touch
the sign-off). Refusals raise `EditRefused` with a one-line reason.

- scenarios: create, rename, describe, duplicate (deep copy with phases and annotations), delete;
- phases: add (at the end or at an index), edit (name, time offset "H+00:05", notes), rename,
  move (reorder), delete (with the annotations placed in it);
- annotations: add_marker (a tactical symbol), move_marker (the same marker, later phase, new place),
  add_route, add_area (cordon, danger zone), add_text, edit_annotation, delete_annotation;
- scenario_state: what the plan shows at a phase, as plain data for the viewer and the briefing;
- build_example_scenario: the sample exercise, laid out from the venue's own exits and rooms.

Each annotation is filed under a storey; every point also carries its storey, so a route may climb
a stair. Points are given as (x, y) (on the storey's floor), (x, y, z) or (x, y, z, storey).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue.db import now
from venueplans.i18n import N_, tr
from venueplans.model.scenario import (
    ANNOTATION_TYPES,
    AREA_KINDS,
    TACTICAL_SYMBOLS,
    Annotation,
    Phase,
    PlacedAnnotation,
    Point,
    Scenario,
    ScenarioState,
    TrackStep,
    format_time_offset,
    parse_time_offset,
)
from venueplans.ops.changes import Changes
from venueplans.ops.signoff import UNSET, Added, EditRefused, audit, who_or_current

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_REF_PREFIX = {"marker": "m", "route": "r", "area": "a", "text": "t"}

# ====================================================================================== reads


def _scenario(row) -> Scenario:
    return Scenario(row["venue_id"], row["name"], row["description"], row["id"], row["created"], row["updated"])


def load_scenario(cat: Catalogue, *, scenario_id: int) -> Scenario:
    row = cat.conn.execute("SELECT * FROM scenarios WHERE id = ?", (scenario_id,)).fetchone()
    if row is None:
        raise EditRefused(tr("no scenario with id {scenario_id}").format(scenario_id=scenario_id))
    return _scenario(row)


def list_scenarios(cat: Catalogue, *, venue_id: int) -> list[Scenario]:
    """The venue's scenarios by name."""
    return [_scenario(r) for r in cat.conn.execute(
        "SELECT * FROM scenarios WHERE venue_id = ? ORDER BY name COLLATE NOCASE, id", (venue_id,))]


def resolve_scenario(cat: Catalogue, *, venue_id: int, ref: str | int) -> int:
    """A scenario id of the venue from an id or a name (case-insensitive); one-line refusal otherwise."""
    text = str(ref).strip()
    if text.isdigit():
        row = cat.conn.execute("SELECT id FROM scenarios WHERE id = ? AND venue_id = ?", (int(text), venue_id)).fetchone()
        if row:
            return int(row[0])
    rows = cat.conn.execute("SELECT id FROM scenarios WHERE venue_id = ? AND name = ? COLLATE NOCASE",
                            (venue_id, text)).fetchall()
    if len(rows) == 1:
        return int(rows[0][0])
    names = ", ".join(repr(s.name) for s in list_scenarios(cat, venue_id=venue_id)) or "none"
    raise EditRefused(tr("no scenario {text!r} in venue {venue_id} (scenarios: {names})").format(text=text, venue_id=venue_id, names=names))


def resolve_phase(phases: list[Phase], ref: str | int | None) -> Phase | None:
    """The phase named *ref* (any case) or numbered *ref* (1 = first) among *phases*; *ref* None: the
    last phase (None when there is none). Refuses in one line naming the phases."""
    if ref is None:
        return phases[-1] if phases else None
    text = str(ref).strip()
    chosen = next((p for p in phases if p.name.strip().lower() == text.lower()), None)
    if chosen is None and text.isdigit() and 1 <= int(text) <= len(phases):
        chosen = phases[int(text) - 1]
    if chosen is None:
        names = ", ".join(f"{p.index + 1} {p.name!r}" for p in phases) or "none"
        raise EditRefused(tr("no phase {text!r} (phases: {names})").format(text=text, names=names))
    return chosen


def load_phases(cat: Catalogue, *, scenario_id: int) -> list[Phase]:
    """Phases in order; `Phase.index` is the position (0 = first)."""
    return [Phase(r["scenario_id"], r["name"], i, r["time_offset"], r["notes"], r["id"])
            for i, r in enumerate(cat.conn.execute(
                "SELECT * FROM phases WHERE scenario_id = ? ORDER BY ord, id", (scenario_id,)))]


def _annotation(row) -> Annotation:
    storey = row["storey_idx"]
    points: list[Point] = []
    for p in json.loads(row["geometry"]):
        s = p[3] if len(p) > 3 else storey
        points.append((float(p[0]), float(p[1]), float(p[2]) if len(p) > 2 else 0.0, s))
    return Annotation(
        scenario_id=row["scenario_id"], type=row["type"], storey=storey, points=points, phase_id=row["phase_id"],
        symbol=row["symbol"], label=row["label"], team=row["team"], colour=row["colour"], notes=row["notes"],
        ref=row["ref"], id=row["id"],
    )


def load_annotations(cat: Catalogue, *, scenario_id: int) -> list[Annotation]:
    """All annotations of the scenario in creation order (every phase)."""
    return [_annotation(r) for r in cat.conn.execute(
        "SELECT * FROM annotations WHERE scenario_id = ? ORDER BY id", (scenario_id,))]


def _get_annotation(cat: Catalogue, annotation_id: int) -> Annotation:
    row = cat.conn.execute("SELECT * FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
    if row is None:
        raise EditRefused(tr("no annotation with id {annotation_id}").format(annotation_id=annotation_id))
    return _annotation(row)


def _get_phase(cat: Catalogue, phase_id: int) -> Phase:
    row = cat.conn.execute("SELECT scenario_id FROM phases WHERE id = ?", (phase_id,)).fetchone()
    if row is None:
        raise EditRefused(tr("no phase with id {phase_id}").format(phase_id=phase_id))
    return next(p for p in load_phases(cat, scenario_id=row[0]) if p.id == phase_id)


# ====================================================================================== state


def scenario_state(cat: Catalogue, *, scenario_id: int, phase_id: int | None) -> ScenarioState:
    """What the plan shows at *phase_id*: every annotation placed in that phase or an earlier one, and
    those with no phase. When several versions share a ref, the latest replaces the others and
    `track` lists the positions it took, oldest first. `phase_id=None`: before the first phase.

    Items keep the order in which they first appeared. `ScenarioState.as_dict()` is plain data
    (positions, storey index and name, symbol key and SIDC, colour, label, track).
    """
    scenario = load_scenario(cat, scenario_id=scenario_id)
    phases = load_phases(cat, scenario_id=scenario_id)
    by_id = {p.id: p for p in phases}
    if phase_id is not None and phase_id not in by_id:
        raise EditRefused(tr("phase {phase_id} is not a phase of scenario {name!r}").format(phase_id=phase_id, name=scenario.name))
    limit = by_id[phase_id].index if phase_id is not None else -1
    rank = lambda a: -1 if a.phase_id is None else by_id[a.phase_id].index  # noqa: E731
    visible = sorted((a for a in load_annotations(cat, scenario_id=scenario_id) if rank(a) <= limit),
                     key=lambda a: (rank(a), a.id))
    groups: dict[str, list[Annotation]] = {}
    for a in visible:
        groups.setdefault(a.ref or f"#{a.id}", []).append(a)
    storeys = {s.index: s.name for s in read.load_storeys(cat, scenario.venue_id)}
    items = []
    for versions in groups.values():
        latest = versions[-1]
        phase_name = by_id[latest.phase_id].name if latest.phase_id is not None else ""
        track = [TrackStep(v.phase_id, by_id[v.phase_id].name if v.phase_id is not None else "", v.position,
                           v.points[0][3]) for v in versions]
        items.append(PlacedAnnotation(latest, phase_name, storeys.get(latest.storey, ""), track))
    return ScenarioState(scenario, by_id.get(phase_id), items)


# ====================================================================================== scenarios


def _venue_of(cat: Catalogue, scenario_id: int) -> int:
    return load_scenario(cat, scenario_id=scenario_id).venue_id


def _check_name(cat: Catalogue, venue_id: int, name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise EditRefused(tr("a scenario needs a name"))
    clash = cat.conn.execute("SELECT id FROM scenarios WHERE venue_id = ? AND name = ? COLLATE NOCASE AND id IS NOT ?",
                             (venue_id, name, exclude)).fetchone()
    if clash:
        raise EditRefused(tr("venue {venue_id} already has a scenario named {name!r} (id {value})").format(venue_id=venue_id, name=name, value=clash[0]))
    return name


def _touch(cat: Catalogue, scenario_id: int) -> None:
    cat.conn.execute("UPDATE scenarios SET updated = ? WHERE id = ?", (now(), scenario_id))


def _done(venue_id: int, message: str, new_id: int | None = None, warnings: list[str] | None = None) -> Changes:
    kw = dict(venue_id=venue_id, scenarios=True, message=message, warnings=warnings or [])
    return Added(id=new_id, **kw) if new_id is not None else Changes(**kw)


def create_scenario(cat: Catalogue, *, venue_id: int, name: str, description: str = "",
                    who: str | None = None) -> Added:
    """A new, empty scenario for the venue (names are unique within a venue, case-insensitively)."""
    venue = read.get_venue(cat, venue_id)
    name = _check_name(cat, venue_id, name)
    with cat.atomic():
        stamp = now()
        sid = int(cat.conn.execute(
            "INSERT INTO scenarios (venue_id, name, description, created, updated) VALUES (?, ?, ?, ?, ?)",
            (venue_id, name, description or "", stamp, stamp)).lastrowid)
        audit(cat, venue_id, who=who_or_current(who), action="scenario.create",
              details={"scenario": sid, "name": name})
    return _done(venue_id, tr("created scenario {name!r} for {name2}").format(name=name, name2=venue.name), sid)


def rename_scenario(cat: Catalogue, *, scenario_id: int, name: str, who: str | None = None) -> Changes:
    s = load_scenario(cat, scenario_id=scenario_id)
    name = _check_name(cat, s.venue_id, name, exclude=scenario_id)
    with cat.atomic():
        cat.conn.execute("UPDATE scenarios SET name = ?, updated = ? WHERE id = ?", (name, now(), scenario_id))
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.rename",
              details={"scenario": scenario_id, "before": s.name, "after": name})
    return _done(s.venue_id, tr("renamed scenario {name!r} to {name2!r}").format(name=s.name, name2=name))


def describe_scenario(cat: Catalogue, *, scenario_id: int, description: str, who: str | None = None) -> Changes:
    """Set the scenario's description (the exercise's premise, shown on the briefing)."""
    s = load_scenario(cat, scenario_id=scenario_id)
    with cat.atomic():
        cat.conn.execute("UPDATE scenarios SET description = ?, updated = ? WHERE id = ?",
                         (description or "", now(), scenario_id))
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.describe",
              details={"scenario": scenario_id, "before": s.description, "after": description or ""})
    return _done(s.venue_id, tr("described scenario {name!r}").format(name=s.name))


def _copy_name(cat: Catalogue, venue_id: int, name: str) -> str:
    taken = {s.name.lower() for s in list_scenarios(cat, venue_id=venue_id)}
    candidate, n = f"{name} (copy)", 2
    while candidate.lower() in taken:
        candidate, n = f"{name} (copy {n})", n + 1
    return candidate


def _insert_phase(cat: Catalogue, scenario_id: int, ord_: int, p: Phase) -> int:
    return int(cat.conn.execute(
        "INSERT INTO phases (scenario_id, ord, name, time_offset, notes) VALUES (?, ?, ?, ?, ?)",
        (scenario_id, ord_, p.name, p.time_offset, p.notes)).lastrowid)


def _insert_annotation(cat: Catalogue, a: Annotation) -> int:
    geometry = json.dumps([[x, y, z, s] for x, y, z, s in a.points], separators=(",", ":"))
    return int(cat.conn.execute(
        """INSERT INTO annotations (scenario_id, phase_id, storey_idx, type, symbol, label, team, colour, geometry,
               notes, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (a.scenario_id, a.phase_id, a.storey, a.type, a.symbol, a.label, a.team, a.colour, geometry, a.notes,
         a.ref)).lastrowid)


def insert_scenario(cat: Catalogue, *, venue_id: int, name: str, description: str, phases: Sequence[Phase],
                    annotations: Sequence[Annotation]) -> int:
    """Write a whole scenario (inside the caller's transaction): phases in order, then annotations,
    whose `phase_id` is the *index* of their phase in *phases* (or None). Each annotation is checked
    like the add ops check it. Returns the new scenario id. Used by duplicate and file import."""
    stamp = now()
    sid = int(cat.conn.execute(
        "INSERT INTO scenarios (venue_id, name, description, created, updated) VALUES (?, ?, ?, ?, ?)",
        (venue_id, name, description or "", stamp, stamp)).lastrowid)
    phase_ids = [_insert_phase(cat, sid, i, p) for i, p in enumerate(phases)]
    for a in annotations:
        a = dataclasses.replace(a, scenario_id=sid, id=None,
                                phase_id=None if a.phase_id is None else phase_ids[a.phase_id])
        a.colour = _check_colour(a.colour)
        _check_annotation(cat, a)
        _insert_annotation(cat, a)
    return sid


def duplicate_scenario(cat: Catalogue, *, scenario_id: int, name: str | None = None,
                       who: str | None = None) -> Added:
    """A deep copy (phases, annotations, refs) to vary an exercise; default name "<name> (copy)"."""
    s = load_scenario(cat, scenario_id=scenario_id)
    new_name = _check_name(cat, s.venue_id, name) if name else _copy_name(cat, s.venue_id, s.name)
    phases = load_phases(cat, scenario_id=scenario_id)
    index = {p.id: p.index for p in phases}
    annotations = [dataclasses.replace(a, phase_id=None if a.phase_id is None else index[a.phase_id])
                   for a in load_annotations(cat, scenario_id=scenario_id)]
    with cat.atomic():
        new_id = insert_scenario(cat, venue_id=s.venue_id, name=new_name, description=s.description,
                                 phases=phases, annotations=annotations)
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.duplicate",
              details={"scenario": new_id, "name": new_name, "from": scenario_id, "phases": len(phases),
                       "annotations": len(annotations)})
    return _done(s.venue_id, tr("duplicated scenario {name!r} as {new_name!r}").format(name=s.name, new_name=new_name), new_id)


def delete_scenario(cat: Catalogue, *, scenario_id: int, who: str | None = None) -> Changes:
    s = load_scenario(cat, scenario_id=scenario_id)
    counts = cat.conn.execute(
        "SELECT (SELECT count(*) FROM phases WHERE scenario_id = ?), (SELECT count(*) FROM annotations "
        "WHERE scenario_id = ?)", (scenario_id, scenario_id)).fetchone()
    with cat.atomic():
        cat.conn.execute("DELETE FROM scenarios WHERE id = ?", (scenario_id,))
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.delete",
              details={"scenario": scenario_id, "name": s.name, "phases": counts[0], "annotations": counts[1]})
    return _done(s.venue_id, tr("deleted scenario {name!r}").format(name=s.name))


# ====================================================================================== phases


def _check_phase_name(phases: list[Phase], name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise EditRefused(tr("a phase needs a name"))
    if any(p.name.lower() == name.lower() and p.id != exclude for p in phases):
        raise EditRefused(tr("the scenario already has a phase named {name!r}").format(name=name))
    return name


def _offset(value: str | int) -> int:
    try:
        return parse_time_offset(value)
    except ValueError as exc:
        raise EditRefused(str(exc)) from None


def _write_order(cat: Catalogue, phase_ids: Sequence[int]) -> None:
    cat.conn.executemany("UPDATE phases SET ord = ? WHERE id = ?", [(i, pid) for i, pid in enumerate(phase_ids)])


def _time_order_warnings(cat: Catalogue, scenario_id: int) -> list[str]:
    phases = load_phases(cat, scenario_id=scenario_id)
    return [f"phase {b.name!r} ({b.time_label}) comes after {a.name!r} ({a.time_label}) but is earlier"
            for a, b in zip(phases, phases[1:], strict=False) if b.time_offset < a.time_offset]


def add_phase(cat: Catalogue, *, scenario_id: int, name: str, time_offset: str | int = "H+00:00", notes: str = "",
              index: int | None = None, who: str | None = None) -> Added:
    """Add a phase at the end (or before the phase now at *index*). *time_offset*: "H+00:05" or seconds."""
    s = load_scenario(cat, scenario_id=scenario_id)
    phases = load_phases(cat, scenario_id=scenario_id)
    name = _check_phase_name(phases, name)
    seconds = _offset(time_offset)
    at = len(phases) if index is None else max(0, min(int(index), len(phases)))
    with cat.atomic():
        pid = _insert_phase(cat, scenario_id, at, Phase(scenario_id, name, at, seconds, notes or ""))
        order = [p.id for p in phases]
        order.insert(at, pid)
        _write_order(cat, order)
        _touch(cat, scenario_id)
        audit(cat, s.venue_id, who=who_or_current(who), action="phase.add",
              details={"scenario": scenario_id, "phase": pid, "name": name, "time": format_time_offset(seconds),
                       "index": at})
    return _done(s.venue_id, tr("added phase {name!r} ({value})").format(name=name, value=format_time_offset(seconds)), pid,
                 _time_order_warnings(cat, scenario_id))


def edit_phase(cat: Catalogue, *, phase_id: int, name: str = UNSET, time_offset: str | int = UNSET,
               notes: str = UNSET, who: str | None = None) -> Changes:
    """Change a phase's name, time offset or notes (only the fields given)."""
    p = _get_phase(cat, phase_id)
    venue_id = _venue_of(cat, p.scenario_id)
    new_name = _check_phase_name(load_phases(cat, scenario_id=p.scenario_id), name, exclude=phase_id) \
        if name is not UNSET else p.name
    seconds = _offset(time_offset) if time_offset is not UNSET else p.time_offset
    new_notes = (notes or "") if notes is not UNSET else p.notes
    after = {"name": new_name, "time": format_time_offset(seconds), "notes": new_notes}
    before = {"name": p.name, "time": p.time_label, "notes": p.notes}
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return Changes(venue_id=venue_id, message=tr("phase {name!r}: nothing to change").format(name=p.name))
    with cat.atomic():
        cat.conn.execute("UPDATE phases SET name = ?, time_offset = ?, notes = ? WHERE id = ?",
                         (new_name, seconds, new_notes, phase_id))
        _touch(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.edit",
              details={"scenario": p.scenario_id, "phase": phase_id, "before": {k: before[k] for k in changed},
                       "after": {k: after[k] for k in changed}})
    return _done(venue_id, tr("edited phase {new_name!r} ({value})").format(new_name=new_name, value=', '.join(changed)), None,
                 _time_order_warnings(cat, p.scenario_id))


def rename_phase(cat: Catalogue, *, phase_id: int, name: str, who: str | None = None) -> Changes:
    return edit_phase(cat, phase_id=phase_id, name=name, who=who)


def move_phase(cat: Catalogue, *, phase_id: int, index: int, who: str | None = None) -> Changes:
    """Reorder: put the phase at *index* (0 = first), the others keeping their relative order."""
    p = _get_phase(cat, phase_id)
    venue_id = _venue_of(cat, p.scenario_id)
    phases = load_phases(cat, scenario_id=p.scenario_id)
    to = max(0, min(int(index), len(phases) - 1))
    if to == p.index:
        return Changes(venue_id=venue_id, message=tr("phase {name!r} is already at {to}").format(name=p.name, to=to))
    order = [q.id for q in phases if q.id != phase_id]
    order.insert(to, phase_id)
    with cat.atomic():
        _write_order(cat, order)
        _touch(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.move",
              details={"scenario": p.scenario_id, "phase": phase_id, "before": p.index, "after": to})
    return _done(venue_id, tr("moved phase {name!r} to position {value}").format(name=p.name, value=to + 1), None,
                 _time_order_warnings(cat, p.scenario_id))


def delete_phase(cat: Catalogue, *, phase_id: int, who: str | None = None) -> Changes:
    """Delete a phase and the annotations placed in it (they would otherwise show in every phase)."""
    p = _get_phase(cat, phase_id)
    venue_id = _venue_of(cat, p.scenario_id)
    with cat.atomic():
        n = cat.conn.execute("DELETE FROM annotations WHERE phase_id = ?", (phase_id,)).rowcount
        cat.conn.execute("DELETE FROM phases WHERE id = ?", (phase_id,))
        _write_order(cat, [q.id for q in load_phases(cat, scenario_id=p.scenario_id)])
        _touch(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.delete",
              details={"scenario": p.scenario_id, "phase": phase_id, "name": p.name, "annotations": n})
    return _done(venue_id, tr("deleted phase {name!r} and its {n} annotation(s)").format(name=p.name, n=n))


# ====================================================================================== annotations


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


def _check_colour(colour: str) -> str:
    colour = (colour or "").strip()
    if colour and not _COLOUR.match(colour):
        raise EditRefused(tr("colour {colour!r} is not like #1f77b4").format(colour=colour))
    return colour.lower()


def _check_annotation(cat: Catalogue, a: Annotation) -> None:
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
    if a.phase_id is not None:
        row = cat.conn.execute("SELECT scenario_id FROM phases WHERE id = ?", (a.phase_id,)).fetchone()
        if row is None or row[0] != a.scenario_id:
            raise EditRefused(tr("phase {phase_id} is not a phase of this scenario").format(phase_id=a.phase_id))
    if a.ref:
        for other in cat.conn.execute("SELECT id, type, phase_id FROM annotations WHERE scenario_id = ? AND ref = ? "
                                      "AND id IS NOT ?", (a.scenario_id, a.ref, a.id)):
            if other["type"] != a.type:
                raise EditRefused(tr("ref {ref!r} already names a {type}, not a {type2}").format(ref=a.ref, type=other['type'], type2=a.type))
            if other["phase_id"] == a.phase_id:
                raise EditRefused(tr("ref {ref!r} is already placed in this phase (annotation {id}); move or edit that one").format(ref=a.ref, id=other['id']))


def _new_ref(cat: Catalogue, scenario_id: int, kind: str) -> str:
    taken = {r[0] for r in cat.conn.execute("SELECT ref FROM annotations WHERE scenario_id = ?", (scenario_id,))}
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
    venue_id = _venue_of(cat, a.scenario_id)
    a.colour = _check_colour(a.colour)
    a.label, a.team, a.notes = (a.label or "").strip(), (a.team or "").strip(), a.notes or ""
    with cat.atomic():
        a.ref = (a.ref or "").strip() or _new_ref(cat, a.scenario_id, a.type)
        _check_annotation(cat, a)
        a.id = _insert_annotation(cat, a)
        _touch(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.add",
              details={"scenario": a.scenario_id, "annotation": a.id, "after": _snapshot(a)})
    return _done(venue_id, tr("added {value}").format(value=_describe(a)), a.id)


def add_marker(cat: Catalogue, *, scenario_id: int, symbol: str, position: Sequence[float], storey: int | None,
               phase_id: int | None = None, label: str = "", team: str = "", colour: str = "", notes: str = "",
               ref: str | None = None, who: str | None = None) -> Added:
    """Place a tactical symbol (a key of TACTICAL_SYMBOLS: "friendly_team", "hostile"...) on a storey.

    *ref* names the marker across phases (default: a new one, "m1", "m2"...); to move it later use
    `move_marker`.
    """
    elevations = _storey_elevations(cat, _venue_of(cat, scenario_id))
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
    elevations = _storey_elevations(cat, _venue_of(cat, scenario_id))
    pts = _points(points, storey, elevations)
    a = Annotation(scenario_id, "route", pts[0][3] if pts else storey, pts, phase_id, "", label, team, colour,
                   notes, ref or "")
    return _add(cat, a, who)


def add_area(cat: Catalogue, *, scenario_id: int, kind: str, points: Sequence[Sequence[float]], storey: int | None,
             phase_id: int | None = None, label: str = "", team: str = "", colour: str = "", notes: str = "",
             ref: str | None = None, who: str | None = None) -> Added:
    """A polygon on a storey: *kind* "cordon", "danger_zone" or "area" (the ring need not be closed)."""
    elevations = _storey_elevations(cat, _venue_of(cat, scenario_id))
    _check_storey(elevations, storey)
    a = Annotation(scenario_id, "area", storey, _on_storey(_points(points, storey, elevations), storey), phase_id,
                   kind, label, team,
                   colour, notes, ref or "")
    return _add(cat, a, who)


def add_text(cat: Catalogue, *, scenario_id: int, text: str, position: Sequence[float], storey: int | None,
             phase_id: int | None = None, colour: str = "", notes: str = "", ref: str | None = None,
             who: str | None = None) -> Added:
    """A note written on the plan at *position* ("doors chained", "sniper seen here")."""
    elevations = _storey_elevations(cat, _venue_of(cat, scenario_id))
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
    venue_id = _venue_of(cat, scenario_id)
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
    before = _get_annotation(cat, annotation_id)
    venue_id = _venue_of(cat, before.scenario_id)
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
        a.colour = _check_colour(colour)
    _check_annotation(cat, a)
    b, after = _snapshot(before), _snapshot(a)
    changed = [k for k in after if after[k] != b[k]]
    if not changed:
        return Changes(venue_id=venue_id, message=tr("{value}: nothing to change").format(value=_describe(before)))
    with cat.atomic():
        cat.conn.execute(
            "UPDATE annotations SET phase_id = ?, storey_idx = ?, symbol = ?, label = ?, team = ?, colour = ?, "
            "geometry = ?, notes = ? WHERE id = ?",
            (a.phase_id, a.storey, a.symbol, a.label, a.team, a.colour,
             json.dumps([[x, y, z, s] for x, y, z, s in a.points], separators=(",", ":")), a.notes, annotation_id))
        _touch(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.edit",
              details={"scenario": a.scenario_id, "annotation": annotation_id,
                       "before": {k: b[k] for k in changed}, "after": {k: after[k] for k in changed}})
    return _done(venue_id, tr("edited {value} ({value2})").format(value=_describe(a), value2=', '.join(changed)))


def delete_annotation(cat: Catalogue, *, annotation_id: int, who: str | None = None) -> Changes:
    """Delete one version of an annotation (the versions of the same ref in other phases stay)."""
    a = _get_annotation(cat, annotation_id)
    venue_id = _venue_of(cat, a.scenario_id)
    with cat.atomic():
        cat.conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
        _touch(cat, a.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="annotation.delete",
              details={"scenario": a.scenario_id, "annotation": annotation_id, "before": _snapshot(a)})
    return _done(venue_id, tr("deleted {value}").format(value=_describe(a)))


# ====================================================================================== example


EXAMPLE_NAME = N_("Exercise: armed intruder in the auditorium")  # tr() when created
EXAMPLE_DESCRIPTION = N_(
    "Example exercise laid out from this venue's own plan. An armed individual is reported in the "
    "auditorium during a show. The outer cordon closes the main entrance; team Alpha enters by exit 1, "
    "team Bravo breaches exit 3; the casualty collection point is set up in the foyer and the public is "
    "evacuated through it."
)
_FOYER = re.compile(r"hall|foyer|lobby|entr[ée]e|vestibul|concourse|eingang", re.IGNORECASE)
_AUDITORIUM = [re.compile(p, re.IGNORECASE) for p in (
    r"parterre|stalls|orchestre|parkett",
    r"auditorium|salle|saal|zaal|arena|pitch|pelouse|terrain|tribune|gradin|stand|seating",
)]
ALPHA, BRAVO = "#0066cc", "#008080"


def _space_text(space) -> str:
    return f"{space.name} {space.long_name}"


def _door_centres(cat: Catalogue, venue_id: int, storey: int | None) -> list[tuple[float, float, float]]:
    """Floor centres of the doors on *storey* (from their stored triangles)."""
    import numpy as np

    doors = {r[0] for r in cat.conn.execute(
        "SELECT idx FROM elements WHERE venue_id = ? AND storey_idx IS ? AND (ifc_class IN "
        "('IfcDoor', 'IfcDoorStandardCase') OR category = 'door')", (venue_id, storey))}
    if not doors:
        return []
    geo = read.load_geometry(cat, venue_id, categories=["door"], storeys=None if storey is None else [storey])
    centres = []
    for b in geo.batches:
        for e in np.unique(b.elements):
            if int(e) in doors:
                pts = b.vertices[np.unique(b.triangles[b.elements == e])]
                lo, hi = pts.min(axis=0), pts.max(axis=0)
                centres.append((float(lo[0] + hi[0]) / 2, float(lo[1] + hi[1]) / 2, float(lo[2])))
    return centres


class _ExampleLayout:
    """Where the example exercise puts things, worked out from the venue's features, spaces and doors.

    Every choice has a fallback so that any venue gets a sensible scenario: no main entrance -> exit 1
    -> the south side of the building; no foyer -> just inside the entrance; no auditorium -> the
    largest room of the entrance storey -> the building's centre; fewer than three exits -> the exits
    there are, or the entrance.
    """

    def __init__(self, cat: Catalogue, venue_id: int):
        from shapely.geometry import Point as SPoint
        from shapely.geometry import Polygon
        from shapely.geometry import box as rect
        from shapely.ops import unary_union

        from venueplans.ops.features import main_entrance

        self.SPoint = SPoint
        storeys = read.load_storeys(cat, venue_id)
        self.elevation = {s.index: s.elevation for s in storeys}
        features = [f for f in read.load_features(cat, venue_id) if f.verified is not False]
        spaces = read.load_spaces(cat, venue_id)
        src = read.source_model(cat, venue_id)
        bbox = src.bbox if src and src.bbox else None
        if bbox is None and features:
            xs, ys = [f.position[0] for f in features], [f.position[1] for f in features]
            bbox = ((min(xs), min(ys), 0.0), (max(xs), max(ys), 0.0))
        bbox = bbox or ((0.0, 0.0, 0.0), (20.0, 20.0, 0.0))
        self.centre = ((bbox[0][0] + bbox[1][0]) / 2, (bbox[0][1] + bbox[1][1]) / 2)
        size = max(4.0, min(bbox[1][0] - bbox[0][0], bbox[1][1] - bbox[0][1]))

        exits = sorted((f for f in features if f.kind == "exit"),
                       key=lambda f: (f.number is None, f.number or 0, f.id or 0))
        entrance = main_entrance(features) or (exits[0] if exits else None)
        if entrance is not None:
            self.storey = entrance.storey
            self.entrance = tuple(entrance.position[:3])
            self.out = self._outward(entrance)
        else:
            ground = min(storeys, key=lambda s: abs(s.elevation)) if storeys else None
            self.storey = ground.index if ground else None
            self.entrance = (self.centre[0], bbox[0][1], self.elevation.get(self.storey, 0.0))
            self.out = (0.0, -1.0)
        self.z = self.elevation.get(self.storey, self.entrance[2])
        self.along = (-self.out[1], self.out[0])
        self.cordon_radius = max(8.0, min(25.0, 0.4 * size))

        on_storey = [s for s in spaces if s.storey == self.storey and len(s.footprint) >= 3]
        polys = [(s, Polygon(s.footprint).buffer(0)) for s in on_storey]
        polys = [(s, p) for s, p in polys if not p.is_empty]
        e_pt = SPoint(self.entrance[:2])
        self.building = unary_union([p for _, p in polys]).buffer(0.3) if polys else rect(
            bbox[0][0], bbox[0][1], bbox[1][0], bbox[1][1])
        foyer = next((p for s, p in polys if _FOYER.search(_space_text(s))), None)
        if foyer is None and polys:
            near = min(polys, key=lambda sp: sp[1].distance(e_pt))
            foyer = near[1] if near[1].distance(e_pt) < 2.0 else None
        hall = None
        for pattern in _AUDITORIUM:
            hall = next((p for s, p in polys if pattern.search(_space_text(s)) and p is not foyer), None)
            if hall is not None:
                break
        if hall is None and polys:
            others = [p for _, p in polys if p is not foyer]
            hall = max(others, key=lambda p: p.area) if others else None
        self.foyer_shape = foyer
        self.rooms = [p for _, p in polys]
        self.hall_shape = hall
        inside = self.offset(self.entrance, -4.0)
        self.foyer = self._xy(foyer.representative_point()) if foyer is not None else inside[:2]
        if hall is not None:
            self.hall = self._xy(hall.representative_point())
        else:
            self.hall = self.centre
        self.exits = exits
        self.doors = _door_centres(cat, venue_id, self.storey)

    @staticmethod
    def _xy(point) -> tuple[float, float]:
        return (float(point.x), float(point.y))

    def _outward(self, f) -> tuple[float, float]:
        if f.direction is not None and math.hypot(*f.direction) > 1e-6:
            dx, dy = f.direction
        else:
            dx, dy = f.position[0] - self.centre[0], f.position[1] - self.centre[1]
        n = math.hypot(dx, dy)
        return (dx / n, dy / n) if n > 1e-6 else (0.0, -1.0)

    def offset(self, p, out: float = 0.0, along: float = 0.0, direction=None) -> tuple[float, float, float]:
        d = direction or self.out
        a = (-d[1], d[0])
        return (p[0] + d[0] * out + a[0] * along, p[1] + d[1] * out + a[1] * along, p[2] if len(p) > 2 else self.z)

    def exit_number(self, n: int):
        """Exit *n* of the entrance storey (a team walks in from the street), else the n-th exit of that
        storey in number order, else the last one there is; exits of any storey when it has none."""
        candidates = [f for f in self.exits if f.storey == self.storey] or self.exits
        found = next((f for f in candidates if f.number == n), None)
        if found is None and candidates:
            found = candidates[min(n, len(candidates)) - 1]
        return found

    def at(self, xy, storey=UNSET) -> tuple[float, float, float, int | None]:
        s = self.storey if storey is UNSET else storey
        return (round(xy[0], 2), round(xy[1], 2), round(self.elevation.get(s, self.z), 2), s)

    def cordon(self) -> list[tuple[float, float]]:
        """A half-ring of radius r in front of the main entrance, closed along the facade."""
        r, pts = self.cordon_radius, []
        for k in range(9):
            t = math.pi * k / 8  # from one side of the entrance, around the front, to the other
            out, along = math.sin(t) * r, math.cos(t) * r
            pts.append(self.offset(self.entrance, out, along)[:2])
        pts.append(self.offset(self.entrance, -0.5, -r)[:2])
        pts.insert(0, self.offset(self.entrance, -0.5, r)[:2])
        return [(round(x, 2), round(y, 2)) for x, y in pts]

    def _room_of(self, xy: tuple[float, float]) -> int | None:
        """Index in `rooms` of the room holding *xy*, else the nearest one within 3 m."""
        pt = self.SPoint(xy)
        best = min(range(len(self.rooms)), key=lambda i: self.rooms[i].distance(pt), default=None)
        return best if best is not None and self.rooms[best].distance(pt) < 3.0 else None

    def path(self, start: tuple[float, float], goal: tuple[float, float]) -> list[tuple[float, float]]:
        """Walking path from *start* to *goal* through the doors between rooms (shortest by distance).

        Rooms are the storey's spaces; a door links the rooms within 0.8 m of it. Without rooms, or
        when no chain of doors joins the two rooms, the path is the straight line.
        """
        import heapq

        a, b = self._room_of(start), self._room_of(goal)
        if a is None or b is None or a == b:
            return [start, goal]
        links = [(d[:2], {i for i, r in enumerate(self.rooms) if r.distance(self.SPoint(d[:2])) < 0.8})
                 for d in self.doors]
        links = [(xy, rooms) for xy, rooms in links if len(rooms) >= 2]
        dist = lambda p, q: math.hypot(p[0] - q[0], p[1] - q[1])  # noqa: E731
        # nodes: -1 = start, door indices; a door is reachable from a room it touches
        best = {-1: 0.0}
        previous: dict[int, int] = {}
        heap = [(0.0, -1)]
        done: set[int] = set()
        while heap:
            cost, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            here, rooms = (start, {a}) if node == -1 else links[node]
            if node != -1 and b in rooms:
                chain = [node]
                while chain[-1] in previous and previous[chain[-1]] != -1:
                    chain.append(previous[chain[-1]])
                return [start, *(links[i][0] for i in reversed(chain)), goal]
            for j, (xy, rooms_j) in enumerate(links):
                if j not in done and rooms & rooms_j:
                    c = cost + dist(here, xy)
                    if c < best.get(j, math.inf):
                        best[j], previous[j] = c, node
                        heapq.heappush(heap, (c, j))
        return [start, goal]

    def inside_hall(self, along: float, back: float = 0.0) -> tuple[float, float]:
        """A point of the auditorium shifted sideways (and away from the entrance), kept inside it."""
        p = self.offset((*self.hall, self.z), -back, along)[:2]
        if self.hall_shape is not None and not self.hall_shape.contains(self.SPoint(p)):
            return self.hall
        return p

    def ccp(self) -> tuple[float, float]:
        shift = 5.0
        if self.foyer_shape is not None:
            minx, miny, maxx, maxy = self.foyer_shape.bounds
            shift = min(6.0, 0.3 * max(maxx - minx, maxy - miny))
        p = self.offset((*self.foyer, self.z), 0.0, shift)[:2]
        if self.foyer_shape is not None and not self.foyer_shape.contains(self.SPoint(p)):
            return self.foyer
        return p


def build_example_scenario(cat: Catalogue, *, venue_id: int, name: str = EXAMPLE_NAME,
                           who: str | None = None) -> Added:
    """Lay out the example exercise on a venue from its own exits, entrance and rooms (one transaction).

    Four phases: Set-up (H+00:00: cordon around the main entrance, entry control point, command post,
    observation post, teams Alpha and Bravo staged outside exits 1 and 3), Entry (H+00:05: Alpha in by
    exit 1 along a route through the foyer to the auditorium, Bravo breaching exit 3), Contact
    (H+00:12: hostile, hostage and civilians in the auditorium, a danger zone over it) and Evacuation
    (H+00:20: casualty collection point in the foyer, civilians and hostage moved there along an
    evacuation route). On the sample theatre the foyer is "Hall d'entrée" and the auditorium
    "Parterre"; any venue gets the closest equivalents (see `_ExampleLayout`).
    """
    venue = read.get_venue(cat, venue_id)
    L = _ExampleLayout(cat, venue_id)
    e1, e3 = L.exit_number(1), L.exit_number(3)
    door1 = (tuple(e1.position[:3]), e1.storey, L._outward(e1)) if e1 else (L.entrance, L.storey, L.out)
    door3 = (tuple(e3.position[:3]), e3.storey, L._outward(e3)) if e3 else door1
    label1 = tr("exit {number}").format(number=e1.number) if e1 and e1.number else tr("the main entrance")
    label3 = tr("exit {number}").format(number=e3.number) if e3 and e3.number else label1

    def outside(door, metres):
        pos, storey, d = door
        return L.at(L.offset(pos, metres, 0.0, d)[:2], storey)

    with cat.atomic():
        sid = create_scenario(cat, venue_id=venue_id, name=tr(name) if name == EXAMPLE_NAME else name,
                              description=tr(EXAMPLE_DESCRIPTION), who=who).id
        setup = add_phase(cat, scenario_id=sid, name=tr("Set-up"), time_offset="H+00:00", who=who,
                          notes=tr("Outer cordon around the main entrance; teams stage outside their entries.")).id
        entry = add_phase(cat, scenario_id=sid, name=tr("Entry"), time_offset="H+00:05", who=who,
                          notes=tr("Alpha enters by {exit1}; Bravo breaches {exit3}.").format(exit1=label1, exit3=label3)).id
        contact = add_phase(cat, scenario_id=sid, name=tr("Contact"), time_offset="H+00:12", who=who,
                            notes=tr("Hostile located in the auditorium with a hostage; public sheltering.")).id
        evac = add_phase(cat, scenario_id=sid, name=tr("Evacuation"), time_offset="H+00:20", who=who,
                         notes=tr("Casualty collection point in the foyer; the public leaves through it.")).id
        s = L.storey

        add_area(cat, scenario_id=sid, kind="cordon", points=[L.at(p) for p in L.cordon()], storey=s,
                 phase_id=setup, label=tr("Outer cordon"), ref="cordon", who=who)
        gate = L.offset(L.entrance, L.cordon_radius, 0.0)
        add_marker(cat, scenario_id=sid, symbol="cordon_entry_point", position=L.at(gate[:2]), storey=s,
                   phase_id=setup, label=tr("ECP"), ref="ecp", who=who)
        add_marker(cat, scenario_id=sid, symbol="command_post", storey=s, phase_id=setup, label=tr("CP"),
                   position=L.at(L.offset(L.entrance, L.cordon_radius + 6.0, 6.0)[:2]), ref="cp", who=who)
        add_marker(cat, scenario_id=sid, symbol="observation_post", storey=s, phase_id=setup, label=tr("OP"),
                   position=L.at(L.offset(L.entrance, 0.6 * L.cordon_radius, -0.6 * L.cordon_radius)[:2]),
                   ref="op", who=who)
        add_text(cat, scenario_id=sid, text=tr("No entry without CP clearance"), storey=s, phase_id=setup,
                 position=L.at(L.offset(L.entrance, L.cordon_radius + 2.0, -4.0)[:2]), ref="note-cordon", who=who)
        add_marker(cat, scenario_id=sid, symbol="friendly_team", position=outside(door1, 4.0), storey=door1[1],
                   phase_id=setup, label=tr("Alpha"), team="Alpha", colour=ALPHA, ref="alpha", who=who)
        add_marker(cat, scenario_id=sid, symbol="friendly_team", position=outside(door3, 4.0), storey=door3[1],
                   phase_id=setup, label=tr("Bravo"), team="Bravo", colour=BRAVO, ref="bravo", who=who)

        in1, in3 = outside(door1, -3.0), outside(door3, -3.0)
        move_marker(cat, scenario_id=sid, ref="alpha", phase_id=entry, position=in1, storey=door1[1], who=who)
        add_marker(cat, scenario_id=sid, symbol="breach_point", position=L.at(door3[0][:2], door3[1]),
                   storey=door3[1], phase_id=entry, label=tr("Breach {exit3}").format(exit3=label3), team="Bravo", ref="breach", who=who)
        move_marker(cat, scenario_id=sid, ref="bravo", phase_id=entry, position=in3, storey=door3[1], who=who)
        axis = [outside(door1, 4.0)] + [L.at(p, door1[1]) for p in L.path(in1[:2], L.hall)]
        add_route(cat, scenario_id=sid, points=axis, storey=door1[1], phase_id=entry, label=tr("Alpha axis"),
                  team="Alpha", colour=ALPHA, ref="alpha-axis", who=who)

        hostile = L.inside_hall(0.0, 3.0)
        add_marker(cat, scenario_id=sid, symbol="hostile", position=L.at(hostile), storey=s, phase_id=contact,
                   label=tr("Armed individual"), ref="hostile", who=who)
        add_marker(cat, scenario_id=sid, symbol="hostage", position=L.at(L.inside_hall(1.5, 3.5)), storey=s,
                   phase_id=contact, label=tr("Hostage"), ref="hostage", who=who)
        for k, along in enumerate((-4.0, 4.0), start=1):
            add_marker(cat, scenario_id=sid, symbol="civilian", position=L.at(L.inside_hall(along, -2.0)),
                       storey=s, phase_id=contact, label=tr("Public group {number}").format(number=k), ref=f"civilians-{k}", who=who)
        if L.hall_shape is not None:
            zone = L.hall_shape.simplify(0.5)
            ring = list(zone.exterior.coords)[:-1] if zone.geom_type == "Polygon" else []
        else:
            ring = []
        if len(ring) < 3 or len(ring) > 64:
            ring = [L.offset((*hostile, L.z), 6 * math.cos(t), 6 * math.sin(t))[:2]
                    for t in (i * math.pi / 4 for i in range(8))]
        add_area(cat, scenario_id=sid, kind="danger_zone", points=[L.at(p) for p in ring], storey=s,
                 phase_id=contact, label=tr("Danger zone"), ref="danger", who=who)
        move_marker(cat, scenario_id=sid, ref="alpha", phase_id=contact, position=L.at(L.inside_hall(-3.0, -5.0)),
                    storey=s, who=who)
        move_marker(cat, scenario_id=sid, ref="bravo", phase_id=contact, position=L.at(L.foyer), storey=s, who=who)

        ccp = L.ccp()
        add_marker(cat, scenario_id=sid, symbol="casualty_collection_point", position=L.at(ccp), storey=s,
                   phase_id=evac, label=tr("CCP"), ref="ccp", who=who)
        back = L.path(L.hall, ccp)
        add_route(cat, scenario_id=sid, points=[L.at(p) for p in back], storey=s, phase_id=evac,
                  label=tr("Evacuation route"), colour="#00a651", ref="evac-route", who=who)
        for k, along in enumerate((-3.0, 3.0), start=1):
            move_marker(cat, scenario_id=sid, ref=f"civilians-{k}", phase_id=evac,
                        position=L.at((ccp[0] + L.along[0] * along, ccp[1] + L.along[1] * along)), storey=s,
                        who=who)
        move_marker(cat, scenario_id=sid, ref="hostage", phase_id=evac,
                    position=L.at((ccp[0] - L.out[0] * 2.5, ccp[1] - L.out[1] * 2.5)), storey=s, who=who)
    n = cat.conn.execute("SELECT count(*) FROM annotations WHERE scenario_id = ?", (sid,)).fetchone()[0]
    return _done(venue_id, tr("laid out {name!r} on {name2}: 4 phases, {n} annotations").format(name=name, name2=venue.name, n=n), sid)
