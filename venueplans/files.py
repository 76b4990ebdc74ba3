"""Writing a file so that a crash, a full disk or a kill never leaves half of it: a temporary file in
the same folder, then an atomic rename over the target.

Like errors.py and paths.py this module sits outside the layers: every layer may use it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes | str, *, mode: int | None = None) -> Path:
    """Replace *path* with *data* (str is written as UTF-8 with '\\n' line ends) in one step.

    *mode* sets the permission bits (e.g. 0o600 for a private key) before the file becomes visible; the
    temporary file is private to the user from the start (mkstemp).
    On failure the temporary file is removed and the old *path*, if any, is left as it was.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:20]}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the rename makes it the file: a power cut leaves old or new
        if mode is not None:
            os.chmod(tmp, mode)  # os.fchmod does not exist on Windows
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
