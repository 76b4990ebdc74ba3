"""Help › User guide: the offline guide (docs/guide/<lang>.md) shown in a dialog, in the app's language.

The guide is Markdown with pictures made by the project's own `render` and `plan` commands
(`make guide-images`); QTextBrowser renders it without any network access (external links are not
followed). Falls back to the English guide when the current language has none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from venueplans.i18n import language, tr
from venueplans.paths import RESOURCES

GUIDE_DIR = RESOURCES.parent / "docs" / "guide"  # beside resources/ in a checkout, a wheel and a frozen app


def guide_path(lang: str | None = None, folder: Path = GUIDE_DIR) -> Path | None:
    """The guide in *lang* (default: the app's language), else the English one, else None."""
    for code in (lang or language(), "en"):
        path = folder / f"{code}.md"
        if path.is_file():
            return path
    return None


class UserGuideDialog(QDialog):
    def __init__(self, parent=None, lang: str | None = None):
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setWindowTitle(tr("User guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("user_guide_text")
        self.browser.setOpenExternalLinks(False)  # offline: a link never opens a browser
        self.browser.setOpenLinks(False)
        self.path = guide_path(lang)
        if self.path is None:
            self.browser.setPlainText(tr("The user guide is not installed (docs/guide is missing)."))
        else:
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.path.parent) + "/"))
            self.browser.setMarkdown(self.path.read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        screen = parent.screen().availableGeometry() if parent is not None and parent.screen() else None
        width, height = 900, 700
        if screen is not None:  # never larger than the screen (1366x768 laptops)
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(width, height)


def show_user_guide(parent=None) -> UserGuideDialog:
    """Opens the guide (non-modal: it can stay beside the main window)."""
    dialog = UserGuideDialog(parent)
    dialog.show()
    return dialog
