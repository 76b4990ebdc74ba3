"""Without rooms (meshes, IFC without IfcSpace) the walkable area comes from the plan section."""

from __future__ import annotations

import dataclasses
import math

import shapely

from venueplans.briefing.venue_plans import load_venue_plans
from venueplans.geometry.walknet import build_network
from venueplans.geometry.walkroute import exit_distances, nearest_way_out, way_out_nodes
from venueplans.ops import routes


def test_theatre_without_its_rooms_still_finds_the_way_out(cat, theatre):
    inputs = dataclasses.replace(routes.network_inputs(cat, theatre), spaces=[])
    net = build_network(inputs)
    assert net.regions and all(r.space_id is None for r in net.regions)
    exits = way_out_nodes(net)
    assert len(exits) == 12
    dist = exit_distances(net)
    assert all(n in dist for n in exits)
    # from the first floor's largest walkable area (no exit there): down a stair to an exit
    upstairs = max(net.regions_on(2), key=lambda r: r.geom.area).geom.representative_point()
    found = nearest_way_out(net, (2, upstairs.x, upstairs.y))
    assert found is not None
    assert [net.storey(s).name for s in found.storeys] == ["Premier étage", "Rez-de-chaussée"]
    assert found.length >= math.dist(found.points[0], found.points[-1])
    # never through the walls of the storey it walks on (the regions keep clear of them)
    plans = {p.storey.index: p for p in load_venue_plans(cat, theatre).plans}
    for storey, z in ((1, 0.0), (2, 6.0)):
        walls = plans[storey].walls.area().buffer(-0.05)
        on = [p for p in found.points if abs(p[2] - z) < 0.05]
        for a, b in zip(on, on[1:], strict=False):
            assert not shapely.LineString([a[:2], b[:2]]).intersects(walls), (a, b)
