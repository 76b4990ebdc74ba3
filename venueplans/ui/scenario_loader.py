"""What the scenario dock reads, off the GUI thread, and which part of it a change makes stale.

The dock shows three things read from the catalogue: the venue's scenarios (the chooser), the chosen
scenario's phases, and the state at the chosen phase (`scenario_state`: everything placed so far, moved
markers with their tracks). `Want` names the parts to read and where to land (scenario and phase by id,
or by the names a user typed); `read_wanted(cat, want)` runs on a read worker (a `QueryOp`) and returns a
`Loaded` the panel shows. `parts_for(changes, ...)` says which parts an edit made stale, so a renamed
scenario re-reads the chooser only, a phase edit the phases and the state, and an annotation whose text
changed only that annotation's row (the rest of the state is reused).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from venueplans.catalogue import Catalogue
from venueplans.catalogue import annotations as annotation_rows
from venueplans.model.scenario import Annotation, Phase, Scenario, ScenarioState
from venueplans.ops import scenario_reads
from venueplans.ops.changes import Changes

LIST, PHASES, STATE = "list", "phases", "state"
ALL = frozenset({LIST, PHASES, STATE})
# What an annotation's row shows: an edit of these fields alone repaints its row and nothing else.
TEXT_FIELDS = ("label", "team", "colour", "notes", "symbol")


@dataclass(frozen=True)
class Want:
    """One read of the dock: which parts, for which venue, scenario and phase."""

    venue_id: int | None
    scenario_id: int | None
    phase_index: int = 0
    parts: frozenset[str] = ALL
    annotation_ids: frozenset[int] = frozenset()  # rows to re-read when the state itself is not
    scenario_ref: int | str | None = None  # a name or id to resolve (the command line's --scenario)
    phase_id: int | None = None  # land on this phase when it is listed (a phase just added or moved)
    phase_ref: int | str | None = None  # land on this phase: number from 1 or name
    phases: tuple[Phase, ...] = ()  # what the dock shows now: used when the phases are not re-read
    shown: ScenarioState | None = None  # idem for the state, patched by annotation_ids

    def merged(self, parts: frozenset[str], annotation_ids: frozenset[int]) -> Want:
        return dataclasses.replace(self, parts=self.parts | parts, annotation_ids=self.annotation_ids | annotation_ids)


@dataclass
class Loaded:
    """What a `Want` read: `scenarios` is None when the chooser was not re-read."""

    venue_id: int | None
    scenario_id: int | None
    scenarios: list[Scenario] | None
    phases: list[Phase]
    phase_index: int
    state: ScenarioState | None
    parts: frozenset[str] = frozenset()
    patched: list[int] = field(default_factory=list)  # annotation rows repainted without re-reading the state


def read_wanted(cat: Catalogue, want: Want) -> Loaded:
    """Run on a read worker: the parts *want* names, the rest taken from what the dock shows."""
    parts = set(want.parts)
    scenario_id = want.scenario_id
    if want.scenario_ref is not None and want.venue_id is not None:
        scenario_id = scenario_reads.resolve_scenario(cat, venue_id=want.venue_id, ref=want.scenario_ref)
        parts |= {PHASES, STATE}
    scenarios = None
    if LIST in parts:
        scenarios = scenario_reads.list_scenarios(cat, venue_id=want.venue_id) if want.venue_id is not None else []
        if scenario_id not in {s.id for s in scenarios}:
            scenario_id = None  # deleted meanwhile (here or elsewhere)
    if scenario_id is None:
        return Loaded(want.venue_id, None, scenarios, [], 0, None, frozenset(parts))
    if scenario_id != want.scenario_id:
        parts |= {PHASES, STATE}
    phases = scenario_reads.load_phases(cat, scenario_id=scenario_id) if PHASES in parts else list(want.phases)
    index = want.phase_index
    if want.phase_ref is not None:
        chosen = scenario_reads.resolve_phase(phases, want.phase_ref)
        index = phases.index(chosen) if chosen is not None else 0
    elif want.phase_id is not None:
        index = next((i for i, p in enumerate(phases) if p.id == want.phase_id), index)
    index = max(0, min(index, len(phases) - 1))
    phase_id = phases[index].id if phases else None
    shown = want.shown
    same_view = (shown is not None and shown.scenario.id == scenario_id
                 and (shown.phase.id if shown.phase else None) == phase_id)
    if STATE not in parts and not same_view:
        parts.add(STATE)
    patched: list[int] = []
    if STATE not in parts and want.annotation_ids:
        state = _patched(cat, shown, want.annotation_ids)
        if state is None:
            parts.add(STATE)
        else:
            shown, patched = state, sorted(want.annotation_ids)
    if STATE in parts:
        shown = scenario_reads.scenario_state(cat, scenario_id=scenario_id, phase_id=phase_id)
    elif scenarios is not None and shown is not None:  # renamed or described: the state names it too
        fresh = next(s for s in scenarios if s.id == scenario_id)
        shown = dataclasses.replace(shown, scenario=fresh) if fresh != shown.scenario else shown
    return Loaded(want.venue_id, scenario_id, scenarios, phases, index, shown, frozenset(parts), patched)


def _patched(cat: Catalogue, shown: ScenarioState, ids: frozenset[int]) -> ScenarioState | None:
    """*shown* with the rows of *ids* re-read, or None when the state itself must be re-read (a row added,
    deleted, moved, re-phased or not the latest version of its marker)."""
    items = {p.annotation.id: n for n, p in enumerate(shown.items)}
    if not ids <= items.keys():
        return None
    new_items = list(shown.items)
    for aid in ids:
        fresh: Annotation | None = annotation_rows.get_annotation(cat, aid)
        old = shown.items[items[aid]]
        if fresh is None or any(getattr(fresh, f) != getattr(old.annotation, f)
                                for f in dataclasses.asdict(fresh) if f not in TEXT_FIELDS):
            return None
        new_items[items[aid]] = dataclasses.replace(old, annotation=fresh)
    return dataclasses.replace(shown, items=new_items)


def parts_for(changes: Changes, *, venue_id: int | None, scenario_id: int | None,
              phase_ids: set[int], shown_ids: set[int], external: bool = False) -> tuple[frozenset[str], frozenset[int]]:
    """The parts of the dock *changes* made stale (and the annotation rows to repaint); nothing for
    another venue's change. A change from another process names no ids: everything."""
    if external:
        return ALL, frozenset()
    if venue_id is None or not changes.touches_venue(venue_id):
        return frozenset(), frozenset()
    if not (changes.scenarios or changes.scenario_ids or changes.phase_ids or changes.annotation_ids):
        return frozenset(), frozenset()
    if not (changes.scenario_ids or changes.phase_ids or changes.annotation_ids):
        return ALL, frozenset()  # a scenario change that names nothing: read it all
    parts: set[str] = set()
    others = changes.scenario_ids - {scenario_id}
    # An edit names its scenario when the call did (add_marker, add_phase...); a row edited or deleted by
    # id (an annotation, a phase, or its undo) may not: unless it names only other scenarios, it may be ours.
    ours = scenario_id in changes.scenario_ids or bool(changes.phase_ids & phase_ids) or bool(
        changes.annotation_ids & shown_ids) or not changes.scenario_ids
    if others or (ours and scenario_id in changes.scenario_ids and not changes.phase_ids
                  and not changes.annotation_ids):
        parts.add(LIST)  # created, duplicated, deleted, renamed, described
    if scenario_id is None or not ours:
        return frozenset(parts), frozenset()
    if changes.phase_ids and not changes.annotation_ids:
        parts |= {PHASES, STATE}  # a phase added, edited, moved or deleted
    elif changes.annotation_ids:
        if changes.annotation_ids <= shown_ids:
            return frozenset(parts), frozenset(changes.annotation_ids)  # rows repainted (or the state if needed)
        parts.add(STATE)  # something placed or removed
    return frozenset(parts), frozenset()
