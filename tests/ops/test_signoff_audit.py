"""Sign-off ("verified by NAME on DATE"), its withdrawal by any later plan edit, venue details, and
the append-only audit trail."""

import sqlite3
from datetime import date, timedelta

import pytest

from tests.ops.conftest import feature_id
from venueplans.catalogue import read
from venueplans.ops.edit_support import EditRefused, audit_trail
from venueplans.ops.features import (
    add_feature,
    confirm_feature,
    delete_feature,
    edit_feature,
    reject_feature,
    renumber_exits,
    set_feature_number,
)
from venueplans.ops.photos import add_photo
from venueplans.ops.signoff import (
    invalidate_sign_off,
    sign_off,
    sign_off_status,
    update_venue_details,
    withdraw_sign_off,
)


def review_all(cat, venue_id):
    for f in read.load_features(cat, venue_id):
        if f.kind == "exit":
            confirm_feature(cat, feature_id=f.id)


@pytest.fixture
def signed(cat, hall):
    review_all(cat, hall)
    sign_off(cat, venue_id=hall, by="Cdt. Martin", on=date(2025, 3, 14))
    return hall


def test_sign_off_says_who_and_when(cat, hall):
    review_all(cat, hall)
    changes = sign_off(cat, venue_id=hall, by="Cdt. Martin", on="2025-03-14")
    assert changes.message == "verified by Cdt. Martin on 2025-03-14"
    assert sign_off_status(cat, venue_id=hall) == "verified by Cdt. Martin on 2025-03-14"
    v = read.get_venue(cat, hall)
    assert (v.verified_by, v.verified_on) == ("Cdt. Martin", "2025-03-14")
    assert read.list_venues(cat)[0].verified_by == "Cdt. Martin"


def test_sign_off_is_refused_while_detected_exits_are_unreviewed(cat, hall):
    with pytest.raises(EditRefused, match=r"3 detected exit\(s\) not reviewed.*exit 1 \(Exit west\)"):
        sign_off(cat, venue_id=hall, by="Cdt. Martin")
    assert sign_off_status(cat, venue_id=hall) is None


@pytest.mark.parametrize("by, on, reason", [
    ("", None, "needs the name"),
    ("X", date.today() + timedelta(days=3), "in the future"),
    ("X", "14/03/2025", "not a date"),
])
def test_sign_off_refusals(cat, hall, by, on, reason):
    review_all(cat, hall)
    with pytest.raises(EditRefused, match=reason):
        sign_off(cat, venue_id=hall, by=by, on=on)


@pytest.mark.parametrize("edit", [
    lambda cat, v: reject_feature(cat, feature_id=feature_id(cat, v, "Exit east"), reason="blocked"),
    lambda cat, v: edit_feature(cat, feature_id=feature_id(cat, v, "Stair A"), label="Stair 1"),
    lambda cat, v: add_feature(cat, venue_id=v, kind="defibrillator", position=(5, 5), storey=0),
    lambda cat, v: delete_feature(cat, feature_id=feature_id(cat, v, "Lift 1")),
    lambda cat, v: add_photo(cat, feature_id=feature_id(cat, v, "Exit east"), data=b"\xff\xd8\xff" + bytes(9)),
    lambda cat, v: set_feature_number(cat, feature_id=feature_id(cat, v, "Exit east"), number=1),
], ids=["reject", "edit", "add", "delete", "photo", "number"])
def test_any_later_plan_edit_withdraws_the_sign_off_and_says_so(cat, signed, edit):
    changes = edit(cat, signed)
    assert sign_off_status(cat, venue_id=signed) is None
    assert changes.venue and any("sign-off was withdrawn" in w for w in changes.warnings)
    last = audit_trail(cat, venue_id=signed)[-1]
    assert last.action == "signoff.invalidated"
    assert last.details["was"] == "verified by Cdt. Martin on 2025-03-14"
    assert last.who == "op.durand"


