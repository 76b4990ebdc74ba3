"""The plan on screen: QPainter for the briefing display list, graphics items and the map canvas.

The plan view paints what the printed sheets print (`venueplans.briefing.drawing`): Path rings in paper
millimetres (y down, even-odd fill), Circle, Text and Group. Two ways of putting them on screen:

- the building (floor, rooms, seating, walls, doors, stairs, grid lines) scales with the zoom like a CAD
  drawing; its lines are cosmetic pens, so a wall outline stays one crisp pixel at any zoom;
- the symbols and labels (exits, access points, room numbers) keep their size on screen, like map
  symbols in QGIS: each is a `SymbolItem` that ignores the view transform and sits on its world anchor.

`PX_PER_MM` fixes how big a display-list millimetre looks on screen. `PlanCanvas` is the map: scene
coordinates are world metres with y down, wheel zoom about the cursor, drag pan, grid rulers, scale bar
and north arrow. Nothing here knows about venues, catalogues or the 3D view (that is `plan_view`).
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from venueplans.briefing.drawing import PT, Circle, Group, Path, Style, Text
from venueplans.briefing.transform import nice_length
from venueplans.geometry.grid import ReferenceGrid
from venueplans.i18n import N_, format_length, tr
from venueplans.ui.errors import report

PX_PER_MM = 4.0  # screen pixels per display-list millimetre: an exit badge is ~27 px across
FONT_FAMILY = "DejaVu Sans"  # the family the sheets measure their labels with (briefing.fonts)
FONT_PX = 64.0  # text is laid out in a font of this pixel size, then scaled to its height
MIN_TEXT_PX = 3.0  # text smaller than this on screen is skipped: it would be a grey smudge
SELECTION = "#ff9f0a"  # amber: the selection in both views
CAMERA = "#0a5bd6"
CLICK_PX = 4  # a press and release closer than this is a click, not a pan
RULER_TOP, RULER_LEFT = 18, 26  # pixels of the grid rulers along the top and left edges


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


# --- the canvas ---------------------------------------------------------------------------------------
class PlanCanvas(QGraphicsView):
    """A map-like view of scene coordinates = world metres (y down): wheel zoom about the cursor, drag
    pan, click and Ctrl+click/double-click; grid rulers, scale bar and north arrow drawn on top."""

    clicked = Signal(float, float, object)  # world x, y, the SymbolItem under the cursor (or None)
    look_requested = Signal(float, float)  # world x, y
    hovered = Signal(object)  # (x, y) world, or None when the mouse leaves
    zoomed = Signal()
    user_moved = Signal()  # the user zoomed or panned (stop fitting on resize)

    MIN_PX_PER_M, MAX_PX_PER_M = 0.05, 400.0

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("plan_canvas")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Rulers live in viewport coordinates: repaint whole frames rather than scroll stale pixels.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setBackgroundBrush(QBrush(QColor("#f4f5f7")))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.grid: ReferenceGrid | None = None
        self.hover_cell: tuple[int, int] | None = None
        self._overlay: QPixmap | None = None
        self._overlay_key: tuple | None = None
        self._press = None  # (position, button, modifiers)
        self._last = QPointF()
        self._panning = False

    # --- coordinates ----------------------------------------------------------------------------------
    def px_per_metre(self) -> float:
        return abs(self.transform().m11()) or 1.0

    def world_at(self, pos: QPointF) -> tuple[float, float]:
        p = self.mapToScene(pos.toPoint())
        return (p.x(), -p.y())

    def widget_point(self, x: float, y: float) -> QPointF:
        """Viewport position of world point (x, y) (tests click there)."""
        return QPointF(self.mapFromScene(to_scene(x, y)))

    def symbol_point(self, item: SymbolItem) -> QPointF:
        """Viewport position of a symbol's centre (symbols keep their size on screen, so map by device)."""
        return item.deviceTransform(self.viewportTransform()).map(item.hotspot())

    def visible_world(self) -> tuple[float, float, float, float]:
        r = self.mapToScene(self.viewport().rect()).boundingRect()
        return (r.left(), -r.bottom(), r.right(), -r.top())

    def fit_world(self, west: float, south: float, east: float, north: float) -> None:
        vw, vh = self.viewport().width(), self.viewport().height()
        if vw < 40 or vh < 40:
            return
        pad = 12
        s = min((vw - RULER_LEFT - 2 * pad) / max(east - west, 1e-3), (vh - RULER_TOP - 2 * pad) / max(north - south, 1e-3))
        s = max(self.MIN_PX_PER_M, min(self.MAX_PX_PER_M, s))
        self.setTransform(QTransform.fromScale(s, s))
        # centre the venue in the part of the viewport the rulers leave free
        cx, cy = (west + east) / 2, (south + north) / 2
        self.centerOn(QPointF(cx - RULER_LEFT / 2 / s, -cy - RULER_TOP / 2 / s))

    def zoom_by(self, factor: float) -> None:
        s = self.px_per_metre()
        factor = max(self.MIN_PX_PER_M / s, min(self.MAX_PX_PER_M / s, factor))
        if abs(factor - 1.0) > 1e-6:
            self.scale(factor, factor)
            self.zoomed.emit()

    # --- events ---------------------------------------------------------------------------------------------
    def wheelEvent(self, event):  # noqa: N802 - Qt API
        try:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.25 ** steps)
                self.user_moved.emit()
            event.accept()
        except Exception as exc:  # noqa: BLE001 - never raise into Qt
            report(exc, N_("plan zoom"))

    def mousePressEvent(self, event):  # noqa: N802 - Qt API
        try:
            if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
                self._press = (event.position(), event.button(), event.modifiers())
                self._last = event.position()
                self._panning = False
                event.accept()
                return
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan"))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):  # noqa: N802 - Qt API
        try:
            pos = event.position()
            if self._press is not None:
                if not self._panning and (pos - self._press[0]).manhattanLength() > CLICK_PX:
                    self._panning = True
                    self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                if self._panning:
                    d = pos - self._last
                    self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(d.x()))
                    self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(d.y()))
                    self._last = pos
                    self.user_moved.emit()
            self._hover(pos)
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan"))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 - Qt API
        try:
            press, self._press = self._press, None
            panned, self._panning = self._panning, False
            self.viewport().unsetCursor()
            if press is None or panned or event.button() != Qt.MouseButton.LeftButton:
                return
            x, y = self.world_at(event.position())
            if press[2] & Qt.KeyboardModifier.ControlModifier:
                self.look_requested.emit(x, y)
            else:
                self.clicked.emit(x, y, self.symbol_at(event.position()))
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan click"))

    def mouseDoubleClickEvent(self, event):  # noqa: N802 - Qt API
        try:
            if event.button() == Qt.MouseButton.LeftButton:
                self.look_requested.emit(*self.world_at(event.position()))
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan"))

    def leaveEvent(self, event):  # noqa: N802 - Qt API
        self.hover_cell = None
        self.hovered.emit(None)
        self.viewport().update()
        super().leaveEvent(event)

    def _hover(self, pos: QPointF) -> None:
        x, y = self.world_at(pos)
        if self.grid is not None:
            cell = (self.grid.column_of(x), self.grid.row_of(y))
            if cell != self.hover_cell:
                self.hover_cell = cell
                self.viewport().update()
        self.hovered.emit((x, y))

    def symbol_at(self, pos: QPointF) -> SymbolItem | None:
        """The feature symbol under a viewport position (exits first), else None."""
        found = [i for i in self.items(pos.toPoint()) if isinstance(i, SymbolItem) and i.meta.get("feature_id")]
        if not found:
            return None
        return min(found, key=lambda i: (i.kind != "exit", -i.zValue()))

    # --- overlays in viewport coordinates ---------------------------------------------------------------------
    def drawForeground(self, painter, rect):  # noqa: N802 - Qt API
        """Rulers, scale bar and north arrow, in viewport pixels. Drawn into a pixmap kept until the view
        moves or the hovered cell changes: a camera-marker update then costs one blit."""
        try:
            ratio = self.viewport().devicePixelRatioF()
            t = self.transform()
            key = (t.m11(), t.m22(), self.horizontalScrollBar().value(), self.verticalScrollBar().value(),
                   self.viewport().size().toTuple(), ratio, self.hover_cell, self.grid)
            if key != self._overlay_key:
                self._overlay = self._paint_overlay(ratio)
                self._overlay_key = key
            painter.save()
            painter.resetTransform()
            painter.drawPixmap(0, 0, self._overlay)
        except Exception as exc:  # noqa: BLE001
            report(exc, N_("plan overlay"))
        finally:
            painter.restore()

    def _paint_overlay(self, ratio: float) -> QPixmap:
        size = self.viewport().size()
        pixmap = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            if self.grid is not None:
                self._draw_rulers(painter, self.grid)
            self._draw_scale_bar(painter)
            self._draw_north(painter)
        finally:
            painter.end()
        return pixmap

    def _draw_rulers(self, painter: QPainter, g: ReferenceGrid) -> None:
        vw, vh = self.viewport().width(), self.viewport().height()
        band = QColor(255, 255, 255, 225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(band)
        painter.drawRect(QRectF(0, 0, vw, RULER_TOP))
        painter.drawRect(QRectF(0, RULER_TOP, RULER_LEFT, vh - RULER_TOP))
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        cell_px = g.cell * self.px_per_metre()
        step = max(1, math.ceil(16 / max(cell_px, 1e-6)))  # label every n-th cell when they are narrow
        hover_col, hover_row = self.hover_cell or (-1, -1)
        ink, hover_fill = QColor("#33404f"), QColor(CAMERA)
        for i in range(g.columns):
            a = self.mapFromScene(QPointF(g.x0 + i * g.cell, 0)).x()
            b = self.mapFromScene(QPointF(g.x0 + (i + 1) * g.cell, 0)).x()
            if b < RULER_LEFT or a > vw:
                continue
            box = QRectF(a, 0, b - a, RULER_TOP)
            if i == hover_col:
                painter.fillRect(box, colour(CAMERA, 0.18))
            if i % step == 0 or i == hover_col:
                painter.setPen(hover_fill if i == hover_col else ink)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, g.column_label(i))
            painter.setPen(QPen(QColor("#c3c9d1"), 1))
            painter.drawLine(QPointF(a, RULER_TOP - 5), QPointF(a, RULER_TOP))
        for j in range(g.rows):
            a = self.mapFromScene(QPointF(0, -(g.y0 - j * g.cell))).y()
            b = self.mapFromScene(QPointF(0, -(g.y0 - (j + 1) * g.cell))).y()
            if b < RULER_TOP or a > vh:
                continue
            box = QRectF(0, a, RULER_LEFT, b - a)
            if j == hover_row:
                painter.fillRect(box, colour(CAMERA, 0.18))
            if j % step == 0 or j == hover_row:
                painter.setPen(hover_fill if j == hover_row else ink)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, g.row_label(j))
            painter.setPen(QPen(QColor("#c3c9d1"), 1))
            painter.drawLine(QPointF(RULER_LEFT - 5, a), QPointF(RULER_LEFT, a))
        painter.setPen(QPen(QColor("#c3c9d1"), 1))
        painter.drawLine(QPointF(0, RULER_TOP), QPointF(vw, RULER_TOP))
        painter.drawLine(QPointF(RULER_LEFT, RULER_TOP), QPointF(RULER_LEFT, vh))

    def _draw_scale_bar(self, painter: QPainter) -> None:
        s = self.px_per_metre()
        length = nice_length(110 / s)
        w = length * s
        x, y = RULER_LEFT + 12, self.viewport().height() - 16
        painter.setPen(QPen(QColor("#1a1a1a"), 1))
        for k in range(4):
            painter.setBrush(QColor("#1a1a1a") if k % 2 == 0 else QColor("white"))
            painter.drawRect(QRectF(x + k * w / 4, y, w / 4, 5))
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.drawText(QPointF(x + w + 6, y + 6), format_length(length, 2))

    def _draw_north(self, painter: QPainter) -> None:
        x, y = self.viewport().width() - 22, RULER_TOP + 30
        painter.setPen(QPen(QColor("#1a1a1a"), 1))
        painter.setBrush(QColor("#1a1a1a"))
        painter.drawPolygon(QPolygonF([QPointF(x, y - 14), QPointF(x - 6, y + 6), QPointF(x, y + 2)]))
        painter.setBrush(QColor("white"))
        painter.drawPolygon(QPolygonF([QPointF(x, y - 14), QPointF(x + 6, y + 6), QPointF(x, y + 2)]))
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(x - 10, y - 30, 20, 14), Qt.AlignmentFlag.AlignCenter, "N")
