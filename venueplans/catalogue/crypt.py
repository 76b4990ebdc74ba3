"""Encryption of the whole catalogue at rest (SQLCipher through `sqlcipher3`).

Every page is encrypted, names and addresses included: without the passphrase the file reads as noise.
Encrypting an existing catalogue, or changing the passphrase, writes a complete new copy with
`sqlcipher_export`, checks that it opens with the new passphrase and holds the same rows, then renames it
over the old file: a crash at any point leaves one complete catalogue, old or new.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from venueplans.catalogue.db import (
    DB_ERRORS,
    CatalogueError,
    PassphraseError,
    connect_file,
    is_encrypted,
)
from venueplans.i18n import tr

MIN_PASSPHRASE = 8


def check_new_passphrase(passphrase: str | None) -> str:
    if not passphrase or len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(tr("the passphrase must have at least {n} characters").format(n=MIN_PASSPHRASE))
    return passphrase


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _counts(conn) -> dict[str, int]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'venues_fts%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def export_copy(source: Path, source_passphrase: str | None, target: Path, target_passphrase: str | None) -> None:
    """Write a copy of *source* to the new file *target*, encrypted with *target_passphrase* (None: plain)."""
    from sqlcipher3 import dbapi2

    src = dbapi2.connect(str(source), isolation_level=None)
    try:
        src.execute("PRAGMA cipher_log_level = NONE")
        if is_encrypted(source):
            src.execute(f"PRAGMA key = {_sql_literal(source_passphrase or '')}")
        version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute(f"ATTACH DATABASE ? AS copy KEY {_sql_literal(target_passphrase or '')}", (str(target),))
        src.execute("SELECT sqlcipher_export('copy')")
        src.execute(f"PRAGMA copy.user_version = {int(version)}")
        src.execute("DETACH DATABASE copy")
    finally:
        src.close()


def rewrite(path: Path, *, old_passphrase: str | None, new_passphrase: str) -> None:
    """Replace the catalogue at *path* by a copy encrypted with *new_passphrase* (all or nothing).

    No other process may hold the catalogue open meanwhile (the CLI commands that call this own it).
    """
    from sqlcipher3 import dbapi2

    check_new_passphrase(new_passphrase)
    encrypted = is_encrypted(path)
    if encrypted and not old_passphrase:
        raise PassphraseError(tr("{path}: the catalogue is encrypted: give its current passphrase").format(
            path=path))
    connect_file(path, old_passphrase if encrypted else None).close()  # wrong passphrase: refused here
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".encrypt-", suffix=".sqlite")
    os.close(fd)
    os.unlink(tmp_name)
    tmp = Path(tmp_name)
    try:
        src = dbapi2.connect(str(path), isolation_level=None)
        try:
            src.execute("PRAGMA cipher_log_level = NONE")
            if encrypted:
                src.execute(f"PRAGMA key = {_sql_literal(old_passphrase or '')}")
            src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            version = src.execute("PRAGMA user_version").fetchone()[0]
            before = _counts(src)
            src.execute(f"ATTACH DATABASE ? AS encrypted KEY {_sql_literal(new_passphrase)}", (str(tmp),))
            src.execute("SELECT sqlcipher_export('encrypted')")
            src.execute(f"PRAGMA encrypted.user_version = {int(version)}")
            src.execute("DETACH DATABASE encrypted")
        finally:
            src.close()
        check = connect_file(tmp, new_passphrase)
        try:
            if _counts(check) != before or [r[0] for r in check.execute("PRAGMA quick_check")] != ["ok"]:
                raise CatalogueError(tr("{path}: the encrypted copy differs from the catalogue: nothing "
                                        "was changed").format(path=path))
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
        os.replace(tmp, path)
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink(missing_ok=True)  # belonged to the old file, now replaced
    except DB_ERRORS as exc:
        raise CatalogueError(tr("{path}: cannot encrypt the catalogue ({reason}): nothing was changed").format(
            path=path, reason=exc)) from None
    except OSError as exc:
        raise CatalogueError(tr("{path}: cannot encrypt the catalogue ({reason}): nothing was changed").format(
            path=path, reason=exc.strerror or exc)) from None
    finally:
        tmp.unlink(missing_ok=True)
