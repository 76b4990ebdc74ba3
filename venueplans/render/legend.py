"""The key drawn over a picture: venue, storey, what the colours mean, and where north is.

A panel in the top-left corner lists the venue name, the storey shown and the feature key with the same
coloured boxes as the labels ("E" green: emergency exit, ...). A north arrow in the top-right corner
points along the projected +y axis whenever the ground plane is seen from above (plan and iso views).
Everything is 2D actors in the overlay renderer, laid out in pixels before each frame.
"""

from __future__ import annotations

import math

import numpy as np

from venueplans.model import FEATURE_KINDS
from venueplans.render.camera import world_to_display
from venueplans.render.style import TEXT_COLOUR, rgb

KEY = [
    ("E", "exit", "Emergency exit"),
    ("A", "access_point", "Entrance / access point"),
    ("S", "stair", "Stair"),
    ("L", "lift", "Lift"),
]
MARGIN = 12
PAD = 8
TITLE_PX = 17
LINE_PX = 14


class Legend:
    def __init__(self, overlay, *, title: str, subtitle: str = ""):
        from vtkmodules.vtkRenderingCore import vtkTextActor

        self.overlay = overlay
        self._panel, self._panel_pts = _panel_actor("#ffffff", 0.86)
        overlay.AddViewProp(self._panel)
        self._title = self._text(title, TITLE_PX, bold=True)
        self._subtitle = self._text(subtitle, LINE_PX) if subtitle else None
        self._rows = []
        for code, kind, text in KEY:
            box = vtkTextActor()
            box.SetInput(f" {code} ")
            tp = box.GetTextProperty()
            tp.SetFontSize(LINE_PX)
            tp.BoldOn()
            tp.SetColor(1, 1, 1)
            tp.SetBackgroundColor(*rgb(FEATURE_KINDS[kind].colour))
            tp.SetBackgroundOpacity(1.0)
            tp.FrameOn()
            tp.SetFrameColor(*rgb(TEXT_COLOUR))
            overlay.AddViewProp(box)
            self._rows.append((box, self._text(text, LINE_PX)))
        self._north, self._north_pts = _arrow_actor()
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
        self.overlay.AddViewProp(actor)
        return actor

    def remove(self) -> None:
        for a in self.actors():
            self.overlay.RemoveViewProp(a)

    def actors(self) -> list:
        out = [self._panel, self._title, self._north, self._n]
        if self._subtitle is not None:
            out.append(self._subtitle)
        for box, text in self._rows:
            out += [box, text]
        return out

    def set_visible(self, on: bool) -> None:
        for a in self.actors():
            a.SetVisibility(on)

    def update(self, renderer, centre) -> None:
        """Lay the panel out from the top-left corner and aim the north arrow (before each frame)."""
        width, height = renderer.GetSize()
        if width <= 0 or not self._title.GetVisibility():
            return
        self.layout(renderer)
        self._aim_north(renderer, centre, width, height)

    def layout(self, renderer) -> tuple[int, int]:
        """Place the panel; returns the (width, height) in pixels it covers from the top-left corner."""
        width, height = renderer.GetSize()
        y = height - MARGIN - PAD
        widest = 0
        lines = [self._title] + ([self._subtitle] if self._subtitle is not None else [])
        for actor in lines:
            w, h = _size(actor, renderer)
            y -= h
            actor.SetPosition(MARGIN + PAD, y)
            widest = max(widest, w)
            y -= 4
        y -= 4
        for box, text in self._rows:
            bw, bh = _size(box, renderer)
            tw, th = _size(text, renderer)
            y -= max(bh, th)
            box.SetPosition(MARGIN + PAD, y)
            text.SetPosition(MARGIN + PAD + bw + 8, y + 1)
            widest = max(widest, bw + 8 + tw)
            y -= 5
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


def _panel_actor(colour: str, opacity: float):
    return _polygon_actor(4, colour, opacity)


def _arrow_actor():
    return _polygon_actor(4, TEXT_COLOUR, 1.0)
