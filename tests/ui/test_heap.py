"""ui/heap.py: long-lived objects are frozen out of full collections after a wave of imports and after a
slow full collection, never at every op."""

from __future__ import annotations

import types

import pytest

from venueplans.ui import heap


@pytest.fixture
def fake_gc(monkeypatch):
    """The collector as heap.py sees it, recorded instead of run (the process's own stays untouched)."""
    gc = types.SimpleNamespace(callbacks=[], frozen=0, collected=[])
    gc.freeze = lambda: setattr(gc, "frozen", gc.frozen + 1)
    gc.collect = lambda generation=2: gc.collected.append(generation)
    monkeypatch.setattr(heap, "gc", gc)
    monkeypatch.setattr(heap, "sys", types.SimpleNamespace(modules=dict.fromkeys(range(1_000))))
    monkeypatch.setattr(heap, "_modules_at_freeze", 0)
    monkeypatch.setattr(heap, "_watching", False)
    return gc


def test_a_wave_of_imports_is_frozen_once(fake_gc):
    modules = heap.sys.modules
    assert heap.keep_collections_short() is True  # start-up's imports
    assert heap.keep_collections_short() is False  # nothing new: the ops after that cost nothing
    modules.update(dict.fromkeys(range(1_000, 1_000 + heap.IMPORT_WAVE - 1)))
    assert heap.keep_collections_short() is False  # a few lazy imports are not worth a freeze
    modules.update(dict.fromkeys(range(5_000, 5_800)))  # VTK and pyvista with the first venue
    assert heap.keep_collections_short() is True
    assert fake_gc.frozen == 2
    assert fake_gc.collected == [1, 1]  # the young garbage collected before each freeze
    assert len(fake_gc.callbacks) == 1  # the collection watch is installed once


def test_a_slow_full_collection_freezes_what_it_left(fake_gc, monkeypatch):
    heap.keep_collections_short()
    watch = fake_gc.callbacks[0]
    frozen = fake_gc.frozen
    clock = iter([0.0, 0.005, 1.0, 2.0, 2.0 + heap.SLOW_COLLECTION_S])  # a young collection stops unclocked
    monkeypatch.setattr(heap.time, "perf_counter", lambda: next(clock))
    watch("start", {"generation": 2})
    watch("stop", {"generation": 2})  # 5 ms: nothing to do
    watch("start", {"generation": 0})
    watch("stop", {"generation": 0})  # a young collection, however long: not the full heap
    watch("start", {"generation": 2})
    watch("stop", {"generation": 2})  # slow: the survivors are frozen
    assert fake_gc.frozen == frozen + 1


def test_the_op_runner_keeps_collections_short_before_handing_work_to_a_worker(monkeypatch, qtbot, catalogue):
    from venueplans.ui.ops_runner import OpRunner

    calls = []
    monkeypatch.setattr("venueplans.ui.ops_runner.keep_collections_short", lambda: calls.append(1))
    runner = OpRunner(catalogue)
    done = []
    runner.submit(lambda cat: 42, lambda result, exc: done.append(result), write=False)
    qtbot.waitUntil(lambda: done == [42])
    assert calls == [1]
    runner.shutdown()
