"""The 2D plan beside the 3D view: the current storey's floor plan, sharing the selection and the camera.

- What it shows follows `ViewState`: the storey being worked on (the focus, else the ground floor) and,
  when a horizontal cut is on and falls within that storey, the cut's height (else floor + 1.2 m). The
  plan is the printed briefing's (`briefing.draw_plan`), so screen and paper agree. Plans take 50-450 ms
  per storey on the sample venues: they are built off the GUI thread, cached per (storey, cut height),
  and the other storeys are prefetched once the first one is on screen.
- Click: the exit, access point, door, stair, wall or room under the cursor becomes the shared selection
  (Properties panel, amber in both views); a pick in 3D is highlighted here. Ctrl+click or double-click:
  the 3D camera goes there (a top view centred on the point; walking, the walker stands there facing the
  same way). Wheel zooms about the cursor, a drag pans, Fit frames the venue.
- The grid's letters and numbers run along the top and left edges; the cell under the mouse goes to the
  status bar ("C7"), so a team can say "exit 4, cell C7".
- The 3D camera is drawn as an eye with its view cone and the floor area it sees (dashed), refreshed from
  VTK camera events at most 20 times a second.

Modules: ui/plan_model.py (the plan's data, built by a `QueryOp` on the window's op runner; picking; the
camera's footprint), ui/plan_camera.py (the camera on the plan, Ctrl+click), ui/plan_selection.py (the
selection outline, and the 3D highlight whose actors are render/highlight.py), ui/plan_painter.py (QPainter
and graphics items), ui/plan_canvas.py (the map widget: zoom, pan, clicks, rulers).
"""

from __future__ import annotations

