"""Storey levels guessed from the horizontal surfaces of a mesh that carries no storey information.

A mesh (OBJ, STL, PLY, glTF) has triangles but no storeys, while every plan the app draws is per storey.
A storey shows up in the geometry as a large horizontal surface people stand on, with the next floor or a
roof some distance above it. So:

1. Horizontal triangles (within a few degrees, facing up *or* down: winding in meshes is unreliable, and
   the underside of a massing block or of a ground slab marks a floor as well as a top face does) are
   sampled by area.
2. A sample counts only if a covering surface (a floor, slab or roof, flat or pitched; not a wall) lies at
   least ``headroom`` above it, read from a plan grid of the highest such surface. This is what tells a
   floor from a roof or an open deck, and a low roof beside a taller wall is still a roof.
3. The counted area is histogrammed by height (neighbouring 5 cm bins only, so the treads of a raked
   auditorium do not add up to a floor); peaks holding at least ``min_area_fraction`` of the footprint
   are taken greedily, largest first, at least ``min_separation`` apart (a stage or platform within a
   storey merges into it). A peak is then snapped to the highest surface of its slab about as large as
   the largest, so a slab's walking surface wins over its soffit, but seats standing on it do not.
4. No peak: one level at the lowest point of the model.

Tuned on the sample theatre (`sample_venues/theatre.glb`: -4, 0, +6, +18 m, with a raked stalls floor,
a stage at +1.1 m and roofs at several heights), which it finds exactly.

The result is a guess, printed for the operator and editable in the catalogue (`Storey.inferred`).
Everything is in metres, Z up. numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from venueplans.model.messages import Message, joined, tr_later, tr_n_later
from venueplans.model.venue import Storey

_CHUNK = 1 << 20  # triangles per block, bounds temporary memory on multi-million triangle models


@dataclass(frozen=True, slots=True)
class InferenceSettings:
    min_separation: float = 2.2  # metres between two storeys (lowest plausible floor-to-floor height)
    min_area_fraction: float = 0.08  # of the footprint: a storey is a real floor, not a landing or a stage
    max_tilt_deg: float = 5.0  # steeper than this is a ramp or a rake, not a floor
    min_cover_slope: float = 0.25  # |normal.z| of a surface that can cover a floor (not a wall), ~75 deg
    headroom: float = 1.8  # something this far above a surface makes it a floor rather than a roof
    slab_window: float = 0.6  # surfaces this close to a peak belong to the same slab (top, soffit, finish)
    bin_size: float = 0.05  # histogram resolution in metres
    grid_cells: int = 256  # resolution of the plan grid along the longest side
    max_samples: int = 2_000_000  # area samples used for the plan grid (time and memory bound)
    assign_tolerance: float = 0.5  # a triangle this far below a level still belongs to it (its slab)


@dataclass(frozen=True, slots=True)
class Level:
    elevation: float  # metres
    area: float  # covered horizontal area supporting the level, m²


@dataclass(frozen=True, slots=True)
class StoreyInference:
    """Levels found (lowest first) and what they were found from, for a human-readable summary."""

    levels: list[Level]
    method: str  # "horizontal surfaces" | "lowest point" | "empty"
    footprint: float = 0.0  # m², plan area covered by the model
    ignored: list[Level] = field(default_factory=list)  # uncovered peaks: roofs, open decks

    @property
    def elevations(self) -> np.ndarray:
        return np.array([lv.elevation for lv in self.levels], dtype=np.float64)

    def summary(self) -> Message:
        """How the storeys were found (a message: `translated()` where shown)."""
        heights = ", ".join(_fmt(lv.elevation) for lv in self.levels)
        n = len(self.levels)
        if self.method == "horizontal surfaces":
            text = joined(
                tr_n_later("inferred {n} storey at {heights} m from horizontal surfaces",
                           "inferred {n} storeys at {heights} m from horizontal surfaces", n, n=n, heights=heights),
                tr_later(" (footprint {area:,.0f} m²)", area=self.footprint))
        elif self.method == "lowest point":
            text = tr_later("no large covered horizontal surfaces: one storey at the lowest point ({heights} m)",
                            heights=heights)
        else:
            text = tr_later("no geometry: one storey at 0.00 m")
        if self.ignored:
            roofs = ", ".join(_fmt(lv.elevation) for lv in self.ignored)
            text = joined(text, tr_later("; surfaces at {roofs} m have nothing above them and were taken as roofs",
                                         roofs=roofs))
        return text


def triangle_areas_and_slopes(vertices: np.ndarray, triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Area (m²) and |normal·z| of each triangle, float32. 1 = horizontal, 0 = vertical."""
    vertices = np.asarray(vertices, dtype=np.float32)
    areas = np.empty(len(triangles), dtype=np.float32)
    flat = np.empty(len(triangles), dtype=np.float32)
    for start in range(0, len(triangles), _CHUNK):
        t = triangles[start : start + _CHUNK]
        a = vertices[t[:, 0]]
        u, v = vertices[t[:, 1]] - a, vertices[t[:, 2]] - a
        nx = u[:, 1] * v[:, 2] - u[:, 2] * v[:, 1]  # the cross product, written out: np.cross is slower
        ny = u[:, 2] * v[:, 0] - u[:, 0] * v[:, 2]
        nz = u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]
        length = np.sqrt(nx * nx + ny * ny + nz * nz)
        areas[start : start + len(t)] = 0.5 * length
        with np.errstate(invalid="ignore", divide="ignore"):
            flat[start : start + len(t)] = np.where(length > 0, np.abs(nz) / length, 0.0)
    return areas, flat


