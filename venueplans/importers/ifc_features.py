"""Exits, access points, stairs, ramps and lifts found in an IFC model, each with its evidence.

Every feature records in `source` the one piece of evidence that made it, and in `notes` any other
evidence seen; nothing is marked verified (`verified=None`): a person reviews them.

Exits (kind "exit") are doors with, in decreasing order of trust:
1. `Pset_DoorCommon.FireExit` TRUE, on the door or inherited from its type -> source
   "Pset_DoorCommon.FireExit". An explicit FALSE vetoes the weaker evidence below (noted, not used).
2. A vendor property whose name reads "fire exit" in any pset but Pset_DoorCommon (Revit's
   `IsFireExit`, `FireExit`, `EmergencyExit`, `Notausgang`...) with a yes-like value (TRUE, "Yes",
   "oui", "ja", 1) -> source "<pset>.<property>", e.g. "PSet_Revit_Type_Other.IsFireExit".
   Values that are neither yes nor no are not taken as exits: Revit/COBie exports fill unset text
   parameters with the parameter's own name (the Duplex model's doors all say IsFireExit =
   'IsFireExit'). They are counted in `stats["unclear_exit_evidence"]`, reported in one warning and noted on
   the door's other feature, if any.
3. The door's Name, read as a whole word after lower-casing and dropping accents, saying exit in
   English, French, German or Dutch: "exit", "fire exit", "emergency exit", "egress", "sortie",
   "sortie de secours", "issue de secours", "porte de secours", "notausgang", "ausgang", "fluchttür",
   "nooduitgang", "uitgang", "vluchtdeur" -> source "name '<Name>'". A negation just before the word
   ("no exit", "pas de sortie", "kein Ausgang", "geen uitgang") cancels it. Type names are not read:
   "fire door" (porte coupe-feu) is a rating, not a way out.

External doors (other than exits) become "entrance" when their name says main entrance ("main
entrance", "front door", "entrée principale", "porte principale", "Haupteingang", "Haustür",
"hoofdingang", "voordeur"), else "access_point". A door is external when, first match wins:
- `Pset_DoorCommon.IsExternal` is TRUE (FALSE ends the search) -> source "Pset_DoorCommon.IsExternal";
- the wall it is set in has `Pset_WallCommon.IsExternal` TRUE -> "Pset_WallCommon.IsExternal (host wall)";
- its storey has spaces and, 0.8 m either side of the door, exactly one side is inside them ->
  "geometry: door on the outline of the storey's spaces".
A door named like a main entrance is an entrance even without those. An exit that is external gets
`leads_to="outside"`. Doors with PredefinedType GATE (IFC4) that are not exits become
"pedestrian_gate"; external doors or gates named for vehicles ("véhicules", "vehicle", "pompiers",
"Feuerwehr") become "vehicle_access". A gate that is an exit stays an exit, noted as a gate.

Direction (unit vector in plan, the way out): towards the side outside the storey's spaces when that
can be told, else for an external door away from the building's centre, else the door's local +Y
axis (IFC doors are drawn with their frame across it; which way the leaf swings is not checked).

Circulation: one "stair" per IfcStair (its flights, landings and railings are parts of it; a flight
that belongs to no stair is a stair of its own), source "IfcStair"; a stair with
Pset_StairCommon.FireExit TRUE is noted as an escape stair. One "ramp" per IfcRamp (same rule),
source "IfcRamp". One "lift" per IfcTransportElement whose PredefinedType (IFC4) or OperationType
(IFC2X3), on it or its type, is ELEVATOR, or whose name says lift/elevator/ascenseur/Aufzug, source
"IfcTransportElement"; escalators become stairs.

Rooms: an IfcSpace whose ObjectType, Name or LongName (in that order) says vomitory ("vomitoire",
"vomitory"), control room ("PC sécurité", "poste de commandement", "control room", "CCTV") or first
aid ("poste de secours", "infirmerie", "first aid", "Erste Hilfe", "EHBO") becomes a "vomitory",
"control_room" or "first_aid" feature at a point inside its footprint, source e.g.
"IfcSpace ObjectType 'Vomitoire'".

Positions are the centre of the element's geometry box in plan at the box's lowest z (floor level),
or its placement when it has no geometry. Width is the door's OverallWidth in metres. Labels are the
element's Name, or "Exit 3", "Stair 2"... when it has none. Numbers are not given here: exits,
access points, gates and vomitories are numbered at import by the venue's one rule
(`geometry.numbering.feature_numbers`, applied by `ops.import_venue`): the number at the end of the
label when no other feature of the kind has it ("Vomitoire 07"), else clockwise from the main entrance.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ifcopenshell.util.placement
import numpy as np
from shapely.geometry import Point, Polygon

from venueplans.importers.ifc_extract import Classes
from venueplans.importers.ifc_properties import truthy
from venueplans.model.features import FEATURE_KINDS
from venueplans.model.messages import Message, tr_later
from venueplans.model.venue import Element, Feature, Space

SIDE_PROBE = 0.8  # metres either side of a door where "inside" is tested

_EXIT_WORDS = [
    r"(fire |emergency )?exit",
    r"egress",
    r"sortie( de secours)?",
    r"issue de secours",
    r"porte de secours",
    r"notausgang\w*",
    r"ausgang\w*",
    r"fluchttu(e)?r\w*",
    r"nooduitgang\w*",
    r"uitgang\w*",
    r"vluchtdeur\w*",
]
_EXIT_NAME = re.compile(r"(?<![a-z])(?:" + "|".join(_EXIT_WORDS) + r")(?![a-z])")
_NEGATION = re.compile(
    r"(?<![a-z])(no|not|non|pas de|sans|kein|keine|geen|nicht)(?![a-z])[\s\-_']*(an? |d'|de |la )?$"
)
_MAIN_ENTRANCE = re.compile(
    r"(?<![a-z])(main entrance|main entry|front door|entree principale|porte principale|haupteingang\w*|"
    r"hauseingang\w*|haustu(e)?r\w*|hoofdingang\w*|voordeur\w*)(?![a-z])"
)
_VEHICLE_NAME = re.compile(r"(?<![a-z])(vehic\w*|pompiers|fahrzeug\w*|voertuig\w*|feuerwehr\w*)(?![a-z])")
# Rooms that matter to an intervention, by IfcSpace Name, LongName or ObjectType (first match wins).
_SPACE_RULES = (
    ("vomitory", re.compile(r"(?<![a-z])(vomitoires?|vomitor(y|ies)|vom)(?![a-z])")),
    (
        "control_room",
        re.compile(
            r"(?<![a-z])(control room|pc securite|poste de (commandement|controle)|"
            r"salle de (controle|surveillance)|cctv|videosurveillance|leitstelle)(?![a-z])"
        ),
    ),
    (
        "first_aid",
        re.compile(
            r"(?<![a-z])(first aid|poste de secours|premiers secours|infirmerie|"
            r"erste hilfe|sanitatsraum|ehbo)(?![a-z])"
        ),
    ),
)
_LIFT_NAME = re.compile(r"(?<![a-z])(lift|elevator|ascenseur|aufzug|fahrstuhl)(?![a-z])")
_VENDOR_EXIT_PROPS = {
    "isfireexit",
    "fireexit",
    "emergencyexit",
    "isemergencyexit",
    "escapedoor",
    "notausgang",
    "sortiedesecours",
    "nooduitgang",
}


def normalise(text: str) -> str:
    """Lower case without accents ("Entrée" -> "entree", "Haustür" -> "haustur")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def exit_name(name: str) -> bool:
    """True when a door's *name* says exit (see module docstring), with no negation just before."""
    text = normalise(name)
    for m in _EXIT_NAME.finditer(text):
        if not _NEGATION.search(text[: m.start()]):
            return True
    return False


