"""Edit › Undo / Redo: a Qt face for `ops.undo.UndoStack` (which inverts any op at the SQL level).

`QtUndoStack` runs ops on the stack and tells Qt when what can be undone changed; `undo_actions()`
builds the two menu actions (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y) whose text names the step ("Undo rejected
exit 2 'Exit east': locked"), enabled only when there is a step. Errors are the caller's (the editing
session turns them into one-line messages).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from venueplans.catalogue import Catalogue
from venueplans.i18n import tr
from venueplans.ops.changes import Changes
from venueplans.ops.undo import UndoStack

MAX_TEXT = 60  # characters of the step shown in the menu


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class QtUndoStack(QObject):
    """The window's edit history. `index_changed` fires (on the GUI thread) after every push, undo, redo
    or clear.

    The history lives on the op runner's writer connection (its temporary triggers record what each op
    changed): `push`, `undo`, `redo` and `clear` run inside write tasks with that connection (`cat`); the
    queries (`can_undo`, texts) are read from the GUI thread between tasks.
    """

    index_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.stack: UndoStack | None = None

    def _on(self, cat: Catalogue) -> UndoStack:
        if self.stack is None or self.stack.cat is not cat:
            self.stack = UndoStack(cat)  # the writer connection is the runner's for its whole life
        return self.stack

    def push(self, cat: Catalogue, op: Callable[..., Changes], /, **kwargs) -> Changes:
        return self._on(cat).push(op, **kwargs)

    def undo(self, cat: Catalogue) -> Changes:
        return self._on(cat).undo()

    def redo(self, cat: Catalogue) -> Changes:
        return self._on(cat).redo()

    def clear(self) -> None:
        """Forget the history (another venue). Called between tasks, from the GUI thread."""
        if self.stack is not None:
            self.stack.clear()
        self.index_changed.emit()

    def can_undo(self) -> bool:
        return self.stack is not None and self.stack.can_undo()

    def can_redo(self) -> bool:
        return self.stack is not None and self.stack.can_redo()

    def undo_text(self) -> str:
        return self.stack.undo_text() if self.stack is not None else ""

    def redo_text(self) -> str:
        return self.stack.redo_text() if self.stack is not None else ""

    def undo_actions(self, parent, undo: Callable[[], object], redo: Callable[[], object]) -> tuple[QAction, QAction]:
        """(Undo, Redo) actions calling *undo* / *redo* (the session's error-handling wrappers)."""
        act_undo = QAction(tr("Undo"), parent)
        act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        act_redo = QAction(tr("Redo"), parent)
        act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action, slot in ((act_undo, undo), (act_redo, redo)):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            parent.addAction(action)

        def refresh() -> None:
            for action, word, can, text in ((act_undo, tr("Undo"), self.can_undo(), self.undo_text()),
                                            (act_redo, tr("Redo"), self.can_redo(), self.redo_text())):
                action.setEnabled(can)
                action.setText(f"{word} {_short(text)}" if can else word)
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                action.setToolTip(f"{word} {text} ({keys})" if can else tr("Nothing to {value}").format(value=word.lower()))
                action.setStatusTip(f"{word} {text}" if can else "")

        self.index_changed.connect(refresh)
        refresh()
        return act_undo, act_redo
