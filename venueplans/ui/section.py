"""Sections: a horizontal cut at a chosen height (default 1.2 m above the isolated storey's floor, where
plans are cut), a section box (drag its faces in the view) and x-ray."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QFormLayout, QLabel, QPushButton, QWidget

from venueplans.i18n import format_length, tr
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.ui.errors import guarded
from venueplans.ui.view_state import ViewState


class SectionPanel(QWidget):
    def __init__(self, state: ViewState, parent=None):
        super().__init__(parent)
        self.setObjectName("section_panel")
        self.state = state
        self._syncing = False
        self.cut = QCheckBox(tr("Horizontal cut (C)"))
        self.height = QDoubleSpinBox()
        self.height.setRange(-200.0, 500.0)
        self.height.setDecimals(2)
        self.height.setSingleStep(0.1)
        self.height.setSuffix(" m")
        self.reset = QPushButton(tr("Floor + {height}").format(height=format_length(PLAN_CUT_ABOVE_FLOOR, 2)))
        self.reset.setToolTip(tr("Cut at the usual plan height above the selected storey's floor"))
        self.stack = QCheckBox(tr("Plan stack (P)"))
        self.stack.setToolTip(tr("Every storey cut 1.2 m above its own floor and pulled apart: all floor plans at once"))
        self.box = QCheckBox(tr("Section box (B)"))
        self.xray = QCheckBox(tr("X-ray (X)"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.cut)
        form.addRow(tr("Cut height"), self.height)
        form.addRow("", self.reset)
        form.addRow(self.stack)
        form.addRow(self.box)
        form.addRow(self.xray)
        form.addRow(self.note)
        self.cut.toggled.connect(guarded(lambda on: self._do(self.state.set_section, on, self.height.value())))
        self.height.valueChanged.connect(guarded(lambda v: self._do(self.state.set_section, self.state.section, v)))
        self.reset.clicked.connect(guarded(lambda: self.state.set_section(True, self.state.default_section_height())))
        self.stack.toggled.connect(guarded(lambda on: self._do(self.state.set_plan_stack, on)))
        self.box.toggled.connect(guarded(lambda on: self._do(self.state.set_section_box, on)))
        self.xray.toggled.connect(guarded(lambda on: self._do(self.state.set_xray, on)))
        state.subscribe(lambda what: self._sync() if what in ("reset", "section", "section_box", "xray",
                                                              "storeys") else None)
        self._sync()

    def _do(self, fn, *args) -> None:
        if not self._syncing:
            fn(*args)

    def _sync(self) -> None:
        self._syncing = True
        try:
            st = self.state
            self.cut.setChecked(st.section)
            self.height.setValue(st.section_height)
            self.height.setEnabled(not st.section_each_floor)
            self.stack.setChecked(st.section_each_floor)
            self.box.setChecked(st.section_box)
            self.xray.setChecked(st.xray)
            storey = st.focus_storey()
            self.note.setText(tr("Floor of {name}: {elevation}").format(
                name=storey.name, elevation=format_length(storey.elevation, 2, exact=True, signed=True)) if storey else "")
        finally:
            self._syncing = False
