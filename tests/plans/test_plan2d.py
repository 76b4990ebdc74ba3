"""StoreyPlan against the synthetic theatre's model: walls, doors, stairs, rooms, seats, features."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from plans.synthetic import EXITS, WALL_T, mesh_building, small_theatre
from venueplans.geometry.plan2d import build_storey_plan, model_bounds, seating_blocks


@pytest.fixture(scope="module")
def theatre():
    return small_theatre()


def plan_of(model, index, **kw):
    props = {e.index: e.properties for e in model.elements}
    return build_storey_plan(model.storeys[index], batches=model.batches, instances=model.instances,
                             features=model.features, spaces=model.spaces, element_properties=props, **kw)


def test_walls_are_filled_with_door_gaps(theatre):
    plan = plan_of(theatre, 0)
    walls = plan.walls.area()
    perimeter = 2 * 30 * WALL_T + 2 * (20 - 2 * WALL_T) * WALL_T + 0.2 * (20 - 2 * WALL_T)
    door_widths = [w for s, _, _, w, _ in EXITS if s == 0] + [3.0]
    expected = perimeter - WALL_T * sum(door_widths)
    assert walls.area == pytest.approx(expected, rel=0.01)
    east_exit = next(f for f in plan.features if f.kind == "exit" and f.number == 1)
    assert not walls.contains(shapely.Point(east_exit.position[:2]))  # the door is a gap


def test_exit_doors_swing_the_way_out(theatre):
    plan = plan_of(theatre, 0)
    by_element = {f.element: f for f in plan.features if f.kind == "exit"}
    exits = [d for d in plan.doors if d.element in by_element]
    assert len(exits) == 3 and all(d.is_exit for d in exits)
    for door in exits:
        f = by_element[door.element]
        assert door.width == pytest.approx(f.width)
        assert door.swing == pytest.approx(f.direction)
        (hinge, closed_dir, open_dir, length), = door.leaves()
        assert length == pytest.approx(f.width)
        assert np.dot(open_dir, f.direction) == pytest.approx(1.0)
        assert abs(np.dot(closed_dir, f.direction)) < 1e-9  # closed along the wall
    entrance = next(d for d in plan.doors if d.element not in by_element)
    assert len(entrance.leaves()) == 2  # DOUBLE_DOOR_SINGLE_SWING


def test_stair_arrow_goes_up_north(theatre):
    plan = plan_of(theatre, 0)
    assert len(plan.stairs) == 1  # the lift shaft (category stair) is not a stair
    stair = plan.stairs[0]
    start, end = stair.up.coords[0], stair.up.coords[-1]
    assert end[1] - start[1] > 3.5 and abs(end[0] - start[0]) < 0.1  # steps rise northwards
    assert len(stair.treads.geoms) == 15  # one outline per tread


def test_rooms_carry_number_and_name(theatre):
    plan = plan_of(theatre, 0)
    names = {(s.number, s.name) for s in plan.spaces}
    assert names == {("0.01", "Grande salle"), ("0.02", "Foyer des artistes")}
    for space in plan.spaces:
        assert space.outline.contains(shapely.Point(space.anchor))


def test_seats_become_counted_blocks(theatre):
    plan = plan_of(theatre, 0)
    assert sorted(b.seats for b in plan.seating) == [120, 120]
    assert plan.seats == len(theatre.instances[0].transforms)
    left, right = sorted(plan.seating, key=lambda b: b.outline.bounds[0])
    assert not left.outline.intersects(right.outline)  # the aisle separates them
    assert left.outline.area == pytest.approx(10 * 0.5 * 12 * 0.9, rel=0.25)


def test_seating_blocks_scale_to_a_stadium():
    rows = []
    for row in range(30):
        a, b = 100 - row * 0.85, 70 - row * 0.85
        n = int(2 * math.pi * math.sqrt((a * a + b * b) / 2) / 0.5)
        t = np.linspace(0, 2 * np.pi, n, endpoint=False)
        keep = ((t * 24 / (2 * np.pi)) % 1) > 0.15  # 24 radial aisles, 2.5 m wide or more
        rows.append(np.c_[a * np.cos(t[keep]), b * np.sin(t[keep])])
    seats = np.vstack(rows)
    blocks = seating_blocks(seats)
    assert len(blocks) == 24
    assert sum(b.seats for b in blocks) == len(seats)


def test_features_are_those_of_the_storey(theatre):
    numbers = sorted(f.number for f in plan_of(theatre, 1).features if f.kind == "exit")
    assert numbers == [n for n, e in enumerate(EXITS, start=1) if e[0] == 1]


def test_cut_height_moves_the_plane(theatre):
    low = plan_of(theatre, 0, cut_height=1.2)
    high = plan_of(theatre, 0, cut_height=4.0)
    assert low.cut_z == pytest.approx(1.2) and high.cut_z == pytest.approx(4.0)
    assert high.walls.area().area < low.walls.area().area  # the 3 m partition is below 4 m
    assert not high.doors  # doors are 2.2 m high


def test_mesh_venue_gets_walls():
    model = mesh_building()
    for index in (0, 1):
        plan = build_storey_plan(model.storeys[index], batches=model.batches)
        assert len(plan.walls.polygons) == 0
        area = plan.structure.area()
        assert area.area == pytest.approx(2 * 12 * 0.25 + 2 * 7.5 * 0.25 + 0.2 * 4.75, rel=1e-6)


def test_model_bounds_cover_every_storey(theatre):
    west, south, east, north = model_bounds(theatre.batches, theatre.instances, theatre.features, theatre.spaces)
    assert west <= -0.1 and south <= -0.1 and east >= 30.1 and north >= 20.1
    assert east - west < 33 and north - south < 23  # roofs and site excluded, margin 1 m