def main_entrance_name(name: str) -> bool:
    return bool(_MAIN_ENTRANCE.search(normalise(name)))


@dataclass
class FeatureReport:
    features: list[Feature]
    stats: dict[str, Any] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)


@dataclass
class Context:
    """What the rules need beyond the elements themselves."""

    elements: list[Element]
    products: list[Any]
    boxes: dict[int, tuple[np.ndarray, np.ndarray]]  # element index -> local-frame box
    element_of: dict[int, int]  # IFC step id -> element index
    parent: dict[int, Any]  # IFC step id -> aggregating product
    type_of: Callable[[Any], Any]  # product -> its type object or None
    interiors: dict[int | None, Any]  # storey index -> shapely geometry of the inside
    scale: float  # metres per file unit
    origin: tuple[float, float, float]
    classes: Classes

    def placement(self, idx: int) -> np.ndarray | None:
        """The element's 4x4 placement in the local frame (metres), or None."""
        op = getattr(self.products[idx], "ObjectPlacement", None)
        if op is None:
            return None
        try:
            m = np.array(ifcopenshell.util.placement.get_local_placement(op), dtype=np.float64)
        except Exception:  # noqa: BLE001 - broken placement chains exist; the box still tells
            return None
        m[:3, 3] = m[:3, 3] * self.scale - np.asarray(self.origin)
        return m

    def position(self, idx: int, extra: list[int] = ()) -> tuple[float, float, float] | None:
        boxes = [self.boxes[i] for i in (idx, *extra) if i in self.boxes]
        if boxes:
            lo = np.min([b[0] for b in boxes], axis=0)
            hi = np.max([b[1] for b in boxes], axis=0)
            return (
                round(float(lo[0] + hi[0]) / 2, 3),
                round(float(lo[1] + hi[1]) / 2, 3),
                round(float(lo[2]), 3),
            )
        m = self.placement(idx)
        return None if m is None else tuple(round(float(c), 3) for c in m[:3, 3])


