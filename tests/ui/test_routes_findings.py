"""The Routes dock for operators and trainers: the venue's findings (rooms beyond the limits, dead ends,
storeys with no way out) listed with storey and room, and a computed route made a scenario route."""

from __future__ import annotations

import pytest

from venueplans.catalogue import open_catalogue, read
from venueplans.ops.routes import distances
from venueplans.ops.samples import seed_samples
from venueplans.ui.routes_findings import finding_rows

pytestmark = pytest.mark.gui


@pytest.fixture
def theatre_catalogue(tmp_path, monkeypatch):
    monkeypatch.delenv("VENUEPLANS_NO_SAMPLES", raising=False)
    cat = open_catalogue(tmp_path / "catalogue.sqlite")
    seed_samples(cat)
    cat.theatre_id = next(v.id for v in read.list_venues(cat) if v.kind == "theatre")
    yield cat
    cat.close()


def test_the_theatres_findings_are_listed_and_lead_to_their_storey(theatre_catalogue, make_window, qtbot):
    cat = theatre_catalogue
    window = make_window(cat, cat.theatre_id)
    routes = window.routes
    routes.panel.check_button.click()  # a QueryOp on the window's runner
    qtbot.waitUntil(lambda: routes.report is not None or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    expected = finding_rows(distances(cat, venue_id=cat.theatre_id))
    assert expected, "the sample theatre's basement has rooms beyond the limits and dead ends"
    listed = routes.panel.findings
    assert listed.count() == len(expected)
    texts = [listed.item(i).text() for i in range(listed.count())]
    assert any("Dead end" in t and "S.01" in t and "Sous-sol" in t for t in texts), texts
    assert any("Beyond the limit" in t and "m to the nearest exit, beyond 30 m" in t for t in texts), texts
    # a click shows the finding's storey on the plan and puts its room in "From"
    basement = next(s for s in read.load_storeys(cat, cat.theatre_id) if s.name == "Sous-sol")
    row = next(i for i, r in enumerate(listed.rows) if r["storey"] == "Sous-sol" and r["ref"])
    listed.itemClicked.emit(listed.item(row))
    assert window.state.focus == basement.index and window.state.mode != "all"
    assert routes.panel.from_edit.text() == listed.rows[row]["ref"]
    # ... so "Nearest exit" routes from that room
    routes.panel.nearest_button.click()
    qtbot.waitUntil(lambda: routes.route is not None or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    assert routes.route.route.length > 0


def test_a_computed_route_becomes_an_editable_route_of_the_scenarios_phase(make_window, catalogue, qtbot):
    from venueplans.ops import scenario_edits

    sid = scenario_edits.create_scenario(catalogue, venue_id=catalogue.test_venue_id, name="Drill").id
    scenario_edits.add_phase(catalogue, scenario_id=sid, name="Set-up")
    scenario_edits.add_phase(catalogue, scenario_id=sid, name="Entry", time_offset="H+00:05")
    window = make_window(catalogue, catalogue.test_venue_id)
    routes, panel = window.routes, window.scenarios.panel
    assert not routes.panel.scenario_button.isEnabled()  # no route yet
    window.scenarios.open(sid, 2)
    routes.panel.from_edit.setText("Grande salle")
    routes.panel.nearest_button.click()
    qtbot.waitUntil(lambda: routes.route is not None or bool(routes.errors), timeout=60_000)
    assert not routes.errors, routes.errors
    assert routes.panel.scenario_button.isEnabled()
    routes.panel.scenario_button.click()  # a CollectionOp: the scenario dock refreshes with the new route

    def made():
        return [p for p in (panel.current.items if panel.current else []) if p.annotation.type == "route"]

    qtbot.waitUntil(lambda: bool(made()), timeout=30_000)
    (placed,) = made()
    a = placed.annotation
    assert placed.phase == "Entry"  # the phase shown when it was made
    assert len(a.points) == len(routes.route.route.points)
    assert "Grande salle" in a.label
    assert panel.selected_item_id() == a.id  # selected in the dock, ready to edit
    # edited afterwards like any drawn route
    panel.item_label.setText("Alpha's way in")
    panel.apply_item()
    qtbot.waitUntil(lambda: made() and made()[0].annotation.label == "Alpha's way in", timeout=30_000)
    window.editing.session.undo()
    qtbot.waitUntil(lambda: made() and made()[0].annotation.label != "Alpha's way in", timeout=30_000)
