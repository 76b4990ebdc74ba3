"""The signing key's passphrase, asked in File › Export venue… before anything is written.

Three cases, one dialog: the key is protected (type its passphrase; a wrong one keeps the dialog open with
the reason), there is no key yet (choose a passphrase, typed twice: the export makes the key), or the key
dates from before passphrases (offered to protect it now, or to export without protecting it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from venueplans import keys
from venueplans.errors import UserError
from venueplans.i18n import tr


class _Relay(QObject):
    done = Signal(str, object, object)  # passphrase typed, the unlocked key, the exception


class KeyPassphraseDialog(QDialog):
    """Once accepted: `passphrase` (None: a key left unprotected) and `unlocked`, the private key already
    opened (None when there was no key yet: the export makes it with `passphrase`)."""

    def __init__(self, parent=None, *, state: str | None = None):
        super().__init__(parent)
        self.setObjectName("key_passphrase_dialog")
        self.setWindowTitle(tr("Signing key"))
        self.state = state or keys.key_state()
        self.passphrase: str | None = None
        self.unlocked = None
        self.busy = False  # a passphrase being checked on a worker
        self._relay = _Relay(self)
        self._relay.done.connect(self._checked, Qt.ConnectionType.QueuedConnection)
        layout = QVBoxLayout(self)
        intro = QLabel(self._intro())
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.field = self._password_field("key_passphrase_field")
        self.repeat = self._password_field("key_passphrase_repeat")
        if self.state == "protected":
            form.addRow(tr("Passphrase:"), self.field)
            self.repeat.hide()
        else:
            form.addRow(tr("New passphrase:"), self.field)
            form.addRow(tr("Repeat it:"), self.repeat)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("key_passphrase_message")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Protect and export") if self.state == "clear" else tr("Export"))
        self.skip = None
        if self.state == "clear":
            self.skip = self.buttons.addButton(tr("Export without protecting"),
                                               QDialogButtonBox.ButtonRole.DestructiveRole)
            self.skip.setObjectName("key_skip_protection")
            self.skip.clicked.connect(self.export_unprotected)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def _password_field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setObjectName(name)
        return field

    def _intro(self) -> str:
        if self.state == "protected":
            return tr("The package is signed with this installation's key. Enter the key's passphrase:")
        if self.state == "none":
            return tr("This installation has no signing key yet. Choose a passphrase to protect it (at least {n} "
                      "characters): it is asked at every export, and without it no package can be signed.").format(
                          n=keys.keyring.sk.MIN_PASSPHRASE)
        return tr("This installation's signing key is stored without a passphrase: whoever copies this "
                  "computer's files can sign packages in its name. Choose a passphrase to protect it now "
                  "(recommended).")

    def _refuse(self, text: str) -> None:
        self.message.setText(text)
        self.field.selectAll()
        self.field.setFocus()

    def accept(self) -> None:  # noqa: D401 - Qt API
        """Check the passphrase on a worker (scrypt takes half a second to a second: the window keeps
        drawing); stay open with the reason when it cannot be used."""
        if self.busy:
            return
        typed = self.field.text()
        if self.state != "protected":
            if typed != self.repeat.text():
                self._refuse(tr("The two passphrases differ."))
                return
            try:
                keys.check_new_passphrase(typed)
            except UserError as exc:
                self._refuse(str(exc))
                return
        state, relay = self.state, self._relay

        def work() -> None:
            try:
                if state == "protected":
                    unlocked = keys.unlock(typed)  # scrypt once: the export signs with it
                elif state == "clear":
                    keys.protect(typed)
                    unlocked = keys.unlock(typed)
                else:
                    unlocked = None  # no key yet: the export makes it with the passphrase
                relay.done.emit(typed, unlocked, None)
            except Exception as exc:  # noqa: BLE001 - shown in the dialog
                relay.done.emit(typed, None, exc)

        self._set_busy(True)
        QThreadPool.globalInstance().start(work)

    def _checked(self, typed: str, unlocked, exc: BaseException | None) -> None:
        self._set_busy(False)
        if isinstance(exc, keys.KeyPassphraseError):
            self._refuse(tr("Wrong passphrase. Try again (letters and case matter)."))
        elif isinstance(exc, UserError):
            self._refuse(str(exc))
        elif exc is not None:
            self._refuse(str(exc) or type(exc).__name__)
        else:
            self.passphrase, self.unlocked = typed, unlocked
            super().accept()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.message.setText(tr("Checking the passphrase…") if busy else "")
        for widget in (self.field, self.repeat, self.buttons):
            widget.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.WaitCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:  # noqa: D401 - Qt API
        if not self.busy:  # a key being protected is left to finish: the dialog closes with its answer
            super().reject()

    def export_unprotected(self) -> None:
        self.passphrase = None
        self.unlocked = keys.unlock(None)
        super().accept()


def ask_key_passphrase(window) -> KeyPassphraseDialog | None:
    """The accepted dialog (its `passphrase` and `unlocked`) for an export from *window*; None when the
    user cancelled."""
    dialog = KeyPassphraseDialog(window)
    return dialog if dialog.exec() == QDialog.DialogCode.Accepted else None
