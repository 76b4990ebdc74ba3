"""User-facing failures, shared by every layer.

A `UserError` is something the user can act on: a malformed file, an unknown venue, a refused edit.
Its `str()` is one line naming the file (or venue) and the reason; the CLI prints it, the GUI shows it.
Anything else reaching the top is a bug, reported as an internal error.
"""

from __future__ import annotations

import sqlite3

from venueplans.i18n import tr


class UserError(Exception):
    """A failure to show as it is: `str()` is one line naming the file or venue and the reason."""


def one_line(exc: BaseException, *, internal_hint: str = "") -> str:
    """The one line a user reads for *exc*."""
    if isinstance(exc, UserError):
        text = str(exc)
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror or exc}"
    elif isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlcipher3"):
        text = tr("catalogue error: {reason}").format(reason=exc)
    else:
        text = tr("internal error: {kind}: {reason}").format(kind=type(exc).__name__, reason=exc) + internal_hint
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
