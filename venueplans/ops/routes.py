"""Routes and distances: the way out from anywhere, the way in to anywhere, on every storey.

The venue's walking network (`geometry.walknet`) is built from the catalogue at import and after every
feature edit, in the same transaction, and stored in `walk_networks`; a venue that has none yet (a bundle,
a catalogue older than this table) gets it on first use. Places are resolved by `ops.places`.

Public API: `rebuild_network`, `venue_network`, `route`, `distances`, `storey_distance_map`,
`walking_path` (for the example-exercise generator).
"""

from __future__ import annotations

import logging
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import walknet as walknet_store
from venueplans.errors import UserError
from venueplans.geometry.distance_map import DistanceMap, distance_map
from venueplans.geometry.grid import grid_for_bounds
from venueplans.geometry.plan2d import model_bounds
from venueplans.geometry.walknet import FORMAT_VERSION, NetworkInputs, WalkNetwork, build_network
from venueplans.geometry.walkroute import (
    Avoid,
    NoPlace,
    Route,
    distance_from,
    exit_distances,
    nearest_way_out,
    route_between,
    way_out_nodes,
)
from venueplans.i18n import tr
from venueplans.ops.places import Place, UnknownPlace, resolve_place, room_places

log = logging.getLogger(__name__)
NETWORK_CATEGORIES = ["wall", "other", "door", "slab", "stair"]
GRID_CATEGORIES = ["wall", "slab", "door", "window", "stair", "furniture", "other"]  # as the briefing reads
_cache: dict[tuple[str, int], tuple[str, WalkNetwork]] = {}


class NoRoute(UserError):
    """Two places with no walking route between them."""


# --- network ------------------------------------------------------------------------------------


def network_inputs(cat: Catalogue, venue_id: int) -> NetworkInputs:
    names, classes = walknet_store.element_labels(cat, venue_id, ["door", "stair"])
    features = read.load_features(cat, venue_id, include_rejected=True)
    spaces = read.load_spaces(cat, venue_id)
    geo = read.load_geometry(cat, venue_id, categories=GRID_CATEGORIES)
    live = [f for f in features if f.verified is not False]
    bounds = model_bounds(geo.batches, geo.instances, live, spaces) or (0.0, 0.0, 10.0, 10.0)
    g = grid_for_bounds(bounds)  # the same grid the plans print
    return NetworkInputs(
        storeys=read.load_storeys(cat, venue_id), spaces=spaces, features=features,
        batches=[b for b in geo.batches if b.category in NETWORK_CATEGORIES], element_names=names,
        element_classes=classes, grid=(g.x0, g.y0, g.cell, g.columns, g.rows),
    )


def rebuild_network(cat: Catalogue, *, venue_id: int) -> WalkNetwork | None:
    """Build venue *venue_id*'s network from its catalogue rows and store it (in the caller's transaction).

    The network is derived data: if the geometry defeats the builder, the stored network is dropped (the
    next query rebuilds it and reports the failure) rather than refusing the import or edit that called."""
    inputs = network_inputs(cat, venue_id)
    try:
        net = build_network(inputs)
    except (sqlite3.Error, OSError, MemoryError):
        raise
    except Exception:
        log.exception("walking network of venue %s not built", venue_id)
        walknet_store.delete_network(cat, venue_id)
        _cache.pop((str(cat.path), venue_id), None)
        return None
    walknet_store.save_network(cat, venue_id, version=FORMAT_VERSION, n_nodes=net.graph.number_of_nodes(),
                               n_edges=net.graph.number_of_edges(), data=net.to_bytes())
    _cache.pop((str(cat.path), venue_id), None)
    return net


def venue_network(cat: Catalogue, venue_id: int) -> WalkNetwork:
    """The stored network (built and stored now when missing, of an older format, or built from other
    feature rows than the catalogue now holds: an undo, a restored backup)."""
    key = (str(cat.path), venue_id)
    stored = walknet_store.load_network(cat, venue_id)
    if stored is not None and stored[0] == FORMAT_VERSION and stored[2] == walknet_store.features_digest(cat, venue_id):
        cached = _cache.get(key)
        if cached is not None and cached[0] == stored[1:3]:
            return cached[1]
        net = WalkNetwork.from_bytes(stored[3])
        _cache[key] = (stored[1:3], net)
        return net
    read.get_venue(cat, venue_id)  # VenueNotFound
    try:
        with cat.atomic():
            net = rebuild_network(cat, venue_id=venue_id)
    except sqlite3.OperationalError:  # a read-only catalogue: use it without storing
        net = None
    return net if net is not None else build_network(network_inputs(cat, venue_id))


# --- results ------------------------------------------------------------------------------------


def walking_pace() -> float:
    from venueplans import settings

    default = settings.Settings().walking_pace_m_s
    try:
        pace = float(settings.load().walking_pace_m_s)
    except Exception:  # unreadable settings: the default pace
        pace = default
    return pace if pace > 0 else default


