"""The scenario dock in the main window: its menu and shortcuts, and the current phase drawn in 3D.

`ScenarioMode(window, editing)` adds the Scenario dock (ui/scenario_panel.py, tabbed with Properties),
a Scenario menu (panel, previous / next phase with [ and ], the drawing tools, Finish with Enter and
Drop point with Backspace while drawing, new / duplicate / import / export) and, while the dock is
open, draws the panel's phase with render.annotations.AnnotationLayer on the venue's storeys (explode
lifts and isolated storeys followed). "Plan view" cuts the phase's storey open and frames it.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from venueplans.i18n import N_, tr
from venueplans.model.scenario import ScenarioState
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.ui.errors import guarded
from venueplans.ui.navigation import SHORTCUTS
from venueplans.ui.scenario_panel import ScenarioPanel

PLAN_VIEW_DIRECTION = (0.45, -0.7, 1.35)  # from the south-east, steeper than "iso": a plan that still has depth
SCENARIO_SHORTCUTS = (N_("Scenario"), "", [
    ("Ctrl+Shift+X", N_("Scenario panel: exercise phases drawn on the model")),
    ("[ / ]", N_("Previous / next phase")),
    ("Enter / Backspace", N_("While drawing a route or area: finish / drop the last point")),
])


def main_storey(state: ScenarioState, view_state) -> int:
    """The storey most of the phase's items stand on (the ground floor when none)."""
    counts = Counter(pt[3] for p in state.items for pt in p.annotation.points[:1] if pt[3] is not None)
    if counts:
        return counts.most_common(1)[0][0]
    ground = view_state.ground_storey()
    return ground.index if ground else view_state.indices[0]


def _insert_menu(bar, title: str, before: str):
    """A menu placed before the *before* menu (Help stays last)."""
    menu = bar.addMenu(title)
    anchor = next((a for a in bar.actions() if a.text().replace("&", "") == before and a.menu()), None)
    if anchor is not None:
        bar.insertMenu(anchor, menu)
    return menu


