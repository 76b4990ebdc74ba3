"""Scenario files: one exercise scenario as a documented, versioned JSON file (docs/scenario-format.md).

A trainer shares an exercise with another unit, or keeps it under version control, as a file:

    {"format": "venueplans-scenario", "version": 1, "venue": {...}, "storeys": [...],
     "scenario": {...}, "phases": [...], "annotations": [...]}

The file names storeys by name (and index) and phases by name, so it can be imported into the same
venue in another catalogue, or into a later import of the venue's model. The writer is deterministic
(fixed key order, fixed formatting, coordinates rounded to the millimetre, no timestamps): exporting a
scenario imported from a file gives back the same bytes.

Import checks the whole file before writing anything and refuses with one line naming the file and the
problem: not JSON, not a scenario file, a newer version, a storey the venue lacks, a phase an annotation
names but the file does not define... When the venue's model is not the one the scenario was drawn on
(the source sha256 differs), it warns, by name, about the annotations that were inside the building
when exported and now fall outside it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue.scenarios import scenarios_named
from venueplans.files import write_atomic
from venueplans.i18n import tr, tr_n
from venueplans.model.scenario import (
    ANNOTATION_TYPES,
    Annotation,
    Phase,
    Point,
    parse_time_offset,
)
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import Added, EditRefused, audit, who_or_current
from venueplans.ops.scenario_edits import delete_scenario, insert_scenario
from venueplans.ops.scenario_limits import (
    MAX_FILE_BYTES,
    check_document,
    check_extent,
    check_field,
    check_text,
)
from venueplans.ops.scenario_reads import load_annotations, load_phases, load_scenario

FORMAT = "venueplans-scenario"
VERSION = 1
FOOTPRINT_MARGIN = 0.3  # metres added around rooms so walls between them and door positions count as inside


class ScenarioFileError(EditRefused):
    """A scenario file that cannot be imported. `str()` is one line: the file and the problem."""


# ============================================================================ building footprints


def building_footprints(cat: Catalogue, venue_id: int) -> tuple[dict[int | None, Any], Any]:
    """({storey index: shapely footprint}, fallback footprint or None) of the venue.

    A storey's footprint is the union of its rooms (IfcSpace outlines) grown by FOOTPRINT_MARGIN; a
    storey without rooms uses the fallback, the model's bounding box in plan.
    """
    from shapely.geometry import Polygon
    from shapely.geometry import box as rect
    from shapely.ops import unary_union

    by_storey: dict[int | None, list] = {}
    for s in read.load_spaces(cat, venue_id):
        if len(s.footprint) >= 3:
            poly = Polygon(s.footprint).buffer(0)
            if not poly.is_empty:
                by_storey.setdefault(s.storey, []).append(poly)
    footprints = {k: unary_union(v).buffer(FOOTPRINT_MARGIN) for k, v in by_storey.items()}
    src = read.source_model(cat, venue_id)
    fallback = None
    if src is not None and src.bbox is not None:
        (x0, y0, _), (x1, y1, _) = src.bbox
        fallback = rect(x0, y0, x1, y1).buffer(FOOTPRINT_MARGIN)
    return footprints, fallback


def points_inside(points: Sequence[Point], footprints: dict, fallback) -> bool | None:
    """True when every point lies in its storey's footprint; None when the venue has no footprint."""
    from shapely.geometry import Point as SPoint

    if not footprints and fallback is None:
        return None
    for x, y, _, storey in points:
        shape = footprints.get(storey, fallback)
        if shape is None or not shape.covers(SPoint(x, y)):
            return False
    return True


# ============================================================================ writing


def _num(value: float) -> float | int:
    v = round(float(value), 3)
    return 0.0 if v == 0 else v


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


INLINE_WIDTH = 100


