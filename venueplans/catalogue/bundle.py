"""Venue bundles: one venue, everything about it, in a standalone SQLite file.

A bundle is how a plan travels: the operator exports the signed-off venue, the police import it on a
laptop with no network; the sample venues ship as bundles so that a first start copies rows instead of
re-tessellating 40,000 seats.

A bundle has the catalogue's own schema (at the version that wrote it) holding exactly one venue, plus a
`bundle` table with its format version and a SHA-256 digest over the content. Importing checks the digest
(a damaged or edited file is refused), migrates the copy, and inserts the rows with fresh ids inside one
transaction of the target catalogue.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from venueplans.catalogue.db import Catalogue, CatalogueError, attach_plain, now, open_catalogue
from venueplans.i18n import tr

BUNDLE_FORMAT = 1
SUFFIX = ".vpbundle"

# (table, parent column, parent table): copy order respects foreign keys.
_VENUE_TABLES = ["source_models", "storeys", "elements", "spaces", "features", "geometry_batches",
                 "geometry_instances", "scenarios"]


class BundleError(CatalogueError):
    pass


def _columns(conn: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def _digest(conn: sqlite3.Connection, schema: str = "main") -> str:
    """SHA-256 over every row of every content table, in a fixed order (independent of page layout)."""
    h = hashlib.sha256()
    for table in ["venues", *_VENUE_TABLES, "feature_photos", "phases", "annotations", "audit"]:
        cols = [c for c in _columns(conn, table, schema) if c != "last_opened"]
        h.update(table.encode())
        for row in conn.execute(f"SELECT {', '.join(cols)} FROM {schema}.{table} ORDER BY id"):
            for value in row:
                h.update(repr(type(value).__name__).encode())
                h.update(value if isinstance(value, bytes) else repr(value).encode())
    return h.hexdigest()


def export_bundle(cat: Catalogue, venue_id: int, target: str | Path) -> Path:
    """Write venue *venue_id* to *target* (a new file; written to a temporary name, then renamed)."""
    target = Path(target)
    if cat.conn.execute("SELECT 1 FROM venues WHERE id = ?", (venue_id,)).fetchone() is None:
        raise BundleError(tr("{path}: no venue with id {venue_id}").format(path=cat.path, venue_id=venue_id))
    fd, tmp_name = tempfile.mkstemp(prefix=".bundle-", suffix=SUFFIX, dir=target.parent)
    os.close(fd)
    os.unlink(tmp_name)
    tmp = Path(tmp_name)
    try:
        out = open_catalogue(tmp)
        out.conn.execute("PRAGMA journal_mode = DELETE")
        out.close()
        conn = cat.conn
        conn.execute(attach_plain(cat, "bundle"), (str(tmp),))
        try:
            with cat.atomic():
                def copy(table: str, where: str, params: tuple) -> None:
                    cols = ", ".join(_columns(conn, table))
                    conn.execute(f"INSERT INTO bundle.{table} ({cols}) SELECT {cols} FROM main.{table} WHERE {where}",
                                 params)

                copy("venues", "id = ?", (venue_id,))
                conn.execute("UPDATE bundle.venues SET last_opened = NULL")
                for table in _VENUE_TABLES:
                    copy(table, "venue_id = ?", (venue_id,))
                copy("feature_photos", "feature_id IN (SELECT id FROM main.features WHERE venue_id = ?)", (venue_id,))
                copy("phases", "scenario_id IN (SELECT id FROM main.scenarios WHERE venue_id = ?)", (venue_id,))
                copy("annotations", "scenario_id IN (SELECT id FROM main.scenarios WHERE venue_id = ?)", (venue_id,))
                copy("audit", "venue_id = ?", (venue_id,))
                conn.execute("CREATE TABLE bundle.bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                conn.executemany(
                    "INSERT INTO bundle.bundle VALUES (?, ?)",
                    [("format", str(BUNDLE_FORMAT)), ("exported_at", now()), ("digest", _digest(conn, "bundle"))],
                )
        finally:
            conn.execute("DETACH DATABASE bundle")
        shutil.move(tmp, target)
    except OSError as exc:
        raise BundleError(tr("{target}: cannot write the bundle ({value})").format(target=target, value=exc.strerror or exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read_bundle_info(path: str | Path) -> dict[str, str]:
    path = Path(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            info = dict(conn.execute("SELECT key, value FROM bundle").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise BundleError(tr("{path}: not a venueplans bundle").format(path=path)) from None
    return info


def import_bundle(cat: Catalogue, path: str | Path, *, sample_key: str | None = None) -> int:
    """Add the bundle's venue to *cat* with new ids; returns the new venue id. All or nothing."""
    path = Path(path)
    if not path.is_file():
        raise BundleError(tr("{path}: no such file").format(path=path))
    info = read_bundle_info(path)
    if int(info.get("format", 0)) > BUNDLE_FORMAT:
        raise BundleError(tr("{path}: bundle format {value} is newer than this venueplans understands").format(path=path, value=info.get('format')))
    # Work on a private copy: the bundle may be read-only, and migrating must not touch the original.
    with tempfile.TemporaryDirectory(prefix="venueplans-bundle-") as tmpdir:
        work = Path(tmpdir) / "bundle.sqlite"
        shutil.copyfile(path, work)
        conn = sqlite3.connect(work)
        try:
            if _digest(conn) != info.get("digest"):
                raise BundleError(tr("{path}: the bundle is damaged or was modified after export (digest mismatch)").format(path=path))
        except sqlite3.DatabaseError as exc:
            raise BundleError(tr("{path}: unreadable bundle ({exc})").format(path=path, exc=exc)) from None
        finally:
            conn.close()
        open_catalogue(work, create=False, backup_before_migrate=False).close()  # migrate the copy to the current schema
        return _copy_in(cat, work, sample_key)


