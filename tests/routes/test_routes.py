"""Routes and distances on the sample theatre and stadium."""

from __future__ import annotations

import math

import pytest
import shapely

from venueplans.briefing.venue_plans import load_venue_plans
from venueplans.errors import UserError
from venueplans.ops import routes


@pytest.fixture(scope="module")
def wall_sections(samples_catalogue):
    """{venue id: {storey index: walls cut at the plan height, door gaps open}}."""
    from venueplans.catalogue import open_catalogue

    cat = open_catalogue(samples_catalogue[0])
    out = {vid: {p.storey.index: p.walls.area() for p in load_venue_plans(cat, vid).plans}
           for vid in samples_catalogue[1].values()}
    cat.close()
    return out


def _assert_clear_of_walls(result, net, walls):
    """No segment of the route on a storey goes through that storey's cut walls."""
    pts = result.route.points
    for a, b in zip(pts, pts[1:], strict=False):
        storeys = [s.index for s in net.storeys if abs(s.elevation - a[2]) < 0.05 and abs(s.elevation - b[2]) < 0.05]
        if not storeys or a[:2] == b[:2]:
            continue  # on a flight: its own walking line
        seg = shapely.LineString([a[:2], b[:2]])
        inner = walls[storeys[0]].buffer(-0.05)
        assert not seg.intersects(inner), f"{result.origin.label}: segment {a} -> {b} crosses a wall"


def _assert_not_shorter_than_straight(result):
    a, b = result.route.points[0], result.route.points[-1]
    assert result.route.length >= math.dist(a, b) - 0.05


@pytest.mark.parametrize("sample", ["theatre", "stadium"])
def test_every_room_reaches_a_way_out(cat, samples_catalogue, sample):
    venue = samples_catalogue[1][sample]
    result = routes.distances(cat, venue_id=venue)
    assert result["unreachable"] == []
    assert len(result["rooms"]) == len(cat.conn.execute("SELECT id FROM spaces WHERE venue_id = ?",
                                                        (venue,)).fetchall())
    for row in result["rooms"]:
        assert row["distance_m"] >= row["straight_m"] - 0.05, row
        again = routes.route(cat, venue_id=venue, origin=row["ref"])  # the ref resolves to that room
        assert again.origin.label == row["name"]


@pytest.mark.parametrize("sample", ["theatre", "stadium"])
def test_routes_never_cross_walls_and_are_never_shorter_than_straight(cat, samples_catalogue, wall_sections,
                                                                      sample):
    venue = samples_catalogue[1][sample]
    net = routes.venue_network(cat, venue)
    rooms = routes.distances(cat, venue_id=venue)["rooms"]
    for row in rooms[:: max(1, len(rooms) // 30)]:
        result = routes.route(cat, venue_id=venue, origin=row["ref"])
        _assert_clear_of_walls(result, net, wall_sections[venue])
        _assert_not_shorter_than_straight(result)
        assert result.time_s > result.route.length / routes.walking_pace() - 0.01


def test_balcony_nearest_exit_then_the_next_when_it_is_avoided(cat, theatre, wall_sections):
    first = routes.route(cat, venue_id=theatre, origin="Balcon")
    assert first.storey_names == ["Premier étage", "Rez-de-chaussée"]
    assert any(v.startswith("Escalier") for v in first.route.via)
    exit_number = int(first.destination.label.rsplit(" ", 1)[-1].rstrip(")"))
    second = routes.route(cat, venue_id=theatre, origin="Balcon", avoid=[f"exit {exit_number}"])
    assert second.destination.label != first.destination.label
    assert second.route.length >= first.route.length
    net = routes.venue_network(cat, theatre)
    _assert_clear_of_walls(second, net, wall_sections[theatre])


def test_avoiding_a_stair_takes_another(cat, theatre):
    first = routes.route(cat, venue_id=theatre, origin="Balcon")
    stair = next(v for v in first.route.via if v.startswith("Escalier"))
    second = routes.route(cat, venue_id=theatre, origin="Balcon", avoid=[stair])
    assert stair not in second.route.via
    assert any(v.startswith("Escalier") for v in second.route.via)


def test_gate_to_control_room_climbs_the_stairs(cat, stadium, wall_sections):
    result = routes.route(cat, venue_id=stadium, origin="gate 3", destination="PC sécurité")
    assert result.storey_names == ["Niveau 0 - Parvis et terrain", "Niveau 1 - Coursive basse",
                                   "Niveau 2 - Coursive haute"]
    assert any(v.startswith("Escalier") for v in result.route.via)
    zs = [p[2] for p in result.route.points]
    assert zs[0] == pytest.approx(0.0, abs=0.01) and zs[-1] == pytest.approx(16.42, abs=0.05)
    assert result.route.stair_length > 16.42  # along the flights, longer than the climb
    _assert_clear_of_walls(result, routes.venue_network(cat, stadium), wall_sections[stadium])
    _assert_not_shorter_than_straight(result)


def test_grid_cell_and_coordinates_are_places(cat, theatre):
    by_cell = routes.route(cat, venue_id=theatre, origin="C3@Rez-de-chaussée")
    assert by_cell.origin.storey == 1
    by_xy = routes.route(cat, venue_id=theatre, origin="20,8@Rez-de-chaussée", destination="Balcon")
    assert by_xy.storey_names[0] == "Rez-de-chaussée" and by_xy.storey_names[-1] == "Premier étage"


def test_unknown_place_and_no_route_are_one_line(cat, theatre):
    with pytest.raises(UserError) as err:
        routes.route(cat, venue_id=theatre, origin="Salle des machines")
    assert "Salle des machines" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(UserError) as err:  # every way off the balcony storey avoided
        routes.route(cat, venue_id=theatre, origin="Balcon", destination="Hall d'entrée",
                     avoid=["Escalier A", "Escalier B", "Escalier C (service)"])
    assert "Balcon" in str(err.value) and "Hall d'entrée" in str(err.value) and "\n" not in str(err.value)


def test_distance_map_bands(cat, theatre):
    dm = routes.storey_distance_map(cat, venue_id=theatre, storey=2)
    balcony = routes.route(cat, venue_id=theatre, origin="Balcon")
    x, y = balcony.origin.x, balcony.origin.y
    assert dm.at(x, y) == pytest.approx(balcony.route.length, abs=3.0)
    bands = dm.bands(10.0)
    assert bands[0][0] >= 10.0  # the balcony storey has no exit: its nearest floor is over 10 m from one
    assert all(not area.is_empty for _, _, area in bands)
