"""The legend: always visible above the 3D view. Exits green, entrances/access blue, stairs orange, lifts brown.

Colours come from `model.features.FEATURE_KINDS`, the same table the 2D plans and briefings use.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from venueplans.i18n import N_, tr
from venueplans.model import FEATURE_KINDS

LEGEND = (
    ("exit", N_("Emergency exit  E#")),
    ("entrance", N_("Entrance / access  ME, A#, G#")),
    ("stair", N_("Stair  S")),
    ("lift", N_("Lift  L")),
)


class LegendBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("legend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(18)
        self.entries: dict[str, QLabel] = {}
        for key, text in LEGEND:
            colour = FEATURE_KINDS[key].colour
            label = QLabel(
                f'<span style="background:{colour}; color:{colour};">&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;<b>{tr(text)}</b>'
            )
            label.setToolTip(tr(FEATURE_KINDS[key].label))
            self.entries[key] = label
            layout.addWidget(label)
        layout.addStretch(1)
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.setStyleSheet("#legend { background: #ffffff; border-bottom: 1px solid #c8ced6; }")

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts.setText(
            tr("<b style=\"color:{colour}\">{exits} exits</b> · {access} access points · {stairs} stairs · {lifts} lifts").format(
                colour=FEATURE_KINDS["exit"].colour, exits=counts.get("exits", 0),
                access=counts.get("access_points", 0), stairs=counts.get("stairs", 0), lifts=counts.get("lifts", 0))
        )
