"""The desktop app's log: a rotating file in the user log folder (`venueplans.settings.log_dir()`).

Every error reported through `ui/errors.py` (guarded slots, the exception hook) is logged with its
traceback by the `venueplans` logger; this file keeps it for support, so the message box can say where
to find it. Five files of 1 MB at most: a field laptop never fills its disk with logs.
"""

from __future__ import annotations

import logging
import logging.handlers
import threading
from pathlib import Path

from venueplans import settings

LOG_NAME = "venueplans.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handler: logging.handlers.RotatingFileHandler | None = None


def log_path() -> Path:
    return settings.log_dir() / LOG_NAME


def install(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file to the `venueplans` logger (once). The path, or None if the folder
    cannot be written (the app runs anyway; errors still show)."""
    global _handler
    path = log_path()
    if _handler is not None:
        return Path(_handler.baseFilename)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    logger = logging.getLogger("venueplans")
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    _handler = handler
    global _previous_thread_hook
    _previous_thread_hook = threading.excepthook
    threading.excepthook = _log_thread_exception  # a worker thread's error: logged (no message box from there)
    return path


_previous_thread_hook = None


def _log_thread_exception(args) -> None:
    if args.exc_type is SystemExit:
        return
    logging.getLogger("venueplans.ui").error("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                                             exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def installed_path() -> Path | None:
    """Where errors are being written, or None when no log file is attached."""
    return Path(_handler.baseFilename) if _handler is not None else None


def uninstall() -> None:
    """Detach and close the file (tests; the app's exit)."""
    global _handler, _previous_thread_hook
    if _previous_thread_hook is not None:
        threading.excepthook = _previous_thread_hook
        _previous_thread_hook = None
    if _handler is not None:
        logging.getLogger("venueplans").removeHandler(_handler)
        _handler.close()
        _handler = None
