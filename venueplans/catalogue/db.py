"""Opening the catalogue: location, connection settings and migrations."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

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


class PassphraseError(CatalogueError):
    """An encrypted catalogue without its passphrase, or with a wrong one. Nothing was changed."""


class ReadOnlyCatalogue(CatalogueError):
    """A write into a catalogue opened read-only (or found damaged). Nothing was changed."""


PASSPHRASE_ENV = "VENUEPLANS_PASSPHRASE"
_SQLITE_HEADER = b"SQLite format 3\x00"
_session_passphrase: str | None = None
_last_opened: Path | None = None  # names the file in errors raised outside a Catalogue method


def use_session_passphrase(passphrase: str | None) -> None:
    """The passphrase every later open of an encrypted catalogue uses (CLI option, GUI dialog)."""
    global _session_passphrase
    _session_passphrase = passphrase


def session_passphrase() -> str | None:
    """The passphrase given for this session: use_session_passphrase(), else $VENUEPLANS_PASSPHRASE."""
    return _session_passphrase if _session_passphrase is not None else os.environ.get(PASSPHRASE_ENV) or None


def is_encrypted(path: str | Path) -> bool:
    """A non-empty file that does not start with SQLite's header: SQLCipher (or not a database at all)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) > 0 and head != _SQLITE_HEADER


def damage_marker(path: Path) -> Path:
    """Written beside the catalogue when `check` (or a write) finds it damaged: writes are refused then."""
    return path.with_name(path.name + ".damaged")


def _db_errors() -> tuple[type[BaseException], ...]:
    try:
        from sqlcipher3 import dbapi2
    except ImportError:  # pragma: no cover - sqlcipher3 is a dependency
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi2.Error)


DB_ERRORS = _db_errors()


def is_corruption(exc: BaseException) -> bool:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (11, 26) or "malformed" in str(exc) or "not a database" in str(exc)


