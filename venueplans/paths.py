"""Where the shipped files are, in a source checkout, an installed wheel or a frozen (PyInstaller) app.

- `RESOURCES` (the pre-tessellated sample venues): `venueplans/resources/` inside an installed or frozen
  package (the build copies it there, see setup.py and packaging/venueplans.spec), else `resources/`
  beside the package in a source checkout; `VENUEPLANS_RESOURCES` overrides both.
- `GUIDE` (the user guide, `<lang>.md` and `images/`): `venueplans/guide/` inside an installed or frozen
  package (copied there by the same build steps), else `docs/guide/` in a source checkout.
- `SAMPLE_VENUES`: the generated sample IFC/GLB files, a developer's input for `make samples`; only in a
  source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE.parent


def _resources() -> Path:
    override = os.environ.get("VENUEPLANS_RESOURCES")
    if override:
        return Path(override)
    shipped = PACKAGE / "resources"
    return shipped if shipped.is_dir() else SOURCE_ROOT / "resources"


def _guide() -> Path:
    shipped = PACKAGE / "guide"
    return shipped if shipped.is_dir() else SOURCE_ROOT / "docs" / "guide"


RESOURCES = _resources()
GUIDE = _guide()
SAMPLE_VENUES = SOURCE_ROOT / "sample_venues"
