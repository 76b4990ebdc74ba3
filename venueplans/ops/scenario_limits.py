"""Limits on scenario files: a scenario file is hostile input like any other file.

A file beyond these limits is refused in one line naming the file, the field and the limit
(docs/scenario-format.md, "Limits"), before anything is written. The limits are far above any real
exercise (a stadium exercise has a few hundred annotations) and keep every later step (the plans, the
3D view, the SVG) bounded:

- the file: at most MAX_FILE_BYTES, JSON nested at most MAX_DEPTH deep (deeper nesting made Python's
  parser raise RecursionError);
- counts: annotations, phases, storeys, points per annotation;
- texts: a length per field; no control characters in names and labels (they made the SVG invalid
  XML), only line breaks and tabs in notes; names not blank;
- coordinates: finite and within the venue's extent plus EXTENT_MARGIN (1e308 later overflowed).

The same text limits hold for what is typed in the app or on the command line: `check_field` is called
by the scenario and annotation ops (the GUI's line edits also get `maxLength` = TEXT_LIMITS).
"""

from __future__ import annotations

import re
from typing import Any

from venueplans.i18n import tr
from venueplans.ops.edit_support import EditRefused

MAX_FILE_BYTES = 64 << 20
MAX_DEPTH = 16  # the format needs 5: document, annotations, annotation, points, point
MAX_ANNOTATIONS = 50_000
MAX_PHASES = 500
MAX_STOREYS = 1_000
MAX_POINTS = 10_000  # per annotation (a route drawn point by point round a stadium has a few hundred)
EXTENT_MARGIN = 2_000.0  # metres around the venue's model: staging areas, cordons, access roads
FREE_EXTENT = 100_000.0  # metres from the origin, for a venue without a model extent

# Longest text per field, in characters.
TEXT_LIMITS = {
    "name": 200,
    "description": 20_000,
    "time": 20,
    "notes": 20_000,
    "ref": 200,
    "type": 20,
    "symbol": 100,
    "sidc": 40,
    "label": 1_000,
    "team": 200,
    "colour": 20,
}
MULTILINE = {"notes", "description"}  # and the label of a text note: line breaks and tabs allowed

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class ScenarioLimitError(EditRefused):
    """A scenario file beyond a documented limit. `str()` is one line: the file and the problem."""


def _fail(name: str, where: str, problem: str) -> None:
    raise ScenarioLimitError(f"{name}: {where + ': ' if where else ''}{problem}")


def check_text(text: str, name: str) -> None:
    """Size and nesting of the raw file, before it is parsed."""
    size = len(text.encode("utf-8", "surrogatepass")) if len(text) > MAX_FILE_BYTES // 4 else len(text)
    if size > MAX_FILE_BYTES:
        _fail(name, "", tr("file too large ({size:,} bytes; at most {limit:,})").format(
            size=size, limit=MAX_FILE_BYTES))
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRING.sub('""', text)):
        if m.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    _fail(name, "", tr("JSON nested more than {limit} levels deep").format(limit=MAX_DEPTH))
        else:
            depth -= 1


def _count(name: str, where: str, items: list, limit: int, what: str) -> None:
    if len(items) > limit:
        _fail(name, where, tr("{n:,} {what} (at most {limit:,})").format(n=len(items), what=what, limit=limit))


def _check_string(
    name: str, where: str, key: str, value: Any, *, required: bool = False, multiline: bool = False
) -> None:
    if not isinstance(value, str):
        return  # the type checks of the reader report it
    limit = TEXT_LIMITS.get(key, 1_000)
    if len(value) > limit:
        _fail(name, where, tr("{key!r} is {n:,} characters long (at most {limit:,})").format(
            key=key, n=len(value), limit=limit))
    bad = (_CONTROL_MULTILINE if multiline or key in MULTILINE else _CONTROL).search(value)
    if bad:
        _fail(name, where, tr("{key!r} contains a control character (U+{code:04X})").format(
            key=key, code=ord(bad.group())))
    if required and not value.strip():
        _fail(name, where, tr("{key!r} is blank").format(key=key))


def check_field(key: str, value: str, what: str, *, required: bool = False, multiline: bool = False) -> str:
    """A text typed by the user (ops: scenario_edits, annotations), held to the limits of a file's field
    *key*; *what* names it in the one-line refusal ("the scenario's name"). Returns *value*."""
    limit = TEXT_LIMITS[key]
    if len(value) > limit:
        raise ScenarioLimitError(tr("{what} is {n:,} characters long (at most {limit:,})").format(
            what=what, n=len(value), limit=limit))
    bad = (_CONTROL_MULTILINE if multiline or key in MULTILINE else _CONTROL).search(value)
    if bad:
        raise ScenarioLimitError(tr("{what} contains a control character (U+{code:04X})").format(
            what=what, code=ord(bad.group())))
    if required and not value.strip():
        raise ScenarioLimitError(tr("{what} is blank").format(what=what))
    return value


def check_document(doc: dict[str, Any], name: str) -> None:
    """Counts, text lengths and characters of a parsed document (types already checked)."""
    scenario = doc["scenario"]
    _check_string(name, "scenario", "name", scenario.get("name"), required=True)
    _check_string(name, "scenario", "description", scenario.get("description"))
    _count(name, "", doc["storeys"], MAX_STOREYS, tr("storeys"))
    _count(name, "", doc["phases"], MAX_PHASES, tr("phases"))
    _count(name, "", doc["annotations"], MAX_ANNOTATIONS, tr("annotations"))
    for i, p in enumerate(doc["phases"]):
        where = f"phases[{i}]"
        _check_string(name, where, "name", p.get("name"), required=True)
        _check_string(name, where, "notes", p.get("notes"))
    for i, a in enumerate(doc["annotations"]):
        where = f"annotations[{i}]"
        for key in ("ref", "type", "symbol", "sidc", "label", "team", "colour", "notes"):
            value = a.get(key)
            if value:
                _check_string(name, where, key, value, multiline=key == "label" and a["type"] == "text")
        _count(name, where, a["points"], MAX_POINTS, tr("points"))


def check_extent(doc: dict[str, Any], name: str, bbox) -> None:
    """Every point within the venue's extent (*bbox*: ((x0, y0, z0), (x1, y1, z1)) or None) plus
    EXTENT_MARGIN. Points are already known to be finite numbers."""
    if bbox is None:
        lo = (-FREE_EXTENT,) * 3
        hi = (FREE_EXTENT,) * 3
    else:
        lo = tuple(float(c) - EXTENT_MARGIN for c in bbox[0])
        hi = tuple(float(c) + EXTENT_MARGIN for c in bbox[1])
    (x0, y0, z0), (x1, y1, z1) = lo, hi
    for i, a in enumerate(doc["annotations"]):
        for j, p in enumerate(a["points"]):
            x, y, z = p[0], p[1], p[2]
            if not (x0 <= x <= x1 and y0 <= y <= y1 and z0 <= z <= z1):
                _fail(name, f"annotations[{i}].points[{j}]", tr(
                    "point ({x:.6g}, {y:.6g}, {z:.6g}) is more than {margin:,.0f} m outside the venue"
                ).format(x=x, y=y, z=z, margin=EXTENT_MARGIN))
