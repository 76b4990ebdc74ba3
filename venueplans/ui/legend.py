"""The legend: always visible above the 3D view. Exits green, entrances/access blue, stairs orange, lifts brown.

Colours come from `model.features.FEATURE_KINDS`, the same table the 2D plans and briefings use.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from venueplans.model import FEATURE_KINDS
from venueplans.ui.fit import FlowLayout

LEGEND = (
    ("exit", "Emergency exit  E#"),
    ("entrance", "Entrance / access  ME, A#, G#"),
    ("stair", "Stair  S"),
    ("lift", "Lift  L"),
)


class LegendBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("legend")
        layout = FlowLayout(self, spacing=18)  # a second line on a narrow window, never a wider window
        layout.setContentsMargins(8, 4, 8, 4)
        self.entries: dict[str, QLabel] = {}
        for key, text in LEGEND:
            colour = FEATURE_KINDS[key].colour
            label = QLabel(
                f'<span style="background:{colour}; color:{colour};">&nbsp;&nbsp;&nbsp;&nbsp;</span>'
                f'&nbsp;<b>{text}</b>'
            )
            label.setToolTip(FEATURE_KINDS[key].label)
            self.entries[key] = label
            layout.addWidget(label)
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.setStyleSheet("#legend { background: #ffffff; border-bottom: 1px solid #c8ced6; }")

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts.setText(
            f'<b style="color:{FEATURE_KINDS["exit"].colour}">{counts.get("exits", 0)} exits</b> · '
            f'{counts.get("access_points", 0)} access points · {counts.get("stairs", 0)} stairs · '
            f'{counts.get("lifts", 0)} lifts'
        )