def connect_file(path: str | Path, passphrase: str | None = None, *, read_only: bool = False,
                 immutable: bool = False):
    """A connection to *path*: sqlite3 for a plain file, sqlcipher3 when *passphrase* is given and the
    file is encrypted or new. Raises PassphraseError when the passphrase is missing or wrong."""
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    encrypted = exists and is_encrypted(path)
    uri = f"file:{quote(str(path.absolute()))}"
    if read_only:
        uri += "?mode=ro" + ("&immutable=1" if immutable else "")
    if encrypted and not passphrase:
        raise PassphraseError(tr("{path}: the catalogue is encrypted: give its passphrase "
                                 "(VENUEPLANS_PASSPHRASE or --passphrase-file)").format(path=path))
    if passphrase and (encrypted or not exists):
        from sqlcipher3 import dbapi2

        conn = dbapi2.connect(uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is our one line, not its log
        if encrypted:  # the derived key, computed once per session: each open then costs ~1 ms, not ~0.4 s
            conn.execute(f"PRAGMA key = \"x'{_derived_key(passphrase, _salt(path)).hex()}'\"")
        else:
            conn.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi2.DatabaseError:
            conn.close()
            raise PassphraseError(tr("{path}: wrong passphrase (or not a venueplans catalogue)").format(
                path=path)) from None
        conn.row_factory = dbapi2.Row
        return conn
    conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def attach_plain(cat: Catalogue, alias: str) -> str:
    """SQL attaching a plain (unencrypted) file as *alias*: on an encrypted catalogue an ATTACH without
    KEY '' would use the catalogue's key and find "not a database"."""
    return f"ATTACH DATABASE ? AS {alias}" + (" KEY ''" if cat.encrypted else "")


def _salt(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(16)  # SQLCipher 4 keeps the key-derivation salt in the file's first 16 bytes


@functools.lru_cache(maxsize=8)
def _derived_key(passphrase: str, salt: bytes) -> bytes:
    """SQLCipher 4's default key derivation (PBKDF2-HMAC-SHA512, 256,000 iterations, 32 bytes)."""
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, 256_000, 32)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Catalogue:
    """An open catalogue. Use `atomic()` for every write that must be all-or-nothing."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, passphrase: str | None = None,
                 read_only: str | None = None):
        self.path = path
        self.conn: sqlite3.Connection = conn
        self.passphrase = passphrase  # kept for backups and workers of an encrypted catalogue
        self.read_only_reason = read_only  # why writes are refused, or None

    @functools.cached_property
    def db(self):
        """sqlite-utils over this connection, for single-row writes and `atomic()`. Made on first use:
        importing sqlite-utils (click, dateutil, pluggy) costs 0.3 s, which a window showing a venue
        need not pay before its first frame. Its plugins are not run: nothing outside this package may
        hook the catalogue's connection. recursive_triggers is set when the file is opened."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def encrypted(self) -> bool:
        return not isinstance(self.conn, sqlite3.Connection)

    def refuse_writes_if_needed(self) -> None:
        if self.read_only_reason is not None:
            raise ReadOnlyCatalogue(tr("{path}: opened read-only ({reason}): changes are refused").format(
                path=self.path, reason=self.read_only_reason))
        marker = damage_marker(self.path)
        if marker.exists():
            raise ReadOnlyCatalogue(tr("{path}: found damaged by `venueplans check`: changes are refused until "
                                       "you restore a backup (`venueplans restore`)").format(path=self.path))

    def error(self, exc: BaseException) -> CatalogueError:
        """*exc* (an SQLite error) as one line naming the catalogue file."""
        if is_corruption(exc):
            return CatalogueError(tr("{path}: {reason} — run `venueplans check`, restore a backup").format(
                path=self.path, reason=exc))
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == 8:
            return ReadOnlyCatalogue(tr("{path}: the catalogue file is read-only: changes are refused").format(
                path=self.path))
        return CatalogueError(f"{self.path}: {exc}")

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Catalogue]:
        self.refuse_writes_if_needed()
        try:
            with self.db.atomic():
                yield self
        except DB_ERRORS as exc:
            if not is_corruption(exc) and (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != 8:
                raise  # constraints and races keep their own handling
            if is_corruption(exc):
                with contextlib.suppress(OSError):
                    damage_marker(self.path).write_text(f"{now()} {exc}\n", encoding="utf-8")
            raise self.error(exc) from None

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
        self.refuse_writes_if_needed()
        self.db["settings"].upsert({"key": key, "value": value}, pk="key")


def open_catalogue(path: str | Path | None = None, *, create: bool = True, passphrase: str | None = None,
                   read_only: bool = False, encrypt: bool = False, backup_before_migrate: bool = True) -> Catalogue:
    """Open (and create or migrate) the catalogue at *path* (default: `default_catalogue_path()`).

    *passphrase* defaults to the session's (see session_passphrase()); *encrypt* makes a NEW catalogue
    encrypted with it. *read_only* opens it so that every write is refused with one line; a catalogue
    whose file or folder cannot be written is opened read-only by itself (immutable when even SQLite's
    WAL side files cannot be created), so it can still be listed, shown, rendered and printed.
    """
    path = Path(path) if path is not None else default_catalogue_path()
    passphrase = passphrase if passphrase is not None else session_passphrase()
    exists = path.exists() and path.stat().st_size > 0
    if not exists:
        if read_only:
            raise CatalogueError(tr("{path}: no catalogue at this path (read-only mode: add venues with "
                                    "`venueplans import FILE.vpkg`)").format(path=path))
        if not create:
            raise CatalogueError(tr("{path}: no catalogue at this path").format(path=path))
        if encrypt and not passphrase:
            raise PassphraseError(tr("{path}: an encrypted catalogue needs a passphrase").format(path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CatalogueError(tr("{path}: cannot create its folder ({value})").format(path=path, value=exc.strerror or exc)) from None
    reason = tr("--read-only") if read_only else None
    if exists and reason is None and not _writable(path):
        reason = tr("the file or its folder is not writable")
    immutable = reason is not None and exists and not os.access(path.parent, os.W_OK) and not any(
        path.with_name(path.name + s).exists() for s in ("-wal", "-shm"))
    try:
        conn = connect_file(path, passphrase if (exists or encrypt) else None, read_only=reason is not None,
                            immutable=immutable)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA recursive_triggers = ON")  # what sqlite-utils used to set (see Catalogue.db)
        if reason is None:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA synchronous = NORMAL")
        cat = Catalogue(path, conn, passphrase=passphrase if not isinstance(
            conn, sqlite3.Connection) else None, read_only=reason)
        version = cat.schema_version
        if version < len(MIGRATIONS):
            if reason is not None:
                raise CatalogueError(tr("{path}: made by an older venueplans: open it once for writing to "
                                        "upgrade it").format(path=path))
            if version > 0 and backup_before_migrate:
                from venueplans.catalogue.backup import automatic_backup

                automatic_backup(cat, "before-migration")
        _migrate(conn)
    except CatalogueError:
        raise
    except DB_ERRORS as exc:
        suffix = tr(" — run `venueplans check`, restore a backup") if is_corruption(exc) else ""
        raise CatalogueError(tr("{path}: not a usable catalogue ({reason})").format(path=path, reason=exc)
                             + suffix) from None
    global _last_opened
    _last_opened = path
    return cat


def describe_error(exc: BaseException) -> str | None:
    """An SQLite error that escaped to the top, as one line naming the catalogue file (None: not one)."""
    if not isinstance(exc, DB_ERRORS):
        return None
    where = f"{_last_opened}: " if _last_opened else tr("catalogue error: ")
    hint = tr(" — run `venueplans check`, restore a backup") if is_corruption(exc) else ""
    return f"{where}{exc}{hint}"


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise CatalogueError(
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
