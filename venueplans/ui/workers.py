"""Background work off the GUI thread: imports (the importer itself runs in a child process).

The worker opens its own connection to the catalogue file (SQLite in WAL mode lets the GUI keep
reading while the import writes), runs `ops.import_venue` and reports back through signals. The
import is one transaction, so a failure or a cancel leaves the catalogue as it was.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from venueplans.catalogue import open_catalogue
from venueplans.ops.import_venue import import_venue
from venueplans.ui.errors import one_line


@dataclass
class ImportRequest:
    path: Path
    name: str | None = None
    kind: str = "other"
    address: str = ""
    city: str = ""
    unit: str | None = None
    up: str | None = None
    replace: bool = False


class ImportWorker(QObject):
    """Runs one import; lives in its own QThread. Signals: progress, succeeded, failed, finished."""

    progress = Signal(float, str)  # fraction 0..1, message
    succeeded = Signal(object)  # ops.Changes
    failed = Signal(str)  # one-line reason
    finished = Signal()

    def __init__(self, catalogue_path: Path, request: ImportRequest):
        super().__init__()
        self.catalogue_path = Path(catalogue_path)
        self.request = request
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        r = self.request
        try:
            cat = open_catalogue(self.catalogue_path)
            try:
                changes = import_venue(
                    cat, path=r.path, name=r.name or None, kind=r.kind, address=r.address, city=r.city,
                    unit=r.unit, up=r.up, replace=r.replace,
                    progress=lambda f, m="": self.progress.emit(float(f), str(m)),
                    cancelled=self._cancel.is_set,
                )
            finally:
                cat.close()
            self.succeeded.emit(changes)
        except Exception as exc:  # noqa: BLE001 - every failure becomes one line for the user
            self.failed.emit(one_line(exc))
        finally:
            self.finished.emit()


def start_in_thread(worker: QObject, parent: QObject | None = None) -> QThread:
    """Move *worker* to a new QThread, run `worker.run` there, clean both up when it finishes."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.finished.connect(worker.deleteLater)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
