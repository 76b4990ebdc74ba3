"""Run an importer in a child process with a wall-clock limit and a memory cap.

ifcopenshell (and, more rarely, trimesh) can segfault, hang or balloon on bad files. The parent never
loads the file itself: a crash, a hang or a memory blow-up of the child becomes an `ImportFailed` with a
reason, and the parent (the GUI or the CLI) carries on.

The child is started with the "spawn" method so that it does not inherit the GUI's threads. A
single-threaded process (the command line) may call `prefer_fork()`: forking skips a fresh interpreter's
start-up and imports (~0.3 s per import measured here); the child never touches the parent's SQLite
connection. It reports progress over a pipe and sends its result pickled (numpy arrays travel as
out-of-band buffers, protocol 5).

Watching a child that works element by element: the child calls `watch_elements(True)` when it starts
such a phase, `element_started(key, label)` before each element it converts one at a time, and
`elements_done(keys)` as elements complete. When the child dies or makes no progress for
`WorkerLimits.stall_limit` seconds inside such a phase, the parent stops it and raises `WorkerLost`,
which carries the element being converted (if known) and the elements done: the importer can start
again without that element (`ifc._read`).

A worker dies with its parent: a forked child closes its copy of the pipe's read end (with it open,
the child's writes would block forever once the parent is gone), asks Linux for SIGKILL when the parent
dies (prctl PR_SET_PDEATHSIG), and a watchdog thread checks the parent every half second elsewhere.
Memory is watched with psutil on every OS, over the worker's whole process tree.
"""

from __future__ import annotations

import importlib
import math
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from venueplans.i18n import language, set_language, tr
from venueplans.importers.errors import ImportCancelled, ImportFailed
from venueplans.importers.text import clean, scrub


def _total_memory() -> int:
    try:
        return int(psutil.virtual_memory().total)
    except (OSError, RuntimeError):
        return 8 << 30


@dataclass(frozen=True)
class WorkerLimits:
    time_limit: float = float(os.environ.get("VENUEPLANS_IMPORT_TIME_LIMIT", 900))  # seconds
    memory_limit: int = int(
        os.environ.get("VENUEPLANS_IMPORT_MEMORY_LIMIT", min(12 << 30, int(_total_memory() * 0.6)))
    )  # bytes of resident memory, the worker and its children together
    stall_limit: float = field(default_factory=lambda: stall_limit_setting())  # seconds on one element


STALL_ENV = "VENUEPLANS_IMPORT_STALL_LIMIT"
STALL_RANGE = (5.0, 3600.0)  # what the settings dialog offers; the variable may go lower (tests)


def stall_limit_setting() -> float:
    """Seconds without progress on one element before the worker is stopped and the element left out:
    $VENUEPLANS_IMPORT_STALL_LIMIT when it is a positive number, else the `import_stall_limit_s` setting
    (File › Settings…, Advanced), read at each import."""
    raw = os.environ.get(STALL_ENV, "").strip()
    if raw:
        try:
            value = float(raw)
            if math.isfinite(value) and value > 0:
                return value
        except ValueError:
            pass
    from venueplans import settings

    value = settings.load().import_stall_limit_s
    return min(max(value, STALL_RANGE[0]), STALL_RANGE[1]) if math.isfinite(value) else 60.0


_start_method = "spawn"
MEMORY_CHECK_INTERVAL = 0.2  # seconds; RLIMIT_AS in the child catches a faster blow-up


def prefer_fork() -> None:
    """Start workers by fork from now on, if this process is single-threaded (forking threads is unsafe)."""
    global _start_method
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _start_method = "fork"


class WorkerLost(ImportFailed):
    """The worker died or stalled inside a watched phase. *element* is (key, label) of the element it was
    converting when that is known; *done* the keys of the elements it completed."""

    def __init__(self, path, reason: str, *, element: tuple[Any, str] | None, done: list, stalled: bool):
        super().__init__(path, reason)
        self.element, self.done, self.stalled = element, done, stalled


