"""A small, backend-neutral display list: what a printed page shows, in paper millimetres.

A `Drawing` is one page: named layers, drawn in `LAYERS` order, each a list of items — `Path` (polylines
and polygons with holes), `Circle`, `Text` and `Group` (a symbol or a feature, with metadata such as the
exit number so a viewer can pick it). Coordinates are millimetres from the page's top-left corner, y down
(the SVG and QPainter convention; the PDF writer flips). Arcs are already flattened into polylines, so a
writer needs only lines, fills and text.

The SVG and PDF writers (and the Qt plan view) render the same list, so they show the same thing.
A later scenario phase (markers, routes, areas, text) draws into the "scenario" layer with the sheet's
`PaperTransform` (world metres -> paper), above the plan and under the page frame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

import numpy as np

# Drawing order, bottom to top.
LAYERS = (
    "background", "floor", "spaces", "seating", "structure", "walls", "openings", "stairs", "grid",
    "features", "labels", "scenario", "frame",
)

PT = 25.4 / 72  # one typographic point in millimetres


@dataclass(frozen=True, slots=True)
class Style:
    """Stroke and fill of a path or circle. Widths and dashes in millimetres; colours "#rrggbb"."""

    stroke: str | None = "#000000"
    width: float = 0.25
    fill: str | None = None
    dash: tuple[float, ...] | None = None
    fill_opacity: float = 1.0
    round_joins: bool = False


@dataclass(slots=True)
class Path:
    """One or more rings of points. Closed and filled rings use the even-odd rule (holes are rings)."""

    rings: list[np.ndarray]  # each (n, 2) millimetres
    style: Style
    closed: bool = True


@dataclass(slots=True)
class Circle:
    centre: tuple[float, float]
    radius: float
    style: Style


@dataclass(slots=True)
class Text:
    """A single line of text. `size` in points; `anchor` start | middle | end; `baseline` alphabetic | middle.
    `rotation` in degrees, counter-clockwise as seen on the page."""

    x: float
    y: float
    text: str
    size: float = 8.0
    colour: str = "#000000"
    bold: bool = False
    anchor: str = "start"
    baseline: str = "alphabetic"
    rotation: float = 0.0


@dataclass(slots=True)
class Group:
    """Items that belong together (a feature symbol, a table row). `meta` says what it is, e.g.
    {"kind": "exit", "number": 4, "cell": "C7", "feature_id": 12}; writers keep it (SVG data-* attributes)."""

    items: list[Item] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""  # tooltip / accessible name, e.g. "Exit 4 (C7)"


Item = Union[Path, Circle, Text, Group]  # noqa: UP007 - a runtime alias used in isinstance-free code


@dataclass
class Drawing:
    """One page: `width` x `height` millimetres of layered items."""

    width: float
    height: float
    title: str = ""
    layers: dict[str, list[Item]] = field(default_factory=lambda: {name: [] for name in LAYERS})

    def add(self, layer: str, item: Item) -> Item:
        if layer not in self.layers:
            raise KeyError(f"unknown layer {layer!r} (layers: {', '.join(LAYERS)})")
        self.layers[layer].append(item)
        return item

    def items(self) -> Iterator[tuple[str, Item]]:
        """(layer, item) in drawing order."""
        for name in LAYERS:
            for item in self.layers.get(name, []):
                yield name, item

    def texts(self) -> list[str]:
        """Every text on the page, in drawing order (tests, search)."""
        return [t.text for _, item in self.items() for t in _walk_texts(item)]


def _walk_texts(item: Item) -> Iterator[Text]:
    if isinstance(item, Text):
        yield item
    elif isinstance(item, Group):
        for child in item.items:
            yield from _walk_texts(child)


def polyline(points: Iterable[Sequence[float]], style: Style, *, closed: bool = False) -> Path:
    return Path([np.asarray(list(points), dtype=float).reshape(-1, 2)], style, closed=closed)


def rectangle(x: float, y: float, w: float, h: float, style: Style) -> Path:
    return Path([np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=float)], style, closed=True)


def arc_points(centre: Sequence[float], radius: float, start: float, end: float, *, step_deg: float = 6.0) -> np.ndarray:
    """Points of a circular arc from angle *start* to *end* (radians, mathematical orientation)."""
    n = max(2, int(abs(np.degrees(end - start)) / step_deg) + 1)
    t = np.linspace(start, end, n)
    return np.c_[centre[0] + radius * np.cos(t), centre[1] + radius * np.sin(t)]
