"""The 3D view host: one VTK render window in a Qt widget (ui/vtk_view.py) per window, created with the
first venue so that VTK loads then, not at launch.

VTK's own QVTKRenderWindowInteractor and not pyvistaqt's QtInteractor: importing pyvistaqt imports
pyvista.plotting and matplotlib (1.3-1.5 s of the stadium's 4.4 s launch-to-first-frame, see
bench/README.md); render.scene.VenueScene drives plain VTK anyway. 4x MSAA more than doubles frame
times on llvmpipe: none.

The widget applies a `ViewState` to the scene (through `scene_port`) and turns clicks into picks. Every
VTK observer and Qt slot here is `guarded`: an exception is reported, never fatal.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from venueplans.catalogue import Catalogue, read
from venueplans.errors import UserError
from venueplans.i18n import N_, tr
from venueplans.ui import graphics
from venueplans.ui.errors import guarded, report
from venueplans.ui.ops_runner import OpRunner, QueryOp
from venueplans.ui.scene_port import PickResult, ScenePort, make_scene
from venueplans.ui.view_state import ViewState

if TYPE_CHECKING:
    from venueplans.render.scene import SceneData

CLICK_TOLERANCE_PX = 4
SLICE_MS = 30  # building a scene: GUI-thread work per event-loop turn (the 100 ms responsiveness budget)


def _vtk_view(parent: QWidget):
    from venueplans.ui.vtk_view import VtkView

    view = VtkView(parent)
    view.add_axes(("E", "N", tr("Up")))  # background and lights: render.style, set by the venue scene
    return view


class _ClickFilter(QObject):
    """Turns a press + release without a drag into a click (the drag itself still orbits)."""

    def __init__(self, viewer: ViewerWidget):
        super().__init__(viewer)
        self.viewer = viewer
        self._pressed: QPoint | None = None

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        try:
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
                self._pressed = event.position().toPoint()
            elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
                start, self._pressed = self._pressed, None
                pos = event.position().toPoint()
                if start is not None and (pos - start).manhattanLength() <= CLICK_TOLERANCE_PX:
                    self.viewer.click_at(pos.x(), pos.y())
        except Exception as exc:  # noqa: BLE001 - never let an event filter raise into Qt
            report(exc, N_("click"))
        return False


class LoadingBar(QWidget):
    """"Opening <venue>…" with a busy bar, over the top of the 3D view while its scene loads."""

    def __init__(self, viewer: QWidget):
        super().__init__(viewer)
        self.setObjectName("scene_loading")
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: reading and decoding have no useful fraction
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.adjustSize()
        self.move(8, 8)
        self.raise_()
        self.show()


class No3DView(UserError):
    """The 3D view was asked for on a computer (or with a setting) where there is none."""


class _LazyPlotter:
    """Stands for the viewer's plotter in objects built with the window (overlays that draw later): the
    real one is created the first time they use it."""

    def __init__(self, viewer: ViewerWidget):
        self._viewer = viewer

    def __getattr__(self, name):
        return getattr(self._viewer.plotter, name)


class ViewerWidget(QWidget):
    """Hosts the interactor; `load(cat, venue_id)` shows a venue, `state` drives what is visible."""

    loaded = Signal(int)  # venue id
    first_frame = Signal(float)  # seconds from load() to the first frame drawn
    picked = Signal(object)  # PickResult | None
    point_picked = Signal(object)  # (x, y, z) in measure mode

    def __init__(self, state: ViewState | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("viewer")
        self.state = state or ViewState()
        self._plotter = None  # created with the first venue (`plotter`): VTK loads then, not at launch
        self._scene: ScenePort | None = None
        self._graphics: graphics.Graphics | None = None  # decided (child-process probe) with the first venue
        self.notice: QLabel | None = None  # in 2D-only mode, where the 3D view would be
        self._driver_ok = False  # the 3D view has drawn a frame (graphics.view_created)
        self._ready: list = []  # callbacks waiting for the plotter (`when_ready`)
        self.cat: Catalogue | None = None
        self.venue_id: int | None = None
        self.frames = 0
        self._awaiting_first_frame: float | None = None
        self._closed = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._click_filter = _ClickFilter(self)
        self._unsubscribe = self.state.subscribe(guarded(self._state_changed, context=N_("view")))
        self.loading = LoadingBar(self)
        self._steps = None  # the scene being built, a step per event-loop turn
        self._build_args: tuple | None = None  # what showing it needs once built
        self._hold_render = False
        self.lazy_plotter = _LazyPlotter(self)

    # --- the 3D host, created on first use ---------------------------------------------------------
    @property
    def plotter(self):
        """The VTK view (ui/vtk_view.VtkView); created (importing VTK) on first use."""
        if self._plotter is None:
            self._create_plotter()
        return self._plotter

    @property
    def scene(self) -> ScenePort:
        if self._scene is None:
            self._create_plotter()
        return self._scene

    @property
    def has_plotter(self) -> bool:
        return self._plotter is not None

    @property
    def graphics(self) -> graphics.Graphics:
        if self._graphics is None:
            self._graphics = graphics.current()
        return self._graphics

    @property
    def has_3d(self) -> bool:
        """False in 2D-only mode (no OpenGL context could be made, or the setting): only the plan shows."""
        return self.graphics.has_3d

    def when_ready(self, callback) -> None:
        """Call *callback(plotter)* now if the 3D view exists, else as soon as it is created."""
        if self._plotter is not None:
            callback(self._plotter)
        else:
            self._ready.append(callback)

    def _create_plotter(self) -> None:
        if not self.has_3d:
            raise No3DView(tr("no 3D view on this computer: {detail}").format(detail=self.graphics.detail))
        graphics.creating_view()  # removed at the first frame; left behind if the driver kills us
        plotter = _vtk_view(self)
        self._plotter = plotter
        self._scene = make_scene(plotter)
        self._layout.addWidget(plotter)
        plotter.setAcceptDrops(False)  # a file dropped on the view goes to the window, which imports it
        plotter.ren_win.AddObserver("EndEvent", self._on_frame)
        plotter.installEventFilter(self._click_filter)
        # The VTK view is a native window, drawn over any plain widget on it: the loading bar becomes a native
        # window too, stacked above it (raise_ in show_text).
        self.loading.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.loading.raise_()
        ready, self._ready = self._ready, []
        for callback in ready:
            callback(plotter)

    # --- venue ---------------------------------------------------------------------------------------
    def load(self, cat: Catalogue, venue_id: int, *, runner: OpRunner | None = None,
             then: Callable[[], object] | None = None, keep_camera: bool = False, title: str = "") -> None:
        """Show *venue_id*. With a *runner* (the app), the catalogue reads and the decoding of the geometry
        run on a worker (`QueryOp` on the "scene" channel: a newer load drops this one) while a progress
        bar shows; only the VTK actors are built here, on the GUI thread. *then* runs once the scene is
        on screen. Without a runner, all of it happens now (scripts, widget tests)."""
        started = time.perf_counter()
        if not self.has_3d:  # 2D-only mode: the storeys drive the plan and the panels, no scene to build
            if keep_camera:
                if then is not None:
                    then()
                return

            def shown(storeys) -> None:
                self._load_2d_only(cat, venue_id, storeys)
                if then is not None:
                    then()

            if runner is None:
                shown(read.load_storeys(cat, venue_id))
            else:
                QueryOp(runner, lambda worker_cat: read.load_storeys(worker_cat, venue_id),
                        guarded(shown, context=N_("view"))).channel("scene").run_in_background()
            return
        from venueplans.render.scene import read_scene_data  # VTK: loaded with the first venue, not at launch

        if runner is None:
            saved = self._camera()
            data = read_scene_data(cat, venue_id)
            self.scene.show(data)
            self._shown(cat, venue_id, data, saved, started, keep_camera)
            if then is not None:
                then()
            return
        self.loading.show_text(tr("Updating the view…") if keep_camera
                               else tr("Opening {venue}…").format(venue=title) if title else tr("Opening…"))

        def failed(exc: BaseException) -> None:
            self.loading.hide()
            report(exc, "opening the venue")

        QueryOp(runner, lambda worker_cat: read_scene_data(worker_cat, venue_id),
                guarded(lambda data: self._build(cat, venue_id, data, started, keep_camera, then), context=N_("view")),
                ).channel("scene").failure(failed).run_in_background()

    def _build(self, cat: Catalogue, venue_id: int, data: SceneData, started: float, keep_camera: bool,
               then: Callable[[], object] | None) -> None:
        """Build the actors a few steps per event-loop turn (at most ~SLICE_MS each), then show them.

        The build's state lives on the widget, not in closures that call each other: such a cycle kept
        each venue's scene data (megabytes of mesh arrays) alive until a garbage collection, and never
        once ui/heap.py had frozen it."""
        self._stop_building()
        self._steps = self.scene.show_steps(data)
        self._build_args = (cat, venue_id, data, self._camera(), started, keep_camera, then)
        self.plotter.hold = True  # Qt repaints meanwhile (the window, the loading bar): no half-built frames
        self._step(self._steps)

    def _step(self, steps) -> None:
        if self._steps is not steps:
            return  # a newer load took over (it closed this one)
        try:
            deadline = time.perf_counter() + SLICE_MS / 1000
            for _ in steps:
                if time.perf_counter() > deadline:
                    QTimer.singleShot(0, functools.partial(self._step, steps))
                    return
        except Exception as exc:  # noqa: BLE001 - reported; the view stays usable
            self._stop_building()
            self.loading.hide()
            report(exc, N_("view"))
            return
        QTimer.singleShot(0, functools.partial(self._finish_build, steps))  # shown in a turn of its own

    @guarded(context=N_("view"))
    def _finish_build(self, steps) -> None:
        if self._steps is not steps:
            return
        cat, venue_id, data, saved, started, keep_camera, then = self._build_args
        self._steps, self._build_args = None, None
        self.plotter.hold = False
        self.loading.hide()
        self._shown(cat, venue_id, data, saved, started, keep_camera)
        if then is not None:  # the panels in a turn of their own, after this one's frame
            QTimer.singleShot(0, functools.partial(self._then, venue_id, then))

    @guarded(context=N_("view"))
    def _then(self, venue_id: int, then: Callable[[], object]) -> None:
        if self.venue_id == venue_id:
            then()

    def _stop_building(self) -> None:
        steps, self._steps, self._build_args = self._steps, None, None
        if steps is not None:
            steps.close()  # the half-built scene is cleared
            self.plotter.hold = False

    def _camera(self) -> tuple:
        cam = self.plotter.camera
        return (cam.position, cam.focal_point, cam.view_up, cam.view_angle, cam.parallel_projection, cam.parallel_scale)

    def _shown(self, cat: Catalogue, venue_id: int, data: SceneData, saved: tuple, started: float,
               keep_camera: bool) -> None:
        cam = self.plotter.camera
        self.cat, self.venue_id = cat, venue_id
        self._hold_render = True  # one frame for all of it: a stadium frame is 0.1-0.8 s of software GL
        try:
            if keep_camera:  # the same venue after an edit: what the state says is put back, the camera too
                self._state_changed("reset")
                cam.position, cam.focal_point, cam.view_up = saved[:3]
                cam.view_angle, cam.parallel_projection, cam.parallel_scale = saved[3:]
                self.plotter.renderer.ResetCameraClippingRange()
            else:
                self.state.reset(data.storeys)
                self.scene.view("iso")
                self._awaiting_first_frame = started
                self.loaded.emit(venue_id)
        finally:
            self._hold_render = False
        self.request_render()  # a paint Qt makes in a turn of its own (one, with any already pending)

    def _load_2d_only(self, cat: Catalogue, venue_id: int, storeys: list) -> None:
        """No 3D: a notice in its place; the state (storeys) still drives the 2D plan and the panels."""
        if self.notice is None:
            self.notice = QLabel(self.graphics.notice())
            self.notice.setObjectName("no_3d_notice")
            self.notice.setWordWrap(True)
            self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.notice.setContentsMargins(40, 20, 40, 20)
            self.notice.setStyleSheet("color:#5a3b00; background:#fff6dc; font-size:11pt")
            self._layout.addWidget(self.notice)
        self.cat, self.venue_id = cat, venue_id
        self.state.reset(storeys)
        self.loaded.emit(venue_id)
        QTimer.singleShot(0, lambda: self.first_frame.emit(0.0))  # what there is to see is on screen

    def clear(self) -> None:
        self.loading.hide()
        self._stop_building()
        if self._scene is None:
            return
        self.scene.clear()
        self.cat = self.venue_id = None
        self.request_render()

    # --- state -> scene ----------------------------------------------------------------------------------
    def _state_changed(self, what: str) -> None:
        if self._scene is None:  # no venue shown yet
            return
        st = self.state
        if what in ("reset", "storeys"):
            self.scene.show_storeys(st.visible_storeys(), st.ghosted_storeys())
        if what in ("reset", "categories"):
            self.scene.hide_categories(st.hidden_categories())
        if what in ("reset", "xray"):
            self.scene.set_xray(st.xray)
        if what in ("reset", "explode"):
            self.scene.set_explode(st.explode)
        if what in ("reset", "section") or (what == "storeys" and st.section):
            self.scene.set_section(st.cut_height(), each_floor=st.section_each_floor)
        if what == "section_box" or (what == "reset" and not st.section_box):
            self.scene.section_box(st.section_box)
        if what != "tool":
            self.request_render()

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._awaiting_first_frame is not None and self.venue_id is not None:
            try:  # the window was laid out after load(): frame the default view for the final size
                self.scene.view("iso")
            except Exception as exc:  # noqa: BLE001
                report(exc, N_("view"))

    # --- rendering -------------------------------------------------------------------------------------
    def request_render(self) -> None:
        if not self._closed and not self._hold_render and self._plotter is not None:
            self.plotter.render()

    @guarded(context=N_("frame"))
    def _on_frame(self, *_args) -> None:
        self.frames += 1
        if self._awaiting_first_frame is not None and self.venue_id is not None and self.plotter.isVisible():
            elapsed = time.perf_counter() - self._awaiting_first_frame
            self._awaiting_first_frame = None
            if not self._driver_ok:
                self._driver_ok = True
                graphics.view_created()
            QTimer.singleShot(0, lambda: self.first_frame.emit(elapsed))

    def view(self, preset: str) -> None:
        self.scene.view(preset)
        self.request_render()

    def zoom(self, factor: float) -> None:
        self.plotter.camera.Zoom(factor)
        self.plotter.renderer.ResetCameraClippingRange()
        self.request_render()

    def pan(self, dx: float, dy: float) -> None:
        """Move the camera across the screen by a fraction of the view (dx right, dy up)."""
        import numpy as np

        cam = self.plotter.camera
        pos, focal, up = (np.array(v, dtype=float) for v in (cam.position, cam.focal_point, cam.view_up))
        forward = focal - pos
        dist = np.linalg.norm(forward)
        right = np.cross(forward / dist, up)
        right /= np.linalg.norm(right) or 1.0
        true_up = np.cross(right, forward / dist)
        shift = (right * dx + true_up * dy) * dist * 0.5
        cam.position, cam.focal_point = tuple(pos + shift), tuple(focal + shift)
        self.request_render()

    def orbit(self, degrees: float, elevation: float = 0.0) -> None:
        cam = self.plotter.camera
        cam.Azimuth(degrees)
        if elevation:
            cam.Elevation(elevation)
            cam.OrthogonalizeViewUp()
        self.plotter.renderer.ResetCameraClippingRange()
        self.request_render()

    # --- picking -----------------------------------------------------------------------------------------
    def display_point(self, x: int, y: int) -> tuple[int, int]:
        """Qt widget coordinates (logical px, origin top-left) to VTK display coordinates."""
        ratio = self.plotter.devicePixelRatioF()
        height = self.plotter.ren_win.GetSize()[1]
        return int(round(x * ratio)), int(round(height - 1 - y * ratio))

    def display_to_widget(self, dx: float, dy: float) -> tuple[int, int]:
        ratio = self.plotter.devicePixelRatioF()
        height = self.plotter.ren_win.GetSize()[1]
        return int(round(dx / ratio)), int(round((height - 1 - dy) / ratio))

    def world_to_widget(self, point: tuple[float, float, float]) -> tuple[int, int]:
        """Where a model point appears in the widget (Qt coordinates); used by tests."""
        ren = self.plotter.renderer
        ren.SetWorldPoint(*point, 1.0)
        ren.WorldToDisplay()
        dx, dy, _ = ren.GetDisplayPoint()
        return self.display_to_widget(dx, dy)

    def pick_widget(self, x: int, y: int) -> PickResult | None:
        return self.scene.pick(*self.display_point(x, y))

    @guarded(context=N_("pick"))
    def click_at(self, x: int, y: int) -> None:
        if self.venue_id is None or self.state.tool == "walk":
            return
        result = self.pick_widget(x, y)
        if self.state.tool == "measure":
            if result is not None and result.point is not None:
                self.point_picked.emit(result.point)
            return
        self.picked.emit(result)

    # --- images ------------------------------------------------------------------------------------------
    def view_image(self) -> QImage:
        """The 3D view as an image (its last frame, read back from VTK)."""
        return self.plotter.image()

    def thumbnail_png(self, width: int = 320, height: int = 200) -> bytes:
        image = self.view_image().scaled(width, height, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                         Qt.TransformationMode.SmoothTransformation)
        x = max(0, (image.width() - width) // 2)
        y = max(0, (image.height() - height) // 2)
        image = image.copy(x, y, width, height)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    # --- teardown ------------------------------------------------------------------------------------------
    def close_view(self) -> None:
        """Close the VTK view when its window closes (stops timers, frees GL)."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        self._stop_building()
        if self._plotter is None:
            return
        try:
            self.plotter.removeEventFilter(self._click_filter)
            self.scene.close()
        except Exception as exc:  # noqa: BLE001 - closing must always finish
            report(exc, N_("closing the 3D view"))
        try:
            self.plotter.close_view()
        except Exception as exc:  # noqa: BLE001 - closing must always finish
            report(exc, N_("closing the 3D view"))
