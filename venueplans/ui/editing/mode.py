"""Edit mode (Ctrl+E): the plan editor's docks, the Edit menu, and keeping every view true after an edit.

`EditMode(window)` adds to the main window, without the window knowing the details:
- three docks tabbed with Properties: Features (review list), Venue (details + sign-off), Audit;
- an Edit menu: Undo / Redo (named after the step), Edit mode, the docks, Add feature ▸, Renumber;
- the `EditSession` all editors write through, and the click-on-the-model `PickTool`.
After every change it refreshes what the change touched: the scene's markers (features), the header
and legend counts, the browser row (verified date, exits), the panels, the audit trail.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget

from venueplans.i18n import N_, tr
from venueplans.model import Feature
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import audit_trail
from venueplans.ui.editing.audit_view import AuditView
from venueplans.ui.editing.features_panel import FeaturesPanel
from venueplans.ui.editing.pick_tool import PickTool
from venueplans.ui.editing.refresh import refresh_venue_views, reload_scene
from venueplans.ui.editing.session import EditSession
from venueplans.ui.editing.venue_details import VenueDetailsPanel
from venueplans.ui.errors import guarded
from venueplans.ui.navigation import SHORTCUTS
from venueplans.ui.ops_runner import EXTERNAL, QueryOp

ZOOM_DISTANCE_M = 30.0
# Audit actions (their part before the dot) of edits drawn in 3D or on the plans.
PLAN_ACTIONS = ("feature", "exits", "import", "reimport", "package-import", "undo", "redo")
STATUS_MS = 15000
EDIT_SHORTCUTS = (N_("Editing"), "", [
    ("Ctrl+E", N_("Edit mode: review exits, add features, venue details and sign-off, audit trail")),
    ("Ctrl+Z / Ctrl+Shift+Z", N_("Undo / redo the last edit (Ctrl+Y also redoes)")),
    ("Del", N_("Delete the selected feature (in the Features list)")),
])


def _menu(bar, title: str):
    return next((a.menu() for a in bar.actions() if a.text().replace("&", "") == title and a.menu()), None)


class EditMode(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = EditSession(window.cat, runner=getattr(window, "ops", None), show_error=window.show_error,
                                   show_status=self._status, parent=self)
        self.pick_tool = PickTool(window.viewer, self._status, parent=self)
        self.features_panel = FeaturesPanel(self.session, self.pick_tool, zoom_to=self.zoom_to)
        self.details_panel = VenueDetailsPanel(self.session)
        self.audit_view = AuditView(window.cat, runner=window.ops)
        self.venue_id: int | None = None
        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget in (("features", tr("Features"), self.features_panel),
                                   ("venue", tr("Sign-off"), self.details_panel),
                                   ("audit", tr("Audit trail"), self.audit_view)):
            self.docks[key] = self._dock(key, title, widget)
        self._build_menu()
        self.session.changed.connect(guarded(self.apply_changes, context=N_("refresh")))
        window.venue_opened.connect(guarded(self._venue_opened, context=N_("edit mode")))
        window.pages.currentChanged.connect(guarded(self._page_changed, context=N_("edit mode")))
        window.viewer.picked.connect(guarded(self._picked, context=N_("pick")))
        window.state.subscribe(guarded(self._state_changed, context=N_("selection")))
        if not any(group == EDIT_SHORTCUTS[0] for group, _, _ in SHORTCUTS):
            SHORTCUTS.append(EDIT_SHORTCUTS)

    # --- layout -------------------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget) -> QDockWidget:
        w = self.window
        dock = QDockWidget(title, w)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        w.tabifyDockWidget(w.docks["properties"], dock)  # one tab group: Properties | Features | Venue | Audit
        dock.hide()
        return dock

    def _build_menu(self) -> None:
        w = self.window
        bar = w.menuBar()
        menu = bar.addMenu(tr("&Edit"))
        view = _menu(bar, tr("&View").replace("&", ""))
        if view is not None:  # File, Edit, View...: where every editor has it
            bar.insertMenu(view.menuAction(), menu)
        self.menu = menu
        self.act_undo, self.act_redo = self.session.undo_stack.undo_actions(w, self.session.undo, self.session.redo)
        menu.addAction(self.act_undo)
        menu.addAction(self.act_redo)
        menu.addSeparator()
        act = self.act_edit = w.act_edit
        act.setShortcut(QKeySequence("Ctrl+E"))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setToolTip(tr("Edit mode: review exits, add features, details and sign-off, audit trail (Ctrl+E)"))
        act.setStatusTip(tr("Review exits, add features, venue details and sign-off, audit trail"))
        act.toggled.connect(guarded(self.set_active, context=N_("edit mode")))
        act.setEnabled(False)
        menu.addAction(act)
        for dock in self.docks.values():
            menu.addAction(dock.toggleViewAction())
        menu.addSeparator()
        add = menu.addMenu(tr("Add feature"))
        add.addActions(self.features_panel.add_menu.actions())
        self.add_feature_menu = add
        menu.addAction(self.features_panel.act_mark)
        menu.addAction(self.features_panel.act_renumber)

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    # --- mode ---------------------------------------------------------------------------------------------
    def set_active(self, on: bool) -> None:
        """Show (raise the Features tab) or hide the editing docks."""
        if on and self.venue_id is None:
            self.act_edit.setChecked(False)
            return
        for dock in self.docks.values():
            dock.setVisible(on)
        if on:
            self.docks["features"].raise_()
            pending = sum(1 for f in self.features_panel.features if f.verified is None)
            self._status(tr("Edit mode: ") + (tr("{count} detected feature(s) to review. ").format(count=pending)
                                              if pending else "")
                         + tr("Every change is audited and withdraws the sign-off; Ctrl+Z undoes."))
        else:
            self.pick_tool.cancel()

    @property
    def active(self) -> bool:
        return self.act_edit.isChecked()

    def _venue_opened(self, venue_id: int) -> None:
        if venue_id != self.venue_id:
            self.session.clear_history()  # the history is one venue's session
        self.venue_id = venue_id
        self.features_panel.set_venue(venue_id)
        self.details_panel.set_venue(venue_id)
        self.audit_view.set_venue(venue_id)
        self.act_edit.setEnabled(True)
        if self.active:
            self.set_active(True)

    def _page_changed(self, index: int) -> None:
        if index == 0:  # the venue list: nothing to edit
            self.pick_tool.cancel()
            for dock in self.docks.values():
                dock.hide()
            self.act_edit.setEnabled(False)

    def _picked(self, result) -> None:
        if self.window.state.tool != "place":
            self.features_panel.set_pick(result)
            if result is not None and result.feature is not None and self.active:
                self.docks["features"].raise_()

    def _state_changed(self, what: str) -> None:
        if what == "selection" and self.window.state.tool != "place":  # a pick in the 2D plan too
            self.features_panel.set_pick(self.window.state.selection)

    # --- after a change -----------------------------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """Refresh what *changes* made stale, once: another venue's edit touches only the venue list; a
        photo only the photo strip showing its feature; the panel that made an edit and already shows
        its result (the details form after Save, the features list that selects what it added) is not
        refreshed by the broadcast; a change from another process (EXTERNAL) re-reads every view."""
        w, initiator = self.window, self.session.initiator
        if initiator == EXTERNAL:
            if w.venue_id is None:
                w.browser.refresh()
                return
            refresh_venue_views(w, w.venue_id)  # the browser too
            self._external_plan_edits(w.venue_id)  # before the audit view moves on
            self.features_panel.refresh()
            self.features_panel.photos.refresh()
            self.details_panel.refresh()
            self.audit_view.refresh()
            return
        if w.venue_id is None or changes.venue_id is None or not changes.touches_venue(w.venue_id):
            if changes.catalogue or changes.venue or changes.features or changes.venue_id is None:
                w.browser.refresh()  # its row of that venue (exits, verified, last opened)
            return
        if not (changes.venue or changes.catalogue or changes.features or changes.geometry or changes.scenarios):
            return  # "nothing to change": nothing was written
        photo_only = bool(changes.photo_ids)  # a photo added or removed: no marker, list row or count moves
        if photo_only:
            self.features_panel.photos.apply_changes(changes)
        elif changes.features or changes.geometry:
            reload_scene(w.viewer, w.ops)  # a feature also tints its door: the markers and doors are rebuilt
            if initiator is not self.features_panel:  # it refreshes itself, selecting what it added
                self.features_panel.refresh()
        if changes.venue or changes.catalogue or (changes.features and not photo_only):
            refresh_venue_views(w, changes.venue_id)  # header, legend counts, the browser's row
        if initiator is not self.details_panel:  # its form shows what it saved
            if changes.venue:
                self.details_panel.refresh()  # sign-off given or withdrawn, details edited elsewhere
            elif changes.features and not photo_only:
                self.details_panel.refresh(fields=False)  # exits still to review; the form left alone
        self.audit_view.refresh(new_only=True)  # the rows this change wrote, on top

    def _external_plan_edits(self, venue_id: int) -> None:
        """Another process wrote: when the audit trail says it changed this venue's plan (features, photos,
        a re-import, an undo), the 3D markers and the 2D plans are rebuilt too; a scenario or another
        venue written from the command line costs the open venue's scene nothing."""
        audit = self.audit_view
        if audit.venue_id != venue_id or not audit.entries:
            return
        since, w = audit.entries[-1].id, self.window

        def landed(actions: list[str]) -> None:
            if w.venue_id == venue_id and any(a.split(".")[0] in PLAN_ACTIONS for a in actions):
                reload_scene(w.viewer, w.ops)
                w.plan_view.apply_changes(Changes(venue_id=venue_id, features=True, geometry=True))

        QueryOp(w.ops, lambda cat: [e.action for e in audit_trail(cat, venue_id=venue_id, since_id=since)], landed,
                context=N_("refresh")).channel("external").run_in_background()

    def zoom_to(self, feature: Feature) -> None:
        """Bring a feature into view: its storey shown, the camera turned on it from 30 m at most."""
        w = self.window
        st = w.state
        if feature.storey is not None and feature.storey not in st.visible_storeys():
            (st.ghost if st.mode == "ghost" else st.isolate)(feature.storey)
        order = st.indices
        lift = order.index(feature.storey) * st.explode if feature.storey in order else 0.0
        target = np.array(feature.position, dtype=float) + (0.0, 0.0, lift)
        cam = w.viewer.plotter.camera
        offset = np.array(cam.position) - np.array(cam.focal_point)
        dist = float(np.linalg.norm(offset)) or 1.0
        cam.focal_point = tuple(target)
        cam.position = tuple(target + offset / dist * min(dist, ZOOM_DISTANCE_M))
        w.viewer.plotter.renderer.ResetCameraClippingRange()
        w.viewer.request_render()
