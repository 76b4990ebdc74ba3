"""File > Print / export dossier…: routes typed in the dialog (from / to, to optional) and the route the
Routes dock shows end up in the written PDF, drawn over the plans with a route cards page (issue 13)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.ui.test_dossier_dialog import _dialog, opened  # noqa: F401 - fixture used below
from venueplans.ops.routes import route

pytestmark = pytest.mark.gui


@pytest.fixture
def window(catalogue, make_window):
    return make_window(catalogue)


def _export(dialog, qtbot, path):
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.export(path)
    assert done.args[0].startswith("Wrote "), done.args[0]
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def test_a_route_typed_in_the_dialog_is_in_the_pdf(window, qtbot, tmp_path, opened):  # noqa: F811
    dialog = _dialog(window, qtbot)
    assert not dialog.include_shown.isVisible()  # the Routes dock shows no route
    plain = _export(dialog, qtbot, tmp_path / "plain.pdf")
    qtbot.keyClicks(dialog.route_from, "Exit first floor")
    qtbot.keyClicks(dialog.route_to, "Exit west")
    dialog.add_route_button.click()
    qtbot.keyClicks(dialog.route_from, "Stair A")
    dialog.add_route_button.click()
    assert dialog.routes.count() == 2 and dialog.route_from.text() == ""
    pages = _export(dialog, qtbot, tmp_path / "routed.pdf")
    assert len(pages) == len(plain) + 1
    card = pages[-2]  # after the storey plans, before the update table
    assert "Route cards" not in plain[0] and "Route cards" in pages[0]  # in the contents
    assert "From Exit first floor" in card and "To Exit west" in card and "From Stair A" in card
    dialog.close()


def test_an_unknown_place_is_one_line_and_no_file(window, qtbot, tmp_path):
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.route_from, "nowhere at all")
    dialog.add_route_button.click()
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.export(tmp_path / "x.pdf")
    assert "nowhere at all" in done.args[0] and "\n" not in done.args[0]
    assert not (tmp_path / "x.pdf").exists()
    dialog.close()


def test_the_route_of_the_routes_dock_can_be_included(window, qtbot, tmp_path, opened):  # noqa: F811
    with qtbot.waitSignal(window.venue_opened, timeout=60_000):  # the venue is read off the GUI thread
        window.open_venue(window.cat.test_venue_id)
    window.routes.route = route(window.cat, venue_id=window.cat.test_venue_id, origin="Stair A", destination="Exit east")
    dialog = _dialog(window, qtbot)
    assert dialog.include_shown.isVisible() and dialog.include_shown.isChecked()
    pages = _export(dialog, qtbot, tmp_path / "shown.pdf")
    assert "From Stair A" in pages[-2] and "To Exit east" in pages[-2]
    dialog.include_shown.setChecked(False)
    assert len(_export(dialog, qtbot, tmp_path / "without.pdf")) == len(pages) - 1
    dialog.close()


def test_a_route_avoiding_a_place_typed_in_the_dialog(window, qtbot, tmp_path, opened):  # noqa: F811
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.route_from, "Grande salle")
    qtbot.keyClicks(dialog.route_avoid, "Exit east, ")  # its nearest way out, blocked
    dialog.add_route_button.click()
    assert "(avoiding Exit east)" in dialog.routes.item(0).text() and dialog.route_avoid.text() == ""
    assert dialog.options().routes == [("Grande salle", None, ("Exit east",))]
    free = route(window.cat, venue_id=window.cat.test_venue_id, origin="Grande salle", destination=None)
    assert free.destination.label.startswith("Exit east")  # what the dossier would show without the field
    card = _export(dialog, qtbot, tmp_path / "avoiding.pdf")[-2]
    assert "To Exit west" in card and "To Exit east" not in card
    dialog.close()


def test_an_unknown_place_to_avoid_is_one_line_naming_it_and_no_file(window, qtbot, tmp_path):
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.route_from, "Exit first floor")
    qtbot.keyClicks(dialog.route_avoid, "Escalier Z")  # typed, not added: the export takes it
    with qtbot.waitSignal(dialog.done, timeout=60_000) as done:
        dialog.export(tmp_path / "x.pdf")
    assert "places to avoid" in done.args[0] and "Escalier Z" in done.args[0] and "\n" not in done.args[0]
    assert not (tmp_path / "x.pdf").exists()
    dialog.close()
