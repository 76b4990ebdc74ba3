"""Operators review detected exits, add, edit and delete features, number exits, attach photos."""

import re

import pytest

from tests.ops.conftest import feature_id
from venueplans.catalogue import read
from venueplans.ops.edit_support import EditRefused
from venueplans.ops.features import (
    add_feature,
    confirm_feature,
    delete_feature,
    edit_feature,
    mark_as_exit,
    reject_feature,
    renumber_exits,
    set_feature_number,
)
from venueplans.ops.photos import MAX_PHOTO_BYTES, add_photo, list_photos, photo_data, remove_photo

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def exits(cat, venue_id):
    """{label: (number, verified)} of the venue's exits."""
    return {f.label: (f.number, f.verified) for f in read.load_features(cat, venue_id) if f.kind == "exit"}


def test_detected_exits_start_unreviewed_then_confirm_and_reject_with_reason(cat, hall):
    assert exits(cat, hall) == {"Exit west": (1, None), "Exit east": (2, None), "Exit first floor": (3, None)}
    confirm_feature(cat, feature_id=feature_id(cat, hall, "Exit east"))
    changes = reject_feature(cat, feature_id=feature_id(cat, hall, "Exit west"), reason="chained during shows")
    assert "rejected" in changes.message and "chained during shows" in changes.message
    assert changes.features and any("skip 1" in w for w in changes.warnings)
    _, west = read.get_feature(cat, feature_id(cat, hall, "Exit west"))
    assert (west.verified, west.verify_reason, west.number) == (False, "chained during shows", None)
    assert exits(cat, hall)["Exit east"] == (2, True)
    # a rejected exit no longer counts anywhere
    assert read.venue_counts(cat, hall)["exits"] == 2


def test_reject_needs_a_reason(cat, hall):
    with pytest.raises(EditRefused, match="needs a reason"):
        reject_feature(cat, feature_id=feature_id(cat, hall, "Exit west"), reason="  ")


def test_confirming_a_rejected_exit_brings_it_back_with_the_next_number(cat, hall):
    west = feature_id(cat, hall, "Exit west")
    reject_feature(cat, feature_id=west, reason="wrong")
    confirm_feature(cat, feature_id=west)
    assert exits(cat, hall)["Exit west"] == (4, True)


def test_add_feature_where_the_operator_clicked(cat, hall):
    added = add_feature(cat, venue_id=hall, kind="key_box", position=(10.0, 0.6), storey=0, notes="code 1234")
    _, key_box = read.get_feature(cat, added.id)
    assert key_box.position == (10.0, 0.6, 0.0)  # a 2D click lands on the storey's floor
    assert (key_box.label, key_box.source, key_box.verified, key_box.number) == ("Key box", "user", True, None)
    new_exit = add_feature(cat, venue_id=hall, kind="exit", position=(10, 11.8, 4.0), storey=1)
    _, f = read.get_feature(cat, new_exit.id)
    assert (f.number, f.label, f.storey) == (4, "Emergency exit 4", 1)


@pytest.mark.parametrize("kwargs, reason", [
    ({"kind": "trapdoor", "position": (1, 1), "storey": 0}, "unknown feature kind 'trapdoor'"),
    ({"kind": "exit", "position": (1, 1), "storey": 7}, "storey 7 is not a storey"),
    ({"kind": "exit", "position": (1, "x"), "storey": 0}, "not (x, y) or (x, y, z)"),
    ({"kind": "exit", "position": (1, 1), "storey": 0, "number": 2}, "exit number 2 is already used"),
    ({"kind": "stair", "position": (1, 1), "storey": 0, "number": 2}, "stairs are not numbered"),
])
def test_add_feature_refuses_with_a_reason(cat, hall, kwargs, reason):
    with pytest.raises(EditRefused, match=re.escape(reason)):
        add_feature(cat, venue_id=hall, **kwargs)


def test_edit_label_notes_position_and_kind(cat, hall):
    lift = feature_id(cat, hall, "Lift 1")
    changes = edit_feature(cat, feature_id=lift, label="Lift A", notes="firefighter lift", position=(15.5, 10.5))
    assert "label" in changes.message and "position" in changes.message
    _, f = read.get_feature(cat, lift)
    assert (f.label, f.notes, f.position) == ("Lift A", "firefighter lift", (15.5, 10.5, 0.0))
    edit_feature(cat, feature_id=lift, kind="access_point")
    _, f = read.get_feature(cat, lift)
    assert f.kind == "access_point" and f.number == 1  # a numbered kind gets the next free number


def test_setting_a_used_number_swaps_the_two_exits(cat, hall):
    east = feature_id(cat, hall, "Exit east")
    changes = set_feature_number(cat, feature_id=east, number=1)
    assert "'Exit west' is now number 2" in changes.message
    assert exits(cat, hall)["Exit east"][0] == 1 and exits(cat, hall)["Exit west"][0] == 2


