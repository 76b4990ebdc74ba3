"""Where the project's shipped files are: `resources/` and `sample_venues/` beside the package."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))  # frozen app or source tree

RESOURCES = Path(os.environ.get("VENUEPLANS_RESOURCES", _ROOT / "resources"))
SAMPLE_VENUES = _ROOT / "sample_venues"
