"""The key drawn over a picture: venue, storey, what the symbols mean, and where north is.

A panel in the top-left corner gives the venue name, the storey and view shown, and one row per kind of
feature present (exits first): the map symbol as drawn on the venue, the label code in its coloured box
("E" green: emergency exit, "ME" blue: main entrance, ...) and the kind's name. A north arrow in the
top-right corner points along the projected +y axis whenever north is not straight into the screen.
Everything is 2D actors in the overlay renderer, laid out in pixels before each frame.
"""

from __future__ import annotations

import math

import numpy as np

from venueplans.i18n import tr
from venueplans.model import FEATURE_KINDS
from venueplans.render.camera import world_to_display
from venueplans.render.style import TEXT_COLOUR, rgb

DEFAULT_KINDS = ("exit", "entrance", "access_point", "stair", "lift")  # the key of a venue without features
MAX_ROWS = 8
MARGIN = 12
PAD = 8
TITLE_PX = 17
LINE_PX = 14
SYMBOL_PX = 20


def key_kinds(kinds) -> list[str]:
    """The kinds a key lists: those present, most important first, at most MAX_ROWS."""
    from venueplans.model import Feature
    from venueplans.render.features import priority

    present = [k for k in dict.fromkeys(kinds) if k in FEATURE_KINDS] or list(DEFAULT_KINDS)
    present.sort(key=lambda k: priority(Feature(k, "", None, (0, 0, 0), "")))
    return present[:MAX_ROWS]


