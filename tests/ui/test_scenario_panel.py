"""The trainer's scenario dock: scenarios, phases, stepping, drawing on the model, JSON round trip, undo.

Clicks on the model are what the viewer's pick delivers (`viewer.picked`), handed to the shared place
tool exactly as a real click is; file dialogs are monkeypatched.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from venueplans.ops import scenario_reads
from venueplans.ui.scene_port import PickResult

pytestmark = pytest.mark.gui


@pytest.fixture
def window(catalogue, make_window, settle):
    w = make_window(catalogue, catalogue.test_venue_id)
    w.scenarios.show_panel()
    w.settle = lambda: settle(w)  # edits run off the GUI thread: wait for them to land
    return w


def _click(window, x, y, storey=0, z=None):
    """What a click on the floor of *storey* delivers."""
    z = (0.0 if storey == 0 else 4.0) if z is None else z
    window.viewer.picked.emit(PickResult(element=0, point=(x, y, z), storey=storey, category="slab"))
    window.settle()


def _new_with_phases(window, name="Night exercise", phases=(("Set-up", "H+00:00"), ("Entry", "H+00:05"))):
    panel = window.scenarios.panel
    dialog = panel.new_scenario()
    dialog.edit.setText(name)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    window.settle()
    for phase, time in phases:
        dialog = panel.add_phase()
        dialog.name.setText(phase)
        dialog.time.setText(time)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        window.settle()
    return panel


def _place_marker(window, symbol, x, y, label="", storey=0):
    tools = window.scenarios.panel.tools
    tools.symbol.setCurrentIndex(tools.symbol.findData(symbol))
    tools.label.setText(label)
    tools.buttons["marker"].click()
    _click(window, x, y, storey)


def test_create_duplicate_delete_scenarios(window, catalogue):
    panel = _new_with_phases(window, phases=())
    venue = catalogue.test_venue_id
    assert [s.name for s in scenario_reads.list_scenarios(catalogue, venue_id=venue)] == ["Night exercise"]
    assert panel.scenario_box.currentText() == "Night exercise"
    panel.act_duplicate.trigger()
    window.settle()
    assert panel.scenario_box.currentText() == "Night exercise (copy)"
    dialog = panel.rename_scenario()
    dialog.edit.setText("Day exercise")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    window.settle()
    assert sorted(s.name for s in scenario_reads.list_scenarios(catalogue, venue_id=venue)) == ["Day exercise", "Night exercise"]
    panel.act_delete.trigger()
    window.settle()
    assert [s.name for s in scenario_reads.list_scenarios(catalogue, venue_id=venue)] == ["Night exercise"]
    assert panel.scenario_id is None and panel.scenario_box.count() == 2  # "— no scenario —" + 1
    window.editing.act_undo.trigger()  # Ctrl+Z brings the deleted scenario back
    window.settle()
    assert sorted(s.name for s in scenario_reads.list_scenarios(catalogue, venue_id=venue)) == ["Day exercise", "Night exercise"]


def test_a_marker_placed_in_phase_2_is_not_shown_in_phase_1(window):
    panel = _new_with_phases(window)
    layer = lambda: window.scenarios.layer  # noqa: E731
    panel.set_phase(0)
    window.settle()  # what the phase shows is read off the GUI thread
    _place_marker(window, "command_post", 3.0, -6.0, "CP")
    assert len(panel.item_texts()) == 1 and panel.item_texts()[0].startswith("CP")
    panel.next_button.click()
    window.settle()  # what the phase shows is read off the GUI thread
    assert panel.phase.name == "Entry" and "Entry" in panel.phase_title.text()
    _place_marker(window, "friendly_team", 12.0, 6.0, "Alpha")
    assert [t.split()[0] for t in panel.item_texts()] == ["Alpha", "CP"]  # what this phase placed comes first
    assert len(layer().state.items) == 2 and "markers" in layer().actors
    assert "PHASE 2" in layer().actors["caption"].GetInput()
    panel.prev_button.click()
    window.settle()  # what the phase shows is read off the GUI thread
    assert [t.split()[0] for t in panel.item_texts()] == ["CP"]
    assert len(layer().state.items) == 1 and "PHASE 1" in layer().actors["caption"].GetInput()
    panel.slider.setValue(1)  # the slider steps too
    window.settle()  # what the phase shows is read off the GUI thread
    assert len(layer().state.items) == 2


def test_bracket_keys_step_phases(window, qtbot):
    panel = _new_with_phases(window)
    panel.set_phase(0)
    window.settle()  # what the phase shows is read off the GUI thread
    window.viewer.plotter.setFocus()
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_BracketRight)
    assert panel.phase_index == 1
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_BracketLeft)
    assert panel.phase_index == 0


def test_route_across_storeys_and_an_area(window, catalogue):
    panel = _new_with_phases(window)
    tools = panel.tools
    tools.label.setText("Alpha axis")
    tools.buttons["route"].click()
    _click(window, 1.0, 5.0)
    _click(window, 3.5, 9.0)
    _click(window, 3.5, 9.5, storey=1)  # up the stair
    assert tools.finish_button.isEnabled() and window.scenarios.act_finish.isEnabled()
    window.scenarios.act_finish.trigger()  # Enter
    window.settle()
    route = next(a for a in scenario_reads.load_annotations(catalogue, scenario_id=panel.scenario_id) if a.type == "route")
    assert [p[3] for p in route.points] == [0, 0, 1] and route.points[2][2] == 4.0 and route.label == "Alpha axis"
    assert not window.scenarios.act_finish.isEnabled() and window.state.tool == "orbit"

    tools.area_kind.setCurrentIndex(tools.area_kind.findData("danger_zone"))
    tools.label.setText("Danger")
    tools.buttons["area"].click()
    for x, y in ((5.0, 2.0), (15.0, 2.0), (15.0, 10.0)):
        _click(window, x, y)
    tools.finish()  # what a double click does
    window.settle()
    area = next(a for a in scenario_reads.load_annotations(catalogue, scenario_id=panel.scenario_id) if a.type == "area")
    assert area.symbol == "danger_zone" and len(area.points) == 3
    assert {"routes", "areas"} <= set(window.scenarios.layer.actors)


def test_move_a_marker_in_a_later_phase(window, catalogue):
    panel = _new_with_phases(window)
    panel.set_phase(0)
    window.settle()  # what the phase shows is read off the GUI thread
    _place_marker(window, "friendly_team", 22.0, 5.75, "Bravo")
    panel.next_phase()
    window.settle()  # what the phase shows is read off the GUI thread
    panel.item_list.setCurrentRow(0)
    assert panel.tools.buttons["move"].isEnabled()
    panel.tools.buttons["move"].click()
    _click(window, 17.0, 5.75)
    state = scenario_reads.scenario_state(catalogue, scenario_id=panel.scenario_id, phase_id=panel.phase.id)
    assert state.items[0].moved and state.items[0].annotation.position[:2] == (17.0, 5.75)
    assert "moved" in panel.item_texts()[0]
    panel.previous_phase()
    window.settle()  # what the phase shows is read off the GUI thread
    assert "moved" not in panel.item_texts()[0]


def test_a_note_needs_its_text(window):
    panel = _new_with_phases(window)
    panel.tools.label.clear()
    panel.tools.buttons["text"].click()
    _click(window, 5.0, 5.0)
    assert window.errors_shown[-1].startswith("type the note's text")
    assert panel.item_texts() == []


def test_json_export_then_import_round_trip(window, catalogue, tmp_path, monkeypatch):
    panel = _new_with_phases(window)
    panel.set_phase(0)
    window.settle()  # what the phase shows is read off the GUI thread
    _place_marker(window, "command_post", 3.0, -6.0, "CP")
    panel.set_phase(1)
    window.settle()  # what the phase shows is read off the GUI thread
    _place_marker(window, "hostile", 10.0, 6.0, "Armed")
    first = tmp_path / "night.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(first), "")))
    panel.act_export.trigger()
    window.settle()
    assert first.is_file() and "Exported scenario" in window.statusBar().currentMessage()

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(first), "")))
    panel.act_import.trigger()
    window.settle()
    assert panel.scenario_box.currentText() == "Night exercise (imported)"
    assert [p.name for p in panel.phases] == ["Set-up", "Entry"]
    panel.set_phase(1)
    window.settle()  # what the phase shows is read off the GUI thread
    assert [t.split()[0] for t in panel.item_texts()] == ["Armed", "CP"]

    second = tmp_path / "again.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(second), "")))
    panel.act_export.trigger()
    window.settle()
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert b["scenario"]["name"] == "Night exercise (imported)"
    b["scenario"]["name"] = a["scenario"]["name"]
    assert a == b  # same phases, same annotations, same coordinates


def test_import_of_a_bad_file_is_one_line(window, tmp_path, monkeypatch):
    _new_with_phases(window, phases=())
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
    window.scenarios.panel.act_import.trigger()
    assert window.errors_shown[-1].startswith("broken.json: not valid JSON")


def test_ctrl_z_removes_the_last_marker(window, catalogue, qtbot):
    panel = _new_with_phases(window)
    _place_marker(window, "hostile", 10.0, 6.0, "Armed")
    assert len(panel.item_texts()) == 1
    window.viewer.plotter.setFocus()
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.settle()
    assert panel.item_texts() == [] and scenario_reads.load_annotations(catalogue, scenario_id=panel.scenario_id) == []


def test_closing_the_dock_removes_the_phase_from_3d(window):
    panel = _new_with_phases(window)
    _place_marker(window, "hostile", 10.0, 6.0, "Armed")
    layer = window.scenarios.layer
    assert layer.actors
    window.scenarios.dock.close()
    assert not layer.actors
    window.scenarios.act_panel.trigger()
    window.settle()  # what the phase shows is read off the GUI thread
    assert "markers" in layer.actors and len(panel.item_texts()) == 1


def test_plan_view_cuts_the_phase_storey_open(window):
    panel = _new_with_phases(window)
    _place_marker(window, "hostile", 10.0, 6.0, "Armed", storey=1)
    panel.frame_button.click()
    st = window.state
    assert st.focus == 1 and st.mode == "isolate" and st.section and st.section_height == pytest.approx(5.2)


def test_a_route_drawn_with_real_clicks_ends_with_a_double_click(window, catalogue, qtbot):
    from PySide6.QtCore import QPoint

    panel = _new_with_phases(window)
    drawn = window.viewer.frames
    window.viewer.view("top")
    qtbot.waitUntil(lambda: window.viewer.frames > drawn)  # the top view drawn before clicking on it
    panel.tools.buttons["route"].click()
    plotter = window.viewer.plotter
    for x, y in ((2.0, 3.0), (10.0, 3.0), (18.0, 9.0)):
        qtbot.mouseClick(plotter, Qt.MouseButton.LeftButton, pos=QPoint(*window.viewer.world_to_widget((x, y, 7.8))))
    assert len(panel.tools.points) == 3
    qtbot.mouseDClick(plotter, Qt.MouseButton.LeftButton, pos=QPoint(*window.viewer.world_to_widget((18.0, 9.0, 7.8))))
    window.settle()
    routes = [a for a in scenario_reads.load_annotations(catalogue, scenario_id=panel.scenario_id) if a.type == "route"]
    assert len(routes) == 1 and len(routes[0].points) == 3  # the double click on the last point adds none
    assert [round(c) for c in routes[0].points[0][:2]] == [2, 3]
    assert not window.editing.pick_tool.armed and window.state.tool == "orbit"
