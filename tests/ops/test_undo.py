"""Undo/redo of the session's edits: every op invertible, undo audited, redo cleared by a new edit."""

import pytest

from tests.ops.conftest import feature_id
from venueplans.catalogue import read
from venueplans.ops.annotations import add_marker, add_text
from venueplans.ops.edit_support import EditRefused, audit_trail
from venueplans.ops.features import (
    add_feature,
    confirm_feature,
    delete_feature,
    edit_feature,
    reject_feature,
    renumber_exits,
)
from venueplans.ops.photos import add_photo, list_photos
from venueplans.ops.scenario_edits import add_phase, create_scenario, delete_scenario
from venueplans.ops.scenario_reads import list_scenarios, load_annotations, load_phases
from venueplans.ops.signoff import sign_off, sign_off_status, update_venue_details
from venueplans.ops.undo import UndoStack


def state(cat, venue_id):
    return {f.id: (f.kind, f.label, f.number, f.verified, f.verify_reason, f.position, f.notes)
            for f in read.load_features(cat, venue_id)}


@pytest.fixture
def stack(cat):
    return UndoStack(cat)


def test_undo_a_reject_then_redo_it(cat, hall, stack):
    east = feature_id(cat, hall, "Exit east")
    before = state(cat, hall)
    stack.push(reject_feature, feature_id=east, reason="locked")
    assert stack.can_undo() and not stack.can_redo()
    assert stack.undo_text() == "rejected emergency exit 2 'Exit east': locked"
    after = state(cat, hall)

    changes = stack.undo()
    assert changes.features and changes.message.startswith("undid rejected")
    assert state(cat, hall) == before  # unreviewed again, number 2 back
    assert stack.can_redo() and stack.redo_text() == "rejected emergency exit 2 'Exit east': locked"

    stack.redo()
    assert state(cat, hall) == after
    assert [e.action for e in audit_trail(cat, venue_id=hall)][-3:] == ["feature.reject", "undo", "redo"]


def test_undo_an_add_removes_the_feature_and_redo_brings_it_back_with_its_id(cat, hall, stack):
    changes = stack.push(add_feature, venue_id=hall, kind="key_box", position=(1, 1), storey=0)
    stack.undo()
    assert changes.id not in state(cat, hall)
    stack.redo()
    assert state(cat, hall)[changes.id][:2] == ("key_box", "Key box")


def test_undo_a_delete_restores_the_feature_and_its_photo(cat, hall, stack):
    east = feature_id(cat, hall, "Exit east")
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    add_photo(cat, feature_id=east, data=photo, caption="door")
    before = state(cat, hall)
    stack.push(delete_feature, feature_id=east)
    assert east not in state(cat, hall)
    stack.undo()
    assert state(cat, hall) == before
    assert [p.caption for p in list_photos(cat, feature_id=east)] == ["door"]


def test_a_new_edit_clears_the_redo_side(cat, hall, stack):
    stack.push(confirm_feature, feature_id=feature_id(cat, hall, "Exit east"))
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), label="Stair 1")
    stack.undo()
    assert stack.can_redo()
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Lift 1"), notes="out of order")
    assert not stack.can_redo() and stack.count() == 2
    with pytest.raises(EditRefused, match="nothing to redo"):
        stack.redo()


def test_undo_of_a_renumbering_restores_every_number(cat, hall, stack):
    add_feature(cat, venue_id=hall, kind="exit", position=(10, 11.8), storey=0, label="North")
    before = state(cat, hall)
    stack.push(renumber_exits, venue_id=hall)
    assert state(cat, hall) != before
    stack.undo()
    assert state(cat, hall) == before


def test_clean_state_follows_the_index(cat, hall, stack):
    assert stack.is_clean()
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), notes="x")
    assert not stack.is_clean()
    stack.set_clean()
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), notes="y")
    stack.undo()
    assert stack.is_clean()
    stack.undo()
    assert not stack.is_clean()


def test_a_refused_op_leaves_no_step_and_a_no_op_is_not_kept(cat, hall, stack):
    with pytest.raises(EditRefused):
        stack.push(reject_feature, feature_id=feature_id(cat, hall, "Exit east"), reason="")
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), label="Stair A")  # unchanged
    assert stack.count() == 0 and not stack.can_undo()


def test_undo_withdraws_a_sign_off_and_never_restores_one(cat, hall, stack):
    for f in read.load_features(cat, hall):
        if f.kind == "exit":
            confirm_feature(cat, feature_id=f.id)
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), notes="checked")
    sign_off(cat, venue_id=hall, by="Cdt. Martin", on="2025-03-14")
    stack.undo()  # the plan changed again: the sign-off is no longer true
    assert sign_off_status(cat, venue_id=hall) is None
    assert audit_trail(cat, venue_id=hall)[-1].action == "signoff.invalidated"
    stack.redo()
    assert sign_off_status(cat, venue_id=hall) is None


def test_undo_venue_details(cat, hall, stack):
    stack.push(update_venue_details, venue_id=hall, name="Salle Rameau", city="Lyon")
    stack.undo()
    v = read.get_venue(cat, hall)
    assert (v.name, v.city) == ("Test Hall", "")
    assert read.list_venues(cat, "Rameau") == []


def test_undo_scenario_edits_including_a_cascaded_delete(cat, hall, stack):
    sid = stack.push(create_scenario, venue_id=hall, name="Night").id
    pid = stack.push(add_phase, scenario_id=sid, name="Entry", time_offset="H+00:05").id
    stack.push(add_marker, scenario_id=sid, symbol="hostile", position=(5, 5), storey=0, phase_id=pid)
    stack.push(delete_scenario, scenario_id=sid)
    assert list_scenarios(cat, venue_id=hall) == []
    changes = stack.undo()
    assert changes.scenarios
    assert [p.name for p in load_phases(cat, scenario_id=sid)] == ["Entry"]
    assert [a.symbol for a in load_annotations(cat, scenario_id=sid)] == ["hostile"]
    while stack.can_undo():
        stack.undo()
    assert list_scenarios(cat, venue_id=hall) == []


def test_ops_with_a_text_argument_and_the_stack_user(cat, hall):
    stack = UndoStack(cat, who="formateur.leroy")
    sid = stack.push(create_scenario, venue_id=hall, name="Drill").id
    stack.push(add_text, scenario_id=sid, text="Doors chained", position=(19, 6), storey=0,
               step_text="note on the east door")
    assert stack.undo_text() == "note on the east door"
    assert [a.label for a in load_annotations(cat, scenario_id=sid)] == ["Doors chained"]
    assert {e.who for e in audit_trail(cat, venue_id=hall)[1:]} == {"formateur.leroy"}


def test_listeners_hear_every_change(cat, hall, stack):
    calls = []
    stack.listeners.append(lambda: calls.append(stack.index()))
    stack.push(edit_feature, feature_id=feature_id(cat, hall, "Stair A"), notes="x")
    stack.undo()
    stack.redo()
    assert calls == [1, 0, 1]
