"""The editing session of a window: every write the user makes goes through `EditSession.run`.

An edit is an ops verb (stored in the catalogue, audited, surviving restarts). `run` puts it on the
undo stack when it is undoable, turns a refusal (`EditRefused`) into a one-line message box, shows the
op's message and warnings in the status bar, and broadcasts its `Changes` (`changed`) so each view
refreshes only what it must: the 3D markers, the feature list, the header, the browser row, the
scenario panel. Undo and redo broadcast the same way. Nothing here raises into Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from venueplans.catalogue import Catalogue
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import EditRefused
from venueplans.ui import errors
from venueplans.ui.editing.undo import QtUndoStack


def refusal_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class EditSession(QObject):
    changed = Signal(object)  # ops.changes.Changes, after an op, an undo or a redo

    def __init__(self, cat: Catalogue, *, show_error: Callable[[str], None] | None = None,
                 show_status: Callable[[str], None] | None = None, parent=None):
        super().__init__(parent)
        self.cat = cat
        self.undo_stack = QtUndoStack(cat, self)
        self.show_error = show_error or (lambda line: errors.report(EditRefused(line)))
        self.show_status = show_status or (lambda _line: None)
        self.refusals: list[str] = []  # what the user was told (tests read it)

    def run(self, op: Callable[..., Changes], /, *, undoable: bool = True, context: str = "",
            **kwargs) -> Changes | None:
        """Run `op(cat, **kwargs)`; the op's Changes, or None when refused or failed (already reported)."""
        try:
            changes = self.undo_stack.push(op, **kwargs) if undoable else op(self.cat, **kwargs)
        except EditRefused as exc:
            self.refuse(exc)
            return None
        except Exception as exc:  # noqa: BLE001 - a failed edit is reported, never fatal
            errors.report(exc, context or getattr(op, "__name__", "edit").replace("_", " "))
            return None
        self.broadcast(changes)
        return changes

    def undo(self) -> Changes | None:
        return self._replay(self.undo_stack.undo, "undo")

    def redo(self) -> Changes | None:
        return self._replay(self.undo_stack.redo, "redo")

    def _replay(self, fn: Callable[[], Changes], what: str) -> Changes | None:
        try:
            changes = fn()
        except EditRefused as exc:
            self.refuse(exc)
            return None
        except Exception as exc:  # noqa: BLE001
            errors.report(exc, what)
            return None
        self.broadcast(changes)
        return changes

    def refuse(self, exc: BaseException | str) -> None:
        line = exc if isinstance(exc, str) else refusal_line(exc)
        self.refusals.append(line)
        self.show_error(line)

    def broadcast(self, changes: Changes) -> None:
        text = "; ".join(t for t in (changes.message, *changes.warnings) if t)
        if text:
            self.show_status(text[:1].upper() + text[1:])
        try:
            self.changed.emit(changes)
        except Exception as exc:  # noqa: BLE001 - a view failing to refresh must not undo the edit's report
            errors.report(exc, "refresh")
