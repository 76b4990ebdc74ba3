"""The plan editor: operators review detected exits, add and edit features, sign the plan off.

`EditMode(window)` installs it into the main window (docks, Edit menu, undo/redo); every write goes
through `EditSession.run` (ops verb + undo stack + one refresh broadcast).
"""

from venueplans.ui.editing.mode import EditMode
from venueplans.ui.editing.session import EditSession

__all__ = ["EditMode", "EditSession"]
