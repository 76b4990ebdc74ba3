"""The scenario dock's line edits stop at the limits the ops hold typed texts to (ops/scenario_limits.py)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from venueplans.ops.scenario_limits import TEXT_LIMITS

pytestmark = pytest.mark.gui


@pytest.fixture
def window(catalogue, make_window, settle):
    w = make_window(catalogue, catalogue.test_venue_id)
    w.scenarios.show_panel()
    w.settle = lambda: settle(w)
    return w


def test_typing_stops_at_the_limits(window, qtbot):
    panel = window.scenarios.panel
    dialog = panel.new_scenario()
    dialog.edit.clear()
    qtbot.keyClicks(dialog.edit, "N" * (TEXT_LIMITS["name"] + 20))
    assert len(dialog.edit.text()) == TEXT_LIMITS["name"]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    window.settle()
    assert window.errors_shown == []  # accepted: at the limit, not beyond
    tools = panel.tools
    assert tools.label.maxLength() == TEXT_LIMITS["label"] and tools.team.maxLength() == TEXT_LIMITS["team"]
    tools.label.setText("L" * (TEXT_LIMITS["label"] + 5))
    assert len(tools.label.text()) == TEXT_LIMITS["label"]
    # the selected item's label and team, edited in the dock, stop at the same limits
    panel.item_label.setText("I" * (TEXT_LIMITS["label"] + 5))
    panel.item_team.setText("T" * (TEXT_LIMITS["team"] + 5))
    assert (len(panel.item_label.text()), len(panel.item_team.text())) == (TEXT_LIMITS["label"], TEXT_LIMITS["team"])


def test_phase_dialog_refuses_overlong_notes_before_ok(qtbot):
    from venueplans.ui.editing.dialogs import PhaseDialog

    dialog = PhaseDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("Entrée")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.notes.setPlainText("n" * (TEXT_LIMITS["notes"] + 1))
    assert not ok.isEnabled() and "at most 20,000" in dialog.error.text()
    dialog.notes.setPlainText("Porte 3 fermée")
    assert ok.isEnabled() and dialog.name.maxLength() == TEXT_LIMITS["name"]
    dialog.reject()
