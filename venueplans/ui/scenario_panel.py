"""The trainer's scenario dock: scenarios, phases, stepping through them, and drawing on the model.

A scenario (an exercise on this venue) is played in phases ("Set-up H+00:00", "Entry H+00:05"...).
The dock lists the venue's scenarios (new, rename, duplicate, delete, JSON import/export), the chosen
scenario's phases (add, edit name / time / notes, reorder, delete), steps through them (◀ slider ▶,
keys [ and ]) and lists what the current phase shows; the drawing tools (ui/scenario_tools.py) place
markers, routes, areas and notes in that phase, or move a marker from this phase on.

`ui.editing.scenario_mode.ScenarioMode` puts the panel in a dock with a menu and shortcuts and draws
`panel.current` (the ScenarioState shown) in 3D. Every write is an ops verb through the editing session
(undoable, audited, in the catalogue).
"""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSlider,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from venueplans.i18n import N_, tr
from venueplans.model.scenario import Phase, ScenarioState
from venueplans.ops.edit_support import EditRefused
from venueplans.ops.scenario_limits import TEXT_LIMITS
from venueplans.ui import errors
from venueplans.ui import scenario_loader as loader
from venueplans.ui.errors import guarded
from venueplans.ui.ops_runner import EXTERNAL, QueryOp
from venueplans.ui.scenario_actions import ScenarioActions
from venueplans.ui.scenario_items import paint_row, several_storeys
from venueplans.ui.scenario_tools import ScenarioTools

NO_TARGET = {"scenario_ref": None, "phase_id": None, "phase_ref": None}
LOADING_DELAY_MS = 250  # a read faster than this never shows "loading…": no flicker


# ============================================================================ the panel