def find_features(ctx: Context, spaces: list[Space] = ()) -> FeatureReport:
    report = FeatureReport([])
    centre = _centre(ctx)
    evidence: Counter = Counter()
    unclear: Counter = Counter()
    fire_exit_doors = 0
    children: dict[int, list[int]] = {}
    for el, product in zip(ctx.elements, ctx.products, strict=True):
        up = ctx.parent.get(product.id())
        if up is not None and up.id() in ctx.element_of:
            children.setdefault(ctx.element_of[up.id()], []).append(el.index)

    roles: dict[str, str | None] = {}
    for el, product in zip(ctx.elements, ctx.products, strict=True):
        role = roles.get(el.ifc_class, "?")
        if role == "?":
            role = roles[el.ifc_class] = _role(ctx.classes.ancestors(el.ifc_class))
        if role is None:
            continue
        if role == "door":
            feature, door_evidence = _door_feature(ctx, el, product, centre)
            fire_exit_doors += door_evidence.get("fire_exit_pset", 0)
            evidence.update(door_evidence.get("sources", []))
            unclear.update(door_evidence.get("unclear", []))
            if feature is not None:
                report.features.append(feature)
        elif role == "stair" or (role == "stair flight" and not _has_parent(ctx, product, "IfcStair")):
            report.features.append(_circulation(ctx, el, "stair", "IfcStair", children.get(el.index, [])))
        elif role == "ramp" or (role == "ramp flight" and not _has_parent(ctx, product, "IfcRamp")):
            report.features.append(_circulation(ctx, el, "ramp", "IfcRamp", children.get(el.index, [])))
        elif role == "transport":
            kind = _transport_kind(ctx, el, product)
            if kind is not None:
                source = "IfcTransportElement ESCALATOR" if kind == "stair" else "IfcTransportElement"
                report.features.append(_circulation(ctx, el, kind, source, []))

    report.features += _space_features(ctx, spaces)
    _default_labels(report.features)
    for source, n in sorted(unclear.items()):
        prop, value = source
        report.warnings.append(tr_later(
            "{n} door(s) carry {prop} = {value!r}, which is not a yes/no value (an unset parameter exported "
            "as its own name?): not taken as exits", n=n, prop=prop, value=value))
    report.stats = {
        "fire_exit_doors": fire_exit_doors,
        "door_evidence": dict(sorted(evidence.items())),
        "unclear_exit_evidence": {f"{p} = {v!r}": n for (p, v), n in sorted(unclear.items())},
        "features": dict(Counter(f.kind for f in report.features)),
    }
    return report


_ROLES = (
    ("IfcDoor", "door"),
    ("IfcStairFlight", "stair flight"),
    ("IfcStair", "stair"),
    ("IfcRampFlight", "ramp flight"),
    ("IfcRamp", "ramp"),
    ("IfcTransportElement", "transport"),
)


def _role(ancestors: frozenset[str]) -> str | None:
    """What the rules look at in a product of this class, if anything (computed once per class)."""
    return next((role for cls, role in _ROLES if cls in ancestors), None)


