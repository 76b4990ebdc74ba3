"""Shortest paths on a walking network with scipy's compiled Dijkstra (csgraph), for query speed.

The permanent graph is turned into edge arrays once per network (kept in `WalkNetwork.memo`); a query adds
its temporary nodes (negative ids: the place, the sink) and drops the edges it must not use (lifts, avoided
nodes, edges crossing an avoided area), then runs one search. networkx stays the network's model; this only
answers "how far" and "which way" about 50 times faster than a pure-Python search.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from venueplans.geometry.walknet import WalkNetwork


def _base(net: WalkNetwork) -> dict:
    base = net.memo.get("csgraph")
    if base is None:
        g = net.graph
        nodes = np.array(sorted(n for n in g.nodes if n >= 0), dtype=np.int64)
        index = {int(n): i for i, n in enumerate(nodes)}
        edges = [(u, v, d) for u, v, d in g.edges(data=True) if u >= 0 and v >= 0]
        a = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
        b = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
        w = np.array([d["length"] for _, _, d in edges], dtype=float)
        lift = np.array([d.get("kind") == "lift" for _, _, d in edges], dtype=bool)
        xy = np.array([g.nodes[int(n)]["xyz"][:2] for n in nodes]).reshape(-1, 2)
        storey = np.array([g.nodes[int(n)]["storey"] for n in nodes])
        base = net.memo["csgraph"] = {"nodes": nodes, "index": index, "a": a, "b": b, "w": w, "lift": lift,
                                      "xy": xy, "storey": storey}
    return base


def _matrix(net: WalkNetwork, avoid_nodes: set[int], zones: Sequence[tuple[int | None, BaseGeometry]]):
    base = _base(net)
    g = net.graph
    n = len(base["nodes"])
    keep = ~base["lift"]
    if avoid_nodes:
        bad = np.array([base["index"][m] for m in avoid_nodes if m in base["index"]], dtype=np.int64)
        keep &= ~np.isin(base["a"], bad) & ~np.isin(base["b"], bad)
    for storey, zone in zones:
        lines = shapely.linestrings(np.stack([base["xy"][base["a"]], base["xy"][base["b"]]], axis=1))
        hit = shapely.intersects(lines, zone)
        if storey is not None:
            hit &= base["storey"][base["a"]] == storey
        keep &= ~hit
    temps = sorted(m for m in g.nodes if m < 0)
    index = dict(base["index"])
    for k, t in enumerate(temps):
        index[t] = n + k
    ta, tb, tw = [], [], []
    for t in temps:
        for m, d in g.adj[t].items():
            if m in avoid_nodes or (m >= 0 and m not in base["index"]):
                continue
            ta.append(index[t])
            tb.append(index[m])
            tw.append(d["length"])
    a = np.concatenate([base["a"][keep], base["b"][keep], ta, tb]).astype(np.int64)
    b = np.concatenate([base["b"][keep], base["a"][keep], tb, ta]).astype(np.int64)
    # csgraph drops explicit zeros: a zero-length edge (a door and its exit) becomes a micrometre.
    w = np.maximum(np.concatenate([base["w"][keep], base["w"][keep], tw, tw]), 1e-6)
    size = n + len(temps)
    from scipy.sparse import csr_matrix  # scipy on first use: the app starts without it
    return csr_matrix((w, (a, b)), shape=(size, size)), index


def shortest_path(net: WalkNetwork, source: int, target: int, *, avoid_nodes: set[int] = frozenset(),
                  zones: Sequence[tuple[int | None, BaseGeometry]] = ()) -> list[int] | None:
    """Node ids from *source* to *target*, or None when no route joins them."""
    matrix, index = _matrix(net, set(avoid_nodes), zones)
    if source not in index or target not in index:
        return None
    from scipy.sparse.csgraph import dijkstra
    dist, pred = dijkstra(matrix, directed=True, indices=index[source], return_predecessors=True)
    t = index[target]
    if not np.isfinite(dist[t]):
        return None
    ids = {i: node for node, i in index.items()}
    path = [t]
    while path[-1] != index[source]:
        path.append(int(pred[path[-1]]))
    return [ids[i] for i in reversed(path)]


def distances_from(net: WalkNetwork, source: int, *, avoid_nodes: set[int] = frozenset(),
                   zones: Sequence[tuple[int | None, BaseGeometry]] = ()) -> dict[int, float]:
    """Walking distance from *source* to every node it reaches."""
    matrix, index = _matrix(net, set(avoid_nodes), zones)
    from scipy.sparse.csgraph import dijkstra
    dist = dijkstra(matrix, directed=True, indices=index[source])
    return {node: float(dist[i]) for node, i in index.items() if np.isfinite(dist[i])}
