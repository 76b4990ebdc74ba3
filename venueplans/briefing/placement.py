"""Placing symbols and labels on a crowded sheet: occupied boxes, candidate spots, leader lines.

Every box is paper millimetres (x0, y0, x1, y1). `Occupancy` answers "is this box free?" through a
uniform bucket grid, so a sheet with thousands of symbols and labels costs a few neighbours per test
rather than every box placed so far (a 1,000-annotation storey in seconds, not minutes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from venueplans.briefing import symbols as plan_symbols
from venueplans.briefing.drawing import PT, Circle, Drawing, Item, Path, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import text_width

LEAST_BAD_CANDIDATES = 24  # when nothing is free, the least bad of this many nearest spots
HALO = Style(stroke=None, fill="#ffffff", fill_opacity=0.85)

Box = tuple[float, float, float, float]


@dataclass
class Occupancy:
    """Paper rectangles already used by symbols and labels; a new one must not overlap them (*pad* mm
    apart). Boxes are bucketed in CELL-mm squares; one spanning many buckets is kept aside in `_wide`."""

    boxes: list[Box] = field(default_factory=list)
    pad: float = 0.4
    _buckets: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)
    _wide: list[int] = field(default_factory=list, repr=False)
    _buf: np.ndarray = field(default_factory=lambda: np.zeros((64, 4)), repr=False)  # boxes, for numpy

    CELL = 10.0
    MAX_SPAN = 16  # buckets per side beyond which a box is "wide"

    def __post_init__(self) -> None:
        boxes, self.boxes = list(self.boxes), []
        for b in boxes:
            self.take(b)

    def _span(self, b: Box, pad: float) -> tuple[range, range]:
        c = self.CELL
        return (range(int((b[0] - pad) // c), int((b[2] + pad) // c) + 1),
                range(int((b[1] - pad) // c), int((b[3] + pad) // c) + 1))

    def near(self, box: Box, pad: float | None = None) -> set[int]:
        """Indices (into `boxes`) of the boxes within *pad* of *box* (candidates: a superset)."""
        p = self.pad if pad is None else pad
        xs, ys = self._span(box, p)
        found = set(self._wide)
        if len(xs) * len(ys) > self.MAX_SPAN**2:
            return set(range(len(self.boxes)))
        for i in xs:
            for j in ys:
                found.update(self._buckets.get((i, j), ()))
        return found

    def free(self, box: Box) -> bool:
        """Nothing within `pad` of *box*. Walks the buckets and stops at the first hit (no set built):
        on a crowded sheet most candidates fail at once."""
        x0, y0, x1, y1 = box
        p = self.pad
        boxes = self.boxes

        def hit(k: int) -> bool:
            a, b, c, d = boxes[k]
            return not (x1 + p <= a or x0 - p >= c or y1 + p <= b or y0 - p >= d)

        if any(hit(k) for k in self._wide):
            return False
        xs, ys = self._span(box, p)
        if len(xs) * len(ys) > self.MAX_SPAN**2:
            return not any(hit(k) for k in range(len(boxes)))
        buckets = self._buckets
        for i in xs:
            for j in ys:
                for k in buckets.get((i, j), ()):
                    if hit(k):
                        return False
        return True

    def array(self, idx: Sequence[int]) -> np.ndarray:
        """The boxes at *idx* as an (n, 4) array."""
        return self._buf[np.asarray(idx, dtype=int)]

    def take(self, box: Box) -> None:
        k = len(self.boxes)
        self.boxes.append(box)
        if k >= len(self._buf):
            self._buf = np.concatenate([self._buf, np.zeros_like(self._buf)])
        self._buf[k] = box
        xs, ys = self._span(box, 0.0)
        if len(xs) > self.MAX_SPAN or len(ys) > self.MAX_SPAN:
            self._wide.append(k)
            return
        for i in xs:
            for j in ys:
                self._buckets.setdefault((i, j), []).append(k)



def item_box(item: Item) -> Box | None:
    """Paper bounding box of an item (texts measured with the PDF's font metrics)."""
    if isinstance(item, Path):
        pts = [r for r in item.rings if len(r)]
        if not pts:
            return None
        a = np.concatenate(pts)
        return (float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 0].max()), float(a[:, 1].max()))
    if isinstance(item, Circle):
        (x, y), r = item.centre, item.radius
        return (x - r, y - r, x + r, y + r)
    if isinstance(item, Text):
        return plan_symbols.text_box(item.x, item.y, item.text, item.size, bold=item.bold, anchor=item.anchor,
                                     baseline=item.baseline)
    boxes = [b for b in (item_box(i) for i in item.items) if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass
class Placer:
    """Where symbols and labels may go. Exit badges and access markers must stay readable, and so must
    what the overlay placed already (`hard`); room labels and grid letters should (`soft`)."""

    hard: Occupancy  # the plan's features first, then what the overlay placed
    soft: Occupancy
    area: Box  # the plan area of the sheet: nothing is placed outside it
    features: list[Box] = field(default_factory=list)

    @classmethod
    def for_drawing(cls, d: Drawing, area: Box, bands: Sequence[Box] = ()) -> Placer:
        hard, soft = Occupancy(pad=0.5), Occupancy(pad=0.3)
        for layer, occ in (("features", hard), ("labels", soft)):
            for item in d.layers[layer]:
                b = item_box(item)
                if b is not None:
                    occ.take(b)
        for b in bands:  # the grid's letters and numbers, printed after the overlay
            soft.take(b)
        return cls(hard, soft, area, list(hard.boxes))

    def inside(self, b: Box) -> bool:
        x0, y0, x1, y1 = self.area
        return b[0] >= x0 and b[1] >= y0 and b[2] <= x1 and b[3] <= y1

    def choose(self, boxes: Sequence[Box], *, stay: bool = False) -> int | None:
        """Index of the first box free of everything, else the first clear of exits and symbols, else
        None. With *stay*, the first box (a symbol on its own position) wins when it covers no exit."""
        if stay and self.inside(boxes[0]) and self.hard.free(boxes[0]) and self.soft.free(boxes[0]):
            return 0
        for test in (lambda b: self.hard.free(b) and self.soft.free(b), self.hard.free):
            for i, b in enumerate(boxes):
                if self.inside(b) and test(b):
                    return i
        return None

    def least_bad(self, boxes: Sequence[Box]) -> int:
        """When nothing is free: the box covering no exit badge, then little of the symbols and labels
        placed (they weigh most: a far label on a hairline beats a hidden symbol), of room labels and
        grid letters, and near (boxes come nearest first)."""
        exits = len(self.features)
        cand = np.asarray(boxes[:LEAST_BAD_CANDIDATES], dtype=float).reshape(-1, 4)  # the nearest ones
        span = (float(cand[:, 0].min()), float(cand[:, 1].min()), float(cand[:, 2].max()), float(cand[:, 3].max()))

        def over(occ: Occupancy, weights) -> np.ndarray:
            """Weighted overlap area of each candidate with *occ*'s boxes (one neighbourhood query)."""
            idx = np.fromiter(occ.near(span, 0.0), dtype=int)
            if not len(idx):
                return np.zeros(len(cand))
            o = occ.array(idx)
            w = np.minimum(cand[:, None, 2], o[None, :, 2]) - np.maximum(cand[:, None, 0], o[None, :, 0])
            h = np.minimum(cand[:, None, 3], o[None, :, 3]) - np.maximum(cand[:, None, 1], o[None, :, 1])
            return (np.clip(w, 0, None) * np.clip(h, 0, None)) @ weights(idx)

        inside = np.array([self.inside(tuple(b)) for b in cand])
        cost = (over(self.hard, lambda idx: np.where(idx < exits, 1e6, 5.0))
                + over(self.soft, lambda idx: np.full(len(idx), 1 / 3))
                + 0.5 * np.arange(len(cand)) + np.where(inside, 0.0, 1e4))
        return int(np.argmin(cost))

    def take(self, b: Box) -> None:
        self.hard.take(b)


def ring_offsets(step: float, rings: int = 3) -> list[tuple[float, float]]:
    dirs = [(1, 0), (-1, 0), (0, -1), (0, 1), (0.7, -0.7), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]
    return [(0.0, 0.0)] + [(dx * step * r, dy * step * r) for r in range(1, rings + 1) for dx, dy in dirs]


def shift(b: Box, dx: float, dy: float) -> Box:
    return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)