import math
from collections import OrderedDict

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QPen, QTransform
from PySide6.QtWidgets import (
    QDockWidget,
    QGraphicsPolygonItem,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from venueplans.briefing import Drawing, Group, PaperTransform, Text, draw_plan
from venueplans.catalogue import Catalogue
from venueplans.i18n import N_, format_length, tr
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.ui.errors import guarded, one_line, report
from venueplans.ui.navigation import SHORTCUTS
from venueplans.ui.ops_runner import OpRunner, QueryOp
from venueplans.ui.plan_camera import PlanCamera
from venueplans.ui.plan_canvas import PlanCanvas
from venueplans.ui.plan_model import (
    CameraOnPlan,
    PlanData,
    build_plan_data,
    element_category,
    element_geometry,
    geometry_transform,
    hit_element,
    plan_cut,
)
from venueplans.ui.plan_painter import (
    CAMERA,
    PX_PER_MM,
    CameraItem,
    DisplayListItem,
    SelectionItem,
    SymbolItem,
    colour,
    to_scene,
)
from venueplans.ui.plan_selection import Highlight3D, geometry_path
from venueplans.ui.scene_port import PickResult
from venueplans.ui.view_state import ViewState

CACHE_SIZE = 24  # plans kept (storey x cut height); a stadium storey is a few hundred kB
CAMERA_INTERVAL_MS = 50  # camera marker refresh: at most 20 Hz however fast VTK moves the camera
CUT_SETTLE_MS = 250  # a cut height being dialled in: build the plan when it rests
ZOOM_SETTLE_MS = 120  # labels are re-laid out for the new zoom when the wheel rests
PICK_PX = 5  # tolerance around thin things (walls, doors) when picking

# Rows for Help › Keyboard shortcuts (added to navigation.SHORTCUTS by the first PlanView, as the editors do).
PLAN_SHORTCUTS = (N_("2D plan"), "", [
    (N_("Click"), N_("Select the exit, access point, door, wall or room: highlighted in 3D, shown in Properties")),
    (N_("Ctrl+click / double-click"), N_("Move the 3D camera there: top view centred on the point (walking: stand there)")),
    (N_("Wheel · drag"), N_("Zoom about the cursor · pan")),
    (N_("Fit (plan toolbar)"), N_("Frame the whole venue grid")),
])
LOOK_TIP = N_("Ctrl+click or double-click: move the 3D camera here")


SELECTION_ELSEWHERE = N_("selection on")  # the prefix of our own status line, translated where shown


# --- the widget -----------------------------------------------------------------------------------------
class PlanView(PlanCamera, QWidget):
    """The 2D plan dock's contents; see the module docstring. `picked` carries a `PickResult` (or None),
    so the window treats a plan click exactly like a 3D pick."""

    picked = Signal(object)
    cell_changed = Signal(str)
    plan_shown = Signal(object)  # PlanData
    plan_settled = Signal()  # the plan wanted is on screen, failed, or there is none (see `settled`)

    def __init__(self, state: ViewState, viewer, walk=None, parent=None, *, runner: OpRunner | None = None):
        super().__init__(parent)
        self.setObjectName("plan_view")
        self.state, self.viewer, self.walk = state, viewer, walk
        self.data: PlanData | None = None
        self.symbols: list[SymbolItem] = []
        self.selection_item: SelectionItem | None = None
        self.camera: CameraOnPlan | None = None
        self.camera_updates = 0
        self.errors: list[str] = []
        self._cache: OrderedDict[tuple, PlanData] = OrderedDict()
        self._jobs: dict[tuple, int] = {}  # plans being built: key -> generation
        self._wanted: tuple | None = None
        self._generation = 0  # bumped when the venue is edited: older plans are out of date
        self._stale = False  # the state moved on while the view was hidden
        self._venue: tuple | None = None  # (catalogue path, venue id)
        self._geometry_item: DisplayListItem | None = None
        self._symbol_scale: float | None = None
        self._auto_fit = True
        self._observed_camera = None
        self._camera_tag = None
        self._closed = False
        self._sized = False
        self._runner = runner  # plans are QueryOps on the window's op runner (else one of our own)
        # `venueplans open VENUE --screenshot` sets this: nobody interacts, so no other storey's plan is
        # built ahead; the picture waits for `settled()` (the plan builds on a worker while the 3D view draws).
        self.unattended = False

        self.title = QLabel(tr("No venue open"))
        self.title.setObjectName("plan_title")
        self.status = QLabel()
        self.status.setObjectName("plan_status")
        self.status.setStyleSheet("color:#8a5a00")
        self.status.linkActivated.connect(guarded(self._go_to_storey, context=N_("plan")))
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 3, 4, 3)
        bar.addWidget(self.title)
        bar.addWidget(self.status, 1)
        self.buttons = {}
        for key, text, tip, slot in (
            ("out", "−", tr("Zoom out (wheel)"), lambda: self.canvas.zoom_by(0.8)),
            ("in", "+", tr("Zoom in (wheel)"), lambda: self.canvas.zoom_by(1.25)),
            ("fit", tr("Fit"), tr("Frame the whole venue grid"), lambda: self.fit()),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.clicked.connect(guarded(slot, context=N_("plan")))
            bar.addWidget(b)
            self.buttons[key] = b
        self.canvas = PlanCanvas()
        self.canvas.setToolTip(tr("Click: select · {look} · wheel: zoom · drag: pan").format(look=tr(LOOK_TIP)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        self.cell_label = QLabel()  # the window puts it in its status bar
        self.cell_label.setObjectName("plan_cell")
        self.cell_label.setMinimumWidth(90)
        self.cell_label.setToolTip(tr("Grid cell under the mouse on the 2D plan"))

        scene = self.canvas.scene()
        self.footprint_item = QGraphicsPolygonItem()
        pen = QPen(colour(CAMERA, 0.8), 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.footprint_item.setPen(pen)
        self.footprint_item.setBrush(QBrush(colour(CAMERA, 0.07)))
        self.footprint_item.setZValue(5)
        self.camera_item = CameraItem()
        self.camera_item.setZValue(50)
        for item in (self.footprint_item, self.camera_item):
            item.setVisible(False)
            scene.addItem(item)
        self.highlight3d = Highlight3D(viewer, self.runner)

        self._camera_timer = QTimer(self, singleShot=True, interval=CAMERA_INTERVAL_MS)
        self._camera_timer.timeout.connect(guarded(self.update_camera, context=N_("plan camera")))
        self._cut_timer = QTimer(self, singleShot=True, interval=CUT_SETTLE_MS)
        self._cut_timer.timeout.connect(guarded(self._follow, context=N_("plan")))
        self._zoom_timer = QTimer(self, singleShot=True, interval=ZOOM_SETTLE_MS)
        self._zoom_timer.timeout.connect(guarded(self._rebuild_symbols, context=N_("plan labels")))
        self.canvas.zoomed.connect(self._zoom_timer.start)
        self.canvas.user_moved.connect(self._user_moved)
        self.canvas.clicked.connect(guarded(self._clicked, context=N_("plan pick")))
        self.canvas.look_requested.connect(guarded(self.look_at, context=N_("plan camera")))
        self.canvas.hovered.connect(guarded(self._hovered, context=N_("plan")))
        self._unsubscribe = state.subscribe(guarded(self._state_changed, context=N_("plan")))
        if not any(group == PLAN_SHORTCUTS[0] for group, _, _ in SHORTCUTS):
            SHORTCUTS.append(PLAN_SHORTCUTS)

    # --- model -> plan -------------------------------------------------------------------------------------
    def _state_changed(self, what: str) -> None:
        if what == "reset":
            self._venue_changed()
        elif what == "storeys":
            self._follow()
        elif what == "section":
            self._cut_timer.start()
        elif what == "selection":
            self._show_selection()
            self.highlight3d.show(self.state.selection, self.state)
        if what == "explode":
            self.highlight3d.relift(self.state)
        if what in ("reset", "storeys", "explode"):
            self.schedule_camera()

    def _venue_changed(self) -> None:
        venue = (getattr(self.viewer.cat, "path", None), self.viewer.venue_id)
        self.highlight3d.clear()
        if venue != self._venue:
            self._venue = venue
            self._invalidate()
            self._clear_items()
            self.data = None
            self._auto_fit = True
        self._attach_camera()
        self._follow()

    def _invalidate(self) -> None:
        self._generation += 1
        self._cache.clear()
        self._jobs.clear()  # queued builds skip themselves, a running one is dropped (older generation)

    def apply_changes(self, changes) -> None:
        """After an edit (`ops.Changes`): new or renumbered features, or new geometry, of the venue on show
        make every cached plan out of date. The plan on screen stays until the new one is ready."""
        if self.viewer.venue_id is None or changes.venue_id not in (None, self.viewer.venue_id):
            return
        if (changes.features or changes.geometry) and not changes.photo_ids:  # a photo is drawn on no plan
            self._invalidate()
            self._follow(force=True)

    def current_key(self) -> tuple[int, int, float] | None:
        storey = self.state.focus_storey()
        if storey is None or self.viewer.venue_id is None:
            return None
        return (self.viewer.venue_id, storey.index, plan_cut(self.state, storey))

    def _follow(self, *, force: bool = False) -> None:
        """Show the plan the state asks for: from the cache, or build it in the background (only while
        the view is visible: a closed plan dock costs nothing)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        key = self.current_key()
        self._wanted = key
        if key is None:
            self._clear_items()
            self.data = None
            self.title.setText(tr("No storeys") if self.viewer.venue_id is not None else tr("No venue open"))
            return
        if self.data is not None and self.data.key == key and not force:
            self._on_screen_again()
            return
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self._show(cached)
            return
        storey = self.state.storey(key[1])
        self.title.setText(f"<b>{storey.name}</b>")
        self.status.setText(tr("building the plan…"))
        if self._geometry_item is not None:  # the previous storey stays, dimmed, until the new one is ready
            for item in [self._geometry_item, *self.symbols]:
                item.setOpacity(0.3)
        self._submit(key, priority=10)

    def runner(self) -> OpRunner | None:
        if self._runner is None and self.viewer.cat is not None:
            self._runner = OpRunner(self.viewer.cat, self)
        return self._runner

    def _on_screen_again(self) -> None:
        """The plan on screen is the one wanted after all (back from a cut still building, or failed)."""
        for item in [self._geometry_item, *self.symbols]:
            if item is not None:
                item.setOpacity(1.0)
        if not self.status.text().startswith(tr(SELECTION_ELSEWHERE)):
            self.status.setText("")

    def _submit(self, key: tuple, *, priority: int) -> None:
        if key in self._cache or key in self._jobs or self._closed or self.viewer.cat is None:
            return
        generation = self._generation
        if self.unattended and priority <= 0:
            return  # nobody will turn to another storey

        def build(cat: Catalogue) -> PlanData | None:
            if generation != self._generation:
                return None  # queued before an edit or another venue: not worth building
            return build_plan_data(cat, *key)

        self._jobs[key] = generation
        (QueryOp(self.runner(), build, guarded(lambda data: self._job_done(key, generation, data), context=N_("plan")))
         .failure(guarded(lambda exc: self._job_failed(key, generation, one_line(exc)), context=N_("plan")))
         .priority(priority).run_in_background())

    def _job_done(self, key: tuple, generation: int, data: PlanData | None) -> None:
        if self._jobs.get(key) == generation:
            del self._jobs[key]
        if (data is None or self._closed or generation != self._generation or self._venue is None
                or key[0] != self._venue[1]):
            return  # a plan of the previous venue, or from before an edit
        self._cache[key] = data
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if key == self._wanted:
            first = self.data is None
            self._show(data)
            if first:  # the next PageUp/PageDown is instant
                for s in self.state.storeys:
                    self._submit((key[0], s.index, PLAN_CUT_ABOVE_FLOOR), priority=0)

    def _job_failed(self, key: tuple, generation: int, line: str) -> None:
        if self._jobs.get(key) == generation:
            del self._jobs[key]
        if self._closed or generation != self._generation:
            return
        self.errors.append(line)
        if key == self._wanted:
            self.status.setText(tr("plan failed: {reason}").format(reason=line))
            self.plan_settled.emit()

    def settled(self) -> bool:
        """Nothing left to wait for: the plan the state asks for is on screen or failed, there is none, or
        the dock is closed."""
        if not self.isVisible() or self._wanted is None:
            return True
        if self.data is not None and self.data.key == self._wanted:
            return True
        return self._wanted not in self._jobs and self._wanted not in self._cache

    def _clear_items(self) -> None:
        scene = self.canvas.scene()
        for item in [self._geometry_item, self.selection_item, *self.symbols]:
            if item is not None:
                scene.removeItem(item)
        self._geometry_item, self.selection_item, self.symbols = None, None, []
        self._symbol_scale = None

    def _show(self, data: PlanData) -> None:
        new_grid = self.data is None or self.data.grid != data.grid
        self._clear_items()
        self.data = data
        self.status.setText("")  # built: no "building…" or failure line any more (the selection may add one)
        item = DisplayListItem(data.geometry)
        t = geometry_transform(data.grid)
        m = 1.0 / t.mm_per_m
        item.setTransform(QTransform(m, 0, 0, m, t.west, -t.north))  # paper mm at 1:100 -> world metres
        item.setZValue(0)
        self.canvas.scene().addItem(item)
        self._geometry_item = item
        self.canvas.grid = data.grid
        if new_grid:
            g = data.grid
            span = max(g.x1 - g.x0, g.y0 - g.y1)
            self.canvas.setSceneRect(QRectF(g.x0 - span, -g.y0 - span, (g.x1 - g.x0) + 2 * span,
                                            (g.y0 - g.y1) + 2 * span))
        if self._auto_fit or new_grid:
            self.fit(auto=True)
        self._rebuild_symbols(force=True)
        self._show_selection()
        s = data.storey
        self.title.setText(f"<b>{s.name}</b> <span style='color:#555'>· " + tr("cut {height} above the floor").format(
                height=format_length(data.cut, 2, exact=True)) + "</span>")
        self.title.setToolTip(tr("{storey}: floor at {floor}, plan cut at {cut} (built in {ms:.0f} ms)").format(
            storey=s.name, floor=format_length(s.elevation, 2, exact=True, signed=True),
            cut=format_length(s.elevation + data.cut, 2, exact=True, signed=True), ms=data.seconds * 1000))
        self.update_camera()
        self.plan_shown.emit(data)

    def fit(self, *, auto: bool = False) -> None:
        if self.data is None:
            return
        self.canvas.fit_world(*self.data.grid.bounds)
        self._auto_fit = True if not auto else self._auto_fit
        self._zoom_timer.start()

    def _user_moved(self) -> None:
        self._auto_fit = False

    def showEvent(self, event):  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, guarded(self._follow, context=N_("plan")))
        if self._sized:
            return
        self._sized = True
        try:  # first shown in the final window: a third of its width, so the plan reads at a glance
            dock = self.parentWidget()
            window = dock.parentWidget() if isinstance(dock, QDockWidget) else None
            if isinstance(window, QMainWindow) and dock.width() < window.width() * 0.33:
                window.resizeDocks([dock], [int(window.width() * 0.36)], Qt.Orientation.Horizontal)
        except Exception as exc:  # noqa: BLE001
            report(exc, "plan")

    def resizeEvent(self, event):  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._auto_fit and self.data is not None:
            try:
                self.fit(auto=True)
            except Exception as exc:  # noqa: BLE001
                report(exc, "plan")

    def _rebuild_symbols(self, force: bool = False) -> None:
        """Symbols and labels at the current zoom: constant size on screen, decluttered for this scale
        (in steps of sqrt 2, so a wheel notch does not re-lay out every label)."""
        data = self.data
        if data is None:
            return
        mm_per_m = self.canvas.px_per_metre() / PX_PER_MM
        scale = 2 ** (round(math.log2(max(mm_per_m, 1e-6)) * 2) / 2)
        if not force and scale == self._symbol_scale:
            return
        scene = self.canvas.scene()
        for item in self.symbols:
            scene.removeItem(item)
        self.symbols = []
        self._symbol_scale = scale
        t = PaperTransform(data.grid.x0, data.grid.y0, 0.0, 0.0, scale)
        drawing = Drawing(1.0, 1.0)
        draw_plan(drawing, data.plan, t, grid=data.grid, labels_only=True)  # the building is drawn already
        features = {f.id: f for f in data.plan.features if f.id is not None}
        for z, layer in ((20, "labels"), (30, "features")):
            for n, group in enumerate(drawing.layers[layer]):
                if not isinstance(group, Group):
                    continue
                f = features.get(group.meta.get("feature_id"))
                if f is not None:
                    anchor = t.point(f.position[0], f.position[1])
                else:
                    xs, ys = _text_xy(group)
                    if not xs:
                        continue
                    anchor = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
                item = SymbolItem(group, anchor)
                item.setPos(to_scene(*t.world(*anchor)))
                item.setZValue(z + 0.001 * (len(drawing.layers[layer]) - n))  # exits (drawn first) on top
                scene.addItem(item)
                self.symbols.append(item)
        self._show_selection()

    # --- selection ---------------------------------------------------------------------------------------
    def _clicked(self, x: float, y: float, symbol: SymbolItem | None) -> None:
        data = self.data
        if data is None:
            return
        z = data.storey.elevation
        if symbol is not None:
            f = next((f for f in data.plan.features if f.id == symbol.meta.get("feature_id")), None)
            if f is not None:
                self.picked.emit(PickResult(f.element, tuple(map(float, f.position)), f.storey,
                                            element_category(data, f.element), f))
                return
        hit = hit_element(data, x, y, PICK_PX / self.canvas.px_per_metre())
        if hit is None or hit[0] is None:
            self.picked.emit(None)
            return
        element, category, _space = hit
        self.picked.emit(PickResult(element, (x, y, z), data.storey.index, category))

    def _show_selection(self) -> None:
        sel, data = self.state.selection, self.data
        for item in self.symbols:
            item.set_highlighted(sel is not None and sel.feature_id is not None
                                 and item.meta.get("feature_id") == sel.feature_id)
        if self.selection_item is not None:
            self.canvas.scene().removeItem(self.selection_item)
            self.selection_item = None
        if self.status.text().startswith(tr(SELECTION_ELSEWHERE)):  # only our own line: a failure stays said
            self.status.setText("")
        if sel is None or data is None:
            return
        if sel.storey is not None and sel.storey != data.storey.index and self.state.storey(sel.storey):
            name = self.state.storey(sel.storey).name
            self.status.setText(tr("{prefix} {storey}: <a href='{link}'>show that storey</a>").format(
                prefix=tr(SELECTION_ELSEWHERE), storey=name, link=sel.storey))
            return
        geom = element_geometry(data, sel.element) if sel.element is not None else None
        if geom is not None and not geom.is_empty:
            self.selection_item = SelectionItem(geometry_path(geom))
            self.selection_item.setZValue(15)
            self.canvas.scene().addItem(self.selection_item)
        where = None
        if sel.feature_id is not None:
            f = next((f for f in data.plan.features if f.id == sel.feature_id), None)
            where = f.position[:2] if f is not None else None
        if where is None and geom is not None and not geom.is_empty:
            c = geom.centroid
            where = (c.x, c.y)
        if where is not None:
            west, south, east, north = self.canvas.visible_world()
            if not (west <= where[0] <= east and south <= where[1] <= north):
                self.canvas.centerOn(to_scene(*where))

    def _go_to_storey(self, link: str) -> None:
        index = int(link)
        (self.state.ghost if self.state.mode == "ghost" else self.state.isolate)(index)

    def selected_symbols(self) -> list[SymbolItem]:
        return [s for s in self.symbols if s.highlighted]

    # --- status ----------------------------------------------------------------------------------------------
    def _hovered(self, point) -> None:
        if point is None or self.data is None:
            text = ""
        else:
            text = tr("Cell {cell}").format(cell=self.data.grid.cell_of(*point))
        if text != self.cell_label.text():
            self.cell_label.setText(text)
            self.cell_changed.emit(text)

    # --- teardown ----------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop observing and wait for a plan being built (the window is closing)."""
        if self._closed:
            return
        self._closed = True
        self._unsubscribe()
        for timer in (self._camera_timer, self._cut_timer, self._zoom_timer):
            timer.stop()
        self._detach_camera()
        self._generation += 1  # queued builds skip themselves; the window's runner waits for a running one
        if self._runner is not None and self._runner.parent() is self:
            self._runner.shutdown()
        try:
            self.highlight3d.clear()
        except Exception as exc:  # noqa: BLE001 - closing must always finish
            report(exc, "closing the plan")


def _text_xy(group: Group) -> tuple[list[float], list[float]]:
    xs, ys = [], []
    for item in group.items:
        if isinstance(item, Text):
            xs.append(item.x)
            ys.append(item.y)
    return xs, ys