def _flat(value: Any) -> str | None:
    """*value* on one line when it holds only scalars and fits in INLINE_WIDTH, else None."""
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        text = "[" + ", ".join(_scalar(v) for v in value) + "]"
    elif isinstance(value, dict) and all(not isinstance(v, (list, dict)) for v in value.values()):
        text = "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    else:
        return None
    return text if len(text) <= INLINE_WIDTH else None


def _dump(value: Any, indent: int = 0) -> str:
    """JSON with a fixed layout: containers of scalars on one line when short, else one item per line."""
    pad, inner = " " * indent, " " * (indent + 2)
    flat = _flat(value)
    if flat is not None:
        return flat
    if isinstance(value, dict):
        items = [f"{inner}{_scalar(k)}: {_dump(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        return "[\n" + ",\n".join(f"{inner}{_dump(v, indent + 2)}" for v in value) + f"\n{pad}]"
    return _scalar(value)


def scenario_document(cat: Catalogue, *, scenario_id: int) -> dict[str, Any]:
    """The scenario as the file's JSON object (keys in the documented order)."""
    scenario = load_scenario(cat, scenario_id=scenario_id)
    venue = read.get_venue(cat, scenario.venue_id)
    src = read.source_model(cat, scenario.venue_id)
    storeys = read.load_storeys(cat, scenario.venue_id)
    names = {s.index: s.name for s in storeys}
    phases = load_phases(cat, scenario_id=scenario_id)
    phase_by_id = {p.id: p for p in phases}
    rank = lambda a: -1 if a.phase_id is None else phase_by_id[a.phase_id].index  # noqa: E731
    annotations = sorted(load_annotations(cat, scenario_id=scenario_id), key=lambda a: (rank(a), a.id))
    footprints, fallback = building_footprints(cat, scenario.venue_id)

    def storey_ref(index: int | None) -> dict[str, Any] | None:
        return None if index is None else {"index": index, "name": names.get(index, "")}

    return {
        "format": FORMAT,
        "version": VERSION,
        "venue": {
            "name": venue.name,
            "source_file": src.file_name if src else None,
            "source_sha256": src.sha256 if src else None,
        },
        "storeys": [{"index": s.index, "name": s.name, "elevation": _num(s.elevation)} for s in storeys],
        "scenario": {"name": scenario.name, "description": scenario.description},
        "phases": [{"name": p.name, "time": p.time_label, "notes": p.notes} for p in phases],
        "annotations": [
            {
                "ref": a.ref,
                "type": a.type,
                "phase": None if a.phase_id is None else phase_by_id[a.phase_id].name,
                "storey": storey_ref(a.storey),
                "symbol": a.symbol,
                "sidc": a.sidc,
                "label": a.label,
                "team": a.team,
                "colour": a.colour,
                "notes": a.notes,
                "inside_building": points_inside(a.points, footprints, fallback),
                "points": [[_num(x), _num(y), _num(z), s] for x, y, z, s in a.points],
            }
            for a in annotations
        ],
    }


def scenario_to_json(cat: Catalogue, *, scenario_id: int) -> str:
    """The scenario file's text (UTF-8, LF line ends, final newline)."""
    return _dump(scenario_document(cat, scenario_id=scenario_id)) + "\n"


def export_scenario(cat: Catalogue, *, scenario_id: int, path: str | Path) -> Changes:
    """Write the scenario file to *path* (replaced atomically: a crash never leaves half a file)."""
    path = Path(path)
    text = scenario_to_json(cat, scenario_id=scenario_id)
    scenario = load_scenario(cat, scenario_id=scenario_id)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise EditRefused(tr("{path}: cannot write the scenario file ({value})").format(path=path, value=exc.strerror or exc)) from None
    doc = json.loads(text)
    return Changes(venue_id=scenario.venue_id,
                   message=tr("exported scenario {name!r} ({count} phases, {count2} annotations) to {path}").format(name=scenario.name, count=len(doc['phases']), count2=len(doc['annotations']), path=path))


# ============================================================================ reading


class _Reader:
    """Checks a parsed document field by field, failing with the file name and the field's path."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str) -> None:
        raise ScenarioFileError(f"{self.name}: {where + ': ' if where else ''}{problem}")

    def field(self, obj: dict, key: str, kind: type | tuple, where: str, *, optional: bool = False,
              default: Any = None) -> Any:
        if key not in obj:
            if optional:
                return default
            self.fail(where, tr("missing {key!r}").format(key=key))
        value = obj[key]
        if value is None and optional:
            return default
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            self.fail(where, tr("{key!r} should be {value}, not {value2!r}").format(key=key, value=_kind_name(kind), value2=value))
        if not isinstance(value, kind):
            self.fail(where, tr("{key!r} should be {value}, not {kind}").format(key=key, value=_kind_name(kind), kind=type(value).__name__))
        return value


def _kind_name(kind: type | tuple) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "an object",
             bool: "true or false"}
    return " or ".join(dict.fromkeys(names.get(k, k.__name__) for k in kinds))


def parse_scenario_text(text: str, *, name: str = "scenario file") -> dict[str, Any]:
    """The document, after the checks that need no venue: JSON, format, version, field types."""
    r = _Reader(name)
    check_text(text, name)  # size and nesting, before the parser recurses into it
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(tr("{name}: not valid JSON (line {lineno}, column {colno}: {msg})").format(name=name, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from None
    except RecursionError:
        raise ScenarioFileError(tr("{file}: JSON nested too deeply").format(file=name)) from None
    if not isinstance(doc, dict) or "format" not in doc:
        raise ScenarioFileError(tr("{name}: not a venueplans scenario file (no \"format\": {FORMAT!r})").format(name=name, FORMAT=FORMAT))
    if doc["format"] != FORMAT:
        raise ScenarioFileError(tr("{name}: not a venueplans scenario file (format {format!r}, expected {FORMAT!r})").format(name=name, format=doc['format'], FORMAT=FORMAT))
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        r.fail("", tr("unknown scenario file version {version!r} (this venueplans reads version {VERSION})").format(version=version, VERSION=VERSION))
    if version > VERSION:
        r.fail("", tr("scenario file version {version} is newer than this venueplans reads (version {VERSION}); update venueplans").format(version=version, VERSION=VERSION))
    if version < 1:
        r.fail("", tr("unknown scenario file version {version}").format(version=version))
    r.field(doc, "venue", dict, "")
    r.field(doc, "scenario", dict, "")
    r.field(doc["scenario"], "name", str, "scenario")
    storeys = r.field(doc, "storeys", list, "")
    for i, s in enumerate(storeys):
        where = f"storeys[{i}]"
        if not isinstance(s, dict):
            r.fail(where, tr("should be an object"))
        r.field(s, "index", int, where)
        r.field(s, "name", str, where)
    phases = r.field(doc, "phases", list, "")
    seen: set[str] = set()
    for i, p in enumerate(phases):
        where = f"phases[{i}]"
        if not isinstance(p, dict):
            r.fail(where, tr("should be an object"))
        pname = r.field(p, "name", str, where)
        if pname.lower() in seen:
            r.fail(where, tr("phase name {pname!r} appears twice").format(pname=pname))
        seen.add(pname.lower())
        try:
            parse_time_offset(r.field(p, "time", str, where))
        except ValueError as exc:
            r.fail(where, str(exc))
    for i, a in enumerate(r.field(doc, "annotations", list, "")):
        where = f"annotations[{i}]"
        if not isinstance(a, dict):
            r.fail(where, tr("should be an object"))
        kind = r.field(a, "type", str, where)
        if kind not in ANNOTATION_TYPES:
            r.fail(where, tr("unknown type {kind!r} (one of {value})").format(kind=kind, value=', '.join(ANNOTATION_TYPES)))
        phase = r.field(a, "phase", str, where, optional=True)
        if phase is not None and phase.lower() not in seen:
            r.fail(where, tr("phase {phase!r} is not in the file's phases").format(phase=phase))
        storey = r.field(a, "storey", dict, where, optional=True)
        if storey is not None:
            r.field(storey, "index", int, f"{where}.storey")
        points = r.field(a, "points", list, where)
        for j, pt in enumerate(points):
            if not isinstance(pt, list) or len(pt) not in (3, 4) or not all(
                    isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in pt[:3]) \
                    or (len(pt) == 4 and pt[3] is not None and (isinstance(pt[3], bool) or not isinstance(pt[3], int))):
                r.fail(f"{where}.points[{j}]", tr("should be [x, y, z, storey index] in metres"))
        for key in ("ref", "symbol", "label", "team", "colour", "notes"):
            r.field(a, key, str, where, optional=True, default="")
    r.field(doc["scenario"], "description", str, "scenario", optional=True)
    check_document(doc, name)
    return doc


def _storey_map(doc: dict, storeys, venue_name: str, name: str) -> dict[int, int]:
    """File storey index -> venue storey index, matched by name; one line naming the missing ones."""
    by_name: dict[str, list] = {}
    for s in storeys:
        by_name.setdefault(s.name, []).append(s)
    by_lower: dict[str, list] = {}
    for s in storeys:
        by_lower.setdefault(s.name.lower(), []).append(s)
    file_storeys = {s["index"]: s["name"] for s in doc["storeys"]}
    used: set[int] = set()
    for a in doc["annotations"]:
        if a.get("storey") is not None:
            used.add(a["storey"]["index"])
        used.update(p[3] for p in a["points"] if len(p) == 4 and p[3] is not None)
    mapping, missing = {}, []
    for index in sorted(used):
        if index not in file_storeys:
            raise ScenarioFileError(tr("{name}: storey index {index} is used but not listed in \"storeys\"").format(name=name, index=index))
        sname = file_storeys[index]
        candidates = by_name.get(sname) or by_lower.get(sname.lower()) or []
        if not candidates:
            missing.append(f"{sname!r} (index {index})")
            continue
        same = [s for s in candidates if s.index == index]
        mapping[index] = (same or candidates)[0].index
    if missing:
        have = ", ".join(repr(s.name) for s in storeys) or "none"
        raise ScenarioFileError(tr_n("{name}: storey {missing} is not in venue {venue_name!r} (its storeys: {have})",
                                     "{name}: storeys {missing} are not in venue {venue_name!r} (its storeys: {have})",
                                     len(missing)).format(name=name, missing=", ".join(missing), venue_name=venue_name, have=have))
    return mapping


def _describe(a: dict) -> str:
    what = a.get("label") or a.get("ref") or "unnamed"
    phase = f", phase {a['phase']!r}" if a.get("phase") else ""
    storey = f", storey {a['storey'].get('name') or a['storey']['index']!r}" if a.get("storey") else ""
    return f"{what!r} ({a['type']}{phase}{storey})"


def import_scenario(
    cat: Catalogue,
    *,
    venue_id: int,
    path: str | Path | None = None,
    text: str | None = None,
    name: str | None = None,
    replace: bool = False,
    who: str | None = None,
) -> Added:
    """Add the scenario of a file (*path*, or its *text*) to the venue, all or nothing.

    The scenario keeps the file's name unless *name* is given; a name the venue already uses is
    refused unless *replace* (the existing scenario is then replaced in the same transaction).
    Storeys are matched by name. Warnings (in the returned Changes) name the annotations that fell
    outside the building when the venue's model is not the one the scenario was drawn on.
    """
    if (path is None) == (text is None):
        raise EditRefused(tr("give a scenario file as path= or as text="))
    fname = Path(path).name if path is not None else "scenario file"
    if path is not None:
        try:
            if Path(path).stat().st_size > MAX_FILE_BYTES:
                raise ScenarioFileError(
                    tr("{file}: file too large (at most {limit:,} bytes)").format(file=fname, limit=MAX_FILE_BYTES)
                )
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise ScenarioFileError(f"{fname}: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioFileError(tr("{fname}: not a text file (not UTF-8)").format(fname=fname)) from None
    doc = parse_scenario_text(text, name=fname)
    venue_model = read.source_model(cat, venue_id)
    check_extent(doc, fname, venue_model.bbox if venue_model is not None else None)
    venue = read.get_venue(cat, venue_id)
    storeys = read.load_storeys(cat, venue_id)
    smap = _storey_map(doc, storeys, venue.name, fname)
    scenario_name = (name or doc["scenario"]["name"]).strip()
    check_field("name", scenario_name, tr("the scenario's name"), required=True)  # --name is typed, not read
    existing = scenarios_named(cat, venue_id, scenario_name)
    if existing and not replace:
        raise ScenarioFileError(tr("{fname}: venue {name!r} already has a scenario named {scenario_name!r}; import it under another name or replace it").format(fname=fname, name=venue.name, scenario_name=scenario_name))
    phases = [Phase(0, p["name"].strip(), i, parse_time_offset(p["time"]), p.get("notes") or "")
              for i, p in enumerate(doc["phases"])]
    phase_index = {p.name.lower(): p.index for p in phases}
    annotations = []
    for a in doc["annotations"]:
        storey = smap[a["storey"]["index"]] if a.get("storey") is not None else None
        points: list[Point] = []
        for p in a["points"]:
            s = smap[p[3]] if len(p) == 4 and p[3] is not None else (storey if len(p) == 3 else None)
            points.append((float(p[0]), float(p[1]), float(p[2]), s))
        annotations.append(Annotation(
            scenario_id=0, type=a["type"], storey=storey, points=points,
            phase_id=phase_index[a["phase"].lower()] if a.get("phase") else None,
            symbol=a.get("symbol") or "", label=a.get("label") or "", team=a.get("team") or "",
            colour=a.get("colour") or "", notes=a.get("notes") or "", ref=a.get("ref") or ""))

    warnings: list[str] = []
    src = read.source_model(cat, venue_id)
    file_sha = doc["venue"].get("source_sha256")
    if file_sha and src is not None and src.sha256 != file_sha:
        warnings.append(tr("the model of {name!r} is not the one this scenario was drawn on (source {value}… in the file, {value2}… here)").format(name=venue.name, value=str(file_sha)[:12], value2=src.sha256[:12]))
        footprints, fallback = building_footprints(cat, venue_id)
        for raw_a, ann in zip(doc["annotations"], annotations, strict=True):
            if raw_a.get("inside_building") is False:
                continue  # drawn outside on purpose (a cordon, a staging area)
            if points_inside(ann.points, footprints, fallback) is False:
                warnings.append(tr("{value} falls outside the building").format(value=_describe(raw_a)))

    who = who_or_current(who)
    with cat.atomic():
        if existing:
            delete_scenario(cat, scenario_id=existing[0], who=who)
        try:
            sid = insert_scenario(cat, venue_id=venue_id, name=scenario_name,
                                  description=doc["scenario"].get("description") or "", phases=phases,
                                  annotations=annotations)
        except EditRefused as exc:
            raise ScenarioFileError(f"{fname}: {exc}") from None
        audit(cat, venue_id, who=who, action="scenario.import",
              details={"scenario": sid, "name": scenario_name, "file": fname, "format_version": doc["version"],
                       "exported_from": doc["venue"].get("name"), "source_sha256": file_sha,
                       "phases": len(phases), "annotations": len(annotations), "warnings": warnings})
    return Added(id=sid, venue_id=venue_id, scenarios=True, warnings=warnings,
                 message=tr("imported scenario {scenario_name!r} into {name} ({count} phases, {count2} annotations)").format(scenario_name=scenario_name, name=venue.name, count=len(phases), count2=len(annotations)))
