"""What the desktop's worker threads need of a connection besides reads and writes: knowing whether another
connection committed since (`data_version`: SQLite's counter, cheap, per connection) and handing a
connection back clean after a task (`release`: no read transaction left holding an old snapshot)."""

from __future__ import annotations

from venueplans.catalogue.db import Catalogue


def data_version(cat: Catalogue) -> int:
    """Changes when another connection (another thread's, another process's) commits to the file."""
    return int(cat.conn.execute("PRAGMA data_version").fetchone()[0])


def release(cat: Catalogue) -> None:
    """End a transaction a failed task left open, so the connection's next task sees the current file."""
    if cat.conn.in_transaction:
        cat.conn.rollback()


def total_changes(cat: Catalogue) -> int:
    """Rows this connection has changed since it opened (a read task that wrote a cache row moved it)."""
    return int(cat.conn.total_changes)