def test_renumbering_withdraws_the_sign_off(cat, hall):
    set_feature_number(cat, feature_id=feature_id(cat, hall, "Exit east"), number=1)
    review_all(cat, hall)
    sign_off(cat, venue_id=hall, by="Cdt. Martin", on="2025-03-14")
    renumber_exits(cat, venue_id=hall)
    assert sign_off_status(cat, venue_id=hall) is None


def test_venue_details_are_audited_but_keep_the_sign_off(cat, signed):
    changes = update_venue_details(cat, venue_id=signed, address="3 rue Haute", city="Lyon", capacity=800,
                                   contacts="PC: 04 00 00 00 00", lat=45.76, lon=4.83)
    assert changes.venue and "address" in changes.message
    v = read.get_venue(cat, signed)
    assert (v.address, v.city, v.capacity, v.lat, v.lon) == ("3 rue Haute", "Lyon", 800, 45.76, 4.83)
    assert sign_off_status(cat, venue_id=signed) is not None
    row = audit_trail(cat, venue_id=signed)[-1]
    assert row.action == "venue.details"
    assert row.details["before"]["city"] == "" and row.details["after"]["city"] == "Lyon"
    assert [v.id for v in read.list_venues(cat, "Lyon")] == [signed]  # the search index follows


@pytest.mark.parametrize("kwargs, reason", [
    ({"name": " "}, "needs a name"),
    ({"kind": "castle"}, "unknown venue kind"),
    ({"capacity": -5}, "not a whole number"),
    ({"lat": 123.0}, "not a latitude"),
])
def test_venue_detail_refusals(cat, hall, kwargs, reason):
    with pytest.raises(EditRefused, match=reason):
        update_venue_details(cat, venue_id=hall, **kwargs)


def test_withdraw_sign_off_by_hand_needs_a_reason(cat, signed):
    with pytest.raises(EditRefused):
        withdraw_sign_off(cat, venue_id=signed, reason="")
    withdraw_sign_off(cat, venue_id=signed, reason="exit 2 found locked on site")
    assert sign_off_status(cat, venue_id=signed) is None
    assert audit_trail(cat, venue_id=signed)[-1].details["reason"] == "exit 2 found locked on site"


def test_reimport_helper_withdraws_the_sign_off(cat, signed):
    """import_venue's re-import calls this helper (one place for the rule)."""
    with cat.atomic():
        assert invalidate_sign_off(cat, venue_id=signed, who="importer", cause="reimport") is True
    assert sign_off_status(cat, venue_id=signed) is None
    assert audit_trail(cat, venue_id=signed)[-1].details["cause"] == "reimport"


def test_audit_trail_records_who_what_and_before_after(cat, hall):
    east = feature_id(cat, hall, "Exit east")
    reject_feature(cat, feature_id=east, reason="locked", who="chef.bernard")
    edit_feature(cat, feature_id=east, notes="key at the desk")
    trail = audit_trail(cat, venue_id=hall)
    assert [(e.action, e.who) for e in trail] == [
        ("import", "op.durand"), ("feature.reject", "chef.bernard"), ("feature.edit", "op.durand")]
    reject = trail[1]
    assert reject.details["feature"] == east and reject.details["reason"] == "locked"
    assert reject.details["before"] == {"number": 2, "verified": None, "verify_reason": ""}
    assert reject.details["after"] == {"number": None, "verified": False, "verify_reason": "locked"}
    assert trail[2].details["after"] == {"notes": "key at the desk"}
    assert all(e.at.endswith("+00:00") for e in trail)


def test_audit_trail_is_append_only(cat, hall):
    reject_feature(cat, feature_id=feature_id(cat, hall, "Exit east"), reason="locked")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        cat.conn.execute("UPDATE audit SET who = 'nobody'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        cat.conn.execute("DELETE FROM audit")
    assert len(audit_trail(cat, venue_id=hall)) == 2
