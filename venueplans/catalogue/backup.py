"""Backups of the whole catalogue through SQLite's online backup API (consistent while the app runs).

`venueplans backup -o FILE` and `venueplans restore FILE`; automatic backups before a schema migration and
before a package import replaces a venue go to `data_dir()/backups`, the last KEEP of each kind kept.
An encrypted catalogue's backups are encrypted with the same passphrase.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from venueplans.catalogue.db import Catalogue, CatalogueError, connect_file, is_encrypted, session_passphrase
from venueplans.catalogue.schema import MIGRATIONS
from venueplans.i18n import tr
from venueplans.settings import data_dir

KEEP = 5


class BackupError(CatalogueError):
    pass


def backups_dir() -> Path:
    return data_dir() / "backups"


def backup_to(cat: Catalogue, target: str | Path) -> Path:
    """Copy the catalogue to *target* (written under a temporary name, then renamed)."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".backup-", suffix=".sqlite")
        os.close(fd)
    except OSError as exc:
        raise BackupError(tr("{path}: cannot write the backup ({reason})").format(
            path=target, reason=exc.strerror or exc)) from None
    try:
        dest = connect_file(tmp, cat.passphrase)
        try:
            cat.conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error, Exception) as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, CatalogueError):
            raise
        raise BackupError(tr("{path}: cannot write the backup ({reason})").format(path=target, reason=exc)) \
            from None
    return target


def automatic_backup(cat: Catalogue, reason: str, *, keep: int = KEEP) -> Path:
    """A dated backup in backups_dir(), dropping the oldest of the same *reason* beyond *keep*."""
    folder = backups_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = backup_to(cat, folder / f"{cat.path.stem}-{stamp}-{reason}.sqlite")
    old = sorted(folder.glob(f"{cat.path.stem}-*-{reason}.sqlite"))
    for stale in old[:-keep] if keep > 0 else old:
        stale.unlink(missing_ok=True)
    return path


def check_backup_file(path: Path, passphrase: str | None) -> None:
    """Refuse anything that is not a sound venueplans catalogue this version can open."""
    if not path.is_file():
        raise BackupError(tr("{path}: no such file").format(path=path))
    if is_encrypted(path) and not passphrase:
        raise BackupError(tr("{path}: not a venueplans catalogue (or an encrypted one: give its passphrase): "
                             "refused").format(path=path))
    conn = connect_file(path, passphrase, read_only=True)
    try:
        if [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]:
            raise BackupError(tr("{path}: damaged backup (SQLite quick_check failed): refused").format(path=path))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"venues", "storeys", "audit", "settings"} <= tables:
            raise BackupError(tr("{path}: not a venueplans catalogue: refused").format(path=path))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise BackupError(tr("{path}: made by a newer venueplans (schema {v}): refused").format(
                path=path, v=version))
    except sqlite3.Error as exc:
        raise BackupError(tr("{path}: not a usable catalogue backup ({reason}): refused").format(
            path=path, reason=exc)) from None
    except Exception as exc:
        if isinstance(exc, CatalogueError):
            raise
        raise BackupError(tr("{path}: not a usable catalogue backup ({reason}): refused").format(
            path=path, reason=exc)) from None
    finally:
        conn.close()


def restore_from(cat: Catalogue, source: str | Path, *, passphrase: str | None = None) -> Path:
    """Replace the catalogue's content with *source*'s; returns the backup kept of the current content.

    A plain backup restored into an encrypted catalogue is encrypted on the way (and the reverse).
    """
    from venueplans.catalogue.crypt import export_copy

    source = Path(source)
    source_passphrase = passphrase or cat.passphrase or session_passphrase()
    check_backup_file(source, source_passphrase)
    kept = automatic_backup(cat, "before-restore")
    with tempfile.TemporaryDirectory(prefix="venueplans-restore-", dir=cat.path.parent) as tmpdir:
        try:
            if is_encrypted(source) != cat.encrypted:
                copy = Path(tmpdir) / "restore.sqlite"
                export_copy(source, source_passphrase, copy, cat.passphrase if cat.encrypted else None)
                source = copy
            src = connect_file(source, cat.passphrase, read_only=True)
            try:
                src.backup(cat.conn)
            finally:
                src.close()
        except CatalogueError:
            raise
        except Exception as exc:  # noqa: BLE001 - sqlite3 or sqlcipher3 errors alike
            raise BackupError(tr("{path}: cannot restore ({reason}); the previous catalogue is in {kept}").format(
                path=source, reason=exc, kept=kept)) from None
    return kept


def restore_unopenable(path: Path, source: str | Path, *, passphrase: str | None = None) -> Path:
    """Restore over a catalogue too damaged to open: its file is moved to the backups, the backup copied in.

    Only for that case: a running app would keep the old file open (use restore_from otherwise).
    """
    import shutil

    source = Path(source)
    passphrase = passphrase or session_passphrase()
    check_backup_file(source, passphrase)
    folder = backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    kept = folder / f"{path.stem}-{stamp}-damaged.sqlite"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".restore-", suffix=".sqlite")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        if path.exists():
            shutil.copyfile(path, kept)
        os.replace(tmp, path)
        for side in ("-wal", "-shm"):
            Path(str(path) + side).unlink(missing_ok=True)  # they belonged to the damaged file
    except OSError as exc:
        raise BackupError(tr("{path}: cannot restore ({reason})").format(path=path, reason=exc.strerror or exc)) \
            from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return kept
