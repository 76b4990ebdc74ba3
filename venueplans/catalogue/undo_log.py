"""The statements that undo an edit, recorded by SQLite itself (its "automatic undo/redo" technique).

While `recording()` is open, TEMP triggers on this connection log, for every row written in the
undoable tables, the statement that puts the row back **and the image of the row as the edit left
it** (None when the edit deleted it). `replay()` runs the statements backwards and, before each one,
compares the row with that image: a row changed since (by another window, the command line, another
process) stops the replay with `RowChanged` and the caller's transaction rolls everything back. What
the replay writes is recorded again: it is the way back (redo).

The triggers are TEMP: they exist only on this connection and only record while `recording()` is
open, never for another process or a bundle. Photo bytes are compared by length (photos are added
and removed, never rewritten), so the log never holds a second copy of a 20 MB image per check.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from venueplans.catalogue.db import Catalogue

ROW_TABLES = ("features", "feature_photos", "scenarios", "phases", "annotations")
VENUE_COLUMNS = ("name", "kind", "address", "city", "lat", "lon", "capacity", "contacts", "notes")
_LOG, _STATE = "vp_undo_log", "vp_undo_state"
_NOUN = {"features": "feature", "feature_photos": "photo", "scenarios": "scenario", "phases": "phase",
         "annotations": "annotation", "venues": "venue"}


@dataclass(frozen=True, slots=True)
class Inverse:
    """One statement that undoes one row change, and what the row must still be for it to apply."""

    table: str
    rowid: int
    sql: str
    expect: str | None  # image of the row as the change left it; None: the change deleted it


class ReplayRefused(Exception):
    """The replay cannot apply: `str()` says which row and why ("annotation 12 was changed since")."""


def _image(table: str, columns: Sequence[str], prefix: str) -> str:
    """SQL text of a row's image: its columns quoted, joined by commas (blobs `data`: their length).

    The `updated` stamp is left out: it is bookkeeping, not content (another trainer's annotation
    touches its scenario's stamp; that must not block undoing one's own marker in the same scenario).
    """
    parts = [f"quote(length({prefix}data))" if c == "data" else f"quote({prefix}{c})"
             for c in columns if c != "updated"]
    return " || ',' || ".join(parts)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    if table == "venues":
        return list(VENUE_COLUMNS)
    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]


def install(cat: Catalogue) -> None:
    """Create the temp log, the on/off flag and the triggers on this connection (idempotent)."""
    conn = cat.conn
    if conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = ?", (_STATE,)).fetchone():
        return
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_LOG} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, "
                 "rid INTEGER NOT NULL, sql TEXT NOT NULL, expect TEXT)")
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_STATE} (active INTEGER NOT NULL)")
    conn.execute(f"INSERT INTO {_STATE} VALUES (0)")
    active = f"(SELECT active FROM temp.{_STATE})"
    log = f"INSERT INTO {_LOG} (tbl, rid, sql, expect) VALUES"
    for table in ROW_TABLES:
        cols = _columns(conn, table)
        sets = " || ',' || ".join(f"'{c}=' || quote(OLD.{c})" for c in cols)
        values = " || ',' || ".join(f"quote(OLD.{c})" for c in cols)
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in cols)
        new = _image(table, cols, "NEW.")
        conn.execute(
            f"CREATE TEMP TRIGGER vp_undo_{table}_i AFTER INSERT ON main.{table} WHEN {active} BEGIN "
            f"{log} ('{table}', NEW.rowid, 'DELETE FROM main.{table} WHERE rowid=' || NEW.rowid, {new}); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER vp_undo_{table}_u AFTER UPDATE ON main.{table} WHEN {active} AND ({changed}) BEGIN "
            f"{log} ('{table}', OLD.rowid, 'UPDATE main.{table} SET ' || {sets} || ' WHERE rowid=' || OLD.rowid, "
            f"{new}); END"
        )
        conn.execute(
            f"CREATE TEMP TRIGGER vp_undo_{table}_d AFTER DELETE ON main.{table} WHEN {active} BEGIN "
            f"{log} ('{table}', OLD.rowid, 'INSERT INTO main.{table} ({', '.join(cols)}) "
            f"VALUES (' || {values} || ')', NULL); END"
        )
    sets = " || ',' || ".join(f"'{c}=' || quote(OLD.{c})" for c in VENUE_COLUMNS)
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in VENUE_COLUMNS)
    conn.execute(
        f"CREATE TEMP TRIGGER vp_undo_venues_u AFTER UPDATE OF {', '.join(VENUE_COLUMNS)} ON main.venues "
        f"WHEN {active} AND ({changed}) BEGIN "
        f"{log} ('venues', OLD.rowid, 'UPDATE main.venues SET ' || {sets} || ' WHERE rowid=' || OLD.rowid, "
        f"{_image('venues', VENUE_COLUMNS, 'NEW.')}); END"
    )


@contextmanager
def recording(cat: Catalogue) -> Iterator[list[Inverse]]:
    """Record the inverse of every row change made inside the block (in the order they happened).

    The yielded list is filled when the block ends without an exception.
    """
    conn = cat.conn
    inverses: list[Inverse] = []
    start = conn.execute(f"SELECT coalesce(max(seq), 0) FROM temp.{_LOG}").fetchone()[0]
    conn.execute(f"UPDATE temp.{_STATE} SET active = 1")
    ok = False
    try:
        yield inverses
        ok = True
    finally:
        conn.execute(f"UPDATE temp.{_STATE} SET active = 0")
        if ok:
            inverses += [Inverse(r[0], r[1], r[2], r[3]) for r in conn.execute(
                f"SELECT tbl, rid, sql, expect FROM temp.{_LOG} WHERE seq > ? ORDER BY seq", (start,))]
            conn.execute(f"DELETE FROM temp.{_LOG} WHERE seq > ?", (start,))


def _current(conn: sqlite3.Connection, images: dict[str, str], table: str, rowid: int) -> str | None:
    if table not in images:
        images[table] = _image(table, _columns(conn, table), "")
    row = conn.execute(f"SELECT {images[table]} FROM main.{table} WHERE rowid = ?", (rowid,)).fetchone()
    return row[0] if row is not None else None


def replay(cat: Catalogue, inverses: Sequence[Inverse], then: Callable[[], None] | None = None) -> list[Inverse]:
    """Run *inverses* backwards in one transaction, checking each row first, then call *then* (the
    caller's own writes: audit rows) in the same transaction. Returns the inverses of what the replay
    wrote (the way back).

    Raises `ReplayRefused`, with nothing changed, when a row is not what the edit left or when SQLite
    refuses a statement (a constraint, a parent that is gone).
    """
    conn = cat.conn
    try:
        with cat.atomic():
            # Rows come back in reverse order of their removal: children may precede parents.
            conn.execute("PRAGMA defer_foreign_keys = ON")
            images: dict[str, str] = {}
            with recording(cat) as back:
                for inv in reversed(inverses):
                    now = _current(conn, images, inv.table, inv.rowid)
                    if now != inv.expect:
                        how = ("was deleted since" if now is None else "was re-created since"
                               if inv.expect is None else "was changed since")
                        raise ReplayRefused(f"{_NOUN.get(inv.table, inv.table)} {inv.rowid} {how}")
                    conn.execute(inv.sql)
            if then is not None:
                then()
    except sqlite3.Error as exc:
        raise ReplayRefused(f"SQLite refused it ({exc})") from None
    return back
