"""Stairs, ramps and lifts as links between the storeys they serve.

A stair is modelled once, on the storey that contains it, but it belongs to every storey it reaches: the
sample stadium's stair cores rise from the concourse to the upper tier, and an upper storey whose plan
shows no stair has no visible way down. `vertical_links` finds, for each stair / ramp / lift element, the
storeys its geometry spans (its vertical extent), the landing point on each of them (the tread or slab
nearest that storey's floor) and its walking line (the treads' centres from bottom to top), so that a
flight's length is measured along the flight and not in plan.

`arriving_flights` gives the part of a stair that a storey above its own shows: the treads between the
storey below's cut plane and this storey's cut plane, drawn as on architects' plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from venueplans.geometry.linework import point_sets
from venueplans.model.geometry import MeshBatch
from venueplans.model.venue import Feature, Storey

# A link serves a storey whose floor lies within its vertical extent, give or take this much (metres):
# stair tops often stop a screed's thickness short of the storey's nominal elevation.
EXTENT_TOLERANCE = 0.35
LANDING_TOLERANCE = 0.75  # a tread this close to a storey's floor is the landing there
TREAD_MIN_NORMAL = 0.95


@dataclass(slots=True)
class VerticalLink:
    """A stair, ramp or lift and the storeys it joins (indices, lowest first)."""

    element: int | None
    kind: str  # stair | ramp | lift
    label: str
    storeys: list[int]
    landings: dict[int, tuple[float, float, float]]  # storey index -> landing point
    walk: np.ndarray  # (N, 3) walking line from bottom to top (N >= 2)
    footprint: BaseGeometry
    home: int | None = None  # the storey that contains it in the model
    feature_id: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def joins_storeys(self) -> bool:
        return len(self.storeys) >= 2

    def below(self, storey: int) -> int | None:
        """The next storey down this link reaches from *storey*, or None."""
        lower = [s for s in self.storeys if self.landings[s][2] < self.landings[storey][2] - 1e-6]
        return max(lower, key=lambda s: self.landings[s][2]) if lower else None

    def above(self, storey: int) -> int | None:
        higher = [s for s in self.storeys if self.landings[s][2] > self.landings[storey][2] + 1e-6]
        return min(higher, key=lambda s: self.landings[s][2]) if higher else None

    def storey_name(self, index: int | None) -> str:
        return self.extra.get("names", {}).get(index, str(index))

    def length_between(self, a: int, b: int) -> float:
        """Walking length from the landing on storey *a* to the landing on storey *b* (along the flight;
        a lift's is its vertical travel)."""
        za, zb = sorted((self.landings[a][2], self.landings[b][2]))
        if self.kind == "lift" or len(self.walk) < 2:
            pa, pb = np.asarray(self.landings[a]), np.asarray(self.landings[b])
            return float(abs(zb - za)) if self.kind == "lift" else float(np.linalg.norm(pa - pb))
        return float(_polyline_length(_clip_by_z(self.walk, za, zb)))

    def path_between(self, a: int, b: int) -> np.ndarray:
        """The walking line from storey *a*'s landing to storey *b*'s, in that direction ((K, 3) points)."""
        za, zb = self.landings[a][2], self.landings[b][2]
        if self.kind == "lift" or len(self.walk) < 2:
            return np.asarray([self.landings[a], self.landings[b]], dtype=float)
        part = _clip_by_z(self.walk, min(za, zb), max(za, zb))
        pts = np.vstack([self.landings[a] if za < zb else self.landings[b], part,
                         self.landings[b] if za < zb else self.landings[a]])
        return pts if za < zb else pts[::-1]


def _polyline_length(points: np.ndarray) -> float:
    if len(points) < 2:
        return 0.0
    return float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())


def _clip_by_z(walk: np.ndarray, z0: float, z1: float) -> np.ndarray:
    """The part of a walking line (z non-decreasing) between heights z0 and z1, interpolated at both ends."""
    z = walk[:, 2]
    inside = walk[(z > z0) & (z < z1)]
    ends = [np.array([np.interp(h, z, walk[:, k]) for k in range(3)]) for h in (z0, z1)]
    return np.vstack([ends[0], inside, ends[1]])


