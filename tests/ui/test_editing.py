"""Edit mode: reviewing exits, adding features by clicking, numbering, photos, sign-off, audit, undo/redo.

Everything is driven through the widgets (buttons, dialogs, the pick handler a click calls) and checked
in the catalogue, the 3D scene and the other views (header, browser row).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from venueplans.catalogue import read
from venueplans.ops.photos import list_photos
from venueplans.ui.scene_port import PickResult

pytestmark = pytest.mark.gui


@pytest.fixture
def window(catalogue, make_window, settle):
    w = make_window(catalogue, catalogue.test_venue_id)
    w.editing.act_edit.trigger()  # Ctrl+E
    settle(w)
    w.settle = lambda: settle(w)  # edits run off the GUI thread: wait for them to land
    return w


def _feature(cat, label):
    return next(f for f in read.load_features(cat, cat.test_venue_id) if f.label == label)


def _select(panel, label):
    f = next(f for f in panel.features if f.label == label)
    assert panel.select(f.id)
    return f


def test_edit_mode_shows_the_review_list(window):
    ed = window.editing
    assert ed.act_edit.isChecked() and ed.docks["features"].isVisible()
    rows = ed.features_panel.rows()
    assert any(r.startswith("Emergency exit") and "Exit east" in r and r.endswith("to review") for r in rows)
    assert rows[0].startswith("Emergency exit")  # exits come first
    assert "3 exits" in ed.features_panel.summary.text() and "to review" in ed.features_panel.summary.text()
    ed.act_edit.trigger()
    assert not ed.docks["features"].isVisible()


def test_confirm_and_reject_a_detected_exit(window, catalogue):
    panel = window.editing.features_panel
    _select(panel, "Exit east")
    panel.act_confirm.trigger()
    window.settle()
    assert _feature(catalogue, "Exit east").verified is True
    assert any("Exit east" in r and r.endswith("confirmed") for r in panel.rows())

    west = _select(panel, "Exit west")
    dialog = panel.reject_selected()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a rejection needs a reason
    dialog.reason.setCurrentText("Locked during shows")
    ok.click()
    window.settle()
    f = _feature(catalogue, "Exit west")
    assert f.verified is False and f.verify_reason == "Locked during shows" and f.number is None
    assert any("Exit west" in r and r.endswith("rejected: Locked during shows") for r in panel.rows())
    scene_ids = {g.id for g in window.viewer.scene.features}
    assert west.id not in scene_ids  # drawn nowhere
    assert "2 exits" in window.legend.counts.text()


def test_add_a_key_box_by_clicking_on_the_model(window, catalogue):
    panel, tool = window.editing.features_panel, window.editing.pick_tool
    panel.start_add("key_box")
    assert tool.armed and window.state.tool == "place"
    # what a click on the ground-floor slab delivers (viewer.picked -> PickTool.handle_pick)
    window.viewer.picked.emit(PickResult(element=0, point=(5.0, 3.0, 0.0), storey=0, category="slab"))
    assert not tool.armed and window.state.tool == "orbit"
    window.settle()
    boxes = [f for f in read.load_features(catalogue, catalogue.test_venue_id) if f.kind == "key_box"]
    assert len(boxes) == 1 and boxes[0].position == (5.0, 3.0, 0.0) and boxes[0].storey == 0
    assert panel.selected().id == boxes[0].id and any(r.startswith("Key box") for r in panel.rows())
    assert any(f.kind == "key_box" for f in window.viewer.scene.features)  # a marker in 3D
    assert window.properties_panel.rows == {}  # the placing click was not a look-up


def test_click_outside_the_model_lands_on_the_storey_floor(window, catalogue):
    panel, tool = window.editing.features_panel, window.editing.pick_tool
    window.viewer.view("top")
    panel.start_add("assembly_point")
    x, y = window.viewer.world_to_widget((-8.0, 6.0, 0.0))  # in the street west of the hall
    tool._last_release = type("P", (), {"x": lambda self: x, "y": lambda self: y})()
    tool.handle_pick(None)  # nothing under the cursor
    window.settle()
    point = next(f for f in read.load_features(catalogue, catalogue.test_venue_id) if f.kind == "assembly_point")
    assert abs(point.position[0] + 8.0) < 0.3 and abs(point.position[1] - 6.0) < 0.3 and point.storey == 0


def test_escape_cancels_a_placement(window, catalogue):
    panel, tool = window.editing.features_panel, window.editing.pick_tool
    panel.start_add("gas_shutoff")
    window.state.set_tool("orbit")  # what Esc does
    assert not tool.armed
    window.viewer.picked.emit(PickResult(element=0, point=(5.0, 3.0, 0.0), storey=0, category="slab"))
    window.settle()
    assert not any(f.kind == "gas_shutoff" for f in read.load_features(catalogue, catalogue.test_venue_id))


def test_edit_number_swaps_and_renumber_restores(window, catalogue):
    panel = window.editing.features_panel
    east = _select(panel, "Exit east")
    other = next(f for f in panel.features if f.kind == "exit" and f.number == east.number % 3 + 1)
    panel.form.number.setValue(other.number)
    panel.form.label.setText("East doors")
    panel.form.apply_button.click()
    window.settle()
    assert _feature(catalogue, "East doors").number == other.number
    assert _feature(catalogue, other.label).number == east.number  # swapped, never two exits 2
    assert panel.selected().label == "East doors"
    panel.act_renumber.trigger()
    window.settle()
    numbers = sorted(f.number for f in read.load_features(catalogue, catalogue.test_venue_id) if f.kind == "exit")
    assert numbers == [1, 2, 3]


def test_mark_the_clicked_door_as_an_exit(window, catalogue):
    panel = window.editing.features_panel
    assert not panel.act_mark.isEnabled()
    door = _feature(catalogue, "Main entrance").element
    window.viewer.picked.emit(PickResult(element=door, point=(10.0, 0.1, 1.0), storey=0, category="door"))
    assert panel.act_mark.isEnabled()
    panel.act_mark.trigger()
    window.settle()
    exits = [f for f in read.load_features(catalogue, catalogue.test_venue_id) if f.kind == "exit"]
    assert len(exits) == 4 and any(f.element == door and f.number == 4 for f in exits)
    assert panel.selected().element == door
    assert "4 exits" in window.legend.counts.text()


def test_photos_from_files(window, catalogue, tmp_path, monkeypatch):
    panel = window.editing.features_panel
    f = _select(panel, "Exit east")
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#00a651"))
    path = tmp_path / "door.png"
    assert image.save(str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    panel.photos.add_button.click()
    window.settle()
    assert panel.photos.list.count() == 1 and not panel.photos.list.item(0).icon().isNull()
    photos = list_photos(catalogue, feature_id=f.id)
    assert len(photos) == 1 and photos[0].mime == "image/png"
    bad = tmp_path / "notes.png"
    bad.write_text("not an image")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(bad)], "")))
    panel.photos.add_button.click()
    window.settle()
    assert window.errors_shown[-1] == "notes.png: not a JPEG, PNG, WebP or GIF image"  # one line, app alive
    assert panel.photos.list.count() == 1


def _review_all_exits(panel):
    for f in [f for f in panel.features if f.kind == "exit"]:
        panel.select(f.id)
        panel.act_confirm.trigger()
        panel.window().settle()


def test_sign_off_shows_verified_and_a_later_edit_withdraws_it(window, catalogue):
    ed = window.editing
    details, panel = ed.details_panel, ed.features_panel
    details.sign_button.click()  # exits not reviewed yet: refused in one line
    window.settle()
    assert window.errors_shown[-1].startswith("cannot sign off Test Hall: 3 detected exit(s) not reviewed")
    _review_all_exits(panel)
    details.by.setText("Cdt. Martin")
    details.sign_button.click()
    window.settle()
    today = date.today().isoformat()
    line = f"verified by Cdt. Martin on {today}"
    assert line in details.signoff_text()
    assert line in window.header.text()
    row = window.browser.model.venues[0]
    assert row.verified_by == "Cdt. Martin" and row.verified_on == today

    _select(panel, "Stair A")
    panel.form.notes.setPlainText("Smoke-free stair")
    panel.form.apply_button.click()
    window.settle()
    assert "not verified" in window.header.text()
    assert "withdrawn" in details.signoff_text() and "the plan changed" in details.signoff_text()
    assert read.get_venue(catalogue, catalogue.test_venue_id).verified_on is None
    assert window.browser.model.venues[0].verified_on is None


def test_audit_view_lists_the_edits(window):
    ed = window.editing
    panel = ed.features_panel
    _select(panel, "Exit west")
    panel.reject_selected("Not a door")
    window.settle()
    ed.details_panel.city.setText("Villeurbanne")
    ed.details_panel.save_button.click()
    window.settle()
    rows = ed.audit_view.rows()
    assert rows[0][2] == "Details edited" and "city: 'Lyon' → 'Villeurbanne'" in rows[0][3]
    assert rows[1][2] == "Feature rejected" and "reason: Not a door" in rows[1][3]
    assert rows[-1][2] == "Model imported"
    ed.audit_view.search.setText("rejected")
    assert [r[2] for r in ed.audit_view.rows()] == ["Feature rejected"]


def test_ctrl_z_undoes_and_ctrl_shift_z_redoes(window, catalogue, qtbot):
    ed = window.editing
    panel = ed.features_panel
    _select(panel, "Exit west")
    panel.reject_selected("Locked")
    window.settle()
    assert ed.act_undo.isEnabled() and ed.act_undo.text().startswith("Undo rejected emergency exit")
    window.viewer.plotter.setFocus()
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.settle()
    assert _feature(catalogue, "Exit west").verified is None
    assert any("Exit west" in r and r.endswith("to review") for r in panel.rows())
    assert ed.act_redo.isEnabled() and not ed.act_undo.isEnabled()
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window.settle()
    assert _feature(catalogue, "Exit west").verified is False
    assert all(f.label != "Exit west" for f in window.viewer.scene.features)
    assert ed.audit_view.rows()[0][2] == "Redo"


def test_undo_restores_a_deleted_feature_and_its_marker(window, catalogue):
    ed = window.editing
    panel = ed.features_panel
    stair = _select(panel, "Stair A")
    panel.act_delete.trigger()
    window.settle()
    assert all(f.id != stair.id for f in window.viewer.scene.features)
    ed.act_undo.trigger()
    window.settle()
    assert any(f.id == stair.id for f in window.viewer.scene.features)
    assert _feature(catalogue, "Stair A").id == stair.id
