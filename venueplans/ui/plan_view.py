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
"""

from __future__ import annotations

import dataclasses
import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF, QTransform
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

from venueplans.briefing import Drawing, Group, PaperTransform, Text, draw_plan, load_venue_plans
from venueplans.catalogue import Catalogue, open_catalogue, read
from venueplans.geometry.grid import ReferenceGrid
from venueplans.geometry.plan2d import SpacePlan, StoreyPlan
from venueplans.geometry.sections import Section
from venueplans.i18n import N_, format_length, tr
from venueplans.model import Space, Storey
from venueplans.ui.errors import guarded, one_line, report
from venueplans.ui.navigation import SHORTCUTS
from venueplans.ui.plan_painter import (
    CAMERA,
    PX_PER_MM,
    SELECTION,
    CameraItem,
    DisplayListItem,
    Op,
    PlanCanvas,
    SelectionItem,
    SymbolItem,
    colour,
    prepare,
    to_scene,
)
from venueplans.ui.scene_port import PickResult
from venueplans.ui.view_state import SECTION_HEIGHT_ABOVE_FLOOR, Selection, ViewState

GEOMETRY_MM_PER_M = 10.0  # the building's display list at 1:100: its 0.1 mm simplification is 1 cm
GEOMETRY_LAYERS = ("floor", "spaces", "seating", "structure", "walls", "openings", "stairs", "grid")
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


# --- the plan of one storey, built off the GUI thread -----------------------------------------------------
@dataclass
class PlanData:
    venue_id: int
    storey: Storey
    cut: float  # metres above the storey's floor
    plan: StoreyPlan
    grid: ReferenceGrid
    spaces: list[tuple[SpacePlan, Space | None]]  # each room drawn, with the catalogue's space (element)
    geometry: list[Op]  # the building's display list, prepared for painting
    seconds: float  # time to build

    @property
    def key(self) -> tuple[int, int, float]:
        return (self.venue_id, self.storey.index, self.cut)


def geometry_transform(grid: ReferenceGrid) -> PaperTransform:
    return PaperTransform(grid.x0, grid.y0, 0.0, 0.0, GEOMETRY_MM_PER_M)


def build_plan_data(cat: Catalogue, venue_id: int, storey_index: int, cut: float) -> PlanData:
    """Read and cut one storey, and prepare the building's paint operations (no fonts: thread-safe)."""
    started = time.perf_counter()
    vp = load_venue_plans(cat, venue_id, storeys=[str(storey_index)], cut_height=cut)
    plan = next((p for p in vp.plans if p.storey.index == storey_index), None)
    if plan is None:  # a storey *named* like another's index: take them all and pick
        vp = load_venue_plans(cat, venue_id, cut_height=cut)
        plan = next(p for p in vp.plans if p.storey.index == storey_index)
    spaces = [s for s in read.load_spaces(cat, venue_id) if s.storey == storey_index]
    drawing = Drawing(1.0, 1.0)
    draw_plan(drawing, plan, geometry_transform(vp.grid), grid=vp.grid)
    ops = prepare([item for layer in GEOMETRY_LAYERS for item in drawing.layers[layer]],
                  cosmetic_px_per_mm=PX_PER_MM)
    return PlanData(venue_id, plan.storey, cut, plan, vp.grid, match_spaces(plan.spaces, spaces), ops,
                    time.perf_counter() - started)


def match_spaces(drawn: list[SpacePlan], spaces: list[Space]) -> list[tuple[SpacePlan, Space | None]]:
    """The catalogue space behind each drawn room: same number and name, else the one around its anchor."""
    out = []
    for sp in drawn:
        same = [s for s in spaces if (s.name or "").strip() == sp.number and (s.long_name or "").strip() == sp.name]
        if len(same) != 1:
            point = shapely.Point(sp.anchor)
            same = [s for s in (same or spaces) if len(s.footprint) >= 3
                    and shapely.make_valid(shapely.Polygon(s.footprint)).buffer(0.05).contains(point)]
        out.append((sp, same[0] if same else None))
    return out


class _JobSignals(QObject):
    done = Signal(object, object)  # job, PlanData
    failed = Signal(object, str)  # job, one line


