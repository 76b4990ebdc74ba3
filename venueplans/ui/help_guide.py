"""Help > User guide (F1): the offline guide (`docs/guide/<lang>.md`, shipped as `paths.GUIDE`) in a dialog.

The Markdown is rendered by QTextBrowser, which never touches the network: images are read from the guide
folder (relative `images/…` paths), external links are not followed. The guide is in the app's language
(`i18n.language()`), else English. On the left, a table of contents made from the document's own headings;
Ctrl+F (or F3 / Enter) searches the text. Pictures shrink to the dialog's width (1366x768 laptops).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from venueplans.i18n import language, tr
from venueplans.paths import GUIDE

FALLBACK_LANGUAGE = "en"
LANGUAGE_NAMES = (("fr", "Français"), ("en", "English"))  # each in its own language: not translated
IMAGE_MARGIN_PX = 40  # room for the document margin and the vertical scroll bar


def guide_file(lang: str | None = None, folder: Path | None = None) -> Path | None:
    """The guide in *lang* (default: the app's language), else the English one, else None (not shipped)."""
    folder = GUIDE if folder is None else folder
    for code in (lang or language(), FALLBACK_LANGUAGE):
        path = folder / f"{code}.md"
        if path.is_file():
            return path
    return None


class _ResizeWatcher(QObject):
    """Refits the pictures when the text area changes width."""

    def __init__(self, dialog: UserGuideDialog):
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, obj, event):  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self._dialog.fit_images()
        return False


