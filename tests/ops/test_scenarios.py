"""Trainers' scenarios: CRUD, ordered phases, annotations, the state at a phase (moves and tracks),
and the example exercise laid out from a venue's own plan."""

import pytest

from venueplans.catalogue import read
from venueplans.model.scenario import format_time_offset, parse_time_offset
from venueplans.ops.annotations import (
    add_area,
    add_marker,
    add_route,
    add_text,
    delete_annotation,
    edit_annotation,
    move_marker,
)
from venueplans.ops.edit_support import EditRefused, audit_trail
from venueplans.ops.example_exercise import build_example_scenario
from venueplans.ops.scenario_edits import (
    add_phase,
    create_scenario,
    delete_phase,
    delete_scenario,
    describe_scenario,
    duplicate_scenario,
    edit_phase,
    move_phase,
    rename_phase,
    rename_scenario,
)
from venueplans.ops.scenario_reads import list_scenarios, load_annotations, load_phases, scenario_state


@pytest.fixture
def scenario(cat, hall) -> int:
    return create_scenario(cat, venue_id=hall, name="Night exercise").id


def phase_names(cat, sid):
    return [(p.name, p.time_label) for p in load_phases(cat, scenario_id=sid)]


@pytest.mark.parametrize("text, seconds", [
    ("H+00:05", 300), ("H-00:30", -1800), ("H+01:10:30", 4230), ("h + 00:05", 300), ("H", 0), ("00:05", 300),
])
def test_time_offsets_read_and_print(text, seconds):
    assert parse_time_offset(text) == seconds
    assert parse_time_offset(format_time_offset(seconds)) == seconds


def test_time_offset_that_is_not_one_is_refused():
    with pytest.raises(ValueError, match="not like H\\+00:05"):
        parse_time_offset("five minutes")


def test_create_rename_describe_duplicate_delete(cat, hall, scenario):
    with pytest.raises(EditRefused, match="already has a scenario named"):
        create_scenario(cat, venue_id=hall, name="night EXERCISE")
    rename_scenario(cat, scenario_id=scenario, name="Night drill")
    describe_scenario(cat, scenario_id=scenario, description="Armed intruder at 22:00")
    p = add_phase(cat, scenario_id=scenario, name="Entry", time_offset="H+00:05").id
    add_marker(cat, scenario_id=scenario, symbol="hostile", position=(5, 5), storey=0, phase_id=p)
    copy = duplicate_scenario(cat, scenario_id=scenario).id
    assert [s.name for s in list_scenarios(cat, venue_id=hall)] == ["Night drill", "Night drill (copy)"]
    copied = load_annotations(cat, scenario_id=copy)
    assert [(a.symbol, a.phase_id) for a in copied] == [("hostile", load_phases(cat, scenario_id=copy)[0].id)]
    assert duplicate_scenario(cat, scenario_id=scenario).message.endswith("'Night drill (copy 2)'")
    delete_scenario(cat, scenario_id=scenario)
    assert {s.name for s in list_scenarios(cat, venue_id=hall)} == {"Night drill (copy)", "Night drill (copy 2)"}
    assert load_annotations(cat, scenario_id=scenario) == []
    assert [e.action for e in audit_trail(cat, venue_id=hall)][-2:] == ["scenario.duplicate", "scenario.delete"]


def test_phases_keep_their_order_through_add_insert_move_rename_delete(cat, scenario):
    a = add_phase(cat, scenario_id=scenario, name="Set-up").id
    c = add_phase(cat, scenario_id=scenario, name="Assault", time_offset="H+00:15").id
    add_phase(cat, scenario_id=scenario, name="Entry", time_offset="H+00:05", index=1)
    assert phase_names(cat, scenario) == [("Set-up", "H+00:00"), ("Entry", "H+00:05"), ("Assault", "H+00:15")]
    changes = move_phase(cat, phase_id=c, index=0)
    assert any("earlier" in w for w in changes.warnings)  # H+00:15 now before H+00:00
    assert [n for n, _ in phase_names(cat, scenario)] == ["Assault", "Set-up", "Entry"]
    rename_phase(cat, phase_id=a, name="Staging")
    edit_phase(cat, phase_id=c, time_offset="H-00:10", notes="pre-positioning")
    assert phase_names(cat, scenario) == [("Assault", "H-00:10"), ("Staging", "H+00:00"), ("Entry", "H+00:05")]
    with pytest.raises(EditRefused, match="already has a phase named"):
        rename_phase(cat, phase_id=a, name="entry")
    add_marker(cat, scenario_id=scenario, symbol="friendly_team", position=(1, 1), storey=0, phase_id=c)
    delete_phase(cat, phase_id=c)
    assert [n for n, _ in phase_names(cat, scenario)] == ["Staging", "Entry"]
    assert load_annotations(cat, scenario_id=scenario) == []  # the phase's annotations went with it
    assert [p.index for p in load_phases(cat, scenario_id=scenario)] == [0, 1]