def _door_feature(ctx: Context, el: Element, product, centre) -> tuple[Feature | None, dict]:
    psets = el.properties
    door_common = psets.get("Pset_DoorCommon") or {}
    notes: list[str] = []
    info: dict[str, Any] = {"sources": [], "unclear": []}

    fire_exit = truthy(door_common.get("FireExit"))
    exit_source = None
    if fire_exit:
        exit_source = "Pset_DoorCommon.FireExit"
        info["fire_exit_pset"] = 1
    for pset, props in psets.items():
        if pset in ("Pset_DoorCommon", "Attributes") or not isinstance(props, dict):
            continue
        for prop, value in props.items():
            key = re.sub(r"[^a-z]", "", normalise(prop))
            if key not in _VENDOR_EXIT_PROPS:
                continue
            verdict = truthy(value)
            source = f"{pset}.{prop}"
            if verdict is True:
                if exit_source is None and fire_exit is not False:
                    exit_source = source
                else:
                    notes.append(f"{source} = {value!r}")
            elif verdict is None and value is not None:
                info["unclear"].append((source, str(value)))
                notes.append(f"{source} = {value!r} (not a yes/no value; not taken as an exit)")
    if exit_name(el.name):
        if exit_source is None and fire_exit is not False:
            exit_source = f"name '{el.name}'"
        else:
            notes.append(f"name '{el.name}' says exit")
    if fire_exit is False and (notes or exit_name(el.name)):
        notes.append("Pset_DoorCommon.FireExit is FALSE")

    external, external_source, outward = _external(ctx, el, product, door_common, centre)
    gate = str((psets.get("Attributes") or {}).get("PredefinedType") or "").upper() == "GATE"
    direction = outward or _axis(ctx, el.index)
    width = (psets.get("Attributes") or {}).get("OverallWidth")
    position = ctx.position(el.index)
    if position is None:
        return None, info

    if exit_source is not None:
        info["sources"].append(exit_source.split(" '")[0] if exit_source.startswith("name") else exit_source)
        if external_source and external:
            notes.append(f"external ({external_source})")
        if main_entrance_name(el.name):
            notes.append("also the main entrance (name)")
        if gate:
            notes.append("a gate (PredefinedType GATE)")
        kind, source, leads_to = "exit", exit_source, "outside" if external else ""
    elif main_entrance_name(el.name):
        kind, source, leads_to = (
            "entrance",
            external_source if external else f"name '{el.name}'",
            "outside" if external else "",
        )
        if external:
            notes.append(f"name '{el.name}' says main entrance")
        info["sources"].append("entrance")
    elif external or gate:
        kind = (
            "vehicle_access"
            if _VEHICLE_NAME.search(normalise(el.name))
            else ("pedestrian_gate" if gate else "access_point")
        )
        source = external_source or "IfcDoor PredefinedType GATE"
        leads_to = "outside" if external else ""
        info["sources"].append(source)
    else:
        return None, info
    return Feature(
        kind=kind,
        label=el.name,
        storey=el.storey,
        position=position,
        source=source,
        element=el.index,
        width=width,
        leads_to=leads_to,
        direction=direction,
        notes="; ".join(notes),
    ), info


def _external(
    ctx: Context, el: Element, product, door_common: dict, centre
) -> tuple[bool, str, tuple | None]:
    """(external?, evidence, outward direction or None)."""
    outward = _outward_by_spaces(ctx, el)
    declared = truthy(door_common.get("IsExternal"))
    if declared is not None:
        if declared and outward is None:
            outward = _away_from(ctx, el, centre)
        return declared, "Pset_DoorCommon.IsExternal", outward
    for wall in _host_walls(ctx, product):
        wall_common = ctx.elements[wall].properties.get("Pset_WallCommon") or {}
        if truthy(wall_common.get("IsExternal")):
            return True, "Pset_WallCommon.IsExternal (host wall)", outward or _away_from(ctx, el, centre)
    if outward is not None:
        return True, "geometry: door on the outline of the storey's spaces", outward
    return False, "", None


def _host_walls(ctx: Context, product) -> list[int]:
    walls = []
    for fills in getattr(product, "FillsVoids", None) or ():
        opening = fills.RelatingOpeningElement
        for voids in getattr(opening, "VoidsElements", None) or ():
            host = voids.RelatingBuildingElement
            if host is not None and host.id() in ctx.element_of:
                walls.append(ctx.element_of[host.id()])
    return walls


def _axis(ctx: Context, idx: int) -> tuple[float, float] | None:
    m = ctx.placement(idx)
    if m is None:
        return None
    y = m[:2, 1]
    n = float(np.hypot(*y))
    return (round(float(y[0] / n), 4), round(float(y[1] / n), 4)) if n > 1e-6 else None


