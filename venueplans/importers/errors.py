from __future__ import annotations

from pathlib import Path

from venueplans.errors import UserError
from venueplans.importers.text import clean


class ImportFailed(UserError):
    """A model could not be imported. `str()` is one line naming the file and the reason."""

    def __init__(self, path: str | Path, reason: str, *, code: str = ""):
        self.path = Path(path)
        self.code = code  # "crashed", "timeout": what callers test, whatever the language of *reason*
        self.reason = clean(reason.strip().splitlines()[0]) if reason.strip() else "unknown error"
        super().__init__(f"{clean(self.path.name)}: {self.reason}")


class ImportCancelled(ImportFailed):
    def __init__(self, path: str | Path):
        super().__init__(path, "import cancelled")
