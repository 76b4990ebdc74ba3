"""Writes that must see the catalogue as it is when they commit.

`write_transaction` starts the transaction with BEGIN IMMEDIATE: the write lock is taken before the
first read, so checks made inside it (is this file already imported? is this name taken?) still hold
when the transaction commits; a second writer waits for the lock (busy_timeout) and then sees the first
one's venue. `write_problem` finds out, before an import spends minutes reading a model, whether the
catalogue can be written at all (a read-only file or folder, a locked or damaged database).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from venueplans.catalogue.db import Catalogue


@contextlib.contextmanager
def write_transaction(cat: Catalogue) -> Iterator[Catalogue]:
    """All-or-nothing like `cat.atomic()`, holding the write lock from the start (nested: a savepoint)."""
    if cat.conn.in_transaction:
        with cat.atomic():
            yield cat
        return
    cat.conn.execute("BEGIN IMMEDIATE")
    try:
        yield cat
    except BaseException:
        if cat.conn.in_transaction:
            cat.conn.execute("ROLLBACK")
        raise
    cat.conn.execute("COMMIT")


def write_problem(cat: Catalogue) -> str | None:
    """Why the catalogue cannot be written now, or None. Writes a page and rolls it back."""
    if cat.conn.in_transaction:
        return None
    try:
        cat.conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(cat.conn.execute("PRAGMA user_version").fetchone()[0])
            cat.conn.execute(f"PRAGMA user_version = {version}")  # a real write of page 1, rolled back
        finally:
            cat.conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        return str(exc)
    return None
