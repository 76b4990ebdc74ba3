"""The walking network on real models from ../shared/venues: Duplex, FZK-Haus, Gymzaal."""

from __future__ import annotations

import pytest

from venueplans.briefing.venue_plans import load_venue_plans
from venueplans.briefing.ways_out import link_text, ways_down
from venueplans.ops import routes

MODELS = {
    "duplex": "duplex-ifc2x3/duplex.ifc",
    "fzk": "fzk-haus-ifc4/AC20-FZK-Haus.ifc",
    "gymzaal": "gymzaal-ifc4/fail-grf005-ifc4_blank_map_conversion.ifc",
}


@pytest.fixture(scope="module")
def real_catalogue(shared_venues, tmp_path_factory):
    from venueplans.catalogue import open_catalogue
    from venueplans.importers import ImportFailed
    from venueplans.ops.import_venue import import_venue

    cat = open_catalogue(tmp_path_factory.mktemp("real") / "catalogue.sqlite")
    ids = {}
    for key, rel in MODELS.items():
        try:
            ids[key] = import_venue(cat, path=shared_venues / rel).venue_id
        except ImportFailed as exc:
            pytest.fail(f"{rel} no longer imports: {exc}")
    yield cat, ids
    cat.close()


@pytest.mark.parametrize("model", list(MODELS))
def test_each_room_reaches_a_way_out_or_says_why_not(real_catalogue, model):
    cat, ids = real_catalogue
    stored = cat.conn.execute("SELECT n_nodes FROM walk_networks WHERE venue_id = ?", (ids[model],)).fetchone()
    assert stored is not None and stored[0] > 0  # built at import
    result = routes.distances(cat, venue_id=ids[model])
    n_rooms = cat.conn.execute("SELECT count(*) FROM spaces WHERE venue_id = ?", (ids[model],)).fetchone()[0]
    assert len(result["rooms"]) + len(result["unreachable"]) == n_rooms
    assert len(result["rooms"]) > 0
    for row in result["unreachable"]:
        assert row["reason"]
    for row in result["rooms"]:
        assert row["distance_m"] >= row["straight_m"] - 0.05


@pytest.mark.parametrize(("model", "storey", "stair_to"), [("duplex", "Level 2", "Level 1"),
                                                           ("fzk", "Dachgeschoss", "Erdgeschoss")])
def test_upper_storeys_show_their_stairs(real_catalogue, model, storey, stair_to):
    cat, ids = real_catalogue
    plan = next(p for p in load_venue_plans(cat, ids[model]).plans if p.storey.name == storey)
    downs = ways_down(plan)
    assert downs and all(f"down to {stair_to}" in link_text(lk, plan.storey.index) for lk in downs)
    assert any(s.arriving for s in plan.stairs)
    # and a room upstairs is walked down that stair to a way out
    upstairs = [r for r in routes.distances(cat, venue_id=ids[model])["rooms"] if r["storey"] == storey]
    assert upstairs
    route = routes.route(cat, venue_id=ids[model], origin=upstairs[0]["ref"])
    assert route.storey_names[0] == storey and route.storey_names[-1] == stair_to
