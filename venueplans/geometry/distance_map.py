"""A storey's distance map: how far the nearest way out is, walking, from every point of its floor.

The storey's walkable regions are rasterised (cells of `cell` metres, about 120,000 at most); cells of one
region are joined to their 8 neighbours in the same region (never across a wall, which lies between
regions), and every network node of the storey seeds its region's raster with its own distance to the
nearest exit. One Dijkstra search (scipy's csgraph) from a virtual source then gives every cell's distance.
`bands` turns the raster into polygons every 10 m for printing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely

from venueplans.geometry.raster import raster_outline
from venueplans.geometry.walknet import WalkNetwork

MAX_CELLS = 120_000
MIN_CELL = 0.4


@dataclass
class DistanceMap:
    storey: int
    x0: float  # west edge
    y0: float  # south edge (row 0 is the southernmost)
    cell: float
    values: np.ndarray  # (rows, cols) metres, NaN where no one walks or no exit is reachable

    def at(self, x: float, y: float) -> float | None:
        c, r = int((x - self.x0) // self.cell), int((y - self.y0) // self.cell)
        if 0 <= r < self.values.shape[0] and 0 <= c < self.values.shape[1]:
            v = self.values[r, c]
            return None if math.isnan(v) else float(v)
        return None

    @property
    def max_distance(self) -> float:
        finite = self.values[np.isfinite(self.values)]
        return float(finite.max()) if len(finite) else 0.0

    def bands(self, step: float = 10.0) -> list[tuple[float, float, shapely.Geometry]]:
        """(from, to, area) for each band of *step* metres that has cells, nearest first."""
        out = []
        finite = np.isfinite(self.values)
        for k in range(int(self.max_distance // step) + 1):
            mask = finite & (self.values >= k * step) & (self.values < (k + 1) * step)
            if not mask.any():
                continue
            edges = raster_outline(mask) * self.cell + np.array([self.x0, self.y0])
            rings = shapely.line_merge(shapely.multilinestrings(shapely.linestrings(edges)))
            faces = shapely.get_parts(shapely.polygonize([rings]))
            # Holes come back as faces too: keep the faces whose inside is in the band.
            probe = shapely.point_on_surface(faces)
            c = ((shapely.get_x(probe) - self.x0) // self.cell).astype(int)
            r = ((shapely.get_y(probe) - self.y0) // self.cell).astype(int)
            ok = (r >= 0) & (r < mask.shape[0]) & (c >= 0) & (c < mask.shape[1])
            keep = np.zeros(len(faces), dtype=bool)
            keep[ok] = mask[r[ok], c[ok]]
            area = shapely.union_all(faces[keep]) if keep.any() else shapely.Polygon()
            out.append((k * step, (k + 1) * step, area.simplify(self.cell * 0.5)))
        return out


def distance_map(net: WalkNetwork, storey: int, node_distance: dict[int, float], *, cell: float | None = None,
                 ) -> DistanceMap:
    """The distance map of *storey* from the nodes' distances to the nearest way out."""
    regions = net.regions_on(storey)
    if not regions:
        return DistanceMap(storey, 0.0, 0.0, 1.0, np.full((0, 0), np.nan))
    b = np.array([r.geom.bounds for r in regions])
    west, south, east, north = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    area = max((east - west) * (north - south), 1.0)
    cell = cell or max(MIN_CELL, math.sqrt(area / MAX_CELLS))
    cols, rows = int(math.ceil((east - west) / cell)) + 1, int(math.ceil((north - south) / cell)) + 1
    label = np.full((rows, cols), -1, dtype=np.int64)
    for r in regions:
        c0, r0 = int((r.geom.bounds[0] - west) // cell), int((r.geom.bounds[1] - south) // cell)
        c1, r1 = int((r.geom.bounds[2] - west) // cell) + 1, int((r.geom.bounds[3] - south) // cell) + 1
        xs = west + (np.arange(c0, c1) + 0.5) * cell
        ys = south + (np.arange(r0, r1) + 0.5) * cell
        gx, gy = np.meshgrid(xs, ys)
        inside = shapely.contains_xy(r.geom, gx, gy)
        window = label[r0:r1, c0:c1]
        window[inside & (window < 0)] = r.id
    flat = label.ravel()
    index = np.full(flat.shape, -1, dtype=np.int64)
    walk = np.flatnonzero(flat >= 0)
    index[walk] = np.arange(len(walk))
    n = len(walk)
    src, dst, w = [], [], []
    for dr, dc, length in ((0, 1, cell), (1, 0, cell), (1, 1, cell * math.sqrt(2)), (1, -1, cell * math.sqrt(2))):
        a = label[0:rows - dr, max(0, -dc):cols - max(0, dc)]
        bb = label[dr:rows, max(0, dc):cols - max(0, -dc)]
        ia = np.arange(rows * cols).reshape(rows, cols)[0:rows - dr, max(0, -dc):cols - max(0, dc)]
        ib = np.arange(rows * cols).reshape(rows, cols)[dr:rows, max(0, dc):cols - max(0, -dc)]
        same = (a >= 0) & (a == bb)
        src += [index[ia[same]], index[ib[same]]]
        dst += [index[ib[same]], index[ia[same]]]
        w += [np.full(int(same.sum()), length)] * 2
    # Seeds: each node of the storey whose distance is known, into a cell of its own region.
    g = net.graph
    seed_cells, seed_w = [], []
    for node, d in g.nodes(data=True):
        if d.get("storey") != storey or node not in node_distance or d.get("region") is None:
            continue
        x, y = d["xyz"][0], d["xyz"][1]
        c, r = int((x - west) // cell), int((y - south) // cell)
        best = None
        for rr in range(max(0, r - 1), min(rows, r + 2)):
            for cc in range(max(0, c - 1), min(cols, c + 2)):
                if label[rr, cc] == d["region"]:
                    off = math.hypot(west + (cc + 0.5) * cell - x, south + (rr + 0.5) * cell - y)
                    if best is None or off < best[1]:
                        best = (rr * cols + cc, off)
        if best is not None:
            seed_cells.append(index[best[0]])
            seed_w.append(node_distance[node] + best[1])
    values = np.full(rows * cols, np.nan)
    if n and seed_cells:
        src.append(np.full(len(seed_cells), n))
        dst.append(np.asarray(seed_cells))
        w.append(np.asarray(seed_w) + 1e-9)  # csgraph treats explicit zeros as missing edges
        from scipy.sparse import csr_matrix  # scipy on first use: the app starts without it
        from scipy.sparse.csgraph import dijkstra
        graph = csr_matrix((np.concatenate(w), (np.concatenate(src), np.concatenate(dst))), shape=(n + 1, n + 1))
        dist = dijkstra(graph, directed=True, indices=n, min_only=True)
        dist = dist[:n]
        dist[~np.isfinite(dist)] = np.nan
        values[walk] = dist
    return DistanceMap(storey, float(west), float(south), float(cell), values.reshape(rows, cols))