def tree_rss(pid: int) -> int:
    """Resident memory of process *pid* and all its descendants, in bytes (0 once it is gone)."""
    try:
        proc = psutil.Process(pid)
        family = [proc, *proc.children(recursive=True)]
    except (psutil.Error, OSError):
        return 0
    total = 0
    for p in family:
        try:
            total += p.memory_info().rss
        except (psutil.Error, OSError):
            pass
    return total


# --- child side -----------------------------------------------------------------------------------------

_conn = None  # the child's end of the result pipe, while a worker runs in this process
_done: list = []
_last_flush = [0.0]


def watch_elements(on: bool) -> None:
    """Start (or end) a phase the parent watches for crashes and stalls, element by element."""
    if _conn is not None:
        _flush(force=True)
        _conn.send(("watch", bool(on)))


def element_started(key: Any, label: str) -> None:
    """The child is about to convert element *key* (*label* names it for the user) on its own."""
    if _conn is not None:
        _flush(force=True)
        _conn.send(("element", key, label))


def elements_done(keys, *, now: bool = False) -> None:
    """Elements completed (sent in batches, at most every 0.1 s, unless *now*)."""
    if _conn is not None:
        _done.extend(keys)
        _flush(force=now)


def _flush(force: bool = False) -> None:
    now = time.monotonic()
    if _done and (force or now - _last_flush[0] >= 0.1):
        _last_flush[0] = now
        _conn.send(("done", list(_done)))
        _done.clear()


