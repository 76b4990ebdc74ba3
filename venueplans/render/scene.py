"""A venue as a VTK scene: the one piece of code behind the desktop viewer, `venueplans render` and thumbnails.

Concept
-------
The catalogue stores a venue's triangles merged per (storey, category) with an element index per
triangle. The scene turns each stored batch into one actor over the very same numpy memory (no copy),
so a theatre is a few dozen actors and a stadium a hundred or so whatever its element count; repeated
shapes (seats) are tiled and drawn with a level of detail (see `instances`). Exits, access points,
stairs and lifts are markers and labels in an overlay that is never hidden by the building (see
`features`). Door and stair triangles that carry a feature are tinted in its colour: exit doors green.

Nothing here renders by itself: every setter changes state and returns, the caller renders once
(`scene.render()` or the interactor's own render). Building a venue never renders either.

API (all coordinates metres in the model frame: x east, y north, z up)
---------------------------------------------------------------------
    scene = VenueScene(target, *, seats="lod", labels=True, legend=False, marker_scale=1.0)
        target: a pyvista Plotter / pyvistaqt QtInteractor (uses .renderer), a vtkRenderer already in a
        render window, or a vtkRenderWindow (its first renderer, created if missing). The scene adds one
        overlay renderer (a layer above) to that window for markers, labels and the legend, and sets the
        main renderer's background and lights. Create Qt plotters with multi_samples=0: MSAA costs ~4x
        per frame on software OpenGL.
    scene.load(cat, venue_id)                  read the catalogue and build (== show(read_scene_data(...)))
    scene.show(data: SceneData)                build from data read elsewhere (read_scene_data is VTK-free
                                               and may run in a worker thread with its own Catalogue)
    scene.clear()                              remove everything the scene added; close() also detaches
    scene.storeys -> list[Storey]; scene.categories -> list[str] present; scene.features -> list[Feature]
    scene.bounds -> (xmin, xmax, ymin, ymax, zmin, zmax) of the whole venue
    scene.storey_index(ref) -> int             a storey by index or (case-insensitive) name; ValueError
    scene.show_storeys(solid, ghosted=())      storeys drawn normally / as translucent grey; others hidden
    scene.set_visible_storeys(indices | None, mode="ghost"|"hide")   None = all storeys solid
    scene.set_category_visible(category, visible); scene.visible_categories()
    scene.explode(gap_m)                       lift storey i by i * gap_m (0 = assembled)
    scene.set_xray(on)                         walls/slabs/roofs translucent; doors and stairs stay solid
    scene.set_section(height | None, above_each_floor=False)   keep z <= height (model frame); with
                                               above_each_floor, height is metres over each storey's own
                                               floor (a stack of floor plans, best with explode)
    scene.section_height(storey, above=1.2)    a storey's elevation + above: the usual plan-cut height
    scene.set_section_box(bounds | None)       keep only what is inside the box
    scene.set_features_visible(on); scene.set_legend(on, title=..., subtitle=...)
    scene.set_view(preset)                     "iso" | "top" | "north" | "south" | "east" | "west", fitted
    scene.fit()                                frame what is visible (solid storeys, inside the section)
    scene.pick(x, y) -> PickResult | None      display pixels, VTK convention: origin bottom-left (Qt: y =
                                               height - 1 - y_qt, times the device pixel ratio). A marker
                                               under the cursor wins over geometry.
    scene.world_to_display(points) -> (N,3)    for overlays and tests
    scene.feature_display_point(feature)       where its symbol was drawn in the last frame (or None)
    scene.marker_positions(); scene.labelled_features()   features' world anchors / labels shown last frame
    scene.render()                             render the window once

PickResult(element, point, storey, category, feature): element index within the venue (look it up with
`catalogue.read.get_element`), the surface point in the model frame, and the feature when a marker was hit.

Modules: render/parts.py (one actor and its cell -> element map), render/seat_lod.py (seats by level of
detail), render/picking.py (`pick`, `PickResult`), render/features.py (markers and labels).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from venueplans.i18n import tr
from venueplans.model import CATEGORIES, FEATURE_KINDS, Feature, Storey, find_storey
from venueplans.model.geometry import InstanceSet, MeshBatch
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.render import camera, style
from venueplans.render.clipping import Section, apply_section, clip_bounds
from venueplans.render.features import LABEL_FONT_PX, FeatureLayer
from venueplans.render.instances import SEAT_MODES
from venueplans.render.meshes import COLOUR_ARRAY, ELEMENT_ARRAY, triangle_polydata
from venueplans.render.parts import Part
from venueplans.render.picking import PickResult, ScenePicking
from venueplans.render.seat_lod import SOLID, SeatLevels, SeatSet

GHOST, HIDDEN = "ghost", "hidden"
__all__ = ["PickResult", "SceneData", "VenueScene", "read_scene_data"]


@dataclass
class SceneData:
    """Everything a scene draws, read from the catalogue (no VTK: safe in a worker thread)."""

    venue_name: str
    storeys: list[Storey]
    features: list[Feature]
    batches: list[MeshBatch]
    instances: list[InstanceSet]


def read_scene_data(cat, venue_id: int) -> SceneData:
    from venueplans.catalogue import read

    venue = read.get_venue(cat, venue_id)
    geo = read.load_geometry(cat, venue_id)
    storeys = read.load_storeys(cat, venue_id)
    features = read.load_features(cat, venue_id, include_rejected=False)
    return SceneData(venue.name, storeys, features + landings_elsewhere(geo.batches, storeys, features),
                     geo.batches, geo.instances)


def landings_elsewhere(batches, storeys, features) -> list[Feature]:
    """Stair and lift markers repeated on every other storey they serve (geometry.circulation): an upper
    storey shows its way down. The copies keep the feature's id, so picking one selects the feature."""
    from venueplans.geometry.circulation import landing_features, links_serving, vertical_links

    links = vertical_links([b for b in batches if b.category == "stair"], storeys, features)
    return [f for s in storeys for f in landing_features(features, links_serving(links, s.index), s.index)]


