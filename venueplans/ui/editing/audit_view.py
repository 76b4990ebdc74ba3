"""The venue's audit trail: who did what, when, newest first — the record behind every sign-off.

The trail itself is append-only in the catalogue (triggers refuse UPDATE and DELETE). Each row's
details are summarised on one line ("label: 'Exit 3' → 'Exit east'", "reason: locked during shows");
the full before/after JSON is in the tooltip.
"""

from __future__ import annotations

import json
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from venueplans.catalogue.audit import AuditEntry
from venueplans.i18n import N_, format_date, tr
from venueplans.ops.edit_support import audit_trail
from venueplans.ui.ops_runner import OpRunner, QueryOp

ACTIONS = {
    "import": N_("Model imported"), "reimport": N_("Model re-imported"), "remove": N_("Venue removed"),
    "feature.add": N_("Feature added"), "feature.confirm": N_("Feature confirmed"), "feature.reject": N_("Feature rejected"),
    "feature.edit": N_("Feature edited"), "feature.delete": N_("Feature deleted"), "feature.mark_exit": N_("Door marked as exit"),
    "exits.renumber": N_("Exits renumbered"), "photo.add": N_("Photo added"), "photo.remove": N_("Photo removed"),
    "signoff": N_("Signed off"), "signoff.invalidated": N_("Sign-off withdrawn (plan changed)"),
    "signoff.withdrawn": N_("Sign-off withdrawn"), "venue.details": N_("Details edited"), "undo": N_("Undo"), "redo": N_("Redo"),
    "scenario.create": N_("Scenario created"), "scenario.rename": N_("Scenario renamed"), "scenario.delete": N_("Scenario deleted"),
    "scenario.duplicate": N_("Scenario duplicated"), "scenario.describe": N_("Scenario described"),
    "scenario.import": N_("Scenario imported"), "phase.add": N_("Phase added"), "phase.edit": N_("Phase edited"),
    "phase.move": N_("Phase moved"), "phase.delete": N_("Phase deleted"), "annotation.add": N_("Scenario item added"),
    "annotation.edit": N_("Scenario item edited"), "annotation.delete": N_("Scenario item deleted"),
}
ROW_COLOURS = {"signoff": "#e3f4e9", "signoff.invalidated": "#fff1e0", "signoff.withdrawn": "#fff1e0"}
MAX_ROWS = 5000  # the newest; a venue edited daily for years stays readable


def action_text(action: str) -> str:
    if action in ACTIONS:
        return tr(ACTIONS[action])
    head, _, tail = action.partition(".")
    return f"{head.title()} {tail.replace('_', ' ')}".strip()


def _value(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return tr("yes") if v else tr("no")
    if isinstance(v, str):
        return repr(v) if v else "''"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list) and len(v) <= 4 and all(isinstance(c, (int, float)) for c in v):
        return "(" + ", ".join(f"{c:g}" for c in v) + ")"
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def summarise(entry: AuditEntry) -> str:
    """One line about what changed (the tooltip has everything)."""
    d = entry.details or {}
    parts: list[str] = []
    if "step" in d:
        parts.append(str(d["step"]))
    if "by" in d and "on" in d:
        parts.append(tr("verified by {who} on {date}").format(who=d["by"], date=format_date(d["on"])))
    if "was" in d:
        parts.append(tr("was: {what}").format(what=d["was"]))
    if "cause" in d:
        parts.append(tr("cause: {what}").format(what=action_text(str(d["cause"])).lower()))
    if "reason" in d:
        parts.append(tr("reason: {why}").format(why=d["reason"]))
    before, after = d.get("before"), d.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [k for k in after if k in before or not before]
        parts += [f"{k}: {_value(before.get(k))} → {_value(after[k])}" for k in keys[:4]]
        if len(keys) > 4:
            parts.append(tr("+{count} more").format(count=len(keys) - 4))
    elif isinstance(after, dict) and "type" in after:  # a scenario item
        parts.append(f"{after['type']} {after.get('label') or after.get('ref', '')!r}"
                     + (f" ({after['symbol']})" if after.get("symbol") else ""))
    elif isinstance(after, dict):
        parts.append(" ".join(str(after[k]) for k in ("kind", "number", "label") if after.get(k) not in (None, "")))
    elif isinstance(before, dict):
        parts.append(" ".join(str(before[k]) for k in ("kind", "number", "label") if before.get(k) not in (None, "")))
    if "numbers" in d:
        parts.append(tr("{count} number(s) changed, from {start}").format(count=len(d["numbers"]),
                                                                            start=d.get("start", "north")))
    if "name" in d and not parts:
        parts.append(str(d["name"]))
    if "file" in d:
        parts.append(tr("file {name}").format(name=d["file"]))
    if not parts:
        scalars = [f"{k}={_value(v)}" for k, v in d.items() if isinstance(v, (str, int, float)) and k != "feature"]
        parts.append(", ".join(scalars[:5]))
    return "; ".join(p for p in parts if p)


