"""Exercise scenarios: what a trainer draws on a venue's plan, phase by phase.

A *scenario* belongs to one venue ("armed intruder in the stalls"). It is played in ordered *phases*
("Set-up", "Entry", "Evacuation"), each at a *time offset* from H hour, written "H+00:05" (hours and
minutes after H; "H-00:30" is before it; seconds are allowed, "H+00:05:30").

*Annotations* are drawn on a storey, each optionally in a phase:

- marker: one point with a tactical symbol (`venueplans.model.symbols.TACTICAL_SYMBOLS`);
- route: a polyline on the floors; it may change storey through a stair, so every point carries its
  own z and storey index;
- area: a polygon (a cordon, a danger zone);
- text: a note placed at a point.

An annotation with no phase is always shown. In a later phase, an annotation with the same `ref` as an
earlier one *replaces* it: that is how a phase moves a team. The state of the scenario at a phase
(`ScenarioState`) keeps, for each ref, the latest version and the *track*: the positions the marker
took, phase after phase, so a viewer can draw the way it went.

Coordinates are metres in the venue's local frame (x east, y north, z up), like the rest of the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from venueplans.i18n import N_, tr
from venueplans.model.symbols import TACTICAL_SYMBOLS, TacticalSymbol, tactical_symbol

__all__ = [
    "ANNOTATION_TYPES", "AREA_KINDS", "DEFAULT_COLOURS", "TACTICAL_SYMBOLS", "Annotation", "AreaKind",
    "Phase", "PlacedAnnotation", "Point", "Scenario", "ScenarioState", "TacticalSymbol", "TrackStep",
    "format_time_offset", "parse_time_offset", "tactical_symbol",
]

ANNOTATION_TYPES = ("marker", "route", "area", "text")

# A point of an annotation: x, y, z in metres and the storey index it stands on (None: no storey).
Point = tuple[float, float, float, int | None]


@dataclass(frozen=True, slots=True)
class AreaKind:
    key: str
    label: str
    colour: str


AREA_KINDS: dict[str, AreaKind] = {
    a.key: a
    for a in (
        AreaKind("cordon", N_("Cordon"), "#f2b600"),
        AreaKind("danger_zone", N_("Danger zone"), "#d7191c"),
        AreaKind("area", N_("Area"), "#6a3d9a"),
    )
}

# Colour of an annotation drawn without one (markers take their symbol's colour, areas their kind's).
DEFAULT_COLOURS = {"route": "#0066cc", "text": "#000000"}

_OFFSET = re.compile(r"^H?\s*(?:([+-])\s*)?(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


def parse_time_offset(text: str | int) -> int:
    """Seconds after H for "H+00:05" (5 minutes), "H-01:30", "H+00:05:30", "H" or a number of seconds."""
    if isinstance(text, bool):
        raise ValueError(tr("time offset {text!r} is not like H+00:05").format(text=text))
    if isinstance(text, int):
        return text
    s = str(text).strip().upper().replace(" ", "")
    if s == "H":
        return 0
    m = _OFFSET.match(s)
    if not m:
        raise ValueError(tr("time offset {text!r} is not like H+00:05 (hours:minutes after H hour)").format(text=text))
    sign = -1 if m.group(1) == "-" else 1
    return sign * (int(m.group(2)) * 3600 + int(m.group(3)) * 60 + int(m.group(4) or 0))


def format_time_offset(seconds: int) -> str:
    """"H+00:05" for 300 s; seconds are shown only when there are some ("H+00:05:30")."""
    sign = "-" if seconds < 0 else "+"
    s = abs(int(seconds))
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"H{sign}{hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


@dataclass(slots=True)
class Scenario:
    venue_id: int
    name: str
    description: str = ""
    id: int | None = None
    created: str | None = None
    updated: str | None = None


@dataclass(slots=True)
class Phase:
    """One step of a scenario. `index` is its place in the scenario (0 = first)."""

    scenario_id: int
    name: str
    index: int
    time_offset: int = 0  # seconds after H hour
    notes: str = ""
    id: int | None = None

    @property
    def time_label(self) -> str:
        return format_time_offset(self.time_offset)


@dataclass(slots=True)
class Annotation:
    """A marker, route, area or text drawn in a scenario. `storey` is the storey it is filed under
    (a route's first point); each point also carries its own storey."""

    scenario_id: int
    type: str  # one of ANNOTATION_TYPES
    storey: int | None
    points: list[Point]
    phase_id: int | None = None  # None: always shown
    symbol: str = ""  # marker: TACTICAL_SYMBOLS key; area: AREA_KINDS key
    label: str = ""  # text annotations: the text
    team: str = ""
    colour: str = ""  # "#rrggbb"; "" = the symbol's or kind's colour
    notes: str = ""
    ref: str = ""  # identity across phases: a later annotation with the same ref replaces this one
    id: int | None = None

    @property
    def position(self) -> tuple[float, float, float]:
        x, y, z, _ = self.points[0]
        return (x, y, z)

    @property
    def sidc(self) -> str:
        sym = TACTICAL_SYMBOLS.get(self.symbol) if self.type == "marker" else None
        return sym.sidc if sym else ""

    @property
    def display_colour(self) -> str:
        if self.colour:
            return self.colour
        if self.type == "marker" and self.symbol in TACTICAL_SYMBOLS:
            return TACTICAL_SYMBOLS[self.symbol].colour
        if self.type == "area":
            return AREA_KINDS.get(self.symbol, AREA_KINDS["area"]).colour
        return DEFAULT_COLOURS.get(self.type, "#000000")


@dataclass(frozen=True, slots=True)
class TrackStep:
    """Where a marker stood from one phase on (phase None: before the first phase)."""

    phase_id: int | None
    phase: str
    position: tuple[float, float, float]
    storey: int | None


@dataclass(slots=True)
class PlacedAnnotation:
    """One annotation as shown at a phase: its latest version, plus the track it took to get there."""

    annotation: Annotation
    phase: str  # name of the phase that placed this version ("" when always shown)
    storey_name: str
    track: list[TrackStep] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        return len(self.track) > 1

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the briefing and other consumers: no ids they must resolve."""
        a = self.annotation
        return {
            "ref": a.ref,
            "type": a.type,
            "symbol": a.symbol,
            "sidc": a.sidc,
            "label": a.label,
            "team": a.team,
            "colour": a.display_colour,
            "notes": a.notes,
            "phase": self.phase,
            "storey": a.storey,
            "storey_name": self.storey_name,
            "points": [[x, y, z, s] for x, y, z, s in a.points],
            "track": [
                {"phase": t.phase, "position": list(t.position), "storey": t.storey} for t in self.track
            ],
        }


@dataclass(slots=True)
class ScenarioState:
    """What the plan shows at one phase: everything placed up to and including it."""

    scenario: Scenario
    phase: Phase | None  # None: before the first phase (only annotations with no phase)
    items: list[PlacedAnnotation]

    def on_storey(self, storey: int | None) -> list[PlacedAnnotation]:
        """Items with at least one point on *storey* (a route crossing floors appears on each)."""
        return [p for p in self.items if any(pt[3] == storey for pt in p.annotation.points)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "phase": None if self.phase is None else {
                "name": self.phase.name, "index": self.phase.index, "time": self.phase.time_label,
                "notes": self.phase.notes,
            },
            "items": [p.as_dict() for p in self.items],
        }
