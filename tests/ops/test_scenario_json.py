"""Scenario files: byte-identical round trip, one-line refusals, storeys by name, and the warning about
annotations that fall outside a changed building."""

import json

import pytest

from tests.factories import two_storey_building
from tests.ops.conftest import small_theatre
from venueplans.catalogue import open_catalogue
from venueplans.ops.annotations import add_area, add_marker, add_route
from venueplans.ops.edit_support import audit_trail
from venueplans.ops.example_exercise import build_example_scenario
from venueplans.ops.import_venue import import_venue
from venueplans.ops.scenario_edits import add_phase, create_scenario, delete_scenario
from venueplans.ops.scenario_json import (
    ScenarioFileError,
    export_scenario,
    import_scenario,
    scenario_to_json,
)
from venueplans.ops.scenario_reads import list_scenarios, load_annotations, scenario_state


@pytest.fixture
def drawn(cat, hall) -> int:
    """A scenario on the test hall: a cordon outside, Alpha moving in, a route up the stair."""
    sid = create_scenario(cat, venue_id=hall, name="Night exercise", description="Intruder, 22:00").id
    setup = add_phase(cat, scenario_id=sid, name="Set-up", notes="Cordon first").id
    entry = add_phase(cat, scenario_id=sid, name="Entry", time_offset="H+00:05").id
    add_area(cat, scenario_id=sid, kind="cordon", storey=0, label="Cordon",
             points=[(2, -8), (18, -8), (18, -1), (2, -1)])
    add_marker(cat, scenario_id=sid, symbol="friendly_team", position=(-4, 5.75), storey=0, phase_id=setup,
               label="Alpha", team="Alpha", colour="#0066CC", ref="alpha")
    add_marker(cat, scenario_id=sid, symbol="friendly_team", position=(15.5, 6.0), storey=0, phase_id=entry,
               label="Alpha", team="Alpha", colour="#0066cc", ref="alpha")
    add_marker(cat, scenario_id=sid, symbol="hostile", position=(17, 10, 4.0), storey=1, phase_id=entry,
               label="Tireur « balcon »")
    add_route(cat, scenario_id=sid, storey=0, phase_id=entry, label="Up",
              points=[(3.5, 8.2), (3.5, 10.8, 0.0), (3.5, 10.8, 4.0, 1), (12.123456, 10.0, 4.0, 1)])
    return sid


def test_export_is_the_documented_format(cat, drawn):
    doc = json.loads(scenario_to_json(cat, scenario_id=drawn))
    assert list(doc) == ["format", "version", "venue", "storeys", "scenario", "phases", "annotations"]
    assert (doc["format"], doc["version"]) == ("venueplans-scenario", 1)
    assert doc["venue"] == {"name": "Test Hall", "source_file": "test-hall.ifc", "source_sha256": "0" * 64}
    assert doc["storeys"] == [{"index": 0, "name": "Ground", "elevation": 0.0},
                              {"index": 1, "name": "First", "elevation": 4.0}]
    assert doc["phases"] == [{"name": "Set-up", "time": "H+00:00", "notes": "Cordon first"},
                             {"name": "Entry", "time": "H+00:05", "notes": ""}]
    cordon, alpha0, alpha1, hostile, route = doc["annotations"]
    assert (cordon["phase"], cordon["inside_building"]) == (None, False)  # unphased first, drawn outside
    assert (alpha0["phase"], alpha0["inside_building"], alpha1["inside_building"]) == ("Set-up", False, True)
    assert hostile["storey"] == {"index": 1, "name": "First"} and hostile["sidc"] == "10062700001103010000"
    assert route["points"][-1] == [12.123, 10.0, 4.0, 1]  # millimetres
    assert alpha0["colour"] == "#0066cc"


def test_export_then_import_is_byte_identical(cat, hall, drawn, tmp_path):
    path = tmp_path / "night.json"
    export_scenario(cat, scenario_id=drawn, path=path)
    original = path.read_bytes()
    assert original.endswith(b"}\n") and "Tireur « balcon »".encode() in original  # UTF-8, not \u escapes

    delete_scenario(cat, scenario_id=drawn)
    imported = import_scenario(cat, venue_id=hall, path=path)
    assert imported.warnings == [] and "2 phases, 5 annotations" in imported.message
    again = tmp_path / "again.json"
    export_scenario(cat, scenario_id=imported.id, path=again)
    assert again.read_bytes() == original

    # and into the same venue in another catalogue
    with open_catalogue(tmp_path / "other.sqlite") as other:
        vid = import_venue(other, path="hall.ifc", model=two_storey_building()).venue_id
        sid = import_scenario(other, venue_id=vid, path=path).id
        assert scenario_to_json(other, scenario_id=sid).encode() == original


def test_imported_scenario_plays_the_same(cat, hall, drawn, tmp_path):
    path = tmp_path / "s.json"
    export_scenario(cat, scenario_id=drawn, path=path)
    copy = import_scenario(cat, venue_id=hall, path=path, name="Copy").id
    last = lambda sid: scenario_state(cat, scenario_id=sid, phase_id=None)  # noqa: E731
    assert [i.annotation.label for i in last(copy).items] == [i.annotation.label for i in last(drawn).items]
    alpha = [a for a in load_annotations(cat, scenario_id=copy) if a.ref == "alpha"]
    assert len(alpha) == 2


