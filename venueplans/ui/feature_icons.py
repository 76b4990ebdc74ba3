"""A feature kind's icon: the very symbol the printed plans and the 2D plan view draw
(`briefing.symbols.feature_symbol`), painted from its display list, for menus, lists and legends."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

from venueplans.briefing.symbols import feature_symbol
from venueplans.ui.plan_painter import paint_ops, prepare


def symbol_pixmap(key: str, px: int = 20, number: int | None = None) -> QPixmap:
    """The kind's plan symbol fitted into a *px* square (drawn at 2x for high-dpi screens)."""
    make, hw, hh = feature_symbol(key, number)
    items = make(0.0, 0.0)
    pix = QPixmap(px * 2, px * 2)
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    span = 2 * max(hw, hh) + 0.6  # millimetres of symbol (with its white rim)
    painter.translate(px / 2, px / 2)
    painter.scale(px / span, px / span)
    paint_ops(painter, prepare(items))
    painter.end()
    return pix


@lru_cache(maxsize=128)
def symbol_icon(key: str, px: int = 20) -> QIcon:
    return QIcon(symbol_pixmap(key, px))
