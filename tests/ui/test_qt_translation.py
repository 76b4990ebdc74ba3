"""Qt's stock texts follow the app's language: a standard Close button reads "Fermer" in French."""

from __future__ import annotations

import pytest


@pytest.mark.gui
def test_standard_buttons_are_french_in_french(qtbot, french):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from venueplans.ui.qt_translation import install_qt_translator

    app = QApplication.instance()
    previous = QLocale()
    translator = install_qt_translator(app)
    try:
        assert translator is not None
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {b.text().replace("&", "") for b in box.buttons()}
        assert texts == {"Fermer", "Annuler"}
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        QLocale.setDefault(previous)


@pytest.mark.gui
def test_no_translator_in_english(qtbot):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from venueplans.ui.qt_translation import install_qt_translator

    previous = QLocale()
    try:
        assert install_qt_translator(QApplication.instance()) is None
    finally:
        QLocale.setDefault(previous)