class ScenarioPanel(ScenarioActions, QWidget):
    state_changed = Signal()  # the ScenarioState to show changed (scenario, phase or content)
    frame_requested = Signal()  # "Plan view": cut the phase's storey open and frame what it shows

    def __init__(self, session, pick_tool, view_state, plotter=None, parent=None):
        super().__init__(parent)
        self.setObjectName("scenario_panel")
        self.session = session
        self.view_state = view_state
        self.venue_id: int | None = None
        self.scenario_id: int | None = None
        self.phases: list[Phase] = []
        self.phase_index = 0
        self.current: ScenarioState | None = None
        self._want: loader.Want | None = None  # the read on its way (scenario_loader)
        self._then: list = []  # called once the read on its way lands (select_scenario)
        self._echo: dict[int, dict] = {}  # annotation texts this panel sent: its own edit is not read back
        self._select_after: int | None = None  # an annotation to select once the state that lists it lands

        # --- scenarios
        self.scenario_box = QComboBox()
        self.scenario_box.setObjectName("scenario_box")
        self.scenario_box.currentIndexChanged.connect(guarded(self._scenario_chosen, context=N_("scenario")))
        # Buttons, not a QToolBar: a toolbar hides what does not fit behind a "»" at 1366x768; the file
        # actions share one menu button so the row fits the right dock column in French too.
        bar = QHBoxLayout()
        bar.setSpacing(2)
        self.act_new = self._action(bar, tr("New…"), lambda: self.new_scenario(), tr("A new, empty scenario for this venue"))
        self.act_rename = self._action(bar, tr("Rename…"), lambda: self.rename_scenario(), tr("Rename the scenario"))
        self.act_duplicate = self._action(bar, tr("Duplicate"), self.duplicate_scenario,
                                          tr("A copy with its phases and drawings, to vary the exercise"))
        self.act_delete = self._action(bar, tr("Delete"), self.delete_scenario, tr("Delete the scenario (Ctrl+Z undoes)"))
        self.file_button = QToolButton()
        self.file_button.setObjectName("scenario_file_button")
        self.file_button.setText(tr("File"))
        self.file_button.setToolTip(tr("Import or export the scenario as a JSON file"))
        self.file_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.file_button.setAutoRaise(True)
        file_menu = QMenu(self.file_button)
        self.file_button.setMenu(file_menu)
        self.act_import = self._action(file_menu, tr("Import…"), lambda: self.import_json(), tr("Add a scenario from a JSON file"))
        self.act_export = self._action(file_menu, tr("Export…"), lambda: self.export_json(),
                                       tr("Write the scenario as a JSON file (docs/scenario-format.md)"))
        bar.addWidget(self.file_button)
        bar.addStretch(1)
        self.busy = QLabel(tr("loading…"))  # a slow read: what is on show stays until it lands
        self.busy.setObjectName("scenario_loading")
        self.busy.setStyleSheet("color:#777")
        self.busy.hide()
        bar.addWidget(self.busy)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color:#555")

        # --- stepping
        self.phase_title = QLabel()
        self.phase_title.setObjectName("phase_title")
        self.phase_title.setTextFormat(Qt.TextFormat.RichText)
        self.phase_title.setWordWrap(True)  # a long phase name wraps rather than widening the dock
        self.phase_title.setStyleSheet("background:#1f2a36; color:white; padding:6px 8px; border-radius:4px;")
        self.phase_notes = QLabel()
        self.phase_notes.setWordWrap(True)
        self.prev_button = QPushButton("◀")
        self.prev_button.setToolTip(tr("Previous phase ([)"))
        self.prev_button.clicked.connect(guarded(self.previous_phase, context=N_("phase")))
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip(tr("Next phase (])"))
        self.next_button.clicked.connect(guarded(self.next_phase, context=N_("phase")))
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(40)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.valueChanged.connect(guarded(self.set_phase, context=N_("phase")))
        self.frame_button = QPushButton(tr("Plan view"))
        self.frame_button.setToolTip(tr("See the phase from above: its storey cut open at 1.2 m, everything it shows framed"))
        self.frame_button.clicked.connect(guarded(lambda: self.frame_requested.emit(), context=N_("frame")))
        stepper = QHBoxLayout()
        stepper.addWidget(self.prev_button)
        stepper.addWidget(self.slider, 1)
        stepper.addWidget(self.next_button)
        stepper.addWidget(self.frame_button)

        # --- phases
        self.phase_list = QListWidget()
        self.phase_list.setObjectName("phase_list")
        self.phase_list.currentRowChanged.connect(guarded(self._phase_row, context=N_("phase")))
        self.phase_list.itemDoubleClicked.connect(guarded(lambda *_: self.edit_phase(), context=N_("phase")))
        phase_buttons = QHBoxLayout()
        self.add_phase_button = self._button(phase_buttons, tr("Add…"), lambda: self.add_phase(), tr("Add a phase at the end"))
        self.edit_phase_button = self._button(phase_buttons, tr("Edit…"), lambda: self.edit_phase(),
                                              tr("Name, time (H+00:05) and notes of the phase"))
        self.up_button = self._button(phase_buttons, "▲", lambda: self.move_phase(-1), tr("Play this phase earlier"))
        self.down_button = self._button(phase_buttons, "▼", lambda: self.move_phase(+1), tr("Play this phase later"))
        for b in (self.up_button, self.down_button):
            b.setFixedWidth(36)  # an arrow needs no push button's 80 px minimum
        self.delete_phase_button = self._button(phase_buttons, tr("Delete"), self.delete_phase,
                                                tr("Delete the phase and what was placed in it"))
        phases_page = QWidget()
        pl = QVBoxLayout(phases_page)
        pl.setContentsMargins(2, 2, 2, 2)
        pl.addWidget(self.phase_list, 1)
        pl.addLayout(phase_buttons)

        # --- what the phase shows
        self.item_list = QListWidget()
        self.item_list.setObjectName("scenario_items")
        self.item_list.setMinimumHeight(150)  # a phase's markers must be readable without scrolling much
        self.item_list.setIconSize(self.item_list.iconSize().expandedTo(self.item_list.iconSize() * 1.4))
        self.item_list.currentRowChanged.connect(guarded(lambda _r: self._item_chosen(), context=N_("scenario item")))
        self.item_label = QLineEdit()
        self.item_label.setPlaceholderText(tr("label"))
        self.item_team = QLineEdit()
        self.item_team.setPlaceholderText(tr("team"))
        self.item_label.setMaxLength(TEXT_LIMITS["label"])  # the limits the ops hold them to
        self.item_team.setMaxLength(TEXT_LIMITS["team"])
        self.item_label.returnPressed.connect(guarded(self.apply_item, context=N_("scenario item")))
        item_row = QHBoxLayout()
        item_row.addWidget(self.item_label, 2)
        item_row.addWidget(self.item_team, 1)
        self.apply_item_button = self._button(item_row, tr("Apply"), self.apply_item, tr("Change the selected item's label and team"))
        self.delete_item_button = self._button(item_row, tr("Delete"), self.delete_item,
                                               tr("Delete the selected item from this phase"))
        items_page = QWidget()
        il = QVBoxLayout(items_page)
        il.setContentsMargins(2, 2, 2, 2)
        il.addWidget(self.item_list, 1)
        il.addLayout(item_row)
        # One tab at a time gets the dock's height: what the phase shows, or the phases to edit
        # (stepping needs neither: banner, slider and [ ] are above).
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(items_page, tr("Shown"))
        self.tabs.addTab(phases_page, tr("Phases"))

        # --- tools
        self.tools = ScenarioTools(pick_tool, view_state, plotter)
        self.tools.drawn.connect(guarded(self._drawn, context=N_("draw")))
        tools_box = QGroupBox(tr("Draw"))
        QVBoxLayout(tools_box).addWidget(self.tools)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scenario_box)
        layout.addLayout(bar)
        layout.addWidget(self.description)
        layout.addWidget(self.phase_title)
        layout.addLayout(stepper)
        layout.addWidget(self.phase_notes)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(tools_box)
        self._update_enabled()

    def _action(self, where: QHBoxLayout | QMenu, text: str, slot, tip: str) -> QAction:
        """An action in the file menu, or a flat button for it in the row (the menu bar reuses the actions)."""
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(guarded(lambda _=False: slot(), context=text.rstrip("…").lower()))
        if isinstance(where, QMenu):
            where.addAction(action)
        else:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            where.addWidget(button)
        return action

    def _button(self, layout, text: str, slot, tip: str) -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.clicked.connect(guarded(lambda _=False: slot(), context=text.rstrip("…").lower()))
        layout.addWidget(b)
        return b

    # ------------------------------------------------------------------------ data
    def set_venue(self, venue_id: int | None) -> None:
        if venue_id != self.venue_id:  # another venue: nothing of the last one stays on show
            self.scenario_id, self.phases, self.phase_index, self.current = None, [], 0, None
            self._want = None
            self._show_loaded(None)
        self.venue_id = venue_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read scenarios, phases and the shown state off the GUI thread; keeps the choices."""
        self._load(loader.ALL)

    @property
    def loading(self) -> bool:
        """A read is on its way (what is on show stays until it lands)."""
        return self._want is not None

    def _load(self, parts: frozenset[str], annotation_ids: frozenset[int] = frozenset(), **target) -> None:
        """Read *parts* (scenario_loader: list, phases, state) on a worker, merged with a read still on its
        way (the newer supersedes it on the "scenario" channel, so it must ask for both)."""
        runner = self.session.runner
        if self.venue_id is None:
            runner.supersede("scenario")
            self._want = None
            self._show_loaded(None)
            return
        pending = self._want
        keep = {k: getattr(pending, k) for k in ("scenario_ref", "phase_id", "phase_ref")} if pending else {}
        want = loader.Want(self.venue_id, self.scenario_id, self.phase_index, frozenset(parts),
                           frozenset(annotation_ids), phases=tuple(self.phases), shown=self.current,
                           **{**keep, **target})
        if pending is not None and pending.venue_id == want.venue_id:
            want = want.merged(pending.parts, pending.annotation_ids)
        self._want = want
        QTimer.singleShot(LOADING_DELAY_MS, self._show_busy)
        QueryOp(runner, lambda cat: loader.read_wanted(cat, want), guarded(self._landed, context=N_("scenario")),
                context=N_("scenario")).channel("scenario").failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self._want = None
        self._show_busy()
        if isinstance(exc, EditRefused):  # an unknown scenario or phase name: one line
            self.session.refuse(exc)
        else:
            errors.report(exc, "scenario")

    def _show_busy(self) -> None:
        self.busy.setVisible(self.loading)  # only a read slower than LOADING_DELAY_MS shows it

    def _landed(self, loaded: loader.Loaded) -> None:
        if loaded.venue_id != self.venue_id:
            return
        self._want = None
        self._show_busy()
        self._show_loaded(loaded)
        then, self._then = self._then, []
        for callback in then:
            callback()

    def _show_loaded(self, loaded: loader.Loaded | None) -> None:
        if loaded is None or loaded.scenarios is not None:
            self._fill_scenarios(loaded.scenarios if loaded is not None else [])
        before = self.current
        if loaded is not None:
            self.scenario_id, self.phases, self.phase_index = loaded.scenario_id, loaded.phases, loaded.phase_index
            self.current = loaded.state
        scenario = self.current.scenario if self.current is not None else None
        self.scenario_box.blockSignals(True)
        self.scenario_box.setCurrentIndex(max(0, self.scenario_box.findData(self.scenario_id))
                                          if self.scenario_id else 0)
        self.scenario_box.blockSignals(False)
        premise = scenario.description.strip() if scenario else ""
        first = re.split(r"(?<=\.)\s", premise, maxsplit=1)[0]  # one sentence here, all of it in the tooltip
        self.description.setText(first + (" …" if first != premise else ""))
        self.description.setToolTip(premise)
        self.description.setVisible(bool(premise))
        if loaded is None or loader.PHASES in loaded.parts or loaded.scenarios is not None:
            self._fill_phases()
        if loaded is not None and loaded.patched and loader.STATE not in loaded.parts:
            self._repaint_items(loaded.patched)  # only the rows that changed
        elif loaded is None or loader.STATE in loaded.parts:
            self._fill_items()
        self._update_title()
        self._update_enabled()
        if self.current is not before:
            self.state_changed.emit()

    def _fill_scenarios(self, items) -> None:
        self.scenario_box.blockSignals(True)
        self.scenario_box.clear()
        self.scenario_box.addItem(tr("— no scenario —") if items else tr("— no scenario yet: New… or Import… —"), None)
        for s in items:
            self.scenario_box.addItem(s.name, s.id)
        self.scenario_box.blockSignals(False)

    def select_scenario(self, ref: int | str | None, phase: int | str | None = None, *, then=None) -> None:
        """Show a scenario (id or name) at a phase (number from 1, or name); None: no scenario. *then* is
        called once it is on show (the names are resolved on the worker: an unknown one is refused)."""
        if then is not None:
            self._then.append(then)
        self.phase_index = 0
        if ref is None or isinstance(ref, int):
            self.scenario_id = ref
            self._load(loader.ALL, phase_ref=phase)
        else:
            self._load(loader.ALL, scenario_ref=ref, phase_ref=phase)

    def select_scenario_now(self, ref: int | str, phase: int | str | None = None) -> None:
        """`select_scenario` read at once on the GUI thread's connection: the command line's start-up only
        (ScenarioMode.open); raises EditRefused for an unknown scenario or phase."""
        self.session.runner.supersede("scenario")
        self._want = None
        want = loader.Want(self.venue_id, None, 0, loader.ALL, scenario_ref=ref, phase_ref=phase)
        self._landed(loader.read_wanted(self.session.cat, want))

    def select_phase_id(self, phase_id: int) -> None:
        """Show the phase *phase_id* (one just added or moved: once the phases that list it are read)."""
        position = next((i for i, p in enumerate(self.phases) if p.id == phase_id), None)
        if position is not None and not (self._want and loader.PHASES in self._want.parts):
            self.set_phase(position)
        else:
            self._load(frozenset({loader.PHASES, loader.STATE}), phase_id=phase_id)

    def _scenario_chosen(self, _index: int) -> None:
        self.scenario_id = self.scenario_box.currentData()
        self.phase_index = 0
        self._load(frozenset({loader.PHASES, loader.STATE}), **NO_TARGET)  # the user's choice wins

    def apply_changes(self, changes, initiator=None) -> None:
        """After an edit: re-read only what it made stale for this venue (scenario_loader.parts_for); an
        annotation text this panel just set is painted from what it sent, not read back."""
        if initiator is self and changes.annotation_ids and changes.annotation_ids <= self._echo.keys():
            for aid in changes.annotation_ids:
                self._patch_echo(aid, self._echo.pop(aid))
            return
        parts, rows = loader.parts_for(
            changes, venue_id=self.venue_id, scenario_id=self.scenario_id, phase_ids={p.id for p in self.phases},
            shown_ids={p.annotation.id for p in self.current.items} if self.current else set(),
            external=initiator == EXTERNAL)
        if parts or rows:
            self._load(parts, rows)

    def _patch_echo(self, annotation_id: int, values: dict) -> None:
        if self.current is None:
            return
        items = list(self.current.items)
        for n, placed in enumerate(items):
            if placed.annotation.id == annotation_id:
                items[n] = dataclasses.replace(placed, annotation=dataclasses.replace(placed.annotation, **values))
        self.current = dataclasses.replace(self.current, items=items)
        self._repaint_items([annotation_id])
        self.state_changed.emit()

    @property
    def phase(self) -> Phase | None:
        return self.phases[self.phase_index] if self.phases else None

    def _fill_phases(self) -> None:
        self.phase_list.blockSignals(True)
        self.phase_list.clear()
        for p in self.phases:
            self.phase_list.addItem(f"{p.index + 1}   {p.time_label}   {p.name}")
        if self.phases:
            self.phase_list.setCurrentRow(self.phase_index)
        self.phase_list.blockSignals(False)
        self.tabs.setTabText(1, tr("Phases ({count})").format(count=len(self.phases)))
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(0, len(self.phases) - 1))
        self.slider.setValue(self.phase_index)
        self.slider.blockSignals(False)

    def _update_title(self) -> None:
        p = self.phase
        if self.scenario_id is None:
            self.phase_title.setText(tr("No scenario shown"))
            self.phase_notes.setText("")
            return
        if p is None:
            self.phase_title.setText(tr("<b>No phases yet</b> — Add… a phase (Set-up H+00:00)"))
            self.phase_notes.setText("")
            return
        self.phase_title.setText(tr("<span style=\"font-size:13pt\"><b>Phase {value}/{count}</b>&nbsp;&nbsp;{time_label}&nbsp;&nbsp;<b>{name}</b></span>").format(value=p.index + 1, count=len(self.phases), time_label=p.time_label, name=p.name))
        self.phase_notes.setText(p.notes)

    def _fill_items(self) -> None:
        keep = self._select_after if self._select_after is not None else self.selected_item_id()
        self.item_list.blockSignals(True)
        self.item_list.clear()
        placed_items = self.current.items if self.current else []
        here = self.current.phase.name if self.current and self.current.phase else None
        placed_items = sorted(placed_items, key=lambda p: p.phase != here)  # what this phase placed or moved first
        several = several_storeys(placed_items)
        for placed in placed_items:
            item = paint_row(QListWidgetItem(), placed, here, several)
            self.item_list.addItem(item)
            if placed.annotation.id == keep:
                self.item_list.setCurrentItem(item)
                self._select_after = None
        self.item_list.blockSignals(False)
        self.tabs.setTabText(0, tr("Shown in this phase ({count})").format(count=self.item_list.count()))
        self._item_chosen()

    def _repaint_items(self, annotation_ids) -> None:
        placed = {p.annotation.id: p for p in self.current.items} if self.current else {}
        here = self.current.phase.name if self.current and self.current.phase else None
        several = several_storeys(list(placed.values()))
        for row in range(self.item_list.count()):
            item = self.item_list.item(row)
            aid = item.data(Qt.ItemDataRole.UserRole)
            if aid in annotation_ids and aid in placed:
                paint_row(item, placed[aid], here, several)
        self._item_chosen()

    def item_texts(self) -> list[str]:
        return [self.item_list.item(i).text() for i in range(self.item_list.count())]

    def selected_item_id(self) -> int | None:
        item = self.item_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _selected_placed(self):
        aid = self.selected_item_id()
        return next((p for p in (self.current.items if self.current else []) if p.annotation.id == aid), None)

    def _item_chosen(self) -> None:
        placed = self._selected_placed()
        a = placed.annotation if placed else None
        self.item_label.setText(a.label if a else "")
        self.item_team.setText(a.team if a else "")
        for w in (self.item_label, self.item_team, self.apply_item_button, self.delete_item_button):
            w.setEnabled(a is not None)
        self.tools.set_move_enabled(a is not None and a.type in ("marker", "text"))

    def _update_enabled(self) -> None:
        has_venue, has = self.venue_id is not None, self.scenario_id is not None
        for act in (self.act_new, self.act_import):
            act.setEnabled(has_venue)
        for act in (self.act_rename, self.act_duplicate, self.act_delete, self.act_export):
            act.setEnabled(has)
        self.add_phase_button.setEnabled(has)
        for b in (self.edit_phase_button, self.delete_phase_button):
            b.setEnabled(self.phase is not None)
        self.up_button.setEnabled(self.phase is not None and self.phase_index > 0)
        self.down_button.setEnabled(self.phase is not None and self.phase_index < len(self.phases) - 1)
        self.prev_button.setEnabled(self.phase_index > 0)
        self.next_button.setEnabled(self.phase_index < len(self.phases) - 1)
        self.slider.setEnabled(len(self.phases) > 1)
        self.frame_button.setEnabled(has)
        self.tools.setEnabled(has)

    # ------------------------------------------------------------------------ stepping
    def set_phase(self, index: int) -> None:
        """Step to phase *index*: its title at once, what it shows once read (the old list meanwhile)."""
        if not self.phases:
            return
        index = max(0, min(int(index), len(self.phases) - 1))
        wanted = self._want is not None and loader.STATE in self._want.parts
        if index == self.phase_index and (wanted or (self.current is not None and self.current.phase is not None
                                                     and self.current.phase.id == self.phases[index].id)):
            return
        self.phase_index = index
        self._fill_phases()
        self._update_title()
        self._update_enabled()
        self._load(frozenset({loader.STATE}), **NO_TARGET)  # the user's step wins over a pending target

    def next_phase(self) -> None:
        self.set_phase(self.phase_index + 1)

    def previous_phase(self) -> None:
        self.set_phase(self.phase_index - 1)

    def _phase_row(self, row: int) -> None:
        if row >= 0:
            self.set_phase(row)
