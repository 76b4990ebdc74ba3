"""Scenarios and their phases: typed reads and writes (annotations: `catalogue.annotations`).

Writes run inside the caller's `cat.atomic()`; they check nothing beyond the schema's constraints
(the rules live in `ops.scenario_edits`).
"""

from __future__ import annotations

from collections.abc import Sequence

from venueplans.catalogue.db import Catalogue, now
from venueplans.model.scenario import Phase, Scenario


def _scenario(row) -> Scenario:
    return Scenario(row["venue_id"], row["name"], row["description"], row["id"], row["created"], row["updated"])


def get_scenario(cat: Catalogue, scenario_id: int) -> Scenario | None:
    row = cat.conn.execute("SELECT * FROM scenarios WHERE id = ?", (scenario_id,)).fetchone()
    return _scenario(row) if row is not None else None


def list_scenarios(cat: Catalogue, venue_id: int) -> list[Scenario]:
    """The venue's scenarios by name (case-insensitive), then id."""
    return [_scenario(r) for r in cat.conn.execute(
        "SELECT * FROM scenarios WHERE venue_id = ? ORDER BY name COLLATE NOCASE, id", (venue_id,))]


def scenario_in_venue(cat: Catalogue, venue_id: int, scenario_id: int) -> bool:
    return cat.conn.execute("SELECT 1 FROM scenarios WHERE id = ? AND venue_id = ?",
                            (scenario_id, venue_id)).fetchone() is not None


def scenarios_named(cat: Catalogue, venue_id: int, name: str, *, exclude: int | None = None) -> list[int]:
    """Ids of the venue's scenarios called *name* (any case), except *exclude*."""
    return [int(r[0]) for r in cat.conn.execute(
        "SELECT id FROM scenarios WHERE venue_id = ? AND name = ? COLLATE NOCASE AND id IS NOT ? ORDER BY id",
        (venue_id, name, exclude))]


def insert_scenario(cat: Catalogue, venue_id: int, name: str, description: str = "") -> int:
    stamp = now()
    return int(cat.db["scenarios"].insert(
        {"venue_id": venue_id, "name": name, "description": description or "", "created": stamp,
         "updated": stamp}).last_pk)


def update_scenario(cat: Catalogue, scenario_id: int, *, name: str | None = None,
                    description: str | None = None) -> None:
    """Set the name and/or description (None: unchanged) and the `updated` stamp."""
    changes: dict[str, str] = {"updated": now()}
    if name is not None:
        changes["name"] = name
    if description is not None:
        changes["description"] = description
    cat.db["scenarios"].update(scenario_id, changes)


def touch_scenario(cat: Catalogue, scenario_id: int) -> None:
    """Stamp the scenario as updated now (its phases or annotations changed)."""
    cat.db["scenarios"].update(scenario_id, {"updated": now()})


def delete_scenario(cat: Catalogue, scenario_id: int) -> None:
    """Delete the scenario; its phases and annotations go with it (foreign-key cascade)."""
    cat.db["scenarios"].delete(scenario_id)


def scenario_size(cat: Catalogue, scenario_id: int) -> tuple[int, int]:
    """(phases, annotations) of the scenario."""
    row = cat.conn.execute(
        "SELECT (SELECT count(*) FROM phases WHERE scenario_id = ?), "
        "(SELECT count(*) FROM annotations WHERE scenario_id = ?)", (scenario_id, scenario_id)).fetchone()
    return int(row[0]), int(row[1])


# ------------------------------------------------------------------------------------------- phases


def load_phases(cat: Catalogue, scenario_id: int) -> list[Phase]:
    """Phases in order; `Phase.index` is the position (0 = first)."""
    return [Phase(r["scenario_id"], r["name"], i, r["time_offset"], r["notes"], r["id"])
            for i, r in enumerate(cat.conn.execute(
                "SELECT * FROM phases WHERE scenario_id = ? ORDER BY ord, id", (scenario_id,)))]


def phase_scenario(cat: Catalogue, phase_id: int) -> int | None:
    """The scenario a phase belongs to (None: no such phase)."""
    row = cat.conn.execute("SELECT scenario_id FROM phases WHERE id = ?", (phase_id,)).fetchone()
    return int(row[0]) if row is not None else None


def insert_phase(cat: Catalogue, scenario_id: int, order: int, phase: Phase) -> int:
    return int(cat.db["phases"].insert(
        {"scenario_id": scenario_id, "ord": order, "name": phase.name, "time_offset": phase.time_offset,
         "notes": phase.notes}).last_pk)


def update_phase(cat: Catalogue, phase_id: int, *, name: str, time_offset: int, notes: str) -> None:
    cat.db["phases"].update(phase_id, {"name": name, "time_offset": time_offset, "notes": notes})


def set_phase_order(cat: Catalogue, phase_ids: Sequence[int]) -> None:
    """Number the phases 0, 1, 2... in the order given."""
    cat.conn.executemany("UPDATE phases SET ord = ? WHERE id = ?", [(i, pid) for i, pid in enumerate(phase_ids)])


def delete_phase(cat: Catalogue, phase_id: int) -> int:
    """Delete a phase and the annotations placed in it; returns how many annotations went."""
    n = cat.conn.execute("DELETE FROM annotations WHERE phase_id = ?", (phase_id,)).rowcount
    cat.conn.execute("DELETE FROM phases WHERE id = ?", (phase_id,))
    return int(n)
