"""What an importer hands over: one model, ready to be written to the catalogue in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from venueplans.model.geometry import InstanceSet, MeshBatch
from venueplans.model.venue import Element, Feature, SourceInfo, Space, Storey


@dataclass
class ImportedModel:
    source: SourceInfo
    storeys: list[Storey] = field(default_factory=list)  # index order, lowest first
    elements: list[Element] = field(default_factory=list)  # element.index == position in this list
    spaces: list[Space] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    batches: list[MeshBatch] = field(default_factory=list)
    instances: list[InstanceSet] = field(default_factory=list)
    suggested_name: str = ""  # from the file (IfcProject/IfcBuilding name), used when the user gives none

    @property
    def n_triangles(self) -> int:
        return sum(b.n_triangles for b in self.batches) + sum(i.n_triangles for i in self.instances)

    def bbox(self) -> tuple[tuple[float, float, float], tuple[float, float, float]] | None:
        lows, highs = [], []
        for b in self.batches:
            if len(b.vertices):
                lows.append(b.vertices.min(axis=0))
                highs.append(b.vertices.max(axis=0))
        for s in self.instances:
            if len(s.transforms) and len(s.vertices):
                pts = s.transforms[:, :3, 3]
                ext = np.abs(s.vertices).max()
                lows.append(pts.min(axis=0) - ext)
                highs.append(pts.max(axis=0) + ext)
        if not lows:
            return None
        lo, hi = np.min(lows, axis=0), np.max(highs, axis=0)
        return (tuple(float(x) for x in lo), tuple(float(x) for x in hi))
