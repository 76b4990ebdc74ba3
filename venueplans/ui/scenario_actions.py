"""The scenario dock's writes: scenarios, phases, drawing, the shown items' text (a mixin of ScenarioPanel).

Every write is an ops verb through the editing session (`session.run`: off the GUI thread, undoable,
audited); what the panel shows afterwards comes from the broadcast of its `Changes`
(`ScenarioPanel.apply_changes`), and a callback that must select the new row or phase waits for the
read that lists it (`select_scenario`, `select_phase_id`, `_select_item`).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from venueplans.i18n import N_, tr
from venueplans.model.scenario import format_time_offset
from venueplans.ops import annotations as annotation_ops
from venueplans.ops import scenario_edits, scenario_reads
from venueplans.ops.edit_support import EditRefused
from venueplans.ops.scenario_json import export_scenario, parse_scenario_text
from venueplans.ops.scenario_json import import_scenario as import_scenario_file
from venueplans.ui.editing.dialogs import NameDialog, PhaseDialog
from venueplans.ui.errors import guarded

JSON_FILTER = N_("Scenario files (*.json);;All files (*)")  # tr() when shown


def import_scenario(cat, *, venue_id: int, path: str, name: str):
    """Import a scenario file under a name the venue does not use yet ("… (imported)"), decided in the
    write task itself, so two imports queued one after the other still get two names."""
    taken = {s.name.lower() for s in scenario_reads.list_scenarios(cat, venue_id=venue_id)}
    unique, n = name, 1
    while unique.lower() in taken:
        unique = tr("{name} (imported)").format(name=name) if n == 1 else tr("{name} (imported {n})").format(name=name, n=n)
        n += 1
    return import_scenario_file(cat, venue_id=venue_id, path=path, name=unique)


def _safe_file_name(name: str) -> str:
    return re.sub(r"[^\w\- ]+", "_", name).strip() or "scenario"


class ScenarioActions:
    """What the buttons, the menu and the drawing tools of the scenario dock do."""

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
        self._run(import_scenario, venue_id=self.venue_id, path=path, name=name,
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
                  notes=notes, then=lambda changes: self.select_phase_id(changes.id))
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
                      then=lambda _changes: self.select_phase_id(p.id))

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
        """Select the row of *annotation_id*, now or once the state that lists it is read."""
        for i in range(self.item_list.count()):
            if self.item_list.item(i).data(Qt.ItemDataRole.UserRole) == annotation_id:
                self.item_list.setCurrentRow(i)
                return
        if self.loading:
            self._select_after = annotation_id

    def apply_item(self) -> None:
        placed = self._selected_placed()
        if placed is not None:
            a = placed.annotation
            label = self.item_label.text().strip()
            if a.type == "text" and not label:
                self.session.refuse(tr("a note needs some text"))
                return
            team = self.item_team.text().strip()
            self._echo[a.id] = {"label": label, "team": team}  # painted from this, not read back
            self._run(annotation_ops.edit_annotation, annotation_id=a.id, label=label, team=team, initiator=self)

    def delete_item(self) -> None:
        placed = self._selected_placed()
        if placed is not None:
            self._run(annotation_ops.delete_annotation, annotation_id=placed.annotation.id)


