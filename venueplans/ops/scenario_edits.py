"""Trainers lay out exercise scenarios on a venue: the scenarios themselves and their phases.

One verb each, keyword-only, each in one transaction, each audited (a scenario is not part of the
venue's plan: editing one does not touch the sign-off). Refusals raise `EditRefused` with a one-line
reason; names and notes are held to the limits of scenario files (`scenario_limits.check_field`).

- scenarios: create, rename, describe, duplicate (deep copy with phases and annotations), delete;
- phases: add (at the end or at an index), edit (name, time offset "H+00:05", notes), rename,
  move (reorder), delete (with the annotations placed in it).

Annotations are drawn by `ops.annotations`; `ops.scenario_reads` reads; `ops.example_exercise` lays out
the sample exercise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import annotations as annotation_rows
from venueplans.catalogue import scenarios as scenario_rows
from venueplans.i18n import tr
from venueplans.model.scenario import Annotation, Phase, format_time_offset, parse_time_offset
from venueplans.ops.annotations import check_annotation, check_colour, scenario_changes
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import UNSET, Added, EditRefused, audit, who_or_current
from venueplans.ops.scenario_limits import check_field
from venueplans.ops.scenario_reads import (
    get_phase,
    list_scenarios,
    load_annotations,
    load_phases,
    load_scenario,
    venue_of,
)


def _check_name(cat: Catalogue, venue_id: int, name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise EditRefused(tr("a scenario needs a name"))
    check_field("name", name, tr("the scenario's name"))
    clash = scenario_rows.scenarios_named(cat, venue_id, name, exclude=exclude)
    if clash:
        raise EditRefused(tr("venue {venue_id} already has a scenario named {name!r} (id {value})").format(venue_id=venue_id, name=name, value=clash[0]))
    return name


def create_scenario(cat: Catalogue, *, venue_id: int, name: str, description: str = "",
                    who: str | None = None) -> Added:
    """A new, empty scenario for the venue (names are unique within a venue, case-insensitively)."""
    venue = read.get_venue(cat, venue_id)
    name = _check_name(cat, venue_id, name)
    check_field("description", description or "", tr("the scenario's description"))
    with cat.atomic():
        sid = scenario_rows.insert_scenario(cat, venue_id, name, description or "")
        audit(cat, venue_id, who=who_or_current(who), action="scenario.create",
              details={"scenario": sid, "name": name})
    return scenario_changes(venue_id, tr("created scenario {name!r} for {name2}").format(name=name, name2=venue.name), sid)


def rename_scenario(cat: Catalogue, *, scenario_id: int, name: str, who: str | None = None) -> Changes:
    s = load_scenario(cat, scenario_id=scenario_id)
    name = _check_name(cat, s.venue_id, name, exclude=scenario_id)
    with cat.atomic():
        scenario_rows.update_scenario(cat, scenario_id, name=name)
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.rename",
              details={"scenario": scenario_id, "before": s.name, "after": name})
    return scenario_changes(s.venue_id, tr("renamed scenario {name!r} to {name2!r}").format(name=s.name, name2=name))


def describe_scenario(cat: Catalogue, *, scenario_id: int, description: str, who: str | None = None) -> Changes:
    """Set the scenario's description (the exercise's premise, shown on the briefing)."""
    s = load_scenario(cat, scenario_id=scenario_id)
    check_field("description", description or "", tr("the scenario's description"))
    with cat.atomic():
        scenario_rows.update_scenario(cat, scenario_id, description=description or "")
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.describe",
              details={"scenario": scenario_id, "before": s.description, "after": description or ""})
    return scenario_changes(s.venue_id, tr("described scenario {name!r}").format(name=s.name))


def _copy_name(cat: Catalogue, venue_id: int, name: str) -> str:
    taken = {s.name.lower() for s in list_scenarios(cat, venue_id=venue_id)}
    candidate, n = f"{name} (copy)", 2
    while candidate.lower() in taken:
        candidate, n = f"{name} (copy {n})", n + 1
    return candidate


def insert_scenario(cat: Catalogue, *, venue_id: int, name: str, description: str, phases: Sequence[Phase],
                    annotations: Sequence[Annotation]) -> int:
    """Write a whole scenario (inside the caller's transaction): phases in order, then annotations,
    whose `phase_id` is the *index* of their phase in *phases* (or None). Each annotation is checked
    like the add ops check it. Returns the new scenario id. Used by duplicate and file import."""
    sid = scenario_rows.insert_scenario(cat, venue_id, name, description or "")
    phase_ids = [scenario_rows.insert_phase(cat, sid, i, p) for i, p in enumerate(phases)]
    for a in annotations:
        a = dataclasses.replace(a, scenario_id=sid, id=None,
                                phase_id=None if a.phase_id is None else phase_ids[a.phase_id])
        a.colour = check_colour(a.colour)
        check_annotation(cat, a)
        annotation_rows.insert_annotation(cat, a)
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
    return scenario_changes(s.venue_id, tr("duplicated scenario {name!r} as {new_name!r}").format(name=s.name, new_name=new_name), new_id)


def delete_scenario(cat: Catalogue, *, scenario_id: int, who: str | None = None) -> Changes:
    s = load_scenario(cat, scenario_id=scenario_id)
    counts = scenario_rows.scenario_size(cat, scenario_id)
    with cat.atomic():
        scenario_rows.delete_scenario(cat, scenario_id)
        audit(cat, s.venue_id, who=who_or_current(who), action="scenario.delete",
              details={"scenario": scenario_id, "name": s.name, "phases": counts[0], "annotations": counts[1]})
    return scenario_changes(s.venue_id, tr("deleted scenario {name!r}").format(name=s.name))


# ====================================================================================== phases


def _check_phase_name(phases: list[Phase], name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise EditRefused(tr("a phase needs a name"))
    check_field("name", name, tr("the phase's name"))
    if any(p.name.lower() == name.lower() and p.id != exclude for p in phases):
        raise EditRefused(tr("the scenario already has a phase named {name!r}").format(name=name))
    return name


def _offset(value: str | int) -> int:
    try:
        return parse_time_offset(value)
    except ValueError as exc:
        raise EditRefused(str(exc)) from None


def _write_order(cat: Catalogue, phase_ids: Sequence[int]) -> None:
    scenario_rows.set_phase_order(cat, phase_ids)


def _time_order_warnings(cat: Catalogue, scenario_id: int) -> list[str]:
    phases = load_phases(cat, scenario_id=scenario_id)
    return [tr("phase {name!r} ({time}) comes after {before!r} ({before_time}) but is earlier").format(
                name=b.name, time=b.time_label, before=a.name, before_time=a.time_label)
            for a, b in zip(phases, phases[1:], strict=False) if b.time_offset < a.time_offset]


def add_phase(cat: Catalogue, *, scenario_id: int, name: str, time_offset: str | int = "H+00:00", notes: str = "",
              index: int | None = None, who: str | None = None) -> Added:
    """Add a phase at the end (or before the phase now at *index*). *time_offset*: "H+00:05" or seconds."""
    s = load_scenario(cat, scenario_id=scenario_id)
    phases = load_phases(cat, scenario_id=scenario_id)
    name = _check_phase_name(phases, name)
    seconds = _offset(time_offset)
    check_field("notes", notes or "", tr("the phase's notes"))
    at = len(phases) if index is None else max(0, min(int(index), len(phases)))
    with cat.atomic():
        pid = scenario_rows.insert_phase(cat, scenario_id, at, Phase(scenario_id, name, at, seconds, notes or ""))
        order = [p.id for p in phases]
        order.insert(at, pid)
        _write_order(cat, order)
        scenario_rows.touch_scenario(cat, scenario_id)
        audit(cat, s.venue_id, who=who_or_current(who), action="phase.add",
              details={"scenario": scenario_id, "phase": pid, "name": name, "time": format_time_offset(seconds),
                       "index": at})
    return scenario_changes(s.venue_id, tr("added phase {name!r} ({value})").format(name=name, value=format_time_offset(seconds)), pid,
                 _time_order_warnings(cat, scenario_id))


def edit_phase(cat: Catalogue, *, phase_id: int, name: str = UNSET, time_offset: str | int = UNSET,
               notes: str = UNSET, who: str | None = None) -> Changes:
    """Change a phase's name, time offset or notes (only the fields given)."""
    p = get_phase(cat, phase_id)
    venue_id = venue_of(cat, p.scenario_id)
    new_name = _check_phase_name(load_phases(cat, scenario_id=p.scenario_id), name, exclude=phase_id) \
        if name is not UNSET else p.name
    seconds = _offset(time_offset) if time_offset is not UNSET else p.time_offset
    new_notes = check_field("notes", notes or "", tr("the phase's notes")) if notes is not UNSET else p.notes
    after = {"name": new_name, "time": format_time_offset(seconds), "notes": new_notes}
    before = {"name": p.name, "time": p.time_label, "notes": p.notes}
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return Changes(venue_id=venue_id, message=tr("phase {name!r}: nothing to change").format(name=p.name))
    with cat.atomic():
        scenario_rows.update_phase(cat, phase_id, name=new_name, time_offset=seconds, notes=new_notes)
        scenario_rows.touch_scenario(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.edit",
              details={"scenario": p.scenario_id, "phase": phase_id, "before": {k: before[k] for k in changed},
                       "after": {k: after[k] for k in changed}})
    return scenario_changes(venue_id, tr("edited phase {new_name!r} ({value})").format(new_name=new_name, value=', '.join(changed)), None,
                 _time_order_warnings(cat, p.scenario_id))


def rename_phase(cat: Catalogue, *, phase_id: int, name: str, who: str | None = None) -> Changes:
    return edit_phase(cat, phase_id=phase_id, name=name, who=who)


def move_phase(cat: Catalogue, *, phase_id: int, index: int, who: str | None = None) -> Changes:
    """Reorder: put the phase at *index* (0 = first), the others keeping their relative order."""
    p = get_phase(cat, phase_id)
    venue_id = venue_of(cat, p.scenario_id)
    phases = load_phases(cat, scenario_id=p.scenario_id)
    to = max(0, min(int(index), len(phases) - 1))
    if to == p.index:
        return Changes(venue_id=venue_id, message=tr("phase {name!r} is already at {to}").format(name=p.name, to=to))
    order = [q.id for q in phases if q.id != phase_id]
    order.insert(to, phase_id)
    with cat.atomic():
        _write_order(cat, order)
        scenario_rows.touch_scenario(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.move",
              details={"scenario": p.scenario_id, "phase": phase_id, "before": p.index, "after": to})
    return scenario_changes(venue_id, tr("moved phase {name!r} to position {value}").format(name=p.name, value=to + 1), None,
                 _time_order_warnings(cat, p.scenario_id))


def delete_phase(cat: Catalogue, *, phase_id: int, who: str | None = None) -> Changes:
    """Delete a phase and the annotations placed in it (they would otherwise show in every phase)."""
    p = get_phase(cat, phase_id)
    venue_id = venue_of(cat, p.scenario_id)
    with cat.atomic():
        n = scenario_rows.delete_phase(cat, phase_id)
        _write_order(cat, [q.id for q in load_phases(cat, scenario_id=p.scenario_id)])
        scenario_rows.touch_scenario(cat, p.scenario_id)
        audit(cat, venue_id, who=who_or_current(who), action="phase.delete",
              details={"scenario": p.scenario_id, "phase": phase_id, "name": p.name, "annotations": n})
    return scenario_changes(venue_id, tr("deleted phase {name!r} and its {n} annotation(s)").format(name=p.name, n=n))
