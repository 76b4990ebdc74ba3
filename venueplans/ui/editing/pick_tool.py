"""Clicking on the model to place something: the input tool every editor shares.

An editor *arms* the tool with a prompt and a callback; the view switches to the "place" tool (a
cross cursor, the prompt in the status bar) and every click on the model calls back with a `Spot`:
the world point, its storey, the element hit. A click on nothing (the street around a building has
no geometry) lands on the floor plane of the storey being worked on, so a cordon can be drawn outside.
Multi-point input (routes, areas) ends with a double click or `finish()`; Esc (the window's "leave
tool") cancels. Tests call `handle_pick` with a PickResult, exactly what a click delivers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal

from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded, report
from venueplans.ui.scene_port import PickResult


@dataclass(frozen=True)
class Spot:
    """Where the user clicked, in the model frame (explode lifts removed)."""

    point: tuple[float, float, float]
    storey: int | None
    element: int | None = None
    category: str | None = None
    on_model: bool = True  # False: on the storey's floor plane, not on geometry


@dataclass
class _Request:
    prompt: str
    on_spot: Callable[[Spot], None]
    multi: bool
    on_finish: Callable[[], None] | None
    on_cancel: Callable[[], None] | None


class PickTool(QObject):
    armed_changed = Signal(bool)

    def __init__(self, viewer, show_status: Callable[[str], None], parent=None):
        super().__init__(parent or viewer)
        self.viewer = viewer
        self.state = viewer.state
        self.show_status = show_status
        self._request: _Request | None = None
        self._last_release: QPoint | None = None
        viewer.picked.connect(self.handle_pick)
        viewer.when_ready(lambda plotter: plotter.installEventFilter(self))  # the 3D view is made on first use
        self.state.subscribe(guarded(self._state_changed, context=N_("place tool")))

    @property
    def armed(self) -> bool:
        return self._request is not None

    @property
    def prompt(self) -> str:
        return self._request.prompt if self._request else ""

    def arm(self, prompt: str, on_spot: Callable[[Spot], None], *, multi: bool = False,
            on_finish: Callable[[], None] | None = None, on_cancel: Callable[[], None] | None = None) -> None:
        """Take the next click(s) on the model; a new arm replaces (cancels) the previous one."""
        if self._request is not None:
            self.cancel()
        self._request = _Request(prompt, on_spot, multi, on_finish, on_cancel)
        self.state.set_tool("place")
        self.viewer.plotter.setCursor(Qt.CursorShape.CrossCursor)
        self.show_status(prompt + tr("  Esc to cancel."))
        self.armed_changed.emit(True)

    def finish(self) -> None:
        """End multi-point input (double click, Enter, the Finish button)."""
        request = self._disarm()
        if request is not None and request.on_finish is not None:
            request.on_finish()

    def cancel(self) -> None:
        request = self._disarm()
        if request is not None:
            self.show_status(tr("Cancelled."))
            if request.on_cancel is not None:
                request.on_cancel()

    def _disarm(self) -> _Request | None:
        request, self._request = self._request, None
        if request is not None:
            self.viewer.plotter.unsetCursor()
            if self.state.tool == "place":
                self.state.set_tool("orbit")
            self.armed_changed.emit(False)
        return request

    # --- input ------------------------------------------------------------------------------------------
    @guarded(context=N_("place"))
    def handle_pick(self, result: PickResult | None) -> None:
        request = self._request
        if request is None or self.state.tool != "place":
            return
        spot = self._spot(result)
        if spot is None:
            self.show_status(tr("Nothing under the cursor there. ") + request.prompt)
            return
        if not request.multi:
            self._disarm()
        request.on_spot(spot)

    def _spot(self, result: PickResult | None) -> Spot | None:
        focus = self.state.focus_storey()
        if result is not None and result.point is not None:
            storey = result.storey if result.storey is not None else (focus.index if focus else None)
            return Spot(tuple(float(c) for c in result.point), storey, result.element, result.category)
        if self._last_release is None or focus is None:
            return None
        point = self.floor_point(self._last_release.x(), self._last_release.y(), focus)
        return None if point is None else Spot(point, focus.index, on_model=False)

    def floor_point(self, x: int, y: int, storey) -> tuple[float, float, float] | None:
        """Where the ray under widget point (x, y) meets *storey*'s floor (model frame), or None."""
        renderer = self.viewer.plotter.renderer
        dx, dy = self.viewer.display_point(x, y)
        ends = []
        for depth in (0.0, 1.0):
            renderer.SetDisplayPoint(dx, dy, depth)
            renderer.DisplayToWorld()
            w = np.array(renderer.GetWorldPoint(), dtype=float)
            ends.append(w[:3] / (w[3] or 1.0))
        order = [s.index for s in self.state.storeys]
        lift = order.index(storey.index) * self.state.explode if storey.index in order else 0.0
        z = storey.elevation + lift
        d = ends[1] - ends[0]
        if abs(d[2]) < 1e-9:
            return None
        t = (z - ends[0][2]) / d[2]
        if t < 0:
            return None
        p = ends[0] + t * d
        return (float(p[0]), float(p[1]), float(storey.elevation))

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        try:
            kind = event.type()
            if kind == QEvent.Type.MouseButtonRelease:
                self._last_release = event.position().toPoint()
            elif (kind == QEvent.Type.MouseButtonDblClick and self._request is not None
                  and self._request.multi and event.button() == Qt.MouseButton.LeftButton):
                self.finish()
                return True
        except Exception as exc:  # noqa: BLE001 - never raise into Qt's event dispatch
            report(exc, "place")
        return False

    def _state_changed(self, what: str) -> None:
        if what in ("tool", "reset") and self._request is not None and self.state.tool != "place":
            self.cancel()  # Esc, Measure, Walk or another venue: the placement is over
