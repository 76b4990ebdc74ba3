"""Storeys panel: pick the storey to work on, isolate or ghost it, add the one above/below, explode.

Highest storey at the top, like a lift panel. Built from a `ViewState`, and follows it when another
control (PageUp/PageDown, a test) changes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from venueplans.i18n import N_, format_length, tr
from venueplans.ui.errors import guarded
from venueplans.ui.view_state import ViewState

EXPLODE_MAX_M = 20


class StoreysPanel(QWidget):
    focus_changed = Signal(int)

    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.setObjectName("storeys_panel")
        self.state = state
        self._syncing = False

        self.list = QListWidget()
        self.list.setObjectName("storey_list")
        self.list.setMinimumHeight(90)
        self.list.currentItemChanged.connect(self._list_changed)

        self.all_button = QPushButton(tr("All"))
        self.isolate_button = QPushButton(tr("Isolate"))
        self.ghost_button = QPushButton(tr("Ghost others"))
        group = QButtonGroup(self)
        for b, tip in ((self.all_button, tr("Show every storey (Home)")),
                       (self.isolate_button, tr("Only the selected storey (I)")),
                       (self.ghost_button, tr("Selected storey solid, the others translucent (G)"))):
            b.setCheckable(True)
            b.setToolTip(tip)
            group.addButton(b)
        group.setExclusive(True)
        self.all_button.clicked.connect(guarded(lambda: self.state.show_all()))
        self.isolate_button.clicked.connect(guarded(lambda: self._focus_mode("isolate")))
        self.ghost_button.clicked.connect(guarded(lambda: self._focus_mode("ghost")))

        self.above = QCheckBox(tr("+ storey above"))
        self.below = QCheckBox(tr("+ storey below"))
        self.above.toggled.connect(guarded(lambda on: self._sync_guard(self.state.set_neighbours, above=on)))
        self.below.toggled.connect(guarded(lambda on: self._sync_guard(self.state.set_neighbours, below=on)))

        self.up_button = QPushButton(tr("▲ Up"))
        self.up_button.setToolTip(tr("Next storey up (PageUp)"))
        self.down_button = QPushButton(tr("▼ Down"))
        self.down_button.setToolTip(tr("Next storey down (PageDown)"))
        self.up_button.clicked.connect(guarded(lambda: self.state.step(+1)))
        self.down_button.clicked.connect(guarded(lambda: self.state.step(-1)))

        self.explode = QSlider(Qt.Orientation.Horizontal)
        self.explode.setRange(0, EXPLODE_MAX_M)
        self.explode.setToolTip(tr("Pull storeys apart vertically (metres)"))
        self.explode_label = QLabel(tr("Explode: {height}").format(height=format_length(0)))
        self.explode.valueChanged.connect(guarded(self._explode_changed))

        modes = QHBoxLayout()
        for b in (self.all_button, self.isolate_button, self.ghost_button):
            modes.addWidget(b)
        grid = QGridLayout()
        grid.addWidget(self.up_button, 0, 0)
        grid.addWidget(self.down_button, 0, 1)
        grid.addWidget(self.above, 1, 0)
        grid.addWidget(self.below, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(modes)
        layout.addLayout(grid)
        layout.addWidget(self.explode_label)
        layout.addWidget(self.explode)
        state.subscribe(self._state_changed)
        self._rebuild()

    # --- model -> widgets ----------------------------------------------------------------------------
    def _state_changed(self, what: str) -> None:
        if what == "reset":
            self._rebuild()
        elif what in ("storeys", "explode"):
            self._sync()

    def _rebuild(self) -> None:
        self._syncing = True
        try:
            self.list.clear()
            for s in reversed(self.state.storeys):
                item = QListWidgetItem(f"{s.name}    {format_length(s.elevation, 2, exact=True, signed=True)}"
                                       + (tr("  (inferred)") if s.inferred else ""))
                item.setData(Qt.ItemDataRole.UserRole, s.index)
                self.list.addItem(item)
        finally:
            self._syncing = False
        self._sync()

    def _sync(self) -> None:
        self._syncing = True
        try:
            st = self.state
            for row in range(self.list.count()):
                item = self.list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) == st.focus:
                    self.list.setCurrentItem(item)
                    break
            else:
                self.list.setCurrentItem(None)
            {"all": self.all_button, "isolate": self.isolate_button, "ghost": self.ghost_button}[st.mode].setChecked(True)
            self.above.setChecked(st.with_above)
            self.below.setChecked(st.with_below)
            focused = st.mode != "all"
            self.above.setEnabled(focused)
            self.below.setEnabled(focused)
            self.explode.setValue(int(round(st.explode)))
            self.explode_label.setText(tr("Explode: {height}").format(height=format_length(st.explode, 0)))
        finally:
            self._syncing = False

    # --- widgets -> model ----------------------------------------------------------------------------
    def _sync_guard(self, fn, **kwargs) -> None:
        if not self._syncing:
            fn(**kwargs)

    @guarded(context=N_("storeys"))
    def _list_changed(self, current, _previous=None) -> None:
        if self._syncing or current is None:
            return
        index = current.data(Qt.ItemDataRole.UserRole)
        mode = self.state.mode if self.state.mode != "all" else "isolate"
        (self.state.ghost if mode == "ghost" else self.state.isolate)(index)
        self.focus_changed.emit(index)

    def _focus_mode(self, mode: str) -> None:
        storey = self.state.focus_storey()
        if storey is None:
            return
        index = storey.index
        (self.state.ghost if mode == "ghost" else self.state.isolate)(index)

    def _explode_changed(self, value: int) -> None:
        if not self._syncing:
            self.state.set_explode(value)
            self.explode_label.setText(tr("Explode: {height}").format(height=format_length(value, 0)))
