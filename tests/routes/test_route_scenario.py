"""Routes and exercise scenarios: a scenario's danger zone can be avoided, a computed route becomes a
scenario route the trainer edits afterwards."""

from __future__ import annotations

import pytest

from venueplans.ops import routes
from venueplans.ops.scenario_reads import list_scenarios, load_annotations


def test_avoiding_the_danger_zone(theatre_cat):
    cat, vid = theatre_cat
    direct = routes.route(cat, venue_id=vid, origin="Hall d'entrée", destination="Scène")
    import shapely

    zone = routes.route(cat, venue_id=vid, origin="zone:Danger zone", destination="Scène").origin
    line = shapely.LineString([p[:2] for p in direct.route.points])
    if not line.intersects(zone.zone):
        pytest.fail("the direct route should cross the example's danger zone (the auditorium)")
    around = routes.route(cat, venue_id=vid, origin="Hall d'entrée", destination="Scène", avoid=["zone:Danger zone"])
    pts = [p for p in around.route.points if abs(p[2] - 0.0) < 0.05]
    for a, b in zip(pts, pts[1:], strict=False):
        assert not shapely.LineString([a[:2], b[:2]]).crosses(zone.zone.buffer(-0.5))
    assert around.route.length > direct.route.length


def test_a_computed_route_becomes_a_scenario_route(theatre_cat):
    cat, vid = theatre_cat
    scenario = list_scenarios(cat, venue_id=vid)[0]
    result = routes.route(cat, venue_id=vid, origin="Balcon")
    before = len(load_annotations(cat, scenario_id=scenario.id))
    routes.route_to_scenario(cat, result=result, scenario_id=scenario.id)
    annotations = load_annotations(cat, scenario_id=scenario.id)
    assert len(annotations) == before + 1
    added = annotations[-1]
    assert added.type == "route" and "R1.07 Balcon" in added.label
    assert len(added.points) == len(result.route.points)
    assert {p[3] for p in added.points} == {1, 2}  # it goes down the stair: points on both storeys