def test_annotation_kinds_and_their_checks(cat, scenario):
    route = add_route(cat, scenario_id=scenario, storey=0, label="Up the stair", team="Alpha",
                      points=[(1, 9.5), (3.5, 9.5, 0.0), (3.5, 9.5, 4.0, 1), (10, 9.5, 4.0, 1)]).id
    area = add_area(cat, scenario_id=scenario, kind="cordon", storey=0,
                    points=[(0, -5), (20, -5), (20, -1), (0, -1), (0, -5)]).id
    add_text(cat, scenario_id=scenario, text="Doors chained", position=(19, 6), storey=0)
    by_id = {a.id: a for a in load_annotations(cat, scenario_id=scenario)}
    assert [p[3] for p in by_id[route].points] == [0, 0, 1, 1]  # the route climbs to the first floor
    assert by_id[route].storey == 0 and by_id[route].display_colour == "#0066cc"
    assert len(by_id[area].points) == 4 and by_id[area].display_colour == "#f2b600"  # ring closed implicitly
    for call, reason in [
        (lambda: add_marker(cat, scenario_id=scenario, symbol="tank", position=(1, 1), storey=0), "unknown tactical"),
        (lambda: add_marker(cat, scenario_id=scenario, symbol="hostile", position=(1, 1), storey=9), "storey 9"),
        (lambda: add_route(cat, scenario_id=scenario, points=[(1, 1)], storey=0), "at least 2 points"),
        (lambda: add_area(cat, scenario_id=scenario, kind="moat", points=[(0, 0), (1, 0), (1, 1)], storey=0),
         "unknown area kind"),
        (lambda: add_marker(cat, scenario_id=scenario, symbol="hostile", position=(1, 1), storey=0,
                            colour="red"), "not like #1f77b4"),
        (lambda: add_text(cat, scenario_id=scenario, text=" ", position=(1, 1), storey=0), "needs some text"),
    ]:
        with pytest.raises(EditRefused, match=reason):
            call()
    edit_annotation(cat, annotation_id=area, symbol="danger_zone", label="Gas leak")
    assert load_annotations(cat, scenario_id=scenario)[1].symbol == "danger_zone"
    delete_annotation(cat, annotation_id=area)
    assert area not in {a.id for a in load_annotations(cat, scenario_id=scenario)}


def test_state_at_a_phase_moves_markers_and_keeps_their_track(cat, scenario):
    setup = add_phase(cat, scenario_id=scenario, name="Set-up").id
    entry = add_phase(cat, scenario_id=scenario, name="Entry", time_offset="H+00:05").id
    assault = add_phase(cat, scenario_id=scenario, name="Assault", time_offset="H+00:12").id
    add_area(cat, scenario_id=scenario, kind="cordon", points=[(0, -5), (20, -5), (20, -1)], storey=0,
             label="Cordon")  # no phase: shown throughout
    add_marker(cat, scenario_id=scenario, symbol="friendly_team", position=(-4, 5.75), storey=0,
               phase_id=setup, label="Alpha", ref="alpha")
    move_marker(cat, scenario_id=scenario, ref="alpha", phase_id=entry, position=(3, 5.75))
    move_marker(cat, scenario_id=scenario, ref="alpha", phase_id=assault, position=(18, 9), storey=1)
    add_marker(cat, scenario_id=scenario, symbol="hostile", position=(15, 9, 4.0), storey=1,
               phase_id=assault, label="Shooter")

    before = scenario_state(cat, scenario_id=scenario, phase_id=None)
    assert [i.annotation.label for i in before.items] == ["Cordon"]

    at_entry = scenario_state(cat, scenario_id=scenario, phase_id=entry)
    assert [i.annotation.label for i in at_entry.items] == ["Cordon", "Alpha"]
    alpha = at_entry.items[1]
    assert alpha.annotation.position == (3.0, 5.75, 0.0) and alpha.phase == "Entry"
    assert [(t.phase, t.position[:2]) for t in alpha.track] == [("Set-up", (-4.0, 5.75)), ("Entry", (3.0, 5.75))]

    final = scenario_state(cat, scenario_id=scenario, phase_id=assault).as_dict()
    assert final["phase"] == {"name": "Assault", "index": 2, "time": "H+00:12", "notes": ""}
    alpha, shooter = final["items"][1], final["items"][2]
    assert alpha["points"] == [[18.0, 9.0, 4.0, 1]] and alpha["storey_name"] == "First"  # up a storey
    assert [t["phase"] for t in alpha["track"]] == ["Set-up", "Entry", "Assault"]
    assert (shooter["symbol"], shooter["sidc"], shooter["colour"]) == ("hostile", "10062700001103010000", "#d7191c")
    assert [i.annotation.label for i in
            scenario_state(cat, scenario_id=scenario, phase_id=assault).on_storey(1)] == ["Alpha", "Shooter"]


