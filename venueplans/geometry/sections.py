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

from venueplans.geometry.linework import multilines_from_segments
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
    # Orient each segment with the solid on its left (outward normal on its right): the rings of a
    # consistently wound closed mesh then run counter-clockwise around solids and clockwise around holes.
    # (a, b, c) is a rotation of the triangle's own order, so the normal keeps the mesh's winding.
    normal = np.cross(pb - pa, pc - pa)[:, :2]
    d = q2 - q1
    flip = (d[:, 1] * normal[:, 0] - d[:, 0] * normal[:, 1]) < 0
    q1[flip], q2[flip] = q2[flip].copy(), q1[flip].copy()
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
    """Per-element polygons from oriented cut segments; elements whose cut does not close give lines.

    Segments are chained into rings following their direction. Counter-clockwise rings bound solid,
    clockwise rings bound holes: an element's area is its solids minus its holes (plus any solid lying
    inside a hole), which merges overlapping solids (walls of one mesh crossing at corners) and keeps a
    ring-shaped wall hollow. Where the chaining leaves loose ends (solids touching along an edge, broken
    meshes) the element is filled by `winding_fill` instead.
    """
    segs = np.round(segments / snap) * snap
    keep = np.any(segs[:, 0] != segs[:, 1], axis=1)
    segs, elements = segs[keep], elements[keep]
    if len(segs) == 0:
        return Section.empty(z)
    order = np.argsort(elements, kind="stable")
    segs, elements = segs[order], elements[order]
    ids, group = np.unique(elements, return_inverse=True)
    bounds = np.searchsorted(group, np.arange(len(ids) + 1))
    linework = multilines_from_segments(segs, bounds)  # no Python object per segment (geometry.linework)
    chains, owner = shapely.get_parts(shapely.line_merge(linework, directed=True), return_index=True)
    closed = shapely.is_closed(chains) & (shapely.get_num_coordinates(chains) >= 4)
    loose = np.zeros(len(ids), dtype=bool)
    loose[owner[~closed]] = True

    rings, ring_owner = chains[closed & ~loose[owner]], owner[closed & ~loose[owner]]
    polys = shapely.polygons(shapely.linearrings(shapely.get_coordinates(rings), indices=_coord_groups(rings)))
    solid = shapely.is_ccw(shapely.get_exterior_ring(polys))
    areas = np.empty(len(ids), dtype=object)
    areas[:] = None
    counts = np.bincount(ring_owner, minlength=len(ids))
    single = (counts == 1) & ~loose
    single_at = np.flatnonzero(single[ring_owner])
    areas[ring_owner[single_at]] = polys[single_at]  # a lone ring is a solid, whichever way it turns
    for e in np.flatnonzero((counts > 1) & ~loose):
        mine = np.flatnonzero(ring_owner == e)
        is_solid = solid[mine]
        if not is_solid[np.argmax(shapely.area(polys[mine]))]:  # outermost ring clockwise: inside-out mesh
            is_solid = ~is_solid
        areas[e] = _solids_minus_holes(polys[mine[is_solid]], polys[mine[~is_solid]])
    for e in np.flatnonzero(loose):
        areas[e] = winding_fill(segs[bounds[e] : bounds[e + 1]])

    ok = np.array([a is not None and not a.is_empty and a.area > snap * snap for a in areas], dtype=bool)
    fixed = shapely.make_valid(np.asarray([a for a in areas[ok]], dtype=object)) if ok.any() else np.empty(0)
    polygons = np.array([_polygonal(g) for g in fixed], dtype=object)
    nonempty = ~shapely.is_empty(polygons) if len(polygons) else np.zeros(0, dtype=bool)
    open_work = linework[~ok]
    merged = shapely.line_merge(shapely.union_all(open_work)) if len(open_work) else shapely.MultiLineString()
    return Section(z, polygons[nonempty], ids[ok][nonempty].astype(np.int32), _as_multilines(merged))


def winding_fill(segments: np.ndarray) -> BaseGeometry:
    """The area enclosed by oriented segments under the non-zero winding rule.

    The segments are noded and polygonized into faces; a face is solid when the directed segments wind
    around a point inside it (counted along a ray to the east, found with an STRtree). Solids that overlap
    or touch merge, holes stay open, and an inside-out mesh (winding -1) still fills.
    """
    lines = shapely.linestrings(segments)
    faces = shapely.get_parts(shapely.polygonize([shapely.node(shapely.multilinestrings(lines))]))
    if len(faces) == 0:
        return shapely.Polygon()
    probes = shapely.point_on_surface(faces)
    px, py = shapely.get_x(probes), shapely.get_y(probes)
    east = float(segments[:, :, 0].max()) + 1.0
    rays = shapely.linestrings(np.stack([np.c_[px, py], np.c_[np.full_like(px, east), py]], axis=1))
    face_i, seg_i = shapely.STRtree(lines).query(rays, predicate="intersects")
    y1, y2 = segments[seg_i, 0, 1], segments[seg_i, 1, 1]
    x1, x2 = segments[seg_i, 0, 0], segments[seg_i, 1, 0]
    fy = py[face_i]
    straddles = (y1 > fy) != (y2 > fy)  # half-open: a vertex on the ray counts once
    with np.errstate(divide="ignore", invalid="ignore"):
        xc = x1 + (fy - y1) * (x2 - x1) / (y2 - y1)
    crossing = straddles & (xc > px[face_i])
    winding = np.zeros(len(faces), dtype=np.int64)
    np.add.at(winding, face_i[crossing], np.where(y2[crossing] > y1[crossing], 1, -1))
    filled = faces[winding != 0]
    if len(filled) == 0:
        return shapely.Polygon()
    return shapely.coverage_union_all(filled)  # faces of one polygonization never overlap


def _coord_groups(lines: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(lines)), shapely.get_num_coordinates(lines))


def _solids_minus_holes(solids: np.ndarray, holes: np.ndarray) -> BaseGeometry:
    """Union of the solid rings minus the hole rings; solids inside a hole (islands) are kept."""
    body = shapely.union_all(shapely.make_valid(solids)) if len(solids) else shapely.Polygon()
    if len(holes) == 0:
        return body
    voids = shapely.union_all(shapely.make_valid(holes))
    islands = [s for s in solids if voids.contains(s)]
    result = body.difference(voids)
    return shapely.union_all([result, *islands]) if islands else result


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
