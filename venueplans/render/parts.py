"""`Part`: one actor of a venue scene (a stored batch, a seat tile at one level of detail, glyphs) with
what is needed to style and pick it: its storey and category, and the element index of each cell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from venueplans.model.geometry import InstanceSet


@dataclass
class Part:
    """One actor of building geometry and what is needed to style and pick it."""

    storey: int | None
    category: str
    actor: object
    elements: np.ndarray  # per cell; for glyph parts: per placement
    poly: object
    tinted: bool = False  # has per-cell feature colours
    instanced: bool = False  # seats: hidden when their storey is ghosted
    lod_on: bool = True  # for seat tiles: is this level of detail the one drawn now
    dots: bool = False  # seats seen from afar: one unlit point each
    glyph_positions: np.ndarray | None = None
    instances: InstanceSet | None = None  # glyph parts: what they place, for picking
    _inverse: np.ndarray | None = None
    _locator: object = None

    def locator(self):
        """A cell locator for picking in big meshes (built on the first pick: ~0.3 s per million cells)."""
        if self._locator is None:
            from vtkmodules.vtkCommonDataModel import vtkStaticCellLocator

            self._locator = vtkStaticCellLocator()
            self._locator.SetDataSet(self.poly)
            self._locator.BuildLocator()
        return self._locator

    def inverse_transforms(self) -> np.ndarray:
        if self._inverse is None:
            self._inverse = np.linalg.inv(self.instances.transforms.astype(np.float64))
        return self._inverse
