"""The 3D scenario layer: one actor per kind, everything on its storey's elevation, storeys hidden with
the view, billboards facing the camera, and the route's colour where the route projects on screen."""

from __future__ import annotations

import numpy as np
import pytest

from tests.factories import two_storey_building
from venueplans.render.annotations import KINDS, LIFT_M, STEM_M, AnnotationLayer, storey_elevations

WHO = "formateur"


@pytest.fixture(scope="module")
def exercise(tmp_path_factory):
    """(catalogue, venue id, {phase name: ScenarioState}, route-only ScenarioState) on the two-storey hall."""
    from venueplans.catalogue import open_catalogue
    from venueplans.ops import annotations as annotation_ops
    from venueplans.ops import scenario_edits, scenario_reads
    from venueplans.ops.import_venue import import_venue

    cat = open_catalogue(tmp_path_factory.mktemp("annotations") / "catalogue.sqlite")
    vid = import_venue(cat, path="hall.ifc", name="Salle Pleyel", model=two_storey_building()).venue_id
    sid = scenario_edits.create_scenario(cat, venue_id=vid, name="Exercice de nuit", who=WHO).id
    setup = scenario_edits.add_phase(cat, scenario_id=sid, name="Mise en place", who=WHO).id
    assault = scenario_edits.add_phase(cat, scenario_id=sid, name="Assaut", time_offset="H+00:12", who=WHO).id
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="friendly_team", position=(-4.0, 5.75), storey=0, phase_id=setup,
                   label="Alpha", team="Alpha", ref="alpha", who=WHO)
    annotation_ops.add_area(cat, scenario_id=sid, kind="cordon", points=[(-8, -6), (28, -6), (28, 18), (-8, 18)], storey=0,
                 phase_id=setup, label="Cordon", ref="cordon", who=WHO)
    annotation_ops.add_text(cat, scenario_id=sid, text="Accès interdit", position=(10.0, -4.0), storey=0, phase_id=setup,
                 who=WHO)
    annotation_ops.move_marker(cat, scenario_id=sid, ref="alpha", phase_id=assault, position=(3.0, 5.75), storey=0, who=WHO)
    annotation_ops.add_route(cat, scenario_id=sid, storey=0, phase_id=assault, label="Axe", colour="#1f78b4", who=WHO,
                  points=[(1.0, 5.75, 0.0, 0), (3.5, 6.5, 0.0, 0), (3.5, 9.5, 0.0, 0), (3.5, 9.5, 4.0, 1),
                          (16.0, 6.0, 4.0, 1)])
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="hostile", position=(12.0, 6.0), storey=1, phase_id=assault,
                   label="Forcené", who=WHO)
    annotation_ops.add_area(cat, scenario_id=sid, kind="danger_zone", points=[(9, 3), (16, 3), (16, 9), (9, 9)], storey=1,
                 phase_id=assault, label="Zone rouge", who=WHO)
    states = {p.name: scenario_reads.scenario_state(cat, scenario_id=sid, phase_id=p.id)
              for p in scenario_reads.load_phases(cat, scenario_id=sid)}

    only = scenario_edits.create_scenario(cat, venue_id=vid, name="Route seule", who=WHO).id
    phase = scenario_edits.add_phase(cat, scenario_id=only, name="Seule", who=WHO).id
    annotation_ops.add_route(cat, scenario_id=only, storey=0, phase_id=phase, colour="#ff00ff", who=WHO,
                  points=[(6.0, 3.0), (14.0, 3.0)])
    route_only = scenario_reads.scenario_state(cat, scenario_id=only, phase_id=phase)
    yield cat, vid, states, route_only
    cat.close()


def bare_renderer():
    from vtkmodules.vtkRenderingCore import vtkRenderer

    return vtkRenderer()


ELEVATIONS = {0: 0.0, 1: 10.0}  # not the model's 4 m: an exploded view's floors, which the layer must follow


def z_values(layer, kind) -> set[float]:
    return {round(float(z), 3) for z in layer.points(kind)[:, 2]}


def test_one_actor_per_kind_on_the_storey_elevations(exercise):
    _, _, states, _ = exercise
    renderer = bare_renderer()
    layer = AnnotationLayer(renderer)
    layer.show(states["Assaut"], storey_elevations=ELEVATIONS)
    assert set(layer.actors) == set(KINDS)
    assert renderer.GetViewProps().GetNumberOfItems() == len(KINDS)  # one actor per kind, not per annotation
    lift = LIFT_M
    assert z_values(layer, "routes") == {lift["routes"], 10 + lift["routes"]}  # the route climbs the stair
    assert z_values(layer, "areas") == {lift["areas"], 10 + lift["areas"]}
    assert z_values(layer, "area_edges") == {lift["area_edges"], 10 + lift["area_edges"]}
    assert z_values(layer, "tracks") == {lift["tracks"]}
    assert z_values(layer, "arrows") <= {lift["arrows"], 10 + lift["arrows"]}
    assert z_values(layer, "stems") == {0.0, 0.03, STEM_M, 10.0, 10.03, 10 + STEM_M}
    assert z_values(layer, "notes") == {lift["notes"]}
    # two markers, one quad each, standing on their stems' tops (the bottom edge of each billboard)
    quads = layer.points("markers").reshape(-1, 4, 3)
    assert len(quads) == 2
    bottoms = sorted(round(float(q[:2, 2].mean()), 3) for q in quads)
    assert bottoms == pytest.approx([STEM_M, 10 + STEM_M], abs=1e-3)
    route = layer.points("routes")
    assert route[0] == pytest.approx((1.0, 5.75, lift["routes"]))
    assert route[-1] == pytest.approx((16.0, 6.0, 10 + lift["routes"]))
    b = layer.bounds()
    assert b[0] == pytest.approx(-8.0) and b[3] == pytest.approx(18.0)  # the cordon in the street is framed


