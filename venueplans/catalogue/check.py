"""`venueplans check`: is the catalogue file sound, and is every venue whole?

Runs SQLite's own checks (quick_check, integrity_check, foreign_key_check) and the catalogue's
invariants (a venue with an imported model has storeys and geometry; geometry blobs decode), and
reports each problem as one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from venueplans.catalogue.codec import decode_arrays
from venueplans.catalogue.db import Catalogue
from venueplans.i18n import tr


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_catalogue(cat: Catalogue, *, full: bool = True) -> CheckReport:
    report = CheckReport()
    for pragma in ("quick_check", "integrity_check") if full else ("quick_check",):
        rows = [r[0] for r in cat.conn.execute(f"PRAGMA {pragma}")]
        report.checked.append(pragma)
        if rows != ["ok"]:
            report.problems += [f"{pragma}: {r}" for r in rows[:20]]
    report.checked.append("foreign_key_check")
    for r in cat.conn.execute("PRAGMA foreign_key_check"):
        report.problems.append(tr("foreign key: row {row} of {table} points to a missing {parent}").format(
            row=r[1], table=r[0], parent=r[2]))
    report.checked.append("venues complete")
    for r in cat.conn.execute(
        """SELECT v.id, v.name,
                  (SELECT count(*) FROM storeys s WHERE s.venue_id = v.id) AS storeys,
                  (SELECT count(*) FROM geometry_batches g WHERE g.venue_id = v.id)
                + (SELECT count(*) FROM geometry_instances g WHERE g.venue_id = v.id) AS geometry
           FROM venues v WHERE EXISTS (SELECT 1 FROM source_models m WHERE m.venue_id = v.id)"""
    ):
        if r["storeys"] == 0:
            report.problems.append(tr("venue {id} ({name}): imported model has no storeys").format(id=r["id"], name=r["name"]))
        if r["geometry"] == 0:
            report.problems.append(tr("venue {id} ({name}): imported model has no geometry").format(id=r["id"], name=r["name"]))
    if full:
        report.checked.append("geometry decodes")
        for table in ("geometry_batches", "geometry_instances"):
            for r in cat.conn.execute(f"SELECT id, venue_id, data FROM {table}"):
                try:
                    decode_arrays(r["data"])
                except Exception as exc:  # noqa: BLE001 - any decode failure is a finding
                    report.problems.append(f"{table} row {r['id']} (venue {r['venue_id']}): unreadable ({exc})")
    return report


def backup_catalogue(cat: Catalogue, target) -> None:
    """Consistent copy through SQLite's backup API (safe while the app is running)."""
    import sqlite3

    dest = sqlite3.connect(target)
    try:
        with dest:
            cat.conn.backup(dest)
    finally:
        dest.close()