class VenueScene(SeatLevels, ScenePicking):
    """A venue drawn in a VTK renderer; see the module docstring for the API."""

    def __init__(self, target, *, seats: str = "lod", labels: bool = True, legend: bool = False,
                 marker_scale: float = 1.0):
        if seats not in SEAT_MODES:
            raise ValueError(tr("unknown seat mode {seats!r} (one of {value})").format(seats=seats, value=', '.join(SEAT_MODES)))
        self.renderer, self.window = _resolve_target(target)
        self.seat_mode = seats
        self.labels_enabled = labels
        self.legend_wanted = legend
        self.marker_scale = marker_scale
        style.setup_renderer(self.renderer)
        style.setup_window(self.window)
        from vtkmodules.vtkRenderingCore import vtkRenderer

        self.overlay = vtkRenderer()
        layer = self.window.GetNumberOfLayers()
        self.window.SetNumberOfLayers(layer + 1)
        self.overlay.SetLayer(layer)
        self.overlay.InteractiveOff()
        self.overlay.SetActiveCamera(self.renderer.GetActiveCamera())
        self.overlay.SetViewport(*self.renderer.GetViewport())
        self.window.AddRenderer(self.overlay)
        self._observer = self.renderer.AddObserver("StartEvent", self._before_frame)
        self._reset_state()

    def _reset_state(self) -> None:
        self._building = False
        self.venue_name = ""
        self.storeys: list[Storey] = []
        self.features: list[Feature] = []
        self._parts: list[Part] = []
        self._seats: list[SeatSet] = []
        self._actor_part: dict[int, Part] = {}
        self._layer: FeatureLayer | None = None
        self._legend = None
        self._state: dict[int | None, str] = {}
        self._hidden_categories = set(style.HIDDEN_BY_DEFAULT)
        self._xray = False
        self._gap = 0.0
        self._section = Section()
        self._cut_above_each_floor = False
        self._features_on = True
        self.bounds = (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)

    # --- loading ------------------------------------------------------------------------------------------
    def load(self, cat, venue_id: int) -> None:
        self.show(read_scene_data(cat, venue_id))

    def show(self, data: SceneData) -> None:
        for _ in self.show_steps(data):
            pass

    def show_steps(self, data: SceneData) -> Iterator[None]:
        """`show` in steps (one per batch, per seat set, the markers): a GUI builds a big venue a few steps
        per event-loop turn and stays responsive. Nothing is drawn until the last step (a frame asked for
        meanwhile draws an empty scene, never half a venue). Dropping the iterator early leaves an empty
        scene."""
        self.clear()
        self._building, done = True, False
        self.renderer.DrawOff()
        self.overlay.DrawOff()
        try:
            self.venue_name = data.venue_name
            self.storeys = sorted(data.storeys, key=lambda s: s.index)
            self.features = [f for f in data.features if f.kind in FEATURE_KINDS]
            tint = _feature_tints(self.features)
            for b in data.batches:
                if b.n_triangles:
                    self._add_batch(b, tint)
                    yield
            for inst in data.instances:
                if inst.n_triangles:
                    self._add_instances(inst)
                    yield
            self.bounds = self._venue_bounds(data)
            self._layer = FeatureLayer(self.overlay, self.features, size_factor=self.marker_scale,
                                       labels=self.labels_enabled)
            yield
            if self.legend_wanted:
                self.set_legend(True)
            self._state = {s.index: SOLID for s in self.storeys}
            self._apply()
            self.set_view("iso")
            done = True
        finally:
            self.renderer.DrawOn()
            self.overlay.DrawOn()
            self._building = False
            if not done:
                self.clear()

    def _add_batch(self, b: MeshBatch, tint: dict[int, tuple[int, int, int]]) -> None:
        colours = _cell_colours(b.elements, b.category, tint)
        arrays = {ELEMENT_ARRAY: b.elements}
        if colours is not None:
            arrays[COLOUR_ARRAY] = colours
        poly = triangle_polydata(b.vertices, b.triangles, arrays)
        self._add_part(Part(b.storey, b.category, None, np.asarray(b.elements), poly, tinted=colours is not None))

    def _add_part(self, part: Part, mapper=None) -> Part:
        from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

        if mapper is None:
            mapper = vtkPolyDataMapper()
            mapper.SetInputData(part.poly)
            mapper.StaticOn()  # the data never changes: skip pipeline checks every frame
            if part.tinted:
                part.poly.GetCellData().SetActiveScalars(COLOUR_ARRAY)
                mapper.SetScalarModeToUseCellData()
                mapper.SetColorModeToDirectScalars()
        actor = vtkActor()
        actor.SetMapper(mapper)
        part.actor = actor
        self.renderer.AddActor(actor)
        self._parts.append(part)
        self._actor_part[id(actor)] = part
        return part

    def clear(self) -> None:
        for p in self._parts:
            self.renderer.RemoveActor(p.actor)
        if self._layer is not None:
            self._layer.remove()
        if self._legend is not None:
            self._legend.remove()
        self._reset_state()

    def close(self) -> None:
        """Remove everything and detach from the window (the window itself stays the caller's)."""
        self.clear()
        if self._observer is not None:
            self.renderer.RemoveObserver(self._observer)
            self._observer = None
        self.window.RemoveRenderer(self.overlay)

    # --- queries ------------------------------------------------------------------------------------------
    @property
    def categories(self) -> list[str]:
        present = {p.category for p in self._parts}
        return [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))

    def visible_categories(self) -> list[str]:
        return [c for c in self.categories if c not in self._hidden_categories]

    def visible_storeys(self) -> list[int]:
        return [i for i, s in self._state.items() if i is not None and s == SOLID]

    def storey_index(self, ref: int | str) -> int:
        """A storey by index ("0", 1) or by name (any case, unique prefix accepted); ValueError otherwise."""
        return find_storey(self.storeys, ref).index

    def section_height(self, storey: int | None = None, above: float = PLAN_CUT_ABOVE_FLOOR) -> float:
        """The plan-cut height for *storey* (default: the lowest solid storey)."""
        if storey is None:
            solid = self.visible_storeys()
            storey = min(solid) if solid else (self.storeys[0].index if self.storeys else None)
        elevation = next((s.elevation for s in self.storeys if s.index == storey), self.bounds[4])
        return float(elevation) + above

    def world_to_display(self, points) -> np.ndarray:
        return camera.world_to_display(self.renderer, points)

    def marker_positions(self) -> list[tuple[Feature, np.ndarray]]:
        """Each feature with the world position of its marker's foot (explode lift included)."""
        if self._layer is None:
            return []
        return list(zip(self._layer.features, self._layer.positions, strict=True))

    def feature_display_point(self, feature: Feature) -> tuple[float, float] | None:
        """Display position (VTK pixels) of *feature*'s symbol centre in the last frame; None when not drawn."""
        if self._layer is None:
            return None
        for f, c in zip(self._layer.features, self._layer.symbol_centres(), strict=True):
            if f is feature or (feature.id is not None and f.id == feature.id):
                return None if np.isnan(c[0]) else (float(c[0]), float(c[1]))
        return None

    def labelled_features(self) -> list[Feature]:
        """Features whose label was on screen in the last frame (declutter may hide some)."""
        return self._layer.labelled() if self._layer is not None else []

    # --- state --------------------------------------------------------------------------------------------
    def show_storeys(self, solid, ghosted=()) -> None:
        solid, ghosted = set(solid), set(ghosted)
        self._state = {s.index: SOLID if s.index in solid else GHOST if s.index in ghosted else HIDDEN
                       for s in self.storeys}
        self._apply()

    def set_visible_storeys(self, indices, mode: str = "ghost") -> None:
        if mode not in ("ghost", "hide"):
            raise ValueError(tr("unknown storey mode {mode!r} (ghost or hide)").format(mode=mode))
        if indices is None:
            self.show_storeys([s.index for s in self.storeys])
            return
        indices = set(indices)
        others = [s.index for s in self.storeys if s.index not in indices]
        self.show_storeys(indices, others if mode == "ghost" else ())

    def set_category_visible(self, category: str, visible: bool) -> None:
        (self._hidden_categories.discard if visible else self._hidden_categories.add)(category)
        self._apply()

    def explode(self, gap_m: float) -> None:
        self._gap = max(0.0, float(gap_m))
        self._apply()

    def set_xray(self, on: bool) -> None:
        self._xray = bool(on)
        self._apply()

    def set_section(self, height: float | None, *, above_each_floor: bool = False) -> None:
        self._section = Section(None if height is None else float(height), self._section.box)
        self._cut_above_each_floor = bool(above_each_floor) and height is not None
        self._apply()

    def set_section_box(self, bounds) -> None:
        box = None if bounds is None else tuple(float(v) for v in bounds)
        self._section = Section(self._section.height, box)
        self._apply()

    def set_features_visible(self, on: bool) -> None:
        self._features_on = bool(on)
        if self._layer is not None:
            self._layer.set_visible(on)

    def set_legend(self, on: bool, *, title: str | None = None, subtitle: str | None = None) -> None:
        from venueplans.render.legend import Legend

        if self._legend is not None:
            self._legend.remove()
            self._legend = None
        if on:
            self._legend = Legend(self.overlay, title=title or self.venue_name, subtitle=subtitle or "",
                                  kinds=[f.kind for f in self.features])

    def set_view(self, preset: str) -> None:
        camera.set_view(self.renderer, preset, self.visible_bounds(), keep_clear=self._legend_extent(),
                        pad_px=self._symbol_room())

    def fit(self) -> None:
        camera.fit(self.renderer, self.visible_bounds(), keep_clear=self._legend_extent(), pad_px=self._symbol_room())

    def _symbol_room(self) -> tuple[float, float, float, float]:
        """Pixels to keep around the venue so symbols and labels on its edges stay in the picture."""
        if self._layer is None or not self._features_on or not self.features:
            return (0.0, 0.0, 0.0, 0.0)
        tallest = float(self._layer.px.max()) * self.marker_scale
        side = tallest * 0.45
        label = (LABEL_FONT_PX + 8) * max(self.marker_scale, 0.75) if self.labels_enabled else 0.0
        return (side, 4.0, side, tallest + label + 4.0)

    def _legend_extent(self) -> tuple[int, int] | None:
        """Pixels the legend covers in the top-left corner, which framing keeps clear."""
        if self._legend is None or self.renderer.GetSize()[0] <= 0:
            return None
        return self._legend.layout(self.renderer)

    def visible_bounds(self):
        """Bounds of what is drawn solid (ghosts excluded), cut by the section, lifts included."""
        boxes = [p.actor.GetBounds() for p in self._parts
                 if p.actor.GetVisibility() and self._state_of(p.storey) == SOLID and not p.instanced]
        boxes += [self._tile_bounds(s, t) for s in self._seats for t in s.tiles.tiles
                  if self._state_of(s.storey) == SOLID and s.category not in self._hidden_categories]
        if not boxes:
            return self.bounds
        b = np.array(boxes)
        full = (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())
        if self._gap == 0:
            return clip_bounds(full, self._section) if not self._cut_above_each_floor else full
        return full

    def render(self) -> None:
        self.window.Render()

    # --- applying state -----------------------------------------------------------------------------------
    def _state_of(self, storey: int | None) -> str:
        if storey is None:  # site / unassigned geometry follows the isolation mode
            states = set(self._state.values())
            if not states or states == {SOLID}:
                return SOLID
            return GHOST if GHOST in states else HIDDEN
        return self._state.get(storey, SOLID)

    def _lift(self, storey: int | None) -> float:
        if storey is None or not self._gap:
            return 0.0
        rank = next((i for i, s in enumerate(self.storeys) if s.index == storey), 0)
        return rank * self._gap

    def _section_of(self, storey: int | None) -> Section:
        """The section as it applies to one storey's geometry (model frame)."""
        if not self._cut_above_each_floor:
            return self._section
        elevation = next((s.elevation for s in self.storeys if s.index == storey), 0.0)
        return Section(self._section.height + elevation, self._section.box)

    def _apply(self) -> None:
        for p in self._parts:
            self._apply_part(p)
        if self._layer is not None:
            self._layer.set_lifts(self._lift)
            self._layer.set_states(self._state_of, self._section_of)

    def _apply_part(self, p: Part) -> None:
        state = self._state_of(p.storey)
        visible = p.lod_on and p.category not in self._hidden_categories and state != HIDDEN
        if p.instanced and state == GHOST:
            visible = False
        actor = p.actor
        actor.SetVisibility(visible)
        actor.SetPickable(visible and state == SOLID)
        if state == GHOST:
            look = style.ghost_look(p.category)
        elif self._xray:
            look = style.xray_look(p.category)
        else:
            look = style.solid_look(p.category)
        style.apply_look(actor.GetProperty(), look)
        if p.dots:
            actor.GetProperty().LightingOff()
        mapper = actor.GetMapper()
        if p.tinted:
            mapper.SetScalarVisibility(look.cell_colours)
        lift = self._lift(p.storey)
        actor.SetPosition(0.0, 0.0, lift)
        apply_section(mapper, self._section_of(p.storey), lift)

    # --- per frame ----------------------------------------------------------------------------------------
    def _before_frame(self, *_):
        """Before each frame: seat levels of detail, marker sizes, labels, legend, clipping range."""
        if self._building:
            return
        try:
            self._choose_seat_levels()
            if self._layer is not None and self._features_on:
                self._layer.update(self.renderer)
            if self._legend is not None:
                b = self.visible_bounds()
                self._legend.update(self.renderer, ((b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2))
            self._reset_clipping_range()
        except Exception:  # noqa: BLE001 - an observer must never raise into VTK's render loop
            import logging

            logging.getLogger(__name__).exception("venue scene: per-frame update failed")

    def _reset_clipping_range(self) -> None:
        b = np.array(self.renderer.ComputeVisiblePropBounds())
        if b[0] > b[1]:
            return
        if self._layer is not None and len(self._layer.features):
            pos = self._layer.positions
            b[0::2] = np.minimum(b[0::2], pos.min(axis=0) - 1.0)
            b[1::2] = np.maximum(b[1::2], pos.max(axis=0) + 3.0)
        self.renderer.ResetCameraClippingRange(*b)

    # --- bounds -------------------------------------------------------------------------------------------
    def _venue_bounds(self, data: SceneData):
        lows, highs = [], []
        for b in data.batches:
            if len(b.vertices):
                v = np.asarray(b.vertices)
                lows.append(v.min(axis=0))
                highs.append(v.max(axis=0))
        for s in self._seats:
            for t in s.tiles.tiles:
                lows.append(t.lo)
                highs.append(t.hi)
        for p in self._parts:
            if p.glyph_positions is not None:
                lows.append(p.glyph_positions.min(axis=0))
                highs.append(p.glyph_positions.max(axis=0))
        if not lows:
            return (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)
        lo, hi = np.min(lows, axis=0), np.max(highs, axis=0)
        return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]), float(lo[2]), float(hi[2]))


