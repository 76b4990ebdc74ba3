"""Feature markers and labels: exits, access points, stairs and lifts, readable at every zoom.

Markers are flat map symbols drawn in screen space, one shape per group so they differ even without
colour and from every view direction: exits a pin whose tip is on the exit (green), access points a
diamond (blue; purple for vehicle and roof access), stairs a square with steps (orange), lifts a square
with up/down arrows (brown), anything else a disc in its kind's colour. Each has a dark rim so it reads
on any background. They live in an overlay renderer that shares the building's camera, so no wall or
roof ever hides an exit, and keep their pixel size whatever the zoom.

Labels ("E1", "E2", "ME", "A3", "S", "L") are text boxes in the feature colour just above their
marker. Before every frame `update()` projects the features, rebuilds the symbols (one 2D actor for
all of them, most important drawn last, i.e. on top) and lays labels out greedily in priority order —
exits by number, then access points, stairs and lifts, the rest — hiding a label that would overlap one
already placed until there is room (zoom in). Ghosted storeys keep only their exit and access symbols,
smaller and translucent, without labels; hidden storeys, or features cut away by a section, show nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from venueplans.model import FEATURE_KINDS, Feature
from venueplans.model.features import feature_code
from venueplans.render.camera import view_depth, world_to_display
from venueplans.render.style import TEXT_COLOUR, rgb, rgb8

GROUP_PRIORITY = {"exit": 0, "access": 1, "circulation": 2, "safety": 3, "utility": 4}
MARKER_PX = {"exit": 40, "access": 30, "circulation": 26}  # symbol height on screen; others 22
DEFAULT_MARKER_PX = 22
GHOST_SCALE = 0.6
GHOST_ALPHA = 150
GHOST_GROUPS = frozenset({"exit", "access"})  # what a ghosted storey still shows: the ways in and out
RIM_PX = 2.0
LABEL_FONT_PX = 16
LABEL_GAP_PX = 3
LABEL_PAD_PX = 2  # extra clearance between two labels


def label_text(f: Feature) -> str:
    """What the pin carries, as on the printed plans: '1' for exit 1 (on green), 'ME', 'A3'..."""
    return feature_code(f.kind, f.number)


def priority(f: Feature) -> tuple[int, int, int, int]:
    """Sort key: lower is more important (placed first, drawn on top). Exits by number come first."""
    kind = FEATURE_KINDS.get(f.kind)
    group = GROUP_PRIORITY.get(kind.group if kind else "", 9)
    sub = 0 if f.kind in ("exit", "entrance") else 1
    return (group, sub, f.number if f.number is not None else 10_000, _KIND_ORDER.get(f.kind, 999))


_KIND_ORDER = {k: i for i, k in enumerate(FEATURE_KINDS)}


def marker_shape(kind_key: str) -> str:
    kind = FEATURE_KINDS.get(kind_key)
    if kind_key in ("stair", "ramp"):
        return "steps"
    if kind_key == "lift":
        return "shaft"
    if kind is not None and kind.group == "exit":
        return "pin"
    if kind is not None and kind.group == "access":
        return "diamond"
    if kind is not None and kind.shape in ("safe", "fire", "intervention"):
        return "sign"  # the square of the plans' ISO-style signs (docs/symbols.md), in the kind's colour
    return "ball"


def declutter(rects: np.ndarray, pad: float = LABEL_PAD_PX) -> np.ndarray:
    """Greedy placement: rects (N,4) as x0, y0, x1, y1 in priority order -> bool mask of those kept.

    A rect is kept when it overlaps no rect kept before it. O(N^2) in the worst case, which is nothing
    for the few hundred labels a stadium has.
    """
    keep = np.zeros(len(rects), dtype=bool)
    placed: list[np.ndarray] = []
    for i, r in enumerate(rects):
        if placed:
            p = np.asarray(placed)
            overlap = (r[0] < p[:, 2] + pad) & (p[:, 0] < r[2] + pad) & (r[1] < p[:, 3] + pad) & (p[:, 1] < r[3] + pad)
            if overlap.any():
                continue
        keep[i] = True
        placed.append(r)
    return keep


# --- symbols: pixel templates, anchor at (0, 0) ---------------------------------------------------------------
# Each symbol is a list of (role, vertices (P,2), triangles (T,3)); roles draw in order rim, fill, sign.
# Sizes are fractions of the marker height; convex outlines are fans from vertex 0.


def _fan(points) -> tuple[np.ndarray, np.ndarray]:
    pts = np.asarray(points, dtype=float)
    tris = np.array([[0, i, i + 1] for i in range(1, len(pts) - 1)], dtype=np.int64)
    return pts, tris


def _circle(cx, cy, r, start=0.0, stop=2 * math.pi, n=20) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in np.linspace(start, stop, n)]


def _rects(*rects) -> tuple[np.ndarray, np.ndarray]:
    pts, tris = [], []
    for x0, y0, x1, y1 in rects:
        k = len(pts)
        pts += [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        tris += [[k, k + 1, k + 2], [k, k + 2, k + 3]]
    return np.array(pts, dtype=float), np.array(tris, dtype=np.int64)


def symbol(shape: str) -> tuple[list[tuple[str, np.ndarray, np.ndarray]], tuple[float, float]]:
    """(parts, centre) of a symbol one unit tall; the centre is where a click counts and the rim grows from."""
    if shape == "pin":  # tip on the exit, round head above
        cy, r = 0.64, 0.34
        phi = math.acos(r / cy)
        outline = [(0.0, 0.0)] + _circle(0.0, cy, r, -math.pi / 2 + phi, 3 * math.pi / 2 - phi, 24)
        return [("fill", *_fan(outline)), ("sign", *_fan(_circle(0.0, cy, 0.13, n=14)))], (0.0, cy)
    if shape == "diamond":
        outline = [(0.0, 0.0), (0.38, 0.5), (0.0, 1.0), (-0.38, 0.5)]
        inner = [(0.0, 0.3), (0.15, 0.5), (0.0, 0.7), (-0.15, 0.5)]
        return [("fill", *_fan(outline)), ("sign", *_fan(inner))], (0.0, 0.5)
    if shape == "steps":
        square = [(-0.42, 0.08), (0.42, 0.08), (0.42, 0.92), (-0.42, 0.92)]
        steps = _rects((-0.28, 0.22, -0.09, 0.40), (-0.09, 0.22, 0.10, 0.59), (0.10, 0.22, 0.29, 0.78))
        return [("fill", *_fan(square)), ("sign", *steps)], (0.0, 0.5)
    if shape == "shaft":
        square = [(-0.42, 0.08), (0.42, 0.08), (0.42, 0.92), (-0.42, 0.92)]
        up, down = _fan([(-0.2, 0.56), (0.2, 0.56), (0.0, 0.82)]), _fan([(-0.2, 0.44), (0.0, 0.18), (0.2, 0.44)])
        arrows = (np.r_[up[0], down[0]], np.r_[up[1], down[1] + 3])
        return [("fill", *_fan(square)), ("sign", *arrows)], (0.0, 0.5)
    if shape == "sign":
        return [("fill", *_fan([(-0.4, 0.1), (0.4, 0.1), (0.4, 0.9), (-0.4, 0.9)]))], (0.0, 0.5)
    return [("fill", *_fan(_circle(0.0, 0.5, 0.4, n=24)))], (0.0, 0.5)


@dataclass
class _SymbolMesh:
    """All features' symbols in one mesh, least important first (drawn first, so exits end on top).

    Built once; each frame only moves vertices (anchor + size * template) and picks visible triangles.
    """

    unit: np.ndarray  # (V,2) template coordinates
    centre: np.ndarray  # (V,2) the symbol centre each vertex's rim grows from
    rim: np.ndarray  # (V,) bool: vertex of a rim (grown by RIM_PX)
    owner_v: np.ndarray  # (V,) feature row
    triangles: np.ndarray  # (T,3) int32
    owner_t: np.ndarray  # (T,) feature row
    rgba: np.ndarray  # (T,4) uint8

    @classmethod
    def build(cls, symbols, colours) -> _SymbolMesh:
        unit, centre, rim, owner_v, tris, owner_t, rgba = [], [], [], [], [], [], []
        offset = 0
        for row in reversed(range(len(symbols))):
            parts, c = symbols[row]
            fills = [(v, t) for role, v, t in parts if role == "fill"]
            layers = [(v, t, True, rgb8(TEXT_COLOUR)) for v, t in fills]
            layers += [(v, t, False, colours[row] if role == "fill" else (255, 255, 255)) for role, v, t in parts]
            for v, t, is_rim, colour in layers:
                unit.append(v)
                centre.append(np.tile(c, (len(v), 1)))
                rim.append(np.full(len(v), is_rim))
                owner_v.append(np.full(len(v), row))
                tris.append(t + offset)
                owner_t.append(np.full(len(t), row))
                rgba.append(np.tile(np.array((*colour, 255), dtype=np.uint8), (len(t), 1)))
                offset += len(v)
        if not unit:
            return cls(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0, bool), np.zeros(0, int),
                       np.zeros((0, 3), np.int32), np.zeros(0, int), np.zeros((0, 4), np.uint8))
        return cls(np.concatenate(unit), np.concatenate(centre), np.concatenate(rim), np.concatenate(owner_v),
                   np.concatenate(tris).astype(np.int32), np.concatenate(owner_t), np.concatenate(rgba))

    def frame(self, anchors: np.ndarray, sizes: np.ndarray, visible: np.ndarray, ghost: np.ndarray, rim_px: float):
        """(vertices (V,3) float32, visible triangles, their colours) in display pixels."""
        s = sizes[self.owner_v][:, None]
        grow = np.where(self.rim, (sizes[self.owner_v] + 2 * rim_px) / np.maximum(sizes[self.owner_v], 1e-6), 1.0)
        xy = anchors[self.owner_v] + s * (self.centre + (self.unit - self.centre) * grow[:, None])
        keep = visible[self.owner_t]
        rgba = self.rgba[keep].copy()
        rgba[ghost[self.owner_t[keep]], 3] = GHOST_ALPHA
        verts = np.c_[xy, np.zeros(len(xy))].astype(np.float32)
        return verts, self.triangles[keep], rgba


# --- the layer ------------------------------------------------------------------------------------------------


class FeatureLayer:
    """Markers and labels for a venue's features in *overlay* (a renderer on top of the building's)."""

    def __init__(self, overlay, features: list[Feature], *, size_factor: float = 1.0, labels: bool = True):
        self.overlay = overlay
        self.features = sorted(features, key=priority)
        self.size_factor = size_factor
        self.labels_enabled = labels
        n = len(self.features)
        self.base = np.array([f.position for f in self.features], dtype=np.float64).reshape(n, 3)
        self.lift = np.zeros(n)
        self.state = np.full(n, 2, dtype=np.int8)  # 2 solid, 1 ghost, 0 hidden
        self.px = np.array([MARKER_PX.get(_group(f), DEFAULT_MARKER_PX) for f in self.features], dtype=float)
        self._rank = np.array([priority(f)[0] for f in self.features], dtype=int)
        self._ghostable = np.array([_group(f) in GHOST_GROUPS for f in self.features], dtype=bool)
        self._symbols = [symbol(marker_shape(f.kind)) for f in self.features]
        self._colours = [rgb8(FEATURE_KINDS[f.kind].colour) if f.kind in FEATURE_KINDS else (68, 68, 68)
                         for f in self.features]
        self._labels: list = []
        self._label_sizes: list[tuple[int, int] | None] = []
        self._screen = np.zeros((n, 3))
        self._size = np.zeros(n)
        self._visible = np.zeros(n, dtype=bool)
        self._enabled = True
        self._build()

    def _build(self) -> None:
        import vtkmodules.vtkRenderingFreeType  # noqa: F401 - text rendering for the labels, whoever made the window
        from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D, vtkTextActor

        self._mapper = vtkPolyDataMapper2D()
        self._mapper.SetScalarModeToUseCellData()
        self._mapper.SetColorModeToDirectScalars()
        self._symbols_actor = vtkActor2D()
        self._symbols_actor.SetMapper(self._mapper)
        self._symbols_actor.PickableOff()
        self.overlay.AddViewProp(self._symbols_actor)
        self._mesh = _SymbolMesh.build(self._symbols, self._colours)
        self._set_mesh(*self._mesh.frame(np.zeros((len(self.features), 2)), self.px, np.zeros(len(self.features), bool),
                                         np.zeros(len(self.features), bool), RIM_PX))
        for f in self.features:
            text = vtkTextActor()
            text.SetInput(label_text(f))
            tp = text.GetTextProperty()
            tp.SetFontSize(round(LABEL_FONT_PX * max(self.size_factor, 0.75)))
            tp.BoldOn()
            tp.SetColor(1.0, 1.0, 1.0)
            colour = FEATURE_KINDS[f.kind].colour if f.kind in FEATURE_KINDS else "#444444"
            tp.SetBackgroundColor(*rgb(colour))
            tp.SetBackgroundOpacity(1.0)
            tp.FrameOn()
            tp.SetFrameColor(*rgb(TEXT_COLOUR))
            tp.SetFrameWidth(1)
            tp.SetJustificationToCentered()
            tp.SetVerticalJustificationToBottom()
            text.VisibilityOff()
            text.PickableOff()
            self.overlay.AddViewProp(text)
            self._labels.append(text)
            self._label_sizes.append(None)

    def _set_mesh(self, verts, tris, colours) -> None:
        from venueplans.render.meshes import COLOUR_ARRAY, triangle_polydata

        poly = triangle_polydata(verts, tris, {COLOUR_ARRAY: colours})
        poly.GetCellData().SetActiveScalars(COLOUR_ARRAY)
        self._mapper.SetInputData(poly)
        self._poly = poly  # keeps the numpy arrays alive

    def remove(self) -> None:
        self.overlay.RemoveViewProp(self._symbols_actor)
        for t in self._labels:
            self.overlay.RemoveViewProp(t)
        self._labels = []

    # -- state --------------------------------------------------------------------------------------------
    def set_lifts(self, lift_of_storey) -> None:
        """Explode: *lift_of_storey(storey)* metres added to each feature's z."""
        self.lift = np.array([lift_of_storey(f.storey) for f in self.features], dtype=float)

    def set_states(self, state_of_storey, section_of_storey) -> None:
        """*state_of_storey(storey)* -> 'solid' | 'ghost' | 'hidden'; features outside their storey's
        section (*section_of_storey(storey)* -> Section) are hidden."""
        codes = {"solid": 2, "ghost": 1, "hidden": 0}
        state = np.array([codes[state_of_storey(f.storey)] if section_of_storey(f.storey).contains(f.position) else 0
                          for f in self.features], dtype=np.int8)
        state[(state == 1) & ~self._ghostable] = 0
        self.state = state

    def set_visible(self, on: bool) -> None:
        self._enabled = bool(on)
        self._symbols_actor.SetVisibility(on)
        if not on:
            for t in self._labels:
                t.VisibilityOff()

    @property
    def positions(self) -> np.ndarray:
        """World positions of the features (explode lift included), in `features` order."""
        return self.base + np.c_[np.zeros((len(self.features), 2)), self.lift]

    # -- per frame ----------------------------------------------------------------------------------------
    def update(self, renderer) -> None:
        """Project the features for the camera about to render; rebuild symbols and lay labels out."""
        if not self.features or not self._enabled:
            return
        world = self.positions
        in_front = view_depth(renderer, world) > 1e-6
        screen = world_to_display(renderer, world)
        size = self.px * self.size_factor * np.where(self.state == 1, GHOST_SCALE, 1.0)
        visible = (self.state > 0) & in_front
        self._screen, self._size, self._visible = screen, size, visible
        rim = RIM_PX * self.size_factor**0.5
        self._set_mesh(*self._mesh.frame(screen[:, :2], size, visible, self.state == 1, rim))
        self._layout_labels(renderer, screen, size, visible & (self.state == 2))

    def _layout_labels(self, renderer, screen, size, candidates) -> None:
        width, height = renderer.GetSize()
        if not self.labels_enabled or width <= 0:
            for t in self._labels:
                t.VisibilityOff()
            return
        rects, rows = [], []
        for i in np.flatnonzero(candidates):
            label = self._label_size(i, renderer)
            if label is None:
                continue
            x, y = screen[i, 0], screen[i, 1] + size[i] + LABEL_GAP_PX
            rect = (x - label[0] / 2, y, x + label[0] / 2, y + label[1])
            if rect[2] < 0 or rect[0] > width or rect[3] < 0 or rect[1] > height:
                continue
            rects.append(rect)
            rows.append(i)
        rects_arr = np.array(rects, dtype=float).reshape(-1, 4)
        rows_arr = np.array(rows, dtype=int)
        free = ~self._covered_by_symbols(rects_arr, rows_arr, screen, size)
        keep = np.zeros(len(rows_arr), dtype=bool)
        keep[free] = declutter(rects_arr[free])
        shown = set(rows_arr[keep].tolist())
        for i, text in enumerate(self._labels):
            if i in shown:
                text.SetPosition(float(screen[i, 0]), float(screen[i, 1] + size[i] + LABEL_GAP_PX))
                text.VisibilityOn()
            else:
                text.VisibilityOff()

    def _covered_by_symbols(self, rects, rows, screen, size) -> np.ndarray:
        """Labels lying on the symbol of another feature at least as important (which must stay readable)."""
        sym = np.flatnonzero(self._visible)
        if not len(rects) or not len(sym):
            return np.zeros(len(rects), dtype=bool)
        half = size[sym] * 0.42
        boxes = np.c_[screen[sym, 0] - half, screen[sym, 1], screen[sym, 0] + half, screen[sym, 1] + size[sym]]
        overlap = ((rects[:, None, 0] < boxes[None, :, 2]) & (boxes[None, :, 0] < rects[:, None, 2])
                   & (rects[:, None, 1] < boxes[None, :, 3]) & (boxes[None, :, 1] < rects[:, None, 3]))
        rank = self._rank
        matters = (rank[sym][None, :] <= rank[rows][:, None]) & (sym[None, :] != rows[:, None])
        return (overlap & matters).any(axis=1)

    def _label_size(self, i: int, renderer) -> tuple[int, int] | None:
        size = self._label_sizes[i]
        if size is None:
            out = [0, 0]
            self._labels[i].GetSize(renderer, out)
            if out[0] > 0:
                size = (int(out[0]), int(out[1]))
                self._label_sizes[i] = size
        return size

    # -- queries ------------------------------------------------------------------------------------------
    def labelled(self) -> list[Feature]:
        """Features whose label is on screen after the last frame."""
        return [f for f, t in zip(self.features, self._labels, strict=True) if t.GetVisibility()]

    def symbol_centres(self) -> np.ndarray:
        """(N,2) display position of each symbol's centre in the last frame (NaN when not drawn)."""
        out = np.full((len(self.features), 2), np.nan)
        for i in np.flatnonzero(self._visible):
            cx, cy = self._symbols[i][1]
            out[i] = self._screen[i, :2] + np.array([cx, cy]) * self._size[i]
        return out

    def hit(self, x: float, y: float) -> Feature | None:
        """The most important symbol under display point (x, y) in the last frame, if any."""
        centres = self.symbol_centres()
        r = self._size * 0.5
        with np.errstate(invalid="ignore"):
            inside = (centres[:, 0] - x) ** 2 + (centres[:, 1] - y) ** 2 <= r**2
        rows = np.flatnonzero(inside)
        return self.features[int(rows[0])] if len(rows) else None  # features are in priority order


def _group(f: Feature) -> str:
    kind = FEATURE_KINDS.get(f.kind)
    return kind.group if kind else ""
