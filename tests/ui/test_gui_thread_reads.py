"""Nothing on the GUI thread waits on SQLite: while the user works, every statement runs on a worker.

The window's own connection (`window.cat`, the one the GUI thread holds) is traced with sqlite3's
`set_trace_callback`, and so is every connection the op runner opens for its workers: a statement on the
GUI thread, through either, fails the test and names the code that ran it. The first venue list, read
while the window is built, is a start-up read and is not traced (see docs/ARCHITECTURE.md, op path).
"""

from __future__ import annotations

import threading
import traceback

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from venueplans.catalogue import read
from venueplans.ui.ops_runner import OpRunner
from venueplans.ui.scene_port import PickResult

pytestmark = pytest.mark.gui


def _caller() -> str:
    """The innermost frame of the desktop app that ran the statement (the test's report names it)."""
    frames = [f for f in traceback.extract_stack()[:-2] if "/venueplans/ui/" in f.filename.replace("\\", "/")]
    return f"{frames[-1].filename.rsplit('venueplans', 1)[-1]}:{frames[-1].lineno} {frames[-1].name}" if frames else "?"


@pytest.fixture
def traced(monkeypatch):
    """(statements on the GUI thread, statements on workers): installed on every runner connection."""
    gui = threading.get_ident()
    on_gui: list[str] = []
    on_workers: list[str] = []

    def trace(sql: str) -> None:
        if threading.get_ident() == gui:
            on_gui.append(f"{sql.strip()[:70]!r} from {_caller()}")
        else:
            on_workers.append(sql)

    opened = OpRunner._open

    def open_traced(self):
        cat = opened(self)
        cat.conn.set_trace_callback(trace)
        return cat

    monkeypatch.setattr(OpRunner, "_open", open_traced)
    return trace, on_gui, on_workers


def _place_marker(window, settle, x, y):
    tools = window.scenarios.panel.tools
    tools.symbol.setCurrentIndex(tools.symbol.findData("hostile"))
    tools.label.setText("Armed")
    tools.buttons["marker"].click()
    window.viewer.picked.emit(PickResult(element=0, point=(x, y, 0.0), storey=0, category="slab"))
    settle(window)


def test_no_statement_on_the_gui_thread_while_the_user_works(catalogue, make_window, settle, traced, qtbot):
    trace, on_gui, on_workers = traced
    window = make_window(catalogue)  # start-up: the first venue list is read while the window is built
    catalogue.conn.set_trace_callback(trace)  # from here on, the GUI thread's own connection is watched
    try:
        with qtbot.waitSignal(window.viewer.first_frame, timeout=60_000):
            window.open_venue(catalogue.test_venue_id)
        settle(window)

        # the trainer: a scenario, two phases, a marker placed, renamed, stepped through, deleted
        panel = window.scenarios.panel
        window.scenarios.show_panel()
        panel.new_scenario("Night drill")
        settle(window)
        for name, time in (("Set-up", "H+00:00"), ("Entry", "H+00:05")):
            panel.add_phase(name, time)
            settle(window)
        panel.set_phase(0)
        settle(window)
        _place_marker(window, settle, 10.0, 6.0)
        assert [t.split()[0] for t in panel.item_texts()] == ["Armed"]
        panel.item_list.setCurrentRow(0)
        panel.item_label.setText("Armed man")
        panel.apply_item()
        settle(window)
        assert panel.item_texts()[0].startswith("Armed man")
        panel.next_phase()
        settle(window)
        panel.scenario_box.setCurrentIndex(0)  # no scenario, then back to it
        settle(window)
        panel.scenario_box.setCurrentIndex(1)
        settle(window)
        panel.item_list.setCurrentRow(0)
        panel.delete_item()
        settle(window)
        assert panel.item_texts() == []
        window.editing.session.undo()  # the marker comes back
        settle(window)
        assert len(panel.item_texts()) == 1
        window.editing.session.redo()
        settle(window)
        assert panel.item_texts() == []

        # the operator: Edit mode, a feature confirmed, a wall looked up, the venue's details edited
        window.editing.act_edit.trigger()
        settle(window)
        features = window.editing.features_panel
        exit_ = next(f for f in features.features if f.kind == "exit")
        features.select(exit_.id)
        features.act_confirm.trigger()
        settle(window)
        window.viewer.picked.emit(PickResult(element=0, point=(6.0, 0.0, 1.5), storey=0, category="wall"))
        settle(window)
        details = window.editing.details_panel
        details.city.setText("Villeurbanne")
        details.save_button.click()
        settle(window)
        window.editing.session.undo()
        settle(window)
        assert details.city.text() == "Lyon"  # the undo is not its own echo: the form re-read it
        dialog = panel.rename_scenario()
        dialog.edit.setText("Day drill")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        settle(window)
        assert panel.scenario_box.currentText() == "Day drill"
        window.act_home.trigger()  # back to the venue list
        settle(window)
    finally:
        assert not on_gui, "statements on the GUI thread:\n" + "\n".join(on_gui)
    assert len(on_workers) > 50  # the work was done, on workers
    read.get_venue(catalogue, catalogue.test_venue_id)  # the watch itself works: a read here is seen
    catalogue.conn.set_trace_callback(None)
    assert on_gui and "venues" in on_gui[-1]


def test_opening_a_venue_removed_meanwhile_is_one_line_and_back_to_the_list(catalogue, make_window, settle):
    window = make_window(catalogue)
    window.open_venue(catalogue.test_venue_id + 100)  # a recent-venues entry whose venue is gone
    settle(window)
    assert len(window.errors_shown) == 1 and "\n" not in window.errors_shown[0], window.errors_shown
    assert window.pages.currentIndex() == 0 and window.venue_id is None and not window.viewer.loading.isVisible()