def test_same_name_is_refused_unless_replaced(cat, hall, drawn, tmp_path):
    path = tmp_path / "s.json"
    export_scenario(cat, scenario_id=drawn, path=path)
    with pytest.raises(ScenarioFileError, match="already has a scenario named 'Night exercise'"):
        import_scenario(cat, venue_id=hall, path=path)
    replaced = import_scenario(cat, venue_id=hall, path=path, replace=True)
    assert [s.name for s in list_scenarios(cat, venue_id=hall)] == ["Night exercise"]
    assert len(load_annotations(cat, scenario_id=replaced.id)) == 5
    assert [e.action for e in audit_trail(cat, venue_id=hall)][-2:] == ["scenario.delete", "scenario.import"]


def _doc(cat, sid) -> dict:
    return json.loads(scenario_to_json(cat, scenario_id=sid))


@pytest.mark.parametrize("mutate, message", [
    (lambda d: "{ not json", "s.json: not valid JSON (line 1, column 3: Expecting property name enclosed in double quotes)"),
    (lambda d: [1, 2], 's.json: not a venueplans scenario file (no "format": \'venueplans-scenario\')'),
    (lambda d: {**d, "format": "geojson"}, "s.json: not a venueplans scenario file (format 'geojson', expected 'venueplans-scenario')"),
    (lambda d: {**d, "version": 2}, "s.json: scenario file version 2 is newer than this venueplans reads (version 1); update venueplans"),
    (lambda d: {**d, "version": "1"}, "s.json: unknown scenario file version '1' (this venueplans reads version 1)"),
    (lambda d: {**d, "storeys": [{"index": 0, "name": "Ground"}, {"index": 1, "name": "Balcon"}]},
     "s.json: storey 'Balcon' (index 1) is not in venue 'Test Hall' (its storeys: 'Ground', 'First')"),
    (lambda d: {**d, "phases": d["phases"][:1]}, "s.json: annotations[2]: phase 'Entry' is not in the file's phases"),
    (lambda d: {**d, "annotations": [{**d["annotations"][0], "points": [[1, 2]]}]},
     "s.json: annotations[0].points[0]: should be [x, y, z, storey index] in metres"),
    (lambda d: {**d, "annotations": [{**d["annotations"][1], "symbol": "tank"}]},
     "s.json: unknown tactical symbol 'tank'"),
    (lambda d: {**d, "phases": [{"name": "A", "time": "soon", "notes": ""}], "annotations": []},
     "s.json: phases[0]: time offset 'soon' is not like H+00:05 (hours:minutes after H hour)"),
])
def test_bad_files_are_refused_in_one_line(cat, hall, drawn, tmp_path, mutate, message):
    bad = mutate(_doc(cat, drawn))
    path = tmp_path / "s.json"
    path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
    with pytest.raises(ScenarioFileError) as err:
        import_scenario(cat, venue_id=hall, path=path, name="Other")
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_storeys_are_matched_by_name_not_index(cat, tmp_path):
    """The same scenario imported into a model whose storeys were re-indexed (a basement added)."""
    src = open_catalogue(tmp_path / "a.sqlite")
    vid = import_venue(src, path="t.ifc", model=small_theatre()).venue_id
    sid = build_example_scenario(src, venue_id=vid).id
    path = tmp_path / "ex.json"
    export_scenario(src, scenario_id=sid, path=path)
    src.close()

    model = small_theatre(sha="8" * 64)
    for s in model.storeys:
        s.index += 1
    for collection in (model.elements, model.spaces, model.features):
        for item in collection:
            item.storey += 1
    for b in model.batches:
        b.storey += 1
    from venueplans.model import Storey

    model.storeys.insert(0, Storey("Sous-sol", -4.0, 0, 4.0, "bs"))
    vid2 = import_venue(cat, path="t2.ifc", model=model).venue_id
    imported = import_scenario(cat, venue_id=vid2, path=path)
    assert {a.storey for a in load_annotations(cat, scenario_id=imported.id)} == {1}  # 'Rez-de-chaussée'
    assert imported.warnings[0].startswith("the model of 'Théâtre test' is not the one this scenario was drawn on")
    assert len(imported.warnings) == 1  # same rooms: nothing fell outside


def test_changed_building_warns_about_annotations_now_outside_and_names_them(cat, hall, drawn, tmp_path):
    path = tmp_path / "s.json"
    export_scenario(cat, scenario_id=drawn, path=path)
    smaller = two_storey_building(sha="b" * 64, name="Test Hall v2")
    smaller.spaces[0].footprint = [(0.3, 0.3), (12.0, 0.3), (12.0, 11.7), (0.3, 11.7)]  # the east part is gone
    vid = import_venue(cat, path="hall-v2.ifc", model=smaller).venue_id
    changes = import_scenario(cat, venue_id=vid, path=path)
    assert changes.warnings[0].startswith("the model of 'Test Hall v2' is not the one")
    assert changes.warnings[1:] == ["'Alpha' (marker, phase 'Entry', storey 'Ground') falls outside the building"]
    # the cordon and Alpha's staging point were outside on purpose: not reported; the first floor has
    # no rooms, so the model's box is used there and the hostile is still inside it
