"""Read an IFC file into an `ImportedModel`: the part that runs inside the import worker process.

Only this side loads ifcopenshell; the parent (`ifc.py`) checks the file and starts the worker. The
phases, each timed in `SourceInfo.stats["seconds"]`:
  open -> storeys and elements (`ifc_extract`) -> tessellation (`ifc_tessellate`, most of the time)
  -> placing shapes: origin, batches, instances (`ifc_geometry`) -> spaces (`ifc_spaces`)
  -> exits, access points and circulation (`ifc_features`).
ifcopenshell reports problems of a file in its log rather than raising: they become the model's
warnings (deduplicated, at most MAX_WARNINGS lines).
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ifcopenshell
import ifcopenshell.ifcopenshell_wrapper
import numpy as np
import psutil

import venueplans
from venueplans.i18n import tr
from venueplans.importers.errors import ImportFailed
from venueplans.importers.ifc_census import (
    log_entries,
    missing_references,
    parse_error,
    take_census,
    with_lines,
)
from venueplans.importers.ifc_extract import length_unit, read_elements, read_storeys
from venueplans.importers.ifc_features import Context, find_features
from venueplans.importers.ifc_geometry import (
    build_geometry,
    choose_origin,
    placement_bounds,
    triangles_by_element,
)
from venueplans.importers.ifc_spaces import read_spaces, storey_interiors
from venueplans.importers.ifc_tessellate import DEFAULT_KERNEL, tessellate
from venueplans.importers.storey_inference import (
    InferenceSettings,
    StoreyInference,
    infer_levels,
    placed_mesh,
    storeys_at,
)
from venueplans.model.imported import ImportedModel
from venueplans.model.messages import Message, joined, tr_later, tr_n_later, translated, unique
from venueplans.model.venue import SourceInfo

MAX_WARNINGS = 50
STOREY_TOLERANCE = 0.05  # metres: an element whose bottom is this close under a storey belongs to it

Progress = Callable[[float, str], None]


def read_ifc(
    path: str,
    *,
    source_path: str | None = None,
    source_format: str = "ifc",
    kernel: str = DEFAULT_KERNEL,
    threads: int = 1,
    extra_warnings: list[Message] | None = None,
    left_out: dict[int, Message] | None = None,
    careful: list[int] | None = None,
    progress: Progress | None = None,
) -> ImportedModel:
    """Import the IFC file at *path*. *source_path* is the file the user chose (an .ifczip) when
    *path* was extracted from it: its name and hash identify the import. *left_out* (step id -> why)
    and *careful* are set by `ifc._read` when an earlier attempt crashed or stalled on an element."""
    report = progress or (lambda fraction, message="": None)
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    clock, cpu_clock = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        timings[name], cpu[name] = round(now - clock, 3), round(cpu_now - cpu_clock, 3)
        memory[name] = _rss_mb()
        clock, cpu_clock = now, cpu_now

    source = Path(source_path or path)
    report(0.0, "Opening the IFC file")
    _find_plugins_when_frozen()
    ifcopenshell.ifcopenshell_wrapper.set_log_format_json()  # one parseable entry per line
    ifcopenshell.get_log()  # drop anything logged before this file
    sha = _sha256(source)
    try:
        f = ifcopenshell.open(path)
    except Exception as exc:  # noqa: BLE001 - ifcopenshell raises several kinds for unreadable files
        detail = parse_error(Path(path), log_entries(ifcopenshell.get_log())) or _one_line(exc)
        raise ImportFailed(source, tr("cannot be read as IFC: {detail}").format(detail=detail)) from None
    opened_log = log_entries(ifcopenshell.get_log())
    census = take_census(Path(path), f.entity_names())
    lost_warning, opened_log = missing_references(Path(path), opened_log)
    if census.lost and not f.by_type("IfcProduct"):
        raise ImportFailed(
            source, tr("{census}: no building element is left").format(census=translated(census.summary()))
        )
    lap("open")

    report(0.1, "Reading storeys and elements")
    scale, symbol = length_unit(f)
    storeys, storey_index = read_storeys(f, scale)
    table = read_elements(f, storey_index, scale)
    elements, products = table.elements, table.products
    element_of = {p.id(): i for i, p in enumerate(products)}
    lap("extract")

    tess = tessellate(
        f,
        products,
        kernel=kernel,
        threads=threads,
        progress=report,
        span=(0.15, 0.85),
        skip=frozenset(left_out or ()),
        careful=set(careful) if careful is not None else None,
    )
    lap("tessellate")

    report(0.86, "Placing geometry")
    lows, highs = placement_bounds(tess)
    origin = choose_origin(lows, highs)
    if origin != (0.0, 0.0, 0.0):
        for s in storeys:
            s.elevation = round(s.elevation - origin[2], 4)
    inferred = _infer_storeys(tess, origin) if not storeys else None
    if inferred is not None:
        storeys = storeys_at(inferred.elevations)
    unplaced = sum(el.storey is None for el in elements)
    tolerance = InferenceSettings().assign_tolerance if inferred is not None else STOREY_TOLERANCE
    _storeys_by_height(elements, storeys, element_of, tess.product_ids, lows, origin, tolerance)
    if not tess.product_ids:
        lost = f"{census.summary()}: " if census.lost else ""
        raise ImportFailed(
            source, lost + tr("no element of this file has 3D geometry: nothing to draw plans from")
        )
    batches, instances, boxes = build_geometry(tess, elements, element_of, origin)
    lap("place")

    report(0.92, "Spaces, exits and access points")
    spaces, footprints = read_spaces(elements, triangles_by_element(batches, instances, "space"))
    found = find_features(
        Context(
            elements,
            products,
            boxes,
            element_of,
            table.parent,
            table.properties.type_of,
            storey_interiors(footprints),
            scale,
            origin,
            table.classes,
        ),
        spaces,
    )
    lap("features")

    # Stored language-neutral (model/messages.py): translated when a reader opens the venue.
    warnings: list[Message] = list(extra_warnings or [])
    warnings += (left_out or {}).values()
    if census.lost:
        warnings.append(
            tr_n_later(
                "{census}; {lost:,} entity is missing from the venue",
                "{census}; {lost:,} entities are missing from the venue",
                census.lost,
                census=census.summary(), lost=census.lost,
            )
        )
    if lost_warning:
        warnings.append(lost_warning)
    if inferred is not None:
        warnings.append(
            tr_later(
                "the file declares no storey (IfcBuildingStorey): {summary}; check them in the catalogue",
                summary=inferred.summary(),
            )
        )
    elif unplaced:
        warnings.append(
            tr_n_later(
                "{n} element is in no storey: placed on the storey at its height",
                "{n} elements are in no storey: placed on the storey at their height",
                unplaced,
                n=unplaced,
            )
        )
    for pid in tess.missing_ids:
        el = elements[element_of[pid]]
        warnings.append(
            tr_later("no geometry for {ifc_class} '{name}' ({guid}): its shape could not be built",
                     ifc_class=el.ifc_class, name=el.name, guid=el.guid)
        )
    warnings += found.warnings
    warnings += _log_warnings(Path(path), opened_log + log_entries(ifcopenshell.get_log()))
    model = ImportedModel(
        source=SourceInfo(
            file_name=source.name,
            sha256=sha,
            format=source_format,
            schema=f.schema_identifier if hasattr(f, "schema_identifier") else f.schema,
            importer="ifc",
            importer_version=f"venueplans {venueplans.__version__}; ifcopenshell {ifcopenshell.version}",
            unit=symbol,
            up_axis="z",
            origin=origin,
            warnings=_cap(warnings),
        ),
        storeys=storeys,
        elements=elements,
        spaces=spaces,
        features=found.features,
        batches=batches,
        instances=instances,
        suggested_name=_suggested_name(f),
    )
    model.source.bbox = model.bbox()
    model.source.stats = {
        "kernel": kernel,
        "threads": threads,
        "fallback_kernel_elements": len(tess.fallback_ids),
        "placed_from_exemplars": tess.instanced_ids,
        "elements_without_geometry": len(tess.missing_ids),
        "unit_scale": scale,
        "seconds": timings,
        "cpu_seconds": cpu,
        "rss_mb_after": memory,
        "counts": {
            "IfcBuildingStorey": len(f.by_type("IfcBuildingStorey")),
            "IfcSpace": len(f.by_type("IfcSpace")),
            "IfcDoor": len(f.by_type("IfcDoor")),
            "IfcStair": len(f.by_type("IfcStair")),
            "fire_exit_doors": found.stats["fire_exit_doors"],
            "elements": len(elements),
            "elements_with_geometry": len(boxes),
            "shapes": len(tess.shapes),
            "instance_sets": len(instances),
            "triangles": model.n_triangles,
        },
        "features": found.stats["features"],
        "door_evidence": found.stats["door_evidence"],
        "unclear_exit_evidence": found.stats["unclear_exit_evidence"],
    }
    report(1.0, "Done")
    return model


def _infer_storeys(tess, origin) -> StoreyInference:
    """Levels guessed from the horizontal surfaces of the placed shapes, for a file without storeys."""
    vertices, triangles = placed_mesh(
        tess.shapes, tess.keys, tess.matrices, np.asarray(origin, dtype=np.float64)
    )
    return infer_levels(vertices, triangles)


def _storeys_by_height(
    elements, storeys, element_of, product_ids, lows, origin, tolerance=STOREY_TOLERANCE
) -> None:
    """Give a storey to elements the file leaves outside any: the highest storey at or below their bottom
    (within *tolerance*); elements without geometry go to the lowest storey."""
    if not storeys:
        return
    levels = np.array([s.elevation for s in storeys])
    bottom: dict[int, float] = {}
    for pid, low in zip(product_ids, lows[:, 2] - origin[2] if len(lows) else [], strict=True):
        idx = element_of.get(pid)
        if idx is not None and elements[idx].storey is None:
            bottom[idx] = min(bottom.get(idx, np.inf), float(low))
    for idx, z in bottom.items():
        below = np.flatnonzero(levels <= z + tolerance)
        elements[idx].storey = int(below[-1]) if len(below) else 0
    for el in elements:
        if el.storey is None:
            el.storey = 0


def _find_plugins_when_frozen() -> None:
    """ifcopenshell loads its schema parsers, geometry mappings and kernels by name from the folder of its
    plugin library. A frozen app (PyInstaller) keeps them in its `ifcopenshell` folder but may load that
    library through a link in another folder (Linux): point the loader at the plugins themselves."""
    if getattr(sys, "frozen", False) and hasattr(ifcopenshell, "set_plugin_search_paths"):
        ifcopenshell.set_plugin_search_paths([Path(ifcopenshell.__file__).resolve().parent])


def _suggested_name(f: ifcopenshell.file) -> str:
    for cls in ("IfcBuilding", "IfcProject"):
        for entity in f.by_type(cls):
            for text in (entity.LongName, entity.Name):
                if text and text.strip():
                    return text.strip()
    return ""


# Log codes that say nothing about the venue: colours are by category here, not IFC styles (GEO031);
# a modelling tolerance finer than 0.1 um is simply not enforced (SYS033).
_IGNORED_LOG_CODES = {"GEO031", "SYS033"}


def _log_warnings(path: Path, entries: list[dict]) -> list[Message]:
    """ifcopenshell's warnings and errors since the file was opened, one line per distinct message."""
    grouped: dict[tuple[str, str], list] = {}
    for entry in entries:
        level, code = str(entry.get("level", "")), str(entry.get("code", ""))
        if level not in ("warning", "error") or code in _IGNORED_LOG_CODES:
            continue
        message = " ".join(str(entry.get("message", "")).split())
        slot = grouped.setdefault((code, message), [0, entry.get("instance") or entry.get("product") or ""])
        slot[0] += 1
    out: list[Message] = []
    for (code, message), (count, instance) in grouped.items():
        # ifcopenshell's own text is English only; what venueplans adds around it is translated
        out.append(joined(
            f"ifcopenshell {code}: " if code else "ifcopenshell: ", with_lines(path, message),
            tr_later(" ({count} times)", count=count) if count > 1 else "",
            tr_later("; e.g. {instance}", instance=instance[:80]) if instance else "",
        ))
    return out


def _cap(warnings: list[Message]) -> list[Message]:
    kept = unique(warnings)
    if len(kept) <= MAX_WARNINGS:
        return kept
    return kept[:MAX_WARNINGS] + [tr_later("... and {n} more", n=len(kept) - MAX_WARNINGS)]


def _rss_mb() -> float:
    """Resident memory of this process in MB (psutil: every OS)."""
    try:
        return round(psutil.Process().memory_info().rss / 2**20, 1)
    except (psutil.Error, OSError):
        return 0.0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
