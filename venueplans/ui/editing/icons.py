"""How editors show features: a kind's map code in its colour as an icon (the legend's look, in lists and
menus), the feature's title ("Emergency exit 3 — Exit east") and its review status."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from venueplans.i18n import N_, tr
from venueplans.model import FEATURE_KINDS, Feature

GROUP_TITLES = {"exit": N_("Exits"), "access": N_("Access"), "circulation": N_("Circulation"), "safety": N_("Safety"),
                "utility": N_("Utilities")}


@lru_cache(maxsize=64)
def kind_icon(key: str, px: int = 20) -> QIcon:
    kind = FEATURE_KINDS.get(key)
    colour = QColor(kind.colour if kind else "#444444")
    code = kind.code if kind else key[:2].upper()
    pix = QPixmap(px * 2, px * 2)  # drawn at 2x: crisp on high-dpi screens
    pix.setDevicePixelRatio(2.0)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor("#1f2a36"))
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(0.5, 0.5, px - 1, px - 1), 3, 3)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(7, int(px * (0.55 if len(code) < 3 else 0.4))))
    p.setFont(font)
    dark_text = colour.lightness() > 170  # yellow hazard: black text
    p.setPen(QColor("#000000" if dark_text else "#ffffff"))
    p.drawText(QRectF(0, 0, px, px), Qt.AlignmentFlag.AlignCenter, code)
    p.end()
    return QIcon(pix)


def kinds_by_group() -> list[tuple[str, list[str]]]:
    """[(group title, [kind keys])] in the legend's order: exits and access first."""
    groups: dict[str, list[str]] = {}
    for key, kind in FEATURE_KINDS.items():
        groups.setdefault(kind.group, []).append(key)
    return [(tr(GROUP_TITLES[g]) if g in GROUP_TITLES else g.title(), keys) for g, keys in groups.items()]


def status_text(f: Feature) -> str:
    if f.verified is None:
        return tr("to review")
    if f.verified:
        return tr("confirmed")
    return tr("rejected: {reason}").format(reason=f.verify_reason) if f.verify_reason else tr("rejected")


def feature_title(f: Feature) -> str:
    kind = FEATURE_KINDS.get(f.kind)
    name = tr(kind.label) if kind else f.kind
    number = f" {f.number}" if f.number is not None else ""
    default_labels = {f"{name}{number}", f"{kind.label if kind else f.kind}{number}"}  # given at creation, in English
    label = f" — {f.label}" if f.label and f.label not in default_labels else ""
    return f"{name}{number}{label}"
