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
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

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
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(mesh)
            mapper.ScalarVisibilityOff()
            actor = vtkActor()
            actor.SetMapper(mapper)
            actor.PickableOff()
            prop = actor.GetProperty()
            prop.SetColor(*ROUTE_RGB)
            if width:
                prop.SetLineWidth(width)
            prop.LightingOff()
            self.renderer.AddActor(actor)
            self.actors.append(actor)
