"""The one path every change and every slow read takes in the desktop app (Anki's CollectionOp / QueryOp).

    runner = OpRunner(cat, parent=window)                    # one per window (per catalogue file)
    CollectionOp(runner, lambda cat: ops.confirm_feature(cat, feature_id=7)) \\
        .success(on_done).failure(on_error).run_in_background(initiator=panel)
    QueryOp(runner, lambda cat: read_scene_data(cat, venue_id), show) \\
        .channel("scene").failure(on_error).run_in_background()
    runner.operation_did_execute.connect(refresh)             # (Changes, initiator) on the GUI thread

Threads and connections. SQLite connections belong to one thread at a time, so nothing here shares the
GUI's connection: mutations run one after another on a one-thread pool with the runner's own *writer*
connection (SQLite allows one writer anyway, and the order of edits is the order of clicks; the undo
stack's temporary triggers live on that connection); reads run on a second small pool, each task on an
idle connection of its own (opened on demand, handed back afterwards). The catalogue is in WAL mode:
readers, the writer, the GUI and another process (`venueplans import`) work on the same file at once,
a writer waiting at most the busy timeout for another writer.

Results come back on the GUI thread through a queued signal; callbacks never run on a worker. After a
`CollectionOp` succeeds the runner broadcasts `operation_did_execute(changes, initiator)`: each view
refreshes only what the `Changes` names, and the initiator (the panel that asked) may skip its own echo.
An exception becomes the failure callback's argument, by default the usual one-line message box.

A `QueryOp` on a *channel* supersedes the older ones on that channel: when a newer query was started
(another venue opened, the plan of another storey asked for), an older result is dropped unseen.

`Progress` carries a long op's progress and a cancel request across threads (imports).
`runner.watch_catalogue()` notices commits by other processes (`PRAGMA data_version` of the writer
connection, polled in turn with the edits) and broadcasts them as `Changes(catalogue=True)` from the
initiator `EXTERNAL`: every view re-reads what it shows.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot

from venueplans.catalogue import Catalogue, connections, open_catalogue
from venueplans.ops.changes import Changes
from venueplans.ui import errors
from venueplans.ui.heap import keep_collections_short

log = logging.getLogger(__name__)

READ_THREADS = 2  # the machine has 2 cores; the 3D view needs the GUI thread's share
WATCH_INTERVAL_MS = 2000  # how soon a venue imported from the command line appears in the window
EXTERNAL = "external"  # the initiator of changes made outside this window
RUNNER_READS = "runner reads"  # the initiator of a commit seen that this window's reads may have made


class Progress(QObject):
    """Thread-safe progress and cancellation for one long op: `report()` from the worker, `changed` on
    the GUI thread; `cancel()` from the GUI, `cancelled()` polled by the worker."""

    changed = Signal(float, str)  # fraction 0..1, message

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, fraction: float, message: str = "") -> None:
        self.changed.emit(float(fraction), str(message))

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    """Lives on the GUI thread: a closure emitted from a worker runs here (queued connection)."""

    deliver = Signal(object)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.deliver.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


def _task(work: Callable[[], Any], finish: Callable[[Any, BaseException | None], None]) -> Callable[[], None]:
    """What a pool thread runs. A plain callable, not a QRunnable subclass: PySide6 then owns the runnable's
    lifetime itself, where an auto-deleting Python QRunnable can be freed by Qt while its wrapper lives
    (seen as a segfault on a worker thread with no Python frame)."""

    def run() -> None:
        try:
            result, exc = work(), None
        except BaseException as e:  # noqa: BLE001 - delivered to the failure callback on the GUI thread
            result, exc = None, e
        finish(result, exc)

    return run


class OpRunner(QObject):
    """The window's worker threads and their catalogue connections. See the module docstring."""

    operation_did_execute = Signal(object, object)  # ops.changes.Changes, initiator (any object or None)
    busy_changed = Signal(bool)  # True when the first task starts, False when the last one finishes

    def __init__(self, catalogue: Catalogue | str | Path, parent: QObject | None = None, *,
                 read_threads: int = READ_THREADS):
        super().__init__(parent)
        # The workers open the file as the GUI did: with its passphrase, read-only when it is (ui/protection.py)
        if isinstance(catalogue, Catalogue):
            self.path, self._passphrase = Path(catalogue.path), catalogue.passphrase
            self._read_only = catalogue.read_only
        else:
            self.path, self._passphrase, self._read_only = Path(catalogue), None, False
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # edits in click order; one SQLite writer at a time anyway
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(max(1, read_threads))
        self._relay = _Relay(self)
        self._writer: Catalogue | None = None  # used only by the write pool's (single) thread
        self._idle: list[Catalogue] = []
        self._opened: list[Catalogue] = []
        self._lock = threading.Lock()
        self._pending = 0
        self._generations: dict[str, int] = {}
        self._closed = False
        self._watch_timer: QTimer | None = None
        self._polling = False
        self._data_version: int | None = None
        # Reads that committed (the walk network's cache, an import on its own connection): the writer's
        # data_version moves for them too; a poll that sees them is not taken for another process's
        # commit, but the venue list still looks again (a `venueplans import` in the same 2 s).
        self._reads_wrote = self._reads_wrote_seen = 0
        self.queries: Counter[str] = Counter()  # QueryOps started, by channel ("" without): tests count reads

    # --- connections (worker side) ---------------------------------------------------------------------
    def writer(self) -> Catalogue:
        """The writer connection. Call only from a write task (it is not shared with any other thread)."""
        if self._writer is None:
            self._writer = self._open()
        return self._writer

    @contextmanager
    def reader(self) -> Iterator[Catalogue]:
        """An idle read connection for the duration of one task."""
        with self._lock:
            cat = self._idle.pop() if self._idle else None
        if cat is None:
            cat = self._open()
        try:
            yield cat
        finally:
            connections.release(cat)  # a failed read must not hold a snapshot for the next task
            with self._lock:
                self._idle.append(cat)

    def _open(self) -> Catalogue:
        cat = open_catalogue(self.path, create=False, passphrase=self._passphrase, read_only=self._read_only)
        with self._lock:
            self._opened.append(cat)
        return cat

    # --- scheduling (GUI side) ---------------------------------------------------------------------------
    def submit(self, work: Callable[[Catalogue], Any], done: Callable[[Any, BaseException | None], None], *,
               write: bool, priority: int = 0) -> None:
        """Run `work(cat)` on a worker with its own connection; `done(result, exc)` later on the GUI thread."""
        if self._closed:
            # The window is closing: what is asked now (a thumbnail, the panels of a venue still loading)
            # would have no one to show it to.
            log.info("window closing: %s dropped", "a change" if write else "a read")
            return

        def job() -> Any:
            if write:
                return work(self.writer())
            with self.reader() as cat:
                before = connections.total_changes(cat)
                try:
                    return work(cat)
                finally:
                    if connections.total_changes(cat) != before:  # a read that wrote (a cache row, an import)
                        self._reads_wrote += 1

        def finish(result: Any, exc: BaseException | None) -> None:
            self._relay.deliver.emit(lambda: self._finish(done, result, exc))

        keep_collections_short()  # a worker must not set off a long garbage collection (ui/heap.py)
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        (self._writes if write else self._reads).start(_task(job, finish), priority)

    def _finish(self, done: Callable[[Any, BaseException | None], None], result: Any, exc: BaseException | None) -> None:
        self._pending -= 1
        try:
            if not self._closed:
                done(result, exc)
        except Exception as e:  # noqa: BLE001 - a callback failing must not stop the runner
            errors.report(e, "refresh")
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)

    def idle(self) -> bool:
        """No task queued, running, or with a result still to deliver."""
        return self._pending == 0

    def next_generation(self, channel: str) -> int:
        self._generations[channel] = self._generations.get(channel, 0) + 1
        return self._generations[channel]

    def is_current(self, channel: str, generation: int) -> bool:
        return self._generations.get(channel) == generation

    def supersede(self, channel: str) -> None:
        """Drop any result still to come on *channel* (the view it was for is gone)."""
        self.next_generation(channel)

    def broadcast(self, changes: Changes, initiator: object = None) -> None:
        self.operation_did_execute.emit(changes, initiator)

    # --- changes made by others ------------------------------------------------------------------------------
    def watch_catalogue(self, interval_ms: int = WATCH_INTERVAL_MS) -> None:
        """Notice commits by another process (`venueplans import` on the same file, another window): every
        *interval_ms* a task reads SQLite's `PRAGMA data_version` on the runner's *writer* connection, and
        a change is broadcast as `Changes(catalogue=True)` with the initiator `EXTERNAL` (the browser
        lists a venue imported meanwhile, the panels re-read). The writer's own commits do not move its
        data_version (SQLite counts other connections' commits only), so an edit made in this window is
        refreshed once, by its own broadcast; a read task that committed (a cache row) is skipped too."""
        if self._watch_timer is not None:
            return
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(interval_ms)
        self._watch_timer.timeout.connect(self._poll)
        self._watch_timer.start()
        self._poll()  # the baseline now: a commit made before the first tick is still noticed

    def _poll(self) -> None:
        if self._closed or self._polling:
            return
        self._polling = True

        def done(value: Any, exc: BaseException | None) -> None:
            self._polling = False
            if exc is not None:
                return  # a busy or vanished file: try again next time, never a message box every 2 s
            last, self._data_version = self._data_version, value
            ours, self._reads_wrote_seen = self._reads_wrote != self._reads_wrote_seen, self._reads_wrote
            if last is not None and value != last:  # ours: the venue list alone looks again, in case
                self.broadcast(Changes(catalogue=True), RUNNER_READS if ours else EXTERNAL)

        # in turn with the edits, on the writer's connection: a read-only catalogue's writer only reads
        self.submit(connections.data_version, done, write=True, priority=-1)

    # --- teardown -------------------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Window closing: no more callbacks; wait for running tasks, close every connection."""
        self._closed = True
        if self._watch_timer is not None:
            self._watch_timer.stop()
        self._writes.clear()
        self._reads.clear()
        self._writes.waitForDone(timeout_ms)
        self._reads.waitForDone(timeout_ms)
        with self._lock:
            opened, self._opened, self._idle = self._opened, [], []
        self._writer = None
        for cat in opened:
            try:
                cat.close()
            except Exception:  # noqa: BLE001, S110 - closing must finish
                pass


