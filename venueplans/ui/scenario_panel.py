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

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
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
from venueplans.model.scenario import (
    AREA_KINDS,
    TACTICAL_SYMBOLS,
    Phase,
    ScenarioState,
    format_time_offset,
)
from venueplans.ops import annotations as annotation_ops
from venueplans.ops import scenario_edits, scenario_reads
from venueplans.ops.edit_support import EditRefused
from venueplans.ops.scenario_json import export_scenario, import_scenario, parse_scenario_text
from venueplans.ui.editing.dialogs import NameDialog, PhaseDialog
from venueplans.ui.errors import guarded
from venueplans.ui.scenario_tools import ScenarioTools, shape_icon, symbol_icon

JSON_FILTER = N_("Scenario files (*.json);;All files (*)")  # tr() when shown



def _safe_file_name(name: str) -> str:
    return re.sub(r"[^\w\- ]+", "_", name).strip() or "scenario"


# ============================================================================ the panel


class ScenarioPanel(QWidget):
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
    @property
    def cat(self):
        return self.session.cat

    def set_venue(self, venue_id: int | None) -> None:
        if venue_id != self.venue_id:
            self.scenario_id = None
        self.venue_id = venue_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read scenarios, phases and the shown state (after any change); keeps the choices."""
        items = scenario_reads.list_scenarios(self.cat, venue_id=self.venue_id) if self.venue_id is not None else []
        ids = [s.id for s in items]
        if self.scenario_id not in ids:
            self.scenario_id = None
        self.scenario_box.blockSignals(True)
        self.scenario_box.clear()
        self.scenario_box.addItem(tr("— no scenario —") if items else tr("— no scenario yet: New… or Import… —"), None)
        for s in items:
            self.scenario_box.addItem(s.name, s.id)
        self.scenario_box.setCurrentIndex(self.scenario_box.findData(self.scenario_id) if self.scenario_id else 0)
        self.scenario_box.blockSignals(False)
        scenario = next((s for s in items if s.id == self.scenario_id), None)
        premise = scenario.description.strip() if scenario else ""
        first = re.split(r"(?<=\.)\s", premise, maxsplit=1)[0]  # one sentence here, all of it in the tooltip
        self.description.setText(first + (" …" if first != premise else ""))
        self.description.setToolTip(premise)
        self.description.setVisible(bool(scenario and scenario.description))
        self.phases = scenario_reads.load_phases(self.cat, scenario_id=self.scenario_id) if self.scenario_id else []
        self.phase_index = max(0, min(self.phase_index, len(self.phases) - 1))
        self._fill_phases()
        self._load_state()

    def select_scenario(self, ref: int | str | None, phase: int | str | None = None) -> None:
        """Show a scenario (id or name) at a phase (number from 1, or name); None: no scenario."""
        if ref is None:
            self.scenario_id = None
        else:
            self.scenario_id = scenario_reads.resolve_scenario(self.cat, venue_id=self.venue_id, ref=ref)
        self.phase_index = 0
        self.refresh()
        if phase is not None:
            self.set_phase(self._phase_position(phase))

    def _phase_position(self, phase: int | str) -> int:
        return self.phases.index(scenario_reads.resolve_phase(self.phases, phase))

    def _scenario_chosen(self, _index: int) -> None:
        self.scenario_id = self.scenario_box.currentData()
        self.phase_index = 0
        self.refresh()

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

    def _load_state(self) -> None:
        if self.scenario_id is None:
            self.current = None
        else:
            self.current = scenario_reads.scenario_state(self.cat, scenario_id=self.scenario_id,
                                             phase_id=self.phase.id if self.phase else None)
        self._fill_items()
        self._update_title()
        self._update_enabled()
        self.state_changed.emit()

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
        keep = self.selected_item_id()
        self.item_list.blockSignals(True)
        self.item_list.clear()
        placed_items = self.current.items if self.current else []
        here = self.phase.name if self.phase is not None else None
        placed_items = sorted(placed_items, key=lambda p: p.phase != here)  # what this phase placed or moved first
        several = len({pt[3] for p in placed_items for pt in p.annotation.points}) > 1
        for placed in placed_items:
            a = placed.annotation
            if a.type == "marker":
                icon = symbol_icon(a.symbol) if a.symbol in TACTICAL_SYMBOLS else shape_icon("text", "#000000")
                what = tr(TACTICAL_SYMBOLS[a.symbol].label) if a.symbol in TACTICAL_SYMBOLS else a.symbol
            elif a.type == "area":
                kind = AREA_KINDS.get(a.symbol, AREA_KINDS["area"])
                icon, what = shape_icon("area", a.display_colour), tr(kind.label)
            else:
                icon, what = shape_icon(a.type, a.display_colour), {"route": tr("Route"), "text": tr("Note")}[a.type]
            text = f"{a.label or what}" + (f"  ·  {what}" if a.label and a.type != "text" else "")
            tags = [t for t in (a.team, placed.storey_name if several else "",
                                tr("moved") if placed.moved else "", tr("every phase") if not placed.phase else "") if t]
            item = QListWidgetItem(icon, text + (f"   ({', '.join(tags)})" if tags else ""))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            if placed.phase and placed.phase == here:
                font = QFont()
                font.setBold(True)  # new or moved in this phase
                item.setFont(font)
            item.setToolTip(tr("{type} {ref} · placed in {value}").format(type=a.type, ref=a.ref, value=placed.phase or tr('every phase')))
            self.item_list.addItem(item)
            if a.id == keep:
                self.item_list.setCurrentItem(item)
        self.item_list.blockSignals(False)
        self.tabs.setTabText(0, tr("Shown in this phase ({count})").format(count=self.item_list.count()))
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
        if not self.phases:
            return
        index = max(0, min(int(index), len(self.phases) - 1))
        if index == self.phase_index and self.current is not None and self.current.phase is self.phase:
            return
        self.phase_index = index
        self._fill_phases()
        self._load_state()

    def next_phase(self) -> None:
        self.set_phase(self.phase_index + 1)

    def previous_phase(self) -> None:
        self.set_phase(self.phase_index - 1)

    def _phase_row(self, row: int) -> None:
        if row >= 0:
            self.set_phase(row)

    # ------------------------------------------------------------------------ scenario actions
    def _run(self, op, *, then=None, **kwargs) -> None:
        """Run an ops verb through the session; *then* gets its Changes once the views refreshed."""
        self.session.run(op, success=then, **kwargs)

    def _ask_name(self, title: str, prompt: str, text: str, then) -> NameDialog:
        dialog = NameDialog(title, prompt, text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(guarded(lambda: then(dialog.name()), context=title.lower()))
        dialog.open()
        return dialog

    def new_scenario(self, name: str | None = None) -> NameDialog | None:
        """Create a scenario named *name* (None: ask for it in a dialog, returned)."""
        if name is None:
            return self._ask_name(tr("New scenario"), tr("Name of the exercise:"), "", self.new_scenario)
        self._run(scenario_edits.create_scenario, venue_id=self.venue_id, name=name,
                  then=lambda changes: self.select_scenario(changes.id))
        return None

    def rename_scenario(self, name: str | None = None) -> NameDialog | None:
        if self.scenario_id is None:
            return None
        if name is None:
            return self._ask_name(tr("Rename scenario"), tr("New name:"), self.scenario_box.currentText(),
                                  self.rename_scenario)
        self._run(scenario_edits.rename_scenario, scenario_id=self.scenario_id, name=name)
        return None

    def duplicate_scenario(self) -> None:
        if self.scenario_id is not None:
            self._run(scenario_edits.duplicate_scenario, scenario_id=self.scenario_id,
                      then=lambda changes: self.select_scenario(changes.id))

    def delete_scenario(self) -> None:
        if self.scenario_id is not None:
            self._run(scenario_edits.delete_scenario, scenario_id=self.scenario_id)

    def export_json(self, path: str | None = None) -> None:
        if self.scenario_id is None:
            return
        if path is None:
            suggested = _safe_file_name(self.scenario_box.currentText()) + ".json"
            path, _ = QFileDialog.getSaveFileName(self, tr("Export scenario"), suggested, tr(JSON_FILTER))
            if not path:
                return
        self.session.run(export_scenario, undoable=False, scenario_id=self.scenario_id, path=path)

    def import_json(self, path: str | None = None) -> None:
        """Add the scenario of a JSON file; a name the venue already uses gets " (imported)"."""
        if self.venue_id is None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import scenario"), "", tr(JSON_FILTER))
            if not path:
                return
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
            name = parse_scenario_text(text, name=Path(path).name)["scenario"]["name"].strip()
        except EditRefused as exc:
            self.session.refuse(exc)
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.session.refuse(tr("{name}: cannot read the file ({value})").format(name=Path(path).name, value=getattr(exc, 'strerror', None) or exc))
            return
        taken = {s.name.lower() for s in scenario_reads.list_scenarios(self.cat, venue_id=self.venue_id)}
        unique, n = name, 1
        while unique.lower() in taken:
            unique = tr("{name} (imported)").format(name=name) if n == 1 else tr("{name} (imported {n})").format(name=name, n=n)
            n += 1
        self._run(import_scenario, venue_id=self.venue_id, path=path, name=unique,
                  then=lambda changes: self.select_scenario(changes.id))

    # ------------------------------------------------------------------------ phase actions
    def add_phase(self, name: str | None = None, time_offset: str | None = None, notes: str = "") -> PhaseDialog | None:
        """Add a phase at the end (None: through the phase dialog, returned)."""
        if self.scenario_id is None:
            return None
        if name is None:
            last = self.phases[-1].time_offset + 300 if self.phases else 0  # 5 minutes on: a guess
            dialog = PhaseDialog(None, format_time_offset(last), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(guarded(lambda: self.add_phase(**dialog.values()), context=N_("add phase")))
            dialog.open()
            return dialog
        self._run(scenario_edits.add_phase, scenario_id=self.scenario_id, name=name, time_offset=time_offset or "H+00:00",
                  notes=notes, then=lambda _changes: self.set_phase(len(self.phases) - 1))
        return None

    def edit_phase(self, **values) -> PhaseDialog | None:
        """Change the current phase's name / time_offset / notes (no values: through the dialog)."""
        p = self.phase
        if p is None:
            return None
        if not values:
            dialog = PhaseDialog(p, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(guarded(lambda: self.edit_phase(**dialog.values()), context=N_("edit phase")))
            dialog.open()
            return dialog
        self._run(scenario_edits.edit_phase, phase_id=p.id, **values)
        return None

    def move_phase(self, step: int) -> None:
        p = self.phase
        if p is not None and 0 <= p.index + step < len(self.phases):
            self._run(scenario_edits.move_phase, phase_id=p.id, index=p.index + step,
                      then=lambda _changes: self.set_phase(p.index + step))

    def delete_phase(self) -> None:
        if self.phase is not None:
            self._run(scenario_edits.delete_phase, phase_id=self.phase.id)

    # ------------------------------------------------------------------------ drawing
    def _phase_for_new(self, options: dict) -> int | None:
        return None if options.get("every_phase") or self.phase is None else self.phase.id

    def _drawn(self, tool: str, points: list, options: dict) -> None:
        """What a drawing tool produced, into the scenario (one undoable op)."""
        if self.scenario_id is None:
            self.session.refuse(tr("choose or create a scenario first"))
            return
        sid, phase_id = self.scenario_id, self._phase_for_new(options)
        first = points[0]
        common = {"scenario_id": sid, "phase_id": phase_id}
        style = {"label": options.get("label", ""), "team": options.get("team", ""), "colour": options.get("colour", "")}
        if tool == "marker":
            self._run(annotation_ops.add_marker, symbol=options["symbol"], position=first[:3], storey=first[3],
                      then=self._select_new, **common, **style)
        elif tool == "route":
            self._run(annotation_ops.add_route, points=points, storey=first[3], then=self._select_new, **common, **style)
        elif tool == "area":
            self._run(annotation_ops.add_area, kind=options["kind"], points=[p[:3] for p in points], storey=first[3],
                      then=self._select_new, **common, **style)
        elif tool == "text":
            if not options.get("label"):
                self.session.refuse(tr("type the note's text in Label first, then click where it goes"))
                return
            self._run(annotation_ops.add_text, text=options["label"], position=first[:3], storey=first[3],
                      colour=options.get("colour", ""), then=self._select_new, **common)
        elif tool == "move":
            placed = self._selected_placed()
            if placed is None:
                self.session.refuse(tr("select the marker to move in the list first"))
                return
            self._run(annotation_ops.move_marker, scenario_id=sid, ref=placed.annotation.ref,
                      phase_id=self.phase.id if self.phase else None, position=first[:3], storey=first[3],
                      then=self._select_new)
        else:
            return

    def _select_new(self, changes) -> None:
        if getattr(changes, "id", None) is not None:
            self._select_item(changes.id)

    def _select_item(self, annotation_id: int) -> None:
        for i in range(self.item_list.count()):
            if self.item_list.item(i).data(Qt.ItemDataRole.UserRole) == annotation_id:
                self.item_list.setCurrentRow(i)
                return

    def apply_item(self) -> None:
        placed = self._selected_placed()
        if placed is not None:
            a = placed.annotation
            label = self.item_label.text().strip()
            if a.type == "text" and not label:
                self.session.refuse(tr("a note needs some text"))
                return
            self._run(annotation_ops.edit_annotation, annotation_id=a.id, label=label, team=self.item_team.text().strip())

    def delete_item(self) -> None:
        placed = self._selected_placed()
        if placed is not None:
            self._run(annotation_ops.delete_annotation, annotation_id=placed.annotation.id)