class _PlanJob(QRunnable):
    """Builds one plan with its own catalogue connection (SQLite in WAL mode: the GUI keeps reading)."""

    def __init__(self, catalogue_path, key: tuple[int, int, float], generation: int):
        super().__init__()
        self.setAutoDelete(False)  # the view keeps it until its signal has been delivered
        self.catalogue_path = catalogue_path
        self.key = key
        self.generation = generation  # plans built before an edit of the venue are dropped
        self.signals = _JobSignals()

    def run(self) -> None:
        try:
            cat = open_catalogue(self.catalogue_path, create=False)
            try:
                data = build_plan_data(cat, *self.key)
            finally:
                cat.close()
            self.signals.done.emit(self, data)
        except Exception as exc:  # noqa: BLE001 - a worker must report, never raise
            self.signals.failed.emit(self, one_line(exc))


def unattended() -> bool:
    """`venueplans open VENUE --screenshot` (app.py sets VENUEPLANS_SCREENSHOT): nobody interacts and the
    picture, taken at the 3D view's first frame, must show the plan: build it on the GUI thread."""
    return bool(os.environ.get("VENUEPLANS_SCREENSHOT"))


def plan_cut(state: ViewState, storey: Storey) -> float:
    """Metres above *storey*'s floor to cut its plan: the section panel's cut when it falls within the
    storey (a plan stack cuts every storey at 1.2 m), otherwise the architectural 1.2 m."""
    if state.section and not state.section_each_floor:
        above = state.section_height - storey.elevation
        top = storey.height if storey.height and storey.height > 0.5 else 4.0
        if 0.1 <= above <= top - 0.05:
            return round(above, 2)
    return SECTION_HEIGHT_ABOVE_FLOOR


# --- selection and hit-testing on the plan (world metres) ------------------------------------------------
def _union(geoms) -> shapely.Geometry | None:
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return shapely.union_all(geoms) if geoms else None


def element_geometry(data: PlanData, element: int) -> shapely.Geometry | None:
    """What the plan draws for *element*: its cut walls, door gap, stair or room outline."""
    plan = data.plan
    for section in (plan.walls, plan.structure):
        hit = section.polygons[section.elements == element] if len(section.elements) else []
        if len(hit):
            return _union(list(hit))
    door = next((d for d in plan.doors if d.element == element), None)
    if door is not None:
        return door.gap
    stair = next((s for s in plan.stairs if s.element == element), None)
    if stair is not None and not stair.outline.is_empty:
        return stair.outline
    room = next((sp for sp, s in data.spaces if s is not None and s.element == element), None)
    return room.outline if room is not None else None


def hit_element(data: PlanData, x: float, y: float, tol: float) -> tuple[int | None, str, Space | None] | None:
    """(element, category, space) under world point (x, y): doors, stairs, walls, other solids, rooms."""
    plan, point = data.plan, shapely.Point(x, y)
    for door in plan.doors:
        if door.element is not None and door.gap.distance(point) <= tol:
            return door.element, "door", None
    for stair in plan.stairs:
        if stair.element is not None and not stair.outline.is_empty and stair.outline.distance(point) <= tol:
            return stair.element, "stair", None
    for section, category in ((plan.walls, "wall"), (plan.structure, "other")):
        if len(section.polygons):
            d = shapely.distance(section.polygons, point)
            i = int(np.argmin(d))
            if d[i] <= tol:
                return int(section.elements[i]), category, None
    rooms = [(sp, s) for sp, s in data.spaces if sp.outline.contains(point)]
    if rooms:
        sp, space = min(rooms, key=lambda r: r[0].outline.area)
        return (space.element if space is not None else None), "space", space
    return None


def _element_category(data: PlanData, element: int | None) -> str | None:
    if element is None:
        return None
    if any(d.element == element for d in data.plan.doors):
        return "door"
    if any(s.element == element for s in data.plan.stairs):
        return "stair"
    return None


