"""ui/heap.py: the objects alive after a wave of imports are frozen out of full collections, once per wave."""

from __future__ import annotations

import types

from venueplans.ui import heap


def test_a_wave_of_imports_is_frozen_once(monkeypatch):
    frozen = []
    monkeypatch.setattr(heap.gc, "freeze", lambda: frozen.append(len(modules.modules)))
    modules = types.SimpleNamespace(modules=dict.fromkeys(range(1_000)))
    monkeypatch.setattr(heap, "sys", modules)
    monkeypatch.setattr(heap, "_modules_at_freeze", 0)

    assert heap.freeze_after_imports() is True  # start-up's imports
    assert heap.freeze_after_imports() is False  # nothing new: every op after that costs nothing
    modules.modules.update(dict.fromkeys(range(1_000, 1_000 + heap.IMPORT_WAVE - 1)))
    assert heap.freeze_after_imports() is False  # a few lazy imports are not worth a freeze
    modules.modules.update(dict.fromkeys(range(5_000, 5_800)))  # VTK and pyvista with the first venue
    assert heap.freeze_after_imports() is True
    assert frozen == [1_000, 1_000 + heap.IMPORT_WAVE - 1 + 800]


def test_the_op_runner_freezes_before_handing_work_to_a_worker(monkeypatch, qtbot, catalogue):
    from venueplans.ui.ops_runner import OpRunner

    calls = []
    monkeypatch.setattr("venueplans.ui.ops_runner.freeze_after_imports", lambda: calls.append(1))
    runner = OpRunner(catalogue)
    done = []
    runner.submit(lambda cat: 42, lambda result, exc: done.append(result), write=False)
    qtbot.waitUntil(lambda: done == [42])
    assert calls == [1]
    runner.shutdown()
