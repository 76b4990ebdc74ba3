"""`venueplans check`: is the catalogue file sound, and is every venue whole?

Runs SQLite's own checks (quick_check, integrity_check, foreign_key_check) and the catalogue's
invariants (a venue with an imported model has storeys and geometry; geometry blobs decode), and
reports each problem as one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from venueplans.catalogue.codec import decode_arrays
from venueplans.catalogue.db import Catalogue, CatalogueError
from venueplans.i18n import tr


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path, passphrase: str | None = None) -> CheckReport:
    """What is broken in a catalogue file too damaged to open normally (SQLite's own checks only)."""
    from venueplans.catalogue.db import DB_ERRORS, connect_file

    report = CheckReport()
    try:
        conn = connect_file(path, passphrase, read_only=True)
    except CatalogueError as exc:
        report.problems.append(str(exc))
        return report
    try:
        for pragma in ("quick_check", "integrity_check"):
            report.checked.append(pragma)
            try:
                rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}")]
            except DB_ERRORS as exc:
                report.problems.append(f"{pragma}: {exc}")
                continue
            if rows != ["ok"]:
                report.problems += [f"{pragma}: {r}" for r in rows[:20]]
    finally:
        conn.close()
    if not report.problems:
        report.problems.append("the catalogue cannot be opened")
    return report


def check_catalogue(cat: Catalogue, *, full: bool = True) -> CheckReport:
    from venueplans.catalogue.db import DB_ERRORS

    try:
        return _check_catalogue(cat, full=full)
    except DB_ERRORS as exc:  # so damaged that a check itself fails: report that, and SQLite's own view
        report = check_file(cat.path, cat.passphrase)
        report.problems.insert(0, str(exc))
        return report


def _check_catalogue(cat: Catalogue, *, full: bool = True) -> CheckReport:
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


def record_result(path, report: CheckReport) -> None:
    """A damaged catalogue refuses writes from now on (a marker beside it); a sound one lifts that."""
    from venueplans.catalogue.db import damage_marker

    marker = damage_marker(path)
    try:
        if report.ok:
            marker.unlink(missing_ok=True)
        else:
            marker.write_text("\n".join(report.problems[:50]) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the catalogue cannot be written anyway

