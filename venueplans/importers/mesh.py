"""Import a plain mesh (OBJ, STL, PLY, glTF, GLB) of a venue.

A mesh carries triangles and, at best, node names: no storeys, no doors, no units. The importer keeps every
triangle and every named node (as an `Element`), converts the file's unit and up axis to the app's frame
(metres, x east, y north, z up), guesses storeys from large horizontal surfaces and says so in
`SourceInfo.stats["storey_inference"]` so the operator can check and correct them in the catalogue.

Elements: one per scene node (a glTF node with all its primitives, an OBJ object `o` or else group `g`,
an ASCII STL solid; an unnamed STL or PLY is one element named after the file), `ifc_class` "MeshNode",
`guid` the node's path, category from English or French name keywords ("Mur nord" is a wall, "Siège 12"
furniture, anything unrecognised "other"). A mesh placed by many nodes (seats) becomes an `InstanceSet`.

Features: a mesh says nothing about exits, so none are made, except that a node whose name says so
("Exit", "Sortie de secours 2"; not "Exit sign") gets an unverified "exit" `Feature` at the centre of
its bounding box's floor, with the name as its source. Operators add and verify the rest.

This module is the parent side: it checks the options and hands the file to a child process
(`mesh_read.read_mesh`), so a trimesh crash, hang or memory blow-up on a hostile file becomes an
`ImportFailed` instead of a dead application. It never reads the file itself and never imports trimesh.
"""

from __future__ import annotations

import os
from pathlib import Path

from venueplans.i18n import tr
from venueplans.importers.errors import ImportFailed
from venueplans.importers.registry import Cancelled, Progress
from venueplans.importers.worker import WorkerLimits, run_isolated
from venueplans.model.imported import ImportedModel

# Scale from the file's unit to metres.
UNITS: dict[str, float] = {"m": 1.0, "cm": 0.01, "mm": 0.001, "ft": 0.3048, "in": 0.0254}
UP_AXES = ("z", "y")
FORMATS = ("obj", "stl", "ply", "gltf", "glb")
# glTF is Y-up by specification; the other formats have no convention, and CAD/BIM exports are Z-up.
DEFAULT_UP = {"gltf": "y", "glb": "y"}

# Largest mesh file read at all (side files of a glTF count separately against the same cap). trimesh
# reads whole files into memory; this keeps a mistaken or hostile multi-GB file from being tried.
DEFAULT_MAX_BYTES = int(os.environ.get("VENUEPLANS_MESH_MAX_BYTES", 2 << 30))


def import_mesh(
    path: str | Path,
    *,
    unit: str | None = None,
    up: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    max_bytes: int | None = None,
    limits: WorkerLimits | None = None,
) -> ImportedModel:
    """Read the mesh at *path* in a worker process and return it as an `ImportedModel`.

    *unit* is the file's length unit (m, cm, mm, ft, in; default m). *up* is the file's up axis (z or y;
    default y for glTF/GLB, z otherwise). Raises ImportFailed with a one-line reason.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ImportFailed(path, tr("not a mesh format: .{value} (mesh formats: {value2})").format(value=fmt or '?', value2=', '.join(FORMATS)))
    unit = normalise_unit(path, unit)
    up = normalise_up(path, up, fmt)
    max_bytes = DEFAULT_MAX_BYTES if max_bytes is None else int(max_bytes)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(path, tr("cannot read the file ({value})").format(value=exc.strerror or exc)) from None
    if size > max_bytes:
        raise ImportFailed(path, tr("file is {value}, over the {value2} limit for mesh imports").format(value=_mib(size), value2=_mib(max_bytes)))
    return run_isolated(
        "venueplans.importers.mesh_read:read_mesh",
        {"path": str(path), "unit": unit, "up": up, "max_bytes": max_bytes},
        path=path,
        limits=limits,
        progress=progress,
        cancelled=cancelled,
    )


def normalise_unit(path: str | Path, unit: str | None) -> str:
    unit = (unit or "m").strip().lower()
    if unit not in UNITS:
        raise ImportFailed(path, tr("unknown unit {unit!r} (use one of {value})").format(unit=unit, value=', '.join(UNITS)))
    return unit


def normalise_up(path: str | Path, up: str | None, fmt: str) -> str:
    up = (up or DEFAULT_UP.get(fmt, "z")).strip().lower()
    if up not in UP_AXES:
        raise ImportFailed(path, tr("unknown up axis {up!r} (use z or y)").format(up=up))
    return up


def _mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB" if n >= 1 << 20 else f"{n:,} bytes"
