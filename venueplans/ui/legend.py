"""The legend: always visible above the 3D view. Exits green, entrances/access blue, stairs orange, lifts brown.

Each entry shows the kind's plan symbol (`ui.feature_icons`), the one the 2D plans and the dossier draw.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from venueplans.i18n import N_, tr
from venueplans.model import FEATURE_KINDS
from venueplans.ui.feature_icons import symbol_pixmap
from venueplans.ui.fit import FlowLayout

LEGEND = (
    ("exit", N_("Emergency exit  #")),
    ("entrance", N_("Entrance / access  ME, A#, G#")),
    ("stair", N_("Stair  S")),
    ("lift", N_("Lift  L")),
)


class LegendBar(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("legend")
        layout = FlowLayout(self, spacing=18)  # a second line on a narrow window, never a wider window
        layout.setContentsMargins(8, 4, 8, 4)
        self.entries: dict[str, QLabel] = {}
        for key, text in LEGEND:
            icon = QLabel()
            icon.setPixmap(symbol_pixmap(key, 18))  # the plans' own symbol for the kind
            layout.addWidget(icon)
            label = QLabel(f"<b>{tr(text)}</b>")
            label.setToolTip(FEATURE_KINDS[key].title)
            self.entries[key] = label
            layout.addWidget(label)
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.setStyleSheet("#legend { background: #ffffff; border-bottom: 1px solid #c8ced6; }")

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts.setText(
            tr("<b style=\"color:{colour}\">{exits} exits</b> · {access} access points · {stairs} stairs · {lifts} lifts").format(
                colour=FEATURE_KINDS["exit"].colour, exits=counts.get("exits", 0),
                access=counts.get("access_points", 0), stairs=counts.get("stairs", 0), lifts=counts.get("lifts", 0))
        )
