"""One row of the scenario dock's "Shown" list: what an annotation placed at a phase looks like there.

Kept apart from the dock so a changed annotation repaints its own row (`paint_row`) without the list
being rebuilt: the selection, the scroll position and every other row stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidgetItem

from venueplans.i18n import tr
from venueplans.model.scenario import AREA_KINDS, TACTICAL_SYMBOLS, PlacedAnnotation
from venueplans.ui.scenario_tools import shape_icon, symbol_icon


def several_storeys(items: list[PlacedAnnotation]) -> bool:
    """Whether the rows name their storey (only when the phase spans more than one)."""
    return len({pt[3] for p in items for pt in p.annotation.points}) > 1


def paint_row(item: QListWidgetItem, placed: PlacedAnnotation, here: str | None, several: bool) -> QListWidgetItem:
    """Set *item*'s icon, text, font and tooltip for *placed* (*here*: the phase shown)."""
    a = placed.annotation
    if a.type == "marker":
        icon = symbol_icon(a.symbol) if a.symbol in TACTICAL_SYMBOLS else shape_icon("text", "#000000")
        what = tr(TACTICAL_SYMBOLS[a.symbol].label) if a.symbol in TACTICAL_SYMBOLS else a.symbol
    elif a.type == "area":
        kind = AREA_KINDS.get(a.symbol, AREA_KINDS["area"])
        icon, what = shape_icon("area", a.display_colour), tr(kind.label)
    else:
        icon, what = shape_icon(a.type, a.display_colour), {"route": tr("Route"), "text": tr("Note")}[a.type]
    text = f"{a.label or what}" + (f"  ·  {what}" if a.label and a.type != "text" else "")
    tags = [t for t in (a.team, placed.storey_name if several else "",
                        tr("moved") if placed.moved else "", tr("every phase") if not placed.phase else "") if t]
    item.setIcon(icon)
    item.setText(text + (f"   ({', '.join(tags)})" if tags else ""))
    item.setData(Qt.ItemDataRole.UserRole, a.id)
    font = QFont()
    font.setBold(bool(placed.phase and placed.phase == here))  # new or moved in this phase
    item.setFont(font)
    item.setToolTip(tr("{type} {ref} · placed in {value}").format(type=a.type, ref=a.ref,
                                                                   value=placed.phase or tr('every phase')))
    return item
