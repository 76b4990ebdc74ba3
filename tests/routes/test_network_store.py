"""The network is stored with the venue and rebuilt in the same transaction as a feature edit."""

from __future__ import annotations

import pytest

from venueplans.ops import routes
from venueplans.ops.features import reject_feature


def _stored(cat, vid):
    return cat.conn.execute("SELECT built, n_nodes FROM walk_networks WHERE venue_id = ?", (vid,)).fetchone()


def test_rejecting_an_exit_reroutes_and_rebuilds_in_the_same_transaction(theatre_cat):
    cat, vid = theatre_cat
    first = routes.route(cat, venue_id=vid, origin="Balcon")  # builds and stores the network on first use
    assert _stored(cat, vid) is not None
    target = first.destination.label
    fid = cat.conn.execute("SELECT id FROM features WHERE venue_id = ? AND kind = 'exit' AND ? LIKE label || ' (%'",
                           (vid, target)).fetchone()[0]
    reject_feature(cat, feature_id=fid, reason="locked during performances")
    after = routes.route(cat, venue_id=vid, origin="Balcon")
    assert after.destination.label != target
    assert after.route.length >= first.route.length


def test_a_failed_edit_leaves_the_network_unchanged(theatre_cat, monkeypatch):
    cat, vid = theatre_cat
    routes.venue_network(cat, vid)
    before = cat.conn.execute("SELECT data FROM walk_networks WHERE venue_id = ?", (vid,)).fetchone()[0]
    fid = cat.conn.execute("SELECT id FROM features WHERE venue_id = ? AND kind = 'exit'", (vid,)).fetchone()[0]

    def broken(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("venueplans.ops.signoff.invalidate_sign_off", broken)
    with pytest.raises(OSError):
        reject_feature(cat, feature_id=fid, reason="test")
    after = cat.conn.execute("SELECT data FROM walk_networks WHERE venue_id = ?", (vid,)).fetchone()[0]
    assert after == before
    assert cat.conn.execute("SELECT verified FROM features WHERE id = ?", (fid,)).fetchone()[0] is None


def test_undoing_an_edit_brings_the_route_back(theatre_cat):
    from venueplans.ops.undo import UndoStack

    cat, vid = theatre_cat
    first = routes.route(cat, venue_id=vid, origin="Balcon")
    fid = cat.conn.execute("SELECT id FROM features WHERE venue_id = ? AND kind = 'exit' AND ? LIKE label || ' (%'",
                           (vid, first.destination.label)).fetchone()[0]
    stack = UndoStack(cat)
    stack.push(reject_feature, feature_id=fid, reason="locked")
    assert routes.route(cat, venue_id=vid, origin="Balcon").destination.label != first.destination.label
    stack.undo()  # the undo restores the feature rows only: the stale network is noticed and rebuilt
    assert routes.route(cat, venue_id=vid, origin="Balcon").destination.label == first.destination.label
