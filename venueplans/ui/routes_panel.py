"""The Routes dock: "Route from here" and "Nearest exit" on a picked point or feature, the route drawn in
3D and on the 2D plan, and the 2D plan's distance map.

Queries are `QueryOp`s on the window's op runner (ui/ops_runner.py: off the GUI thread, on a read
connection of their own): loading or building the stadium's network takes seconds, a query tens of
milliseconds. A route and a distance map each have a channel: an answer for an older request is dropped.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded, one_line
from venueplans.ui.ops_runner import EXTERNAL, QueryOp
from venueplans.ui.routes_findings import FINDINGS_CHANNEL, FindingsList, findings_query

ROUTE_COLOUR = "#0050c8"
BAND_RGB = [(26, 152, 80), (145, 207, 96), (217, 239, 139), (254, 224, 139), (252, 141, 89), (215, 48, 39),
            (165, 0, 38), (106, 0, 106)]


ROUTE_CHANNEL, MAP_CHANNEL = "routes.route", "routes.map"


def _query(kind: str, kwargs: dict):
    """The body of one query, run on a worker's read connection: ("route", kwargs) or ("map", kwargs)."""

    def run(cat):
        from venueplans.ops import routes  # networkx and the network builder: loaded with the first query

        if kind == "route":
            return routes.route(cat, **kwargs)
        return routes.storey_distance_map(cat, **kwargs)

    return run


def pick_place(result) -> str | None:
    """A place string for a pick: the feature under the cursor, else the picked point (x,y,z)."""
    if result is None:
        return None
    feature = getattr(result, "feature", None)
    if feature is not None and feature.id is not None:
        return f"#{feature.id}"
    point = getattr(result, "point", None)
    if point is not None:
        return f"{point[0]:.2f},{point[1]:.2f},{point[2]:.2f}"
    return None


class RoutesPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("routes_panel")
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText(tr("room, exit 4, C7@storey, x,y@storey"))
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(tr("the nearest exit"))
        self.avoid_edit = QLineEdit()
        self.avoid_edit.setPlaceholderText(tr("exit 3, Escalier A (comma-separated)"))
        form = QFormLayout()
        form.addRow(tr("From"), self.from_edit)
        form.addRow(tr("To"), self.to_edit)
        form.addRow(tr("Avoid"), self.avoid_edit)
        self.here_button = QPushButton(tr("Route from here"))
        self.here_button.setToolTip(tr("Start from the point or feature last picked in the 3D view or on the plan"))
        self.nearest_button = QPushButton(tr("Nearest exit"))
        self.route_button = QPushButton(tr("Route"))
        self.clear_button = QPushButton(tr("Clear"))
        self.avoid_button = QPushButton(tr("Avoid selection"))
        self.avoid_button.setToolTip(tr("Add the exit, door, stair or feature last picked to the places to avoid, "
                                        "and compute the route again"))
        self.scenario_button = QPushButton(tr("Make scenario route"))
        self.scenario_button.setToolTip(tr("Add the route shown to the current phase of the open scenario, "
                                           "to edit like any route drawn"))
        self.scenario_button.setEnabled(False)
        buttons = QGridLayout()  # two columns: the dock shares a 1366-pixel-wide screen with the 3D view
        for k, b in enumerate((self.here_button, self.nearest_button, self.route_button, self.avoid_button,
                               self.clear_button, self.scenario_button)):
            buttons.addWidget(b, k // 2, k % 2)
        self.map_check = QCheckBox(tr("Distance map on the 2D plan (bands of 10 m)"))
        self.map3d_check = QCheckBox(tr("Distance map in 3D, on the plan's storey"))
        self.result = QLabel(tr("Pick a point or a feature, then \"Route from here\"."))
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.map_check)
        layout.addWidget(self.map3d_check)
        layout.addWidget(self.result, 1)
        self.check_button = QPushButton(tr("Check the venue"))
        self.check_button.setToolTip(tr("List the rooms beyond the 40 m / 30 m limits, the dead ends, the rooms "
                                        "with no way out and the storeys with no exit or stair down"))
        self.findings = FindingsList()
        layout.addWidget(self.check_button)
        layout.addWidget(self.findings, 1)


