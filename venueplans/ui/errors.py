"""Failures become one readable line for the user; the app never dies from an exception in a callback.

`one_line(exc)` is what the user reads. `guarded(fn)` wraps a Qt slot or VTK observer so an exception is
reported instead of propagating into Qt/VTK (where PySide would print it and VTK may abort).
`install_excepthook()` catches everything else that reaches `sys.excepthook` from the event loop.
"""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from typing import Any

from venueplans.errors import one_line
from venueplans.i18n import tr

log = logging.getLogger("venueplans.ui")

_reporter: Callable[[str, str], None] | None = None  # (one line, details) -> None
reported: list[str] = []  # every reported line (tests read it; bounded)


def set_reporter(reporter: Callable[[str, str], None] | None) -> None:
    """Where reported errors go (the main window shows them); None: stderr only."""
    global _reporter
    _reporter = reporter


def report(exc: BaseException, context: str = "") -> None:
    line = one_line(exc)
    if context:
        line = f"{tr(context)}: {line}"  # contexts are marked N_ where given
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("%s\n%s", line, details)
    reported.append(line)
    del reported[:-50]
    if _reporter is not None:
        try:
            _reporter(line, details)
            return
        except Exception:  # noqa: BLE001 - the reporter itself must not take the app down
            pass
    print(f"venueplans: {line}", file=sys.stderr)


def guarded(fn: Callable[..., Any] | None = None, *, context: str = "") -> Any:
    """Decorator for Qt slots and VTK observers: exceptions are reported, never raised."""

    def wrap(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - this is the catch-all for callbacks
                report(exc, context)
                return None

        return inner

    return wrap(fn) if fn is not None else wrap


def install_excepthook() -> Callable[..., Any]:
    """Report uncaught exceptions (from the event loop) instead of letting Qt abort. Returns the old hook."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        report(exc.with_traceback(tb) if exc is not None else exc_type())

    sys.excepthook = hook
    return previous