def infer_levels(
    vertices: np.ndarray,
    triangles: np.ndarray,
    *,
    settings: InferenceSettings | None = None,
    areas: np.ndarray | None = None,
    slopes: np.ndarray | None = None,
) -> StoreyInference:
    """Guess storey levels of a Z-up mesh in metres. *areas*/*slopes* may be passed if already computed."""
    s = settings or InferenceSettings()
    vertices = np.asarray(vertices)
    triangles = np.asarray(triangles).reshape(-1, 3)
    if len(triangles) == 0 or len(vertices) == 0:
        return StoreyInference([Level(0.0, 0.0)], "empty")
    if areas is None or slopes is None:
        areas, slopes = triangle_areas_and_slopes(vertices, triangles)
    lo, hi = vertices.min(axis=0).astype(np.float64), vertices.max(axis=0).astype(np.float64)
    lowest = Level(round(float(lo[2]), 3) + 0.0, 0.0)
    if float(areas.sum(dtype=np.float64)) <= 0:
        return StoreyInference([lowest], "lowest point")

    # Plan grid of the highest covering surface above each cell. Walls cover nothing (a low roof
    # beside a tall wall is still a roof); floors, slabs and roofs, pitched or flat, do. Small
    # triangles are sampled at their centroid, larger ones (slabs, roofs) all over their area.
    cell = max(float(max(hi[0] - lo[0], hi[1] - lo[1])) / s.grid_cells, 1e-3)
    shape = (int((hi[0] - lo[0]) / cell) + 1, int((hi[1] - lo[1]) / cell) + 1)
    cover = np.nonzero(slopes >= s.min_cover_slope)[0]
    counts = _counts(areas[cover], _density(areas[cover], cell * cell, s.max_samples))
    pts, owner = _sample_points(vertices, triangles, cover, counts)
    where = _cells(pts, lo, cell, shape)
    top = np.full(shape[0] * shape[1], -np.inf)
    np.maximum.at(top, where, pts[:, 2])
    occupied = np.isfinite(top)
    occupied[_cells(vertices, lo, cell, shape)] = True  # walls and small parts count in the footprint
    footprint = float(occupied.sum()) * cell * cell
    top = _dilate_max(top.reshape(shape)).ravel()  # fills cells a big triangle's samples skipped

    # Horizontal samples, each carrying its share of the triangle's area; covered = not a roof.
    flat = slopes[cover[owner]] >= np.cos(np.radians(s.max_tilt_deg))
    z = pts[flat, 2].astype(np.float64)
    weight = (areas[cover] / counts)[owner[flat]].astype(np.float64)
    covered = top[where[flat]] >= z + s.headroom

    levels = _peaks(z[covered], weight[covered], footprint, s)
    if not levels:
        roofs = _roofs(z, weight, covered, [lowest], footprint, s)
        return StoreyInference([lowest], "lowest point", footprint, roofs)
    return StoreyInference(
        levels, "horizontal surfaces", footprint, _roofs(z, weight, covered, levels, footprint, s)
    )


