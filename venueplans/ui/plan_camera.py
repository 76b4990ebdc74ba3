"""The 3D camera on the 2D plan: drawn as an eye with its view cone and the floor area it sees (refreshed
from VTK camera events at most 20 times a second), and moved by a Ctrl+click on the plan (`look_at`).
A mixin of `PlanView` (ui/plan_view.py), which owns the items, timers and view state used here.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QPolygonF

from venueplans.ui.errors import report
from venueplans.ui.plan_model import camera_on_plan, storey_rank
from venueplans.ui.plan_painter import to_scene


class PlanCamera:
    def _attach_camera(self) -> None:
        """Observe the 3D view's active camera (re-attached if the renderer ever swaps it)."""
        if not self.viewer.has_3d:
            return
        cam = self.viewer.plotter.renderer.GetActiveCamera()
        if cam is self._observed_camera:
            return
        self._detach_camera()
        self._observed_camera = cam
        self._camera_tag = cam.AddObserver("ModifiedEvent", self._camera_modified)

    def _detach_camera(self) -> None:
        if self._observed_camera is not None and self._camera_tag is not None:
            self._observed_camera.RemoveObserver(self._camera_tag)
        self._observed_camera = self._camera_tag = None

    def _camera_modified(self, *_args) -> None:
        try:  # a VTK observer: never raise; VTK fires several of these per interaction step
            self.schedule_camera()
        except Exception as exc:  # noqa: BLE001
            report(exc, "plan camera")

    def schedule_camera(self) -> None:
        if not self._closed and not self._camera_timer.isActive():
            self._camera_timer.start()

    def update_camera(self) -> None:
        data = self.data
        if data is None or self.viewer.venue_id is None or not self.viewer.has_3d:
            self.camera_item.setVisible(False)
            self.footprint_item.setVisible(False)
            return
        self._attach_camera()
        renderer = self.viewer.plotter.renderer
        cam = renderer.GetActiveCamera()
        w, h = renderer.GetSize()
        g = data.grid
        floor = data.storey.elevation + storey_rank(self.state, data.storey.index) * self.state.explode
        self.camera = camera_on_plan(cam.GetPosition(), cam.GetFocalPoint(), cam.GetViewUp(), cam.GetViewAngle(),
                                     bool(cam.GetParallelProjection()), cam.GetParallelScale(),
                                     (w / h) if w > 0 and h > 0 else 1.0, floor,
                                     2.0 * math.hypot(g.x1 - g.x0, g.y0 - g.y1))
        c = self.camera
        self.camera_item.setPos(to_scene(*c.eye))
        self.camera_item.set_view(c.heading, c.half_fov)
        outline = c.outline()
        self.footprint_item.setPolygon(QPolygonF([to_scene(x, y) for x, y in outline]))
        self.camera_item.setVisible(True)
        self.footprint_item.setVisible(len(outline) >= 3)
        self.camera_updates += 1

    def look_at(self, x: float, y: float) -> None:
        """Move the 3D camera to world (x, y) on this plan's storey: the walker stands there facing the same
        way; otherwise a top view centred there, as wide as the plan shows, with the storey cut open."""
        data, viewer = self.data, self.viewer
        if data is None or viewer.venue_id is None or not viewer.has_3d:
            return
        lift = storey_rank(self.state, data.storey.index) * self.state.explode
        if self.walk is not None and self.walk.active:
            self.walk.eye = (x, y, self.walk.eye[2])
            self.walk.move(0.0, 0.0)  # re-applies the camera: same heading, same storey
            return
        if not self.state.section:  # from above, the storeys over this one (and the roof) would hide it
            self.state.set_section(True, data.storey.elevation + data.cut)
        z = data.storey.elevation + lift
        west, south, east, north = self.canvas.visible_world()
        half = max(4.0, min(400.0, (north - south) / 2))
        b = viewer.scene.bounds
        cam = viewer.plotter.camera
        cam.parallel_projection = True
        cam.focal_point = (x, y, z)
        cam.position = (x, y, max(z, b[5]) + max(50.0, b[5] - b[4] + 20.0))
        cam.view_up = (0.0, 1.0, 0.0)
        cam.parallel_scale = half
        viewer.plotter.renderer.ResetCameraClippingRange()
        viewer.request_render()
