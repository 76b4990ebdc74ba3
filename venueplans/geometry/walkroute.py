"""Queries on a walking network: routes, the nearest way out, distances to it, and per storey distance maps.

A place (a point on a storey) is joined to the network for the time of one query: a temporary node linked
to every node of its region it can see in a straight line. A virtual *sink* node joined to every allowed
exit turns "the nearest exit" into one shortest-path search. Lifts are never used; avoided places remove
their nodes (an exit, a door, a stair's landings) or the edges crossing an area (a danger zone).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops
from shapely.geometry.base import BaseGeometry

from venueplans.geometry.walknet import WalkNetwork
from venueplans.geometry.walksearch import distances_from, shortest_path

STAIR_PACE_FACTOR = 0.5  # along a flight people move at about half their walking pace
CONFIRMED_PREFERENCE = 5.0  # metres: a confirmed exit wins over an unreviewed one up to this much nearer
_SINK = -1
_lock = threading.RLock()  # queries add temporary nodes to the shared graph


class NoPlace(LookupError):
    """A point that no walkable region of its storey reaches."""


@dataclass
class Avoid:
    nodes: set[int] = field(default_factory=set)
    zones: list[tuple[int | None, BaseGeometry]] = field(default_factory=list)  # (storey or None, area)


@dataclass
class Route:
    nodes: list[int]
    points: list[tuple[float, float, float]]
    length: float
    stair_length: float
    storeys: list[int]
    via: list[str]
    doors: list[str]
    target: int | None  # the exit node reached (nearest way out), else the destination node

    def time_s(self, pace: float) -> float:
        flat = self.length - self.stair_length
        return flat / pace + self.stair_length / (pace * STAIR_PACE_FACTOR)


def way_out_nodes(net: WalkNetwork, *, include_rejected: bool = False) -> list[int]:
    """Exit nodes, without those an operator rejected unless asked. A venue with no exit feature at all
    falls back to its doors that lead outside (so a raw model still gets distances)."""
    g = net.graph
    exits = [n for n, d in g.nodes(data=True) if d["kind"] == "exit" and (include_rejected or d.get("verified")
                                                                        is not False)]
    if exits or any(d["kind"] == "exit" for _, d in g.nodes(data=True)):
        return exits
    return [n for n, d in g.nodes(data=True) if d["kind"] == "door" and d.get("outside")]


def _avoid_args(avoid: Avoid | None) -> dict:
    if avoid is None:
        return {}
    return {"avoid_nodes": set(avoid.nodes), "zones": list(avoid.zones)}


def locate(net: WalkNetwork, storey: int, x: float, y: float, *, reach: float = 3.0) -> tuple[int, tuple[float, float]]:
    """(region id, point inside it) for (x, y) on *storey*: the region containing it, else the nearest one
    within *reach* metres. Raises NoPlace."""
    p = shapely.Point(x, y)
    best, best_d = None, None
    for r in net.regions_on(storey):
        d = r.geom.distance(p)
        if best_d is None or d < best_d:
            best, best_d = r, d
            if d == 0:
                break
    if best is None or best_d > reach:
        raise NoPlace(f"({x:.1f}, {y:.1f}) on storey {storey}")
    q = p if best_d == 0 else shapely.ops.nearest_points(best.geom, p)[0]
    return best.id, (q.x, q.y)


def _attach(net: WalkNetwork, node: int, storey: int, x: float, y: float) -> None:
    """Add a temporary node at (x, y) joined to the nodes of its region it sees."""
    g = net.graph
    rid, (qx, qy) = locate(net, storey, x, y)
    z = net.storey(storey).elevation
    g.add_node(node, kind="place", storey=storey, xyz=(x, y, z), region=rid, label="")
    region = net.regions[rid]
    mine = net.region_nodes(rid)
    if (qx, qy) != (x, y):  # the point lies in a wall or just outside: step in first
        hop = -1000 - node
        g.add_node(hop, kind="place", storey=storey, xyz=(qx, qy, z), region=rid, label="")
        g.add_edge(node, hop, length=float(np.hypot(qx - x, qy - y)), kind="walk")
        src, sx, sy = hop, qx, qy
    else:
        src, sx, sy = node, x, y
    if not mine:
        return
    xy = np.array([g.nodes[n]["xyz"][:2] for n in mine])
    lines = shapely.linestrings(np.stack([np.broadcast_to([sx, sy], xy.shape), xy], axis=1))
    area = region.geom.buffer(0.01, quad_segs=1)
    ok = shapely.covers(area, lines)
    d = np.hypot(xy[:, 0] - sx, xy[:, 1] - sy)
    for n, length in zip(np.asarray(mine)[ok].tolist(), d[ok].tolist(), strict=True):
        g.add_edge(src, n, length=float(length), kind="walk")


def _detach(net: WalkNetwork, *nodes: int) -> None:
    g = net.graph
    for n in nodes:
        for m in (n, -1000 - n):
            if g.has_node(m):
                g.remove_node(m)


def _route(net: WalkNetwork, path: list[int]) -> Route:
    g = net.graph
    path = [n for n in path if n != _SINK]
    points: list[tuple[float, float, float]] = []
    length = stair = 0.0
    via: list[str] = []
    doors: list[str] = []
    storeys: list[int] = []
    for i, n in enumerate(path):
        d = g.nodes[n]
        if not storeys or storeys[-1] != d["storey"]:
            storeys.append(d["storey"])
        if i == 0:
            points.append(tuple(d["xyz"]))
            continue
        e = g.edges[path[i - 1], n]
        length += e["length"]
        if e.get("path"):
            seg = [tuple(p) for p in e["path"]]
            if np.linalg.norm(np.subtract(seg[0], g.nodes[path[i - 1]]["xyz"])) > \
                    np.linalg.norm(np.subtract(seg[-1], g.nodes[path[i - 1]]["xyz"])):
                seg = seg[::-1]
            points += seg[1:] if seg else []
            if e["kind"] != "walk":
                stair += e["length"]
                if e.get("label") and (not via or via[-1] != e["label"]):
                    via.append(e["label"])
        points.append(tuple(d["xyz"]))
        if d["kind"] == "door" and d.get("label"):
            doors.append(d["label"])
            via.append(d["label"])
    pts = [p for k, p in enumerate(points) if k == 0 or p != points[k - 1]]
    return Route(path, pts, round(length, 2), round(stair, 2), storeys, via, doors, path[-1] if path else None)


def route_between(net: WalkNetwork, a: tuple[int, float, float], b: tuple[int, float, float] | int, *,
                  avoid: Avoid | None = None) -> Route | None:
    """Shortest route from place *a* (storey, x, y) to place *b* (storey, x, y) or to node *b*; None if none."""
    with _lock:
        src, dst = -2, (-3 if not isinstance(b, int) else b)
        try:
            _attach(net, src, *a)
            if not isinstance(b, int):
                _attach(net, dst, *b)
            path = shortest_path(net, src, dst, **_avoid_args(avoid))
            return None if path is None else _route(net, path)
        finally:
            _detach(net, src, -3)


def _add_sink(net: WalkNetwork, exits: Iterable[int], prefer_confirmed: bool) -> None:
    g = net.graph
    g.add_node(_SINK, kind="sink", storey=None, xyz=(0.0, 0.0, 0.0), label="")
    for n in exits:
        bonus = 0.0 if (not prefer_confirmed or g.nodes[n].get("verified") is True) else CONFIRMED_PREFERENCE
        g.add_edge(n, _SINK, length=bonus, kind="sink")


def nearest_way_out(net: WalkNetwork, a: tuple[int, float, float], *, avoid: Avoid | None = None,
                    include_rejected: bool = False) -> Route | None:
    """The route from place *a* to the nearest way out (confirmed exits preferred), or None."""
    exits = [n for n in way_out_nodes(net, include_rejected=include_rejected) if not avoid or n not in avoid.nodes]
    if not exits:
        return None
    with _lock:
        try:
            _attach(net, -2, *a)
            _add_sink(net, exits, prefer_confirmed=True)
            path = shortest_path(net, -2, _SINK, **_avoid_args(avoid))
            return None if path is None else _route(net, path)
        finally:
            _detach(net, -2, _SINK)


def exit_distances(net: WalkNetwork, *, avoid: Avoid | None = None, include_rejected: bool = False,
                   ) -> dict[int, float]:
    """Walking distance from every node to its nearest way out (lifts excluded)."""
    exits = [n for n in way_out_nodes(net, include_rejected=include_rejected) if not avoid or n not in avoid.nodes]
    if not exits:
        return {}
    with _lock:
        try:
            _add_sink(net, exits, prefer_confirmed=False)
            dist = distances_from(net, _SINK, **_avoid_args(avoid))
        finally:
            _detach(net, _SINK)
    dist.pop(_SINK, None)
    return dist


def distance_from(net: WalkNetwork, dist: dict[int, float], storey: int, x: float, y: float) -> float | None:
    """Distance to the nearest way out from (x, y) on *storey*, from precomputed node distances."""
    with _lock:
        try:
            _attach(net, -4, storey, x, y)
            g = net.graph
            best = None
            start = -4
            extra = 0.0
            if g.has_node(-1004):
                extra, start = g.edges[-4, -1004]["length"], -1004
            for n in g.neighbors(start):
                if n in dist:
                    v = g.edges[start, n]["length"] + dist[n] + extra
                    best = v if best is None or v < best else best
            return best
        finally:
            _detach(net, -4)