def test_a_rejected_exit_cannot_get_a_number(cat, hall):
    west = feature_id(cat, hall, "Exit west")
    reject_feature(cat, feature_id=west, reason="wall")
    with pytest.raises(EditRefused, match="rejected: confirm it"):
        set_feature_number(cat, feature_id=west, number=5)


def test_delete_a_feature_and_its_photos(cat, hall):
    stair = feature_id(cat, hall, "Stair A")
    photo = add_photo(cat, feature_id=stair, data=PNG, caption="from the hall").id
    changes = delete_feature(cat, feature_id=stair)
    assert "re-import detects it again" in changes.warnings[0]
    assert "Stair A" not in {f.label for f in read.load_features(cat, hall)}
    with pytest.raises(EditRefused, match="no photo"):
        photo_data(cat, photo_id=photo)


def test_mark_a_door_as_exit_places_it_on_the_door(cat, hall):
    door = next(e.index for e in [read.get_element(cat, hall, i) for i in range(20)] if e and e.name == "Main entrance")
    added = mark_as_exit(cat, venue_id=hall, element=door, label="Front doors")
    _, f = read.get_feature(cat, added.id)
    # the door's box is x 9-11, y -0.1-0.4, z 0-2.4: floor centre
    assert f.position == (10.0, 0.15, 0.0)
    assert (f.kind, f.label, f.number, f.verified, f.element) == ("exit", "Front doors", 4, True, door)
    with pytest.raises(EditRefused, match="already is"):
        mark_as_exit(cat, venue_id=hall, element=door)


def test_mark_as_exit_refuses_what_is_not_a_door(cat, hall):
    wall = next(i for i in range(20) if (e := read.get_element(cat, hall, i)) and e.ifc_class == "IfcWall")
    with pytest.raises(EditRefused, match="not a door"):
        mark_as_exit(cat, venue_id=hall, element=wall)


def test_renumber_runs_clockwise_from_the_main_entrance_and_skips_rejected_exits(cat, hall):
    # ground floor, seen from above around the centre (10, 6), from the entrance (south):
    # west (9 o'clock) comes before the new north exit, then east; the first floor continues.
    north = add_feature(cat, venue_id=hall, kind="exit", position=(10, 11.8), storey=0, label="North").id
    reject_feature(cat, feature_id=feature_id(cat, hall, "Exit west"), reason="bricked up")
    changes = renumber_exits(cat, venue_id=hall)
    assert "3 numbered clockwise from Main entrance" in changes.message
    assert exits(cat, hall) == {"North": (1, True), "Exit east": (2, None), "Exit first floor": (3, None),
                                "Exit west": (None, False)}
    assert read.get_feature(cat, north)[1].number == 1
    assert "already numbered" in renumber_exits(cat, venue_id=hall).message


def test_photos_are_checked_by_their_content(cat, hall, tmp_path):
    east = feature_id(cat, hall, "Exit east")
    jpg = tmp_path / "door.jpg"
    jpg.write_bytes(JPEG)
    added = add_photo(cat, feature_id=east, path=jpg, caption="outside view")
    assert [(p.mime, p.caption, p.size) for p in list_photos(cat, feature_id=east)] == [
        ("image/jpeg", "outside view", len(JPEG))]
    assert photo_data(cat, photo_id=added.id) == ("image/jpeg", JPEG)
    fake = tmp_path / "plan.jpg"
    fake.write_bytes(b"%PDF-1.7 not a photo")
    with pytest.raises(EditRefused) as err:
        add_photo(cat, feature_id=east, path=fake)
    assert str(err.value) == "plan.jpg: not a JPEG, PNG, WebP or GIF image (a PDF document)"
    with pytest.raises(EditRefused, match="over the 20 MB limit"):
        add_photo(cat, feature_id=east, data=PNG + b"\x00" * MAX_PHOTO_BYTES)
    with pytest.raises(EditRefused, match="HEIC"):
        add_photo(cat, feature_id=east, data=b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20)
    remove_photo(cat, photo_id=added.id)
    assert list_photos(cat, feature_id=east) == []


def test_renumber_keeps_the_numbers_painted_on_the_doors(cat, theatre):
    """The theatre's exits are labelled 'Sortie de secours 1'..'5' but stored as numbers 2..6; the main
    entrance carries no number: it comes after the signed ones."""
    changes = renumber_exits(cat, venue_id=theatre)
    assert "5 keep the number on their sign, 1 numbered clockwise" in changes.message
    numbers = {label: n for label, (n, _) in exits(cat, theatre).items()}
    assert numbers == {"Sortie de secours 1": 1, "Sortie de secours 2": 2, "Sortie de secours 3": 3,
                       "Sortie de secours 4": 4, "Sortie de secours 5": 5, "Entrée principale": 6}
    renumber_exits(cat, venue_id=theatre, use_signage=False)
    assert exits(cat, theatre)["Entrée principale"][0] == 1  # clockwise from itself
