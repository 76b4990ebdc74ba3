"""The plan on screen: QPainter for the briefing display list, and the graphics items that carry it.

The plan view paints what the printed sheets print (`venueplans.briefing.drawing`): Path rings in paper
millimetres (y down, even-odd fill), Circle, Text and Group. Two ways of putting them on screen:

- the building (floor, rooms, seating, walls, doors, stairs, grid lines) scales with the zoom like a CAD
  drawing; its lines are cosmetic pens, so a wall outline stays one crisp pixel at any zoom;
- the symbols and labels (exits, access points, room numbers) keep their size on screen, like map
  symbols in QGIS: each is a `SymbolItem` that ignores the view transform and sits on its world anchor.

`PX_PER_MM` fixes how big a display-list millimetre looks on screen. The map widget that shows these items
is `plan_canvas.PlanCanvas`. Nothing here knows about venues, catalogues or the 3D view (that is
`plan_view`).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem

from venueplans.briefing.drawing import PT, Circle, Group, Path, Style, Text
from venueplans.i18n import N_, tr
from venueplans.ui.errors import report

PX_PER_MM = 4.0  # screen pixels per display-list millimetre: an exit badge is ~27 px across
FONT_FAMILY = "DejaVu Sans"  # the family the sheets measure their labels with (briefing.fonts)
FONT_PX = 64.0  # text is laid out in a font of this pixel size, then scaled to its height
MIN_TEXT_PX = 3.0  # text smaller than this on screen is skipped: it would be a grey smudge
SELECTION = "#ff9f0a"  # amber: the selection in both views
CAMERA = "#0a5bd6"


def to_scene(x: float, y: float) -> QPointF:
    """World metres (x east, y north) to scene coordinates (y down, like the screen)."""
    return QPointF(x, -y)


log = logging.getLogger(__name__)


def colour(hex_colour: str | None, opacity: float = 1.0) -> QColor:
    c = QColor(hex_colour or "#000000")
    c.setAlphaF(max(0.0, min(1.0, opacity)))
    return c


def make_pen(style: Style, *, cosmetic_px_per_mm: float | None = None) -> QPen:
    """A pen for *style*. Cosmetic (width in screen pixels, independent of the zoom) when a scale is
    given; otherwise the width is in the painter's units (display-list millimetres)."""
    if style.stroke is None:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(colour(style.stroke))
    if cosmetic_px_per_mm is not None:
        width = max(1.0, style.width * cosmetic_px_per_mm)
        pen.setCosmetic(True)
        unit = width / cosmetic_px_per_mm  # Qt dash lengths are multiples of the pen width
    else:
        width = style.width
        unit = style.width or 1.0
    pen.setWidthF(width)
    if style.dash:
        pen.setDashPattern([max(0.5, d / unit) for d in style.dash])
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin if style.round_joins else Qt.PenJoinStyle.MiterJoin)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def make_brush(style: Style) -> QBrush:
    if style.fill is None:
        return QBrush(Qt.BrushStyle.NoBrush)
    return QBrush(colour(style.fill, style.fill_opacity))


def rings_path(rings: Iterable[np.ndarray], *, closed: bool) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        pts = np.asarray(ring, dtype=float).reshape(-1, 2)
        if len(pts) < 2:
            continue
        if closed:
            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in pts]))
            path.closeSubpath()
        else:
            path.moveTo(pts[0, 0], pts[0, 1])
            for x, y in pts[1:]:
                path.lineTo(x, y)
    return path


# --- prepared display lists ------------------------------------------------------------------------
@dataclass(slots=True)
class PathOp:
    path: QPainterPath
    pen: QPen
    brush: QBrush


@dataclass(slots=True)
class TextOp:
    text: Text


Op = PathOp | TextOp