@dataclass
class RouteResult:
    origin: Place
    destination: Place
    route: Route
    storey_names: list[str]
    time_s: float
    confirmed: bool | None  # the exit reached, when the destination is the nearest way out

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.origin.label, "to": self.destination.label, "length_m": round(self.route.length, 1),
            "time_s": round(self.time_s), "storeys": self.storey_names, "via": self.route.via,
            "doors": self.route.doors, "points": [[round(c, 2) for c in p] for p in self.route.points],
            "confirmed": self.confirmed,
        }

    def summary(self) -> str:
        mins, secs = divmod(int(round(self.time_s)), 60)
        text = tr("{origin} -> {destination}: {length} m, {minutes} min {seconds:02d} s").format(
            origin=self.origin.label, destination=self.destination.label, length=round(self.route.length),
            minutes=mins, seconds=secs)
        if len(self.storey_names) > 1:
            text += "; " + tr("storeys: {names}").format(names=" > ".join(self.storey_names))
        if self.route.via:
            text += "; " + tr("via {labels}").format(labels=", ".join(self.route.via))
        return text


def _storey_names(net: WalkNetwork, indices: Sequence[int]) -> list[str]:
    return [net.storey(i).name for i in indices if i is not None]


def _avoid(cat: Catalogue, venue_id: int, net: WalkNetwork, places: Sequence[str]) -> Avoid:
    avoid = Avoid()
    for text in places:
        try:
            place = resolve_place(cat, venue_id, net, text, for_avoid=True)
        except UnknownPlace as exc:  # say which list the place came from
            raise UnknownPlace(tr("places to avoid: {reason}").format(reason=exc)) from None
        avoid.nodes |= set(place.avoid_nodes)
        if place.zone is not None:
            avoid.zones.append((place.storey, place.zone))
    return avoid


def route(cat: Catalogue, *, venue_id: int, origin: str, destination: str | None = None,
          avoid: Sequence[str] = (), include_rejected: bool = False) -> RouteResult:
    """The walking route from *origin* to *destination* (a place string, see `ops.places`), or to the
    nearest way out when *destination* is None, avoiding the places in *avoid*."""
    net = venue_network(cat, venue_id)
    start = resolve_place(cat, venue_id, net, origin)
    blocked = _avoid(cat, venue_id, net, avoid)
    try:
        if destination is None:
            found = nearest_way_out(net, start.point, avoid=blocked, include_rejected=include_rejected)
            end = None
            if found is not None:
                d = net.graph.nodes[found.target]
                end = Place(exit_label(d), d["storey"], *d["xyz"][:2], node=found.target)
        else:
            end = resolve_place(cat, venue_id, net, destination)
            found = route_between(net, start.point, end.node if end.node is not None else end.point, avoid=blocked)
    except NoPlace:
        raise UserError(tr("{place}: no walkable floor there").format(place=origin)) from None
    if found is None or end is None:
        what = destination if destination is not None else tr("any way out")
        raise NoRoute(tr("no walking route from {origin} to {destination}").format(origin=origin, destination=what))
    confirmed = net.graph.nodes[found.target].get("verified") if destination is None else None
    return RouteResult(start, end, found, _storey_names(net, found.storeys), found.time_s(walking_pace()),
                       confirmed)


def exit_label(d: dict) -> str:
    """'exit 3' / 'Porte 1 (exit 3)' / the door's name when it is an exterior door standing in for exits."""
    if d["kind"] == "exit":
        number = d.get("number")
        base = tr("exit {number}").format(number=number) if number is not None else tr("exit")
        label = d.get("label") or ""
        return f"{label} ({base})" if label and number is not None else (label or base)
    name = d.get("label") or ""
    return tr("outside door {name}").format(name=name).strip() if name else tr("outside door")


# --- distances ----------------------------------------------------------------------------------


def _limits() -> tuple[float, float]:
    from venueplans import settings

    extra = getattr(settings.load(), "extra", {}) or {}
    return float(extra.get("egress_limit_two_exits_m", 40.0)), float(extra.get("egress_limit_dead_end_m", 30.0))