def geometry_path(geom, *, closed: bool = True) -> QPainterPath:
    """World geometry as a scene path (scene = world metres with y pointing down)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            for ring in (part.exterior, *part.interiors):
                path.addPolygon(QPolygonF([QPointF(px, -py) for px, py in np.asarray(ring.coords)[:, :2]]))
                path.closeSubpath()
        elif part.geom_type in ("MultiPolygon", "GeometryCollection", "MultiLineString"):
            path.addPath(geometry_path(part))
        elif part.geom_type in ("LineString", "LinearRing"):
            pts = np.asarray(part.coords)[:, :2]
            path.moveTo(pts[0, 0], -pts[0, 1])
            for px, py in pts[1:]:
                path.lineTo(px, -py)
    return path


# --- the camera seen from above ----------------------------------------------------------------------
@dataclass
class CameraOnPlan:
    eye: tuple[float, float]
    heading: float | None  # radians, 0 = east, anticlockwise; None when looking (nearly) straight down
    half_fov: float  # horizontal half-angle of the view, radians
    footprint: np.ndarray  # (n, 2) the floor area seen (corners of the view on the floor plane)
    reach: float  # horizontal distance from the eye to the point looked at, metres

    def outline(self, *, steps: int = 12) -> np.ndarray:
        """What to draw: looking down, the floor area seen; otherwise a wedge from the eye to the point
        looked at (a footprint seen from far off at a low angle is a sliver that says little)."""
        if self.heading is None:
            return self.footprint
        a = self.heading + np.linspace(-self.half_fov, self.half_fov, steps)
        arc = np.c_[self.eye[0] + self.reach * np.cos(a), self.eye[1] + self.reach * np.sin(a)]
        return np.r_[[self.eye], arc]


def camera_on_plan(position, focal, up, view_angle: float, parallel: bool, parallel_scale: float, aspect: float,
                   floor_z: float, max_distance: float) -> CameraOnPlan:
    """Where a 3D camera stands and what it sees, projected on the floor plane z = *floor_z*."""
    eye, focal, up = (np.asarray(v, dtype=float) for v in (position, focal, up))
    forward = focal - eye
    dist = float(np.linalg.norm(forward)) or 1.0
    forward /= dist
    right = np.cross(forward, up)
    right /= np.linalg.norm(right) or 1.0
    true_up = np.cross(right, forward)
    horizontal = float(np.hypot(forward[0], forward[1]))
    heading = math.atan2(forward[1], forward[0]) if horizontal > 0.2 else None  # > ~78 deg down: "looking down"
    tan_v = math.tan(math.radians(view_angle) / 2)
    half_fov = math.atan(parallel_scale * aspect / dist) if parallel else math.atan(tan_v * aspect)
    corners = []
    for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        if parallel:
            origin = eye + right * u * parallel_scale * aspect + true_up * v * parallel_scale
            direction = forward
        else:
            origin = eye
            direction = forward + right * u * tan_v * aspect + true_up * v * tan_v
        point = None
        if direction[2] < -1e-9:
            t = (floor_z - origin[2]) / direction[2]
            if t > 0:
                point = origin + direction * t
        flat = direction[:2]
        if (point is None or np.hypot(*(point[:2] - eye[:2])) > max_distance) and np.hypot(*flat) > 1e-9:
            point = np.r_[origin[:2] + flat / np.hypot(*flat) * max_distance, floor_z]
        if point is not None:
            corners.append(point[:2])
    reach = min(max(float(np.hypot(*(focal[:2] - eye[:2]))), 3.0), max_distance)
    return CameraOnPlan((float(eye[0]), float(eye[1])), heading, half_fov,
                        np.asarray(corners, dtype=float).reshape(-1, 2), reach)


# --- the 3D side: selection highlight --------------------------------------------------------------------
class Highlight3D:
    """The selection drawn amber in the 3D view, in the scene's overlay layer so walls never hide it: the
    element's own triangles (a room: its footprint as a prism), and a ring with a pole on a feature."""

    def __init__(self, viewer):
        self.viewer = viewer
        self.actors: list = []
        self.storey: int | None = None
        self._renderer = None

    def _target(self):
        scene = getattr(self.viewer.scene, "scene", None)  # render.scene.VenueScene behind the adapter
        return getattr(scene, "overlay", None) or self.viewer.plotter.renderer

    def clear(self) -> None:
        if self._renderer is not None:
            for actor in self.actors:
                self._renderer.RemoveActor(actor)
        self.actors, self._renderer = [], None

    def show(self, selection: Selection | None, state: ViewState) -> None:
        self.clear()
        viewer = self.viewer
        if not viewer.has_3d:  # 2D-only mode (ui/graphics.py): the plan shows the selection
            return
        if selection is None or viewer.cat is None or viewer.venue_id is None:
            viewer.request_render()
            return
        import pyvista as pv

        meshes = []  # (polydata, lines?)
        feature = next((f for f in getattr(viewer.scene, "features", []) if selection.feature_id is not None
                        and f.id == selection.feature_id), None)
        if selection.element is not None:
            meshes += self._element_meshes(selection)
        if feature is not None:
            x, y, z = feature.position
            b = viewer.scene.bounds
            r = max(1.5, max(b[1] - b[0], b[3] - b[2]) / 45)  # a ring around the door, seen from afar
            meshes.append((pv.Disc(center=(x, y, z + 0.05), inner=r * 0.6, outer=r, normal=(0, 0, 1), c_res=48),
                           False))
            meshes.append((pv.Line((x, y, z), (x, y, z + 3.0 * r)), True))
        self.storey = selection.storey
        self._renderer = self._target()
        for mesh, lines in meshes:
            self.actors.append(self._actor(mesh, lines))
        self.relift(state)

    def _element_meshes(self, selection: Selection) -> list:
        import pyvista as pv

        viewer, element = self.viewer, selection.element
        cat, venue_id = viewer.cat, viewer.venue_id
        category, storey = selection.category, selection.storey
        if category is None or storey is None:
            e = read.get_element(cat, venue_id, element)
            if e is None:
                return []
            category, storey = category or e.category, storey if storey is not None else e.storey
        if category == "space":
            space = next((s for s in read.load_spaces(cat, venue_id) if s.element == element), None)
            return _prism(space, viewer.state.storey(space.storey)) if space is not None else []
        geo = read.load_geometry(cat, venue_id, storeys=[storey] if storey is not None else None,
                                 categories=[category])
        out = []
        for b in geo.batches:
            mask = np.asarray(b.elements) == element
            if mask.any():
                tris = np.asarray(b.triangles)[mask]
                used, inverse = np.unique(tris, return_inverse=True)
                faces = np.c_[np.full(len(tris), 3), inverse.reshape(-1, 3)].ravel()
                out.append((pv.PolyData(np.asarray(b.vertices)[used].astype(float), faces), False))
        return out

    def _actor(self, mesh, lines: bool):
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

        mapper = vtkPolyDataMapper()
        mapper.SetInputData(mesh)
        mapper.ScalarVisibilityOff()
        actor = vtkActor()
        actor.SetMapper(mapper)
        actor.PickableOff()
        prop = actor.GetProperty()
        prop.SetColor(*(c / 255 for c in QColor(SELECTION).getRgb()[:3]))
        prop.SetLineWidth(4.0)
        if not lines:
            prop.SetOpacity(0.7)
            prop.EdgeVisibilityOn()
            prop.SetEdgeColor(0.75, 0.42, 0.0)
        self._renderer.AddActor(actor)
        return actor

    def relift(self, state: ViewState) -> None:
        """Follow the exploded storeys (each storey is lifted by its rank times the gap)."""
        if not self.actors:
            return
        lift = _rank(state, self.storey) * state.explode
        for actor in self.actors:
            actor.SetPosition(0.0, 0.0, lift)
        self.viewer.request_render()


