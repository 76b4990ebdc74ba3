"""Category toggles: walls, slabs, roofs, doors, windows, stairs, spaces, furniture/seats, other."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded
from venueplans.ui.view_state import CATEGORY_LABELS, ViewState


class CategoriesPanel(QWidget):
    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.setObjectName("categories_panel")
        self.state = state
        self._syncing = False
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for category in state.categories:
            box = QCheckBox(tr(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category.title())
            box.setObjectName(f"category_{category}")
            box.toggled.connect(guarded(lambda on, c=category: self._toggled(c, on), context=N_("categories")))
            self.boxes[category] = box
            layout.addWidget(box)
        buttons = QHBoxLayout()
        shell = QPushButton(tr("Shell only"))
        shell.setToolTip(tr("Walls, slabs and roofs: the building's shape"))
        shell.clicked.connect(guarded(lambda: self._only({"wall", "slab", "roof", "door", "stair"})))
        everything = QPushButton(tr("All"))
        everything.clicked.connect(guarded(lambda: self._only(set(state.categories))))
        buttons.addWidget(shell)
        buttons.addWidget(everything)
        layout.addLayout(buttons)
        layout.addStretch(1)
        state.subscribe(lambda what: self._sync() if what in ("reset", "categories") else None)
        self._sync()

    def _toggled(self, category: str, on: bool) -> None:
        if not self._syncing:
            self.state.set_category(category, on)

    def _only(self, shown: set[str]) -> None:
        self.state.show_only_categories(shown)

    def _sync(self) -> None:
        self._syncing = True
        try:
            for c, box in self.boxes.items():
                box.setChecked(self.state.categories.get(c, True))
        finally:
            self._syncing = False