def _copy_in(cat: Catalogue, work: Path, sample_key: str | None) -> int:
    conn = cat.conn
    conn.execute(attach_plain(cat, "src"), (str(work),))
    try:
        with cat.atomic():
            rows = conn.execute("SELECT * FROM src.venues").fetchall()
            if len(rows) != 1:
                raise BundleError(tr("{name}: a bundle holds exactly one venue, this one has {count}").format(name=work.name, count=len(rows)))
            venue = dict(rows[0])
            old_venue = venue.pop("id")
            venue.update(sample_key=sample_key, last_opened=None)
            venue_id = _insert(conn, "venues", venue)
            feature_ids: dict[int, int] = {}
            scenario_ids: dict[int, int] = {}
            phase_ids: dict[int, int] = {}
            for table in _VENUE_TABLES:
                for row in conn.execute(f"SELECT * FROM src.{table} WHERE venue_id = ?", (old_venue,)).fetchall():
                    row = dict(row)
                    old = row.pop("id")
                    row["venue_id"] = venue_id
                    new = _insert(conn, table, row)
                    if table == "features":
                        feature_ids[old] = new
                    elif table == "scenarios":
                        scenario_ids[old] = new
            for row in conn.execute("SELECT * FROM src.feature_photos").fetchall():
                row = dict(row)
                row.pop("id")
                row["feature_id"] = feature_ids[row["feature_id"]]
                _insert(conn, "feature_photos", row)
            for row in conn.execute("SELECT * FROM src.phases ORDER BY id").fetchall():
                row = dict(row)
                old = row.pop("id")
                row["scenario_id"] = scenario_ids[row["scenario_id"]]
                phase_ids[old] = _insert(conn, "phases", row)
            for row in conn.execute("SELECT * FROM src.annotations ORDER BY id").fetchall():
                row = dict(row)
                row.pop("id")
                row["scenario_id"] = scenario_ids[row["scenario_id"]]
                row["phase_id"] = phase_ids.get(row["phase_id"]) if row["phase_id"] is not None else None
                _insert(conn, "annotations", row)
            for row in conn.execute("SELECT * FROM src.audit ORDER BY id").fetchall():
                row = dict(row)
                row.pop("id")
                row["venue_id"] = venue_id
                _insert(conn, "audit", row)
            from venueplans.catalogue.store import reindex_venue

            reindex_venue(cat, venue_id)
        return venue_id
    finally:
        conn.execute("DETACH DATABASE src")


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO main.{table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols]
    )
    return int(cur.lastrowid)
