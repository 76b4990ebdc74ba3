"""The desktop side of protection: the passphrase dialog, read-only mode, File › Export / Import package."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QProgressDialog

from venueplans.catalogue import open_catalogue

pytestmark = pytest.mark.gui


KEY_PASSPHRASE = "phrase de la clé"


@pytest.fixture(autouse=True)
def _own_keys(tmp_path, monkeypatch):
    from venueplans.keys import signing_key

    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(signing_key, "SCRYPT_N", 2**12)  # keys made here derive their secret cheaply


def test_passphrase_dialog_asks_again_on_a_wrong_passphrase(qtbot, tmp_path):
    from venueplans.catalogue.db import session_passphrase, use_session_passphrase
    from venueplans.ui.protection import PassphraseDialog

    path = tmp_path / "secret.sqlite"
    open_catalogue(path, passphrase="la bonne phrase", encrypt=True).close()
    dialog = PassphraseDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("la mauvaise phrase")
    dialog.accept()
    assert dialog.isVisible() and dialog.catalogue is None
    assert "Wrong passphrase" in dialog.message.text()
    dialog.field.setText("la bonne phrase")
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    try:
        assert dialog.result() == dialog.DialogCode.Accepted
        assert dialog.catalogue is not None and dialog.catalogue.encrypted
        assert session_passphrase() == "la bonne phrase"  # the app's workers open it again
    finally:
        dialog.catalogue.close()
        use_session_passphrase(None)


@pytest.fixture
def read_only_window(make_window, catalogue):
    """The window on the test catalogue opened read-only (a field laptop's), on its venue."""
    path = catalogue.path
    catalogue.close()
    with open_catalogue(path, read_only=True) as cat:
        yield make_window(cat, 1)


def test_read_only_window_hides_editing(read_only_window):
    window = read_only_window
    assert not window.act_import.isVisible() and not window.act_import_package.isVisible()
    assert not window.editing.menu.menuAction().isVisible()
    assert not window.editing.act_edit.isEnabled()
    assert window.act_export_package.isEnabled()  # handing a venue over does not change the catalogue
    assert window.read_only_label.isVisible()


def test_export_then_import_a_package_from_the_file_menu(make_window, settle, catalogue, qtbot, tmp_path,
                                                        monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from venueplans import keys
    from venueplans.ui import protection
    from venueplans.ui.key_passphrase_dialog import KeyPassphraseDialog

    target = tmp_path / "hall.vpkg"
    window = make_window(catalogue, catalogue.test_venue_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    asked = []

    def type_new_passphrase(dialog):  # no key yet: the user chooses its passphrase, typed twice
        asked.append(dialog.state)
        dialog.field.setText(KEY_PASSPHRASE)
        dialog.repeat.setText(KEY_PASSPHRASE)
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
        return dialog.result()

    monkeypatch.setattr(KeyPassphraseDialog, "exec", type_new_passphrase)
    assert protection.export_venue(window) == target  # written in the background (a CollectionOp)
    settle(window)
    assert target.is_file() and "exported venue" in window.statusBar().currentMessage()
    assert asked == ["none"] and keys.key_state() == "protected"
    with open_catalogue(tmp_path / "other.sqlite") as other:
        second = make_window(other)
        assert protection.import_package(second, str(target))  # signed by this installation: trusted
        qtbot.waitUntil(lambda: second.signer_label.text() != "")  # once the venue is on screen
        assert second.signer_label.text().startswith("package signed by key")
        venue_id = other.conn.execute("SELECT id FROM venues").fetchone()[0]
        assert second.venue_id == venue_id
        settle(second)


def test_start_up_asks_for_the_passphrase_until_it_is_right_or_cancelled(qtbot, tmp_path, monkeypatch):
    import argparse

    from venueplans.catalogue.db import PassphraseError, use_session_passphrase
    from venueplans.ui import protection

    path = tmp_path / "secret.sqlite"
    open_catalogue(path, passphrase="la bonne phrase", encrypt=True).close()
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "une phrase périmée")  # a stale one: the dialog takes over
    typed = iter(["faux", "encore faux", "la bonne phrase"])
    seen = []

    def exec_(dialog):  # the user types until the dialog closes itself
        while dialog.catalogue is None:
            dialog.field.setText(next(typed))
            dialog.accept()
            seen.append(dialog.message.text())
        return dialog.DialogCode.Accepted

    monkeypatch.setattr(protection.PassphraseDialog, "exec", exec_)
    args = argparse.Namespace(catalogue=str(path), read_only=False, passphrase_file=None)
    made = []
    cat = protection.open_for_gui(args, lambda: made.append(1) or ("app", True))
    try:
        assert cat.encrypted and len(seen) == 3 and "Wrong passphrase" in seen[0] and "Wrong passphrase" in seen[1]
        assert protection.application(lambda: ("other", False)) == ("app", True) and made == [1]
    finally:
        cat.close()
        use_session_passphrase(None)
    monkeypatch.setattr(protection.PassphraseDialog, "exec", lambda dialog: dialog.DialogCode.Rejected)
    with pytest.raises(PassphraseError, match="no passphrase given"):
        protection.open_for_gui(args, lambda: ("app", True))
    protection.application(lambda: None)  # forget the application made for the dialog


def test_untrusted_package_asks_and_the_answer_is_audited(make_window, settle, qtbot, catalogue, tmp_path, monkeypatch):
    import json

    from PySide6.QtWidgets import QMessageBox

    from venueplans.ops.packages import export_package
    from venueplans.ui import protection

    target = tmp_path / "hall.vpkg"
    export_package(catalogue, venue_id=catalogue.test_venue_id, target=target, key_passphrase=KEY_PASSPHRASE)
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "another-installation"))
    with open_catalogue(tmp_path / "other.sqlite") as other:
        window = make_window(other)
        answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
        monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: next(answers))
        assert protection.import_package(window, str(target))  # checked on a worker, then "No"
        settle(window)
        assert other.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 0 and window.venue_id is None
        protection.import_package(window, str(target))  # "Yes"
        settle(window)
        venue_id = other.conn.execute("SELECT id FROM venues").fetchone()[0]
        details = json.loads(other.conn.execute(
            "SELECT details FROM audit WHERE action = 'package-import'").fetchone()[0])
        assert details["allow_untrusted"] is True
        qtbot.waitUntil(lambda: window.signer_label.text() != "")  # once the venue is on screen
        assert "NOT trusted" in window.signer_label.text() and window.venue_id == venue_id
        settle(window)