def distances(cat: Catalogue, *, venue_id: int, storey: str | None = None) -> dict[str, Any]:
    """Every room's walking distance to its nearest way out, the unreachable rooms with a reason, and the
    findings an operator should see (rooms beyond the usual limits, dead ends, storeys with no way out)."""
    net = venue_network(cat, venue_id)
    storeys = read.load_storeys(cat, venue_id)
    only = None
    if storey is not None:
        from venueplans.model import find_storey

        only = find_storey(storeys, storey).index
    two_exits, dead_end = _limits()
    dist = exit_distances(net)
    exits = way_out_nodes(net)
    g = net.graph
    rooms, unreachable, findings = [], [], []
    for place in room_places(cat, venue_id, net):
        if only is not None and place.storey != only:
            continue
        name = net.storey(place.storey).name
        row = {"ref": place.ref, "name": place.label, "storey": name}
        if not exits:
            unreachable.append({**row, "reason": tr("the venue has no exit")})
            continue
        try:
            found = nearest_way_out(net, place.point)
        except NoPlace:
            unreachable.append({**row, "reason": tr("no walkable floor in the room")})
            continue
        if found is None:
            unreachable.append({**row, "reason": tr("no door or passage joins it to a way out")})
            continue
        d = g.nodes[found.target]
        straight = math.dist(place.point[1:], d["xyz"][:2]) if d["storey"] == place.storey else \
            math.dist((*place.point[1:], net.storey(place.storey).elevation), d["xyz"])
        options = _exit_choices(net, place, dist)
        limit = two_exits if options >= 2 else dead_end
        rooms.append({**row, "nearest_exit": exit_label(d), "distance_m": round(found.length, 1),
                      "straight_m": round(straight, 1), "exits_reachable": options})
        if found.length > limit:
            findings.append({"kind": "beyond_limit", "ref": place.ref, "storey": name, "distance_m":
                             round(found.length, 1), "limit_m": limit,
                             "message": tr("{room} ({storey}): {distance} m to the nearest exit, beyond {limit} m")
                             .format(room=place.label, storey=name, distance=round(found.length), limit=f"{limit:g}")})
        if options < 2:
            findings.append({"kind": "dead_end", "ref": place.ref, "storey": name,
                             "message": tr("{room} ({storey}): a dead end, one way out only").format(
                                 room=place.label, storey=name)})
    for s in storeys:
        if only is not None and s.index != only:
            continue
        here = [n for n in exits if g.nodes[n]["storey"] == s.index]
        off = [n for n, d in g.nodes(data=True) if d["kind"] == "landing" and d["storey"] == s.index
               and d.get("link_kind") != "lift"]
        if net.regions_on(s.index) and not here and not off:
            findings.append({"kind": "no_way_out", "storey": s.name,
                             "message": tr("{storey}: no exit and no stair off this storey").format(storey=s.name)})
    return {"rooms": rooms, "unreachable": unreachable, "findings": findings}


def _exit_choices(net: WalkNetwork, place: Place, dist: dict[int, float]) -> int:
    """How many distinct ways lead out of the room: its doors and passages that reach an exit (an exit
    reached only through one door of the room leaves a dead end)."""
    g = net.graph
    region_ids = {r.id for r in net.regions if r.space_id is not None and r.space_id == place.space_id} or \
        {place.region}
    gates = set()
    for n, d in g.nodes(data=True):
        if d.get("region") in region_ids and d["kind"] == "entry":
            for m in g.neighbors(n):
                md = g.nodes[m]
                if md["kind"] in ("door", "passage", "landing", "exit") and m in dist:
                    gates.add(m)
    return len(gates)


def storey_distance_map(cat: Catalogue, *, venue_id: int, storey: int, cell: float | None = None) -> DistanceMap:
    """Distance to the nearest way out from every point of *storey* (a raster; see geometry.distance_map)."""
    net = venue_network(cat, venue_id)
    return distance_map(net, storey, exit_distances(net), cell=cell)


def nearest_exit_distance(cat: Catalogue, venue_id: int, storey: int, x: float, y: float) -> float | None:
    net = venue_network(cat, venue_id)
    try:
        return distance_from(net, exit_distances(net), storey, x, y)
    except NoPlace:
        return None


def walking_path(cat: Catalogue, *, venue_id: int, start: tuple[int, float, float], end: tuple[int, float, float],
                 ) -> list[tuple[float, float, float]] | None:
    """Points of the shortest walking route between two (storey, x, y) places, or None: for callers that
    want a path (the example-exercise generator) without place strings."""
    net = venue_network(cat, venue_id)
    try:
        found = route_between(net, start, end)
    except NoPlace:
        return None
    return None if found is None else found.points


def route_to_scenario(cat: Catalogue, *, result: RouteResult, scenario_id: int, phase_id: int | None = None,
                      label: str | None = None, team: str = "", who: str | None = None):
    """Add a computed route to a scenario as an ordinary route annotation (trainers edit it afterwards like
    any route they drew). Each point keeps its storey, so a route up a stair crosses storeys."""
    from venueplans.ops.annotations import add_route

    net = venue_network(cat, _venue_of_result(cat, scenario_id))
    floors = sorted(net.storeys, key=lambda s: s.elevation)
    points = []
    for x, y, z in result.route.points:
        below = [s for s in floors if s.elevation <= z + 0.05]
        storey = (below[-1] if below else floors[0]).index
        points.append((x, y, z, storey))
    text = label or tr("{origin} to {destination}").format(origin=result.origin.label,
                                                          destination=result.destination.label)
    notes = tr("Computed route: {length} m, {seconds} s at walking pace").format(
        length=round(result.route.length), seconds=round(result.time_s))
    return add_route(cat, scenario_id=scenario_id, points=points, storey=points[0][3] if points else None,
                     phase_id=phase_id, label=text, team=team, notes=notes, who=who)


def _venue_of_result(cat: Catalogue, scenario_id: int) -> int:
    from venueplans.ops.scenario_reads import load_scenario

    return load_scenario(cat, scenario_id=scenario_id).venue_id
