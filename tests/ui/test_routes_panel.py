"""The Routes dock: nearest exit from a picked place, the route in 3D and on the plan, the distance map."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_nearest_exit_from_a_room_draws_the_route_in_both_views(make_window, catalogue, qtbot):
    window = make_window(catalogue, catalogue.test_venue_id)
    routes = window.routes
    qtbot.waitUntil(lambda: window.plan_view.data is not None, timeout=60_000)
    routes.panel.from_edit.setText("Grande salle")
    routes.panel.nearest_button.click()
    qtbot.waitUntil(lambda: routes.route is not None or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    text = routes.panel.result.text()
    assert "Grande salle" in text and " m, " in text
    assert routes.layer3d is not None and len(routes.layer3d.actors) == 3
    assert routes.plan_items and not routes.plan_items[0].path().isEmpty()
    # clicking the exit it reached and "Avoid selection" leads to another exit
    from venueplans.catalogue import read
    from venueplans.ui.scene_port import PickResult

    first = routes.route
    reached = next(f for f in read.load_features(catalogue, catalogue.test_venue_id)
                   if f.kind == "exit" and first.destination.label.startswith(f.label))
    window.viewer.picked.emit(PickResult(None, reached.position, reached.storey, "door", reached))
    routes.avoid_selection()
    qtbot.waitUntil(lambda: routes.route is not first or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    assert routes.route.destination.label != first.destination.label
    assert routes.panel.avoid_edit.text() == f"#{reached.id}"
    # an unknown place is one line in the panel, not a crash
    routes.panel.from_edit.setText("Salle inconnue")
    routes.panel.route_button.click()
    qtbot.waitUntil(lambda: bool(routes.errors), timeout=60_000)
    assert "Salle inconnue" in routes.errors[-1] and "\n" not in routes.errors[-1]


def test_route_from_a_picked_point_and_distance_map(make_window, catalogue, qtbot):
    from venueplans.ops.routes import venue_network
    from venueplans.ui.scene_port import PickResult

    window = make_window(catalogue, catalogue.test_venue_id)
    routes = window.routes
    qtbot.waitUntil(lambda: window.plan_view.data is not None, timeout=60_000)
    net = venue_network(catalogue, catalogue.test_venue_id)
    region = net.regions_on(window.plan_view.data.storey.index)[0]
    p = region.geom.representative_point()
    z = net.storey(region.storey).elevation
    window.viewer.picked.emit(PickResult(None, (p.x, p.y, z), region.storey, "slab"))
    routes.route_from_here(nearest=True)
    qtbot.waitUntil(lambda: routes.route is not None or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    assert routes.route.route.length > 0
    routes.panel.map_check.setChecked(True)
    qtbot.waitUntil(lambda: routes.map_item is not None or bool(routes.errors), timeout=60_000)
    assert routes.map_item is not None and not routes.map_item.pixmap().isNull()
    routes.panel.map3d_check.setChecked(True)
    qtbot.waitUntil(lambda: (routes.map3d is not None and routes.map3d.actor is not None) or bool(routes.errors),
                    timeout=60_000)
    assert not routes.errors, routes.errors
    routes.panel.clear_button.click()
    assert not routes.plan_items and routes.route is None


def test_a_route_cleared_while_computing_does_not_come_back(make_window, settle, catalogue, qtbot):
    window = make_window(catalogue, catalogue.test_venue_id)
    routes = window.routes
    routes.panel.from_edit.setText("Grande salle")
    routes.panel.nearest_button.click()  # a QueryOp on the window's runner
    routes.panel.clear_button.click()  # before its answer is delivered
    settle(window)
    assert routes.route is None and not routes.plan_items and routes.panel.result.text() == ""
    assert not routes.errors