def text_block(lines: Sequence[tuple[str, float, bool, str]], x: float, y: float, anchor: str
                ) -> tuple[list[Item], Box]:
    """Lines (text, size pt, bold, colour) stacked with their top-left / top-centre / top-right at (x, y),
    on a white halo."""
    heights = [size * PT * 1.2 for _, size, _, _ in lines]
    width = max(text_width(t, s, bold=b) for t, s, b, _ in lines)
    x0 = x if anchor == "start" else x - width / 2 if anchor == "middle" else x - width
    box = (x0 - 0.5, y - 0.2, x0 + width + 0.5, y + sum(heights) + 0.2)
    items: list[Item] = [rectangle(box[0], box[1], box[2] - box[0], box[3] - box[1], HALO)]
    top = y
    for (t, s, b, colour), h in zip(lines, heights, strict=True):
        items.append(Text(x, top + h / 2, t, size=s, bold=b, colour=colour, anchor=anchor, baseline="middle"))
        top += h
    return items, box


def label_near(placer: Placer, target: Box, lines, gap: float = 1.2) -> tuple[list[Item], Box]:
    """A label block beside *target* (right, left, below, above, then farther out): the first free spot,
    else the least bad one (a marker's label is never dropped)."""
    x0, y0, x1, y1 = target
    _, (bx0, by0, bx1, by1) = text_block(lines, 0.0, 0.0, "start")  # measured once, then shifted
    h, w = by1 - by0, bx1 - bx0
    cy, cx = (y0 + y1) / 2 - h / 2, (x0 + x1) / 2
    spots = [(x1 + gap, cy, "start"), (x0 - gap, cy, "end"), (cx, y1 + gap, "middle"), (cx, y0 - gap - h, "middle")]
    for r in range(1, 12):
        d = r * (h + gap)
        spots += [(x1 + gap, cy - d, "start"), (x1 + gap, cy + d, "start"), (x0 - gap, cy - d, "end"),
                  (x0 - gap, cy + d, "end"), (cx, y1 + gap + d, "middle"), (cx, y0 - gap - h - d, "middle")]
    shift_x = {"start": 0.0, "middle": -(w - 1.0) / 2, "end": -(w - 1.0)}
    boxes = [(x + shift_x[a] - 0.5, y - 0.2, x + shift_x[a] - 0.5 + w, y - 0.2 + h) for x, y, a in spots]
    i = placer.choose(boxes)
    i = placer.least_bad(boxes) if i is None else i
    items, box = text_block(lines, *spots[i])
    placer.take(box)
    if i >= 4:  # not beside its target: a hairline says whose label it is
        a, b = nearest_points(box, target)
        items = [polyline([a, b], Style(stroke=lines[0][3], width=0.2)), *items]
    return items, box


def nearest_points(a: Box, b: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    """The closest pair of points of two boxes (for leader lines)."""
    def clamp(v, lo, hi):
        return min(max(v, lo), hi)
    cb = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    pa = (clamp(cb[0], a[0], a[2]), clamp(cb[1], a[1], a[3]))
    return pa, (clamp(pa[0], b[0], b[2]), clamp(pa[1], b[1], b[3]))