def _default_failure(context: str) -> Callable[[BaseException], None]:
    return lambda exc: errors.report(exc, context)


class CollectionOp:
    """A mutation off the GUI thread: `op(cat) -> Changes` on the writer connection, then a broadcast.

    `.success(cb)` gets the Changes (after the broadcast: the views are current), `.failure(cb)` the
    exception (default: a one-line message box), `.run_in_background(initiator=panel)` starts it. Ops
    run inside their own `cat.atomic()`.
    """

    def __init__(self, runner: OpRunner, op: Callable[[Catalogue], Changes], *, context: str = ""):
        self.runner, self.op = runner, op
        self._success: Callable[[Changes], Any] | None = None
        self._failure: Callable[[BaseException], Any] = _default_failure(context)
        self._write = True

    def success(self, cb: Callable[[Changes], Any]) -> CollectionOp:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], Any]) -> CollectionOp:
        self._failure = cb
        return self

    def own_connection(self) -> CollectionOp:
        """Run on the read pool with a connection of its own instead of the writer's queue: for a long op
        that writes once at its end (an import: minutes in a child process, then one transaction), so
        the user's edits are not queued behind it."""
        self._write = False
        return self

    def run_in_background(self, *, initiator: object = None) -> None:
        def done(changes: Any, exc: BaseException | None) -> None:
            if exc is not None:
                self._failure(exc)
                return
            if isinstance(changes, Changes):  # views refresh first: a success callback sees them current
                self.runner.broadcast(changes, initiator)
            if self._success is not None:
                self._success(changes)

        self.runner.submit(self.op, done, write=self._write)


