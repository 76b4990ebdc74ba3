"""Opening a venue: storeys panel, isolation, categories, picking, properties, measuring, sections, walk."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt

from venueplans.ui.scene_port import PickResult

pytestmark = pytest.mark.gui


@pytest.fixture
def window(catalogue, make_window):
    return make_window(catalogue, catalogue.test_venue_id)


def test_opening_shows_storeys_legend_and_header(window):
    panel = window.storeys_panel
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert len(rows) == 2 and rows[0].startswith("First") and rows[1].startswith("Ground")  # top floor first
    assert "Test Hall" in window.header.text()
    assert "3 exits" in window.legend.counts.text()
    assert window.legend.isVisible()
    assert window.viewer.scene.visible_storeys() == [0, 1]


def test_isolating_a_storey_changes_the_scene(window, qtbot):
    panel = window.storeys_panel
    ground = panel.list.item(1)
    panel.list.setCurrentItem(ground)  # what a click does
    assert window.state.focus == 0 and window.state.mode == "isolate"
    assert window.viewer.scene.visible_storeys() == [0]
    window.state.step(+1)  # PageUp
    assert window.viewer.scene.visible_storeys() == [1]
    assert panel.list.currentItem().text().startswith("First")  # the panel follows the model
    qtbot.mouseClick(panel.all_button, Qt.MouseButton.LeftButton)
    assert window.viewer.scene.visible_storeys() == [0, 1]


def test_page_keys_step_storeys(window, qtbot):
    window.viewer.plotter.setFocus()
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_PageUp)
    assert window.state.focus == 0
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_PageUp)
    assert window.viewer.scene.visible_storeys() == [1]


def test_category_toggle_hides_that_category(window, qtbot):
    scene = window.viewer.scene
    assert "wall" in scene.visible_categories()
    window.categories_panel.boxes["wall"].click()
    assert window.state.categories["wall"] is False
    assert "wall" not in scene.visible_categories()
    assert "slab" in scene.visible_categories()
    window.categories_panel.boxes["wall"].click()
    assert "wall" in scene.visible_categories()


def _click_world(qtbot, window, point):
    x, y = window.viewer.world_to_widget(point)
    qtbot.mouseClick(window.viewer.plotter, Qt.MouseButton.LeftButton, pos=QPoint(x, y))


def test_clicking_a_wall_shows_its_properties(window, qtbot):
    drawn = window.viewer.frames
    window.viewer.view("south")
    qtbot.waitUntil(lambda: window.viewer.frames > drawn)
    with qtbot.waitSignal(window.viewer.picked, timeout=5000) as blocker:
        _click_world(qtbot, window, (6.0, 0.0, 1.5))  # outer face of the ground-floor south wall
    pick = blocker.args[0]
    assert pick is not None and pick.category == "wall"
    qtbot.waitUntil(lambda: "Class" in window.properties_panel.rows)  # the element is read off the GUI thread
    rows = window.properties_panel.rows
    assert rows["Class"] == "IfcWall"
    assert rows["Name"] == "South wall 0"
    assert rows["Storey"] == "Ground"
    assert math.dist(pick.point, (6.0, 0.0, 1.5)) < 0.3


def test_clicking_an_exit_marker_shows_the_exit(window, qtbot):
    drawn = window.viewer.frames
    window.viewer.view("east")
    scene = window.viewer.scene
    qtbot.waitUntil(lambda: window.viewer.frames > drawn)  # marker positions are those of the last frame
    exit_east = next(f for f in scene.features if f.label == "Exit east")
    x, y = window.viewer.display_to_widget(*scene.feature_display_point(exit_east))
    with qtbot.waitSignal(window.viewer.picked, timeout=5000) as blocker:
        qtbot.mouseClick(window.viewer.plotter, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert blocker.args[0].feature is not None
    rows = window.properties_panel.rows
    assert rows["Kind"] == "Emergency exit"
    assert rows["Clear width"] == "1.50 m"


def test_picked_space_shows_name_and_area(window, qtbot):
    qtbot.waitUntil(lambda: bool(window.properties_panel._spaces))  # read off the GUI thread with the venue
    space = next(iter(window.properties_panel._spaces.values()))
    window.properties_panel.show_pick(PickResult(element=space.element, point=None, storey=0, category="space"))
    rows = window.properties_panel.rows
    assert rows["Space"] == "R0.01"
    assert rows["Area"] == f"{19.4 * 11.4:.1f} m²"


def test_measure_two_known_points(window, qtbot):
    window.viewer.view("south")
    window.act_measure.trigger()
    assert window.state.tool == "measure"
    a, b = (4.0, 0.0, 1.0), (14.0, 0.0, 1.0)
    for p in (a, b):
        with qtbot.waitSignal(window.viewer.point_picked, timeout=5000):
            _click_world(qtbot, window, p)
    assert window.measure.distance == pytest.approx(10.0, abs=0.3)
    assert "Distance: " in window.measure_panel.result.text()
    window.measure.clear()
    window.measure.add((0, 0, 0))
    window.measure.add((3, 4, 0))
    assert window.measure_panel.result.text() == "Distance: 5.00 m"
    window.measure.add((3, 4, 12))
    assert window.measure_panel.result.text().startswith("Length: 17.00 m")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.state.tool == "orbit"


def test_section_defaults_to_storey_floor_plus_1_2(window):
    window.state.isolate(1)
    window.act_cut.trigger()
    assert window.state.section and window.state.section_height == pytest.approx(4.0 + 1.2)
    assert window.section_panel.height.value() == pytest.approx(5.2)
    window.act_xray.trigger()
    assert window.state.xray
    window.act_box.trigger()
    assert window.state.section_box
    window.act_box.trigger()
    window.act_cut.trigger()
    assert not window.state.section


def test_plan_stack_cuts_every_storey_and_pulls_them_apart(window):
    window.act_stack.trigger()
    st = window.state
    assert st.section and st.section_each_floor and st.explode > 0
    assert st.cut_height() == pytest.approx(1.2)
    assert window.section_panel.stack.isChecked() and not window.section_panel.height.isEnabled()
    assert window.viewer.scene.visible_storeys() == [0, 1]
    window.act_stack.trigger()
    assert not st.section and st.explode == 0


def test_walk_mode_keeps_eye_height_on_the_storey(window, qtbot):
    window.state.isolate(1)
    window.act_walk.trigger()
    cam = window.viewer.plotter.camera
    assert cam.position[2] == pytest.approx(4.0 + 1.7)
    start = cam.position
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_W)
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_D)
    assert cam.position != start
    assert cam.position[2] == pytest.approx(4.0 + 1.7)
    window.state.step(-1)  # PageDown while walking: down to the ground floor's eye height
    assert cam.position[2] == pytest.approx(0.0 + 1.7)
    qtbot.keyClick(window.viewer.plotter, Qt.Key.Key_Escape)
    assert window.state.tool == "orbit" and not window.walk.active


def test_exception_in_a_callback_is_reported_not_fatal(window, qtbot):
    from venueplans.ui import errors

    def boom():
        raise RuntimeError("simulated failure")

    errors.guarded(boom, context="test")()
    assert window.errors_shown[-1] == "test: internal error: RuntimeError: simulated failure"
    assert "\n" not in window.errors_shown[-1]


def test_shortcuts_dialog_lists_keys(window, qtbot):
    dialog = window.show_shortcuts()
    keys = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Page Up / Page Down" in keys and "M" in keys and "V" in keys
    dialog.close()


def _mean_rgb(image) -> tuple[float, float, float]:
    """Mean colour of a QImage (sampled every 2 pixels)."""
    total, n = [0.0, 0.0, 0.0], 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            total[0] += c.red()
            total[1] += c.green()
            total[2] += c.blue()
            n += 1
    return tuple(t / max(n, 1) for t in total)


def test_the_loading_bar_shows_over_the_3d_view(window, qtbot):
    """The 3D view is a native window: the "Opening…" bar must be drawn above it on screen, not hidden."""
    from PySide6.QtWidgets import QApplication

    loading = window.viewer.loading
    loading.show_text("Opening Test Hall…")  # as `load` does, held on screen (a small venue loads too fast)
    own = _mean_rgb(loading.grab().toImage())

    def on_screen() -> tuple[float, float, float]:
        top_left = loading.mapToGlobal(QPoint(0, 0))
        return _mean_rgb(QApplication.primaryScreen().grabWindow(0, top_left.x(), top_left.y(), loading.width(),
                                                                  loading.height()).toImage())

    # what the X server shows where the bar is: the bar itself (not the view's background), once painted
    qtbot.waitUntil(lambda: all(abs(a - b) < 12 for a, b in zip(on_screen(), own, strict=True)), timeout=5_000)
    # gone again: where it was, the screen shows the 3D view's last frame (shown again, not drawn anew)
    view = window.viewer.plotter
    place = loading.geometry()
    loading.hide()
    ratio = view.devicePixelRatioF()
    frame = view.image().copy(int(place.x() * ratio), int(place.y() * ratio), int(place.width() * ratio),
                              int(place.height() * ratio))
    qtbot.waitUntil(lambda: all(abs(a - b) < 12 for a, b in zip(on_screen(), _mean_rgb(frame), strict=True)),
                    timeout=5_000)


def test_a_window_screenshot_shows_the_3d_view(window):
    """`grab()` sees a native window black: the screenshot paints the view's last frame in its place."""
    image = window.screenshot()
    view = window.viewer.plotter
    centre = view.mapTo(window, view.rect().center())
    ratio = image.devicePixelRatio()
    frame = view.image()
    expected = frame.pixelColor(frame.width() // 2, frame.height() // 2)
    got = image.pixelColor(int(centre.x() * ratio), int(centre.y() * ratio))
    assert got.name() != "#000000" and got.name() == expected.name()


def test_a_venue_shown_again_leaves_no_copy_of_its_scene_data_behind(window, qtbot, monkeypatch):
    """The scene's meshes belong to the VTK actors once built: the build's own state must not keep the
    decoded data alive in a reference cycle (frozen out of garbage collection by ui/heap.py, it would
    never be freed)."""
    import gc
    import weakref

    viewer = window.viewer
    built = []
    build = type(viewer)._build

    def recording(self, cat, venue_id, data, *args):
        built.append(weakref.ref(data))
        return build(self, cat, venue_id, data, *args)

    monkeypatch.setattr(type(viewer), "_build", recording)
    monkeypatch.setattr("venueplans.ui.ops_runner.keep_collections_short", lambda: None)  # no collections
    gc.collect()
    gc.disable()  # what only a collection would free counts as kept
    try:
        for _ in range(2):
            with qtbot.waitSignal(viewer.first_frame, timeout=60_000):
                viewer.load(window.cat, window.venue_id, runner=window.ops)
        qtbot.waitUntil(window.ops.idle, timeout=10_000)
        first_alive = built[0]() is not None
    finally:
        gc.enable()
    assert len(built) == 2 and not first_alive, "the first load's scene data is still alive"


def test_the_3d_view_follows_the_scale_of_the_screen_it_moves_to(window, monkeypatch):
    """A laptop with an external monitor of another scale: VTK's window must render one pixel per device
    pixel of the view's own screen (not of the screen under the mouse), also after moving between them."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    view = window.viewer.plotter
    w, h = view.width(), view.height()
    assert tuple(view.ren_win.GetSize()) == (round(w * view.devicePixelRatioF()), round(h * view.devicePixelRatioF()))
    monkeypatch.setattr(view, "devicePixelRatioF", lambda: 2.0)  # the view is now on a 200 % screen
    QApplication.sendEvent(view, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert tuple(view.ren_win.GetSize()) == (w * 2, h * 2)