class UserGuideDialog(QDialog):
    """The guide, its contents and a search field; non-modal, so it can stay open beside the main window."""

    def __init__(self, parent=None, lang: str | None = None, folder: Path | None = None):
        super().__init__(parent)
        self.setObjectName("user_guide")
        self.setWindowTitle(tr("User guide"))
        self.folder = GUIDE if folder is None else folder
        self.path = guide_file(lang, self.folder)

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("user_guide_text")
        self.browser.setOpenExternalLinks(False)  # offline: a link never starts a web browser
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)

        self.contents = QTreeWidget(self)
        self.contents.setObjectName("user_guide_contents")
        self.contents.setHeaderLabel(tr("Contents"))
        self.contents.itemActivated.connect(self._go_to_item)
        self.contents.itemClicked.connect(self._go_to_item)

        self.search = QLineEdit(self)
        self.search.setObjectName("user_guide_search")
        self.search.setPlaceholderText(tr("Search the guide (Ctrl+F, Enter: next, Shift+Enter: previous)"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.find_next)
        self.search.textEdited.connect(lambda _text: self.find_next(from_start=True))
        self.search_status = QLabel(self)
        # a mixed team reads the guide in its own language, whatever the app's language
        self.language = QComboBox(self)
        self.language.setObjectName("user_guide_language")
        self.language.setToolTip(tr("Language of the guide"))
        for code, name in LANGUAGE_NAMES:
            if (self.folder / f"{code}.md").is_file():
                self.language.addItem(name, code)
        if self.path is not None:
            self.language.setCurrentIndex(max(0, self.language.findData(self.path.stem)))
        self.language.currentIndexChanged.connect(lambda _i: self.show_language(self.language.currentData()))
        self.search_status.setObjectName("user_guide_search_status")
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence.StandardKey.FindNext, self, activated=self.find_next)
        QShortcut(QKeySequence.StandardKey.FindPrevious, self, activated=lambda: self.find_next(backward=True))
        QShortcut(QKeySequence("Shift+Return"), self.search, activated=lambda: self.find_next(backward=True))

        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([270, 730])  # the contents tree shows whole section titles
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_status)
        search_row.addWidget(self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.headings: list[tuple[int, str, int]] = []  # (level, text, block number)
        self._load()
        self.browser.viewport().installEventFilter(_ResizeWatcher(self))
        self._fit_to_screen(parent)

    # --- content ---------------------------------------------------------------------------------------
    def show_language(self, lang: str) -> None:
        """Shows the guide in *lang* (else English), back at its start."""
        self.path = guide_file(lang, self.folder)
        self._load()
        self.browser.verticalScrollBar().setValue(0)

    def _load(self) -> None:
        if self.path is None:
            self.browser.setPlainText(tr("The user guide is not installed: the folder {folder} is missing.")
                                      .format(folder=self.folder))
            return
        document = self.browser.document()
        self.browser.setSearchPaths([str(self.path.parent)])
        document.setBaseUrl(QUrl.fromLocalFile(str(self.path.parent) + "/"))
        document.setMarkdown(self.path.read_text(encoding="utf-8"))
        self.headings = self._read_headings(document)
        self._build_contents()
        self.fit_images()

    @staticmethod
    def _read_headings(document: QTextDocument) -> list[tuple[int, str, int]]:
        found = []
        block = document.begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                found.append((level, block.text().strip(), block.blockNumber()))
            block = block.next()
        return found

    def _build_contents(self) -> None:
        self.contents.clear()
        parents: dict[int, QTreeWidgetItem] = {}
        for level, text, number in self.headings:
            parent = next((parents[lv] for lv in range(level - 1, 0, -1) if lv in parents), None)
            item = QTreeWidgetItem([text])
            item.setData(0, Qt.ItemDataRole.UserRole, number)  # the heading's block
            item.setToolTip(0, text)
            if parent is None:
                self.contents.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents[level] = item
            for deeper in [lv for lv in parents if lv > level]:
                del parents[deeper]
        self.contents.expandAll()

    def image_urls(self) -> list[str]:
        """The image names the document shows, in order (as written in the Markdown)."""
        urls = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isImageFormat():
                    urls.append(fmt.toImageFormat().name())
                it += 1
            block = block.next()
        return urls

    def fit_images(self) -> None:
        """Shows each picture at its own size, or narrower when the text area is narrower."""
        document = self.browser.document()
        room = max(120, self.browser.viewport().width() - IMAGE_MARGIN_PX)
        block = document.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    self._fit_one(document, fragment, fmt.toImageFormat(), room)
                it += 1
            block = block.next()

    @staticmethod
    def _fit_one(document: QTextDocument, fragment, image: QTextImageFormat, room: int) -> None:
        picture = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
        if picture is None or picture.isNull():
            return
        width = min(picture.width(), room)
        if abs(image.width() - width) < 1:
            return
        image.setWidth(width)
        image.setHeight(picture.height() * width / picture.width())
        cursor = QTextCursor(document)
        cursor.setPosition(fragment.position())
        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)

    # --- navigation ------------------------------------------------------------------------------------
    def go_to_heading(self, block_number: int) -> None:
        """Scrolls so the heading starting at *block_number* is at the top of the text."""
        block = self.browser.document().findBlockByNumber(block_number)
        cursor = QTextCursor(block)
        self.browser.setTextCursor(cursor)
        top = self.browser.document().documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))

    def _go_to_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.go_to_heading(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _follow(self, url: QUrl) -> None:
        if url.hasFragment() and not url.scheme():
            self.browser.scrollToAnchor(url.fragment())
        # any other link (web, file) is not followed: the guide works offline

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def find_next(self, backward: bool = False, from_start: bool = False) -> bool:
        """Selects the next (or previous) occurrence of the search text, wrapping round; True when found."""
        text = self.search.text()
        if not text:
            self.search_status.clear()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if from_start:
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        found = self.browser.find(text, flags)
        if not found:  # wrap round
            self.browser.moveCursor(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            found = self.browser.find(text, flags)
        self.search_status.setText("" if found else tr("Not found"))
        return found

    def _fit_to_screen(self, parent) -> None:
        width, height = 1000, 720
        screen = parent.screen() if parent is not None else self.screen()
        if screen is not None:  # never larger than the screen (1366x768 laptops)
            area = screen.availableGeometry()
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(width, height)


def show_user_guide(parent=None) -> UserGuideDialog:
    """Opens the guide beside the main window (non-modal), in the app's language; F1 again brings the open
    one to the front instead of opening a second."""
    shown = [d for d in (parent.findChildren(UserGuideDialog) if parent is not None else []) if d.isVisible()]
    if shown:
        shown[0].raise_()
        shown[0].activateWindow()
        return shown[0]
    dialog = UserGuideDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
