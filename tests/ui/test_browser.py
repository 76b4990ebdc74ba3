"""The catalogue browser lists venues and filters as the user types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.factories import two_storey_building
from venueplans.ops.import_venue import import_venue

pytestmark = pytest.mark.gui


def test_browser_lists_the_venue_with_its_facts(catalogue, make_window):
    window = make_window(catalogue)
    browser = window.browser
    assert browser.names() == ["Test Hall"]
    model = browser.model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[1:5] == ["theatre", "Lyon", "2", "3"]  # kind, city, storeys, exits
    assert row[5] == "not verified"


def test_search_filters_as_you_type(catalogue, make_window, qtbot):
    import_venue(catalogue, path="stade.ifc", name="Stade Nord", kind="stadium", city="Marseille",
                 model=two_storey_building(sha="1" * 64, name="Stade Nord"))
    window = make_window(catalogue)
    browser = window.browser
    assert sorted(browser.names()) == ["Stade Nord", "Test Hall"]
    qtbot.keyClicks(browser.search, "mars")
    qtbot.waitUntil(lambda: browser.names() == ["Stade Nord"], timeout=3000)
    browser.search.clear()
    qtbot.keyClicks(browser.search, "lyo")
    qtbot.waitUntil(lambda: browser.names() == ["Test Hall"], timeout=3000)
    qtbot.keyClicks(browser.search, "zzz")
    qtbot.waitUntil(lambda: browser.names() == [], timeout=3000)
    assert "0 venues" in browser.count.text()


def test_recently_opened_first_and_enter_opens(catalogue, make_window, qtbot):
    import_venue(catalogue, path="stade.ifc", name="Aaa Arena", kind="arena",
                 model=two_storey_building(sha="2" * 64, name="Aaa Arena"))
    window = make_window(catalogue)
    assert window.browser.names()[0] == "Aaa Arena"  # by name when nothing was opened
    with qtbot.waitSignal(window.viewer.first_frame, timeout=60_000):
        qtbot.keyClicks(window.browser.search, "test")
        qtbot.waitUntil(lambda: window.browser.names() == ["Test Hall"], timeout=3000)
        qtbot.keyClick(window.browser.search, Qt.Key.Key_Return)
    assert window.venue_id == catalogue.test_venue_id
    window.act_home.trigger()
    window.browser.search.clear()
    qtbot.waitUntil(lambda: len(window.browser.names()) == 2, timeout=3000)
    assert window.browser.names()[0] == "Test Hall"  # recently opened first


def test_opening_a_venue_stores_its_thumbnail_for_the_list(catalogue, make_window, qtbot):
    from venueplans.catalogue import read

    vid = catalogue.test_venue_id
    assert read.thumbnail(catalogue, vid) is None
    window = make_window(catalogue, vid)
    qtbot.waitUntil(lambda: read.thumbnail(catalogue, vid) is not None, timeout=5000)
    assert read.thumbnail(catalogue, vid).startswith(b"\x89PNG")
    window.act_home.trigger()  # the list is read again on the window's runner
    model = window.browser.model
    qtbot.waitUntil(lambda: model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None)