def test_a_tampered_package_is_one_line_and_imports_nothing(make_window, settle, catalogue, tmp_path):
    from venueplans.ops.packages import export_package
    from venueplans.ui import protection

    target = tmp_path / "hall.vpkg"
    export_package(catalogue, venue_id=catalogue.test_venue_id, target=target, key_passphrase=KEY_PASSPHRASE)
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed in the middle of the package
    target.write_bytes(bytes(data))
    with open_catalogue(tmp_path / "other.sqlite") as other:
        window = make_window(other)
        assert protection.import_package(window, str(target))
        settle(window)
        shown = window.errors_shown
        assert len(shown) == 1 and "hall.vpkg" in shown[0] and "\n" not in shown[0]
        assert other.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 0
        assert not window.findChildren(QProgressDialog, "package_progress") or not any(
            d.isVisible() for d in window.findChildren(QProgressDialog, "package_progress"))


def _legacy_key(config):
    """A signing key as written before passphrases: PKCS#8 in clear, readable by others."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    folder = config / "keys"
    folder.mkdir(parents=True)
    pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption())
    (folder / "signing-key.pem").write_bytes(pem)
    (folder / "signing-key.pem").chmod(0o644)
    return folder


def test_export_with_a_wrong_key_passphrase_asks_again_then_signs(make_window, settle, catalogue, qtbot, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from venueplans import keys
    from venueplans.ui import protection
    from venueplans.ui.key_passphrase_dialog import KeyPassphraseDialog

    keys.create_key(KEY_PASSPHRASE)
    target = tmp_path / "hall.vpkg"
    window = make_window(catalogue, catalogue.test_venue_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    seen = []

    def typing(dialog):
        assert dialog.state == "protected" and not dialog.repeat.isVisibleTo(dialog)
        for typed in ("pas la bonne", KEY_PASSPHRASE):
            dialog.field.setText(typed)
            dialog.accept()
            assert dialog.busy and not dialog.field.isEnabled()  # checked on a worker: the window draws on
            qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
            seen.append((dialog.isVisible(), dialog.message.text()))
        return dialog.result()

    monkeypatch.setattr(KeyPassphraseDialog, "exec", typing)
    assert protection.export_venue(window) == target
    settle(window)
    assert "Wrong passphrase" in seen[0][1] and target.is_file()
    monkeypatch.setattr(KeyPassphraseDialog, "exec", lambda dialog: dialog.DialogCode.Rejected)
    other = tmp_path / "cancelled.vpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    assert protection.export_venue(window) is None and not other.exists()  # cancelled: nothing written


def test_an_old_clear_key_is_offered_protection_in_the_export_flow(make_window, settle, catalogue, qtbot, tmp_path,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from venueplans import keys
    from venueplans.ui import protection
    from venueplans.ui.key_passphrase_dialog import KeyPassphraseDialog

    folder = _legacy_key(tmp_path / "config")
    before = keys.own_key().key_id
    window = make_window(catalogue, catalogue.test_venue_id)
    target = tmp_path / "hall.vpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)

    def protect_it(dialog):
        assert dialog.state == "clear" and dialog.skip is not None
        dialog.field.setText(KEY_PASSPHRASE)
        dialog.repeat.setText("une autre phrase")
        dialog.accept()
        assert "differ" in dialog.message.text() and keys.key_state() == "clear"
        dialog.repeat.setText(KEY_PASSPHRASE)
        dialog.accept()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
        return dialog.result()

    monkeypatch.setattr(KeyPassphraseDialog, "exec", protect_it)
    assert protection.export_venue(window) == target
    settle(window)
    assert target.is_file() and keys.key_state() == "protected" and keys.own_key().key_id == before
    assert not (folder / "signing-key.pem").exists()
    assert (folder / "signing-key.json").stat().st_mode & 0o777 == 0o600


def test_an_old_clear_key_can_still_export_without_protection(qtbot, tmp_path):
    from venueplans import keys
    from venueplans.ui.key_passphrase_dialog import KeyPassphraseDialog

    _legacy_key(tmp_path / "config")
    dialog = KeyPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.skip.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.passphrase is None
    assert keys.key_state() == "clear"


def _drag(widget, path, kind):
    """A drag of *path* entering, then dropped on, *widget*, delivered as Qt delivers it (event filters first)."""
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    if kind == "enter":
        event = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                                Qt.KeyboardModifier.NoModifier)
    else:
        event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                           Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    return event


def test_dropping_a_package_on_the_window_imports_it(make_window, settle, catalogue, qtbot, tmp_path):
    from venueplans.ops.packages import export_package

    target = tmp_path / "hall.vpkg"
    export_package(catalogue, venue_id=catalogue.test_venue_id, target=target, key_passphrase=KEY_PASSPHRASE)
    with open_catalogue(tmp_path / "other.sqlite") as other:
        window = make_window(other)
        assert _drag(window, target, "enter").isAccepted()
        assert _drag(window, target, "drop").isAccepted()
        qtbot.waitUntil(lambda: window.venue_id is not None, timeout=30_000)  # checked, imported, opened
        assert other.conn.execute("SELECT name FROM venues").fetchone()[0] == "Test Hall"
        qtbot.waitUntil(lambda: window.signer_label.text().startswith("package signed by key"))
        settle(window)


def test_a_dropped_model_still_opens_the_import_form_and_a_bad_package_is_one_line(make_window, settle, catalogue,
                                                                                   qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    model = tmp_path / "salle.ifc"
    model.write_text("ISO-10303-21;\nEND-ISO-10303-21;\n")
    window = make_window(catalogue)
    _drag(window, model, "enter")
    _drag(window, model, "drop")  # left to the window's own handler: the import form, pre-filled
    qtbot.waitUntil(lambda: any(w.objectName() == "import_dialog" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=3000)
    form = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "import_dialog")
    assert form.path.text() == str(model)
    form.reject()
    junk = tmp_path / "junk.vpkg"
    junk.write_bytes(b"not a zip")
    before = catalogue.conn.execute("SELECT count(*) FROM venues").fetchone()[0]
    _drag(window, junk, "enter")  # Qt delivers a drop only to the widget that accepted the drag's entry
    _drag(window, junk, "drop")
    qtbot.waitUntil(lambda: len(window.errors_shown) == 1, timeout=30_000)
    assert "junk.vpkg" in window.errors_shown[0] and "\n" not in window.errors_shown[0]
    assert catalogue.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == before
    settle(window)


def test_a_read_only_window_takes_no_package_drops(read_only_window):
    window = read_only_window
    assert not window.acceptDrops()  # Qt delivers no drag to it: packages only by an explicit command
