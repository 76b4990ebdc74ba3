"""Help › User guide: the offline guide in the app's language, pictures included, on a laptop screen."""

from __future__ import annotations

import pytest

from venueplans.ui.user_guide import GUIDE_DIR, UserGuideDialog, guide_path


@pytest.mark.gui
@pytest.mark.parametrize(("lang", "heading", "group"), [
    ("fr", "guide d'utilisation", "Équipes d'intervention"),
    ("en", "user guide", "Intervention teams"),
])
def test_the_guide_opens_in_the_language_with_its_pictures(qtbot, lang, heading, group):
    from PySide6.QtGui import QTextDocument

    dialog = UserGuideDialog(lang=lang)
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert heading in text and group in text
    assert dialog.path == GUIDE_DIR / f"{lang}.md"
    images = [line.split("](")[1].rstrip(")") for line in dialog.path.read_text(encoding="utf-8").splitlines()
              if line.startswith("![")]
    assert len(images) >= 2
    for name in images:
        assert (GUIDE_DIR / name).is_file(), name
        image = dialog.browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                                   dialog.browser.document().baseUrl().resolved(name))
        assert image is not None and not image.isNull(), name
    assert dialog.width() <= 1366 - 40 and dialog.height() <= 768


def test_an_unknown_language_falls_back_to_english():
    assert guide_path("de") == GUIDE_DIR / "en.md"
    assert guide_path("fr") == GUIDE_DIR / "fr.md"