def assign_levels(z: np.ndarray, elevations: np.ndarray, tolerance: float = 0.5) -> np.ndarray:
    """Level index of each height *z*: the highest level at or below z + tolerance (0 below the lowest).

    The tolerance puts a floor slab (whose body and soffit lie just below the walking surface) on the
    storey it carries, as IFC does.
    """
    elevations = np.asarray(elevations, dtype=np.float64)
    if len(elevations) <= 1:
        return np.zeros(len(z), dtype=np.int32)
    idx = np.searchsorted(elevations - tolerance, np.asarray(z, dtype=np.float64), side="right") - 1
    return np.clip(idx, 0, len(elevations) - 1).astype(np.int32)


def _density(areas: np.ndarray, cell_area: float, budget: int) -> float:
    """Samples per m² on large triangles: about 1.5 per grid cell, less if that would exceed the budget."""
    density = 1.5 / cell_area
    wanted = float(areas[areas > cell_area].sum(dtype=np.float64)) * density
    return density * min(1.0, budget / wanted) if wanted > 0 else density


def _counts(areas: np.ndarray, density: float) -> np.ndarray:
    return np.maximum(1, np.ceil(areas.astype(np.float64) * density)).astype(np.int64)


def _cells(pts: np.ndarray, lo: np.ndarray, cell: float, shape: tuple[int, int]) -> np.ndarray:
    ix = np.clip(((pts[:, 0] - lo[0]) / cell).astype(np.int64), 0, shape[0] - 1)
    iy = np.clip(((pts[:, 1] - lo[1]) / cell).astype(np.int64), 0, shape[1] - 1)
    return ix * shape[1] + iy


def _sample_points(vertices: np.ndarray, triangles: np.ndarray, which: np.ndarray, counts: np.ndarray):
    """counts[i] points on triangle which[i]: its centroid when one, uniform random (seeded) otherwise.

    Returns the points (float32) and, for each, its position i in *which*.
    """
    owner = np.repeat(np.arange(len(which), dtype=np.int64), counts)
    pts = np.empty((len(owner), 3), dtype=np.float32)
    rng = np.random.default_rng(0)
    for start in range(0, len(owner), _CHUNK):
        own = owner[start : start + _CHUNK]
        t = triangles[which[own]]
        a, b, c = vertices[t[:, 0]], vertices[t[:, 1]], vertices[t[:, 2]]
        u, v = rng.random(len(own), dtype=np.float32), rng.random(len(own), dtype=np.float32)
        fold = u + v > 1  # fold the unit square onto the triangle
        u[fold], v[fold] = 1 - u[fold], 1 - v[fold]
        single = counts[own] == 1
        u[single], v[single] = 1 / 3, 1 / 3
        pts[start : start + len(own)] = a + (b - a) * u[:, None] + (c - a) * v[:, None]
    return pts, owner


def _dilate_max(grid: np.ndarray) -> np.ndarray:
    out = grid.copy()
    for axis in (0, 1):
        shifted = out.copy()
        lead = [slice(None)] * 2
        lag = [slice(None)] * 2
        lead[axis], lag[axis] = slice(1, None), slice(None, -1)
        np.maximum(shifted[tuple(lead)], out[tuple(lag)], out=shifted[tuple(lead)])
        np.maximum(shifted[tuple(lag)], out[tuple(lead)], out=shifted[tuple(lag)])
        out = shifted
    return out


