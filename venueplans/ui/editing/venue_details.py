"""Venue details (what the briefing prints about the venue) and the plan's sign-off.

The sign-off is a person's statement, "verified by NAME on DATE", printed on every briefing and shown
in the viewer's header. Any later change to the plan withdraws it (ops.signoff); this panel says so
plainly — when, by whom, because of what — so nobody prints a plan believing it is still vouched for.
Signing is not an undoable edit (undo never restores a sign-off: sign again); details are.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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
    QWidget,
)

from venueplans.catalogue import read
from venueplans.catalogue.signoff import count_unreviewed_exits
from venueplans.i18n import N_, format_date, tr
from venueplans.model import VENUE_KINDS
from venueplans.ops.edit_support import audit_trail
from venueplans.ops.identity import current_user
from venueplans.ops.signoff import sign_off, sign_off_text, update_venue_details, withdraw_sign_off
from venueplans.ui.editing.dialogs import WithdrawDialog
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import QueryOp

OK_STYLE = "background:#e3f4e9; color:#0b5d2a; border:1px solid #00a651; border-radius:4px; padding:6px;"
WARN_STYLE = "background:#fff1e0; color:#8a4500; border:1px solid #f28c00; border-radius:4px; padding:6px;"


def _coord(spin: QDoubleSpinBox) -> float | None:
    return None if spin.value() == spin.minimum() else round(spin.value(), 6)


class VenueDetailsPanel(QWidget):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("venue_details_panel")
        self.session = session
        self.venue_id: int | None = None
        self.venue = None
        self._fields_wanted = False  # a read on its way re-reads the form's fields too

        # sign-off
        self.status = QLabel()
        self.status.setObjectName("signoff_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.pending = QLabel()
        self.pending.setWordWrap(True)
        self.by = QLineEdit(current_user())
        self.by.setPlaceholderText(tr("name of the person who checked the plan on site"))
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setMaximumDate(QDate.currentDate())
        self.sign_button = QPushButton(tr("Sign off"))
        self.sign_button.setToolTip(tr("State that the plan (exits, access points) matches the building"))
        self.sign_button.clicked.connect(guarded(self.sign, context=N_("sign off")))
        self.withdraw_button = QPushButton(tr("Withdraw…"))
        self.withdraw_button.clicked.connect(guarded(lambda: self.withdraw(), context=N_("withdraw sign-off")))
        sign_box = QGroupBox(tr("Verification of the plan on site"))
        sf = QFormLayout()
        sf.addRow(tr("Verified by"), self.by)
        sf.addRow(tr("On"), self.on)
        sign_buttons = QHBoxLayout()
        sign_buttons.addStretch(1)
        sign_buttons.addWidget(self.withdraw_button)
        sign_buttons.addWidget(self.sign_button)
        sl = QVBoxLayout(sign_box)
        sl.addWidget(self.status)
        sl.addWidget(self.pending)
        sl.addLayout(sf)
        sl.addLayout(sign_buttons)

        # details
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems(list(VENUE_KINDS))
        self.address = QLineEdit()
        self.city = QLineEdit()
        self.capacity = QSpinBox()
        self.capacity.setRange(-1, 1_000_000)
        self.capacity.setSpecialValueText(tr("unknown"))
        self.capacity.setSuffix(tr(" people"))
        self.capacity.setGroupSeparatorShown(True)
        self.lat = self._coord_spin(90.0)
        self.lon = self._coord_spin(180.0)
        self.contacts = QPlainTextEdit()
        self.contacts.setFixedHeight(60)
        self.contacts.setPlaceholderText(tr("Duty manager +33 …; security desk …"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.save_button = QPushButton(tr("Save details"))
        self.save_button.clicked.connect(guarded(self.save, context=N_("venue details")))
        self.revert_button = QPushButton(tr("Revert"))
        self.revert_button.clicked.connect(guarded(lambda: self.refresh(), context=N_("venue details")))
        details = QGroupBox(tr("Details (printed on the briefing)"))
        df = QFormLayout()
        df.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        df.addRow(tr("Name"), self.name)
        df.addRow(tr("Kind"), self.kind)
        df.addRow(tr("Address"), self.address)
        df.addRow(tr("City"), self.city)
        df.addRow(tr("Capacity"), self.capacity)
        position = QHBoxLayout()
        position.addWidget(self.lat)
        position.addWidget(self.lon)
        df.addRow(tr("Lat / lon"), position)
        df.addRow(tr("Contacts"), self.contacts)
        df.addRow(tr("Notes"), self.notes)
        detail_buttons = QHBoxLayout()
        detail_buttons.addStretch(1)
        detail_buttons.addWidget(self.revert_button)
        detail_buttons.addWidget(self.save_button)
        dl = QVBoxLayout(details)
        dl.addLayout(df)
        dl.addLayout(detail_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(sign_box)
        layout.addWidget(details)
        layout.addStretch(1)

    @staticmethod
    def _coord_spin(limit: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-limit - 1, limit)  # the value below -limit means "not set"
        spin.setDecimals(6)
        spin.setSpecialValueText("—")
        spin.setToolTip(tr("WGS84 degrees, for the map on the briefing's cover"))
        return spin

    # --- data ---------------------------------------------------------------------------------------------
    def set_venue(self, venue_id: int | None) -> None:
        self.venue_id = venue_id
        self.refresh()

    def refresh(self, *, fields: bool = True) -> None:
        """Re-read the venue off the GUI thread (a QueryOp on "venue_details"; the form keeps what it shows
        until the answer lands). *fields*=False re-reads only the sign-off status and the exits still to
        review (after a feature edit): what the user is typing in the form is left alone."""
        runner = self.session.runner
        venue_id = self.venue_id
        if venue_id is None:
            runner.supersede("venue_details")
            self._fields_wanted = False
            self.venue = None
            self.status.clear()
            return
        self._fields_wanted = fields = fields or self._fields_wanted  # a read on its way is superseded: merge

        def load(cat):
            venue = read.get_venue(cat, venue_id)
            last = None
            if not sign_off_text(venue.verified_by, venue.verified_on):  # why it is not signed: the trail says
                last = next((e for e in reversed(audit_trail(cat, venue_id=venue_id)) if e.action.startswith("signoff")),
                            None)
            return venue, last, count_unreviewed_exits(cat, venue_id)

        def show(result) -> None:
            if self.venue_id == venue_id:
                self._fields_wanted = False
                self._show(*result, fields=fields)

        QueryOp(runner, load, show, context=N_("venue details")).channel("venue_details").run_in_background()

    def _show(self, v, last, pending: int, *, fields: bool) -> None:
        self.venue = v
        if fields:
            self.name.setText(v.name)
            self.kind.setCurrentText(v.kind)
            self.address.setText(v.address or "")
            self.city.setText(v.city or "")
            self.capacity.setValue(v.capacity if v.capacity is not None else -1)
            self.lat.setValue(v.lat if v.lat is not None else self.lat.minimum())
            self.lon.setValue(v.lon if v.lon is not None else self.lon.minimum())
            self.contacts.setPlainText(v.contacts or "")
            self.notes.setPlainText(v.notes or "")
        self._show_sign_off(last, pending)

    def signoff_text(self) -> str:
        """The status as plain text (tests, the status bar)."""
        return self.status.text().replace("<b>", "").replace("</b>", "").replace("<br>", " ")

    def _show_sign_off(self, last, pending: int) -> None:
        v = self.venue
        text = sign_off_text(v.verified_by, v.verified_on)
        if text:
            self.status.setText(f"<b>✔ {text}</b>")
            self.status.setStyleSheet(OK_STYLE)
        else:
            if last is not None and last.action == "signoff.invalidated":
                cause = str(last.details.get("cause", "an edit")).replace("feature.", "feature ").replace(".", " ")
                self.status.setText(tr("<b>Not verified: the sign-off was withdrawn</b><br>{value} — withdrawn {value2} by {who} because the plan changed ({cause}). Review the plan and sign again.").format(value=last.details.get('was', ''), value2=format_date(last.at), who=last.who, cause=cause))
            elif last is not None and last.action == "signoff.withdrawn":
                self.status.setText(tr("<b>Not verified: the sign-off was withdrawn</b><br>{value} by {who}: {value2}").format(value=format_date(last.at), who=last.who, value2=last.details.get('reason', '')))
            else:
                self.status.setText(tr("<b>Not verified</b><br>Nobody has signed this plan off yet."))
            self.status.setStyleSheet(WARN_STYLE)
        self.pending.setText(tr("{pending} detected exit(s) still to review (Features panel) before signing.").format(pending=pending)
                             if pending else "")
        self.pending.setVisible(bool(pending))
        self.withdraw_button.setEnabled(bool(text))
        self.on.setMaximumDate(QDate.currentDate())

    # --- actions ------------------------------------------------------------------------------------------
    def details(self) -> dict:
        return {
            "name": self.name.text().strip(), "kind": self.kind.currentText(), "address": self.address.text().strip(),
            "city": self.city.text().strip(),
            "capacity": None if self.capacity.value() < 0 else self.capacity.value(),
            "contacts": self.contacts.toPlainText().strip(), "notes": self.notes.toPlainText().strip(),
            "lat": _coord(self.lat), "lon": _coord(self.lon),
        }

    def save(self) -> None:
        if self.venue_id is not None:
            # the form already shows what was saved: it skips its own echo (initiator)
            self.session.run(update_venue_details, venue_id=self.venue_id, initiator=self, **self.details())

    def sign(self) -> None:
        if self.venue_id is None:
            return
        day = self.on.date()
        self.session.run(sign_off, undoable=False, venue_id=self.venue_id, by=self.by.text(),
                         on=date(day.year(), day.month(), day.day()))

    def withdraw(self, reason: str | None = None) -> WithdrawDialog | None:
        if self.venue_id is None:
            return None
        if reason is not None:
            self.session.run(withdraw_sign_off, undoable=False, venue_id=self.venue_id, reason=reason)
            return None
        dialog = WithdrawDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(guarded(lambda: self.withdraw(dialog.reason.text()), context=N_("withdraw sign-off")))
        dialog.open()
        return dialog
