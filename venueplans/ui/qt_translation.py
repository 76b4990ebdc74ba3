"""Qt's own texts (standard dialog buttons, file dialogs, context menus) in the app's language.

The app's texts go through `venueplans.i18n`; Qt's stock texts come from the `qtbase_<lang>.qm` catalogue
PySide6 ships in its translations folder.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from venueplans.i18n import language


def install_qt_translator(app) -> QTranslator | None:
    """Loads qtbase_<lang>.qm into *app* when the language is not English; returns it (kept on *app*)."""
    lang = language()
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English))
    if lang == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{lang}", folder):
        return None  # a trimmed Qt without translations: stock buttons stay in English
    app.installTranslator(translator)
    app._venueplans_qt_translator = translator  # noqa: SLF001 - keeps it alive as long as the app
    return translator
