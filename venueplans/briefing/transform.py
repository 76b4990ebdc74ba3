"""From the venue's metres to paper millimetres: a uniform scale with north up.

`PaperTransform` maps the local frame (x east, y north) to the page (x right, y down). Every layer of a
plan sheet — walls, grid, features, and later a scenario's annotations — goes through the same transform,
so they line up on paper exactly as on site.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

# Scales a plan may be printed at (1:N). Dense enough that the chosen one fills most of the page.
NICE_SCALES = (
    50, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 800, 1000, 1250, 1500, 2000, 2500, 3000,
    4000, 5000, 6000, 7500, 8000, 10000, 12500, 15000, 20000, 25000, 50000,
)


@dataclass(frozen=True, slots=True)
class PaperTransform:
    """World point (`west`, `north`) lands at paper (`ox`, `oy`); 1 m is `mm_per_m` millimetres."""

    west: float
    north: float
    ox: float
    oy: float
    mm_per_m: float

    @property
    def scale(self) -> float:
        """N of the printed scale 1:N."""
        return 1000.0 / self.mm_per_m

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (self.ox + (x - self.west) * self.mm_per_m, self.oy + (self.north - y) * self.mm_per_m)

    def points(self, xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return np.c_[self.ox + (xy[:, 0] - self.west) * self.mm_per_m, self.oy + (self.north - xy[:, 1]) * self.mm_per_m]

    def world(self, px: float, py: float) -> tuple[float, float]:
        """Inverse of `point`."""
        return (self.west + (px - self.ox) / self.mm_per_m, self.north - (py - self.oy) / self.mm_per_m)

    def direction(self, dx: float, dy: float) -> tuple[float, float]:
        """A world direction as a unit paper direction (y flips)."""
        n = math.hypot(dx, dy) or 1.0
        return (dx / n, -dy / n)

    def metres(self, mm: float) -> float:
        return mm / self.mm_per_m

    def world_box(self, x0: float, y0: float, x1: float, y1: float) -> BaseGeometry:
        """The world rectangle under the paper rectangle (x0, y0)-(x1, y1)."""
        a, b = self.world(x0, y0), self.world(x1, y1)
        return shapely.box(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))


def choose_scale(width_m: float, height_m: float, width_mm: float, height_mm: float) -> int:
    """The largest nice scale (smallest N) at which *width_m* x *height_m* fits *width_mm* x *height_mm*."""
    needed = max(width_m / max(width_mm, 1e-6), height_m / max(height_mm, 1e-6)) * 1000
    for n in NICE_SCALES:
        if n >= needed - 1e-9:
            return n
    return int(math.ceil(needed / 10000) * 10000)


def nice_length(max_metres: float) -> float:
    """The longest round length (1, 2, 5 x 10^k metres) not exceeding *max_metres* (scale bars)."""
    if max_metres <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(max_metres))
    for m in (5, 2, 1):
        if m * k <= max_metres:
            return float(m * k)
    return float(k)
