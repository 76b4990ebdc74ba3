"""The small input dialogs of the editors: a rejection's reason, a sign-off's withdrawal, a name, a phase.

Each is non-modal (`open()`), its OK button enabled only when the input is valid, so a callback on
`accepted` never sees an empty reason or a malformed time offset.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from venueplans.i18n import N_, tr
from venueplans.model.scenario import Phase, parse_time_offset
from venueplans.ops.scenario_limits import TEXT_LIMITS

REJECT_REASONS = (N_("Locked during events"), N_("Not a way out (internal door)"), N_("Blocked / not usable"),
                  N_("Duplicate of another exit"), N_("Not a door"))


class ReasonDialog(QDialog):
    """Why a detected feature is rejected (kept in the audit trail)."""

    def __init__(self, what: str, parent=None):
        super().__init__(parent)
        self.setObjectName("reject_dialog")
        self.setWindowTitle(tr("Reject feature"))
        text = QLabel(tr("Reject <b>{what}</b>?<br>It stays in the record (audit trail) but is drawn nowhere and loses its number. Why?").format(what=what))
        text.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([tr(r) for r in REJECT_REASONS])
        self.reason.setCurrentText("")
        self.reason.lineEdit().setPlaceholderText(tr("e.g. locked during performances"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Reject"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentTextChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(440, 150)

    def text(self) -> str:
        return self.reason.currentText().strip()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text()))


class WithdrawDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Withdraw sign-off"))
        self.setObjectName("withdraw_dialog")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tr("e.g. works in the east wing, exits changed"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Why is the plan no longer vouched for?")))
        layout.addWidget(self.reason)
        layout.addWidget(buttons)


class NameDialog(QDialog):
    """A name (a scenario's): at most *max_length* characters, the limit the ops hold it to."""

    def __init__(self, title: str, prompt: str, text: str = "", parent=None, *,
                 max_length: int = TEXT_LIMITS["name"]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("name_dialog")
        self.edit = QLineEdit(text)
        self.edit.setMaxLength(max_length)
        self.edit.selectAll()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(420, 120)

    def name(self) -> str:
        return self.edit.text().strip()

    def _update(self, *_) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name()))


class PhaseDialog(QDialog):
    """Name, time offset from H hour ("H+00:05", "H-00:30", "H+01:10:30") and notes of a phase."""

    def __init__(self, phase: Phase | None = None, suggested_time: str = "H+00:00", parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Edit phase") if phase else tr("Add phase"))
        self.setObjectName("phase_dialog")
        self.name = QLineEdit(phase.name if phase else "")
        self.name.setMaxLength(TEXT_LIMITS["name"])
        self.name.setPlaceholderText(tr("Entry, Contact, Evacuation…"))
        self.time = QLineEdit(phase.time_label if phase else suggested_time)
        self.time.setToolTip(tr("Hours:minutes after H hour: H+00:05; before it: H-00:30; seconds: H+00:05:30"))
        self.notes = QPlainTextEdit(phase.notes if phase else "")
        self.notes.setFixedHeight(70)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.name, self.time):
            edit.textChanged.connect(self._update)
        self.notes.textChanged.connect(self._update)  # a QPlainTextEdit has no maxLength: said, not cut
        form = QFormLayout(self)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Time"), self.time)
        form.addRow(tr("Notes"), self.notes)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self._update()

    def values(self) -> dict:
        return {"name": self.name.text().strip(), "time_offset": self.time.text().strip(),
                "notes": self.notes.toPlainText().strip()}

    def _update(self, *_) -> None:
        problem = "" if self.name.text().strip() else tr("A phase needs a name.")
        notes = len(self.notes.toPlainText())
        if not problem and notes > TEXT_LIMITS["notes"]:
            problem = tr("The notes are {n:,} characters long (at most {limit:,}).").format(
                n=notes, limit=TEXT_LIMITS["notes"])
        try:
            parse_time_offset(self.time.text())
        except ValueError as exc:
            problem = problem or str(exc)
        self.error.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
