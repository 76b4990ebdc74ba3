"""The venue scene drawn off-screen: exits visible, storeys, categories, sections, explode, picking, seats."""

from __future__ import annotations

import numpy as np
import pytest

from tests.render.imaging import frame, is_exit_green, pixel
from venueplans.render.features import MARKER_PX
from venueplans.render.style import GHOST_OPACITY


def element_index(scene, name: str) -> int:
    cat, vid = scene._test_source
    row = cat.conn.execute("SELECT idx FROM elements WHERE venue_id = ? AND name = ?", (vid, name)).fetchone()
    return int(row[0])


@pytest.fixture
def scene(hall_scene, hall):
    hall_scene._test_source = hall
    return hall_scene


def parts(scene, storey=None, category=None):
    return [p for p in scene._parts if (storey is None or p.storey == storey)
            and (category is None or p.category == category) and not p.instanced]


def test_one_actor_per_storey_and_category(scene):
    keys = [(p.storey, p.category) for p in parts(scene)]
    assert len(keys) == len(set(keys))
    assert {(0, "wall"), (1, "wall"), (0, "slab"), (1, "roof"), (0, "door"), (0, "stair")} <= set(keys)
    assert scene.categories[:3] == ["wall", "slab", "roof"]
    assert [s.name for s in scene.storeys] == ["Ground", "First"]


def exit_anchor_pixels(scene):
    """Display position of each exit's marker tip, checked against VTK's own world-to-display."""
    from vtkmodules.vtkRenderingCore import vtkCoordinate

    out = []
    for f, world in scene.marker_positions():
        if f.kind != "exit":
            continue
        x, y, _ = scene.world_to_display(world[None])[0]
        coord = vtkCoordinate()
        coord.SetCoordinateSystemToWorld()
        coord.SetValue(*world)
        vx, vy = coord.GetComputedDoubleDisplayValue(scene.renderer)
        assert (x, y) == pytest.approx((vx, vy), abs=0.6)
        out.append((f, x, y))
    return out


@pytest.mark.parametrize("view", ["iso", "top", "north", "south", "east", "west"])
def test_every_exit_is_a_green_marker_on_screen(scene, view):
    scene.set_view(view)
    image = frame(scene)
    exits = exit_anchor_pixels(scene)
    assert len(exits) == 3
    h, w, _ = image.shape
    for f, x, y in exits:
        assert 0 <= x < w and 0 <= y < h, f"{f.label} off screen in {view} view"
        body = pixel(image, x, y + 0.3 * MARKER_PX["exit"])  # the pin's body, above its tip
        assert is_exit_green(body), f"{f.label}: no green marker in the {view} view (got {body})"


def test_exit_labels_show_their_numbers(scene):
    frame(scene)
    labelled = {f.label: f.number for f in scene.labelled_features()}
    assert set(labelled) >= {"Exit east", "Exit west", "Exit first floor"}
    assert sorted(n for n in labelled.values() if n is not None) == [1, 2, 3]


def test_exit_doors_are_tinted_green(scene):
    door = parts(scene, 0, "door")[0]
    colours = door.poly.GetCellData().GetArray("colour")
    from vtkmodules.util.numpy_support import vtk_to_numpy

    rgb = vtk_to_numpy(colours)
    exit_cells = door.elements == element_index(scene, "Exit east")
    assert exit_cells.any() and (rgb[exit_cells] == (0, 166, 81)).all()
    assert (rgb[door.elements == element_index(scene, "Main entrance")] == (0, 114, 206)).all()


