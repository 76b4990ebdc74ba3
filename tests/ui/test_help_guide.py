"""Help > User guide: the offline guide opens in French and in English, with its contents, its pictures and
a search; F1 in the main window opens it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from venueplans import i18n
from venueplans.paths import GUIDE
from venueplans.ui.help_guide import UserGuideDialog, guide_file

pytestmark = pytest.mark.gui

HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")


def _markdown_headings(path: Path) -> list[str]:
    inside_code = False
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside_code = not inside_code
        match = HEADING.match(line)
        if match and not inside_code:
            found.append(re.sub(r"[*_`]", "", match.group(2)))
    return found


@pytest.fixture
def open_guide(qtbot):
    def make(lang: str) -> UserGuideDialog:
        dialog = UserGuideDialog(lang=lang)
        qtbot.addWidget(dialog)
        dialog.resize(1000, 700)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_guide_opens_in_each_language_with_its_contents(open_guide, lang):
    dialog = open_guide(lang)
    assert dialog.path == GUIDE / f"{lang}.md"
    expected = _markdown_headings(dialog.path)
    assert len(expected) >= 8, "the guide covers the three groups of users, each in its own section"
    assert [text for _level, text, _block in dialog.headings] == expected
    assert _tree_titles(dialog.contents) == expected  # every heading, in order, in the table of contents
    groups = "\n".join(expected)
    for words in (("police", "Équipes d'intervention"), ("operators", "Exploitants"), ("Trainers", "Formateurs")):
        assert any(w in groups for w in words), f"no section for {words[0]}"


def _tree_titles(tree) -> list[str]:
    titles = []

    def walk(item):
        titles.append(item.text(0))
        for j in range(item.childCount()):
            walk(item.child(j))

    for i in range(tree.topLevelItemCount()):
        walk(tree.topLevelItem(i))
    return titles


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_picture_of_the_guide_exists_and_loads(open_guide, lang):
    dialog = open_guide(lang)
    referenced = IMAGE.findall(dialog.path.read_text(encoding="utf-8"))
    assert len(referenced) >= 6
    assert dialog.image_urls() == referenced
    document = dialog.browser.document()
    room = dialog.browser.viewport().width()
    for name in referenced:
        file = dialog.path.parent / name
        assert file.is_file(), f"{lang}.md shows {name}, which is missing"
        image = QImage(str(file))
        assert not image.isNull(), f"{name} is not a readable picture"
        assert image.width() <= 1366
        loaded = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert loaded is not None and not loaded.isNull(), f"the dialog did not load {name}"
    # pictures wider than the text are shown narrower, never cut
    widths = list(_image_widths(document))
    assert widths and max(widths) <= room


def _image_widths(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                yield fmt.toImageFormat().width()
            it += 1
        block = block.next()


def test_the_pictures_stay_small():
    pictures = list((GUIDE / "images").rglob("*.png"))
    assert pictures
    assert sum(p.stat().st_size for p in pictures) < 3_000_000
    for lang in ("fr", "en"):
        shown = set(IMAGE.findall((GUIDE / f"{lang}.md").read_text(encoding="utf-8")))
        unused = [p.name for p in (GUIDE / "images" / lang).glob("*.png") if f"images/{lang}/{p.name}" not in shown]
        assert not unused, f"pictures {lang}.md does not show (shipped for nothing): {unused}"


def test_contents_jump_to_a_section_and_search_finds_words(open_guide, qtbot):
    dialog = open_guide("fr")
    bar = dialog.browser.verticalScrollBar()
    last = dialog.contents.topLevelItem(dialog.contents.topLevelItemCount() - 1)
    target = last.child(last.childCount() - 1) if last.childCount() else last
    dialog._go_to_item(target)
    assert bar.value() > 0
    assert dialog.browser.textCursor().block().text().strip() == target.text(0)

    dialog.search.setText("sortie de secours")
    assert dialog.find_next(from_start=True)
    assert dialog.browser.textCursor().selectedText().lower() == "sortie de secours"
    first = dialog.browser.textCursor().position()
    assert dialog.find_next()
    assert dialog.browser.textCursor().position() != first
    dialog.search.setText("zzz-introuvable")
    assert not dialog.find_next(from_start=True)
    assert dialog.search_status.text()


def test_falls_back_to_english_then_says_it_is_missing(tmp_path, qtbot):
    (tmp_path / "en.md").write_text("# Guide\n\n## Section\n", encoding="utf-8")
    assert guide_file("de", tmp_path) == tmp_path / "en.md"
    assert guide_file("fr", tmp_path / "nowhere") is None
    dialog = UserGuideDialog(lang="fr", folder=tmp_path / "nowhere")
    qtbot.addWidget(dialog)
    assert "not installed" in dialog.browser.toPlainText() or "installé" in dialog.browser.toPlainText()


def test_f1_opens_the_guide_in_the_app_language(catalogue, make_window, qtbot, monkeypatch):
    monkeypatch.setattr(i18n, "_language", "fr")  # the language the app started in
    window = make_window(catalogue)
    assert window.act_guide.shortcut().toString() == "F1"
    window.act_guide.trigger()
    qtbot.waitUntil(lambda: window.findChild(UserGuideDialog, "user_guide") is not None)
    dialog = window.findChild(UserGuideDialog, "user_guide")
    assert dialog.isVisible() and dialog.path.name == "fr.md"
    window.act_guide.trigger()  # F1 again: the same dialog comes to the front
    assert [d for d in window.findChildren(UserGuideDialog) if d.isVisible()] == [dialog]
    screen = window.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    dialog.close()


def test_the_reader_switches_the_guide_to_the_other_language(open_guide):
    dialog = open_guide("fr")
    assert dialog.language.currentData() == "fr"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.path.name == "en.md"
    assert [text for _level, text, _block in dialog.headings] == _markdown_headings(GUIDE / "en.md")
    assert _tree_titles(dialog.contents) == _markdown_headings(GUIDE / "en.md")
    assert all(url.startswith("images/en/") for url in dialog.image_urls())
