"""Undo refuses to overwrite what someone else changed since: a second connection on the same file
(another window, the command line) edits a row the step wrote; undo (or redo) is then refused in one
line and nothing changes. Changes to other rows do not get in the way."""

import pytest

from tests.ops.conftest import feature_id
from venueplans.catalogue import open_catalogue, read
from venueplans.ops.annotations import add_marker, delete_annotation
from venueplans.ops.edit_support import EditRefused, audit_trail
from venueplans.ops.features import edit_feature, reject_feature
from venueplans.ops.scenario_edits import create_scenario, delete_scenario
from venueplans.ops.scenario_reads import list_scenarios, load_annotations
from venueplans.ops.signoff import update_venue_details
from venueplans.ops.undo import UndoStack


@pytest.fixture
def other(cat):
    """The command line: its own connection to the same catalogue file."""
    c = open_catalogue(cat.path, create=False)
    yield c
    c.close()


def features(cat, venue_id):
    return {f.id: (f.label, f.number, f.verified, f.verify_reason, f.notes) for f in read.load_features(cat, venue_id)}


def refused_without_change(cat, venue_id, action):
    before, trail = features(cat, venue_id), len(audit_trail(cat, venue_id=venue_id))
    with pytest.raises(EditRefused) as err:
        action()
    assert features(cat, venue_id) == before and len(audit_trail(cat, venue_id=venue_id)) == trail
    message = str(err.value)
    assert "\n" not in message and "nothing was changed" in message
    return message


def test_undo_is_refused_when_the_command_line_edited_the_same_feature(cat, other, hall):
    stack = UndoStack(cat)
    east = feature_id(cat, hall, "Exit east")
    stack.push(reject_feature, feature_id=east, reason="locked during shows")
    edit_feature(other, feature_id=east, notes="chained on 12 March")

    message = refused_without_change(cat, hall, stack.undo)
    assert message.startswith("cannot undo \"rejected emergency exit 2 'Exit east'")
    assert f"feature {east} was changed since" in message
    _, f = read.get_feature(cat, east)
    assert f.verified is False and f.notes == "chained on 12 March"  # both edits stand
    assert stack.can_undo()  # the step stays: the user can look, then decide


def test_undo_goes_ahead_when_another_window_changed_other_rows(cat, other, hall):
    stack = UndoStack(cat)
    east, west = feature_id(cat, hall, "Exit east"), feature_id(cat, hall, "Exit west")
    stack.push(reject_feature, feature_id=east, reason="locked")
    edit_feature(other, feature_id=west, notes="double door")

    stack.undo()
    assert read.get_feature(cat, east)[1].verified is None
    assert read.get_feature(cat, west)[1].notes == "double door"


def test_undo_of_an_added_marker_is_refused_once_someone_deleted_it(cat, other, hall):
    sid = create_scenario(cat, venue_id=hall, name="Drill").id
    stack = UndoStack(cat)
    marker = stack.push(add_marker, scenario_id=sid, symbol="hostile", position=(5, 5), storey=0).id
    delete_annotation(other, annotation_id=marker)

    message = refused_without_change(cat, hall, stack.undo)
    assert f"annotation {marker} was deleted since" in message
    assert load_annotations(cat, scenario_id=sid) == []


def test_undo_of_a_deleted_scenario_is_refused_when_its_id_was_taken_meanwhile(cat, other, hall):
    sid = create_scenario(cat, venue_id=hall, name="Drill").id
    stack = UndoStack(cat)
    stack.push(delete_scenario, scenario_id=sid)
    taken = create_scenario(other, venue_id=hall, name="Night drill").id
    assert taken == sid  # SQLite reuses the highest rowid once it is free

    message = refused_without_change(cat, hall, stack.undo)
    assert f"scenario {sid} was re-created since" in message
    assert [s.name for s in list_scenarios(cat, venue_id=hall)] == ["Night drill"]


def test_redo_is_checked_too(cat, other, hall):
    stack = UndoStack(cat)
    east = feature_id(cat, hall, "Exit east")
    stack.push(reject_feature, feature_id=east, reason="locked")
    stack.undo()
    edit_feature(other, feature_id=east, label="Exit east (north door)")

    refused_without_change(cat, hall, stack.redo)
    assert read.get_feature(cat, east)[1].verified is None


def test_undo_of_venue_details_is_refused_after_a_change_elsewhere(cat, other, hall):
    stack = UndoStack(cat)
    stack.push(update_venue_details, venue_id=hall, city="Lyon")
    update_venue_details(other, venue_id=hall, address="1 quai Rambaud")

    message = refused_without_change(cat, hall, stack.undo)
    assert f"venue {hall} was changed since" in message
    venue = read.get_venue(cat, hall)
    assert (venue.city, venue.address) == ("Lyon", "1 quai Rambaud")


def test_another_trainers_marker_in_the_same_scenario_does_not_block_undo(cat, other, hall):
    sid = create_scenario(cat, venue_id=hall, name="Drill").id
    stack = UndoStack(cat)
    mine = stack.push(add_marker, scenario_id=sid, symbol="hostile", position=(5, 5), storey=0).id
    theirs = add_marker(other, scenario_id=sid, symbol="civilian", position=(8, 8), storey=0).id

    stack.undo()  # the scenario's "updated" stamp moved, its content did not
    assert [a.id for a in load_annotations(cat, scenario_id=sid)] == [theirs]
    stack.redo()
    assert sorted(a.id for a in load_annotations(cat, scenario_id=sid)) == sorted([mine, theirs])