def test_isolating_a_storey_hides_or_ghosts_the_others(scene):
    scene.set_visible_storeys([1], mode="hide")
    assert all(not p.actor.GetVisibility() for p in parts(scene, 0))
    assert all(p.actor.GetVisibility() for p in parts(scene, 1) if p.category != "space")
    assert scene.visible_storeys() == [1]
    scene.set_visible_storeys([1], mode="ghost")
    for p in parts(scene, 0):
        if p.category == "space":
            continue
        assert p.actor.GetVisibility() and not p.actor.GetPickable()
        assert p.actor.GetProperty().GetOpacity() == pytest.approx(GHOST_OPACITY)
    # the camera frames the isolated storey: its slab top is in view, the ground slab's is below
    image = frame(scene)
    assert image.shape == (500, 800, 3)
    labelled = {f.label for f in scene.labelled_features()}
    # ghosted storeys keep small unlabelled exit symbols; the stair and lift reaching the first floor show
    # on it too (the way down), though the model places them on the ground floor
    assert labelled == {"Exit first floor", "Stair A", "Lift 1"}
    scene.set_visible_storeys(None)
    assert sorted(scene.visible_storeys()) == [0, 1]


def test_category_toggle(scene):
    scene.set_category_visible("wall", False)
    assert all(not p.actor.GetVisibility() for p in parts(scene, category="wall"))
    assert "wall" not in scene.visible_categories()
    scene.set_category_visible("wall", True)
    assert all(p.actor.GetVisibility() for p in parts(scene, category="wall"))
    assert all(not p.actor.GetVisibility() for p in parts(scene, category="space"))  # off by default


def pick_world(scene, world):
    x, y, _ = scene.world_to_display(np.array([world]))[0]
    return scene.pick(x, y)


def test_pick_returns_the_element_under_the_cursor(scene):
    scene.set_features_visible(False)
    scene.set_view("east")
    frame(scene)
    hit = pick_world(scene, (20.0, 3.0, 2.5))
    assert hit is not None and hit.element == element_index(scene, "East wall 0")
    assert hit.storey == 0 and hit.category == "wall"
    assert hit.point[0] == pytest.approx(20.0, abs=0.05)
    assert hit.feature is None


def test_pick_on_a_marker_returns_its_feature(scene):
    frame(scene)
    exit_west = next(f for f in scene.features if f.label == "Exit west")
    x, y = scene.feature_display_point(exit_west)
    hit = scene.pick(x, y)
    assert hit.feature is exit_west and hit.element == element_index(scene, "Exit west")


def test_section_cuts_away_everything_above(scene):
    scene.set_features_visible(False)
    scene.set_category_visible("furniture", False)  # seats stand where the floor is picked
    scene.set_view("top")
    frame(scene)
    centre = (10.0, 6.0, 7.8)
    assert pick_world(scene, centre).element == element_index(scene, "Roof")
    scene.set_section(scene.section_height(0))
    assert scene.section_height(0) == pytest.approx(1.2)
    scene.set_view("top")
    frame(scene)
    hit = pick_world(scene, (10.0, 6.0, 0.0))
    assert hit.element == element_index(scene, "Slab 0") and hit.point[2] == pytest.approx(0.0, abs=0.01)
    assert scene.visible_bounds()[5] <= 1.2
    # features above the cut are gone
    scene.set_features_visible(True)
    frame(scene)
    assert {f.label for f in scene.labelled_features()} == {"Exit east", "Exit west", "Main entrance", "Stair A",
                                                             "Lift 1"}
    scene.set_section(None)


def test_section_box_keeps_only_its_inside(scene):
    scene.set_features_visible(False)
    scene.set_section_box((8, 12, -1, 13, -1, 10))
    scene.set_view("top")
    frame(scene)
    assert pick_world(scene, (10.0, 6.0, 7.8)).element == element_index(scene, "Roof")
    x, y, _ = scene.world_to_display(np.array([(2.0, 6.0, 7.8)]))[0]
    hit = scene.pick(x, y)
    assert hit is None or hit.element != element_index(scene, "Roof")


