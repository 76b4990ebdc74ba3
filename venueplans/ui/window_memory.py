"""What the main window remembers between sessions, in the user's settings file (`Settings.extra`):

- "window": its geometry and the docks' layout (Qt's saveGeometry/saveState, base64), which docks the user
  closed; restored by the app at start (`restore`), pulled back on screen if the screen got smaller;
- "recent_venues": the last venues opened (catalogue file, id, name), most recent first, for
  File › Recent venues.
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from venueplans import settings
from venueplans.i18n import N_, tr
from venueplans.ui.errors import guarded

RECENT_MAX = 8
WINDOW_KEY = "window"
RECENT_KEY = "recent_venues"


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _unb64(text) -> QByteArray | None:
    try:
        return QByteArray(base64.b64decode(str(text), validate=True))
    except ValueError:
        return None


class WindowMemory:
    def __init__(self, window, menu: QMenu):
        self.window = window
        self.menu = menu  # File › Recent venues
        self.restored_layout = False
        self.active = True  # False: this session's layout is not saved (a scripted --screenshot run)
        self.menu.aboutToShow.connect(guarded(self.fill_menu, context=N_("recent venues")))
        self.fill_menu()

    # --- geometry and docks ----------------------------------------------------------------------------
    def restore(self) -> bool:
        """The saved geometry and dock layout, if any (True if restored)."""
        saved = settings.load().extra.get(WINDOW_KEY)
        if not isinstance(saved, dict):
            return False
        from venueplans.ui.fit import clamp_to_screen

        geometry, state = _unb64(saved.get("geometry", "")), _unb64(saved.get("state", ""))
        ok = bool(geometry) and self.window.restoreGeometry(geometry)
        if state:
            self.restored_layout = self.window.restoreState(state)
        hidden = saved.get("hidden_docks")
        if isinstance(hidden, list):
            self.window.closed_docks = {str(k) for k in hidden}
        clamp_to_screen(self.window)  # a smaller screen (or projector) than last time
        return ok

    def save(self) -> None:
        if not self.active:
            return
        prefs = settings.load()
        prefs.extra[WINDOW_KEY] = {
            "geometry": _b64(self.window.saveGeometry()),
            "state": _b64(self.window.saveState()),
            "hidden_docks": sorted(self.window.closed_docks),
        }
        settings.save(prefs)

    # --- recent venues -------------------------------------------------------------------------------
    def recent(self, existing: dict[int, str] | None = None) -> list[dict]:
        """Recent venues of the open catalogue that still exist (*existing*: id -> name; default: what the
        venue list last read), most recent first. Reads nothing from the catalogue."""
        here = str(Path(self.window.cat.path).resolve())
        existing = self._existing() if existing is None else existing
        entries = [e for e in settings.load().extra.get(RECENT_KEY, []) if isinstance(e, dict)
                   and e.get("catalogue") == here and isinstance(e.get("id"), int)]
        return [dict(e, name=existing[e["id"]]) for e in entries if e["id"] in existing]

    def _existing(self) -> dict[int, str]:
        browser = getattr(self.window, "browser", None)
        if browser is not None and not browser.model.search.strip():  # the whole list: every venue
            self._known = {v.id: v.name for v in browser.model.venues}
        return getattr(self, "_known", {})

    def opened(self, venue_id: int, name: str) -> None:
        prefs = settings.load()
        here = str(Path(self.window.cat.path).resolve())
        entries = [e for e in prefs.extra.get(RECENT_KEY, []) if isinstance(e, dict)
                   and not (e.get("catalogue") == here and e.get("id") == venue_id)]
        prefs.extra[RECENT_KEY] = [{"catalogue": here, "id": venue_id, "name": name}, *entries][:RECENT_MAX * 4]
        settings.save(prefs)

    def fill_menu(self) -> None:
        """The menu from the venues known now; then, from a read off the GUI thread (a venue removed or
        renamed from the command line meanwhile), again if that differs."""
        self._fill(self.recent())
        ops = getattr(self.window, "ops", None)
        if ops is None:
            return
        from venueplans.catalogue import read
        from venueplans.ui.ops_runner import QueryOp

        def landed(existing: dict[int, str]) -> None:
            if existing != getattr(self, "_known", None):
                self._known = existing
                self._fill(self.recent(existing))

        QueryOp(ops, lambda cat: {v.id: v.name for v in read.list_venues(cat)}, landed,
                context=N_("recent venues")).channel("recent").run_in_background()

    def _fill(self, recent: list[dict]) -> None:
        self.menu.clear()
        recent = recent[:RECENT_MAX]
        for n, entry in enumerate(recent, 1):
            action = QAction(f"&{n} {entry['name']}", self.menu)
            action.triggered.connect(guarded(lambda _=False, vid=entry["id"]: self.window.open_venue(vid),
                                             context=N_("open")))
            self.menu.addAction(action)
        if not recent:
            empty = self.menu.addAction(tr("No venue opened yet"))
            empty.setEnabled(False)