class QueryOp:
    """A read off the GUI thread: `op(cat) -> result` on a read connection, `success(result)` on the GUI
    thread. On a `.channel(name)`, a result is dropped when a newer query was started on that channel."""

    def __init__(self, runner: OpRunner, op: Callable[[Catalogue], Any], success: Callable[[Any], Any], *,
                 context: str = ""):
        self.runner, self.op, self._success = runner, op, success
        self._failure: Callable[[BaseException], Any] = _default_failure(context)
        self._channel: str | None = None
        self._priority = 0

    def priority(self, value: int) -> QueryOp:
        """Higher runs first among queued reads (what is on screen before a prefetch)."""
        self._priority = value
        return self

    def channel(self, name: str) -> QueryOp:
        self._channel = name
        return self

    def failure(self, cb: Callable[[BaseException], Any]) -> QueryOp:
        self._failure = cb
        return self

    def run_in_background(self) -> int:
        """Start it; returns its generation on its channel (0 without a channel)."""
        channel = self._channel
        generation = self.runner.next_generation(channel) if channel else 0
        self.runner.queries[channel or ""] += 1

        def done(result: Any, exc: BaseException | None) -> None:
            if channel and not self.runner.is_current(channel, generation):
                return  # superseded: another venue, another storey, an edit since
            if exc is not None:
                self._failure(exc)
            else:
                self._success(result)

        self.runner.submit(self.op, done, write=False, priority=self._priority)
        return generation
