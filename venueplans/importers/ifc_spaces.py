"""Spaces (rooms, halls, corridors, stands) and their footprints in plan.

An `IfcSpace` is the volume of a room. Its *footprint* is that volume seen from above: its triangles
projected to XY and unioned (shapely), simplified to within 1 cm, keeping the largest polygon's
exterior ring. The union of a storey's footprints, grown by a wall's thickness, is the
storey's *interior*: a door with the interior on one side only is on the building's outline.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.ops import unary_union

from venueplans.model.venue import Element, Space

SIMPLIFY = 0.01  # metres
MIN_TRIANGLE_AREA = 1e-6  # m²: vertical faces project to nothing
WALL_GAP = 0.35  # metres: spaces stop at wall faces; grow them by this to close the gaps between rooms


def footprint(triangles: np.ndarray) -> Polygon | None:
    """The union in plan of (M, 3, 3) triangles, or None when they cover no area.

    Over a closed solid, the upward-facing triangles alone cover its whole plan (so do the downward
    ones): unioning one side only halves the work and skips the vertical faces, which project to
    slivers. The side with more area is taken, in case a mesh's orientation is not consistent.
    """
    if not len(triangles):
        return None
    xy = triangles[:, :, :2]
    cross = (xy[:, 1, 0] - xy[:, 0, 0]) * (xy[:, 2, 1] - xy[:, 0, 1]) - (xy[:, 1, 1] - xy[:, 0, 1]) * (
        xy[:, 2, 0] - xy[:, 0, 0]
    )
    up, down = cross / 2 > MIN_TRIANGLE_AREA, cross / 2 < -MIN_TRIANGLE_AREA
    side = up if cross[up].sum() >= -cross[down].sum() else down
    xy = xy[side]
    if not len(xy):
        return None
    rings = np.concatenate([xy, xy[:, :1]], axis=1)
    merged = shapely.union_all(shapely.polygons(rings))
    polys = [g for g in getattr(merged, "geoms", [merged]) if isinstance(g, Polygon) and not g.is_empty]
    return max(polys, key=lambda p: p.area) if polys else None


def read_spaces(elements: list[Element], space_triangles: dict[int, np.ndarray]) -> tuple[list[Space], dict]:
    """A `Space` per IfcSpace element, and storey index -> footprints (for `storey_interiors`)."""
    spaces: list[Space] = []
    by_storey: dict[int | None, list[Polygon]] = {}
    for el in elements:
        if el.category != "space":
            continue
        poly = footprint(space_triangles.get(el.index, np.zeros((0, 3, 3))))
        ring: list[tuple[float, float]] = []
        area = 0.0
        if poly is not None:
            by_storey.setdefault(el.storey, []).append(poly)
            area = float(poly.area)
            simple = poly.simplify(SIMPLIFY, preserve_topology=True)
            ring = [(round(x, 4), round(y, 4)) for x, y in list(simple.exterior.coords)[:-1]]
        spaces.append(
            Space(
                name=el.name,
                long_name=str((el.properties.get("Attributes") or {}).get("LongName") or ""),
                storey=el.storey,
                footprint=ring,
                area=round(area, 3),
                guid=el.guid,
                element=el.index,
                properties=el.properties,
            )
        )
    return spaces, by_storey


def storey_interiors(footprints: dict[int | None, list[Polygon]]) -> dict[int | None, Polygon]:
    """Storey index -> union of its space footprints grown by WALL_GAP (the inside of the building)."""
    return {
        s: unary_union([p.buffer(WALL_GAP, join_style="mitre") for p in polys])
        for s, polys in footprints.items()
        if polys
    }