def _outward_by_spaces(ctx: Context, el: Element) -> tuple[float, float] | None:
    inside = ctx.interiors.get(el.storey)
    axis = _axis(ctx, el.index)
    box = ctx.boxes.get(el.index)
    if inside is None or axis is None or box is None:
        return None
    cx, cy = (box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2
    ahead = inside.contains(Point(cx + SIDE_PROBE * axis[0], cy + SIDE_PROBE * axis[1]))
    behind = inside.contains(Point(cx - SIDE_PROBE * axis[0], cy - SIDE_PROBE * axis[1]))
    if ahead == behind:
        return None
    return (-axis[0], -axis[1]) if ahead else axis


def _away_from(ctx: Context, el: Element, centre) -> tuple[float, float] | None:
    axis = _axis(ctx, el.index)
    pos = ctx.position(el.index)
    if axis is None or pos is None or centre is None:
        return axis
    if axis[0] * (pos[0] - centre[0]) + axis[1] * (pos[1] - centre[1]) < 0:
        return (-axis[0], -axis[1])
    return axis


def _space_features(ctx: Context, spaces: list[Space]) -> list[Feature]:
    """Vomitories, first-aid posts and control rooms named as such (see _SPACE_RULES)."""
    found = []
    for space in spaces:
        object_type = str((space.properties.get("Attributes") or {}).get("ObjectType") or "")
        for kind, pattern in _SPACE_RULES:
            field_name, text = next(
                (
                    (f, t)
                    for f, t in (
                        ("ObjectType", object_type),
                        ("Name", space.name),
                        ("LongName", space.long_name),
                    )
                    if pattern.search(normalise(t))
                ),
                (None, ""),
            )
            if field_name is None:
                continue
            box = ctx.boxes.get(space.element) if space.element is not None else None
            if len(space.footprint) >= 3:
                point = Polygon(space.footprint).representative_point()
                xy = (round(point.x, 3), round(point.y, 3))
            elif box is not None:
                xy = (round(float(box[0][0] + box[1][0]) / 2, 3), round(float(box[0][1] + box[1][1]) / 2, 3))
            else:
                break
            z = round(float(box[0][2]), 3) if box is not None else 0.0
            found.append(
                Feature(
                    kind=kind,
                    label=space.long_name or space.name,
                    storey=space.storey,
                    position=(*xy, z),
                    source=f"IfcSpace {field_name} '{text}'",
                    element=space.element,
                )
            )
            break
    return found


def _has_parent(ctx: Context, product, cls: str) -> bool:
    up = ctx.parent.get(product.id())
    return up is not None and up.is_a(cls)


def _circulation(ctx: Context, el: Element, kind: str, source: str, parts: list[int]) -> Feature:
    notes = ""
    common = el.properties.get("Pset_StairCommon") or {}
    if kind == "stair" and truthy(common.get("FireExit")):
        notes = "escape stair (Pset_StairCommon.FireExit TRUE)"
    position = ctx.position(el.index, parts) or (0.0, 0.0, 0.0)
    return Feature(
        kind=kind,
        label=el.name,
        storey=el.storey,
        position=position,
        source=source,
        element=el.index,
        notes=notes,
    )


def _transport_kind(ctx: Context, el: Element, product) -> str | None:
    attrs = el.properties.get("Attributes") or {}
    values = [attrs.get("PredefinedType"), attrs.get("OperationType")]
    product_type = ctx.type_of(product)
    if product_type is not None:
        values += [
            getattr(product_type, "PredefinedType", None),
            getattr(product_type, "OperationType", None),
        ]
    values = {str(v).upper() for v in values if v}
    if "ELEVATOR" in values:
        return "lift"
    if "ESCALATOR" in values:
        return "stair"
    text = normalise(" ".join(str(x) for x in (el.name, attrs.get("ObjectType") or "", el.type_name)))
    return "lift" if _LIFT_NAME.search(text) else None


def _centre(ctx: Context) -> tuple[float, float] | None:
    if not ctx.boxes:
        return None
    lo = np.min([b[0] for b in ctx.boxes.values()], axis=0)
    hi = np.max([b[1] for b in ctx.boxes.values()], axis=0)
    return (float(lo[0] + hi[0]) / 2, float(lo[1] + hi[1]) / 2)


def _default_labels(features: list[Feature]) -> None:
    """Labels for unnamed features ("Exit 2", "Stair 1"). Numbers are not given here: the venue's one
    numbering rule runs at import (`ops.import_venue`, `geometry.numbering.feature_numbers`)."""
    counters: Counter = Counter()
    for f in features:
        counters[f.kind] += 1
        if not f.label:
            word = {
                "exit": "Exit",
                "access_point": "Access",
                "entrance": "Main entrance",
                "stair": "Stair",
                "ramp": "Ramp",
                "lift": "Lift",
            }.get(f.kind, FEATURE_KINDS[f.kind].label)
            f.label = f"{word} {counters[f.kind]}"


