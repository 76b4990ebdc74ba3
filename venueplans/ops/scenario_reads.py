"""Reading scenarios for the viewer, the briefing and the command line: look-ups by id or name, the
phases and annotations in order, and `scenario_state` (what the plan shows at a phase).

The concepts (scenario, phase, time offset, annotation, ref, track) are explained in
`venueplans.model.scenario`. A missing scenario, phase or annotation is refused with `EditRefused`.
"""

from __future__ import annotations

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import annotations as annotation_rows
from venueplans.catalogue import scenarios as scenario_rows
from venueplans.i18n import tr
from venueplans.model.scenario import Annotation, Phase, PlacedAnnotation, Scenario, ScenarioState, TrackStep
from venueplans.ops.edit_support import EditRefused


def load_scenario(cat: Catalogue, *, scenario_id: int) -> Scenario:
    scenario = scenario_rows.get_scenario(cat, scenario_id)
    if scenario is None:
        raise EditRefused(tr("no scenario with id {scenario_id}").format(scenario_id=scenario_id))
    return scenario


def list_scenarios(cat: Catalogue, *, venue_id: int) -> list[Scenario]:
    """The venue's scenarios by name."""
    return scenario_rows.list_scenarios(cat, venue_id)


def resolve_scenario(cat: Catalogue, *, venue_id: int, ref: str | int) -> int:
    """A scenario id of the venue from an id or a name (case-insensitive); one-line refusal otherwise."""
    text = str(ref).strip()
    if text.isdigit():
        if scenario_rows.scenario_in_venue(cat, venue_id, int(text)):
            return int(text)
    ids = scenario_rows.scenarios_named(cat, venue_id, text)
    if len(ids) == 1:
        return ids[0]
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
    return scenario_rows.load_phases(cat, scenario_id)


def load_annotations(cat: Catalogue, *, scenario_id: int) -> list[Annotation]:
    """All annotations of the scenario in creation order (every phase)."""
    return annotation_rows.load_annotations(cat, scenario_id)


def get_annotation(cat: Catalogue, annotation_id: int) -> Annotation:
    annotation = annotation_rows.get_annotation(cat, annotation_id)
    if annotation is None:
        raise EditRefused(tr("no annotation with id {annotation_id}").format(annotation_id=annotation_id))
    return annotation


def get_phase(cat: Catalogue, phase_id: int) -> Phase:
    scenario_id = scenario_rows.phase_scenario(cat, phase_id)
    if scenario_id is None:
        raise EditRefused(tr("no phase with id {phase_id}").format(phase_id=phase_id))
    return next(p for p in load_phases(cat, scenario_id=scenario_id) if p.id == phase_id)


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


def venue_of(cat: Catalogue, scenario_id: int) -> int:
    """The venue a scenario belongs to (refused in one line when there is no such scenario)."""
    return load_scenario(cat, scenario_id=scenario_id).venue_id
