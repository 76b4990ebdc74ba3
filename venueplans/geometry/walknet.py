"""The walking network of a venue: where one can walk, and how far it is, from room to room and storey to storey.

Built from catalogue data only (rooms, stored triangles, features), never from the source file:

- *regions*: each room's free area on its storey (the room's footprint shrunk by `CLEARANCE`, minus the
  walls cut at chest height and buffered by the same clearance), so a path hugging a region's edge still
  keeps clear of the walls. Without rooms (meshes, IFC without IfcSpace) the regions are the storey's
  walkable area: its floor (or the areas the walls enclose) minus the walls, doors being gaps in them.
- nodes: doors (centre of the opening; a door joining one room only leads outside), open passages
  between rooms that touch without a wall, stair / ramp / lift landings (joined storey to storey along
  the flight), exits and access points, plus each region's entry points and reflex corners;
- edges: walking lengths in metres. Inside a region two nodes are joined when the straight segment
  between them stays inside the region (a visibility graph), so no edge ever goes through a wall.

`networkx` holds the graph; shapely does the geometry. Queries (nearest exit, routes, distance maps) live in
`geometry/walkroute.py`; storing and rebuilding in `ops/routes.py`.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from venueplans.geometry.circulation import VerticalLink, vertical_links
from venueplans.geometry.plan2d import cut_openings, door_openings, floor_area
from venueplans.geometry.sections import section_meshes
from venueplans.model.geometry import MeshBatch
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR, Feature, Space, Storey

FORMAT_VERSION = 2
CLEARANCE = 0.25  # metres kept from walls: half a shoulder width
DOOR_REACH = 0.9  # a room this close to a door's centre (beyond half the wall's depth) opens onto it
ATTACH_REACH = 3.0  # a feature or landing this close to a region is reached from it
MIN_REGION_AREA = 0.25
WAY_OUT_KINDS = ("exit",)
ACCESS_KINDS = ("entrance", "access_point", "pedestrian_gate", "vehicle_access")


@dataclass(slots=True)
class Region:
    """Part of a room's free area (or of a roomless storey's walkable area)."""

    id: int
    storey: int
    geom: BaseGeometry
    space_id: int | None = None  # catalogue id of the room
    number: str = ""  # IFC Name ("0.12")
    name: str = ""  # IFC LongName ("Foyer")
    outside: bool = False  # the ground around the building, on storeys with exits or entrances


@dataclass
class WalkNetwork:
    """Graph plus the regions its nodes sit in. Node attributes: kind, storey, xyz, label, ref, region,
    verified (features), outside (doors). Edge attributes: length, kind (walk | door | stair | ramp | lift
    | feature), label, path (stair edges: the walking line)."""

    graph: nx.Graph
    regions: list[Region]
    storeys: list[Storey]
    findings: list[str] = field(default_factory=list)
    grid: tuple[float, float, float, int, int] | None = None  # the venue's ReferenceGrid fields
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # query-side caches

    def region_nodes(self, region: int) -> list[int]:
        """The permanent nodes lying in *region* (entries, corners), from an index built once."""
        index = self.memo.get("region_nodes")
        if index is None:
            index = {}
            for n, d in self.graph.nodes(data=True):
                if n >= 0 and d.get("region") is not None:
                    index.setdefault(d["region"], []).append(n)
            self.memo["region_nodes"] = index
        return index.get(region, [])

    def storey(self, index: int) -> Storey:
        return next(s for s in self.storeys if s.index == index)

    def regions_on(self, storey: int) -> list[Region]:
        return [r for r in self.regions if r.storey == storey]

    def nodes_of(self, kind: str) -> list[int]:
        return [n for n, d in self.graph.nodes(data=True) if d["kind"] == kind]

    # --- storage --------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        g = self.graph
        data = {
            "version": FORMAT_VERSION,
            "storeys": [[s.index, s.name, s.elevation] for s in self.storeys],
            "regions": [[r.id, r.storey, shapely.to_wkb(r.geom, hex=True), r.space_id, r.number, r.name, r.outside]
                        for r in self.regions],
            "nodes": [[n, d] for n, d in g.nodes(data=True)],
            "edges": [[u, v, d] for u, v, d in g.edges(data=True)],
            "findings": self.findings,
            "grid": list(self.grid) if self.grid else None,
        }
        return zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> WalkNetwork:
        data = json.loads(zlib.decompress(blob))
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"walking network format {data.get('version')} (expected {FORMAT_VERSION})")
        g = nx.Graph()
        for n, d in data["nodes"]:
            d["xyz"] = tuple(d["xyz"])
            g.add_node(n, **d)
        g.add_edges_from((u, v, d) for u, v, d in data["edges"])
        storeys = [Storey(name, elev, idx) for idx, name, elev in data["storeys"]]
        regions = [Region(i, s, shapely.from_wkb(w), sid, num, name, bool(out))
                   for i, s, w, sid, num, name, out in data["regions"]]
        grid = tuple(data["grid"]) if data.get("grid") else None
        return cls(g, regions, storeys, data.get("findings", []), grid)


@dataclass
class NetworkInputs:
    """What the network is built from, as read from the catalogue."""

    storeys: Sequence[Storey]
    spaces: Sequence[Space]
    features: Sequence[Feature]
    batches: Sequence[MeshBatch]  # wall, other, door, slab, stair batches of every storey
    element_names: dict[int, str] = field(default_factory=dict)
    element_classes: dict[int, str] = field(default_factory=dict)
    grid: tuple[float, float, float, int, int] | None = None


class _Builder:
    def __init__(self, inputs: NetworkInputs):
        self.inp = inputs
        self.g = nx.Graph()
        self.regions: list[Region] = []
        self.region_nodes: dict[int, list[int]] = {}
        self.findings: list[str] = []

    def node(self, kind: str, storey: int, xyz, **attrs) -> int:
        n = self.g.number_of_nodes()
        self.g.add_node(n, kind=kind, storey=storey, xyz=tuple(round(float(c), 3) for c in xyz), **attrs)
        return n

    def edge(self, a: int, b: int, kind: str = "walk", length: float | None = None, **attrs) -> None:
        if a == b:
            return
        if length is None:
            pa, pb = np.asarray(self.g.nodes[a]["xyz"]), np.asarray(self.g.nodes[b]["xyz"])
            length = float(np.linalg.norm(pa[:2] - pb[:2]))
        old = self.g.get_edge_data(a, b)
        if old is None or old["length"] > length:
            self.g.add_edge(a, b, length=round(float(length), 3), kind=kind, **attrs)

    def entry(self, region: Region, x: float, y: float) -> int:
        """A node inside *region* nearest to (x, y)."""
        p = shapely.Point(x, y)
        if not region.geom.covers(p):
            p = shapely.ops.nearest_points(region.geom, p)[0]
        z = self.elevation[region.storey]
        n = self.node("entry", region.storey, (p.x, p.y, z), region=region.id)
        self.region_nodes[region.id].append(n)
        return n

    def attach(self, n: int, storey: int, x: float, y: float, reach: float, *, between: bool = False) -> list[int]:
        """Join node *n* to the region of *storey* containing it, else to every region within *reach* that
        it reaches without going through a wall (through the region's nearest point). *between* (doors):
        always every region within reach, on both sides."""
        p = shapely.Point(x, y)
        walls = self.walls.get(storey)
        joined = []
        near = sorted(((r.geom.distance(p), r) for r in self.by_storey.get(storey, [])), key=lambda t: t[0])
        if not between and near and near[0][0] == 0:
            near = [t for t in near if t[0] == 0]
        for d, r in near:
            if d > reach:
                break
            q = p if d == 0 else shapely.ops.nearest_points(r.geom, p)[0]
            if d > 0 and walls is not None and walls.intersects(shapely.LineString([p, q])):
                continue
            e = self.entry(r, x, y)
            self.edge(n, e, "walk")
            joined.append(r.id)
        return joined

    # --- build ----------------------------------------------------------------------------------

    def build(self) -> WalkNetwork:
        inp = self.inp
        self.elevation = {s.index: s.elevation for s in inp.storeys}
        self.by_storey: dict[int, list[Region]] = {}
        self.entrance_storeys = {f.storey for f in inp.features
                                 if f.kind in WAY_OUT_KINDS + ACCESS_KINDS and f.verified is not False}
        self.walls: dict[int, BaseGeometry] = {}  # cut walls (door gaps open), shrunk a little
        door_nodes: dict[int, int] = {}
        for storey in inp.storeys:
            door_nodes.update(self._storey(storey))
        self._features(door_nodes)
        self._vertical()
        for r in self.regions:
            self._visibility(r)
        return WalkNetwork(self.g, self.regions, list(inp.storeys), self.findings, inp.grid)

    def _storey(self, storey: Storey) -> dict[int, int]:
        inp = self.inp
        cut_z = storey.elevation + PLAN_CUT_ABOVE_FLOOR
        own = [b for b in inp.batches if b.storey == storey.index]
        rooms = [s for s in inp.spaces if s.storey == storey.index and len(s.footprint) >= 3]
        walls = section_meshes([b for b in inp.batches if b.category == "wall"], cut_z)
        doors = door_openings([b for b in own if b.category == "door"] + self._misfiled_doors(own), cut_z, {}, {})
        walls = cut_openings(walls, [d.gap for d in doors])
        obstacles = walls.area()
        if not rooms:
            structure = section_meshes([b for b in inp.batches if b.category == "other"], cut_z)
            structure = cut_openings(structure, [d.gap for d in doors])
            obstacles = shapely.union_all([obstacles, structure.area()])
        blocked = obstacles.buffer(CLEARANCE, quad_segs=2) if not obstacles.is_empty else obstacles
        inner = obstacles.buffer(-0.03, quad_segs=1) if not obstacles.is_empty else None
        if inner is not None and not inner.is_empty:
            shapely.prepare(inner)
            self.walls[storey.index] = inner
        regions: list[Region] = []
        raw: list[BaseGeometry] = []
        if rooms:
            polys = [shapely.make_valid(shapely.Polygon(s.footprint)) for s in rooms]
            nested = _nested_rooms(polys)
            for s, poly, inside in zip(rooms, polys, nested, strict=True):
                free = poly.buffer(-CLEARANCE, quad_segs=2)
                if free.is_empty:
                    free = poly
                free = _minus(free, blocked)
                if inside:  # a kiosk modelled inside a concourse's footprint is not part of the concourse
                    kiosks = shapely.union_all([polys[k] for k in inside])
                    free = free.difference(kiosks.buffer(CLEARANCE))
                    poly = poly.difference(kiosks)
                for part in _parts(free):
                    regions.append(self._region(storey.index, part, s.id, s.name, s.long_name))
                    raw.append(poly)
        else:
            floor = floor_area([b for b in own if b.category == "slab"], storey.elevation, cut_z)
            if floor.is_empty and not obstacles.is_empty:
                floor = shapely.union_all([shapely.Polygon(p.exterior) for p in _parts(obstacles)])
            free = floor.difference(blocked) if not blocked.is_empty else floor
            for k, part in enumerate(_parts(free)):
                regions.append(self._region(storey.index, part, None, "", f"area {k + 1}"))
                raw.append(part.buffer(CLEARANCE, quad_segs=2))
        indoor = shapely.union_all(raw).buffer(0.05) if raw else shapely.Polygon()
        shapely.prepare(indoor)
        if storey.index in self.entrance_storeys and raw:
            # Around the building: a team comes in by one door and may go round to another.
            outside = _surroundings(shapely.union_all([indoor, obstacles]), blocked)
            for part in _parts(outside):
                regions.append(self._region(storey.index, part, None, "", "outside", outside=True))
                raw.append(part)
        self.by_storey[storey.index] = regions
        door_nodes = {}
        for d in doors:
            n = self.node("door", storey.index, (*d.centre, storey.elevation), ref=d.element,
                          label=self.inp.element_names.get(d.element, "") if d.element is not None else "")
            joined = self.attach(n, storey.index, *d.centre, reach=d.depth / 2 + CLEARANCE + DOOR_REACH, between=True)
            self.g.nodes[n]["outside"] = bool(joined) and _opens_outside(d, indoor)
            if d.element is not None:
                door_nodes[d.element] = n
        self._passages(storey, regions, raw, blocked, doors)
        return door_nodes

    def _misfiled_doors(self, own: Sequence[MeshBatch]) -> list[MeshBatch]:
        """Doors stored under another category (a door nested in a curtain wall is stored as a wall)."""
        doors = [e for e, c in self.inp.element_classes.items() if c.startswith("IfcDoor")]
        out = []
        for b in own:
            if b.category != "door" and b.n_triangles:
                keep = np.isin(b.elements, doors)
                if keep.any():
                    out.append(MeshBatch(b.storey, "door", b.vertices, b.triangles[keep], b.elements[keep]))
        return out

    def _region(self, storey: int, geom: BaseGeometry, space_id, number, name, *, outside: bool = False) -> Region:
        r = Region(len(self.regions), storey, orient(geom.simplify(0.08), 1.0), space_id, number or "", name or "",
                   outside)
        self.regions.append(r)
        self.region_nodes[r.id] = []
        return r

    def _passages(self, storey: Storey, regions: list[Region], raw: list[BaseGeometry], blocked, doors) -> None:
        """Open connections between rooms that touch without a wall between them (vomitories, open plan)."""
        if len(regions) < 2:
            return
        reach = CLEARANCE + 0.3
        grown = shapely.buffer(np.asarray(raw, dtype=object), reach, quad_segs=2)
        tree = shapely.STRtree(grown)
        left, right = tree.query(grown, predicate="intersects")
        door_points = shapely.points([d.centre for d in doors]) if doors else None
        done = set()
        for i, j in zip(left.tolist(), right.tolist(), strict=True):
            a, b = regions[i], regions[j]
            if i >= j or (a.space_id is not None and a.space_id == b.space_id):
                continue
            if (a.id, b.id) in done:
                continue
            done.add((a.id, b.id))
            zone = _minus(grown[i].intersection(grown[j]), blocked)
            # Opening the zone drops the slivers left along both faces of a wall: only a real gap remains.
            zone = zone.buffer(-0.15, quad_segs=1).buffer(0.15, quad_segs=1)
            walls = self.walls.get(storey.index)
            for part in _parts(zone):
                if part.area < 0.5 or not (part.intersects(a.geom) and part.intersects(b.geom)):
                    continue
                p = part.representative_point()
                if door_points is not None and shapely.distance(door_points, p).min() < 0.8:
                    continue  # a door is there already
                ends = [shapely.ops.nearest_points(r.geom.intersection(part), p)[0] for r in (a, b)]
                if walls is not None and any(walls.intersects(shapely.LineString([p, q])) for q in ends):
                    continue
                n = self.node("passage", storey.index, (p.x, p.y, storey.elevation))
                for r, q in zip((a, b), ends, strict=True):
                    e = self.node("entry", r.storey, (q.x, q.y, storey.elevation), region=r.id)
                    self.region_nodes[r.id].append(e)
                    self.edge(n, e)

    def _features(self, door_nodes: dict[int, int]) -> None:
        for f in self.inp.features:
            if f.storey is None or f.kind in ("stair", "ramp", "lift"):
                continue
            kind = "exit" if f.kind in WAY_OUT_KINDS else ("access" if f.kind in ACCESS_KINDS else "feature")
            n = self.node(kind, f.storey, (f.position[0], f.position[1], self.elevation.get(f.storey, 0.0)),
                          ref=f.id, label=f.label, feature_kind=f.kind, number=f.number, verified=f.verified)
            door = door_nodes.get(f.element) if f.element is not None else None
            if door is not None:
                self.edge(n, door, "feature")
            else:
                self.attach(n, f.storey, f.position[0], f.position[1], ATTACH_REACH)

    def _vertical(self) -> None:
        inp = self.inp
        links = vertical_links([b for b in inp.batches if b.category == "stair"], inp.storeys, inp.features,
                               element_classes=inp.element_classes, element_names=inp.element_names)
        for lk in links:
            if not lk.joins_storeys:
                continue
            landing = {}
            for s in lk.storeys:
                x, y, z = lk.landings[s]
                landing[s] = self.node("landing", s, (x, y, z), ref=lk.element, label=lk.label, link_kind=lk.kind,
                                       feature=lk.feature_id)
                self.attach(landing[s], s, x, y, ATTACH_REACH)
            for a, b in zip(lk.storeys, lk.storeys[1:], strict=False):
                path = lk.path_between(a, b)
                self.edge(landing[a], landing[b], lk.kind, length=max(lk.length_between(a, b), 0.1),
                          label=lk.label, ref=lk.element, path=np.round(path, 3).tolist())

    def _visibility(self, region: Region) -> None:
        """Join the region's nodes and reflex corners where the straight segment stays inside it."""
        nodes = list(self.region_nodes[region.id])
        for x, y in _reflex_vertices(region.geom):
            n = self.node("vertex", region.storey, (x, y, self.elevation[region.storey]), region=region.id)
            nodes.append(n)
        self.region_nodes[region.id] = nodes
        if len(nodes) < 2:
            return
        xy = np.array([self.g.nodes[n]["xyz"][:2] for n in nodes])
        i, j = np.triu_indices(len(nodes), k=1)
        lines = shapely.linestrings(np.stack([xy[i], xy[j]], axis=1))
        area = region.geom.buffer(0.01, quad_segs=1)
        shapely.prepare(area)
        ok = shapely.covers(area, lines)
        lengths = np.round(np.hypot(*(xy[i] - xy[j]).T), 3)
        ids = np.asarray(nodes)
        # Bulk insert: a pair of one region's nodes is seen once (an existing shorter edge stays).
        self.g.add_edges_from((int(a), int(b), {"length": float(d), "kind": "walk"})
                              for a, b, d in zip(ids[i[ok]], ids[j[ok]], lengths[ok], strict=True)
                              if not self.g.has_edge(int(a), int(b)))


def _surroundings(building: BaseGeometry, blocked: BaseGeometry, margin: float = 15.0) -> BaseGeometry:
    """The ground around *building* (its rooms and walls) within *margin* metres, kept clear of the walls."""
    filled = shapely.union_all([shapely.Polygon(p.exterior) for p in shapely.get_parts(building)
                                if p.geom_type == "Polygon"])
    ring = shapely.box(*filled.bounds).buffer(margin, join_style="mitre")
    return ring.difference(filled.buffer(CLEARANCE, quad_segs=2)).difference(blocked)


def _nested_rooms(polys: list[BaseGeometry]) -> list[list[int]]:
    """For each room, the smaller rooms lying (mostly) inside its footprint."""
    tree = shapely.STRtree(polys)
    areas = [p.area for p in polys]
    out: list[list[int]] = [[] for _ in polys]
    left, right = tree.query(polys, predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j and areas[j] < areas[i] and polys[i].intersection(polys[j]).area > 0.5 * areas[j]:
            out[i].append(j)
    return out


def _opens_outside(door, indoor: BaseGeometry) -> bool:
    """True when one side of the door is in no room: the door leads outside."""
    (cx, cy), (ux, uy) = door.centre, door.along
    off = door.depth / 2 + 0.5
    sides = [shapely.Point(cx - uy * off * k, cy + ux * off * k) for k in (1, -1)]
    return not all(indoor.contains(p) for p in sides)


def _minus(geom: BaseGeometry, blocked: BaseGeometry) -> BaseGeometry:
    """*geom* minus the part of *blocked* near it (clipping first keeps the difference cheap)."""
    if geom.is_empty or blocked.is_empty:
        return geom
    near = shapely.clip_by_rect(blocked, *geom.bounds)
    return geom if near.is_empty else geom.difference(near)


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    if geom is None or geom.is_empty:
        return []
    return [p for p in shapely.get_parts(shapely.make_valid(geom))
            if p.geom_type == "Polygon" and p.area >= MIN_REGION_AREA]


def _reflex_vertices(poly: BaseGeometry) -> list[tuple[float, float]]:
    """Corners where the region turns away from its inside (right turns of rings with the inside on the
    left): the only corners a shortest path bends around."""
    out = []
    for ring in [poly.exterior, *poly.interiors]:
        c = np.asarray(ring.coords)[:-1]
        if len(c) < 3:
            continue
        prev, nxt = np.roll(c, 1, axis=0), np.roll(c, -1, axis=0)
        cross = (c[:, 0] - prev[:, 0]) * (nxt[:, 1] - c[:, 1]) - (c[:, 1] - prev[:, 1]) * (nxt[:, 0] - c[:, 0])
        out += [tuple(p) for p in c[cross < -1e-9]]
    return out


def build_network(inputs: NetworkInputs) -> WalkNetwork:
    """The venue's walking network (see the module's docstring)."""
    return _Builder(inputs).build()


def vertical_links_of(inputs: NetworkInputs) -> list[VerticalLink]:
    return vertical_links([b for b in inputs.batches if b.category == "stair"], inputs.storeys, inputs.features,
                          element_classes=inputs.element_classes, element_names=inputs.element_names)
