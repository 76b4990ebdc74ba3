"""Repeated shapes (40,000 stadium seats) drawn cheaply: tiles with levels of detail, or GPU glyphs.

Software OpenGL (llvmpipe) is bound by vertices: 2.4 M seat triangles cost ~0.5-1 s a frame at
1280x800 whatever else is done. But from where a stadium is usually seen a seat is 2-4 pixels tall, so:

- *lod* (default): placements are grouped into spatial tiles (~1,500 each); before each frame every
  tile picks a level from how tall its nearest seat is on screen: a dot per seat (one vertex) below
  `LOD_BOX_PX`, the shape's bounding box without its bottom (10 triangles, 8 vertices) below
  `LOD_DETAIL_PX`, the full shape above (sizes are the shape's diagonal: a seat's width is ~40 % of it). Measured on the 40,000-seat bench stadium: dots 86 ms a
  frame, boxes 277 ms, full seats 968 ms (structure alone 41 ms). Each level of a tile is built the
  first time it is needed, so opening a stadium never expands all seats.
- *merged*: every placement expanded into one mesh, always full detail (fastest full-detail drawing,
  most memory).
- *glyph*: one vtkGlyph3DMapper (GPU instancing): least memory, full detail, slower to draw; only for
  rigid-or-scaled placements (anything else falls back to *merged*).

Every representation carries the element index of each cell, so picks work on all of them (glyph:
through the placement nearest the picked point).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from venueplans.model.geometry import InstanceSet

SEAT_MODES = ("lod", "merged", "glyph")
DOTS, BOXES, DETAIL = 0, 1, 2  # levels of detail
LOD_BOX_PX = 8.0
LOD_DETAIL_PX = 20.0
DOT_SIZE = 0.45  # a dot is this share of a seat's on-screen size: rows keep their gaps
TILE_TARGET = 1500

# AABB corners: index bits (x, y, z) -> 8 vertices; 10 triangles, no bottom face (never seen on seats)
_BOX_TRIS = np.array(
    [[4, 5, 7], [4, 7, 6],  # top
     [0, 1, 5], [0, 5, 4], [2, 6, 7], [2, 7, 3],  # y- / y+
     [0, 4, 6], [0, 6, 2], [1, 3, 7], [1, 7, 5]],  # x- / x+
    dtype=np.int64,
)


def shape_bounds(inst: InstanceSet) -> tuple[np.ndarray, np.ndarray]:
    v = np.asarray(inst.vertices, dtype=np.float64)
    return v.min(axis=0), v.max(axis=0)


def placement_size(inst: InstanceSet) -> float:
    """Typical world size of one placement (bounding-box diagonal, including the transforms' scale)."""
    lo, hi = shape_bounds(inst)
    scale = float(np.median(np.linalg.norm(inst.transforms[:, :3, :3], axis=1).mean(axis=1))) if len(inst.transforms) else 1.0
    return float(np.linalg.norm(hi - lo)) * scale


def tiles(inst: InstanceSet, target: int = TILE_TARGET) -> list[np.ndarray]:
    """Placement indices grouped on a plan grid, about *target* per tile."""
    k = len(inst.transforms)
    if k <= target:
        return [np.arange(k)]
    xy = inst.transforms[:, :2, 3].astype(np.float64)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = np.maximum(hi - lo, 1e-6)
    n = math.ceil(k / target)
    nx = max(1, round(math.sqrt(n * span[0] / span[1])))
    ny = max(1, math.ceil(n / nx))
    cx = np.minimum(((xy[:, 0] - lo[0]) / span[0] * nx).astype(int), nx - 1)
    cy = np.minimum(((xy[:, 1] - lo[1]) / span[1] * ny).astype(int), ny - 1)
    cell = cy * nx + cx
    order = np.argsort(cell, kind="stable")
    cuts = np.flatnonzero(np.diff(cell[order])) + 1
    return [g for g in np.split(order, cuts) if len(g)]


def _transform(inst: InstanceSet, idx: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Shape-frame *points* (P,3) placed by transforms[idx] -> (len(idx)*P, 3) float32."""
    t = inst.transforms[idx].astype(np.float32)
    out = np.einsum("kij,pj->kpi", t[:, :3, :3], points.astype(np.float32)) + t[:, None, :3, 3]
    return out.reshape(-1, 3)


def _box_corners(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The 8 corners of a box; corner c takes hi on axis a when bit a of c is set."""
    return np.array([[(hi if (c >> a) & 1 else lo)[a] for a in range(3)] for c in range(8)])


def placed_bounds(inst: InstanceSet) -> tuple[np.ndarray, np.ndarray]:
    """World bounds (K,3) low and high of every placement: the shape's box, rotated, as an axis-aligned box."""
    lo, hi = shape_bounds(inst)
    t = inst.transforms.astype(np.float64)
    centre = t[:, :3, :3] @ ((lo + hi) / 2) + t[:, :3, 3]
    half = np.abs(t[:, :3, :3]) @ ((hi - lo) / 2)
    return centre - half, centre + half


def proxy_mesh(inst: InstanceSet, idx: np.ndarray):
    """One open box per placement: (vertices, triangles int32, elements per triangle)."""
    verts = _transform(inst, idx, _box_corners(*shape_bounds(inst)))
    tris = (_BOX_TRIS[None] + (np.arange(len(idx)) * 8)[:, None, None]).reshape(-1, 3).astype(np.int32)
    elements = np.repeat(inst.elements[idx].astype(np.int32), len(_BOX_TRIS))
    return verts, tris, elements


def dot_points(inst: InstanceSet, idx: np.ndarray):
    """One point per placement at the shape's centre: (points (K,3), elements (K,))."""
    lo, hi = shape_bounds(inst)
    return _transform(inst, idx, ((lo + hi) / 2)[None]), inst.elements[idx].astype(np.int32)


def detail_mesh(inst: InstanceSet, idx: np.ndarray):
    """The full shape at each placement: (vertices, triangles int32, elements per triangle)."""
    n = len(inst.vertices)
    verts = _transform(inst, idx, np.asarray(inst.vertices))
    base = np.asarray(inst.triangles, dtype=np.int64)
    tris = (base[None] + (np.arange(len(idx)) * n)[:, None, None]).reshape(-1, 3).astype(np.int32)
    elements = np.repeat(inst.elements[idx].astype(np.int32), len(base))
    return verts, tris, elements


def glyph_arrays(inst: InstanceSet):
    """(positions, quaternions wxyz, scales xyz) for vtkGlyph3DMapper, or None if a placement shears."""
    m = inst.transforms[:, :3, :3].astype(np.float64)
    scale = np.linalg.norm(m, axis=1)  # column norms
    if np.any(scale < 1e-12):
        return None
    rot = m / scale[:, None, :]
    if not np.allclose(np.einsum("kji,kjl->kil", rot, rot), np.eye(3), atol=1e-4):
        return None
    if np.any(np.linalg.det(rot) < 0):  # mirrored placements: a quaternion cannot say that
        return None
    return inst.transforms[:, :3, 3].astype(np.float32), _quaternions(rot).astype(np.float32), scale.astype(np.float32)


def first_hit(inst: InstanceSet, inverse: np.ndarray, origin, direction, candidates=None) -> tuple[int, float] | None:
    """The placement whose bounding box a ray meets first: (placement index, distance along the ray).

    For GPU-instanced placements, which VTK's cell picker cannot see. *inverse* holds the inverted
    transforms (K,4,4); the ray is taken into each placement's frame and slab-tested against the shape box.
    *candidates* (K,) bool limits the test to some placements (those a section keeps).
    """
    lo, hi = shape_bounds(inst)
    o = np.einsum("kij,j->ki", inverse[:, :3, :3], np.asarray(origin, float)) + inverse[:, :3, 3]
    d = np.einsum("kij,j->ki", inverse[:, :3, :3], np.asarray(direction, float))
    with np.errstate(divide="ignore", invalid="ignore"):
        t1, t2 = (lo - o) / d, (hi - o) / d
    t_near = np.nanmax(np.minimum(t1, t2), axis=1)
    t_far = np.nanmin(np.maximum(t1, t2), axis=1)
    hit = (t_near <= t_far) & (t_far >= 0)
    if candidates is not None:
        hit &= candidates
    if not hit.any():
        return None
    t = np.where(hit, np.maximum(t_near, 0), np.inf)
    k = int(np.argmin(t))
    return k, float(t[k])


def _quaternions(r: np.ndarray) -> np.ndarray:
    """Rotation matrices (K,3,3) -> unit quaternions (K,4) as w, x, y, z."""
    w = np.sqrt(np.maximum(0.0, 1.0 + r[:, 0, 0] + r[:, 1, 1] + r[:, 2, 2])) / 2
    x = np.sqrt(np.maximum(0.0, 1.0 + r[:, 0, 0] - r[:, 1, 1] - r[:, 2, 2])) / 2
    y = np.sqrt(np.maximum(0.0, 1.0 - r[:, 0, 0] + r[:, 1, 1] - r[:, 2, 2])) / 2
    z = np.sqrt(np.maximum(0.0, 1.0 - r[:, 0, 0] - r[:, 1, 1] + r[:, 2, 2])) / 2
    x = np.copysign(x, r[:, 2, 1] - r[:, 1, 2])
    y = np.copysign(y, r[:, 0, 2] - r[:, 2, 0])
    z = np.copysign(z, r[:, 1, 0] - r[:, 0, 1])
    return np.c_[w, x, y, z]


@dataclass
class Tile:
    """Some placements of one InstanceSet, with the parts drawing each level (made by the scene on demand)."""

    index: np.ndarray
    lo: np.ndarray  # world bounds of the tile (model frame)
    hi: np.ndarray
    parts: dict = field(default_factory=dict)  # level -> scene part
    level: int | None = None  # the level drawn now


@dataclass
class InstanceTiles:
    """An InstanceSet cut into tiles; `levels(renderer, lift)` says which level each tile should draw."""

    inst: InstanceSet
    size: float
    tiles: list[Tile] = field(default_factory=list)

    @classmethod
    def build(cls, inst: InstanceSet, target: int = TILE_TARGET) -> InstanceTiles:
        out = cls(inst, placement_size(inst))
        lo, hi = placed_bounds(inst)
        for idx in tiles(inst, target):
            out.tiles.append(Tile(idx, lo[idx].min(axis=0), hi[idx].max(axis=0)))
        return out

    def seat_pixels(self, renderer, lift: float) -> np.ndarray:
        """Per tile: how many pixels tall its nearest placement is on screen."""
        cam = renderer.GetActiveCamera()
        height = max(renderer.GetSize()[1], 1)
        if cam.GetParallelProjection():
            return np.full(len(self.tiles), self.size * height / (2.0 * cam.GetParallelScale()))
        eye = np.array(cam.GetPosition())
        lo = np.array([t.lo for t in self.tiles]) + (0.0, 0.0, lift)
        hi = np.array([t.hi for t in self.tiles]) + (0.0, 0.0, lift)
        dist = np.maximum(np.linalg.norm(eye - np.clip(eye, lo, hi), axis=1), 1e-3)
        return self.size * height / (2.0 * dist * math.tan(math.radians(cam.GetViewAngle()) / 2.0))


def level_for(pixels: float) -> int:
    return DOTS if pixels < LOD_BOX_PX else BOXES if pixels < LOD_DETAIL_PX else DETAIL
