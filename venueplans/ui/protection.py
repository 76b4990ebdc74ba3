"""Protection in the desktop app: the passphrase dialog at start, read-only mode, and venue packages.

Hooks (kept tiny in app.py and main_window.py):
- `add_gui_options(parser)`: `--read-only` and `--passphrase-file` for the GUI's own parser;
- `open_for_gui(args, make_app)`: opens the catalogue; an encrypted one without a usable passphrase gets a
  dialog that asks again on a wrong passphrase (the QApplication is created early for it, and
  `application(make_app)` hands that same application back to app.py);
- `install(window)`: File › Export venue… / Import venue package… (and .vpkg drops, ui/package_drops.py),
  and in read-only mode (the `--read-only` option or the `read_only` setting) every editing action hidden.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from venueplans.catalogue import Catalogue, open_catalogue
from venueplans.catalogue.db import PassphraseError, use_session_passphrase
from venueplans.errors import UserError
from venueplans.i18n import N_, tr
from venueplans.ui.errors import report
from venueplans.ui.ops_runner import CollectionOp, Progress, QueryOp

_created: tuple | None = None  # (QApplication, owned) made early for the passphrase dialog


def add_gui_options(parser) -> None:
    parser.add_argument("--read-only", action="store_true",
                        help=tr("open the catalogue read-only: editing is hidden, every change refused"))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=tr("encrypted catalogue: read its passphrase from FILE (first line)"))


def read_only_wanted(args) -> bool:
    from venueplans import settings

    return bool(getattr(args, "read_only", False)) or settings.load().read_only


class PassphraseDialog(QDialog):
    """Asks for the catalogue's passphrase; a wrong one keeps the dialog open with the reason."""

    def __init__(self, path: Path, *, read_only: bool = False, parent=None):
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle(tr("Encrypted catalogue"))
        self.path, self.read_only = path, read_only
        self.catalogue: Catalogue | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(tr("The catalogue {name} is encrypted. Enter its passphrase:").format(name=path.name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setObjectName("passphrase_field")
        layout.addWidget(self.field)
        self.message = QLabel("")
        self.message.setObjectName("passphrase_message")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:  # noqa: D401 - Qt API
        """Open the catalogue with the passphrase typed; stay open on a wrong one."""
        passphrase = self.field.text()
        try:
            self.catalogue = open_catalogue(self.path, passphrase=passphrase, read_only=self.read_only)
        except PassphraseError:
            self.message.setText(tr("Wrong passphrase. Try again (letters and case matter)."))
            self.field.selectAll()
            self.field.setFocus()
            return
        except UserError as exc:
            self.message.setText(str(exc))
            return
        use_session_passphrase(passphrase)  # the app's workers open the catalogue again
        super().accept()


def open_for_gui(args, make_app) -> Catalogue:
    """The catalogue the app works on, asking for a passphrase when it needs one."""
    global _created
    if getattr(args, "passphrase_file", None):
        lines = Path(args.passphrase_file).read_text(encoding="utf-8").splitlines()
        use_session_passphrase(lines[0] if lines else None)
    read_only = read_only_wanted(args)
    try:
        return open_catalogue(args.catalogue, read_only=read_only)
    except PassphraseError:
        pass
    from venueplans.catalogue.db import default_catalogue_path

    path = Path(args.catalogue) if args.catalogue else default_catalogue_path()
    if _created is None:
        _created = make_app()
    dialog = PassphraseDialog(path, read_only=read_only)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.catalogue is None:
        raise PassphraseError(tr("{path}: no passphrase given: the catalogue stays closed").format(path=path))
    return dialog.catalogue


def application(make_app):
    """The QApplication made for the passphrase dialog (owned, as app.py expects), else a new one."""
    global _created
    made, _created = _created, None
    return made if made is not None else make_app()


# ---------------------------------------------------------------- the main window


def install(window) -> None:
    """File › Export venue… / Import venue package…; read-only mode hides every editing action."""
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and a.text() == tr("&File"))
    anchor = window.act_import
    window.act_export_package = window._act(None, tr("Export venue…"), lambda: export_venue(window),
                                            tip=tr("Write this venue to a signed package (.vpkg)"))
    window.act_import_package = window._act(None, tr("Import venue package…"), lambda: import_package(window),
                                            tip=tr("Add or update a venue from a signed package (.vpkg)"))
    actions = file_menu.actions()
    after = actions[actions.index(anchor) + 1] if anchor in actions and actions[-1] is not anchor else None
    file_menu.insertAction(after, window.act_export_package)
    file_menu.insertAction(after, window.act_import_package)
    window.act_export_package.setEnabled(False)
    window.venue_opened.connect(lambda _vid: window.act_export_package.setEnabled(True))
    window.signer_label = QLabel("")  # who signed the package the open venue came from
    window.signer_label.setObjectName("signer_label")
    window.statusBar().addPermanentWidget(window.signer_label)
    window.venue_opened.connect(lambda vid: _show_signer(window, vid))
    window.pages.currentChanged.connect(lambda index: index == 0 and window.signer_label.setText(""))
    from venueplans.ui.package_drops import install as install_drops

    install_drops(window)  # a .vpkg dropped on the window is imported like File › Import venue package…
    if window.cat.read_only:
        apply_read_only(window)


def _show_signer(window, venue_id: int) -> None:
    """Who signed the venue's plan, in the status bar (read on a worker: the keyring loads cryptography)."""

    def read(cat) -> str:
        from venueplans.ops.packages import package_signer

        return package_signer(cat, venue_id) or ""

    def show(text: str) -> None:
        if window.venue_id != venue_id:
            return  # another venue was opened meanwhile
        window.signer_label.setText(text)
        window.signer_label.setStyleSheet("" if "NOT trusted" not in text and tr("(NOT trusted)") not in text
                                          else "color: #b00020; font-weight: bold")

    QueryOp(window.ops, read, show, context=N_("open")).channel("signer").run_in_background()


def apply_read_only(window) -> None:
    """Field laptops: nothing that writes is offered (the catalogue refuses writes anyway)."""
    for action in (window.act_import, window.act_import_package):
        action.setVisible(False)
        action.setEnabled(False)
    window.setAcceptDrops(False)
    editing = getattr(window, "editing", None)
    if editing is not None:
        editing.menu.menuAction().setVisible(False)
        for action in editing.menu.actions():
            action.setEnabled(False)
        editing.act_edit.setVisible(False)
        editing.act_edit.setEnabled(False)
        window.venue_opened.connect(lambda _vid: editing.act_edit.setEnabled(False))  # after EditMode's
    scenarios = getattr(window, "scenarios", None)
    if scenarios is not None:  # scenarios can be shown, not drawn
        keep = {scenarios.act_panel, scenarios.act_prev, scenarios.act_next}
        for action in scenarios.menu.actions():
            if action not in keep:
                action.setVisible(False)
                action.setEnabled(False)
    for button in window.browser.findChildren(QPushButton):  # the venue list's "Import model…"
        if button.text() in (tr("Import model…"), "Import model…"):
            button.hide()
    label = QLabel(tr("Read-only"))
    label.setObjectName("read_only_label")
    label.setToolTip(tr("This catalogue is opened read-only: viewing and printing only."))
    window.statusBar().addPermanentWidget(label)
    window.read_only_label = label
    window.statusBar().showMessage(tr("Read-only catalogue: viewing and printing only."), 15000)


def export_venue(window) -> Path | None:
    """Ask where, whether with the scenarios, and the signing key's passphrase (key_passphrase_dialog),
    then write the package in the background (a CollectionOp on the window's op runner: it records the
    export in the audit trail). Returns the target being written, None when the user cancelled."""
    from venueplans.ops.packages import export_package

    if window.venue_id is None:
        return None
    venue_id = window.venue_id
    name = window.venue.name  # the open venue's row, read when it opened (and after each edit of it)
    suggested = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() + ".vpkg"
    target, _ = QFileDialog.getSaveFileName(window, tr("Export venue"), suggested, tr("Venue package (*.vpkg)"))
    if not target:
        return None
    box = QMessageBox(QMessageBox.Icon.Question, tr("Export venue"),
                      tr("Write {name} to a package signed by this installation?").format(name=name),
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, window)
    scenarios = QCheckBox(tr("Include the exercise scenarios"))
    box.setCheckBox(scenarios)
    if box.exec() != QMessageBox.StandardButton.Ok:
        return None
    with_scenarios = scenarios.isChecked()
    from venueplans.ui.key_passphrase_dialog import ask_key_passphrase

    key = ask_key_passphrase(window)  # checked there: a wrong one is asked again
    if key is None:
        return None
    key_passphrase, unlocked = key.passphrase, key.unlocked
    shown = OpProgressDialog(window, tr("Export venue"), tr("Writing {path}…").format(path=Path(target).name))

    def exported(changes) -> None:
        shown.finish()
        window.statusBar().showMessage(changes.message, 15000)

    def failed(exc: BaseException) -> None:
        shown.finish()
        report(exc, "export venue")

    (CollectionOp(window.ops, lambda cat: export_package(cat, venue_id=venue_id, target=target,
                                                         with_scenarios=with_scenarios,
                                                         key_passphrase=key_passphrase, unlocked=unlocked))
     .success(exported).failure(failed).run_in_background())
    return Path(target)


def _check_package(path: str):
    """On a worker: None when the package is signed by a trusted key, else (signer, venue name) for the
    question; a tampered or revoked package raises PackageError (one line)."""
    from venueplans.catalogue.package import PackageError
    from venueplans.ops import packages

    try:
        packages.verify_package(path)
        return None
    except PackageError as exc:
        if "does not trust" not in str(exc):
            raise
    pkg, signer = packages.verify_package(path, allow_untrusted=True)
    return signer.describe(), pkg.venue.get("name", "?")


def import_package(window, path: str | None = None) -> bool:
    """Import a venue package in the background: its signature checked (a QueryOp), the user asked about a
    key this installation does not trust, then the import (a CollectionOp with progress); the venue opens
    when it is in. Returns False when there was nothing to do (no file chosen)."""
    from venueplans.ops import packages

    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, tr("Import venue package"), "", tr("Venue package (*.vpkg)"))
    if not path:
        return False
    shown = OpProgressDialog(window, tr("Import venue package"),
                             tr("Checking the signature of {name}…").format(name=Path(path).name))

    def failed(exc: BaseException) -> None:
        shown.finish()
        report(exc, "import venue package")

    def imported(changes) -> None:
        shown.finish()
        window.browser.refresh()
        window.open_venue(changes.venue_id)
        window.statusBar().showMessage(changes.message, 15000)

    def checked(untrusted) -> None:
        allow = untrusted is not None
        if allow:
            signer, name = untrusted
            answer = QMessageBox.warning(
                window, tr("Untrusted package"),
                tr("{signer}.\nThis installation does not trust that key: import {name} anyway? "
                   "(Recorded in the audit trail.)").format(signer=signer, name=name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                shown.finish()
                return
        tracker = shown.tracker
        (CollectionOp(window.ops, lambda cat: packages.import_package(cat, path, allow_untrusted=allow,
                                                                      progress=tracker.report))
         .success(imported).failure(failed).run_in_background())

    QueryOp(window.ops, lambda _cat: _check_package(path), checked).failure(failed).run_in_background()
    return True


class OpProgressDialog(QProgressDialog):
    """A window-modal progress dialog for one op on the runner, fed by its `Progress` (`tracker`); without
    a fraction it shows a busy bar. No Cancel: a package is written or imported in one piece."""

    def __init__(self, window, title: str, label: str):
        super().__init__(label, "", 0, 0, window)
        self.setObjectName("package_progress")
        self.setWindowTitle(title)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)  # a small package is done before the dialog would flash
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.tracker = Progress(self)
        self.tracker.changed.connect(self._changed)
        self.setValue(0)

    def _changed(self, fraction: float, message: str) -> None:
        if self.maximum() == 0:
            self.setRange(0, 1000)
        self.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.setLabelText(message[:1].upper() + message[1:])

    def finish(self) -> None:
        self.close()
        self.deleteLater()
