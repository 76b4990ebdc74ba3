"""A walking route drawn in the 3D view: a thick polyline through the storeys, start and end marked.

Added to the scene's overlay renderer (the layer above the building) so walls never hide it; the points
are lifted a little above each floor so the line does not z-fight with the slabs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyvista as pv

ROUTE_RGB = (0.0, 0.31, 0.78)
LIFT = 0.25  # metres above the floor


class RouteLayer:
    def __init__(self, renderer):
        self.renderer = renderer
        self.actors: list = []

    def clear(self) -> None:
        for actor in self.actors:
            self.renderer.RemoveActor(actor)
        self.actors = []

    def show(self, points: Sequence[Sequence[float]]) -> None:
        """Draw the route through *points* ((N, 3) metres, model frame); replaces any route shown."""
        from venueplans.render.meshes import flat_actor

        self.clear()
        pts = np.asarray(points, dtype=float).reshape(-1, 3)
        if len(pts) < 2:
            return
        pts = pts + np.array([0.0, 0.0, LIFT])
        span = float(np.ptp(pts[:, :2], axis=0).max()) or 1.0
        meshes = [(pv.lines_from_points(pts), 6.0),
                  (pv.Sphere(radius=max(0.4, span / 80), center=pts[0]), 0.0),
                  (pv.Cone(center=pts[-1] + np.array([0, 0, max(0.6, span / 60)]), direction=(0, 0, -1),
                           height=max(1.2, span / 30), radius=max(0.4, span / 80)), 0.0)]
        for mesh, width in meshes:
            actor = flat_actor(mesh, ROUTE_RGB, line_width=width)
            actor.GetProperty().LightingOff()
            self.renderer.AddActor(actor)
            self.actors.append(actor)


BAND_RGB = ((26, 152, 80), (145, 207, 96), (217, 239, 139), (254, 224, 139), (252, 141, 89), (215, 48, 39),
            (165, 0, 38), (106, 0, 106))


class DistanceLayer:
    """A storey's distance map laid on its floor in the 3D view: cells coloured by 10 m band, half
    transparent, a few centimetres above the slab (in the building's renderer, so walls hide it)."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.actor = None

    def clear(self) -> None:
        if self.actor is not None:
            self.renderer.RemoveActor(self.actor)
            self.actor = None

    def show(self, values: np.ndarray, x0: float, y0: float, cell: float, z: float, *, step: float = 10.0) -> None:
        """*values*: (rows, cols) metres from the south-west corner (*x0*, *y0*), NaN where nobody walks."""
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

        self.clear()
        rows, cols = values.shape
        if rows == 0 or cols == 0:
            return
        r, c = np.nonzero(np.isfinite(values))
        if len(r) == 0:
            return
        # One quad per walkable cell, corners on the (rows + 1) x (cols + 1) lattice.
        gx, gy = np.meshgrid(x0 + np.arange(cols + 1) * cell, y0 + np.arange(rows + 1) * cell)
        points = np.c_[gx.ravel(), gy.ravel(), np.full(gx.size, z + 0.05)]
        corner = r * (cols + 1) + c
        quads = np.c_[np.full(len(r), 4), corner, corner + 1, corner + cols + 2, corner + cols + 1]
        surface = pv.PolyData(points, faces=quads.ravel())
        band = np.minimum((values[r, c] // step).astype(int), len(BAND_RGB) - 1)
        surface.cell_data["rgb"] = np.asarray(BAND_RGB, dtype=np.uint8)[band]
        mapper = vtkPolyDataMapper()
        mapper.SetInputData(surface)
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()
        surface.cell_data.active_scalars_name = "rgb"
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.PickableOff()
        actor.GetProperty().SetOpacity(0.6)
        actor.GetProperty().LightingOff()
        self.renderer.AddActor(actor)
        self.actor = actor
