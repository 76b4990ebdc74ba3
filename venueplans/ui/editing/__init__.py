"""Editors: operators complete and sign off a venue's plan; trainers lay out exercise scenarios.

- `EditMode(window)` (mode.py): Features, Venue & sign-off and Audit docks, the Edit menu, undo/redo;
- `scenario_mode.ScenarioMode(window, editing)`: the Scenario dock (ui/scenario_panel.py) and the
  phase drawn in 3D;
- shared: `EditSession.run` (ops verb + undo stack + one refresh broadcast), the click-on-the-model
  `PickTool`, the small input dialogs.
"""

from venueplans.ui.editing.mode import EditMode
from venueplans.ui.editing.session import EditSession

__all__ = ["EditMode", "EditSession"]
