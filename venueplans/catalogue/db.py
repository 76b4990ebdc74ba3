"""Opening the catalogue: location, connection settings and migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from venueplans.catalogue.schema import MIGRATIONS
from venueplans.errors import UserError
from venueplans.i18n import tr

ENV_VAR = "VENUEPLANS_CATALOGUE"


class CatalogueError(UserError):
    """The catalogue cannot be opened or written. `str()` is one line naming the file and the reason."""


def default_catalogue_path() -> Path:
    """`$VENUEPLANS_CATALOGUE`, else `catalogue.sqlite` in the user data dir (platformdirs)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("venueplans", appauthor=False)) / "catalogue.sqlite"


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Catalogue:
    """An open catalogue. Use `atomic()` for every write that must be all-or-nothing."""

    def __init__(self, path: Path, db: sqlite_utils.Database):
        self.path = path
        self.db = db
        self.conn: sqlite3.Connection = db.conn

    def atomic(self) -> contextlib.AbstractContextManager:
        return self.db.atomic()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def query(self, sql: str, params: tuple | dict = ()) -> Iterator[sqlite3.Row]:
        return self.conn.execute(sql, params)


def open_catalogue(path: str | Path | None = None, *, create: bool = True) -> Catalogue:
    """Open (and create or migrate) the catalogue at *path* (default: `default_catalogue_path()`)."""
    path = Path(path) if path is not None else default_catalogue_path()
    if not path.exists():
        if not create:
            raise CatalogueError(tr("{path}: no catalogue at this path").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CatalogueError(tr("{path}: cannot create its folder ({value})").format(path=path, value=exc.strerror or exc)) from None
    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise CatalogueError(tr("{path}: not a usable catalogue ({exc})").format(path=path, exc=exc)) from None
    return Catalogue(path, sqlite_utils.Database(conn))


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise sqlite3.DatabaseError(
            tr("catalogue schema version {version} is newer than this venueplans understands ({count})").format(version=version, count=len(MIGRATIONS))
        )
    if version == len(MIGRATIONS):
        return
    conn.execute("BEGIN EXCLUSIVE")
    try:
        # Re-read inside the lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, len(MIGRATIONS)):
            for statement in _split_sql(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (triggers contain ';' inside BEGIN ... END)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