def local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class AuditView(QWidget):
    COLUMNS = (N_("When"), N_("Who"), N_("What"), N_("Details"))

    def __init__(self, cat, parent=None, *, runner: OpRunner | None = None):
        super().__init__(parent)
        self.setObjectName("audit_view")
        self.cat = cat
        self.runner = runner  # with one, the trail is read off the GUI thread (a QueryOp on "audit")
        self.venue_id: int | None = None
        self.entries: list[AuditEntry] = []
        self._pending_full = False  # a whole read of the trail is on its way
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Filter: who, what, details…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._apply_filter())
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_venue(self, venue_id: int | None) -> None:
        self.venue_id = venue_id
        self.refresh()

    def refresh(self, *, new_only: bool = False) -> None:
        """Re-read the trail off the GUI thread (a QueryOp on "audit"). *new_only*: after an edit, only the
        rows written since the newest one shown are read and put on top (the trail is append-only)."""
        venue_id = self.venue_id
        if self.runner is None or venue_id is None:
            if self.runner is not None:
                self.runner.supersede("audit")  # a trail still being read is another venue's
            self._show(audit_trail(self.cat, venue_id=venue_id)[-MAX_ROWS:] if venue_id is not None else [])
            return
        if new_only and self._pending_full:
            new_only = False  # a whole read is on its way: this one supersedes it, so it reads it all
        since = self.entries[-1].id if new_only and self.entries else 0
        new_only = new_only and since > 0
        self._pending_full = not new_only

        def show(entries) -> None:
            if self.venue_id != venue_id:
                return
            self._pending_full = False
            if new_only:
                self._add_newest([e for e in entries if e.id > (self.entries[-1].id if self.entries else 0)])
            else:
                self._show(entries)

        QueryOp(self.runner, lambda cat: audit_trail(cat, venue_id=venue_id, since_id=since)[-MAX_ROWS:], show,
                context="audit trail").channel("audit").run_in_background()

    def _show(self, entries: list[AuditEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(reversed(self.entries)):  # newest first
            self._put(row, e)
        self._apply_filter()

    def _add_newest(self, entries: list[AuditEntry]) -> None:
        """Rows written since: on top, the oldest beyond MAX_ROWS dropped at the bottom."""
        for e in entries:
            self.table.insertRow(0)
            self._put(0, e)
        self.entries = (self.entries + entries)[-MAX_ROWS:]
        while self.table.rowCount() > len(self.entries):
            self.table.removeRow(self.table.rowCount() - 1)
        self._apply_filter()

    def _put(self, row: int, e: AuditEntry) -> None:
        detail = json.dumps(e.details, ensure_ascii=False, indent=1)
        cells = (local_time(e.at), e.who, action_text(e.action), summarise(e))
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tr("{at} UTC · {action}\n{value}").format(at=e.at, action=e.action, value=detail[:2000]))
            if e.action in ROW_COLOURS:
                item.setBackground(QBrush(QColor(ROW_COLOURS[e.action])))
            self.table.setItem(row, col, item)
        self.table.item(row, 0).setData(Qt.ItemDataRole.UserRole, e.id)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """The visible rows' texts, newest first (tests read them)."""
        return [tuple(self.table.item(r, c).text() for c in range(4)) for r in range(self.table.rowCount())
                if not self.table.isRowHidden(r)]

    def _apply_filter(self) -> None:
        needle = self.search.text().strip().lower()
        shown = 0
        for r in range(self.table.rowCount()):
            hit = not needle or any(needle in self.table.item(r, c).text().lower() for c in range(4))
            self.table.setRowHidden(r, not hit)
            shown += hit
        total = self.table.rowCount()
        self.count.setText(tr("{shown} of {total}").format(shown=shown, total=total) if needle else tr("{total} entries").format(total=total))