def prepare(items: Iterable, *, cosmetic_px_per_mm: float | None = None) -> list[Op]:
    """Display-list items as paint operations (paths built once, not at every repaint). Safe off the GUI
    thread: only QPainterPath, QPen and QBrush are made here, never a font."""
    ops: list[Op] = []
    for item in items:
        if isinstance(item, Group):
            ops += prepare(item.items, cosmetic_px_per_mm=cosmetic_px_per_mm)
        elif isinstance(item, Path):
            filled = item.closed and item.style.fill is not None
            ops.append(PathOp(rings_path(item.rings, closed=item.closed),
                              make_pen(item.style, cosmetic_px_per_mm=cosmetic_px_per_mm),
                              make_brush(item.style) if filled else QBrush(Qt.BrushStyle.NoBrush)))
        elif isinstance(item, Circle):
            path = QPainterPath()
            path.addEllipse(QPointF(*item.centre), item.radius, item.radius)
            ops.append(PathOp(path, make_pen(item.style, cosmetic_px_per_mm=cosmetic_px_per_mm),
                              make_brush(item.style)))
        elif isinstance(item, Text):
            ops.append(TextOp(item))
    return ops


def ops_bounds(ops: Sequence[Op]) -> QRectF:
    rect = QRectF()
    for op in ops:
        if isinstance(op, PathOp):
            rect = rect.united(op.path.controlPointRect())
        else:
            t = op.text
            h = t.size * PT
            rect = rect.united(QRectF(t.x - h * len(t.text), t.y - h, 2 * h * len(t.text), 2 * h))
    return rect


_fonts: dict[bool, QFont] = {}


def _font(bold: bool) -> QFont:
    font = _fonts.get(bold)
    if font is None:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(int(FONT_PX))
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # it is scaled afterwards
        _fonts[bold] = font
    return font


def paint_ops(painter: QPainter, ops: Sequence[Op]) -> None:
    for op in ops:
        if isinstance(op, PathOp):
            painter.setPen(op.pen)
            painter.setBrush(op.brush)
            painter.drawPath(op.path)
        else:
            paint_text(painter, op.text)


def paint_text(painter: QPainter, t: Text) -> None:
    """A display-list Text under whatever transform the painter has (its size is in points on paper)."""
    height_mm = t.size * PT
    m = painter.worldTransform()
    if height_mm * math.hypot(m.m12(), m.m22()) < MIN_TEXT_PX:
        return
    font = _font(t.bold)
    fm = QFontMetricsF(font)
    width = fm.horizontalAdvance(t.text)
    dx = {"start": 0.0, "middle": -width / 2, "end": -width}.get(t.anchor, 0.0)
    dy = 0.35 * FONT_PX if t.baseline == "middle" else 0.0  # as the SVG and PDF writers centre it
    painter.save()
    painter.translate(t.x, t.y)
    if t.rotation:
        painter.rotate(-t.rotation)
    k = height_mm / FONT_PX  # the font's em is FONT_PX pixels: scale it to the text's em in millimetres
    painter.scale(k, k)
    painter.setFont(font)
    painter.setPen(colour(t.colour))
    painter.drawText(QPointF(dx, dy), t.text)
    painter.restore()


# --- graphics items ----------------------------------------------------------------------------------
def safe_paint(paint):
    """Qt calls paint() from C++: an exception there must be reported, never raised into the event loop."""

    @functools.wraps(paint)
    def wrapper(self, painter, option, widget=None):
        try:
            paint(self, painter, option, widget)
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan drawing"))

    return wrapper


