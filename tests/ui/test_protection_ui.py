"""The desktop side of protection: the passphrase dialog, read-only mode, File › Export / Import package."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QProgressDialog

from venueplans.catalogue import open_catalogue

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _own_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


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


def test_read_only_window_hides_editing(make_window, catalogue, qtbot):
    path = catalogue.path
    catalogue.close()
    with open_catalogue(path, read_only=True) as cat:
        window = make_window(cat, 1)
        assert not window.act_import.isVisible() and not window.act_import_package.isVisible()
        assert not window.editing.menu.menuAction().isVisible()
        assert not window.editing.act_edit.isEnabled()
        assert window.act_export_package.isEnabled()  # handing a venue over does not change the catalogue
        assert window.read_only_label.isVisible()


def test_export_then_import_a_package_from_the_file_menu(make_window, settle, catalogue, qtbot, tmp_path,
                                                        monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from venueplans.ui import protection

    target = tmp_path / "hall.vpkg"
    window = make_window(catalogue, catalogue.test_venue_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    assert protection.export_venue(window) == target  # written in the background (a CollectionOp)
    settle(window)
    assert target.is_file() and "exported venue" in window.statusBar().currentMessage()
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
    export_package(catalogue, venue_id=catalogue.test_venue_id, target=target)
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
    export_package(catalogue, venue_id=catalogue.test_venue_id, target=target)
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
