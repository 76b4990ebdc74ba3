"""File › Print / export dossier… (Ctrl+P): the menu entry and toolbar button of the dossier dialog.

Apart from ui/dossier_dialog.py so that the window can offer the action without importing the dialog,
the briefing, reportlab and networkx at launch (0.45 s): they load when the dialog first opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import QueryOp


def install_dossier_action(window) -> QAction:
    """Add File > Print / export dossier… (Ctrl+P) and its toolbar button to *window*; enabled while a
    venue is open (it joins the window's venue actions)."""
    file_menu = window.menuBar().actions()[0].menu()
    action = QAction(tr("Print / export dossier…"), window)
    action.setShortcut(QKeySequence.StandardKey.Print)
    action.setToolTip(tr("The intervention dossier as PDF or on paper: reflex sheet, site plan, storey plans"))

    def open_dialog() -> None:
        if window.venue_id is None:
            return
        venue_id = window.venue_id
        window.dossier_dialog = None

        def read(cat):
            from venueplans.ui.dossier_dialog import read_choices  # the briefing loads here, on the worker

            return read_choices(cat, venue_id)

        def show(choices) -> None:
            if window.venue_id != venue_id:
                return
            from venueplans.ui.dossier_dialog import DossierDialog

            shown = getattr(getattr(window, "routes", None), "route", None)
            dialog = DossierDialog(window.cat, venue_id, window, runner=window.ops, current_route=shown,
                                   choices=choices)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.dossier_dialog = dialog
            dialog.show()

        QueryOp(window.ops, read, show, context=N_("dossier")).channel("dossier.choices").run_in_background()

    action.triggered.connect(guarded(open_dialog, context="dossier"))
    before_quit = next((a for a in file_menu.actions() if a.isSeparator()), None)
    if before_quit is not None:
        file_menu.insertAction(before_quit, action)
    else:
        file_menu.addAction(action)
    window.addAction(action)
    window.venue_actions.append(action)
    if getattr(window, "toolbar", None) is not None:
        window.toolbar.addAction(action)
    return action
