"""The op path (ui/ops_runner.py): ops and reads run on workers with their own connections, results come
back on the GUI thread, a broadcast names what changed and who asked, stale reads are dropped."""

from __future__ import annotations

import threading

import pytest

from venueplans.catalogue import read
from venueplans.ops.changes import Changes
from venueplans.ops.features import confirm_feature
from venueplans.ops.signoff import EditRefused
from venueplans.ui.ops_runner import CollectionOp, OpRunner, QueryOp

pytestmark = pytest.mark.gui


@pytest.fixture
def runner(catalogue, qtbot):
    r = OpRunner(catalogue.path)
    yield r
    r.shutdown()


def _exit(cat):
    return next(f for f in read.load_features(cat, cat.test_venue_id) if f.kind == "exit")


def test_an_op_runs_on_a_worker_and_broadcasts_what_changed_and_who_asked(runner, catalogue, qtbot):
    exit_ = _exit(catalogue)
    gui, seen = threading.get_ident(), {}
    panel = object()

    def op(cat):
        seen["thread"] = threading.get_ident()
        seen["own connection"] = cat.conn is not catalogue.conn
        changes = confirm_feature(cat, feature_id=exit_.id)
        return changes.with_ids(feature=[exit_.id])

    successes = []
    with qtbot.waitSignal(runner.operation_did_execute, timeout=10_000) as blocker:
        CollectionOp(runner, op).success(lambda c: successes.append(threading.get_ident())).run_in_background(
            initiator=panel)
    changes, initiator = blocker.args
    assert seen["thread"] != gui and seen["own connection"]
    assert initiator is panel and exit_.id in changes.feature_ids and catalogue.test_venue_id in changes.venue_ids
    qtbot.waitUntil(lambda: bool(successes))
    assert successes == [gui]  # callbacks on the GUI thread
    assert _exit(catalogue).verified is True  # committed: the GUI's own connection sees it


def test_a_refused_op_goes_to_failure_and_broadcasts_nothing(runner, qtbot):
    failures, broadcasts = [], []
    runner.operation_did_execute.connect(lambda *a: broadcasts.append(a))

    def op(_cat) -> Changes:
        raise EditRefused("exit 9 is not in this venue")

    CollectionOp(runner, op).failure(failures.append).run_in_background()
    qtbot.waitUntil(runner.idle, timeout=10_000)
    assert [str(e) for e in failures] == ["exit 9 is not in this venue"] and broadcasts == []


def test_a_newer_query_on_a_channel_drops_the_older_result(runner, catalogue, qtbot):
    release = threading.Event()
    got = []

    def slow(cat):
        release.wait(10)
        return "old"

    QueryOp(runner, slow, got.append).channel("scene").run_in_background()
    QueryOp(runner, lambda cat: read.get_venue(cat, catalogue.test_venue_id).name, got.append) \
        .channel("scene").run_in_background()
    qtbot.waitUntil(lambda: got == ["Test Hall"], timeout=10_000)
    release.set()
    qtbot.waitUntil(runner.idle, timeout=10_000)
    assert got == ["Test Hall"]  # the slow, older one finished later and was dropped unseen


def test_the_watch_tells_another_connections_commit_from_this_runners_own(runner, catalogue, qtbot, monkeypatch):
    from venueplans.catalogue import connections
    from venueplans.ops.venues import save_thumbnail
    from venueplans.ui.ops_runner import EXTERNAL, RUNNER_READS

    polls, seen = [], []
    real = connections.data_version
    monkeypatch.setattr(connections, "data_version", lambda cat: polls.append(1) or real(cat))
    runner.operation_did_execute.connect(lambda _changes, who: seen.append(who))
    runner.watch_catalogue(interval_ms=50)
    qtbot.waitUntil(lambda: len(polls) >= 2, timeout=10_000)

    def settle_polls() -> None:  # two whole polls after now (a poll starts once the last one's answer is in)
        n = len(polls)
        qtbot.waitUntil(lambda: len(polls) >= n + 3, timeout=10_000)

    venue = catalogue.test_venue_id
    CollectionOp(runner, lambda cat: save_thumbnail(cat, venue_id=venue, png=b'1')).run_in_background()  # the writer's
    qtbot.waitUntil(runner.idle, timeout=10_000)
    settle_polls()
    assert seen == []  # nothing from the watch: the writer's own commits do not move its data_version
    # a read task that writes (what building the walk network's cache does)
    done = []
    QueryOp(runner, lambda cat: save_thumbnail(cat, venue_id=venue, png=b'2'), done.append).run_in_background()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    settle_polls()
    assert seen == [RUNNER_READS]  # the venue list looks again; no panel takes it for another process
    save_thumbnail(catalogue, venue_id=venue, png=b'3')  # another connection: `venueplans` in a terminal
    settle_polls()
    assert seen == [RUNNER_READS, EXTERNAL]