def _rank(state: ViewState, index: int | None) -> int:
    order = state.indices
    return order.index(index) if index in order else 0


def _prism(space: Space, storey: Storey | None) -> list:
    """A room without geometry of its own: its footprint as a floor plate and the outline of its walls."""
    import pyvista as pv

    if len(space.footprint) < 3:
        return []
    z0 = storey.elevation if storey else 0.0
    z1 = z0 + (storey.height if storey and storey.height else 3.0)
    ring = np.asarray(space.footprint, dtype=float)
    n = len(ring)
    floor = pv.PolyData(np.c_[ring, np.full(n, z0 + 0.05)], faces=np.r_[n, np.arange(n)])
    pts = np.r_[np.c_[ring, np.full(n, z0)], np.c_[ring, np.full(n, z1)]]
    segs = [(i, (i + 1) % n) for i in range(n)] + [(n + i, n + (i + 1) % n) for i in range(n)]
    segs += [(i, n + i) for i in range(n)]
    edges = pv.PolyData(pts, lines=np.c_[np.full(len(segs), 2), np.asarray(segs)].ravel())
    return [(floor, False), (edges, True)]


# --- the widget -----------------------------------------------------------------------------------------
class PlanView(QWidget):
    """The 2D plan dock's contents; see the module docstring. `picked` carries a `PickResult` (or None),
    so the window treats a plan click exactly like a 3D pick."""

    picked = Signal(object)
    cell_changed = Signal(str)
    plan_shown = Signal(object)  # PlanData

    def __init__(self, state: ViewState, viewer, walk=None, parent=None):
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
        self._jobs: dict[tuple, _PlanJob] = {}
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
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one plan at a time: the machine has other work (the 3D view)

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
        self.highlight3d = Highlight3D(viewer)

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
        self.pool.clear()  # queued builds; a running one finishes and is dropped (older generation)
        self._jobs.clear()

    def apply_changes(self, changes) -> None:
        """After an edit (`ops.Changes`): new or renumbered features, or new geometry, of the venue on show
        make every cached plan out of date. The plan on screen stays until the new one is ready."""
        if self.viewer.venue_id is None or changes.venue_id not in (None, self.viewer.venue_id):
            return
        if changes.features or changes.geometry:
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

    def _submit(self, key: tuple, *, priority: int) -> None:
        if key in self._cache or key in self._jobs or self._closed:
            return
        path = getattr(self.viewer.cat, "path", None)
        if path is None:
            return
        job = _PlanJob(path, key, self._generation)
        if unattended():
            if priority > 0:  # the one on screen; no prefetching
                job.signals.done.connect(self._job_done)
                job.signals.failed.connect(self._job_failed)
                job.run()
            return
        job.signals.done.connect(guarded(self._job_done, context=N_("plan")))
        job.signals.failed.connect(guarded(self._job_failed, context=N_("plan")))
        self._jobs[key] = job
        self.pool.start(job, priority)

    def _job_done(self, job: _PlanJob, data: PlanData) -> None:
        key = job.key
        if self._jobs.get(key) is job:
            del self._jobs[key]
        if self._closed or job.generation != self._generation or self._venue is None or key[0] != self._venue[1]:
            return  # a plan of the previous venue, or from before an edit
        self._cache[key] = data
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if key == self._wanted:
            first = self.data is None
            self._show(data)
            if first:  # the next PageUp/PageDown is instant
                for s in self.state.storeys:
                    self._submit((key[0], s.index, SECTION_HEIGHT_ABOVE_FLOOR), priority=0)

    def _job_failed(self, job: _PlanJob, line: str) -> None:
        key = job.key
        if self._jobs.get(key) is job:
            del self._jobs[key]
        if self._closed or job.generation != self._generation:
            return
        self.errors.append(line)
        if key == self._wanted:
            self.status.setText(tr("plan failed: {reason}").format(reason=line))

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
        # Labels only need rooms, seating and features: skip cutting the walls again.
        light = dataclasses.replace(data.plan, walls=Section.empty(data.plan.cut_z),
                                    structure=Section.empty(data.plan.cut_z), floor=shapely.Polygon(),
                                    doors=[], windows=[])
        drawing = Drawing(1.0, 1.0)
        draw_plan(drawing, light, t, grid=data.grid)
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
                                            _element_category(data, f.element), f))
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
        self.status.setText("")
        if sel is None or data is None:
            return
        if sel.storey is not None and sel.storey != data.storey.index and self.state.storey(sel.storey):
            name = self.state.storey(sel.storey).name
            self.status.setText(tr("selection on {storey}: <a href='{link}'>show that storey</a>").format(storey=name, link=sel.storey))
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

    # --- the 3D camera -------------------------------------------------------------------------------------
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
        floor = data.storey.elevation + _rank(self.state, data.storey.index) * self.state.explode
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
        lift = _rank(self.state, data.storey.index) * self.state.explode
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
        # pyvista's Camera and setters (it caches parallel_projection), taken from the renderer: reading
        # plotter.camera resets a camera pyvista believes unset to its default view.
        cam = viewer.plotter.renderer.camera
        cam.parallel_projection = True
        cam.focal_point = (x, y, z)
        cam.position = (x, y, max(z, b[5]) + max(50.0, b[5] - b[4] + 20.0))
        cam.up = (0.0, 1.0, 0.0)
        cam.parallel_scale = half
        viewer.plotter.renderer.ResetCameraClippingRange()
        viewer.request_render()

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
        self.pool.clear()
        self.pool.waitForDone(10_000)
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

