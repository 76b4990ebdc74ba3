"""Undo and redo of the edits made in one session (the Qt editor wraps this like a QUndoStack).

    stack = UndoStack(cat)
    stack.push(reject_feature, feature_id=7, reason="locked during shows")   # runs the op
    stack.undo()      # the exit is unreviewed again
    stack.redo()      # rejected again
    stack.can_undo(), stack.undo_text(), stack.is_clean(), stack.set_clean()

How it inverts any op. While an op pushed on the stack runs, temporary triggers on this connection
(SQLite's "automatic undo/redo" technique, in `catalogue.undo_log`) record, for every row the op
inserts, updates or deletes in the edited tables, the statement that puts the row back and the row as
the op left it. Undo runs those statements backwards, recording again: what they write is the redo.
So every op is undoable without knowing anything about it — a renumbering of 40 exits, a scenario
deleted with its phases and annotations, a photo — and cascaded deletes come back with their parent.

Undo never overwrites someone else's work: before each statement the row is compared with what the
step left. A row changed, deleted or re-created since (by another window, the command line, another
process) refuses the whole undo (or redo) with one line naming the row, and nothing changes; the
step stays on the stack.

Undo and redo are changes like any other: each writes a new "undo"/"redo" row in the audit trail
(which is append-only; the original rows stay), and undoing a change to a venue's features withdraws
its sign-off exactly as the edit did. A sign-off itself is a statement, not an edit: undo never
restores one (sign again instead). A new push clears the redo side, as in every editor.

Tables covered: features, feature_photos, scenarios, phases, annotations, and the venue's details
(name, kind, address, city, lat, lon, capacity, contacts, notes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from venueplans.catalogue import Catalogue, store, undo_log
from venueplans.catalogue.audit import last_audit_id
from venueplans.catalogue.undo_log import Inverse, ReplayRefused
from venueplans.i18n import tr
from venueplans.ops.changes import ID_KINDS, Changes
from venueplans.ops.edit_support import EditRefused, audit, who_or_current
from venueplans.ops.signoff import invalidate_sign_off

_PLAN_TABLES = {"features", "feature_photos"}
_SCENARIO_TABLES = {"scenarios", "phases", "annotations"}


@dataclass
class Command:
    """One undoable step: the statements that invert it (after an undo: those that redo it)."""

    text: str
    venue_id: int | None
    statements: list[Inverse]  # in execution order
    audit_ids: tuple[int, int]  # audit rows the op wrote: (first, last), for the undo row's details
    changes: Changes

    @property
    def tables(self) -> set[str]:
        return {s.table for s in self.statements}


def _changes_for(command: Command, message: str) -> Changes:
    tables = command.tables
    return Changes(
        venue_id=command.venue_id,
        features=bool(tables & _PLAN_TABLES),
        scenarios=bool(tables & _SCENARIO_TABLES),
        venue="venues" in tables or command.changes.venue,
        catalogue="venues" in tables,
        message=message,
        **{f"{kind}_ids": getattr(command.changes, f"{kind}_ids") for kind in ID_KINDS},
    )


@dataclass
class UndoStack:
    """The session's edit history on one catalogue connection. Not thread-safe: use it from the thread
    that owns the connection (the GUI thread), like a QUndoStack.

    `limit` bounds the number of undoable steps (the oldest are dropped). `listeners` are called with
    no argument after every push, undo, redo, clear or set_clean (for Qt: emit indexChanged etc.).
    """

    cat: Catalogue
    limit: int = 200
    who: str | None = None
    listeners: list[Callable[[], None]] = field(default_factory=list)
    _commands: list[Command] = field(default_factory=list)
    _index: int = 0  # commands[:index] are done; commands[index:] can be redone
    _clean: int = 0  # index at the last set_clean(); -1 when that state is gone

    def __post_init__(self) -> None:
        undo_log.install(self.cat)

    # ---------------------------------------------------------------------- queries
    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        return self._commands[self._index - 1].text if self.can_undo() else ""

    def redo_text(self) -> str:
        return self._commands[self._index].text if self.can_redo() else ""

    def count(self) -> int:
        return len(self._commands)

    def index(self) -> int:
        return self._index

    def texts(self) -> list[str]:
        """Texts of all steps, oldest first (a QUndoView lists these)."""
        return [c.text for c in self._commands]

    def is_clean(self) -> bool:
        """True when the catalogue is as it was at the last `set_clean()` (e.g. the last export)."""
        return self._index == self._clean

    def set_clean(self) -> None:
        self._clean = self._index
        self._notify()

    def clear(self) -> None:
        """Forget the history (after the venue is closed or re-imported)."""
        self._commands.clear()
        self._index = self._clean = 0
        self._notify()

    # ---------------------------------------------------------------------- actions
    def push(self, op: Callable[..., Changes], /, *, step_text: str | None = None, **kwargs: Any) -> Changes:
        """Run `op(cat, **kwargs)` and keep it undoable. Returns the op's Changes.

        The step is named *step_text*, else the op's message ("rejected exit 2 'Exit east': locked").
        The stack's `who`, when set, is passed to ops that are not given one. An op that changed no
        row is not kept. A failing op leaves no trace and no step.
        """
        if self.who and "who" not in kwargs:
            kwargs["who"] = self.who
        first_audit = last_audit_id(self.cat) + 1
        with self.cat.atomic(), undo_log.recording(self.cat) as statements:
            changes = op(self.cat, **kwargs)
        if not statements:
            return changes
        command = Command(step_text or changes.message or getattr(op, "__name__", "edit"), changes.venue_id,
                          statements, (first_audit, last_audit_id(self.cat)), changes)
        del self._commands[self._index:]
        if self._clean > self._index:
            self._clean = -1
        self._commands.append(command)
        self._index += 1
        if len(self._commands) > self.limit:
            drop = len(self._commands) - self.limit
            del self._commands[:drop]
            self._index -= drop
            self._clean = self._clean - drop if self._clean >= drop else -1
        self._notify()
        return changes

    def undo(self) -> Changes:
        """Undo the last step; an audited change of its own. Refused (EditRefused) when there is none."""
        if not self.can_undo():
            raise EditRefused(tr("nothing to undo"))
        command = self._commands[self._index - 1]
        self._replay(command, "undo")
        self._index -= 1
        self._notify()
        return _changes_for(command, tr("undid {text}").format(text=command.text))

    def redo(self) -> Changes:
        if not self.can_redo():
            raise EditRefused(tr("nothing to redo"))
        command = self._commands[self._index]
        self._replay(command, "redo")
        self._index += 1
        self._notify()
        return _changes_for(command, tr("redid {text}").format(text=command.text))

    # ---------------------------------------------------------------------- internals
    def _replay(self, command: Command, action: str) -> None:
        """Run the command's statements backwards, recording their own inverse for the way back.

        Every row is checked first against what the step left: a row changed since by another window
        or the command line refuses the whole undo (or redo) in one line, and nothing changes.
        """
        who = who_or_current(self.who)
        venue_id = command.venue_id

        def audit_it() -> None:
            if venue_id is None:
                return
            if "venues" in command.tables:
                store.reindex_venue(self.cat, venue_id)
            audit(self.cat, venue_id, who=who, action=action,
                  details={"step": command.text, "rows": len(command.statements),
                           "tables": sorted(command.tables), "audit_rows": list(command.audit_ids)})
            if command.tables & _PLAN_TABLES:
                invalidate_sign_off(self.cat, venue_id=venue_id, who=who, cause=action)

        try:
            back = undo_log.replay(self.cat, command.statements, then=audit_it)
        except ReplayRefused as exc:
            verb = tr("undo") if action == "undo" else tr("redo")
            raise EditRefused(tr("cannot {verb} {step!r}: {reason} (another window or the command line "
                                 "edited it); nothing was changed").format(verb=verb, step=command.text,
                                                                           reason=exc)) from None
        command.statements = back

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()
