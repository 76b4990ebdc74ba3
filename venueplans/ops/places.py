"""Place strings, the way people name places on a plan, resolved to a point of the walking network.

Accepted, tried in this order:

- coordinates ``x,y`` or ``x,y,z`` in metres, optionally ``@storey`` (``12.5,30@Balcon``); without a storey,
  the storey nearest to *z* (or to ground level);
- a feature: its label (``Porte 3``, ``PC sécurité``), ``exit 4`` / ``sortie 4`` (exit number),
  ``gate 3`` / ``porte 3`` (gate or access point number, else an exit labelled "Porte 3"), ``#12`` (id);
- a room: its number (IFC Name, ``R1.07``), its name (``Balcon``), ``room:ID``, or a unique part of its name;
- a door (avoid only): its name in the model (``Porte balcon 1``);
- a stair: its label (``Escalier A``);
- a scenario area: ``zone:LABEL`` (a danger zone drawn in a scenario);
- a grid cell ``C7`` with ``@storey`` unless only one storey has floor there (``C7@Niveau 1``).

Anything else, or a name that fits several places, is one clear line (`UnknownPlace`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import walknet as walknet_store
from venueplans.errors import UserError
from venueplans.geometry.grid import ReferenceGrid
from venueplans.geometry.walknet import WalkNetwork
from venueplans.geometry.walkroute import NoPlace, locate
from venueplans.i18n import tr
from venueplans.model import find_storey

_COORDS = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,;]\s*(-?\d+(?:\.\d+)?)(?:\s*[,;]\s*(-?\d+(?:\.\d+)?))?\s*"
                     r"(?:@\s*(.+))?$")
_CELL = re.compile(r"^\s*([A-Za-z]{1,2})(\d{1,3})\s*(?:@\s*(.+))?$")
_NUMBERED = re.compile(r"^\s*(exit|sortie|gate|porte|access|acc[eè]s|vomitory|vomitoire)\s*(?:n[°o]\s*)?(\d+)\s*$",
                       re.IGNORECASE)


class UnknownPlace(UserError, LookupError):
    """A place string that names nothing, or several things, in the venue."""


@dataclass
class Place:
    label: str
    storey: int
    x: float
    y: float
    node: int | None = None  # a network node standing for the place (an exit), when there is one
    ref: str = ""  # a string `resolve_place` maps back to this place unambiguously
    space_id: int | None = None
    region: int | None = None
    avoid_nodes: list[int] = field(default_factory=list)
    zone: BaseGeometry | None = None

    @property
    def point(self) -> tuple[int, float, float]:
        return (self.storey, self.x, self.y)


def _memo(net: WalkNetwork, key: str, load):
    """Rows read once per network: any change to features or rooms rebuilds the network (new memo)."""
    if key not in net.memo:
        net.memo[key] = load()
    return net.memo[key]


def _fold(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _feature_nodes(net: WalkNetwork, feature_id: int) -> list[int]:
    g = net.graph
    nodes = [n for n, d in g.nodes(data=True) if d["kind"] in ("exit", "access", "feature") and d.get("ref") == feature_id]
    doors = [m for n in nodes for m in g.neighbors(n) if g.nodes[m]["kind"] == "door"]
    return nodes + doors


def _from_feature(net: WalkNetwork, f) -> Place:
    nodes = _feature_nodes(net, f.id)
    node = nodes[0] if nodes and net.graph.nodes[nodes[0]]["kind"] == "exit" else None
    label = f.label or f.kind
    if f.kind == "exit" and f.number is not None:
        label = tr("{label} (exit {number})").format(label=f.label, number=f.number) if f.label else \
            tr("exit {number}").format(number=f.number)
    stair_nodes = [n for n, d in net.graph.nodes(data=True) if d["kind"] == "landing" and d.get("feature") == f.id]
    return Place(label, f.storey, f.position[0], f.position[1], node=node, ref=f"#{f.id}",
                 avoid_nodes=nodes + stair_nodes)


def _exact_features(features, text: str) -> list:
    folded = _fold(text)
    if folded.startswith("#") and folded[1:].isdigit():
        return [f for f in features if f.id == int(folded[1:])]
    return [f for f in features if _fold(f.label) == folded and f.label]


def _numbered_features(features, text: str) -> list:
    m = _NUMBERED.match(text)
    if not m:
        return []
    word, number = m.group(1).casefold(), int(m.group(2))
    if word in ("exit", "sortie"):
        return [f for f in features if f.kind == "exit" and f.number == number]
    if word in ("vomitory", "vomitoire"):
        return [f for f in features if f.kind == "vomitory" and f.number == number]
    for kinds in (("pedestrian_gate",), ("access_point",)):
        found = [f for f in features if f.kind in kinds and f.number == number]
        if found:
            return found
    return [f for f in features if re.fullmatch(rf"(porte|gate|acc[eè]s|access)\s*{number}", _fold(f.label))]


def room_places(cat: Catalogue, venue_id: int, net: WalkNetwork) -> list[Place]:
    """One place per room (at a point well inside its largest free area), with an unambiguous ref.
    Kept with the network it was made for (rooms and labels change only with it)."""
    cached = net.memo.get("room_places")
    if cached is None:
        cached = net.memo["room_places"] = _room_places(cat, venue_id, net)
    return [dataclasses.replace(p) for p in cached]


def _room_places(cat: Catalogue, venue_id: int, net: WalkNetwork) -> list[Place]:
    spaces = _memo(net, "spaces", lambda: read.load_spaces(cat, venue_id))
    features = _memo(net, "features", lambda: read.load_features(cat, venue_id, include_rejected=True))
    numbers = [_fold(s.name) for s in spaces] + [_fold(f.label) for f in features]
    places = []
    for s in spaces:
        mine = [r for r in net.regions if r.space_id == s.id]
        label = " ".join(p for p in (s.name, s.long_name) if p) or tr("room {id}").format(id=s.id)
        ref = s.name if s.name and numbers.count(_fold(s.name)) == 1 else f"room:{s.id}"
        if not mine:
            poly = shapely.Polygon(s.footprint) if len(s.footprint) >= 3 else shapely.Point(0, 0)
            p = poly.representative_point()
            places.append(Place(label, s.storey, p.x, p.y, ref=ref, space_id=s.id))
            continue
        main = max(mine, key=lambda r: r.geom.area)
        p = main.geom.representative_point()
        places.append(Place(label, s.storey, p.x, p.y, ref=ref, space_id=s.id, region=main.id,
                            avoid_nodes=[n for r in mine for n in net.region_nodes(r.id)]))
    if not spaces:  # a roomless venue: its walkable areas stand for rooms
        for r in (r for r in net.regions if not r.outside):
            p = r.geom.representative_point()
            name = f"{r.name} ({net.storey(r.storey).name})"
            places.append(Place(name, r.storey, p.x, p.y, ref=f"{p.x:.1f},{p.y:.1f}@{r.storey}", region=r.id))
    return places


def _match_rooms(places: list[Place], spaces, text: str, *, exact: bool) -> list[Place]:
    folded = _fold(text)
    by_id = {s.id: s for s in spaces}
    if not exact:
        return [p for p in places if p.space_id in by_id and folded and folded in _fold(by_id[p.space_id].long_name)]
    if folded.startswith("room:") and folded[5:].isdigit():
        return [p for p in places if p.space_id == int(folded[5:])]
    for key in (lambda s: _fold(s.name), lambda s: _fold(s.long_name), lambda s: _fold(f"{s.name} {s.long_name}")):
        found = [p for p in places if p.space_id in by_id and key(by_id[p.space_id]) == folded]
        if found:
            return found
    return []


def _storey_for(net: WalkNetwork, storeys, ref: str | None, x: float, y: float, z: float | None, text: str) -> int:
    if ref:
        return find_storey(storeys, ref.strip()).index
    if z is not None:
        return min(storeys, key=lambda s: abs(s.elevation - z) if s.elevation <= z + 0.5 else 1e9).index
    here = []
    for s in storeys:
        try:
            locate(net, s.index, x, y, reach=0.5)
            here.append(s)
        except NoPlace:
            pass
    if len(here) == 1:
        return here[0].index
    if not here:
        return min(storeys, key=lambda s: abs(s.elevation)).index
    names = ", ".join(s.name for s in here)
    raise UnknownPlace(tr("{place} is on several storeys ({names}): add @storey").format(place=text, names=names))


def resolve_place(cat: Catalogue, venue_id: int, net: WalkNetwork, text: str, *, for_avoid: bool = False) -> Place:
    """The place *text* names in venue *venue_id* (see the module's docstring)."""
    text = (text or "").strip()
    if not text:
        raise UnknownPlace(tr("empty place: give a room, a feature, a grid cell or x,y"))
    storeys = _memo(net, "storeys", lambda: read.load_storeys(cat, venue_id))
    m = _COORDS.match(text)
    if m:
        x, y = float(m.group(1)), float(m.group(2))
        z = float(m.group(3)) if m.group(3) else None
        storey = _storey_for(net, storeys, m.group(4), x, y, z, text)
        return Place(f"{x:.1f}, {y:.1f} ({net.storey(storey).name})", storey, x, y, ref=f"{x:.2f},{y:.2f}@{storey}")
    features = [f for f in _memo(net, "features", lambda: read.load_features(cat, venue_id, include_rejected=True))
                if f.storey is not None and (f.verified is not False or for_avoid)]
    # Exact names first (a feature's label, then a room's number or name), then numbered features
    # ("exit 4"), doors and stairs, then part of a room's name.
    spaces = _memo(net, "spaces", lambda: read.load_spaces(cat, venue_id))
    places = room_places(cat, venue_id, net)
    for finder in (lambda: _exact_features(features, text), lambda: _match_rooms(places, spaces, text, exact=True),
                   lambda: _numbered_features(features, text), lambda: _match_network(net, text),
                   lambda: _match_rooms(places, spaces, text, exact=False)):
        found = finder()
        if isinstance(found, Place):
            return found
        if found and len(found) == 1:
            return found[0] if isinstance(found[0], Place) else _from_feature(net, found[0])
        if found:
            _ambiguous(text, [getattr(f, "label", "") or getattr(f, "kind", "") for f in found])
    if _fold(text).startswith("zone:"):
        return _zone(cat, venue_id, text)
    m = _CELL.match(text)
    if m and net.grid is not None:
        grid = ReferenceGrid(*net.grid)
        x, y = grid.cell_centre(m.group(1) + m.group(2))
        storey = _storey_for(net, storeys, m.group(3), x, y, None, text)
        label = f"{m.group(1).upper()}{m.group(2)} ({net.storey(storey).name})"
        return Place(label, storey, x, y, ref=f"{m.group(1).upper()}{m.group(2)}@{net.storey(storey).name}")
    raise UnknownPlace(tr("no place {place!r} in this venue (give a room, a feature label such as \"exit 4\", a "
                          "grid cell such as C7@storey, or x,y)").format(place=text))


def _ambiguous(text: str, names: list[str]) -> None:
    shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
    raise UnknownPlace(tr("{place!r} names several places ({names}): be more precise").format(place=text, names=shown))


def _match_network(net: WalkNetwork, text: str) -> Place | None:
    """A door (by its name in the model) or a stair / ramp (by its label)."""
    folded = _fold(text)
    g = net.graph
    doors = [n for n, d in g.nodes(data=True) if d["kind"] == "door" and d.get("label") and _fold(d["label"]) == folded]
    if len(doors) == 1:
        d = g.nodes[doors[0]]
        return Place(d["label"], d["storey"], *d["xyz"][:2], node=None, ref=d["label"], avoid_nodes=doors)
    landings = [n for n, d in g.nodes(data=True) if d["kind"] == "landing" and _fold(d.get("label") or "") == folded]
    if landings:
        d = g.nodes[min(landings, key=lambda n: g.nodes[n]["xyz"][2])]
        return Place(d["label"], d["storey"], *d["xyz"][:2], ref=d["label"], avoid_nodes=landings)
    return None


def _zone(cat: Catalogue, venue_id: int, text: str) -> Place:
    label = text.split(":", 1)[1].strip()
    rows = walknet_store.area_annotations(cat, venue_id, label)
    if not rows:
        raise UnknownPlace(tr("no scenario area labelled {label!r} in this venue").format(label=label))
    storey, geometry = rows[0]
    pts = [tuple(p[:2]) for p in json.loads(geometry)]
    zone = shapely.Polygon(pts) if len(pts) >= 3 else shapely.LineString(pts).buffer(1.0)
    c = zone.centroid
    return Place(label, storey if storey is not None else 0, c.x, c.y, ref=f"zone:{label}", zone=zone)
