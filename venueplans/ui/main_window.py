"""The main window: the venue list (home page) and, once a venue is open, the 3D view with its panels.

Layout of the venue page: a header (venue name, kind, city, verification) and the legend always above
the 3D view; docks on the left (Storeys, Show = categories + section) and on the right (Properties,
Measure). The `plan_dock` shows the current storey's 2D plan (ui/plan_view.py); Edit mode (Ctrl+E, ui/editing) adds the
Features, Venue and Audit docks and the Edit menu. Files dropped on the window open the import form.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from venueplans import __version__
from venueplans.catalogue import Catalogue, read
from venueplans.i18n import N_, format_number, tr, tr_n
from venueplans.model import VENUE_KIND_LABELS
from venueplans.ops.signoff import sign_off_text
from venueplans.ops.venues import mark_opened, save_thumbnail
from venueplans.ui import errors, fit, logfile
from venueplans.ui.browser import BrowserWidget
from venueplans.ui.categories import CategoriesPanel
from venueplans.ui.dossier_action import install_dossier_action
from venueplans.ui.editing import EditMode
from venueplans.ui.editing.scenario_mode import ScenarioMode
from venueplans.ui.errors import guarded
from venueplans.ui.help_guide import show_user_guide
from venueplans.ui.import_dialog import ImportDialog, ImportRunner, is_supported
from venueplans.ui.legend import LegendBar
from venueplans.ui.measure import MeasureModel, MeasureOverlay, MeasurePanel
from venueplans.ui.navigation import SHORTCUTS, WalkController
from venueplans.ui.ops_runner import CollectionOp, OpRunner, QueryOp
from venueplans.ui.plan_view import PlanView
from venueplans.ui.properties import PropertiesPanel
from venueplans.ui.routes_panel import RoutesMode
from venueplans.ui.section import SectionPanel
from venueplans.ui.storeys import StoreysPanel
from venueplans.ui.view_state import Selection, ViewState
from venueplans.ui.viewer import ViewerWidget
from venueplans.ui.window_memory import WindowMemory

TITLE = "venueplans"
EXPLODE_STEP_M = 6.0


class VenueHeader(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("venue_header")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setContentsMargins(10, 6, 10, 2)
        fit.wrap(self)  # a long name or address wraps; it never widens the window

    def set_venue(self, venue, counts: dict[str, int]) -> None:
        signed = sign_off_text(venue.verified_by, venue.verified_on)  # "verified by NAME on DATE"
        verified = (f'<span style="color:#00803f">✔ {signed}</span>' if signed
                    else '<span style="color:#b35900">' + tr("not verified") + "</span>")
        place = ", ".join(p for p in (venue.address, venue.city) if p)
        kind = tr(VENUE_KIND_LABELS.get(venue.kind, venue.kind))
        n = counts.get("storeys", 0)
        storeys = tr_n("{count} storey", "{count} storeys", n).format(count=n)
        self.setText(
            f'<span style="font-size:16pt; font-weight:600">{venue.name}</span>'
            f'&nbsp;&nbsp;<span style="color:#555">{kind}{" · " + place if place else ""}'
            f" · {storeys} · {verified}</span>"
        )


class ShortcutsDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.setObjectName("shortcuts_dialog")
        rows = [(group, keys, what) for group, _, items in SHORTCUTS for keys, what in items]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["", tr("Keys"), tr("Does")])
        for r, (group, keys, what) in enumerate(rows):
            for c, text in enumerate((tr(group), tr(keys), tr(what))):
                table.setItem(r, c, QTableWidgetItem(text))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(24)
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        self.resize(760, 620)
        self.table = table


class MainWindow(QMainWindow):
    venue_opened = Signal(int)
    import_finished = Signal(object, str)  # venue id or None, message

    def __init__(self, cat: Catalogue, parent=None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.cat = cat
        self.venue_id: int | None = None
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.errors_shown: list[str] = []
        self._runner: ImportRunner | None = None
        self._docks_sized = False
        self.closed_docks: set[str] = set()  # docks the user closed on the venue page (remembered)
        self.ops = OpRunner(cat, self)  # every write and slow read off the GUI thread (ui/ops_runner.py)
        self.ops.watch_catalogue()  # a venue imported from the command line meanwhile appears in the list

        self.state = ViewState()
        self.browser = BrowserWidget(cat, runner=self.ops)
        self.browser.open_requested.connect(self.open_venue)
        self.browser.import_requested.connect(self.import_model)

        self.viewer = ViewerWidget(self.state)
        self.viewer.picked.connect(guarded(self._picked, context=N_("pick")))
        self.header = VenueHeader()
        self.legend = LegendBar()
        venue_page = QWidget()
        vl = QVBoxLayout(venue_page)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.setSpacing(0)
        vl.addWidget(self.header)
        vl.addWidget(self.legend)
        vl.addWidget(self.viewer, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.browser)
        self.pages.addWidget(venue_page)
        self.setCentralWidget(self.pages)

        self.measure = MeasureModel()
        self.measure_overlay = MeasureOverlay(self.viewer.lazy_plotter)
        self.measure.subscribe(guarded(self._measure_changed, context=N_("measure")))
        self.viewer.point_picked.connect(guarded(self.measure.add, context=N_("measure")))
        self.walk = WalkController(self.viewer)
        self.state.subscribe(guarded(self._tool_changed, context=N_("tools")))

        self.storeys_panel = StoreysPanel(self.state)
        self.categories_panel = CategoriesPanel(self.state)
        self.section_panel = SectionPanel(self.state)
        self.properties_panel = PropertiesPanel()
        self.measure_panel = MeasurePanel(self.measure)
        show = QWidget()
        sl = QVBoxLayout(show)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.categories_panel)
        sl.addWidget(self.section_panel)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("storeys", tr("Storeys"), self.storeys_panel, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("show", tr("Show"), show, Qt.DockWidgetArea.LeftDockWidgetArea)
        # The 2D plan beside the 3D view; Properties and Measure as tabs under it.
        self.plan_view = PlanView(self.state, self.viewer, self.walk, runner=self.ops)
        self.plan_view.picked.connect(guarded(self._picked, context=N_("plan pick")))
        self.statusBar().addPermanentWidget(self.plan_view.cell_label)
        self.plan_dock = self._dock("plan", tr("2D plan"), self.plan_view, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("properties", tr("Properties"), self.properties_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("measure", tr("Measure"), self.measure_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.docks["properties"], self.docks["measure"])
        self.resizeDocks([self.docks["storeys"], self.plan_dock], [250, 560], Qt.Orientation.Horizontal)
        self.resizeDocks([self.plan_dock, self.docks["properties"]], [620, 280], Qt.Orientation.Vertical)

        self._build_actions()
        self.memory = WindowMemory(self, self.recent_menu)  # geometry, docks, recent venues (the app restores)
        self.editing = EditMode(self)  # Edit menu, Features / Venue / Audit docks, undo (ui/editing)
        self.editing.session.changed.connect(guarded(self.plan_view.apply_changes, context=N_("plan")))
        self.scenarios = ScenarioMode(self, self.editing)  # Scenario dock and menu, the phase in 3D
        from venueplans.ui.protection import install

        install(self)  # File › Export venue… / Import venue package…; read-only mode hides editing
        self.act_dossier = install_dossier_action(self)  # File > Print / export dossier… (ui/dossier_action)
        self.routes = RoutesMode(self)  # Routes dock and menu: route from here, nearest exit, distance map
        self.statusBar().showMessage(tr("Ready. Offline: venueplans never uses the network."))
        fit.fit_docks(self)  # every panel scrolls rather than push the window past a laptop screen
        fit.wrap(self.plan_view.title)
        self.plan_view.title.setContentsMargins(0, 0, 8, 0)  # "Storey" and "building the plan…" never run together
        fit.wrap(self.plan_view.status)
        self.screen_guard = fit.ScreenGuard(self)
        self._show_home()
        errors.set_reporter(self.show_error)

    # --- layout ------------------------------------------------------------------------------------------
    def _dock(self, key: str, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def _act(self, menu, text: str, slot, shortcut: str | None = None, *, checkable=False, tip="") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        tip = tip or text
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        action.triggered.connect(guarded(slot, context=text.rstrip("…").lower()))
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        self.act_home = self._act(file_menu, tr("Venues"), self._show_home, "Ctrl+L", tip=tr("Back to the venue list"))
        self._act(file_menu, tr("Search venues"), self._focus_search, "Ctrl+F")
        self.act_import = self._act(file_menu, tr("Import model…"), self.import_model, "Ctrl+I")
        self.recent_menu = file_menu.addMenu(tr("Recent venues"))
        self.recent_menu.setObjectName("recent_menu")
        self._act(file_menu, tr("Save screenshot…"), self._save_screenshot, "Ctrl+Shift+S")
        file_menu.addSeparator()
        self.act_settings = self._act(file_menu, tr("Settings…"), self.show_settings, "Ctrl+,")
        file_menu.addSeparator()
        self._act(file_menu, tr("Quit"), self.close, "Ctrl+Q")

        view_menu = bar.addMenu(tr("&View"))
        v = self.viewer
        self.venue_actions: list[QAction] = []
        for text, preset, key in ((N_("Fit"), "fit", "F"), (N_("3D view"), "iso", "Home"), (N_("Top"), "top", "T"),
                                  (N_("From north"), "north", "8"), (N_("From south"), "south", "2"),
                                  (N_("From east"), "east", "6"), (N_("From west"), "west", "4")):
            self.venue_actions.append(self._act(view_menu, tr(text), lambda _=False, p=preset: v.view(p), key))
        view_menu.addSeparator()
        for text, fn, key in ((N_("Orbit left"), lambda: v.orbit(-10), "Left"),
                              (N_("Orbit right"), lambda: v.orbit(10), "Right"),
                              (N_("Orbit up"), lambda: v.orbit(0, 8), "Up"), (N_("Orbit down"), lambda: v.orbit(0, -8), "Down"),
                              (N_("Pan left"), lambda: v.pan(-0.2, 0), "Ctrl+Left"),
                              (N_("Pan right"), lambda: v.pan(0.2, 0), "Ctrl+Right"),
                              (N_("Pan up"), lambda: v.pan(0, 0.2), "Ctrl+Up"),
                              (N_("Pan down"), lambda: v.pan(0, -0.2), "Ctrl+Down"),
                              (N_("Zoom in"), lambda: v.zoom(1.25), "+"), (N_("Zoom out"), lambda: v.zoom(0.8), "-")):
            self.venue_actions.append(self._act(view_menu, tr(text), fn, key))
        self._act(None, tr("Zoom in (=)"), lambda: v.zoom(1.25), "=")
        view_menu.addSeparator()
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())

        storey_menu = bar.addMenu(tr("&Storeys"))
        st = self.state
        self.venue_actions += [
            self._act(storey_menu, tr("Storey up"), lambda: st.step(+1), "PgUp"),
            self._act(storey_menu, tr("Storey down"), lambda: st.step(-1), "PgDown"),
            self._act(storey_menu, tr("All storeys"), st.show_all, "A"),
            self._act(storey_menu, tr("Isolate storey"), lambda: st.isolate(self._focus_or_lowest()), "I"),
            self._act(storey_menu, tr("Ghost other storeys"), lambda: st.ghost(self._focus_or_lowest()), "G"),
            self._act(storey_menu, tr("Explode storeys"), lambda: st.set_explode(0 if st.explode else EXPLODE_STEP_M), "E"),
        ]
        tools = bar.addMenu(tr("&Tools"))
        self.act_xray = self._act(tools, tr("X-ray"), lambda: st.set_xray(not st.xray), "X")
        self.act_cut = self._act(tools, tr("Horizontal cut"), lambda: st.set_section(not st.section), "C")
        self.act_stack = self._act(tools, tr("Plan stack"), lambda: st.set_plan_stack(not st.section_each_floor), "P",
                                   tip=tr("Every storey cut at its floor + 1.2 m and pulled apart"))
        self.act_box = self._act(tools, tr("Section box"), lambda: st.set_section_box(not st.section_box), "B")
        tools.addSeparator()
        self.act_measure = self._act(tools, tr("Measure"), lambda: st.set_tool("orbit" if st.tool == "measure" else "measure"),
                                     "M", checkable=True)
        self.act_walk = self._act(tools, tr("Walk (first person)"), lambda: st.set_tool("orbit" if st.tool == "walk" else "walk"),
                                  "V", checkable=True)
        self._act(tools, tr("Orbit (leave tool)"), lambda: st.set_tool("orbit"), "Esc")
        tools.addSeparator()
        self.act_edit = self._act(tools, tr("Edit mode"), lambda: None, checkable=True,
                                  tip=tr("Editing exits and markers: coming in a later version"))
        self.act_edit.setEnabled(False)
        self.venue_actions += [self.act_xray, self.act_cut, self.act_stack, self.act_box, self.act_measure,
                               self.act_walk]

        help_menu = bar.addMenu(tr("&Help"))
        self.act_guide = self._act(help_menu, tr("User guide"), lambda: show_user_guide(self), "F1")
        self._act(help_menu, tr("Keyboard shortcuts"), self.show_shortcuts, "Shift+F1")
        self._act(help_menu, tr("About venueplans"), self._about)

        toolbar = self.addToolBar(tr("Main"))
        toolbar.setObjectName("toolbar_main")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.act_home)
        toolbar.addAction(self.act_import)
        toolbar.addSeparator()
        for a in self.venue_actions[:7]:
            toolbar.addAction(a)
        toolbar.addSeparator()
        for a in (self.act_xray, self.act_cut, self.act_stack, self.act_box, self.act_measure, self.act_walk,
                  self.act_edit):
            toolbar.addAction(a)
        self.toolbar = toolbar

    def _focus_or_lowest(self) -> int:
        storey = self.state.focus_storey()
        if storey is None:
            raise ValueError(tr("this venue has no storeys"))
        return storey.index

    # --- pages -------------------------------------------------------------------------------------------
    def _show_home(self) -> None:
        self.state.set_tool("orbit")
        self.pages.setCurrentIndex(0)
        for dock in self.docks.values():
            dock.hide()
        for a in self.venue_actions:
            a.setEnabled(False)
        self.browser.refresh()
        self.browser.search.setFocus()
        self.setWindowTitle(TITLE)

    def _focus_search(self) -> None:
        if self.pages.currentIndex() != 0:
            self._show_home()
        self.browser.search.setFocus()
        self.browser.search.selectAll()

    def open_venue(self, venue_id: int) -> None:
        """Show *venue_id* in the 3D view. Its row, scene and counts are read off the GUI thread
        (ui/ops_runner.py); `venue_opened` once the scene is on screen, then `viewer.first_frame`. Opening
        another venue meanwhile drops this one; an unknown venue is refused and the list comes back."""
        name = next((v.name for v in self.browser.model.venues if v.id == venue_id), "")  # the list has it
        self.ops.supersede("scene")  # a venue still loading is not the one wanted any more
        self.state.set_tool("orbit")
        self.measure.clear()
        self.pages.setCurrentIndex(1)
        for key, dock in self.docks.items():
            dock.setVisible(key not in self.closed_docks)
        self.docks["properties"].raise_()
        if not self._docks_sized and not self.memory.restored_layout:  # once; then the user's own widths
            self._docks_sized = True
            fit.share_width(self, [self.docks["storeys"]], [self.plan_dock])
        for a in self.venue_actions:
            a.setEnabled(True)
        self.venue_id = venue_id
        self._thumbnail_stored = True  # until its row says otherwise
        self.setWindowTitle(f"{name} — {TITLE}" if name else TITLE)
        self._enable_3d_actions(self.viewer.has_3d)
        if not self.viewer.has_3d:  # 2D only: the plan takes the room the 3D view would have had
            self.resizeDocks([self.plan_dock], [int(self.width() * 0.6)], Qt.Orientation.Horizontal)
        QueryOp(self.ops, lambda cat: (read.get_venue(cat, venue_id), bool(read.thumbnail(cat, venue_id))),
                guarded(self._venue_row, context=N_("open")), context=N_("open")).channel("open") \
            .failure(guarded(self._open_refused, context=N_("open"))).run_in_background()

    def _venue_row(self, venue_and_thumbnail) -> None:
        """The venue's row is in (a primary-key read, milliseconds): its scene and counts are read next."""
        venue, thumbnail = venue_and_thumbnail
        if venue.id != self.venue_id:
            return
        venue_id = venue.id
        self.venue, self._thumbnail_stored = venue, thumbnail  # refresh_venue_views keeps `venue` current
        self.setWindowTitle(f"{venue.name} — {TITLE}")
        guarded(self.memory.opened, context=N_("recent venues"))(venue_id, venue.name)
        QueryOp(self.ops, lambda cat: (read.get_venue(cat, venue_id), read.venue_counts(cat, venue_id)),
                guarded(self._show_counts, context=N_("open"))).channel("venue_counts").run_in_background()
        self.viewer.load(self.cat, venue_id, runner=self.ops, title=venue.name,
                         then=lambda: self._venue_shown(venue_id))

    def _open_refused(self, exc: BaseException) -> None:
        """The venue is not in the catalogue (removed meanwhile): one line, and back to the list."""
        self.venue_id = None
        self._show_home()
        errors.report(exc)

    def _show_counts(self, venue_and_counts) -> None:
        venue, counts = venue_and_counts
        if venue.id != self.venue_id:
            return
        self.header.set_venue(venue, counts)
        self.legend.set_counts(counts)
        self.statusBar().showMessage(
            tr("{venue}: {storeys} storeys, {exits} exits, {triangles} triangles. F1: user guide.").format(
                venue=venue.name, storeys=counts["storeys"], exits=counts["exits"],
                triangles=format_number(counts["triangles"], 0)))
        if not self.viewer.has_3d:
            self.statusBar().showMessage(tr("2D only: {reason}").format(reason=self.viewer.graphics.detail))

    def _venue_shown(self, venue_id: int) -> None:
        """The scene of *venue_id* is on screen: the panels follow."""
        self.properties_panel.set_venue(self.cat, venue_id, runner=self.ops)
        if not self.cat.read_only and self.memory.active:  # a scripted --screenshot run is not the user's visit
            CollectionOp(self.ops, lambda cat: mark_opened(cat, venue_id=venue_id), context=N_("open")).run_in_background()
        if not self._has_thumbnail(venue_id):
            self.viewer.first_frame.connect(self._store_thumbnail, Qt.ConnectionType.SingleShotConnection)
        self.venue_opened.emit(venue_id)

    def _has_thumbnail(self, venue_id: int) -> bool:
        # read-only: never stored; 2D-only: nothing to take it from
        return self.cat.read_only or not self.viewer.has_3d or getattr(self, "_thumbnail_stored", False)

    def _enable_3d_actions(self, on: bool) -> None:
        """2D-only mode (ui/graphics.py): the camera, X-ray, section box, measure and walk need the 3D view."""
        for action in [*self.venue_actions[:17], self.act_xray, self.act_stack, self.act_box, self.act_measure,
                       self.act_walk]:
            action.setEnabled(on)

    @guarded(context=N_("thumbnail"))
    def _store_thumbnail(self, _seconds: float = 0.0) -> None:
        if self.venue_id is None or not self.isVisible():  # closed meanwhile (`open --scenario` refused)
            return
        png, venue_id = self.viewer.thumbnail_png(), self.venue_id
        CollectionOp(self.ops, lambda cat: save_thumbnail(cat, venue_id=venue_id, png=png),
                     context=N_("thumbnail")).run_in_background()

    # --- picking, tools ------------------------------------------------------------------------------------
    def _picked(self, result) -> None:
        if self.state.tool == "place":
            return  # the click places something (ui/editing/pick_tool.py); it is not a look-up
        self.properties_panel.show_pick(result)
        self.state.select(Selection.of(result))  # the other view (3D or plan) highlights it too
        if result is not None:
            self.docks["properties"].show()
            self.docks["properties"].raise_()

    def _measure_changed(self) -> None:
        self.measure_overlay.update(self.measure.points)
        self.viewer.request_render()

    def _tool_changed(self, what: str) -> None:
        if what not in ("tool", "reset"):
            return
        tool = self.state.tool
        self.act_measure.setChecked(tool == "measure")
        self.act_walk.setChecked(tool == "walk")
        if tool == "walk":
            self.walk.start()
            self.statusBar().showMessage(tr("Walk: W/S/A/D move, arrows or drag to look, Shift faster, Esc to leave."))
        else:
            self.walk.stop()
        if tool == "measure":
            self.docks["measure"].show()
            self.docks["measure"].raise_()
            self.statusBar().showMessage(tr("Measure: click points on the model. Esc to leave."))
        elif tool == "orbit" and what == "tool":
            self.statusBar().showMessage(tr("Orbit: drag to turn, wheel to zoom, click to see an element."))

    # --- import ---------------------------------------------------------------------------------------------
    def import_model(self, path: str | Path | None = None) -> ImportDialog:
        """Open the import form (pre-filled with *path*); on OK the import runs in the background."""
        dialog = ImportDialog(path if isinstance(path, (str, Path)) else None, self)
        dialog.accepted.connect(guarded(lambda: self.run_import(dialog.request()), context=N_("import")))
        dialog.open()
        return dialog

    def run_import(self, request) -> ImportRunner:
        if self._runner is not None and self._runner.running:
            raise RuntimeError(tr("an import is already running"))
        runner = ImportRunner(self.ops, request, self)
        runner.done.connect(guarded(self._import_done, context=N_("import")))
        self._runner = runner
        self.statusBar().showMessage(tr("Importing {name}…").format(name=request.path.name))
        runner.start()
        return runner

    def _import_done(self, venue_id, message: str) -> None:
        self.browser.refresh()
        if venue_id is None:
            self.show_error(tr("Import failed: {reason}").format(reason=message))
        else:
            self.open_venue(venue_id)  # what the user imported it for
            self.statusBar().showMessage(message, 15000)
        self.import_finished.emit(venue_id, message)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt API
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if any(u.isLocalFile() and is_supported(u.toLocalFile()) for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt API
        try:
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            supported = [p for p in paths if is_supported(p)]
            if supported:
                event.acceptProposedAction()
                QTimer.singleShot(0, lambda: self.import_model(supported[0]))
        except Exception as exc:  # noqa: BLE001 - a bad drop must not take the app down
            errors.report(exc, "drop")

    # --- messages -------------------------------------------------------------------------------------------
    def show_error(self, line: str, details: str = "") -> None:
        """A one-line message in the status bar and a non-blocking message box."""
        self.errors_shown.append(line)
        self.statusBar().showMessage(line, 20000)
        box = QMessageBox(QMessageBox.Icon.Warning, TITLE, line, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("error_box")
        if details:
            box.setDetailedText(details)
        log = logfile.installed_path()
        if log is not None:
            box.setInformativeText(tr("The details are kept in the log file: {path}").format(path=log))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_settings(self):
        from venueplans.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda message: self.statusBar().showMessage(message, 15000))
        dialog.open()
        return dialog

    def _about(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, TITLE,
                          f"venueplans {__version__}\n" + tr("Offline 3D plans of venues. Catalogue: {path}").format(path=self.cat.path),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _save_screenshot(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("Save screenshot"), "venueplans.png", tr("PNG image (*.png)"))
        if name:
            self.screenshot().save(name, "PNG")

    def screenshot(self):
        """The whole window as an image. The 3D view is a native window that `grab()` sees black: its last
        frame, read back from VTK, is painted in its place."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        viewer = self.viewer
        view = viewer.plotter if viewer.has_plotter else None
        held = view.hold if view is not None else False
        if view is not None:
            view.hold = True  # grab() paints every child: the 3D view would draw a frame only to be painted over
        try:
            image = self.grab().toImage()
        finally:
            if view is not None:
                view.hold = held
        if view is not None and view.isVisible():
            frame = view.image()
            frame.setDevicePixelRatio(view.devicePixelRatioF() or 1.0)
            painter = QPainter(image)
            try:
                painter.drawImage(view.mapTo(self, QPoint(0, 0)), frame)
                loading = viewer.loading  # a native window over the view, seen black by grab() too
                if loading.isVisible():
                    painter.drawPixmap(loading.mapTo(self, QPoint(0, 0)), loading.grab())
            finally:
                painter.end()
        return image

    def closeEvent(self, event):  # noqa: N802 - Qt API
        try:
            errors.set_reporter(None)
            if self.pages.currentIndex() == 1:
                self.closed_docks = {key for key, dock in self.docks.items() if not dock.isVisible()}
            guarded(self.memory.save, context=N_("saving the window layout"))()
            if self._runner is not None:
                self._runner.shutdown()
            self.walk.stop()
            self.plan_view.shutdown()
            self.ops.shutdown()
            self.viewer.close_view()
        finally:
            super().closeEvent(event)