def test_explode_lifts_storeys_and_their_markers(scene):
    scene.explode(6.0)
    assert all(p.actor.GetPosition()[2] == 6.0 for p in parts(scene, 1))
    assert all(p.actor.GetPosition()[2] == 0.0 for p in parts(scene, 0))
    lifted = {f.label: w[2] for f, w in scene.marker_positions()}
    assert lifted["Exit first floor"] == pytest.approx(10.0) and lifted["Exit east"] == pytest.approx(0.0)
    scene.set_view("east")
    frame(scene)
    hit = pick_world(scene, (20.0, 3.0, 6.0 + 6.0))  # first-floor east wall, lifted by 6 m
    assert hit.element == element_index(scene, "East wall 1")
    assert hit.point[2] == pytest.approx(6.0, abs=0.05)  # reported in the model frame
    scene.explode(0)


def test_xray_keeps_doors_and_stairs_solid(scene):
    scene.set_xray(True)
    assert parts(scene, 0, "wall")[0].actor.GetProperty().GetOpacity() < 0.5
    assert parts(scene, 0, "door")[0].actor.GetProperty().GetOpacity() == 1.0
    assert parts(scene, 0, "stair")[0].actor.GetProperty().GetOpacity() == 1.0
    frame(scene)
    scene.set_xray(False)
    assert parts(scene, 0, "wall")[0].actor.GetProperty().GetOpacity() == 1.0


def seat_tiles(scene):
    return [t for s in scene._seats for t in s.tiles.tiles]


def test_seats_switch_level_of_detail_with_distance(scene):
    from venueplans.render.instances import BOXES, DETAIL, DOTS

    cam = scene.renderer.GetActiveCamera()
    frame(scene)
    assert {t.level for t in seat_tiles(scene)} == {DETAIL}  # a 20 m hall fills the picture
    cam.Dolly(0.08)
    frame(scene)
    assert {t.level for t in seat_tiles(scene)} <= {DOTS, BOXES}
    scene.set_features_visible(False)
    scene.set_section(1.2)  # look at the seats from above, through the cut
    scene.set_view("top")
    frame(scene)
    hit = pick_world(scene, (2.0, 2.0, 0.8))  # top of the first seat
    assert hit.category == "furniture" and hit.element == element_index(scene, "Seat 1")


@pytest.mark.parametrize("mode", ["merged", "glyph"])
def test_other_seat_modes_draw_and_pick_seats(make_scene, hall, mode):
    cat, vid = hall
    scene = make_scene(seats=mode)
    scene._test_source = hall
    scene.load(cat, vid)
    scene.set_features_visible(False)
    seat_parts = [p for p in scene._parts if p.instanced]
    assert len(seat_parts) == 1
    assert (seat_parts[0].glyph_positions is not None) == (mode == "glyph")
    scene.set_section(1.2)
    scene.set_view("top")
    frame(scene)
    hit = pick_world(scene, (2.0, 2.0, 0.8))
    assert hit.element == element_index(scene, "Seat 1")


def test_scene_on_a_pyvista_plotter(opengl, hall):
    import pyvista as pv

    from venueplans.render.scene import VenueScene

    plotter = pv.Plotter(off_screen=True, window_size=(400, 300))
    try:
        scene = VenueScene(plotter)
        scene.load(*hall)
        plotter.render()
        image = plotter.screenshot(return_img=True)
        assert image.shape[:2] == (300, 400) and len(scene.labelled_features()) >= 3
        scene.close()
    finally:
        plotter.close()


def test_exploded_stack_of_floor_plans(scene, tmp_path):
    scene.explode(6.0)
    scene.set_section(1.2, above_each_floor=True)
    scene.set_view("iso")
    image = frame(scene)
    # each storey keeps its walls up to 1.2 m over its own floor, so both storeys' exits are labelled
    assert {"Exit east", "Exit first floor"} <= {f.label for f in scene.labelled_features()}
    scene.set_features_visible(False)
    scene.set_view("top")
    frame(scene)
    first_floor = pick_world(scene, (10.0, 6.0, 4.0 + 6.0))
    assert first_floor.element == element_index(scene, "Slab 1")  # the roof and upper walls are cut away
    assert image.shape == (500, 800, 3)
