"""Horizontal sections: what a floor plan shows is the building cut by a plane at about chest height.

An architect's plan is the storey cut by a horizontal plane (conventionally ~1.2 m above the floor) and
seen from above: the cut solids (walls, columns) are filled, everything else is drawn in outline. Here the
stored triangles are cut with numpy, all triangles at once, and the resulting segments become shapely
polygons element by element with the even-odd rule, so a ring-shaped wall keeps its hole while two walls
that overlap at a corner simply merge.

Nothing here knows about storeys or categories: it is triangles in, 2D shapes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from venueplans.model.geometry import InstanceSet, MeshBatch

# Endpoints are snapped to this grid (metres) so that the two triangles sharing an edge produce exactly
# the same point and the segments close into rings. 0.1 mm is far below anything drawn on paper.
SNAP = 1e-4


@dataclass(slots=True)
class Section:
    """The cut of some triangle meshes by one horizontal plane at height *z*.

    `polygons[i]` is the filled cut of element `elements[i]` (solids: walls, columns). `lines` holds the
    linework of elements whose cut does not close into rings (open surfaces, broken meshes): a plan
    still draws it, as thin lines.
    """

    z: float
    polygons: np.ndarray  # (n,) shapely Polygon | MultiPolygon, never empty
    elements: np.ndarray  # (n,) int32, element index of each polygon
    lines: BaseGeometry  # MultiLineString (possibly empty)

    @classmethod
    def empty(cls, z: float) -> Section:
        return cls(z, np.empty(0, dtype=object), np.empty(0, dtype=np.int32), shapely.MultiLineString())

    @property
    def is_empty(self) -> bool:
        return len(self.polygons) == 0 and self.lines.is_empty

    def area(self) -> BaseGeometry:
        """All cut solids merged into one (Multi)Polygon."""
        if len(self.polygons) == 0:
            return shapely.MultiPolygon()
        return shapely.union_all(self.polygons)

    def bounds(self) -> tuple[float, float, float, float] | None:
        geoms = [g for g in (*self.polygons, self.lines) if not g.is_empty]
        if not geoms:
            return None
        b = shapely.bounds(np.array(geoms, dtype=object))
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def cut_triangles(vertices: np.ndarray, triangles: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Segments where the plane at height *z* crosses the triangles: ((K, 2, 2) xy pairs, (K,) triangle ids).

    A vertex exactly on the plane counts as above it. With that one convention every crossed triangle has
    exactly one vertex alone on its side, neighbouring triangles agree on shared edges (closed rings), and
    faces lying in the plane produce nothing instead of degenerate slivers.
    """
    if len(triangles) == 0 or len(vertices) == 0:
        return np.empty((0, 2, 2)), np.empty(0, dtype=np.int64)
    zs = vertices[:, 2].astype(np.float64)
    above_v = zs >= z
    tri = triangles.astype(np.int64, copy=False)
    above = above_v[tri]  # (M, 3)
    n_above = above.sum(axis=1)
    crossed = np.flatnonzero((n_above == 1) | (n_above == 2))
    if len(crossed) == 0:
        return np.empty((0, 2, 2)), np.empty(0, dtype=np.int64)
    tri = tri[crossed]
    above = above[crossed]
    # The lone vertex is the one above when only one is above, else the one below.
    lone_is_above = n_above[crossed] == 1
    lone_mask = np.where(lone_is_above[:, None], above, ~above)
    lone = np.argmax(lone_mask, axis=1)
    rows = np.arange(len(tri))
    a = tri[rows, lone]
    b = tri[rows, (lone + 1) % 3]
    c = tri[rows, (lone + 2) % 3]
    p = vertices[:, :3].astype(np.float64, copy=False)
    pa, pb, pc = p[a], p[b], p[c]
    da, db, dc = zs[a] - z, zs[b] - z, zs[c] - z
    # da and db have opposite "sides" by construction, so da - db is never 0.
    t1 = (da / (da - db))[:, None]
    t2 = (da / (da - dc))[:, None]
    q1 = pa[:, :2] + t1 * (pb[:, :2] - pa[:, :2])
    q2 = pa[:, :2] + t2 * (pc[:, :2] - pa[:, :2])
    return np.stack([q1, q2], axis=1), crossed


def section_meshes(meshes: Iterable[MeshBatch], z: float, *, snap: float = SNAP) -> Section:
    """Cut several batches at height *z* and build one polygon (set) per element."""
    seg_parts, elem_parts = [], []
    for mesh in meshes:
        if mesh.n_triangles == 0:
            continue
        zmin, zmax = float(mesh.vertices[:, 2].min()), float(mesh.vertices[:, 2].max())
        if not (zmin <= z <= zmax):
            continue
        segs, tri_ids = cut_triangles(mesh.vertices, mesh.triangles, z)
        if len(segs):
            seg_parts.append(segs)
            elem_parts.append(mesh.elements[tri_ids].astype(np.int64))
    if not seg_parts:
        return Section.empty(z)
    return polygons_from_segments(np.concatenate(seg_parts), np.concatenate(elem_parts), z, snap=snap)


def section_instances(instances: Iterable[InstanceSet], z: float, *, snap: float = SNAP) -> Section:
    """Cut instanced shapes: only the placements whose extent reaches the plane are expanded."""
    batches = []
    for inst in instances:
        if len(inst.transforms) == 0 or len(inst.vertices) == 0:
            continue
        reach = float(np.abs(inst.vertices).max()) * 1.8  # generous: any rotation and scale up to ~1.8
        near = np.abs(inst.transforms[:, 2, 3] - z) <= reach
        if near.any():
            subset = InstanceSet(inst.storey, inst.category, inst.vertices, inst.triangles,
                                 inst.transforms[near], inst.elements[near])
            batches.append(subset.expanded())
    return section_meshes(batches, z, snap=snap)


def polygons_from_segments(segments: np.ndarray, elements: np.ndarray, z: float, *, snap: float = SNAP) -> Section:
    """Per-element polygons (even-odd rule) from cut segments; elements that do not close give lines."""
    segs = np.round(segments / snap) * snap
    keep = np.any(segs[:, 0] != segs[:, 1], axis=1)
    segs, elements = segs[keep], elements[keep]
    if len(segs) == 0:
        return Section.empty(z)
    order = np.argsort(elements, kind="stable")
    segs, elements = segs[order], elements[order]
    ids, group = np.unique(elements, return_inverse=True)
    lines = shapely.linestrings(segs)
    linework = shapely.multilinestrings(lines, indices=group)
    # node(): the solids of one element may overlap (multi-item representations); noding lets the
    # polygonizer see their crossings. build_area() applies the even-odd rule to nested rings.
    areas = shapely.build_area(shapely.node(linework))
    ok = ~shapely.is_empty(areas) & (shapely.area(areas) > snap * snap)
    areas = shapely.make_valid(areas[ok])
    areas = np.array([_polygonal(g) for g in areas], dtype=object)
    nonempty = ~shapely.is_empty(areas) if len(areas) else np.zeros(0, dtype=bool)
    open_work = linework[~ok]
    merged = shapely.line_merge(shapely.union_all(open_work)) if len(open_work) else shapely.MultiLineString()
    return Section(z, areas[nonempty], ids[ok][nonempty].astype(np.int32), _as_multilines(merged))


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of *geom* (make_valid may return collections with stray lines)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _as_multilines(geom: BaseGeometry) -> BaseGeometry:
    if geom.is_empty:
        return shapely.MultiLineString()
    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "LineString"]
    return shapely.MultiLineString(parts)
