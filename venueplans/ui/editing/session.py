"""The editing session of a window: every write the user makes goes through `EditSession.run`.

An edit is an ops verb (stored in the catalogue, audited, surviving restarts). `run` hands it to the
window's op runner (ui/ops_runner.py): it runs off the GUI thread on the runner's writer connection,
on the undo stack when it is undoable. A refusal (`EditRefused`) becomes a one-line message box; the
op's message and warnings go to the status bar; its `Changes` are broadcast by the runner and re-emitted
here as `changed`, so each view refreshes only what it must: the 3D markers, the feature list, the
header, the browser row, the scenario panel. Undo and redo take the same path. Nothing here raises into Qt.

`run` returns at once; a caller that needs the result (the new feature's id, to select it) passes
`success=`, called on the GUI thread after the views have refreshed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from venueplans.catalogue import Catalogue
from venueplans.ops.changes import Changes, named_by_call
from venueplans.ops.edit_support import EditRefused
from venueplans.ui import errors
from venueplans.ui.editing.undo import QtUndoStack
from venueplans.ui.ops_runner import CollectionOp, OpRunner


def refusal_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class EditSession(QObject):
    changed = Signal(object)  # ops.changes.Changes, after any op through the runner, an undo or a redo

    def __init__(self, cat: Catalogue, *, runner: OpRunner | None = None,
                 show_error: Callable[[str], None] | None = None,
                 show_status: Callable[[str], None] | None = None, parent=None):
        super().__init__(parent)
        self.cat = cat  # the GUI thread's connection: start-up reads only; panels read through `runner` QueryOps
        self.runner = runner or OpRunner(cat, self)
        self.undo_stack = QtUndoStack(self)
        self.show_error = show_error or (lambda line: errors.report(EditRefused(line)))
        self.show_status = show_status or (lambda _line: None)
        self.refusals: list[str] = []  # what the user was told (tests read it)
        self.initiator: object = None  # the initiator of the change being broadcast (see `_executed`)
        self.runner.operation_did_execute.connect(self._executed)

    def run(self, op: Callable[..., Changes], /, *, undoable: bool = True, context: str = "",
            initiator: object = None, success: Callable[[Changes], Any] | None = None, **kwargs) -> None:
        """Run `op(cat, **kwargs)` in the background; *success* gets its Changes (a refusal or a failure
        is reported and *success* is not called)."""
        name = getattr(op, "__name__", "edit")

        def named(cat: Catalogue, **kw) -> Changes:
            return named_by_call(op(cat, **kw), name, kw)

        named.__name__ = name
        stack = self.undo_stack
        work = (lambda cat: stack.push(cat, named, **kwargs)) if undoable else (lambda cat: named(cat, **kwargs))

        def done(changes: Changes) -> None:
            if undoable:
                stack.index_changed.emit()
            if success is not None:
                success(changes)

        (CollectionOp(self.runner, work).success(done)
         .failure(lambda exc: self._failed(exc, context or name.replace("_", " ")))
         .run_in_background(initiator=initiator))

    def undo(self) -> None:
        self._replay(self.undo_stack.undo, "undo")

    def redo(self) -> None:
        self._replay(self.undo_stack.redo, "redo")

    def _replay(self, fn: Callable[[Catalogue], Changes], what: str) -> None:
        (CollectionOp(self.runner, fn).success(lambda _c: self.undo_stack.index_changed.emit())
         .failure(lambda exc: self._failed(exc, what)).run_in_background())

    def clear_history(self) -> None:
        """Forget the undo history (another venue), in turn with the edits still queued."""
        def clear(_cat: Catalogue) -> None:
            if self.undo_stack.stack is not None:
                self.undo_stack.stack.clear()

        self.runner.submit(clear, lambda _r, _e: self.undo_stack.index_changed.emit(), write=True)

    def _failed(self, exc: BaseException, context: str) -> None:
        if isinstance(exc, EditRefused):
            self.refuse(exc)
        else:
            errors.report(exc, context)

    def refuse(self, exc: BaseException | str) -> None:
        line = exc if isinstance(exc, str) else refusal_line(exc)
        self.refusals.append(line)
        self.show_error(line)

    def _executed(self, changes: Changes, initiator: object) -> None:
        self.initiator = initiator  # who asked, while `changed` is delivered: a panel skips its own echo
        try:
            self.broadcast(changes)
        finally:
            self.initiator = None

    def broadcast(self, changes: Changes) -> None:
        text = "; ".join(t for t in (changes.message, *changes.warnings) if t)
        if text:
            self.show_status(text[:1].upper() + text[1:])
        try:
            self.changed.emit(changes)
        except Exception as exc:  # noqa: BLE001 - a view failing to refresh must not undo the edit's report
            errors.report(exc, "refresh")