class ScenarioMode(QObject):
    """The scenario dock, menu and shortcuts in the main window; the phase drawn in 3D while the dock is open."""

    def __init__(self, window, editing):
        super().__init__(window)
        self.window = window
        self.session = editing.session
        self.panel = ScenarioPanel(editing.session, editing.pick_tool, window.state,
                                  window.viewer.lazy_plotter)
        self.layer = None  # render.annotations.AnnotationLayer, made on first use
        dock = self.dock = QDockWidget(tr("Scenario"), window)
        dock.setObjectName("dock_scenario")
        dock.setWidget(self.panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(window.docks["properties"], dock)
        dock.hide()
        self.act_panel = dock.toggleViewAction()
        self.act_panel.setText(tr("Scenario panel"))
        self.act_panel.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.act_panel.setEnabled(False)
        window.addAction(self.act_panel)
        self._build_menu()
        self.panel.state_changed.connect(guarded(self.redraw, context=N_("scenario view")))
        self.panel.frame_requested.connect(guarded(self.frame, context=N_("plan view")))
        self.panel.scenario_box.activated.connect(guarded(lambda _i: self._chosen(), context=N_("plan view")))
        self.act_panel.toggled.connect(guarded(self._panel_toggled, context=N_("scenario view")))
        self.session.changed.connect(guarded(self._changed, context=N_("scenario refresh")))
        window.venue_opened.connect(guarded(self._venue_opened, context=N_("scenario")))
        window.pages.currentChanged.connect(guarded(self._page_changed, context=N_("scenario")))
        window.state.subscribe(guarded(self._view_changed, context=N_("scenario view")))
        self.panel.tools.drawing_changed.connect(guarded(self._update_draw_actions, context=N_("draw")))
        if not any(group == SCENARIO_SHORTCUTS[0] for group, _, _ in SHORTCUTS):
            SHORTCUTS.append(SCENARIO_SHORTCUTS)

    def _build_menu(self) -> None:
        w, p = self.window, self.panel
        bar = w.menuBar()
        menu = _insert_menu(bar, tr("Sce&nario"), tr("&Help").replace("&", ""))
        self.menu = menu
        menu.addAction(self.act_panel)
        menu.addSeparator()
        self.act_prev = self._act(menu, tr("Previous phase"), p.previous_phase, "[")
        self.act_next = self._act(menu, tr("Next phase"), p.next_phase, "]")
        menu.addSeparator()
        for key, text in (("marker", tr("Place marker")), ("route", tr("Draw route")), ("area", tr("Draw area")),
                          ("text", tr("Write note"))):
            self._act(menu, text, lambda k=key: self._start_tool(k))
        self.act_finish = self._act(menu, tr("Finish drawing"), p.tools.finish, "Return")
        self.act_finish.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.act_undo_point = self._act(menu, tr("Drop last point"), p.tools.undo_point, "Backspace")
        menu.addSeparator()
        for act in (p.act_new, p.act_duplicate, p.act_import, p.act_export):
            menu.addAction(act)
        self._update_draw_actions()

    def _act(self, menu, text: str, slot, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(guarded(lambda _=False: slot(), context=text.lower()))
        self.window.addAction(action)
        menu.addAction(action)
        return action

    def _start_tool(self, tool: str) -> None:
        self.show_panel()
        if self.panel.scenario_id is None:
            self.session.refuse(tr("choose or create a scenario first (Scenario panel)"))
            return
        self.panel.tools.start(tool)

    def _update_draw_actions(self) -> None:
        drawing = self.panel.tools.active in ("route", "area")
        self.act_finish.setEnabled(drawing)  # Enter and Backspace belong to text fields otherwise
        self.act_undo_point.setEnabled(drawing)

    # --- showing ---------------------------------------------------------------------------------------
    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()
        QTimer.singleShot(0, guarded(self._fair_share, context=N_("scenario dock")))  # once the docks are laid out

    def _fair_share(self) -> None:
        want = int(self.window.height() * 0.55)
        if self.dock.isVisible() and self.dock.height() < want:  # squeezed under other docks: a fair share
            self.window.resizeDocks([self.dock], [want], Qt.Orientation.Vertical)

    def open(self, scenario: int | str, phase: int | str | None = None) -> None:
        """Show a scenario (id or name) at a phase (number from 1 or name) in the dock and in 3D, in plan view.

        Start-up only (`venueplans open VENUE --scenario NAME [--phase N]`): read at once, on the GUI
        thread, so an unknown name is refused in one line (exit 1) and the first picture shows the phase.
        In the dock the user's choices take `panel.select_scenario`, read off the GUI thread."""
        self.panel.select_scenario_now(scenario, phase)
        self.show_panel()
        self.frame()

    def _chosen(self) -> None:
        st = self.window.state
        if self.panel.current is not None and st.mode == "all" and not st.section:
            self.frame()  # the building shut would hide the exercise; a view the user set is left alone

    def frame(self) -> None:
        """Plan view of the phase: its storey isolated and cut 1.2 m above the floor, seen steeply from the
        south-east, framed on that floor and on everything the phase shows (a cordon in the street too)."""
        state, st = self.panel.current, self.window.state
        if state is None or not st.storeys:
            return
        storey = main_storey(state, st)
        st.isolate(storey)
        st.set_section(True)  # at the focus storey's floor + 1.2 m
        self.redraw()
        from venueplans.render import camera

        viewer = self.window.viewer
        b = list(viewer.scene.bounds)
        floor = st.storey(storey).elevation
        box = np.array([b[0], b[1], b[2], b[3], floor, floor + PLAN_CUT_ABOVE_FLOOR])
        extra = self.layer.bounds() if self.layer is not None else None
        if extra is not None:
            box[0::2] = np.minimum(box[0::2], extra[0::2])
            box[1::2] = np.maximum(box[1::2], extra[1::2])
        renderer = viewer.plotter.renderer
        cam = renderer.GetActiveCamera()
        centre = box.reshape(3, 2).mean(axis=1)
        direction = np.array(PLAN_VIEW_DIRECTION) / np.linalg.norm(PLAN_VIEW_DIRECTION)
        cam.SetParallelProjection(False)
        cam.SetFocalPoint(*centre)
        cam.SetPosition(*(centre + direction))
        cam.SetViewUp(0.0, 0.0, 1.0)
        camera.fit(renderer, tuple(box))
        viewer.request_render()

    @property
    def shown(self) -> bool:
        return self.act_panel.isChecked() and self.window.venue_id is not None

    def _panel_toggled(self, on: bool) -> None:
        self.redraw()
        if not on and self.panel.tools.active:
            self.panel.tools.pick_tool.cancel()  # no drawing into a scenario nobody sees

    def redraw(self) -> None:
        """Draw the panel's current state in the 3D view (or remove it when the dock is closed)."""
        state = self.panel.current
        viewer = self.window.viewer
        if not self.shown or state is None or self.panel.venue_id != self.window.venue_id:
            if self.layer is not None:
                self.layer.clear()
                viewer.request_render()
            return
        from venueplans.render.annotations import AnnotationLayer, storey_elevations

        if self.layer is None:
            self.layer = AnnotationLayer(viewer.plotter)
        st = self.window.state
        order = st.indices
        elevations = storey_elevations(st.storeys, lift=lambda i: order.index(i) * st.explode)
        visible = None if st.mode == "all" or st.focus is None else st.visible_storeys()
        self.layer.show(state, storey_elevations=elevations, visible_storeys=visible)
        viewer.request_render()
        self._update_draw_actions()

    # --- reacting --------------------------------------------------------------------------------------
    def _changed(self, changes) -> None:
        self.panel.apply_changes(changes, self.session.initiator)  # only what changed, for this venue
        self._update_draw_actions()

    def _venue_opened(self, venue_id: int) -> None:
        self.act_panel.setEnabled(True)
        self.panel.set_venue(venue_id)

    def _page_changed(self, index: int) -> None:
        if index == 0:
            self.dock.hide()
            self.act_panel.setEnabled(False)

    def _view_changed(self, what: str) -> None:
        if what in ("reset", "storeys", "explode") and self.layer is not None and self.shown:
            self.redraw()
        if what == "tool":
            self._update_draw_actions()
