"""Navigation: the keyboard shortcuts table (shown in Help › Shortcuts) and first-person walk mode.

Walk mode puts the eye 1.7 m above the floor of the current storey and keeps it there: W/S forward and
back, A/D sideways, arrow keys or a left-button drag to look around, Shift to move faster, Esc to leave
(the previous camera comes back). The controller filters the interactor's events while active, so the
orbit style and the window's single-key shortcuts do not see WASD.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt

from venueplans.i18n import N_
from venueplans.ui.errors import report

EYE_HEIGHT = 1.7  # metres above the storey floor
STEP = 0.5  # metres per key press (auto-repeat makes it continuous)
RUN = 4.0  # Shift multiplies the step
TURN = 5.0  # degrees per arrow key press
LOOK = 0.25  # degrees per pixel of mouse drag
PITCH_LIMIT = 80.0

# (keys, what) in the order the Help dialog lists them. main_window binds the same keys.
SHORTCUTS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (N_("Venues"), "", [
        ("Ctrl+L", N_("Venue list (catalogue browser)")), ("Ctrl+F", N_("Search venues")),
        ("Ctrl+I", N_("Import a model…")), ("Ctrl+Shift+S", N_("Save a screenshot of the window…")),
        ("Ctrl+Q", N_("Quit")),
    ]),
    (N_("View"), "", [
        ("F", N_("Fit the visible building in the view")), ("Home", N_("Default 3D view (isometric)")),
        ("T", N_("Top view, north up")), ("8 / 2 / 6 / 4", N_("View from north / south / east / west")),
        ("← → ↑ ↓", N_("Orbit")), (N_("Ctrl + arrows"), N_("Pan")), ("+ / -", N_("Zoom in / out")),
        (N_("Mouse"), N_("Left drag orbit · Shift+drag or middle drag pan · wheel or right drag zoom · click to pick")),
    ]),
    (N_("Storeys"), "", [
        (N_("Page Up / Page Down"), N_("Next storey up / down (isolates it)")), ("A", N_("All storeys")),
        ("I", N_("Isolate the selected storey")), ("G", N_("Ghost the other storeys")),
        ("E", N_("Explode storeys on / off")),
    ]),
    (N_("Show"), "", [
        ("X", N_("X-ray")), ("C", N_("Horizontal cut 1.2 m above the storey floor")),
        ("P", N_("Plan stack: every storey cut at its floor + 1.2 m, pulled apart")), ("B", N_("Section box")),
    ]),
    (N_("Tools"), "", [
        ("M", N_("Measure: click points; distance and length in the Measure panel")),
        ("V", N_("Walk (first person): W/S/A/D move, arrows or drag look, Shift faster")),
        ("Esc", N_("Back to orbiting (leave measure or walk)")),
        ("F1", N_("User guide")), ("Shift+F1", N_("This list")),
    ]),
]


class WalkController(QObject):
    """First-person camera on one storey. `start()` / `stop()`; `move()` and `turn()` are the verbs."""

    def __init__(self, viewer):
        super().__init__(viewer)
        self.viewer = viewer
        self.active = False
        self.yaw = 0.0  # degrees, 0 = east, counter-clockwise
        self.pitch = 0.0
        self.eye = (0.0, 0.0, 0.0)
        self._saved_camera = None
        self._drag_from = None
        self._unsubscribe = None

    @property
    def plotter(self):
        return self.viewer.plotter

    def start(self) -> None:
        state, scene = self.viewer.state, self.viewer.scene
        cam = self.plotter.camera
        self._saved_camera = ((cam.position, cam.focal_point, cam.view_up), cam.parallel_projection, cam.view_angle)
        floor = state.floor_height() + state.explode * _rank(state)
        xmin, xmax, ymin, ymax = scene.bounds[:4]
        cam = self.plotter.camera
        # Start where the user is looking, clamped inside the building, facing the same way.
        fx, fy = cam.focal_point[0], cam.focal_point[1]
        self.eye = (min(max(fx, xmin), xmax), min(max(fy, ymin), ymax), floor + EYE_HEIGHT)
        dx, dy = fx - cam.position[0], fy - cam.position[1]
        self.yaw = math.degrees(math.atan2(dy, dx)) if (dx or dy) else 90.0
        self.pitch = 0.0
        self.active = True
        self._unsubscribe = state.subscribe(self._state_changed)
        self.plotter.installEventFilter(self)
        cam.parallel_projection = False  # plan and elevation presets are parallel; a walker sees in perspective
        cam.view_angle = 70.0
        self._apply()
        self.plotter.setFocus()

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.plotter.removeEventFilter(self)
        if self._saved_camera is not None:
            (position, focal, up), parallel, angle = self._saved_camera
            cam = self.plotter.camera
            cam.position, cam.focal_point, cam.view_up = position, focal, up
            cam.parallel_projection = parallel
            cam.view_angle = angle
        self.plotter.renderer.ResetCameraClippingRange()
        self.viewer.request_render()

    def _state_changed(self, what: str) -> None:
        """PageUp / PageDown while walking: the walker takes the stairs to the new storey's floor."""
        if what in ("storeys", "explode") and self.active:
            try:
                state = self.viewer.state
                x, y, _ = self.eye
                self.eye = (x, y, state.floor_height() + state.explode * _rank(state) + EYE_HEIGHT)
                self._apply()
            except Exception as exc:  # noqa: BLE001
                report(exc, "walk")

    def move(self, forward: float, right: float) -> None:
        yaw = math.radians(self.yaw)
        x, y, z = self.eye
        x += forward * math.cos(yaw) + right * math.sin(yaw)
        y += forward * math.sin(yaw) - right * math.cos(yaw)
        self.eye = (x, y, z)  # z never changes: the walk stays on its storey
        self._apply()

    def turn(self, yaw: float, pitch: float = 0.0) -> None:
        self.yaw = (self.yaw + yaw) % 360.0
        self.pitch = max(-PITCH_LIMIT, min(PITCH_LIMIT, self.pitch + pitch))
        self._apply()

    def _apply(self) -> None:
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        x, y, z = self.eye
        look = (math.cos(pitch) * math.cos(yaw), math.cos(pitch) * math.sin(yaw), math.sin(pitch))
        cam = self.plotter.camera
        cam.position = self.eye
        cam.focal_point = (x + look[0] * 10, y + look[1] * 10, z + look[2] * 10)
        cam.view_up = (0.0, 0.0, 1.0)
        self.plotter.renderer.ResetCameraClippingRange()
        cam.clipping_range = (0.05, max(cam.clipping_range[1], 500.0))
        self.viewer.request_render()

    # --- Qt events (active only) ---------------------------------------------------------------------
    KEYS = {
        Qt.Key.Key_W: (1, 0), Qt.Key.Key_S: (-1, 0), Qt.Key.Key_A: (0, -1), Qt.Key.Key_D: (0, 1),
    }
    TURNS = {Qt.Key.Key_Left: (TURN, 0), Qt.Key.Key_Right: (-TURN, 0), Qt.Key.Key_Up: (0, TURN),
             Qt.Key.Key_Down: (0, -TURN)}

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        try:
            return self._event(event)
        except Exception as exc:  # noqa: BLE001 - never raise into Qt
            report(exc, "walk")
            return True

    def _event(self, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                if kind == QEvent.Type.KeyPress:
                    self.viewer.state.set_tool("orbit")
                event.accept()
                return True
            if key in self.KEYS or key in self.TURNS:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    fast = RUN if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
                    if key in self.KEYS:
                        f, r = self.KEYS[key]
                        self.move(f * STEP * fast, r * STEP * fast)
                    else:
                        self.turn(*self.TURNS[key])
                return True
            return False
        if kind == QEvent.Type.MouseButtonPress:
            self._drag_from = event.position()
            return True
        if kind == QEvent.Type.MouseMove and self._drag_from is not None:
            pos = event.position()
            dx, dy = pos.x() - self._drag_from.x(), pos.y() - self._drag_from.y()
            self._drag_from = pos
            self.turn(-dx * LOOK, -dy * LOOK)
            return True
        if kind == QEvent.Type.MouseButtonRelease:
            self._drag_from = None
            return True
        if kind == QEvent.Type.Wheel:
            self.move(STEP * 2 * (1 if event.angleDelta().y() > 0 else -1), 0)
            return True
        return False


def _rank(state) -> int:
    order = state.indices
    return order.index(state.focus) if state.focus in order else 0