def test_invisible_storeys_are_left_out(exercise):
    _, _, states, _ = exercise
    renderer = bare_renderer()
    layer = AnnotationLayer(renderer, caption=False)
    layer.show(states["Assaut"], storey_elevations=ELEVATIONS, visible_storeys={1})
    for kind in layer.actors:
        assert (layer.points(kind)[:, 2] > 9.9).all(), kind  # nothing of the ground floor
    assert "notes" not in layer.actors and "tracks" not in layer.actors
    assert len(layer.points("markers")) == 4  # the hostile only
    assert len(layer.points("routes")) == 2  # the route's first-floor leg

    layer.set_visible_storeys({0})
    assert (layer.points("routes")[:, 2] < 1).all() and len(layer.points("routes")) == 3
    assert len(layer.points("markers")) == 4  # Alpha only
    layer.set_visible_storeys(None)
    assert len(layer.points("markers")) == 8

    layer.clear()
    assert layer.actors == {} and renderer.GetViewProps().GetNumberOfItems() == 0
    assert not renderer.HasObserver("StartEvent")


def test_an_earlier_phase_shows_the_earlier_place(exercise):
    _, _, states, _ = exercise
    layer = AnnotationLayer(bare_renderer())
    layer.show(states["Mise en place"], storey_elevations=ELEVATIONS)
    assert "routes" not in layer.actors and "tracks" not in layer.actors
    foot = layer.points("stems")[0]
    assert foot[:2] == pytest.approx((-4.0, 5.75))


@pytest.fixture
def hall_view(make_scene, exercise):
    cat, vid, _, _ = exercise
    scene = make_scene(size=(640, 480))
    scene.load(cat, vid)
    scene.set_visible_storeys([0], mode="hide")
    scene.set_section(scene.section_height(0))
    return scene


def test_render_shows_the_route_colour_at_its_projected_midpoint(hall_view, exercise):
    from venueplans.render.camera import world_to_display
    from venueplans.render.snapshot import capture

    scene = hall_view
    layer = AnnotationLayer(scene.renderer, caption=False)
    layer.show(exercise[3], storey_elevations=storey_elevations(scene.storeys), visible_storeys=[0])
    scene.set_view("top")
    scene.render()
    image = capture(scene.window)
    x, y, _ = world_to_display(scene.renderer, np.array([[10.0, 3.0, LIFT_M["routes"]]]))[0]
    row, col = image.shape[0] - 1 - int(round(y)), int(round(x))
    patch = image[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3).astype(int)
    distance = np.abs(patch - np.array([255, 0, 255])).sum(axis=1)
    assert distance.min() < 40, patch
    # and not elsewhere: the floor next to the route keeps its own colour
    away = image[row - 40, col].astype(int)
    assert np.abs(away - np.array([255, 0, 255])).sum() > 150


def test_billboards_face_the_camera_at_a_constant_size(hall_view, exercise):
    from venueplans.render.annotations import SYMBOL_PX
    from venueplans.render.camera import world_to_display
    from venueplans.render.marker_billboards import PX_PER_UNIT

    scene = hall_view
    layer = AnnotationLayer(scene.renderer)
    layer.show(exercise[2]["Assaut"], storey_elevations=storey_elevations(scene.storeys), visible_storeys=[0])
    heights = []
    for view in ("top", "iso"):
        scene.set_view(view)
        scene.render()
        quad = layer.points("markers")[:4]
        if view == "top":  # looking straight down: the quad lies flat at the stem's top
            assert quad[:, 2] == pytest.approx(np.full(4, STEM_M), abs=1e-6)
        screen = world_to_display(scene.renderer, quad)
        heights.append(abs(screen[3, 1] - screen[0, 1]))
    from venueplans.render.annotations import marker_picture

    alpha = next(p.annotation for p in exercise[2]["Assaut"].items if p.annotation.ref == "alpha")
    expected = marker_picture(alpha)[0].height * SYMBOL_PX / (100 * PX_PER_UNIT)
    assert heights == pytest.approx([expected, expected], rel=0.05)
    assert "caption" in layer.actors
