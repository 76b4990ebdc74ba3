"""Placing tessellated shapes into the venue: local frame, bounding boxes, batches and instances.

- *Local frame*: a georeferenced file may put the building kilometres from its origin, where float32
  vertices would be centimetres apart. When the model lies more than `FAR` metres out, a rounded
  origin is subtracted (recorded in `SourceInfo.origin`); everything else is already metres.
- *Instances*: a shape placed `INSTANCE_MIN` times or more (seats, identical windows, rafters) becomes
  one `InstanceSet` per (storey, category, shape) that keeps the shape once plus one 4x4 placement per
  product. Everything else is transformed and merged per (storey, category) by `BatchBuilder`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from venueplans.importers.ifc_tessellate import Tessellation
from venueplans.model.geometry import BatchBuilder, InstanceSet, MeshBatch
from venueplans.model.venue import Element

FAR = 5_000.0  # metres from the file origin beyond which float32 would lose millimetres
ORIGIN_STEP = 1_000.0  # the shift is rounded to whole kilometres: readable, and exact in float32
INSTANCE_MIN = 8


def placement_bounds(tess: Tessellation) -> tuple[np.ndarray, np.ndarray]:
    """Per placement, the file-frame box of the shape's corners after placement: (K, 3) lows and highs.

    Boxes of rotated shapes come out slightly larger than the shape; exact boxes of merged elements
    are recomputed by `build_geometry`.
    """
    k = len(tess.keys)
    lows, highs = np.zeros((k, 3)), np.zeros((k, 3))
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(tess.keys):
        by_key[key].append(i)
    for key, rows in by_key.items():
        v = tess.shapes[key].vertices
        lo, hi = v.min(axis=0), v.max(axis=0)
        corners = np.array(
            [[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
        )
        placed = np.einsum("kij,cj->kci", tess.matrices[rows], corners)[..., :3]
        lows[rows], highs[rows] = placed.min(axis=1), placed.max(axis=1)
    return lows, highs


def choose_origin(lows: np.ndarray, highs: np.ndarray) -> tuple[float, float, float]:
    """(0, 0, 0), or the rounded centre of the model when it lies farther than FAR from the origin."""
    if not len(lows):
        return (0.0, 0.0, 0.0)
    lo, hi = lows.min(axis=0), highs.max(axis=0)
    if max(np.abs(lo).max(), np.abs(hi).max()) <= FAR:
        return (0.0, 0.0, 0.0)
    centre = (lo + hi) / 2
    shift = [
        float(np.round(c / ORIGIN_STEP) * ORIGIN_STEP) if max(abs(a), abs(b)) > FAR else 0.0
        for c, a, b in zip(centre, lo, hi, strict=True)
    ]
    return (shift[0], shift[1], shift[2])


def build_geometry(
    tess: Tessellation,
    elements: list[Element],
    element_of: dict[int, int],
    origin: tuple[float, float, float],
) -> tuple[list[MeshBatch], list[InstanceSet], dict[int, tuple[np.ndarray, np.ndarray]]]:
    """Batches, instance sets, and the exact local-frame box of every element that has geometry."""
    shift = np.asarray(origin, dtype=np.float64)
    uses = Counter(tess.keys)
    builder = BatchBuilder()
    groups: dict[tuple, list[int]] = defaultdict(list)
    boxes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k, (pid, key) in enumerate(zip(tess.product_ids, tess.keys, strict=True)):
        idx = element_of.get(pid)
        if idx is None:
            continue
        el = elements[idx]
        shape = tess.shapes[key]
        if uses[key] >= INSTANCE_MIN and np.abs(shape.vertices).max() <= FAR:
            groups[(el.storey, el.category, key)].append(k)
            continue
        m = tess.matrices[k]
        verts = shape.vertices @ m[:3, :3].T + (m[:3, 3] - shift)
        builder.add(el.storey, el.category, verts, shape.triangles, idx)
        _grow(boxes, idx, verts.min(axis=0), verts.max(axis=0))
    instances = []
    for (storey, category, key), rows in sorted(
        groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1], kv[0][2])
    ):
        shape = tess.shapes[key]
        mats = tess.matrices[rows].copy()
        mats[:, :3, 3] -= shift
        idxs = np.array([element_of[tess.product_ids[k]] for k in rows], dtype=np.int32)
        instances.append(
            InstanceSet(
                storey,
                category,
                shape.vertices.astype(np.float32),
                shape.triangles,
                mats.astype(np.float32),
                idxs,
            )
        )
        lows, highs = _instance_boxes(shape.vertices, mats)
        for j, idx in enumerate(idxs):
            _grow(boxes, int(idx), lows[j], highs[j])
    return builder.build(), instances, boxes


def _instance_boxes(vertices: np.ndarray, mats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = vertices.min(axis=0), vertices.max(axis=0)
    corners = np.array(
        [[x, y, z, 1.0] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    )
    placed = np.einsum("kij,cj->kci", mats, corners)[..., :3]
    return placed.min(axis=1), placed.max(axis=1)


def _grow(boxes: dict, idx: int, lo: np.ndarray, hi: np.ndarray) -> None:
    if idx in boxes:
        a, b = boxes[idx]
        boxes[idx] = (np.minimum(a, lo), np.maximum(b, hi))
    else:
        boxes[idx] = (lo, hi)


def _order(storey: int | None) -> int:
    return -1 if storey is None else storey


def triangles_by_element(
    batches: list[MeshBatch], instances: list[InstanceSet], category: str
) -> dict[int, np.ndarray]:
    """Element index -> (M, 3, 3) float64 local-frame triangles, for the elements of one *category*."""
    parts: dict[int, list[np.ndarray]] = defaultdict(list)
    for b in batches:
        if b.category != category or not len(b.triangles):
            continue
        order = np.argsort(b.elements, kind="stable")
        ids, starts = np.unique(b.elements[order], return_index=True)
        tri = b.vertices.astype(np.float64)[b.triangles[order]]
        for idx, chunk in zip(ids, np.split(tri, starts[1:]), strict=True):
            parts[int(idx)].append(chunk)
    for s in instances:
        if s.category != category:
            continue
        base = s.vertices.astype(np.float64)[s.triangles]
        for m, idx in zip(s.transforms.astype(np.float64), s.elements, strict=True):
            parts[int(idx)].append(base @ m[:3, :3].T + m[:3, 3])
    return {idx: np.concatenate(chunks) for idx, chunks in parts.items()}
