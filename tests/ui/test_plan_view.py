"""The 2D plan dock: follows the storey and the cut, shares the selection and the camera with the 3D view.

GUI tests use the synthetic two-storey hall (tests/factories.py): exits 1 and 2 (east, west) and the main
entrance on the ground floor, one exit upstairs; a 20 x 12 m box, so its grid has 2 m cells.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from venueplans.catalogue import read
from venueplans.ui.plan_model import camera_on_plan, plan_cut
from venueplans.ui.plan_view import PLAN_SHORTCUTS
from venueplans.ui.view_state import Selection, ViewState

PLAN_TIMEOUT_MS = 60_000  # as the first 3D frame: a shared 2-core machine can be slow


# --- without a display --------------------------------------------------------------------------------
def test_plan_cut_follows_the_section_only_within_the_storey():
    from venueplans.model import Storey

    state = ViewState()
    state.reset([Storey("Ground", 0.0, 0, 4.0, "g0"), Storey("First", 4.0, 1, 4.0, "g1")])
    ground, first = state.storey(0), state.storey(1)
    assert plan_cut(state, ground) == 1.2  # no cut: the architectural 1.2 m
    state.set_section(True, 2.0)
    assert plan_cut(state, ground) == 2.0
    assert plan_cut(state, first) == 1.2  # 2 m is below the first floor: not a cut of that storey
    state.set_section(True, 5.5)
    assert plan_cut(state, first) == 1.5
    state.set_plan_stack(True)
    assert plan_cut(state, first) == 1.2


def test_selection_of_a_pick():
    from venueplans.model import Feature
    from venueplans.ui.scene_port import PickResult

    assert Selection.of(None) is None
    assert Selection.of(PickResult(None, (1, 2, 3), 0, None)) is None
    f = Feature("exit", "Exit", 1, (1.0, 2.0, 4.0), "test", 7, id=42)
    sel = Selection.of(PickResult(7, (1.0, 2.0, 4.0), None, "door", f))
    assert (sel.element, sel.feature_id, sel.storey, sel.category) == (7, 42, 1, "door")


def test_camera_on_plan_top_view_and_walker():
    top = camera_on_plan((10, 20, 100), (10, 20, 0), (0, 1, 0), 30.0, True, 5.0, 2.0, 0.0, 500.0)
    assert top.eye == (10, 20) and top.heading is None
    assert np.allclose(np.sort(top.footprint[:, 0]), [0, 0, 20, 20])  # 2 x 5 m half-width, aspect 2
    assert np.allclose(np.sort(top.footprint[:, 1]), [15, 15, 25, 25])
    walker = camera_on_plan((0, 0, 1.7), (0, 10, 1.7), (0, 0, 1), 70.0, False, 1.0, 1.5, 0.0, 40.0)
    assert walker.heading == pytest.approx(math.pi / 2)  # looking north
    assert walker.half_fov == pytest.approx(math.atan(math.tan(math.radians(35)) * 1.5))
    # the upper corners never reach the floor: clamped at the maximum distance, ahead of the walker
    assert walker.footprint[:, 1].max() == pytest.approx(40.0 * max(np.cos(walker.half_fov), 0), rel=0.5)
    assert (walker.footprint[:, 1] > 0).all()


# --- in the window --------------------------------------------------------------------------------------
@pytest.fixture
def window(catalogue, make_window, qtbot):
    w = make_window(catalogue, catalogue.test_venue_id)
    qtbot.waitUntil(lambda: w.plan_view.data is not None, timeout=PLAN_TIMEOUT_MS)
    return w


def _exits(view) -> dict[int, object]:
    return {s.meta["number"]: s for s in view.symbols if s.kind == "exit"}


def _features(cat, venue_id, kind="exit"):
    return [f for f in read.load_features(cat, venue_id) if f.kind == kind]


@pytest.mark.gui
def test_plan_shows_the_current_storey_exits_with_their_numbers(window, catalogue):
    view = window.plan_view
    assert window.plan_dock.isVisible() and view.data.storey.name == "Ground"
    expected = sorted(f.number for f in _features(catalogue, catalogue.test_venue_id) if f.storey == 0)
    exits = _exits(view)
    assert sorted(exits) == expected == [1, 2]
    for number, item in exits.items():
        assert str(number) in item.texts()  # the number is painted in the badge
        assert item.meta["cell"] == view.data.grid.cell_of(*next(
            f.position[:2] for f in view.data.plan.features if f.number == number and f.kind == "exit"))
    assert any(s.kind == "entrance" for s in view.symbols)
    # what is painted: the exit badge is exit green on screen
    image = view.canvas.viewport().grab().toImage()
    p = view.canvas.symbol_point(exits[1]).toPoint()
    ratio = image.devicePixelRatio()
    c = image.pixelColor(int((p.x() + 6) * ratio), int(p.y() * ratio))  # beside the white number
    assert c.green() > 100 and c.red() < 80 and c.blue() < 120, c.name()
    assert "Ground" in view.title.text()


@pytest.mark.gui
def test_changing_storey_changes_the_plan(window, qtbot):
    view = window.plan_view
    ground_build = view.data
    window.state.isolate(1)  # what the storeys panel does
    qtbot.waitUntil(lambda: view.data.storey.index == 1, timeout=PLAN_TIMEOUT_MS)
    assert sorted(_exits(view)) == [3]
    assert not any(s.kind == "entrance" for s in view.symbols)
    assert "First" in view.title.text()
    window.state.isolate(0)  # cached: back at once, without a rebuild
    assert view.data is ground_build
    assert sorted(_exits(view)) == [1, 2]


@pytest.mark.gui
def test_the_plan_follows_the_section_cut(window, qtbot):
    view = window.plan_view
    window.state.set_section(True, 2.0)
    qtbot.waitUntil(lambda: view.data.cut == 2.0, timeout=PLAN_TIMEOUT_MS)
    assert view.data.plan.cut_z == pytest.approx(2.0)
    window.state.set_section(False)
    qtbot.waitUntil(lambda: view.data.cut == 1.2, timeout=PLAN_TIMEOUT_MS)


@pytest.mark.gui
def test_clicking_an_exit_in_the_plan_selects_it_in_3d_and_properties(window, qtbot):
    view = window.plan_view
    item = _exits(view)[1]
    with qtbot.waitSignal(view.picked, timeout=5000) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view.canvas.symbol_point(item).toPoint())
    feature = blocker.args[0].feature
    assert feature is not None and feature.kind == "exit" and feature.number == 1
    rows = window.properties_panel.rows
    assert rows["Kind"] == "Emergency exit" and rows["Number"] == "1"
    assert window.state.selection.feature_id == feature.id
    assert view.selected_symbols() == [item]
    qtbot.waitUntil(lambda: len(view.highlight3d.actors) >= 3)  # the ring, its pole, the door (read off-thread)
    assert view.selection_item is not None  # the door gap is outlined on the plan too
    # a click on nothing clears the selection everywhere
    with qtbot.waitSignal(view.picked, timeout=5000):
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.canvas.widget_point(-3.0, -3.0).toPoint())
    assert window.state.selection is None and view.highlight3d.actors == [] and view.selected_symbols() == []


@pytest.mark.gui
def test_clicking_a_room_selects_the_space(window, qtbot):
    view = window.plan_view
    with qtbot.waitSignal(view.picked, timeout=5000) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.canvas.widget_point(7.0, 4.0).toPoint())
    pick = blocker.args[0]
    assert pick.category == "space"
    assert window.properties_panel.rows["Space"] == "R0.01"
    assert view.selection_item is not None
    qtbot.waitUntil(lambda: bool(view.highlight3d.actors))  # the room's prism, read off the GUI thread


@pytest.mark.gui
def test_picking_in_3d_highlights_in_the_plan(window, qtbot):
    view, viewer = window.plan_view, window.viewer
    drawn = viewer.frames
    viewer.view("east")
    qtbot.waitUntil(lambda: viewer.frames > drawn)  # marker positions are those of the last frame
    exit_east = next(f for f in viewer.scene.features if f.label == "Exit east")
    x, y = viewer.display_to_widget(*viewer.scene.feature_display_point(exit_east))
    with qtbot.waitSignal(viewer.picked, timeout=5000) as blocker:
        qtbot.mouseClick(viewer.plotter, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    picked = blocker.args[0].feature  # seen from the east, the west exit's marker is right behind
    assert picked is not None and picked.kind == "exit"
    assert [s.meta["feature_id"] for s in view.selected_symbols()] == [picked.id]
    # an element without a symbol: the wall's cut is outlined in amber
    drawn = viewer.frames
    viewer.view("south")
    qtbot.waitUntil(lambda: viewer.frames > drawn)
    x, y = viewer.world_to_widget((6.0, 0.0, 1.5))
    with qtbot.waitSignal(viewer.picked, timeout=5000) as blocker:
        qtbot.mouseClick(viewer.plotter, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert blocker.args[0].category == "wall"
    assert view.selected_symbols() == []
    assert view.selection_item is not None
    assert view.selection_item.path.contains(view.canvas.mapToScene(view.canvas.widget_point(6.0, 0.15).toPoint()))


@pytest.mark.gui
def test_camera_marker_follows_the_3d_camera_at_most_20_hz(window, qtbot):
    view, viewer = window.plan_view, window.viewer
    viewer.view("top")
    qtbot.waitUntil(lambda: view.camera is not None and view.camera.heading is None, timeout=5000)
    top, cam = view.camera_item.pos(), viewer.plotter.camera
    assert (top.x(), -top.y()) == pytest.approx(cam.position[:2], abs=1e-6)
    assert (top.x(), -top.y()) == pytest.approx((10.0, 6.0), abs=1.5)  # above the hall
    viewer.view("iso")
    qtbot.waitUntil(lambda: view.camera.heading is not None, timeout=5000)
    assert view.camera_item.pos() != top and view.camera_item.isVisible() and view.footprint_item.isVisible()
    dx, dy = cam.focal_point[0] - cam.position[0], cam.focal_point[1] - cam.position[1]
    assert view.camera.heading == pytest.approx(math.atan2(dy, dx), abs=1e-6)
    qtbot.waitUntil(lambda: not view._camera_timer.isActive())  # the pending update drawn
    before, started = view.camera_updates, time.perf_counter()
    for _ in range(40):  # each step modifies VTK's camera several times
        viewer.orbit(2)
        qtbot.wait(5)  # pacing of a dragging hand (the rate is what is tested), not a synchronisation
    qtbot.waitUntil(lambda: not view._camera_timer.isActive())  # the last throttled update drawn
    elapsed = time.perf_counter() - started
    updates = view.camera_updates - before
    assert 1 <= updates <= elapsed / 0.05 + 2


@pytest.mark.gui
def test_ctrl_click_moves_the_3d_camera_there(window, qtbot):
    view, cam = window.plan_view, window.viewer.plotter.camera
    target = (5.0, 4.0)
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     view.canvas.widget_point(*target).toPoint())
    tol = 1.5 / view.canvas.px_per_metre()  # a pixel and a half on the plan
    assert cam.focal_point[:2] == pytest.approx(target, abs=tol)
    assert cam.position[:2] == pytest.approx(target, abs=tol)  # straight above: a top view
    assert cam.GetParallelProjection() and window.state.section  # cut open so the storey is seen
    assert window.state.selection is None  # Ctrl+click moves, it does not select


@pytest.mark.gui
def test_double_click_while_walking_puts_the_walker_there(window, qtbot):
    view = window.plan_view
    window.act_walk.trigger()
    walk = window.walk
    yaw, z = walk.yaw, walk.eye[2]
    qtbot.mouseDClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=view.canvas.widget_point(12.0, 6.0).toPoint())
    tol = 1.5 / view.canvas.px_per_metre()
    assert walk.eye[:2] == pytest.approx((12.0, 6.0), abs=tol)
    assert walk.eye[2] == z and walk.yaw == yaw  # same storey, same heading
    assert window.viewer.plotter.camera.position[:2] == pytest.approx((12.0, 6.0), abs=tol)
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_Escape)


@pytest.mark.gui
def test_grid_cell_under_the_mouse_in_the_status_bar(window, qtbot):
    view = window.plan_view
    grid = view.data.grid
    for x, y in ((13.0, 7.0), (1.0, 11.0)):
        QTest.mouseMove(view.canvas.viewport(), view.canvas.widget_point(x, y).toPoint())
        qtbot.waitUntil(lambda x=x, y=y: view.cell_label.text() == f"Cell {grid.cell_of(x, y)}", timeout=3000)
    assert grid.cell_of(13.0, 7.0) != grid.cell_of(1.0, 11.0)
    assert view.cell_label.parent() is not None and view.cell_label.isVisible()  # in the status bar


@pytest.mark.gui
def test_help_lists_the_plan_mouse_actions(window):
    dialog = window.show_shortcuts()
    keys = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Ctrl+click / double-click" in keys and PLAN_SHORTCUTS[0] == "2D plan"
    assert "Ctrl+click" in window.plan_view.canvas.toolTip()
    dialog.close()


@pytest.mark.gui
def test_a_failing_plan_is_reported_not_fatal(window, qtbot, monkeypatch):
    from venueplans.ui import plan_view

    def broken(*_args, **_kwargs):
        raise RuntimeError("simulated plan failure")

    monkeypatch.setattr(plan_view, "build_plan_data", broken)
    view = window.plan_view
    window.state.set_section(True, 0.9)  # a cut height never built before
    qtbot.waitUntil(lambda: "plan failed" in view.status.text(), timeout=PLAN_TIMEOUT_MS)
    assert view.errors[-1].endswith("simulated plan failure")
    monkeypatch.undo()
    window.state.set_section(False)
    qtbot.waitUntil(lambda: view.status.text() == "", timeout=PLAN_TIMEOUT_MS)
    assert view.data.storey.index == 0 and view.data.cut == 1.2  # the cached plan is back


@pytest.mark.gui
def test_many_qt_calls_do_not_exhaust_none(window):
    """PySide6 6.12.0 on Python < 3.12 drops a reference to None per void call (hence the pin <6.12 in
    pyproject.toml): far more calls than None had references must not abort the interpreter."""
    import sys

    from PySide6.QtGui import QPainterPath

    path = QPainterPath()
    calls = 200_000  # None has ~50,000 references in this process
    for _ in range(calls):
        path.setFillRule(Qt.FillRule.WindingFill)
    assert sys.getrefcount(None) > 1000


@pytest.mark.gui
def test_an_edit_renumbering_an_exit_redraws_the_plan(window, qtbot, catalogue):
    from venueplans.ops.features import set_feature_number

    view = window.plan_view
    exit_east = next(f for f in view.data.plan.features if f.label == "Exit east")
    old = view.data
    window.editing.session.run(set_feature_number, feature_id=exit_east.id, number=7)
    qtbot.waitUntil(lambda: view.data is not old, timeout=PLAN_TIMEOUT_MS)
    assert 7 in _exits(view) and "7" in _exits(view)[7].texts()
    assert view.data.storey.index == 0


@pytest.mark.gui
def test_a_closed_plan_dock_builds_nothing_until_shown(window, qtbot):
    view = window.plan_view
    qtbot.waitUntil(lambda: not view._jobs, timeout=PLAN_TIMEOUT_MS)  # the other storeys, prefetched
    window.plan_dock.hide()
    window.state.set_section(True, 0.8)
    qtbot.waitUntil(lambda: not view._cut_timer.isActive())  # the cut settled: the hidden view was asked
    assert view._stale and view.data.cut == 1.2 and not view._jobs
    window.plan_dock.show()
    qtbot.waitUntil(lambda: view.data.cut == 0.8, timeout=PLAN_TIMEOUT_MS)