def test_move_marker_rules(cat, scenario):
    setup = add_phase(cat, scenario_id=scenario, name="Set-up").id
    later = add_phase(cat, scenario_id=scenario, name="Later").id
    add_marker(cat, scenario_id=scenario, symbol="civilian", position=(5, 5), storey=0, phase_id=later, ref="c1")
    with pytest.raises(EditRefused, match="first appears in phase 'Later'"):
        move_marker(cat, scenario_id=scenario, ref="c1", phase_id=setup, position=(1, 1))
    move_marker(cat, scenario_id=scenario, ref="c1", phase_id=later, position=(6, 6))  # same phase: moves it
    assert [a.position for a in load_annotations(cat, scenario_id=scenario)] == [(6.0, 6.0, 0.0)]
    with pytest.raises(EditRefused, match="already placed in this phase"):
        add_marker(cat, scenario_id=scenario, symbol="civilian", position=(1, 1), storey=0, phase_id=later, ref="c1")


def test_example_scenario_on_a_theatre_uses_its_rooms_and_exits(cat, theatre):
    sid = build_example_scenario(cat, venue_id=theatre).id
    phases = load_phases(cat, scenario_id=sid)
    assert [(p.name, p.time_label) for p in phases] == [
        ("Set-up", "H+00:00"), ("Entry", "H+00:05"), ("Contact", "H+00:12"), ("Evacuation", "H+00:20")]
    spaces = {s.long_name: s for s in read.load_spaces(cat, theatre)}
    final = {i.annotation.ref: i for i in scenario_state(cat, scenario_id=sid, phase_id=phases[-1].id).items}

    from shapely.geometry import Point, Polygon

    def inside(ref, room):
        return Polygon(spaces[room].footprint).buffer(0.3).covers(Point(final[ref].annotation.position[:2]))

    assert final["cordon"].annotation.symbol == "cordon"
    assert all(p[1] < 1.0 for p in final["cordon"].annotation.points)  # in front of the street facade
    assert inside("ccp", "Hall d'entrée") and inside("hostile", "Parterre")
    # Alpha enters by exit 1 (the main entrance), Bravo breaches exit 3 ("Sortie de secours 2")
    alpha_track = [t.position[:2] for t in final["alpha"].track]
    assert alpha_track[0][1] < 0 < alpha_track[1][1]  # outside, then inside
    assert final["breach"].annotation.position[:2] == (0.2, 21.0)
    axis = [p[:2] for p in final["alpha-axis"].annotation.points]
    assert (14.0, 14.0) in axis and (14.0, 16.0) in axis  # through the doors, not the walls
    assert inside("civilians-1", "Hall d'entrée") and len(final["civilians-1"].track) == 2
    teams = {i.annotation.team for i in final.values() if i.annotation.team}
    assert teams == {"Alpha", "Bravo"}


def test_example_scenario_degrades_on_a_plain_hall(cat, hall):
    changes = build_example_scenario(cat, venue_id=hall, name="Example")
    state = scenario_state(cat, scenario_id=changes.id, phase_id=load_phases(cat, scenario_id=changes.id)[-1].id)
    refs = {i.annotation.ref for i in state.items}
    assert {"cordon", "alpha", "bravo", "hostile", "ccp", "alpha-axis", "danger"} <= refs
    with pytest.raises(EditRefused, match="already has a scenario named 'Example'"):
        build_example_scenario(cat, venue_id=hall, name="Example")
