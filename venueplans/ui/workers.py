"""An import as an op for the op runner (ui/ops_runner.py); the importer itself runs in a child process.

`import_op(request, progress)` is a `CollectionOp` body: it runs `ops.import_venue` on a connection of
its own (SQLite in WAL mode lets the GUI and the user's edits go on while the import writes), reports
progress and polls cancellation through `ops_runner.Progress`. The import is one transaction, so a
failure or a cancel leaves the catalogue as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from venueplans.catalogue import Catalogue
from venueplans.ops.changes import Changes, named_by_call
from venueplans.ui.ops_runner import Progress


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


def import_op(request: ImportRequest, progress: Progress) -> Callable[[Catalogue], Changes]:
    """The body of one import (runs on a worker thread; *progress* crosses back to the GUI)."""
    r = request

    def run(cat: Catalogue) -> Changes:
        from venueplans.ops.import_venue import import_venue  # importers, routes network: not at launch

        changes = import_venue(
            cat, path=r.path, name=r.name or None, kind=r.kind, address=r.address, city=r.city,
            unit=r.unit, up=r.up, replace=r.replace, progress=progress.report, cancelled=progress.cancelled,
        )
        return named_by_call(changes, "import_venue", {})

    return run