class DisplayListItem(QGraphicsItem):
    """Display-list operations drawn in the item's own coordinates (the caller sets the transform)."""

    def __init__(self, ops: list[Op], parent=None):
        super().__init__(parent)
        self.ops = ops
        self._rect = ops_bounds(ops).adjusted(-1, -1, 1, 1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # repaints blit, not re-run Python

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    @safe_paint
    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_ops(painter, self.ops)


class SymbolItem(QGraphicsItem):
    """A symbol or label group (display-list millimetres around `anchor`) drawn at a constant size on
    screen, placed on its world anchor. `meta` is the group's ({kind, number, cell, feature_id, ...})."""

    def __init__(self, group: Group, anchor: tuple[float, float], parent=None):
        super().__init__(parent)
        self.group = group
        self.meta = dict(group.meta)
        self.anchor = anchor
        self.ops = prepare(group.items)
        box = ops_bounds(self.ops)
        self._local = QRectF((box.left() - anchor[0]) * PX_PER_MM, (box.top() - anchor[1]) * PX_PER_MM,
                             box.width() * PX_PER_MM, box.height() * PX_PER_MM)
        self._rect = self._local.adjusted(-6, -6, 6, 6)
        self.highlighted = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the view does the picking
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        if group.title:
            self.setToolTip(group.title)

    @property
    def kind(self) -> str | None:
        return self.meta.get("kind")

    def hotspot(self) -> QPointF:
        """The symbol's centre in item (pixel) coordinates: an exit's badge, not the end of its leader."""
        circles = [i for i in self.group.items if isinstance(i, Circle)]
        if circles:
            c = max(circles, key=lambda i: i.radius).centre
            return QPointF((c[0] - self.anchor[0]) * PX_PER_MM, (c[1] - self.anchor[1]) * PX_PER_MM)
        return self._local.center()

    def texts(self) -> list[str]:
        return [op.text.text for op in self.ops if isinstance(op, TextOp)]

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        return self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._local.adjusted(-2, -2, 2, 2))
        return path

    @safe_paint
    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if self.highlighted:
            painter.setPen(QPen(colour(SELECTION), 3.0))
            painter.setBrush(QBrush(colour(SELECTION, 0.25)))
            painter.drawRoundedRect(self._local.adjusted(-4, -4, 4, 4), 6, 6)
        painter.save()
        painter.scale(PX_PER_MM, PX_PER_MM)
        painter.translate(-self.anchor[0], -self.anchor[1])
        paint_ops(painter, self.ops)
        painter.restore()


class SelectionItem(QGraphicsItem):
    """The selected element's outline in scene coordinates: amber, a cosmetic 3 px line and a light fill."""

    def __init__(self, path: QPainterPath, parent=None):
        super().__init__(parent)
        self.path = path
        self._rect = path.controlPointRect()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # repaints blit, not re-run Python

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        # A cosmetic pen reaches outside the path by a few pixels whatever the zoom: pad generously.
        pad = max(self._rect.width(), self._rect.height()) * 0.05 + 1.0
        return self._rect.adjusted(-pad, -pad, pad, pad)

    @safe_paint
    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colour(SELECTION), 3.0)
        pen.setCosmetic(True)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(QBrush(colour(SELECTION, 0.2)))
        painter.drawPath(self.path)


class CameraItem(QGraphicsItem):
    """Where the 3D camera stands: an eye disc with an arrow along its heading, constant size on screen
    (its view cone is drawn in world units by the plan view). `heading` is None when the camera looks
    straight down: a cross-hair instead of the arrow."""

    RADIUS = 7.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heading: float | None = None  # radians on screen, 0 = east, counter-clockwise = north of east
        self.half_fov = math.radians(30)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # repaints blit, not re-run Python
        self.setToolTip(tr("3D camera: where the 3D view is seen from, and where it looks"))

    def set_view(self, heading: float | None, half_fov: float) -> None:
        if heading != self.heading or half_fov != self.half_fov:
            self.heading, self.half_fov = heading, half_fov
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt API
        r = self.RADIUS + 14
        return QRectF(-r, -r, 2 * r, 2 * r)

    @safe_paint
    def paint(self, painter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        blue = colour(CAMERA)
        if self.heading is not None:
            a = -self.heading  # screen y is down
            tip = QPointF(math.cos(a) * (self.RADIUS + 9), math.sin(a) * (self.RADIUS + 9))
            side = QPointF(-math.sin(a) * 5, math.cos(a) * 5)
            base = QPointF(math.cos(a) * (self.RADIUS + 1), math.sin(a) * (self.RADIUS + 1))
            painter.setPen(QPen(QColor("white"), 1.2))
            painter.setBrush(blue)
            painter.drawPolygon(QPolygonF([tip, base + side, base - side]))
        painter.setPen(QPen(QColor("white"), 2.0))
        painter.setBrush(blue)
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
        painter.setPen(QPen(QColor("white"), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.heading is None:  # looking down: a cross-hair in the eye
            r = self.RADIUS - 2.5
            painter.drawLine(QPointF(-r, 0), QPointF(r, 0))
            painter.drawLine(QPointF(0, -r), QPointF(0, r))
        else:
            painter.drawEllipse(QPointF(0, 0), 2.4, 2.4)
