"""The selected feature's editable fields: kind, number, width, label, where it leads, notes.

Apply (or Enter in a text field) emits the fields that differ from the stored feature, which the panel
sends as one `edit_feature` op: one undo step, one audit row with before/after.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from venueplans.i18n import N_, tr
from venueplans.model import FEATURE_KINDS, Feature
from venueplans.ui.editing.icons import kind_icon, kinds_by_group, status_text
from venueplans.ui.errors import guarded


class FeatureForm(QGroupBox):
    """Label, kind, number, width, where it leads, notes of the selected feature; Apply = one undo step."""

    apply_requested = Signal(int, dict)  # feature id, changed fields

    def __init__(self, parent=None):
        super().__init__(tr("Selected feature"), parent)
        self.feature: Feature | None = None
        self.kind = QComboBox()
        for _group, keys in kinds_by_group():
            for key in keys:
                self.kind.addItem(kind_icon(key), tr(FEATURE_KINDS[key].label), key)
            self.kind.insertSeparator(self.kind.count())
        self.number = QSpinBox()
        self.number.setRange(0, 9999)
        self.number.setSpecialValueText("—")
        self.number.setToolTip(tr("Exits, access points, gates and vomitories are numbered; a number in use is swapped"))
        self.label = QLineEdit()
        self.width_m = QDoubleSpinBox()
        self.width_m.setRange(0.0, 50.0)
        self.width_m.setDecimals(2)
        self.width_m.setSingleStep(0.1)
        self.width_m.setSuffix(" m")
        self.width_m.setSpecialValueText(tr("unknown"))
        self.leads_to = QLineEdit()
        self.leads_to.setPlaceholderText(tr("outside, Rue X, stair B…"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        self.notes.setPlaceholderText(tr("Key with the caretaker; opens inwards…"))
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color:#555")
        self.apply_button = QPushButton(tr("Apply"))
        self.apply_button.setDefault(True)
        self.revert_button = QPushButton(tr("Revert"))
        self.apply_button.clicked.connect(guarded(self._apply, context=N_("edit feature")))
        self.revert_button.clicked.connect(lambda: self.set_feature(self.feature))
        self.label.returnPressed.connect(guarded(self._apply, context=N_("edit feature")))
        self.leads_to.returnPressed.connect(guarded(self._apply, context=N_("edit feature")))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.kind.currentIndexChanged, self.number.valueChanged, self.label.textChanged,
                       self.width_m.valueChanged, self.leads_to.textChanged, self.notes.textChanged):
            signal.connect(self._update_buttons)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Kind"), self.kind)
        number_row = QHBoxLayout()
        number_row.addWidget(self.number)
        number_row.addWidget(QLabel(tr("Width")))
        number_row.addWidget(self.width_m)
        form.addRow(tr("Number"), number_row)
        form.addRow(tr("Label"), self.label)
        form.addRow(tr("Leads to"), self.leads_to)
        form.addRow(tr("Notes"), self.notes)
        form.addRow(tr("Evidence"), self.source)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.set_feature(None)

    def set_feature(self, f: Feature | None) -> None:
        self.feature = f
        widgets = (self.kind, self.number, self.label, self.width_m, self.leads_to, self.notes)
        for w in widgets:
            w.blockSignals(True)
        try:
            if f is None:
                self.kind.setCurrentIndex(-1)
                self.number.setValue(0)
                self.label.clear()
                self.width_m.setValue(0.0)
                self.leads_to.clear()
                self.notes.clear()
                self.source.clear()
            else:
                self.kind.setCurrentIndex(self.kind.findData(f.kind))
                self.number.setValue(f.number or 0)
                self.label.setText(f.label or "")
                self.width_m.setValue(f.width or 0.0)
                self.leads_to.setText(f.leads_to or "")
                self.notes.setPlainText(f.notes or "")
                self.source.setText(f"{f.source} · {status_text(f)}")
        finally:
            for w in widgets:
                w.blockSignals(False)
        for w in widgets:
            w.setEnabled(f is not None)
        self._kind_changed()
        self._update_buttons()

    def changes(self) -> dict:
        """The fields that differ from the feature (edit_feature keywords)."""
        f = self.feature
        if f is None:
            return {}
        kind = self.kind.currentData() or f.kind
        numbered = FEATURE_KINDS[kind].numbered if kind in FEATURE_KINDS else False
        new = {
            "kind": kind,
            "label": self.label.text().strip(),
            "number": (self.number.value() or None) if numbered else f.number,
            "width": self.width_m.value() or None,
            "leads_to": self.leads_to.text().strip(),
            "notes": self.notes.toPlainText(),
        }
        old = {"kind": f.kind, "label": f.label or "", "number": f.number,
               "width": None if f.width is None else round(f.width, 2), "leads_to": f.leads_to or "",
               "notes": f.notes or ""}
        changed = {k: v for k, v in new.items() if v != old[k]}
        if "kind" in changed and "number" in changed and changed["number"] is None:
            del changed["number"]  # a kind change numbers it afresh (ops: next free number)
        return changed

    def _kind_changed(self, *_):
        kind = self.kind.currentData()
        numbered = bool(kind and FEATURE_KINDS[kind].numbered)
        self.number.setEnabled(self.feature is not None and numbered and self.feature.verified is not False)

    def _update_buttons(self, *_) -> None:
        dirty = bool(self.changes())
        self.apply_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _apply(self) -> None:
        changed = self.changes()
        if self.feature is not None and changed:
            self.apply_requested.emit(self.feature.id, changed)
