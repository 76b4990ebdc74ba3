"""Run an importer in a child process with a wall-clock limit and a memory cap.

ifcopenshell (and, more rarely, trimesh) can segfault, hang or balloon on bad files. The parent never
loads the file itself: a crash, a hang or a memory blow-up of the child becomes an `ImportFailed` with a
reason, and the parent (the GUI or the CLI) carries on.

The child is started with the "spawn" method so that it does not inherit the GUI's threads. A
single-threaded process (the command line) may call `prefer_fork()`: forking skips a fresh interpreter's
start-up and imports (~0.3 s per import measured here); the child never touches the parent's SQLite
connection. It reports progress over a pipe and sends its result pickled (numpy arrays travel as
out-of-band buffers, protocol 5).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import pickle
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from venueplans.i18n import language, set_language, tr
from venueplans.importers.errors import ImportCancelled, ImportFailed


def _total_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return 8 << 30


@dataclass(frozen=True)
class WorkerLimits:
    time_limit: float = float(os.environ.get("VENUEPLANS_IMPORT_TIME_LIMIT", 900))  # seconds
    memory_limit: int = int(
        os.environ.get("VENUEPLANS_IMPORT_MEMORY_LIMIT", min(12 << 30, int(_total_memory() * 0.6)))
    )  # bytes of resident memory


_start_method = "spawn"


def prefer_fork() -> None:
    """Start workers by fork from now on, if this process is single-threaded (forking threads is unsafe)."""
    global _start_method
    import threading

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _start_method = "fork"


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(target: str, kwargs: dict, conn, memory_limit: int, lang: str = "en") -> None:
    set_language(lang)  # reasons sent back are read by the user in the parent's language
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
            conn.send(("progress", float(fraction), str(message)))

    try:
        module, func = target.split(":")
        result = getattr(importlib.import_module(module), func)(**kwargs, progress=progress)
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
        conn.close()


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

    Raises ImportFailed (naming *path*) when the child fails, crashes, exceeds a limit or is cancelled.
    """
    limits = limits or WorkerLimits()
    ctx = multiprocessing.get_context(_start_method)
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(target, kwargs, child_conn, limits.memory_limit, language()), daemon=True)
    proc.start()
    child_conn.close()
    if on_start:
        on_start(proc.pid)
    start = time.monotonic()
    peak = 0
    try:
        while True:
            if parent_conn.poll(0.05):
                try:
                    msg = parent_conn.recv()
                except EOFError:
                    break
                if msg[0] == "progress":
                    if progress:
                        progress(msg[1], msg[2])
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
            elapsed = time.monotonic() - start
            if elapsed > limits.time_limit:
                raise ImportFailed(path, tr("import took longer than {time_limit:.0f} s and was stopped").format(time_limit=limits.time_limit))
            rss = _rss(proc.pid)
            peak = max(peak, rss)
            if rss > limits.memory_limit:
                raise ImportFailed(
                    path, tr("import needed more than {value:.1f} GB of memory and was stopped").format(value=limits.memory_limit / (1 << 30))
                )
        proc.join(5)
        code = proc.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code == signal.SIGKILL:
                raise ImportFailed(path, tr("the import worker was killed (SIGKILL; out of memory or stopped by the system)"))
            raise ImportFailed(path, tr("the importer crashed on this file ({name})").format(name=name))
        raise ImportFailed(path, tr("the import worker ended unexpectedly (exit code {code})").format(code=code))
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent_conn.close()


def _with_peak(result: Any, peak: int) -> Any:
    stats = getattr(getattr(result, "source", None), "stats", None)
    if isinstance(stats, dict):
        stats["worker_peak_rss_mb"] = round(peak / (1 << 20), 1)
    return result
