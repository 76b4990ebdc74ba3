"""The plan's map widget: a QGraphicsView whose scene coordinates are world metres with y down.

Wheel zoom about the cursor, drag pan, click / Ctrl+click / double-click reported as world points (with
the `SymbolItem` under the cursor, if any), hover reported for the grid rulers; grid rulers, scale bar
and north arrow drawn on top in viewport pixels. The items it shows are drawn by `plan_painter`. Nothing
here knows about venues, catalogues or the 3D view (that is `plan_view`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from venueplans.briefing.transform import nice_length
from venueplans.geometry.grid import ReferenceGrid
from venueplans.i18n import N_, format_length
from venueplans.ui.errors import report
from venueplans.ui.plan_painter import CAMERA, SymbolItem, colour, to_scene

CLICK_PX = 4  # a press and release closer than this is a click, not a pan
RULER_TOP, RULER_LEFT = 18, 26  # pixels of the grid rulers along the top and left edges


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