def _feature_tints(features: list[Feature]) -> dict[int, tuple[int, int, int]]:
    """element index -> colour of the most important feature on it (exits beat stairs)."""
    from venueplans.render.features import priority

    tints: dict[int, tuple[int, int, int]] = {}
    for f in sorted(features, key=priority, reverse=True):
        if f.element is not None and f.kind in FEATURE_KINDS:
            tints[f.element] = style.rgb8(FEATURE_KINDS[f.kind].colour)
    return tints


def _cell_colours(elements: np.ndarray, category: str, tint: dict[int, tuple[int, int, int]]):
    """Per-cell RGB for a batch holding tinted elements, else None (most batches: plain category colour)."""
    if not tint or not len(elements):
        return None
    keys = np.fromiter(tint, dtype=np.int64)
    hit = np.isin(elements, keys)
    if not hit.any():
        return None
    colours = np.empty((len(elements), 3), dtype=np.uint8)
    colours[:] = style.rgb8(style.category_colour(category))
    order = np.argsort(keys)
    table = np.array([tint[int(k)] for k in keys[order]], dtype=np.uint8)
    colours[hit] = table[np.searchsorted(keys[order], elements[hit])]
    return colours


def _resolve_target(target):
    """(renderer, render window) from a pyvista plotter, a vtkRenderer or a vtkRenderWindow."""
    renderer = getattr(target, "renderer", None)
    if renderer is not None:  # pyvista Plotter / pyvistaqt QtInteractor
        window = getattr(target, "render_window", None) or renderer.GetRenderWindow()
        return renderer, window
    if target.IsA("vtkRenderer"):
        window = target.GetRenderWindow()
        if window is None:
            raise ValueError(tr("the renderer must be in a render window before building a venue scene"))
        return target, window
    if target.IsA("vtkRenderWindow"):
        renderers = target.GetRenderers()
        renderer = renderers.GetFirstRenderer()
        if renderer is None:
            from vtkmodules.vtkRenderingCore import vtkRenderer

            renderer = vtkRenderer()
            target.AddRenderer(renderer)
        return renderer, target
    raise TypeError(tr("cannot draw a venue on {error}").format(error=type(target).__name__))
