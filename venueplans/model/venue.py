"""Venue, storeys, elements, spaces and features as plain data.

Coordinates are metres in the venue's local frame: x east, y north, z up. A source model whose
coordinates are far from the origin (georeferenced IFC) is shifted by `SourceInfo.origin` so that
float32 geometry keeps millimetre precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from venueplans.errors import UserError
from venueplans.i18n import N_, tr
from venueplans.model.messages import Message

PLAN_CUT_ABOVE_FLOOR = 1.2  # metres: where a plan cuts a storey (through doors and windows), everywhere

VENUE_KINDS = ("theatre", "stadium", "arena", "concert-hall", "other")
# What each kind is called on screen and paper: tr(VENUE_KIND_LABELS[kind]) where shown.
VENUE_KIND_LABELS = {"theatre": N_("theatre"), "stadium": N_("stadium"), "arena": N_("arena"),
                     "concert-hall": N_("concert hall"), "other": N_("other")}
OUTSIDE = N_("outside")  # `Feature.leads_to` of an exit in an external wall, as the importer stores it


def leads_to_text(value: str | None) -> str:
    """What a feature leads to, as shown: the importer's "outside" in the reader's language."""
    return tr(OUTSIDE) if value == OUTSIDE else (value or "")

# Render/plan categories. Order is drawing order in legends and toggles.
CATEGORIES = ("wall", "slab", "roof", "door", "window", "stair", "space", "furniture", "other")


@dataclass(slots=True)
class Venue:
    name: str
    kind: str = "other"
    address: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int | None = None
    contacts: str = ""
    notes: str = ""
    id: int | None = None
    created: str | None = None
    updated: str | None = None
    verified_by: str | None = None
    verified_on: str | None = None


@dataclass(slots=True)
class SourceInfo:
    """What was imported: enough to tell whether a later file is the same one."""

    file_name: str
    sha256: str
    format: str  # "ifc", "ifczip", "obj", "stl", "ply", "gltf", "glb"
    schema: str = ""  # IFC schema identifier, or "" for meshes
    importer: str = ""  # "ifc" | "mesh"
    importer_version: str = ""
    unit: str = "m"  # unit of the source file, geometry is always stored in metres
    up_axis: str = "z"
    origin: tuple[float, float, float] = (0.0, 0.0, 0.0)  # subtracted from source coordinates
    bbox: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None  # local metres
    warnings: list[Message] = field(default_factory=list)  # language-neutral: model/messages.py
    stats: dict[str, Any] = field(default_factory=dict)  # kernel, timings, counts of the source


@dataclass(slots=True)
class Storey:
    name: str
    elevation: float  # metres, local frame
    index: int = 0  # 0 = lowest
    height: float | None = None  # to the next storey, when known
    guid: str = ""
    inferred: bool = False  # True when guessed from mesh geometry, not read from the file
    id: int | None = None


@dataclass(slots=True)
class Element:
    """One building product (IFC entity or mesh node). `index` is its number within the venue."""

    index: int
    guid: str
    ifc_class: str
    name: str
    storey: int | None  # storey index
    category: str
    properties: dict[str, Any] = field(default_factory=dict)
    type_name: str = ""


@dataclass(slots=True)
class Space:
    name: str
    long_name: str
    storey: int | None
    footprint: list[tuple[float, float]]  # exterior ring, local metres, not closed
    area: float = 0.0
    guid: str = ""
    element: int | None = None  # element index, when the space has geometry
    properties: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(slots=True)
class Feature:
    """An exit, access point, stair, lift, key box... placed on a storey."""

    kind: str
    label: str
    storey: int | None  # storey index
    position: tuple[float, float, float]
    source: str  # where the evidence came from: "Pset_DoorCommon.FireExit", "user", ...
    element: int | None = None  # element index of the door/stair it comes from
    number: int | None = None
    verified: bool | None = None  # None: not reviewed; True confirmed; False rejected
    verify_reason: str = ""
    width: float | None = None  # clear width in metres (exits)
    leads_to: str = ""
    direction: tuple[float, float] | None = None  # unit vector in plan: the way out / up
    notes: str = ""
    id: int | None = None


class StoreyNotFound(UserError, LookupError, ValueError):
    """No storey, or more than one, answers to the name the user gave."""


def find_storey(storeys: Sequence[Storey], ref: int | str) -> Storey:
    """The storey *ref* names, the way people name them: its exact name (any case), its index ("0",
    "2"), or a unique beginning of its name ("Dachg"). Refuses in one line listing the storeys."""
    text = str(ref).strip()
    folded = text.casefold()
    found = [s for s in storeys if s.name.strip().casefold() == folded]
    if not found and text.lstrip("-").isdigit():
        found = [s for s in storeys if s.index == int(text)]
    if not found and folded:
        found = [s for s in storeys if s.name.strip().casefold().startswith(folded)]
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"{s.index}: {s.name}" for s in storeys) or "none"
    if found:
        raise StoreyNotFound(tr("storey {text!r} is ambiguous (storeys: {names})").format(text=text, names=names))
    raise StoreyNotFound(tr("storey {text!r} not found (storeys: {names})").format(text=text, names=names))
