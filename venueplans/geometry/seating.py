"""Seating blocks: seat placements grouped into outlined, counted blocks (a stadium's 40,000 seats make a few
dozen polygons, never 40,000 symbols). Part of a storey's plan (`geometry.plan2d`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from venueplans.geometry.raster import raster_faces
from venueplans.model.geometry import InstanceSet

# Repeated furniture is not always seating (a dining set, plant pots): a block needs this many seats.
MIN_BLOCK_SEATS = 8


@dataclass(slots=True)
class SeatingBlock:
    outline: BaseGeometry
    seats: int
    anchor: tuple[float, float]


def seat_positions(instances: Sequence[InstanceSet]) -> np.ndarray:
    """Plan positions (N, 2) of the furniture placements of *instances* (seats, for a stadium)."""
    parts = [i.transforms[:, :2, 3].astype(np.float64) for i in instances if i.category == "furniture"]
    parts = [p for p in parts if len(p)]
    return np.concatenate(parts) if parts else np.empty((0, 2))


def seating_blocks(
    positions: np.ndarray, *, link: float = 1.2, seat: float = 0.5, cell: float = 0.2
) -> list[SeatingBlock]:
    """Group seat positions (N, 2) into blocks: seats up to *link* metres apart (seat to seat, row to row)
    share a block; aisles wider than that separate blocks.

    Each seat is stamped on a raster of *cell* metres as a disc of diameter *link*, so neighbours touch
    and aisles stay open. A block is a region of the raster, outlined as a face
    (`geometry.raster.raster_faces`) that counts the seats whose cells it holds, shrunk back to
    the seats' own extent (*seat* wide) and smoothed. 40,000 seats take a fraction of a second and make
    no Python object per seat or per raster edge (the plan is built beside the GUI thread: see
    bench/bench_plan_build.py).
    """
    pts = np.asarray(positions, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    if len(pts) == 0:
        return []
    span = float(np.max(pts.max(axis=0) - pts.min(axis=0)))
    cell = max(cell, span / 4000)  # keeps the raster under ~16 M cells for any venue
    radius = link / 2 / cell
    reach = int(math.ceil(radius))
    origin = pts.min(axis=0) - (reach + 1) * cell
    ij = np.floor((pts - origin) / cell).astype(np.int64)
    raster = np.zeros((int(ij[:, 1].max()) + reach + 2, int(ij[:, 0].max()) + reach + 2), dtype=bool)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            if dx * dx + dy * dy <= radius * radius + 0.25:
                raster[ij[:, 1] + dy, ij[:, 0] + dx] = True
    blocks = raster_faces(raster, cell, origin)  # a hole in a block comes back as a seatless face
    if len(blocks) == 0:
        return []
    # Seats per face: each seat's cell centre (half a cell inside the outline: no rounding puts it in the
    # wrong face) tested against the faces whose box holds it; faces partition the raster's set cells.
    centres = origin + (ij + 0.5) * cell
    x, y = centres[:, 0], centres[:, 1]
    shapely.prepare(blocks)
    counts = np.zeros(len(blocks), dtype=np.int64)
    for k, (block, (x0, y0, x1, y1)) in enumerate(zip(blocks, shapely.bounds(blocks), strict=True)):
        near = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        if len(near):
            counts[k] = int(np.count_nonzero(shapely.contains_xy(block, x[near], y[near])))
    shrink = radius * cell - seat / 2
    # Shrink back to the seats, then close (grow and shrink by a row's depth) so the staggered ends of
    # curved rows read as one smooth edge instead of a saw; simplifying irons out the raster steps.
    close = link / 2
    outlines = shapely.simplify(blocks, cell)
    outlines = shapely.buffer(outlines, -shrink, quad_segs=2)
    outlines = shapely.buffer(shapely.buffer(outlines, close, quad_segs=2), -close, quad_segs=2)
    outlines = shapely.simplify(outlines, max(cell * 1.5, 0.3))
    result = []
    for outline, count in zip(outlines, counts.tolist(), strict=True):
        polys = [g for g in shapely.get_parts(shapely.make_valid(outline)) if g.geom_type == "Polygon"]
        polys = [g for g in polys if not g.is_empty]
        if count == 0 or not polys:
            continue
        main = max(polys, key=lambda g: g.area)
        anchor = polylabel(main, tolerance=max(0.1, math.sqrt(main.area) / 50))
        result.append(SeatingBlock(shapely.MultiPolygon(polys) if len(polys) > 1 else main, int(count),
                                   (anchor.x, anchor.y)))
    return result
