"""Triangle geometry as numpy arrays, grouped the way it is stored and drawn.

Geometry is tessellated once at import and kept as a few merged batches per (storey, category) with a
per-triangle element index, so that a venue opens as a handful of arrays and a pick maps back to an
element. Shapes repeated many times (seats) are kept once with their placements (`InstanceSet`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(slots=True)
class MeshBatch:
    """Merged triangles of one storey and category. `elements[i]` is the element index of triangle i."""

    storey: int | None
    category: str
    vertices: np.ndarray  # (N, 3) float32, metres, local frame
    triangles: np.ndarray  # (M, 3) uint32
    elements: np.ndarray  # (M,) int32

    @property
    def n_triangles(self) -> int:
        return int(self.triangles.shape[0])


@dataclass(slots=True)
class InstanceSet:
    """One shape placed K times: seats. `transforms[k]` maps shape coordinates to the local frame."""

    storey: int | None
    category: str
    vertices: np.ndarray  # (N, 3) float32 shape geometry
    triangles: np.ndarray  # (M, 3) uint32
    transforms: np.ndarray  # (K, 4, 4) float32
    elements: np.ndarray  # (K,) int32 element index of each placement

    @property
    def n_triangles(self) -> int:
        return int(self.triangles.shape[0] * self.transforms.shape[0])

    def expanded(self) -> MeshBatch:
        """All placements merged into one batch (for sections and exports that want plain triangles)."""
        k, n = self.transforms.shape[0], self.vertices.shape[0]
        homo = np.c_[self.vertices.astype(np.float64), np.ones(n)]
        verts = np.einsum("kij,nj->kni", self.transforms.astype(np.float64), homo)[..., :3]
        tris = (self.triangles[None, :, :].astype(np.int64) + (np.arange(k) * n)[:, None, None]).reshape(-1, 3)
        elems = np.repeat(self.elements.astype(np.int32), self.triangles.shape[0])
        return MeshBatch(
            self.storey, self.category, verts.reshape(-1, 3).astype(np.float32), tris.astype(np.uint32), elems
        )


@dataclass
class BatchBuilder:
    """Collects element meshes and merges them per (storey, category) at the end.

    Keeps lists of parts and concatenates once, so adding N parts costs O(total size), not O(N^2).
    """

    _parts: dict[tuple[int | None, str], list[tuple[np.ndarray, np.ndarray, int]]] = field(default_factory=dict)

    def add(self, storey: int | None, category: str, vertices, triangles, element: int) -> None:
        v = np.asarray(vertices, dtype=np.float32).reshape(-1, 3)
        t = np.asarray(triangles, dtype=np.uint32).reshape(-1, 3)
        if len(t):
            self._parts.setdefault((storey, category), []).append((v, t, element))

    def build(self) -> list[MeshBatch]:
        batches = []
        for (storey, category), parts in sorted(self._parts.items(), key=lambda kv: (_key(kv[0][0]), kv[0][1])):
            offsets = np.cumsum([0] + [p[0].shape[0] for p in parts[:-1]], dtype=np.int64)
            verts = np.concatenate([p[0] for p in parts])
            tris = np.concatenate([p[1].astype(np.int64) + off for p, off in zip(parts, offsets, strict=True)])
            elems = np.concatenate([np.full(p[1].shape[0], p[2], dtype=np.int32) for p in parts])
            batches.append(MeshBatch(storey, category, verts, tris.astype(np.uint32), elems))
        return batches


def _key(storey: int | None) -> int:
    return -1 if storey is None else storey
