"""A scenario phase in the 3D view: tactical markers, routes, areas, tracks and notes on their floors.

`AnnotationLayer` draws a `ScenarioState` (what the plan shows at one phase) into the venue's renderer,
on top of a `VenueScene` or alone, as a handful of actors — one per kind, never one per annotation:

    layer = AnnotationLayer(plotter)                      # a pyvista Plotter / QtInteractor or a vtkRenderer
    layer.show(state, storey_elevations={0: 0.0, 1: 4.0}, visible_storeys={0})
    layer.set_visible_storeys(None)                       # every storey again
    layer.clear()

kinds (`layer.actors`):
- ``areas``: cordons and danger zones as translucent floor polygons (5 cm above the floor);
- ``area_edges``: their outlines, the cordon dashed;
- ``routes``: thick lines 0.3 m above the floor (screen-space width, unlit: the colour reads true
  from any angle); a route through a stair climbs from one storey's elevation to the next;
- ``arrows``: flat arrow heads lying on the routes, at each end and every few metres;
- ``tracks``: the way a moved marker came, dashed;
- ``stems``: a pin from the floor to each marker's symbol, with a disc on the exact spot;
- ``markers``: the symbols as camera-facing billboards of constant screen size (re-oriented before
  every frame), each with its label and team above; one texture atlas for all of them;
- ``notes``: text annotations as point labels;
- ``caption``: the phase in a dark band at the foot of the view ("PHASE 2 · H+00:05 · Entry", the
  scenario's name), so a picture says which moment it shows (the venue legend and the north arrow
  keep the top corners).

The billboards show milsymbol's own drawing of each symbol, rasterised from the SVG the printed plans
draw as vector paths (one renderer: svglib, `ops.symbol_raster`), so a symbol reads the same in 3D and
on paper; the pictures, their texture atlas and the billboards are `render.marker_billboards`.

Storey visibility follows the venue view: items on a storey not in *visible_storeys* are left out
(a route keeps only the segments whose both ends are shown). *storey_elevations* gives each storey's
floor in the view (an exploded view passes elevation + lift). Nothing here renders: the caller does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np

from venueplans.i18n import tr
from venueplans.model.scenario import Annotation, PlacedAnnotation, ScenarioState
from venueplans.render.marker_billboards import Billboards, billboard_actor, marker_picture, symbol_picture
from venueplans.render.style import TEXT_COLOUR, rgb, rgb8

KINDS = ("areas", "area_edges", "routes", "arrows", "tracks", "stems", "markers", "notes", "caption")
LIFT_M = {"areas": 0.05, "area_edges": 0.08, "tracks": 0.15, "routes": 0.30, "arrows": 0.32, "notes": 1.0}
LINE_PX = {"area_edges": 3.0, "routes": 6.0, "tracks": 2.5, "stems": 2.5}
AREA_OPACITY = 0.33
STEM_M = 1.8
SYMBOL_PX = 40  # a unit frame's height on screen, whatever the zoom; labels scale with it
ARROW_EVERY_M = 8.0


# ====================================================================== geometry helpers


class _Lines:
    """Polylines and polygons with one RGB colour per cell, gathered then turned into one polydata."""

    def __init__(self):
        self.points: list[np.ndarray] = []
        self.lines: list[np.ndarray] = []
        self.polys: list[np.ndarray] = []
        self.line_rgb: list[tuple[int, int, int]] = []
        self.poly_rgb: list[tuple[int, int, int]] = []
        self.n = 0

    def _add_points(self, pts) -> np.ndarray:
        pts = np.asarray(pts, dtype=np.float64).reshape(-1, 3)
        self.points.append(pts)
        ids = np.arange(self.n, self.n + len(pts))
        self.n += len(pts)
        return ids

    def line(self, pts, colour: str) -> None:
        if len(pts) >= 2:
            self.lines.append(self._add_points(pts))
            self.line_rgb.append(rgb8(colour))

    def polygon(self, pts, colour: str) -> None:
        if len(pts) >= 3:
            self.polys.append(self._add_points(pts))
            self.poly_rgb.append(rgb8(colour))

    def polydata(self):
        from vtkmodules.util.numpy_support import numpy_to_vtk
        from vtkmodules.vtkCommonCore import vtkPoints
        from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData

        poly = vtkPolyData()
        pts = np.concatenate(self.points) if self.points else np.zeros((0, 3))
        vp = vtkPoints()
        vp.SetData(numpy_to_vtk(np.ascontiguousarray(pts), deep=True))
        poly.SetPoints(vp)
        for cells, setter in ((self.lines, poly.SetLines), (self.polys, poly.SetPolys)):
            if cells:
                arr = vtkCellArray()
                offsets = np.concatenate([[0], np.cumsum([len(c) for c in cells])]).astype(np.int64)
                arr.SetData(numpy_to_vtk(offsets, deep=True), numpy_to_vtk(np.concatenate(cells).astype(np.int64),
                                                                          deep=True))
                setter(arr)
        colours = np.array(self.line_rgb + self.poly_rgb, dtype=np.uint8).reshape(-1, 3)  # VTK: lines before polys
        arr = numpy_to_vtk(colours, deep=True)
        arr.SetName("colour")
        poly.GetCellData().SetScalars(arr)
        return poly


def _dashes(pts: np.ndarray, dash: float, gap: float) -> list[np.ndarray]:
    """A 3D polyline cut into dashes *dash* metres long with *gap* between them."""
    out = []
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    acc = np.concatenate([[0.0], np.cumsum(seg)])
    s = 0.0
    while s < acc[-1]:
        e = min(s + dash, acc[-1])
        ts = np.concatenate([[s], acc[(acc > s) & (acc < e)], [e]])
        out.append(np.array([_at(pts, acc, v) for v in ts]))
        s = e + gap
    return out


def _at(pts: np.ndarray, acc: np.ndarray, s: float) -> np.ndarray:
    i = int(np.clip(np.searchsorted(acc, s, side="right") - 1, 0, len(pts) - 2))
    span = acc[i + 1] - acc[i]
    u = (s - acc[i]) / span if span > 0 else 0.0
    return pts[i] + (pts[i + 1] - pts[i]) * u


def _arrow_head(tip: np.ndarray, direction: np.ndarray, size: float) -> np.ndarray:
    """A flat triangle lying on the floor plane, pointing along *direction* (xy)."""
    d = np.array([direction[0], direction[1], 0.0])
    d /= np.linalg.norm(d) or 1.0
    side = np.array([-d[1], d[0], 0.0])
    base = tip - d * size
    return np.array([tip, base + side * size * 0.45, base - side * size * 0.45])


# ====================================================================== the layer


class AnnotationLayer:
    """A scenario phase's annotations in a venue view (see the module docstring)."""

    def __init__(self, target, *, symbol_px: float = SYMBOL_PX, caption: bool = True):
        self.renderer = _renderer(target)
        self.symbol_px = symbol_px
        self.caption = caption
        self.actors: dict[str, object] = {}
        self.state: ScenarioState | None = None
        self.storey_elevations: dict[int, float] = {}
        self.visible_storeys: set[int] | None = None
        self._billboards: Billboards | None = None
        self._observer = None

    # -- public ------------------------------------------------------------------------------------
    def show(self, state: ScenarioState, *, storey_elevations: Mapping[int, float],
             visible_storeys: Iterable[int] | None = None) -> None:
        """Draw *state*; every point stands on its storey's elevation in *storey_elevations*."""
        self.clear()
        self.state = state
        self.storey_elevations = {int(k): float(v) for k, v in storey_elevations.items()}
        self.visible_storeys = None if visible_storeys is None else {int(s) for s in visible_storeys}
        self._build()

    def set_visible_storeys(self, visible_storeys: Iterable[int] | None) -> None:
        """Show only the items on these storeys (None: all); keeps the state and elevations."""
        if self.state is None:
            return
        self.show(self.state, storey_elevations=self.storey_elevations, visible_storeys=visible_storeys)

    def clear(self) -> None:
        """Remove every actor this layer added (and its per-frame observer)."""
        for actor in self.actors.values():
            self.renderer.RemoveViewProp(actor)
        self.actors = {}
        self._billboards = None
        if self._observer is not None:
            self.renderer.RemoveObserver(self._observer)
            self._observer = None

    def points(self, kind: str) -> np.ndarray:
        """(N,3) world points of a kind's actor (empty when absent): for tests and picking."""
        actor = self.actors.get(kind)
        if actor is None or kind == "caption":
            return np.zeros((0, 3))
        from vtkmodules.util.numpy_support import vtk_to_numpy

        data = actor.GetMapper().GetInput()
        pts = data.GetPoints()
        return np.array(vtk_to_numpy(pts.GetData())) if pts is not None and data.GetNumberOfPoints() else np.zeros((0, 3))

    def bounds(self) -> tuple[float, float, float, float, float, float] | None:
        """(xmin, xmax, ymin, ymax, zmin, zmax) of what is shown (a cordon in the street included), so a
        view can be framed on it; None when nothing is."""
        pts = [self.points(k) for k in self.actors]
        pts = np.concatenate([p for p in pts if len(p)]) if any(len(p) for p in pts) else None
        if pts is None:
            return None
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    # -- building ----------------------------------------------------------------------------------
    def _shown(self, storey: int | None) -> bool:
        return storey is None or self.visible_storeys is None or storey in self.visible_storeys

    def _xyz(self, point, lift: float) -> np.ndarray:
        x, y, z, s = point
        floor = self.storey_elevations.get(s, z) if s is not None else z
        return np.array([x, y, floor + lift])

    def _build(self) -> None:
        items = [p for p in self.state.items if p.annotation.points]
        geo = {k: _Lines() for k in ("areas", "area_edges", "routes", "arrows", "tracks", "stems")}
        markers, tops, notes = [], [], []
        span = self._span(items)
        for p in items:
            a = p.annotation
            if a.type == "area" and self._shown(a.points[0][3]):
                self._area(a, geo)
            elif a.type == "route":
                self._route(a, geo, arrow=float(np.clip(span * 0.02, 0.8, 4.0)))
            elif a.type == "marker" and self._shown(a.points[0][3]):
                if p.moved:
                    self._track(p, geo["tracks"])
                foot = self._xyz(a.points[0], 0.0)
                geo["stems"].line([foot, foot + (0, 0, STEM_M)], a.display_colour)
                t = np.linspace(0, 2 * math.pi, 17)[:-1]
                geo["stems"].polygon(foot + np.c_[0.35 * np.cos(t), 0.35 * np.sin(t), np.full(16, 0.03)],
                                     a.display_colour)
                markers.append(a)
                tops.append(foot + (0, 0, STEM_M))
            elif a.type == "text" and a.label and self._shown(a.points[0][3]):
                notes.append((self._xyz(a.points[0], LIFT_M["notes"]), a.label))
        for kind, g in geo.items():
            if g.n:
                self._add(kind, g.polydata())
        if markers:
            actor, self._billboards = billboard_actor(markers, np.array(tops), self.symbol_px)
            self._billboards.update(self.renderer)
            self._add_actor("markers", actor)
        if notes:
            self._add_notes(notes)
        if self.caption:
            self._add_caption()
        self._observer = self.renderer.AddObserver("StartEvent", self._before_frame)

    @staticmethod
    def _span(items: list[PlacedAnnotation]) -> float:
        pts = np.array([q[:2] for p in items for q in p.annotation.points], dtype=float).reshape(-1, 2)
        return float(np.ptp(pts, axis=0).max()) if len(pts) else 10.0

    def _area(self, a: Annotation, geo: dict) -> None:
        import shapely

        ring = np.array([q[:2] for q in a.points], dtype=float)
        poly = shapely.Polygon(ring).buffer(0)
        z = self._xyz(a.points[0], 0.0)[2]
        colour = a.display_colour
        tris = shapely.constrained_delaunay_triangles(poly) if not poly.is_empty else None
        for tri in shapely.get_parts(tris) if tris is not None else []:
            xy = np.asarray(tri.exterior.coords)[:3]
            geo["areas"].polygon(np.c_[xy, np.full(3, z + LIFT_M["areas"])], colour)
        edge = np.c_[np.vstack([ring, ring[:1]]), np.full(len(ring) + 1, z + LIFT_M["area_edges"])]
        if a.symbol == "cordon":
            for dash in _dashes(edge, 1.2, 0.7):
                geo["area_edges"].line(dash, colour)
        else:
            geo["area_edges"].line(edge, colour)

    def _route(self, a: Annotation, geo: dict, arrow: float) -> None:
        colour = a.display_colour
        run: list[np.ndarray] = []
        runs = []
        for prev, cur in zip([None, *a.points], a.points, strict=False):
            if self._shown(cur[3]) and (prev is None or self._shown(prev[3])):
                run.append(self._xyz(cur, LIFT_M["routes"]))
            else:
                if len(run) >= 2:
                    runs.append(run)
                run = [self._xyz(cur, LIFT_M["routes"])] if self._shown(cur[3]) else []
        if len(run) >= 2:
            runs.append(run)
        for r in runs:
            pts = np.array(r)
            geo["routes"].line(pts, colour)
            self._arrows(pts, colour, geo["arrows"], arrow)

    @staticmethod
    def _arrows(pts: np.ndarray, colour: str, out: _Lines, size: float) -> None:
        """Heads at the run's end and every ARROW_EVERY_M along level segments."""
        seg = np.diff(pts, axis=0)
        level = np.abs(seg[:, 2]) < 0.05 * np.maximum(np.linalg.norm(seg[:, :2], axis=1), 1e-9)
        flat = pts[:, 2] + (LIFT_M["arrows"] - LIFT_M["routes"])
        lifted = np.c_[pts[:, :2], flat]
        if level[-1] and np.linalg.norm(seg[-1, :2]) > size:
            out.polygon(_arrow_head(lifted[-1], seg[-1], size), colour)
        acc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(seg, axis=1))])
        for s in np.arange(ARROW_EVERY_M, acc[-1] - ARROW_EVERY_M * 0.5, ARROW_EVERY_M):
            i = int(np.clip(np.searchsorted(acc, s, side="right") - 1, 0, len(seg) - 1))
            if level[i]:
                out.polygon(_arrow_head(_at(lifted, acc, s + size / 2), seg[i], size), colour)

    def _track(self, p: PlacedAnnotation, out: _Lines) -> None:
        steps = [s for s in p.track if s.storey is None or self._shown(s.storey)]
        for a, b in zip(steps, steps[1:], strict=False):
            pts = np.array([self._xyz((*a.position, a.storey), LIFT_M["tracks"]),
                            self._xyz((*b.position, b.storey), LIFT_M["tracks"])])
            for dash in _dashes(pts, 0.6, 0.45):
                out.line(dash, p.annotation.display_colour)

    def _add(self, kind: str, poly) -> None:
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

        mapper = vtkPolyDataMapper()
        mapper.SetInputData(poly)
        mapper.SetScalarModeToUseCellData()
        mapper.SetColorModeToDirectScalars()
        actor = vtkActor()
        actor.SetMapper(mapper)
        prop = actor.GetProperty()
        prop.LightingOff()  # flat colours: a route is the same blue seen from anywhere
        prop.SetLineWidth(LINE_PX.get(kind, 1.0))
        if kind == "areas":
            prop.SetOpacity(AREA_OPACITY)
        actor.PickableOff()
        self._add_actor(kind, actor)

    def _add_notes(self, notes: list[tuple[np.ndarray, str]]) -> None:
        from vtkmodules.vtkCommonCore import vtkStringArray
        from vtkmodules.vtkRenderingCore import vtkActor2D
        from vtkmodules.vtkRenderingLabel import vtkLabeledDataMapper

        from venueplans.render.meshes import point_polydata

        poly = point_polydata(np.array([p for p, _ in notes]))
        labels = vtkStringArray()
        labels.SetName("text")
        for _, text in notes:
            labels.InsertNextValue(text)
        poly.GetPointData().AddArray(labels)
        mapper = vtkLabeledDataMapper()
        mapper.SetInputData(poly)
        mapper.SetLabelModeToLabelFieldData()
        mapper.SetFieldDataName("text")
        tp = mapper.GetLabelTextProperty()
        tp.SetFontSize(15)
        tp.SetColor(*rgb(TEXT_COLOUR))
        tp.SetBackgroundColor(*rgb("#fff6c8"))
        tp.SetBackgroundOpacity(0.92)
        tp.FrameOn()
        tp.SetFrameColor(*rgb("#b59b00"))
        tp.ShadowOff()
        tp.SetJustificationToCentered()
        actor = vtkActor2D()
        actor.SetMapper(mapper)
        actor.PickableOff()
        actor._poly = poly  # keeps the numpy points alive
        self._add_actor("notes", actor)

    def _add_caption(self) -> None:
        from vtkmodules.vtkRenderingCore import vtkTextActor

        ph, name = self.state.phase, self.state.scenario.name
        title = (tr("PHASE {number}  ·  {time}  ·  {name}").format(number=ph.index + 1, time=ph.time_label,
                                                                   name=ph.name) if ph else tr("BEFORE THE FIRST PHASE"))
        text = vtkTextActor()
        text.SetInput(title + "\n" + tr("EXERCISE  ·  {name}").format(name=name))
        tp = text.GetTextProperty()
        tp.SetFontSize(17)
        tp.BoldOn()
        tp.SetColor(1.0, 1.0, 1.0)
        tp.SetBackgroundColor(*rgb("#1f2a36"))
        tp.SetBackgroundOpacity(0.92)
        tp.SetJustificationToCentered()
        tp.SetVerticalJustificationToBottom()
        tp.SetLineSpacing(1.15)
        text.PickableOff()
        self.renderer.AddViewProp(text)
        self.actors["caption"] = text
        self._place_caption()

    def _place_caption(self) -> None:
        caption = self.actors.get("caption")
        if caption is not None:
            w, _ = self.renderer.GetSize()
            caption.SetDisplayPosition(int(w / 2), 10)

    def _add_actor(self, kind: str, actor) -> None:
        self.renderer.AddActor(actor)
        self.actors[kind] = actor

    def _before_frame(self, *_) -> None:
        try:
            if self._billboards is not None:
                self._billboards.update(self.renderer)
            self._place_caption()
        except Exception:  # noqa: BLE001 - an observer must never raise into VTK's render loop
            import logging

            logging.getLogger(__name__).exception("annotation layer: billboard update failed")


def _renderer(target):
    """The vtkRenderer of a pyvista Plotter / pyvistaqt QtInteractor, or *target* itself."""
    renderer = getattr(target, "renderer", None)
    if renderer is not None:
        return renderer
    if hasattr(target, "AddActor") and hasattr(target, "GetActiveCamera"):
        return target
    raise TypeError(tr("AnnotationLayer needs a plotter or a vtkRenderer, not {error}").format(error=type(target).__name__))


def storey_elevations(storeys, lift=None) -> dict[int, float]:
    """{storey index: floor elevation} from `Storey`s, plus *lift(index)* metres (an exploded view)."""
    return {s.index: float(s.elevation) + (float(lift(s.index)) if lift else 0.0) for s in storeys}


__all__ = ["KINDS", "AnnotationLayer", "marker_picture", "storey_elevations", "symbol_picture"]