def _peaks(z: np.ndarray, weight: np.ndarray, footprint: float, s: InferenceSettings) -> list[Level]:
    """Greedy peak picking on the area-by-height histogram (see module docstring)."""
    if len(z) == 0:
        return []
    z0 = float(z.min())
    n_bins = int((float(z.max()) - z0) / s.bin_size) + 1
    bin_size = s.bin_size if n_bins <= 200_000 else (float(z.max()) - z0) / 200_000  # absurd ranges
    n_bins = min(n_bins, 200_001)
    b = np.clip(((z - z0) / bin_size).astype(np.int64), 0, n_bins - 1)
    hist = np.bincount(b, weights=weight, minlength=n_bins)
    # Neighbouring bins add up (one surface split by float noise, finishes a few cm apart), but no
    # more: the treads of a raked auditorium, 10-20 cm apart, must not add up to a floor.
    csum = np.concatenate([[0.0], np.cumsum(hist)])
    idx = np.arange(n_bins)
    smooth = csum[np.minimum(idx + 2, n_bins)] - csum[np.maximum(idx - 1, 0)]
    threshold = s.min_area_fraction * footprint
    zsum = np.bincount(b, weights=weight * z, minlength=n_bins)

    taken: list[tuple[float, float, float]] = []  # (peak z, snapped z, area)
    window = max(1, round(s.slab_window / bin_size))
    for peak in np.argsort(-smooth, kind="stable"):
        area = float(smooth[peak])
        if area < threshold or area <= 0:
            break
        zp = z0 + (peak + 0.5) * bin_size
        if any(abs(zp - a) < s.min_separation or abs(zp - c) < s.min_separation for a, c, _ in taken):
            continue
        # Snap to the highest surface of the same slab about as large as its largest one: the walking
        # surface rather than the soffit or a suspended ceiling, but not the seats standing on it.
        lo_b, hi_b = max(peak - window, 0), min(peak + window + 1, n_bins)
        local = smooth[lo_b:hi_b]
        best = lo_b + int(np.nonzero(local >= 0.7 * local.max())[0][-1])
        # The exact height: area-weighted mean height of the fullest raw bin there.
        near = slice(max(best - 1, 0), min(best + 2, n_bins))
        raw = int(np.argmax(hist[near])) + near.start
        zc = float(zsum[raw] / hist[raw]) if hist[raw] > 0 else z0 + (best + 0.5) * bin_size
        taken.append((zp, zc, area))
    return sorted((Level(round(c, 3) + 0.0, a) for _, c, a in taken), key=lambda lv: lv.elevation)


def _roofs(z, weight, covered, levels: list[Level], footprint: float, s: InferenceSettings) -> list[Level]:
    """Large uncovered horizontal surfaces not close to a level: reported so the operator can check."""
    roofs = _peaks(z[~covered], weight[~covered], footprint, s)
    return [r for r in roofs if all(abs(r.elevation - lv.elevation) >= s.min_separation for lv in levels)]


def _fmt(value: float) -> str:
    return f"{round(value, 2) + 0.0:.2f}"


def storeys_at(elevations: np.ndarray) -> list[Storey]:
    """Inferred storeys, numbered from the one at ground level (within 1.5 m of z = 0) when there is one."""
    near_zero = np.abs(elevations)
    ground = int(near_zero.argmin()) if len(elevations) and near_zero.min() < 1.5 else 0
    storeys = []
    for i, elevation in enumerate(elevations):
        e = round(float(elevation), 3) + 0.0
        height = round(float(elevations[i + 1] - elevation), 3) if i + 1 < len(elevations) else None
        storeys.append(
            Storey(
                name=f"Level {i - ground} ({e:+.2f} m)", elevation=e, index=i, height=height, inferred=True
            )
        )
    return storeys


def placed_mesh(
    shapes: dict, keys: list[str], matrices: np.ndarray, shift: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One (vertices, triangles) mesh of shapes placed by 4x4 *matrices* (row k places `shapes[keys[k]]`,
    which has `.vertices` and `.triangles`), moved by -*shift*: the input of `infer_levels` for models
    whose file declares no storeys."""
    verts, tris, base = [], [], 0
    for key, m in zip(keys, matrices, strict=True):
        shape = shapes[key]
        verts.append(shape.vertices @ m[:3, :3].T + (m[:3, 3] - shift))
        tris.append(shape.triangles.astype(np.int64) + base)
        base += len(shape.vertices)
    if not verts:
        return np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64)
    return np.concatenate(verts), np.concatenate(tris)
