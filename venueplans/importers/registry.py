"""Importers by file suffix (trimesh's idea): a format's dependencies load only when that format is used."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from venueplans.i18n import tr
from venueplans.importers.errors import ImportFailed
from venueplans.model.imported import ImportedModel

# suffix -> "module:function"
_IMPORTERS = {
    ".ifc": "venueplans.importers.ifc:import_ifc",
    ".ifczip": "venueplans.importers.ifc:import_ifc",
    ".obj": "venueplans.importers.mesh:import_mesh",
    ".stl": "venueplans.importers.mesh:import_mesh",
    ".ply": "venueplans.importers.mesh:import_mesh",
    ".gltf": "venueplans.importers.mesh:import_mesh",
    ".glb": "venueplans.importers.mesh:import_mesh",
}
SUPPORTED_SUFFIXES = tuple(_IMPORTERS)

Progress = Callable[[float, str], None]  # fraction 0..1, short message
Cancelled = Callable[[], bool]


def importer_for(path: str | Path) -> Callable[..., ImportedModel]:
    suffix = Path(path).suffix.lower()
    target = _IMPORTERS.get(suffix)
    if target is None:
        raise ImportFailed(path, tr("unsupported file type {value}; supported: {value2}").format(value=suffix or '(none)', value2=', '.join(_IMPORTERS)))
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_file(
    path: str | Path,
    *,
    unit: str | None = None,
    up: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportedModel:
    """Read *path* with the importer for its suffix. Raises ImportFailed with a one-line reason."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(path, tr("no such file") if not path.exists() else tr("not a regular file"))
    importer = importer_for(path)
    return importer(path, unit=unit, up=up, progress=progress, cancelled=cancelled)