def _up_faces(batch: MeshBatch) -> tuple[np.ndarray, np.ndarray]:
    tri = batch.vertices[batch.triangles.astype(np.int64)].astype(np.float64)
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(normal, axis=1)
    up = np.zeros(len(tri), dtype=bool)
    ok = length > 1e-9
    up[ok] = normal[ok, 2] / length[ok] >= TREAD_MIN_NORMAL
    return tri[up], batch.elements[up]


def served_storeys(zmin: float, zmax: float, storeys: Sequence[Storey]) -> list[int]:
    """Indices of the storeys whose floor lies within [zmin, zmax] (with `EXTENT_TOLERANCE`)."""
    return [s.index for s in sorted(storeys, key=lambda s: s.elevation)
            if zmin - EXTENT_TOLERANCE <= s.elevation <= zmax + EXTENT_TOLERANCE]


def _kind_of(element: int, features: dict[int, Feature], classes: dict[int, str]) -> str:
    f = features.get(element)
    if f is not None and f.kind in ("stair", "ramp", "lift"):
        return f.kind
    cls = classes.get(element, "")
    if "Transport" in cls:
        return "lift"
    return "ramp" if "Ramp" in cls else "stair"


def vertical_links(
    batches: Sequence[MeshBatch],
    storeys: Sequence[Storey],
    features: Sequence[Feature] = (),
    *,
    element_classes: dict[int, str] | None = None,
    element_names: dict[int, str] | None = None,
) -> list[VerticalLink]:
    """Every stair, ramp and lift of the venue with the storeys it serves.

    *batches* are the venue's "stair" batches (any storey; other categories are ignored). Stairs known only
    as features (mesh venues) serve their own storey, or the storeys named by their `leads_to`.
    """
    classes = element_classes or {}
    names = element_names or {}
    by_element = {f.element: f for f in features if f.element is not None and f.verified is not False}
    elevation = {s.index: s.elevation for s in storeys}
    tri_parts, owner_parts, vert_parts, vowner_parts, home = [], [], [], [], {}
    for b in batches:
        if b.category != "stair" or b.n_triangles == 0:
            continue
        tri, owner = _up_faces(b)
        tri_parts.append(tri)
        owner_parts.append(owner.astype(np.int64))
        flat = b.triangles.reshape(-1).astype(np.int64)
        vert_parts.append(b.vertices[flat].astype(np.float64))
        vowner_parts.append(np.repeat(b.elements.astype(np.int64), 3))
        for e in np.unique(b.elements).tolist():
            home[e] = b.storey
    links: list[VerticalLink] = []
    if vert_parts:
        verts, vowner = np.concatenate(vert_parts), np.concatenate(vowner_parts)
        tri, owner = np.concatenate(tri_parts), np.concatenate(owner_parts)
        for element in np.unique(vowner).tolist():
            v = verts[vowner == element]
            kind = _kind_of(element, by_element, classes)
            served = served_storeys(float(v[:, 2].min()), float(v[:, 2].max()), storeys)
            footprint = shapely.convex_hull(point_sets(v[:, :2], [0, len(v)])[0])  # no object per vertex
            mine = tri[owner == element]
            landings, walk = _landings(kind, mine, footprint, served, elevation)
            f = by_element.get(element)
            label = (f.label if f is not None and f.label else names.get(element, "")) or ""
            links.append(VerticalLink(element, kind, label, [s for s in served if s in landings], landings, walk,
                                      footprint, home.get(element), f.id if f is not None else None))
    for lk in links:
        lk.extra["names"] = {s.index: s.name for s in storeys}
    drawn = {lk.element for lk in links}
    for f in features:
        if f.kind in ("stair", "ramp", "lift") and f.element not in drawn and f.verified is not False \
                and f.storey is not None:
            links.append(_feature_link(f, storeys))
            links[-1].extra["names"] = {s.index: s.name for s in storeys}
    return links


