"""The operator's findings in the Routes dock: rooms beyond the 40 m / 30 m limits, dead ends, unreachable
rooms, storeys with no exit and no stair down (ops.routes.distances), one line each with storey and room.

"Check the venue" runs the query as a `QueryOp` on the window's op runner (building the stadium's network
takes seconds); a click on a line shows its storey on the plan and puts its room in "From", so "Nearest
exit" routes from it next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from venueplans.i18n import N_, tr

FINDINGS_CHANNEL = "routes.findings"
KIND_LABELS = {"beyond_limit": N_("Beyond the limit"), "dead_end": N_("Dead end"),
               "no_way_out": N_("No way out"), "unreachable": N_("Unreachable")}  # tr() when shown


def findings_query(venue_id: int):
    """The body of the query, run on a worker's read connection."""

    def run(cat):
        from venueplans.ops import routes

        return routes.distances(cat, venue_id=venue_id)

    return run


def finding_rows(report: dict) -> list[dict]:
    """One row per line of the list: the findings, then the unreachable rooms, each with kind, storey,
    ref (the room's place string, None for a whole storey) and the line shown."""
    rows = [{"kind": f["kind"], "storey": f.get("storey"), "ref": f.get("ref"), "text": f["message"]}
            for f in report.get("findings", [])]
    for u in report.get("unreachable", []):
        rows.append({"kind": "unreachable", "storey": u["storey"], "ref": u["ref"],
                     "text": tr("{room} ({storey}): no way out, {reason}").format(
                         room=u["name"], storey=u["storey"], reason=u["reason"])})
    return rows


class FindingsList(QListWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("routes_findings")
        self.setWordWrap(True)
        self.setMinimumHeight(90)
        self.rows: list[dict] = []

    def show_report(self, report: dict) -> None:
        self.clear()
        self.rows = finding_rows(report)
        for row in self.rows:
            item = QListWidgetItem(tr("{kind}: {line}").format(kind=tr(KIND_LABELS.get(row["kind"], row["kind"])),
                                                            line=row["text"]))
            item.setData(Qt.ItemDataRole.UserRole, row)
            item.setToolTip(row["text"])
            self.addItem(item)
        if not self.rows:
            rooms = len(report.get("rooms", []))
            self.addItem(tr("No findings: every room ({count}) reaches a way out within the limits.").format(
                count=rooms))

    def show_message(self, line: str) -> None:
        self.clear()
        self.rows = []
        self.addItem(line)
