"""`Changes`: what an operation changed, so each view refreshes only what it must (Anki's OpChanges).

The flags say which kind of thing changed (the venue's details, the list of venues, its geometry, its
features, its scenarios); the id sets name the rows, so a panel showing feature 7 can ignore an edit of
feature 9 and a window showing venue 2 can ignore an import of venue 5. `venue_id` (the one venue an
op is about) is always in `venue_ids`.

Ops fill what they know; `named_by_call` adds what the call itself names (ops take keyword ids:
`feature_id=`, `scenario_id=`, ...) and the id of a created row (`Added.id`), so the op runner can
broadcast a complete record without every op repeating its arguments.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ID_KINDS = ("venue", "feature", "photo", "scenario", "phase", "annotation")

# The kind of row an op creates (the id an `Added` carries), by op name.
CREATES = {
    "add_feature": "feature", "mark_as_exit": "feature", "add_photo": "photo",
    "create_scenario": "scenario", "duplicate_scenario": "scenario", "import_scenario": "scenario",
    "example_scenario": "scenario", "add_phase": "phase",
    "add_marker": "annotation", "move_marker": "annotation", "route_to_scenario": "annotation", "add_route": "annotation", "add_area": "annotation", "add_text": "annotation",
    "import_venue": "venue", "import_bundle": "venue",
}


def _ids(values: Iterable[int] | None) -> frozenset[int]:
    return frozenset(int(v) for v in values or () if v is not None)


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views refresh only what they must."""

    venue_id: int | None = None
    venue: bool = False  # metadata (name, address, sign-off...)
    catalogue: bool = False  # the list of venues
    geometry: bool = False
    features: bool = False
    scenarios: bool = False
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    venue_ids: frozenset[int] = frozenset()
    feature_ids: frozenset[int] = frozenset()
    photo_ids: frozenset[int] = frozenset()
    scenario_ids: frozenset[int] = frozenset()
    phase_ids: frozenset[int] = frozenset()
    annotation_ids: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        for kind in ID_KINDS:
            name = f"{kind}_ids"
            object.__setattr__(self, name, _ids(getattr(self, name)))
        if self.venue_id is not None and self.venue_id not in self.venue_ids:
            object.__setattr__(self, "venue_ids", self.venue_ids | {self.venue_id})

    def touches_venue(self, venue_id: int | None) -> bool:
        """True when this change may concern *venue_id* (a change naming no venue concerns every one)."""
        return not self.venue_ids or venue_id in self.venue_ids

    def with_ids(self, **ids: Iterable[int]) -> Changes:
        """A copy with more ids (keyword = kind: feature=[7], scenario=[2]...)."""
        extra = {f"{k}_ids": getattr(self, f"{k}_ids") | _ids(v) for k, v in ids.items()}
        return dataclasses.replace(self, **extra)


def named_by_call(changes: Changes, op_name: str, kwargs: Mapping[str, Any]) -> Changes:
    """*changes* with the ids the op was called with (`feature_id=7`...) and the id it created."""
    ids: dict[str, list[int]] = {}
    for kind in ID_KINDS:
        value = kwargs.get(f"{kind}_id")
        if isinstance(value, int) and not isinstance(value, bool):
            ids.setdefault(kind, []).append(value)
    created, kind = getattr(changes, "id", None), CREATES.get(op_name)
    if isinstance(created, int) and kind:
        ids.setdefault(kind, []).append(created)
    return changes.with_ids(**ids) if ids else changes