class RoutesMode(QObject):
    """Owns the Routes dock, the jobs, and what the route and distance map draw in both views."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.panel = RoutesPanel()
        self.dock = window._dock("routes", tr("Routes"), self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        window.tabifyDockWidget(window.docks["properties"], self.dock)
        self.last_pick: str | None = None
        self.last_feature: str | None = None  # "#id" of the feature last picked, for "Avoid selection"
        self.route = None  # ops.routes.RouteResult shown
        self.layer3d = None
        self.plan_items: list = []
        self.map_item: QGraphicsPixmapItem | None = None
        self.map3d = None  # render.route_layer.DistanceLayer
        self.errors: list[str] = []
        self._route_kwargs: dict | None = None  # the last route asked for
        p = self.panel
        p.here_button.clicked.connect(guarded(self.route_from_here, context=N_("routes")))
        p.nearest_button.clicked.connect(guarded(lambda: self.run(to_nearest=True), context=N_("routes")))
        p.route_button.clicked.connect(guarded(lambda: self.run(), context=N_("routes")))
        p.clear_button.clicked.connect(guarded(self.clear, context=N_("routes")))
        p.avoid_button.clicked.connect(guarded(self.avoid_selection, context=N_("routes")))
        p.scenario_button.clicked.connect(guarded(self.make_scenario_route, context=N_("routes")))
        p.check_button.clicked.connect(guarded(lambda _=False: self.check_venue(), context=N_("routes")))
        p.findings.itemClicked.connect(guarded(self._finding_chosen, context=N_("routes")))
        self.report: dict | None = None  # ops.routes.distances of the venue, once checked
        p.map_check.toggled.connect(guarded(lambda _on: self.refresh_map(), context=N_("routes")))
        p.map3d_check.toggled.connect(guarded(lambda _on: self.refresh_map(), context=N_("routes")))
        window.viewer.picked.connect(guarded(self._picked, context=N_("routes")))
        window.plan_view.picked.connect(guarded(self._picked, context=N_("routes")))
        window.plan_view.plan_shown.connect(guarded(self._plan_shown, context=N_("routes")))
        window.venue_opened.connect(guarded(lambda _vid: self._venue_opened(), context=N_("routes")))
        window.editing.session.changed.connect(guarded(self.apply_changes, context=N_("routes")))
        bar = window.menuBar()
        menu = bar.addMenu(tr("&Routes"))
        help_action = next((a for a in bar.actions() if a.menu() and a.text() == tr("&Help")), None)
        if help_action is not None:  # Help stays the last menu
            bar.insertMenu(help_action, menu)
        menu.addAction(tr("Route from here"), guarded(self.route_from_here, context=N_("routes")))
        menu.addAction(tr("Nearest exit from here"), guarded(lambda: self.route_from_here(nearest=True),
                                                             context=N_("routes")))
        menu.addAction(tr("Show the Routes panel"), lambda: (self.dock.show(), self.dock.raise_()))

    # --- requests ------------------------------------------------------------------------------------
    def _picked(self, result) -> None:
        place = pick_place(result)
        if place is not None:
            self.last_pick = place
        feature = getattr(result, "feature", None)
        self.last_feature = f"#{feature.id}" if feature is not None and feature.id is not None else None

    def route_from_here(self, *, nearest: bool = False) -> None:
        if self.last_pick is None:
            self.panel.result.setText(tr("Pick a point or a feature first (click in the 3D view or on the plan)."))
            return
        self.panel.from_edit.setText(self.last_pick)
        self.run(to_nearest=nearest or not self.panel.to_edit.text().strip())

    def avoid_selection(self) -> None:
        """Avoid the feature last picked (an exit, a stair...) and compute the route again."""
        if self.last_feature is None:
            self.panel.result.setText(tr("Pick an exit, a door's feature or a stair first, then \"Avoid selection\"."))
            return
        places = [a.strip() for a in self.panel.avoid_edit.text().split(",") if a.strip()]
        if self.last_feature not in places:
            places.append(self.last_feature)
        self.panel.avoid_edit.setText(", ".join(places))
        if self.panel.from_edit.text().strip():
            self.run(to_nearest=not self.panel.to_edit.text().strip())

    def apply_changes(self, changes) -> None:
        """After an edit: a feature or the geometry of the open venue changed (an exit rejected, a door
        marked as exit), or another process wrote: what the dock shows is computed again, the old
        answer shown meanwhile. Scenario edits, photos and other venues change no route."""
        w = self.window
        if w.venue_id is None:
            return
        if w.editing.session.initiator != EXTERNAL and (
                changes.venue_id is None or not changes.touches_venue(w.venue_id) or changes.photo_ids
                or not (changes.features or changes.geometry)):
            return
        if self.route is not None and self._route_kwargs is not None and self._route_kwargs["venue_id"] == w.venue_id:
            self._submit("route", self._route_kwargs)
        if self.map_item is not None or self.map3d is not None:
            self._submit("map", {"venue_id": w.venue_id, "storey": self.window.plan_view.data.storey.index})
        if self.report is not None:
            self.check_venue(quiet=True)

    def check_venue(self, *, quiet: bool = False) -> None:
        """The venue's findings for the operator, in the list (a QueryOp: the network may take seconds);
        *quiet*: the findings shown stay until the new ones land (after an edit)."""
        if self.window.venue_id is None:
            return
        if not quiet:
            self.report = None
            self.panel.findings.show_message(tr("Checking the venue..."))
        (QueryOp(self.window.ops, findings_query(self.window.venue_id),
                 guarded(self._checked, context=N_("routes")), context=N_("routes"))
         .channel(FINDINGS_CHANNEL)
         .failure(lambda exc: self._check_failed(one_line(exc)))
         .run_in_background())

    def _checked(self, report: dict) -> None:
        self.report = report
        self.panel.findings.show_report(report)

    def _check_failed(self, line: str) -> None:
        self.errors.append(line)
        self.panel.findings.show_message(line)

    def _finding_chosen(self, item) -> None:
        """Its storey on the plan, its room in "From" (so "Nearest exit" routes from it)."""
        row = item.data(Qt.ItemDataRole.UserRole)
        if not row:
            return
        state = self.window.state
        storey = next((s for s in state.storeys if s.name == row.get("storey")), None)
        if storey is not None:
            (state.ghost if state.mode == "ghost" else state.isolate)(storey.index)
        if row.get("ref"):
            self.panel.from_edit.setText(row["ref"])

    def _venue_opened(self) -> None:
        self.window.ops.supersede(FINDINGS_CHANNEL)
        self.report = None
        self.panel.findings.clear()
        self.panel.findings.rows = []
        self.clear()

    def make_scenario_route(self) -> None:
        """The route shown, as a route of the open scenario's current phase (undoable, editable after)."""
        from venueplans.ops.routes import route_to_scenario

        scenarios = self.window.scenarios
        panel = scenarios.panel
        if self.route is None:
            self.panel.result.setText(tr("Compute a route first."))
            return
        if panel.scenario_id is None:
            self.panel.result.setText(tr("Open a scenario first (Scenario panel), then \"Make scenario route\"."))
            return
        phase_id = panel.phase.id if panel.phase is not None else None
        self.window.editing.session.run(route_to_scenario, context=N_("routes"), result=self.route,
                                        scenario_id=panel.scenario_id, phase_id=phase_id,
                                        success=self._made_scenario_route)

    def _made_scenario_route(self, changes) -> None:
        scenarios = self.window.scenarios
        scenarios.panel._select_new(changes)
        scenarios.show_panel()

    def run(self, *, to_nearest: bool = False) -> None:
        w = self.window
        if w.venue_id is None:
            return
        origin = self.panel.from_edit.text().strip()
        if not origin:
            self.panel.result.setText(tr("Give a starting place, or pick one and use \"Route from here\"."))
            return
        destination = None if to_nearest else (self.panel.to_edit.text().strip() or None)
        avoid = [a.strip() for a in self.panel.avoid_edit.text().split(",") if a.strip()]
        self.panel.result.setText(tr("Computing the route..."))
        self._submit("route", {"venue_id": w.venue_id, "origin": origin, "destination": destination, "avoid": avoid})
        self.dock.show()
        self.dock.raise_()

    def refresh_map(self) -> None:
        self._remove_map()
        self.window.ops.supersede(MAP_CHANNEL)  # a map still being computed is for another storey or venue
        data = self.window.plan_view.data
        wanted = self.panel.map_check.isChecked() or self.panel.map3d_check.isChecked()
        if not wanted or data is None or self.window.venue_id is None:
            return
        self._submit("map", {"venue_id": self.window.venue_id, "storey": data.storey.index})

    def _submit(self, kind: str, kwargs: dict) -> None:
        """A query on the window's op runner; a newer one of the same kind drops its answer."""
        if kind == "route":
            self._route_kwargs = kwargs  # computed again after an edit of the venue's features
        (QueryOp(self.window.ops, _query(kind, kwargs), guarded(lambda result: self._done(kind, kwargs, result),
                                                                 context=N_("routes")), context=N_("routes"))
         .channel(ROUTE_CHANNEL if kind == "route" else MAP_CHANNEL)
         .failure(lambda exc: self._failed(one_line(exc)))
         .run_in_background())

    def _done(self, kind: str, kwargs: dict, result) -> None:
        if kind == "map":
            if self.panel.map_check.isChecked():
                self._show_map(result)
            if self.panel.map3d_check.isChecked():
                self._show_map_3d(result)
            return
        self.route = result
        self.panel.scenario_button.setEnabled(True)
        text = result.summary()
        if result.route.doors:
            text += "\n" + tr("Doors passed: {doors}").format(doors=", ".join(result.route.doors))
        if result.confirmed is False or (kwargs["destination"] is None and result.confirmed is None):
            text += "\n" + tr("This exit has not been confirmed by an operator.")
        self.panel.result.setText(text)
        self._draw_3d(result.route.points)
        self._draw_plan()

    def _failed(self, line: str) -> None:
        self.errors.append(line)
        self.panel.result.setText(line)

    def clear(self) -> None:
        self.window.ops.supersede(ROUTE_CHANNEL)  # a route still being computed is no longer wanted
        self.route = None
        self.panel.scenario_button.setEnabled(False)
        if self.layer3d is not None:
            self.layer3d.clear()
            self.window.viewer.request_render()
        self._remove_plan_items()
        self.panel.result.setText("")
        self.refresh_map()

    # --- drawing -------------------------------------------------------------------------------------
    def _draw_3d(self, points) -> None:
        from venueplans.render.route_layer import RouteLayer

        viewer = self.window.viewer
        scene = getattr(viewer.scene, "scene", None)
        renderer = getattr(scene, "overlay", None) or viewer.plotter.renderer
        if self.layer3d is None or self.layer3d.renderer is not renderer:
            self.layer3d = RouteLayer(renderer)
        self.layer3d.show(points)
        viewer.request_render()

    def _remove_plan_items(self) -> None:
        scene = self.window.plan_view.canvas.scene()
        for item in self.plan_items:
            scene.removeItem(item)
        self.plan_items = []

    def _plan_shown(self, _data) -> None:
        self._draw_plan()
        self.refresh_map()

    def _draw_plan(self) -> None:
        """The part of the route on the storey the plan shows (and the flights leaving it)."""
        self._remove_plan_items()
        data = self.window.plan_view.data
        if self.route is None or data is None:
            return
        pts = np.asarray(self.route.route.points, dtype=float)
        elevations = sorted({s.elevation for s in self.window.state.storeys} | {data.storey.elevation})
        lo = data.storey.elevation
        higher = [e for e in elevations if e > lo + 1e-6]
        hi = min(higher) if higher else lo + 1e6
        mine = (pts[:, 2] >= lo - 0.05) & (pts[:, 2] < hi - 0.05)
        path, drawing = QPainterPath(), False
        for (x, y, _z), keep in zip(pts, mine, strict=True):
            if keep and not drawing:
                path.moveTo(x, -y)
            elif keep:
                path.lineTo(x, -y)
            drawing = bool(keep)
        pen = QPen(QColor(ROUTE_COLOUR), 4.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setZValue(40)
        item.setToolTip(self.route.summary())
        self.window.plan_view.canvas.scene().addItem(item)
        self.plan_items.append(item)

    def _remove_map(self) -> None:
        if self.map_item is not None:
            self.window.plan_view.canvas.scene().removeItem(self.map_item)
            self.map_item = None
        if self.map3d is not None and self.map3d.actor is not None:
            self.map3d.clear()
            self.window.viewer.request_render()

    def _show_map_3d(self, dm) -> None:
        from venueplans.render.route_layer import DistanceLayer

        viewer = self.window.viewer
        renderer = viewer.plotter.renderer
        if self.map3d is None or self.map3d.renderer is not renderer:
            self.map3d = DistanceLayer(renderer)
        storey = self.window.state.storey(dm.storey)
        self.map3d.show(dm.values, dm.x0, dm.y0, dm.cell, storey.elevation if storey is not None else 0.0)
        viewer.request_render()

    def _show_map(self, dm) -> None:
        self._remove_map()
        values = dm.values
        if values.size == 0:
            return
        rgba = np.zeros((*values.shape, 4), dtype=np.uint8)
        finite = np.isfinite(values)
        band = np.minimum((np.nan_to_num(values) // 10).astype(int), len(BAND_RGB) - 1)
        rgba[..., :3] = np.asarray(BAND_RGB, dtype=np.uint8)[band]
        rgba[..., 3] = np.where(finite, 120, 0)
        rgba = np.ascontiguousarray(rgba[::-1])  # row 0 is the south edge; images start at the top
        h, w = values.shape
        image = QImage(rgba.tobytes(), w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        item.setTransform(QTransform.fromScale(dm.cell, dm.cell))
        item.setPos(dm.x0, -(dm.y0 + h * dm.cell))
        item.setZValue(1)
        item.setToolTip(tr("Walking distance to the nearest exit: bands of 10 m, green near an exit"))
        self.window.plan_view.canvas.scene().addItem(item)
        self.map_item = item