def _die_with_parent(parent_pid: int) -> None:
    """Make sure this worker does not outlive *parent_pid*."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: killed when the parent dies
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)

    def watchdog() -> None:
        # Where no parent-death signal exists (macOS, Windows), and as a second line on Linux.
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid or not psutil.pid_exists(parent_pid):
                os._exit(1)

    threading.Thread(target=watchdog, name="parent-watchdog", daemon=True).start()


def _child(target: str, kwargs: dict, conn, memory_limit: int, parent_pid: int, inherited=None,
           lang: str = "en") -> None:
    global _conn
    set_language(lang)  # reasons sent back are read by the user in the parent's language
    if inherited is not None:
        inherited.close()  # a forked child holds a copy of the parent's read end: drop it
    _die_with_parent(parent_pid)
    _conn = conn
    try:
        import resource

        # Address-space cap well above the RSS limit the parent watches: catches runaway allocations
        # even if the parent is slow to poll, without tripping on big virtual reservations.
        cap = memory_limit * 2 + (2 << 30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ImportError, ValueError, OSError):
        pass
    last = [0.0]

    def progress(fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.1 or fraction >= 1.0:
            last[0] = now
            if os.getppid() != parent_pid:  # the parent is gone: nobody will read the result
                os._exit(1)
            _flush()
            conn.send(("progress", float(fraction), str(message)))

    try:
        module, func = target.split(":")
        result = getattr(importlib.import_module(module), func)(**kwargs, progress=progress)
        _flush(force=True)
        buffers: list[pickle.PickleBuffer] = []
        payload = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
        conn.send(("result", len(buffers)))
        conn.send_bytes(payload)
        for b in buffers:
            conn.send_bytes(b.raw())
    except ImportFailed as exc:
        conn.send(("failed", exc.reason))
    except MemoryError:
        conn.send(("failed", tr("ran out of memory while reading the model")))
    except BaseException as exc:  # noqa: BLE001 - everything must reach the parent as a reason
        reason = f"{type(exc).__name__}: {exc}".strip()
        conn.send(("failed", reason.splitlines()[0] if reason else type(exc).__name__, traceback.format_exc()))
    finally:
        _conn = None
        conn.close()


# --- parent side ----------------------------------------------------------------------------------------


def run_isolated(
    target: str,
    kwargs: dict[str, Any],
    *,
    path: str | Path,
    limits: WorkerLimits | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Any:
    """Call ``module:function(**kwargs, progress=...)`` in a child process and return its result.

    Raises ImportFailed (naming *path*) when the child fails, crashes, exceeds a limit or is cancelled;
    WorkerLost when it crashes or stalls inside a watched phase.
    """
    limits = limits or WorkerLimits()
    ctx = multiprocessing.get_context(_start_method)
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    inherited = parent_conn if _start_method == "fork" else None
    proc = ctx.Process(
        target=_child,
        args=(target, kwargs, child_conn, limits.memory_limit, os.getpid(), inherited, language()),
        daemon=True,
    )
    proc.start()
    child_conn.close()
    if on_start:
        on_start(proc.pid)
    start = last_step = time.monotonic()
    peak = 0
    watching, armed, element, done = False, False, None, []
    next_memory_check = 0.0

    def lost(reason: str, stalled: bool = False) -> WorkerLost:
        return WorkerLost(path, reason, element=element, done=done, stalled=stalled)

    try:
        while True:
            if parent_conn.poll(0.05):
                try:
                    msg = parent_conn.recv()
                except EOFError:
                    break
                if msg[0] == "progress":
                    if progress:
                        progress(msg[1], clean(msg[2]))
                elif msg[0] == "done":
                    done.extend(msg[1])
                    armed, element, last_step = True, None, time.monotonic()
                elif msg[0] == "element":
                    armed, element, last_step = True, (msg[1], msg[2]), time.monotonic()
                elif msg[0] == "watch":
                    # The stall clock starts with the first element: setting up (the iterator's own
                    # preparation of a large file) is bounded by the overall time limit only.
                    watching, armed, element, last_step = msg[1], False, None, time.monotonic()
                elif msg[0] == "result":
                    payload = parent_conn.recv_bytes()
                    buffers = [parent_conn.recv_bytes() for _ in range(msg[1])]
                    return _with_peak(pickle.loads(payload, buffers=buffers), peak)
                elif msg[0] == "failed":
                    raise ImportFailed(path, msg[1])
            elif not proc.is_alive():
                break
            # Limits are checked on every pass, progress message or not.
            if cancelled and cancelled():
                raise ImportCancelled(path)
            now = time.monotonic()
            if now - start > limits.time_limit:
                raise ImportFailed(path, tr("import took longer than {time_limit:.0f} s and was stopped").format(time_limit=limits.time_limit), code="timeout")
            if watching and armed and now - last_step > limits.stall_limit:
                raise lost(tr("no progress for {seconds:.0f} s: stopped").format(seconds=limits.stall_limit), stalled=True)
            if now < next_memory_check:
                continue
            next_memory_check = now + MEMORY_CHECK_INTERVAL  # finding children scans every process
            rss = tree_rss(proc.pid)
            peak = max(peak, rss)
            if rss > limits.memory_limit:
                raise ImportFailed(
                    path, tr("import needed more than {value:.1f} GB of memory and was stopped").format(value=limits.memory_limit / (1 << 30))
                )
        proc.join(5)
        code = proc.exitcode

        def error(_path, reason: str, code: str = "") -> ImportFailed:
            exc = lost(reason) if watching else ImportFailed(path, reason)
            exc.code = code
            return exc

        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code == getattr(signal, "SIGKILL", -1):  # from outside (OOM killer, a user): not the element's fault
                raise ImportFailed(path, tr("the import worker was killed (SIGKILL; out of memory or stopped by the system)"))
            raise error(path, tr("the importer crashed on this file ({name})").format(name=name), "crashed")
        raise error(path, tr("the import worker ended unexpectedly (exit code {code})").format(code=code))
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent_conn.close()


def _with_peak(result: Any, peak: int) -> Any:
    scrub(result)  # undecodable bytes of a hostile file must not reach print() or SQLite
    stats = getattr(getattr(result, "source", None), "stats", None)
    if isinstance(stats, dict):
        stats["worker_peak_rss_mb"] = round(peak / (1 << 20), 1)
    return result
