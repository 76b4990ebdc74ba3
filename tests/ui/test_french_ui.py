"""The desktop app in French, as a French officer gets it: menus, docks, panels, status texts, Qt's buttons."""

from __future__ import annotations

import pytest


@pytest.mark.gui
def test_the_window_speaks_french(catalogue, make_window, french, tmp_path):
    window = make_window(catalogue, catalogue.test_venue_id, size=(1366, 768))
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:2] == ["&Fichier", "&Édition"] and "Aid&e" in menus and "Scé&nario" in menus
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget

    docks = {d.windowTitle() for d in window.findChildren(QDockWidget)}
    assert {"Niveaux", "Plan 2D", "Propriétés", "Mesure", "Repères", "Validation"} <= docks
    assert "sorties de secours" in window.legend.counts.text()
    assert "niveau" in window.header.text() and "non vérifié" in window.header.text()
    model = window.browser.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Site", "Type", "Ville"]
    assert model.data(model.index(0, 1)) == "théâtre"
    status = window.statusBar().currentMessage()
    assert "sorties de secours" in status and "F1 : guide d'utilisation" in status
    window.screenshot().save(str(tmp_path / "french-1366.png"), "PNG")


@pytest.mark.gui
def test_the_user_guide_is_in_the_help_menu(catalogue, make_window, french, qtbot):
    from venueplans.ui.help_guide import UserGuideDialog

    window = make_window(catalogue)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Aid&e")
    guide = next(a for a in help_menu.actions() if a.text() == "Guide d'utilisation")
    assert guide.shortcut().toString() == "F1"
    guide.trigger()
    dialog = next(w for w in window.findChildren(UserGuideDialog))
    qtbot.addWidget(dialog)
    assert "guide d'utilisation" in dialog.browser.toPlainText()
