"""The desktop side of protection: the passphrase dialog, read-only mode, File › Export / Import package."""

from __future__ import annotations

import pytest

from venueplans.catalogue import open_catalogue

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _own_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def test_passphrase_dialog_asks_again_on_a_wrong_passphrase(qtbot, tmp_path):
    from venueplans.catalogue.db import session_passphrase, set_session_passphrase
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
        set_session_passphrase(None)


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


def test_export_then_import_a_package_from_the_file_menu(make_window, catalogue, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from venueplans.ui import protection

    target = tmp_path / "hall.vpkg"
    window = make_window(catalogue, catalogue.test_venue_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    assert protection.export_venue(window) == target and target.is_file()
    with open_catalogue(tmp_path / "other.sqlite") as other:
        second = make_window(other)
        venue_id = protection.import_package(second, str(target))  # signed by this installation: trusted
        assert venue_id is not None and second.venue_id == venue_id
        assert "package signed by key" in second.statusBar().currentMessage()
        assert second.signer_label.text().startswith("package signed by key")