def _landings(kind: str, treads: np.ndarray, footprint: BaseGeometry, served: list[int],
              elevation: dict[int, float]) -> tuple[dict[int, tuple[float, float, float]], np.ndarray]:
    """Landing point per served storey, and the walking line (tread centres by height)."""
    centre = footprint.centroid
    if kind == "lift" or len(treads) == 0:
        landings = {s: (centre.x, centre.y, elevation[s]) for s in served}
        walk = np.array([landings[s] for s in served]) if served else np.empty((0, 3))
        return landings, walk
    level = np.round(treads[:, :, 2].mean(axis=1) / 0.02).astype(np.int64)
    heights, centres = [], []
    polys = shapely.polygons(treads[:, :, :2])
    for z in np.unique(level).tolist():
        face = shapely.union_all(polys[level == z])
        if face.area < 0.02:
            continue
        p = face.representative_point() if not face.centroid.within(face) else face.centroid
        heights.append(z * 0.02)
        centres.append((p.x, p.y, z * 0.02))
    if not centres:
        return _landings("lift", np.empty((0, 3, 3)), footprint, served, elevation)
    walk = np.asarray(centres, dtype=float)
    hs = np.asarray(heights)
    landings = {}
    for s in served:
        i = int(np.argmin(np.abs(hs - elevation[s])))
        if abs(hs[i] - elevation[s]) <= LANDING_TOLERANCE:
            x, y, _ = walk[i]
            landings[s] = (float(x), float(y), float(elevation[s]))
        elif elevation[s] < hs.min():  # the flight starts on the floor: step off its first tread
            landings[s] = (float(walk[0, 0]), float(walk[0, 1]), float(elevation[s]))
        elif elevation[s] > hs.max():
            landings[s] = (float(walk[-1, 0]), float(walk[-1, 1]), float(elevation[s]))
    return landings, walk


def _feature_link(f: Feature, storeys: Sequence[Storey]) -> VerticalLink:
    """A stair or lift known only as a feature: it serves its storey and the storeys its `leads_to` names."""
    served = [f.storey]
    wanted = (f.leads_to or "").strip().casefold()
    for s in storeys:
        if wanted and s.index != f.storey and s.name.strip().casefold() == wanted:
            served.append(s.index)
    elevation = {s.index: s.elevation for s in storeys}
    served = sorted(set(served), key=lambda i: elevation.get(i, 0.0))
    landings = {s: (f.position[0], f.position[1], elevation.get(s, f.position[2])) for s in served}
    walk = np.array([landings[s] for s in served], dtype=float)
    return VerticalLink(f.element, f.kind, f.label, served, landings, walk, shapely.Point(f.position[:2]),
                        f.storey, f.id)


def links_serving(links: Sequence[VerticalLink], storey: int) -> list[VerticalLink]:
    """The links that reach *storey* and at least one other storey."""
    return [lk for lk in links if storey in lk.storeys and lk.joins_storeys]


def arriving_flights(batches: Sequence[MeshBatch], links: Sequence[VerticalLink], storey: Storey,
                     storeys: Sequence[Storey], cut_height: float) -> list[MeshBatch]:
    """Stair triangles another storey contains that this storey's plan shows: the treads of each stair
    serving *storey* between the cut plane of the storey below and this storey's cut plane."""
    others = {lk.element for lk in links if lk.kind != "lift" and storey.index in lk.storeys
              and lk.home is not None and lk.home != storey.index and lk.element is not None}
    if not others:
        return []
    below = [s.elevation for s in storeys if s.elevation < storey.elevation - 1e-6]
    z0 = (max(below) if below else storey.elevation - 1e9) + cut_height
    z1 = storey.elevation + cut_height
    out = []
    for b in batches:
        if b.category != "stair" or b.storey == storey.index or b.n_triangles == 0:
            continue
        keep = np.isin(b.elements, list(others))
        if not keep.any():
            continue
        zc = b.vertices[b.triangles.astype(np.int64)][:, :, 2].mean(axis=1)
        keep &= (zc > z0) & (zc <= z1)
        if keep.any():
            out.append(MeshBatch(storey.index, "stair", b.vertices, b.triangles[keep], b.elements[keep]))
    return out


def landing_features(features: Sequence[Feature], links: Sequence[VerticalLink], storey: int) -> list[Feature]:
    """The lift and stair features of other storeys, repeated at their landing on *storey*."""
    by_id = {f.id: f for f in features if f.id is not None}
    out = []
    for lk in links:
        f = by_id.get(lk.feature_id)
        if f is not None and f.storey != storey and f.verified is not False:
            out.append(replace(f, storey=storey, position=lk.landings[storey]))
    return out