class Legend:
    def __init__(self, overlay, *, title: str, subtitle: str = "", kinds=DEFAULT_KINDS):
        from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D

        from venueplans.render.features import _SymbolMesh, marker_shape, symbol
        from venueplans.render.style import rgb8

        self.overlay = overlay
        self._panel, self._panel_pts = _polygon_actor(4, "#ffffff", 0.88)
        overlay.AddViewProp(self._panel)
        self._title = self._text(title, TITLE_PX, bold=True)
        self._subtitle = self._text(subtitle, LINE_PX) if subtitle else None
        self.kinds = key_kinds(kinds)
        self._rows = []
        for kind in self.kinds:
            spec = FEATURE_KINDS[kind]
            box = self._text(f" {spec.code} ", LINE_PX, bold=True)
            tp = box.GetTextProperty()
            tp.SetColor(1, 1, 1)
            tp.SetBackgroundColor(*rgb(spec.colour))
            tp.SetBackgroundOpacity(1.0)
            tp.FrameOn()
            tp.SetFrameColor(*rgb(TEXT_COLOUR))
            self._rows.append((box, self._text(tr(spec.label), LINE_PX)))
        # the symbols, drawn by the same code as on the venue
        self._symbols = _SymbolMesh.build([symbol(marker_shape(k)) for k in self.kinds],
                                          [rgb8(FEATURE_KINDS[k].colour) for k in self.kinds])
        self._symbol_mapper = vtkPolyDataMapper2D()
        self._symbol_mapper.SetScalarModeToUseCellData()
        self._symbol_mapper.SetColorModeToDirectScalars()
        self._symbol_actor = vtkActor2D()
        self._symbol_actor.SetMapper(self._symbol_mapper)
        overlay.AddViewProp(self._symbol_actor)
        self._anchors = np.zeros((len(self.kinds), 2))
        self._north, self._north_pts = _polygon_actor(4, TEXT_COLOUR, 1.0)
        overlay.AddViewProp(self._north)
        self._n = self._text("N", LINE_PX + 1, bold=True)
        self._n.GetTextProperty().SetJustificationToCentered()
        self._n.GetTextProperty().SetVerticalJustificationToCentered()

    def _text(self, text: str, px: int, bold: bool = False):
        from vtkmodules.vtkRenderingCore import vtkTextActor

        actor = vtkTextActor()
        actor.SetInput(text)
        tp = actor.GetTextProperty()
        tp.SetFontSize(px)
        tp.SetBold(bold)
        tp.SetColor(*rgb(TEXT_COLOUR))
        actor.PickableOff()
        self.overlay.AddViewProp(actor)
        return actor

    def actors(self) -> list:
        out = [self._panel, self._title, self._north, self._n, self._symbol_actor]
        if self._subtitle is not None:
            out.append(self._subtitle)
        for box, text in self._rows:
            out += [box, text]
        return out

    def remove(self) -> None:
        for a in self.actors():
            self.overlay.RemoveViewProp(a)

    def update(self, renderer, centre) -> None:
        """Lay the panel out and aim the north arrow (before each frame)."""
        width, height = renderer.GetSize()
        if width <= 0:
            return
        self.layout(renderer)
        self._aim_north(renderer, centre, width, height)

    def layout(self, renderer) -> tuple[int, int]:
        """Place the panel; returns the (width, height) in pixels it covers from the top-left corner."""
        from venueplans.render.meshes import COLOUR_ARRAY, triangle_polydata

        width, height = renderer.GetSize()
        left = MARGIN + PAD
        y = height - MARGIN - PAD
        widest = 0
        for actor in [self._title] + ([self._subtitle] if self._subtitle is not None else []):
            w, h = _size(actor, renderer)
            y -= h
            actor.SetPosition(left, y)
            widest = max(widest, w)
            y -= 4
        y -= 4
        code_w = max((_size(box, renderer)[0] for box, _ in self._rows), default=0)
        for row, (box, text) in enumerate(self._rows):
            bw, bh = _size(box, renderer)
            tw, th = _size(text, renderer)
            line = max(bh, th, SYMBOL_PX)
            y -= line
            self._anchors[row] = (left + SYMBOL_PX / 2, y + (line - SYMBOL_PX) / 2)
            box.SetPosition(left + SYMBOL_PX + 6 + (code_w - bw) / 2, y + (line - bh) / 2)
            text.SetPosition(left + SYMBOL_PX + 6 + code_w + 8, y + (line - th) / 2 + 1)
            widest = max(widest, SYMBOL_PX + 6 + code_w + 8 + tw)
            y -= 5
        n = len(self.kinds)
        verts, tris, rgba = self._symbols.frame(self._anchors, np.full(n, float(SYMBOL_PX)), np.ones(n, bool),
                                                np.zeros(n, bool), 1.5)
        poly = triangle_polydata(verts, tris, {COLOUR_ARRAY: rgba})
        poly.GetCellData().SetActiveScalars(COLOUR_ARRAY)
        self._symbol_mapper.SetInputData(poly)
        self._symbol_poly = poly
        x0, y0, x1, y1 = MARGIN, y - PAD + 5, MARGIN + 2 * PAD + widest, height - MARGIN
        self._panel_pts[:] = [[x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0]]
        self._panel.GetMapper().GetInput().GetPoints().Modified()
        return x1 + MARGIN, height - y0 + MARGIN

    def _aim_north(self, renderer, centre, width, height) -> None:
        c = np.asarray(centre, dtype=float)
        screen = world_to_display(renderer, np.array([c, c + (0.0, 1.0, 0.0), c + (1.0, 0.0, 0.0)]))[:, :2]
        north, east = screen[1] - screen[0], screen[2] - screen[0]
        # looking along y (north/south elevations) the arrow would be a dot: hide it
        seen = np.linalg.norm(north) > 0.3 * max(np.linalg.norm(east), 1e-9)
        self._north.SetVisibility(bool(seen))
        self._n.SetVisibility(bool(seen))
        if not seen:
            return
        angle = math.atan2(north[1], north[0])
        cx, cy, r = width - MARGIN - 26, height - MARGIN - 34, 20.0
        ux, uy = math.cos(angle), math.sin(angle)
        px, py = -uy, ux
        tail = (cx - ux * r * 0.6, cy - uy * r * 0.6)
        self._north_pts[:] = [
            [cx + ux * r, cy + uy * r, 0],
            [tail[0] + px * r * 0.55, tail[1] + py * r * 0.55, 0],
            [cx - ux * r * 0.2, cy - uy * r * 0.2, 0],
            [tail[0] - px * r * 0.55, tail[1] - py * r * 0.55, 0],
        ]
        self._north.GetMapper().GetInput().GetPoints().Modified()
        self._n.SetPosition(cx + ux * (r + 12), cy + uy * (r + 12))


def _size(actor, renderer) -> tuple[int, int]:
    out = [0, 0]
    actor.GetSize(renderer, out)
    return int(out[0]), int(out[1])


def _polygon_actor(n: int, colour: str, opacity: float):
    """A convex 2D polygon of *n* points in display pixels; returns (actor, its (n,3) points to edit)."""
    from vtkmodules.vtkRenderingCore import vtkActor2D, vtkPolyDataMapper2D

    from venueplans.render.meshes import triangle_polydata

    pts = np.zeros((n, 3), dtype=np.float32)
    tris = np.array([[0, i, i + 1] for i in range(1, n - 1)], dtype=np.int32)
    poly = triangle_polydata(pts, tris)
    mapper = vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    actor = vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*rgb(colour))
    actor.GetProperty().SetOpacity(opacity)
    actor.PickableOff()
    actor._poly = poly
    return actor, poly._numpy_refs[0]
