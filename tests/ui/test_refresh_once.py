"""Each view re-reads only what a change names, once: the panel that made the change and already shows
it reads nothing back, the others refresh; another venue's change leaves the open venue's panels alone;
a change from another process (noticed by the runner's watch) refreshes every view.

Reads are counted per channel on the window's op runner (`OpRunner.queries`: every QueryOp started).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import connections, open_catalogue
from venueplans.ops import scenario_edits
from venueplans.ops.annotations import add_marker
from venueplans.ops.changes import Changes
from venueplans.ops.import_venue import import_venue
from venueplans.ops.signoff import update_venue_details
from venueplans.ui.ops_runner import EXTERNAL

pytestmark = pytest.mark.gui
PANELS = ("scenario", "features", "venue_details", "audit", "venue_counts", "scene", "photos", "properties")


@pytest.fixture
def window(catalogue, make_window, settle):
    other = import_venue(catalogue, path="stade.ifc", name="Stade Nord", kind="stadium", city="Marseille",
                         model=two_storey_building(sha="1" * 64, name="Stade Nord"))
    catalogue.other_venue_id = other.venue_id
    sid = scenario_edits.create_scenario(catalogue, venue_id=catalogue.test_venue_id, name="Drill").id
    phase = scenario_edits.add_phase(catalogue, scenario_id=sid, name="Set-up").id
    marker = add_marker(catalogue, scenario_id=sid, phase_id=phase, symbol="hostile", position=(10.0, 6.0, 0.0),
                        storey=0, label="Armed").id
    catalogue.marker_id = marker
    w = make_window(catalogue, catalogue.test_venue_id)
    w.editing.act_edit.trigger()
    w.scenarios.show_panel()
    w.scenarios.panel.select_scenario(sid)
    settle(w)
    w.settle = lambda: settle(w)
    return w


def _reads(window) -> Counter:
    return Counter(window.ops.queries)


def _grew(before: Counter, after: Counter) -> dict[str, int]:
    return {k: after[k] - before[k] for k in after if after[k] != before[k]}


def test_an_annotation_renamed_in_the_dock_is_not_read_back_but_the_audit_trail_is(window):
    panel = window.scenarios.panel
    assert panel.item_texts()[0].startswith("Armed")
    panel.item_list.setCurrentRow(0)
    panel.item_label.setText("Armed man")
    before = _reads(window)
    panel.apply_item()
    window.settle()
    grew = _grew(before, _reads(window))
    assert panel.item_texts()[0].startswith("Armed man")
    assert window.scenarios.layer.state.items[0].annotation.label == "Armed man"  # the 3D label too
    assert "scenario" not in grew  # its own echo: painted from what it sent
    assert grew.get("audit") == 1  # another panel refreshes, once
    assert not {"features", "scene", "venue_details", "venue_counts"} & grew.keys()  # not theirs
    assert window.editing.audit_view.rows()[0][2] == "Scenario item edited"


def test_an_annotation_edited_elsewhere_repaints_its_row_only(window):
    panel = window.scenarios.panel
    before_state = panel.current
    before = _reads(window)
    from venueplans.ops.annotations import edit_annotation

    window.editing.session.run(edit_annotation, annotation_id=window.cat.marker_id, team="Bravo")  # the undo path
    window.settle()
    assert _grew(before, _reads(window)).get("scenario") == 1
    assert "Bravo" in panel.item_texts()[0]
    assert panel.current is not before_state and panel.current.scenario == before_state.scenario


def test_details_saved_by_the_form_are_not_read_back_but_the_header_follows(window):
    details = window.editing.details_panel
    details.city.setText("Villeurbanne")
    before = _reads(window)
    details.save_button.click()
    window.settle()
    grew = _grew(before, _reads(window))
    assert "venue_details" not in grew and grew.get("venue_counts") == 1 and grew.get("venues") == 1
    assert "Villeurbanne" in window.header.text() and details.city.text() == "Villeurbanne"
    assert not {"scenario", "features", "scene"} & grew.keys()


def test_a_feature_added_by_clicking_is_listed_by_one_read(window):
    from venueplans.ui.editing.pick_tool import Spot

    features = window.editing.features_panel
    before = _reads(window)
    features.add_at("key_box", Spot(point=(5.0, 3.0, 0.0), storey=0, element=None, category="slab"))
    window.settle()
    grew = _grew(before, _reads(window))
    assert grew.get("features") == 1  # its own success callback, not the broadcast as well
    assert features.selected().kind == "key_box"
    assert grew.get("scene") == 1 and "scenario" not in grew  # the marker in 3D; the exercise untouched


def test_a_change_to_another_venue_leaves_the_open_venue_alone(window):
    other = window.cat.other_venue_id
    before = _reads(window)
    window.editing.session.run(update_venue_details, venue_id=other, city="Nice")
    window.editing.session.run(scenario_edits.create_scenario, venue_id=other, name="Stade drill")
    window.settle()
    grew = _grew(before, _reads(window))
    assert not set(PANELS) & grew.keys(), grew
    assert grew.get("venues") == 1  # the list's row of that venue (its city)
    assert [window.scenarios.panel.scenario_box.itemText(i) for i in range(2)][1] == "Drill"


def test_a_change_from_another_process_refreshes_every_view(window, qtbot, monkeypatch):
    polls = []
    real = connections.data_version
    monkeypatch.setattr(connections, "data_version", lambda cat: polls.append(1) or real(cat))
    # the window's own edits are not "external": its watch reads the writer's data_version
    window.editing.session.run(update_venue_details, venue_id=window.cat.test_venue_id, notes="own edit")
    window.settle()
    externals = []
    window.ops.operation_did_execute.connect(lambda _c, who: externals.append(who) if who == EXTERNAL else None)
    seen = len(polls)
    qtbot.waitUntil(lambda: len(polls) >= seen + 2, timeout=15_000)  # two polls after the edit
    assert externals == []

    before = _reads(window)
    cli = open_catalogue(window.cat.path)  # `venueplans scenario ...` in a terminal, on the same file
    try:
        scenario_edits.create_scenario(cli, venue_id=window.cat.test_venue_id, name="From the CLI")
    finally:
        cli.close()
    box = window.scenarios.panel.scenario_box
    qtbot.waitUntil(lambda: "From the CLI" in [box.itemText(i) for i in range(box.count())], timeout=15_000)
    window.settle()
    grew = _grew(before, _reads(window))
    assert externals == [EXTERNAL]
    assert {"scenario", "features", "venue_details", "audit", "venue_counts", "venues"} <= grew.keys(), grew
    assert window.editing.audit_view.rows()[0][2] == "Scenario created"
    assert "scene" not in grew  # the trail says no plan edit: the 3D scene is not rebuilt

    from venueplans.catalogue import read
    from venueplans.ops.features import reject_feature

    exit_ = next(f for f in read.load_features(window.cat, window.cat.test_venue_id) if f.label == "Exit west")
    before = _reads(window)
    cli = open_catalogue(window.cat.path)
    try:
        reject_feature(cli, feature_id=exit_.id, reason="Bricked up")
    finally:
        cli.close()
    qtbot.waitUntil(lambda: _grew(before, _reads(window)).get("scene") == 1, timeout=15_000)
    window.settle()
    assert all(f.id != exit_.id for f in window.viewer.scene.features)  # its marker gone from 3D
    assert any("Exit west" in r and "rejected" in r for r in window.editing.features_panel.rows())


def test_an_external_broadcast_naming_nothing_is_read_by_every_panel(window):
    before = _reads(window)
    window.ops.broadcast(Changes(catalogue=True), EXTERNAL)
    window.settle()
    grew = _grew(before, _reads(window))
    assert all(grew.get(k) == 1 for k in ("scenario", "features", "venue_details", "audit", "venue_counts")), grew
