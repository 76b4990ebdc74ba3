"""A storey's floor plan as 2D shapes in metres: what a printed plan or the app's plan view draws.

`build_storey_plan` turns a storey's stored triangles and the venue's features into a `StoreyPlan`:

- walls: the horizontal section at the cut height (`sections`), filled; door and window openings are cut
  out of them so a door always reads as a gap, even in a model whose walls have no openings;
- doors: the gap, plus the leaf and its swing arc when the model says which way the door opens (an exit's
  way-out direction; IFC OperationType for the hinge side and double doors);
- windows: a thin frame with the glass line;
- stairs: their treads (the upward-facing horizontal faces) and an arrow from the lowest tread to the
  highest ("UP"); lifts come from the lift features;
- spaces (rooms): outline, number (IFC Name) and name (LongName);
- seating: seat placements grouped into blocks, outlined and counted (`geometry.seating`); 40,000 seats
  make a few dozen polygons, never 40,000 symbols;
- features: exits, entrances, access points... positioned on the plan (the drawing decides their symbols).

Everything is plain data in the venue's local frame (x east, y north, metres) with no notion of paper or
rendering, so the printed briefing and the Qt plan view draw the same plan.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from venueplans.geometry.circulation import (
    VerticalLink,
    arriving_flights,
    landing_features,
    links_serving,
    vertical_links,
)
from venueplans.geometry.linework import point_sets
from venueplans.geometry.seating import MIN_BLOCK_SEATS, SeatingBlock, seat_positions, seating_blocks
from venueplans.geometry.sections import Section, section_meshes
from venueplans.model.geometry import InstanceSet, MeshBatch
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR, Feature, Space, Storey

# Openings cut out of the walls are made deeper than the door/window itself so they cross the whole wall
# even when the door frame is thinner than the wall.
OPENING_DEPTH_MARGIN = 0.4
STAIR_TREAD_MIN_NORMAL = 0.95  # |cos| of the angle to vertical for a face to count as a tread
FLOOR_MIN_NORMAL = 0.7


@dataclass(slots=True)
class DoorOpening:
    """A door as the plan shows it: a gap in the wall, and its leaves' swing when known.

    `along` is the unit vector along the wall (the width direction). `swing` is the unit vector of the
    side the leaves open towards (an exit's way out), or None when the model does not say.
    """

    element: int | None
    centre: tuple[float, float]
    along: tuple[float, float]
    width: float
    depth: float
    gap: BaseGeometry  # rectangle removed from the walls
    swing: tuple[float, float] | None = None
    hinge: str = "left"  # left | right (seen looking towards `swing`) | double
    sliding: bool = False
    is_exit: bool = False

    def leaves(self) -> list[tuple[tuple[float, float], tuple[float, float], tuple[float, float], float]]:
        """Each leaf as (hinge point, closed direction, open direction, length); empty without a swing.

        The leaf turns on its hinge from lying along the wall (closed) to pointing at `swing` (open);
        a plan draws the open leaf as a line and the path of its edge as a quarter arc.
        """
        if self.swing is None or self.sliding:
            return []
        cx, cy = self.centre
        ux, uy = self.along
        sx, sy = self.swing
        face = (cx + sx * self.depth / 2, cy + sy * self.depth / 2)  # the wall face on the swing side
        left = (-sy, sx)  # left of someone walking through in the swing direction
        side = 1.0 if (ux * left[0] + uy * left[1]) >= 0 else -1.0  # `along` oriented to the left
        lx, ly = ux * side, uy * side
        half = self.width / 2
        if self.hinge == "double":
            return [
                ((face[0] + lx * half, face[1] + ly * half), (-lx, -ly), (sx, sy), half),
                ((face[0] - lx * half, face[1] - ly * half), (lx, ly), (sx, sy), half),
            ]
        sign = 1.0 if self.hinge == "left" else -1.0
        hinge = (face[0] + sign * lx * half, face[1] + sign * ly * half)
        return [(hinge, (-sign * lx, -sign * ly), (sx, sy), self.width)]


@dataclass(slots=True)
class WindowOpening:
    element: int | None
    outline: BaseGeometry  # rectangle
    glass: BaseGeometry  # the centre line along the wall


@dataclass(slots=True)
class StairPlan:
    """A stair flight: outline, tread edges, and the walking line from bottom to top (`up`)."""

    element: int | None
    label: str
    outline: BaseGeometry
    treads: BaseGeometry  # MultiLineString of tread edges
    up: BaseGeometry | None  # LineString from the lowest to the highest tread, None when unknown
    arriving: bool = False  # the flight arriving from the storey below (its stair starts lower)


@dataclass(slots=True)
class SpacePlan:
    """A room: IFC Name is its number ("0.12"), LongName its name ("Foyer")."""

    outline: BaseGeometry
    number: str
    name: str
    anchor: tuple[float, float]
    area: float


@dataclass(slots=True)
class StoreyPlan:
    storey: Storey
    cut_z: float  # absolute height of the section plane
    walls: Section
    structure: Section  # other cut solids (columns, proxies); for bare meshes, the whole building
    floor: BaseGeometry
    doors: list[DoorOpening] = field(default_factory=list)
    windows: list[WindowOpening] = field(default_factory=list)
    stairs: list[StairPlan] = field(default_factory=list)
    spaces: list[SpacePlan] = field(default_factory=list)
    seating: list[SeatingBlock] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    links: list[VerticalLink] = field(default_factory=list)  # stairs, ramps, lifts reaching other storeys

    @property
    def cut_height(self) -> float:
        return self.cut_z - self.storey.elevation

    @property
    def seats(self) -> int:
        return sum(b.seats for b in self.seating)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of everything drawn, or None for an empty storey."""
        boxes = []
        for section in (self.walls, self.structure):
            b = section.bounds()
            if b:
                boxes.append(b)
        geoms = [self.floor] + [s.outline for s in self.stairs] + [s.outline for s in self.spaces]
        geoms += [b.outline for b in self.seating]
        boxes += [g.bounds for g in geoms if g is not None and not g.is_empty]
        boxes += [(f.position[0], f.position[1], f.position[0], f.position[1]) for f in self.features]
        return _union_bounds(boxes)


def _union_bounds(boxes: Iterable[Sequence[float]]) -> tuple[float, float, float, float] | None:
    boxes = [b for b in boxes if b is not None and all(math.isfinite(v) for v in b)]
    if not boxes:
        return None
    a = np.asarray(boxes, dtype=float)
    return (float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 2].max()), float(a[:, 3].max()))


def build_storey_plan(
    storey: Storey,
    *,
    batches: Sequence[MeshBatch],
    instances: Sequence[InstanceSet] = (),
    features: Sequence[Feature] = (),
    spaces: Sequence[Space] = (),
    element_properties: dict[int, dict[str, Any]] | None = None,
    cut_height: float = PLAN_CUT_ABOVE_FLOOR,
    storeys: Sequence[Storey] = (),
) -> StoreyPlan:
    """The plan of *storey* cut at *cut_height* metres above its elevation.

    *batches* may hold the whole venue: walls and other solids of any storey are cut when they reach the
    plane (a two-storey-high wall appears on both plans), while doors, windows, stairs, floor and seats
    are taken from the storey's own batches. *element_properties* (element index -> properties) supplies
    door widths and operation types. With *storeys* (all of the venue's), stairs and lifts of other
    storeys that reach this one are drawn and listed in `links` (`geometry.circulation`).
    """
    props = element_properties or {}
    cut_z = storey.elevation + cut_height
    own = [b for b in batches if b.storey == storey.index]
    walls = section_meshes([b for b in batches if b.category == "wall"], cut_z)
    structure = section_meshes([b for b in batches if b.category == "other"], cut_z)
    storey_features = [f for f in features if f.storey == storey.index and f.verified is not False]
    by_element = {f.element: f for f in storey_features if f.element is not None}
    lift_elements = {f.element for f in storey_features if f.kind == "lift" and f.element is not None}

    doors = door_openings([b for b in own if b.category == "door"], cut_z, by_element, props)
    windows = window_openings([b for b in own if b.category == "window"], cut_z)
    gaps = [d.gap for d in doors] + [w.outline for w in windows if w.outline is not None]
    if gaps:
        walls = cut_openings(walls, gaps)
        structure = cut_openings(structure, [d.gap for d in doors])
    links = links_serving(vertical_links(batches, storeys or [storey], features), storey.index)
    storey_features += landing_features(features, links, storey.index)
    stairs = stair_plans([b for b in own if b.category == "stair"], skip=lift_elements)
    names = {lk.element: lk.label for lk in links}
    stairs += [replace(s, arriving=True, label=names.get(s.element, "")) for s in stair_plans(
        arriving_flights(batches, links, storey, storeys, cut_height), skip=lift_elements)]
    stairs += _feature_stairs(storey_features, {s.element for s in stairs})
    return StoreyPlan(
        storey=storey,
        cut_z=cut_z,
        walls=walls,
        structure=structure,
        floor=floor_area([b for b in own if b.category == "slab"], storey.elevation, cut_z),
        doors=doors,
        windows=windows,
        stairs=stairs,
        spaces=space_plans([s for s in spaces if s.storey == storey.index]),
        seating=[b for b in seating_blocks(seat_positions([i for i in instances if i.storey == storey.index]))
                 if b.seats >= MIN_BLOCK_SEATS],
        features=storey_features,
        links=links,
    )



# --- openings -------------------------------------------------------------------------------------


def _element_point_sets(batches: Sequence[MeshBatch]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per element of *batches*: (element ids, its vertices as one geometry (`linework.point_sets`), z min,
    z max)."""
    coords, owners = [], []
    for b in batches:
        if b.n_triangles == 0:
            continue
        n = len(b.vertices)
        flat_v = b.triangles.reshape(-1).astype(np.int64)
        flat_e = np.repeat(b.elements.astype(np.int64), 3)
        # Each vertex once per element, sorted by (element, vertex): one integer key per pair, as sorting
        # rows (np.unique(axis=0)) held the GIL ~12 ms for a theatre's doors.
        element, vertex = np.divmod(np.unique(flat_e * n + flat_v), n)
        coords.append(b.vertices[vertex].astype(np.float64))
        owners.append(element)
    if not coords:
        empty = np.empty(0)
        return empty.astype(np.int64), empty.astype(object), empty, empty
    xyz = np.concatenate(coords)
    owner = np.concatenate(owners)
    order = np.argsort(owner, kind="stable")
    xyz, owner = xyz[order], owner[order]
    ids, start = np.unique(owner, return_index=True)
    points = point_sets(xyz[:, :2], np.r_[start, len(owner)])  # stand for MultiPoints, without an object per vertex
    return ids, points, np.minimum.reduceat(xyz[:, 2], start), np.maximum.reduceat(xyz[:, 2], start)


def _rectangle_axes(rect: BaseGeometry) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, float]:
    """(centre, unit long axis, long length, unit short axis, short length) of an oriented rectangle."""
    c = np.asarray(rect.exterior.coords)[:4] if rect.geom_type == "Polygon" else np.asarray(rect.coords)[:2]
    if len(c) < 3:  # degenerate: a segment or a point
        a, b = c[0], c[-1]
        v = b - a
        length = float(np.hypot(*v))
        u = v / length if length > 0 else np.array([1.0, 0.0])
        return (a + b) / 2, u, length, np.array([-u[1], u[0]]), 0.0
    e1, e2 = c[1] - c[0], c[2] - c[1]
    l1, l2 = float(np.hypot(*e1)), float(np.hypot(*e2))
    centre = c.mean(axis=0)
    if l1 >= l2:
        return centre, e1 / max(l1, 1e-12), l1, e2 / max(l2, 1e-12), l2
    return centre, e2 / max(l2, 1e-12), l2, e1 / max(l1, 1e-12), l1


def _oriented_box(centre, along, length, across, depth) -> BaseGeometry:
    c, u, v = np.asarray(centre), np.asarray(along) * length / 2, np.asarray(across) * depth / 2
    return shapely.Polygon([c - u - v, c + u - v, c + u + v, c - u + v])


def find_property(properties: dict[str, Any], *names: str) -> Any:
    """The first value under any of *names* (case-insensitive) anywhere in nested property sets."""
    wanted = {n.lower() for n in names}
    stack = [properties]
    while stack:
        current = stack.pop(0)
        for key, value in current.items():
            if isinstance(value, dict):
                stack.append(value)
            elif str(key).lower() in wanted and value not in (None, ""):
                return value
    return None


def door_openings(
    batches: Sequence[MeshBatch],
    cut_z: float,
    features_by_element: dict[int, Feature],
    properties: dict[int, dict[str, Any]],
) -> list[DoorOpening]:
    """Doors crossed by the cut plane, each from the oriented bounding rectangle of its triangles."""
    ids, points, zmin, zmax = _element_point_sets(batches)
    if len(ids) == 0:
        return []
    rects = shapely.oriented_envelope(points)
    doors = []
    for element, rect, lo, hi in zip(ids.tolist(), rects, zmin, zmax, strict=True):
        if not (lo - 0.05 <= cut_z <= hi + 0.05) or rect.is_empty:
            continue
        centre, along, length, across, depth = _rectangle_axes(rect)
        if length < 0.3:
            continue
        feature = features_by_element.get(element)
        props = properties.get(element, {})
        width = length
        declared = find_property(props, "OverallWidth")
        if isinstance(declared, (int, float)) and 0.3 <= declared <= length + 0.05:
            width = float(declared)
        operation = str(find_property(props, "OperationType") or "").upper()
        swing = None
        if feature is not None and feature.direction is not None:
            dx, dy = feature.direction
            # The leaf opens to the side of the wall the way-out direction points to.
            s = 1.0 if dx * across[0] + dy * across[1] >= 0 else -1.0
            swing = (float(across[0] * s), float(across[1] * s))
        hinge = "double" if "DOUBLE" in operation else ("right" if "RIGHT" in operation else "left")
        gap = _oriented_box(centre, along, length, across, depth + 2 * OPENING_DEPTH_MARGIN)
        doors.append(
            DoorOpening(
                element=element, centre=(float(centre[0]), float(centre[1])),
                along=(float(along[0]), float(along[1])), width=width, depth=max(depth, 0.05), gap=gap,
                swing=swing, hinge=hinge, sliding="SLIDING" in operation or "FOLDING" in operation,
                is_exit=feature is not None and feature.kind == "exit",
            )
        )
    return doors


def window_openings(batches: Sequence[MeshBatch], cut_z: float) -> list[WindowOpening]:
    """Windows crossed by the cut plane: frame rectangle and glass line (windows above it are omitted)."""
    ids, points, zmin, zmax = _element_point_sets(batches)
    windows = []
    for element, rect, lo, hi in zip(ids.tolist(), shapely.oriented_envelope(points), zmin, zmax, strict=True):
        if not (lo <= cut_z <= hi) or rect.is_empty or rect.geom_type != "Polygon":
            continue
        centre, along, length, across, depth = _rectangle_axes(rect)
        c, u = np.asarray(centre), np.asarray(along) * length / 2
        windows.append(WindowOpening(element, rect, shapely.LineString([c - u, c + u])))
    return windows


def cut_openings(section: Section, gaps: Sequence[BaseGeometry]) -> Section:
    """*section* with the door and window rectangles removed from its solids."""
    if len(section.polygons) == 0 or not gaps:
        return section
    holes = shapely.union_all(np.asarray(gaps, dtype=object))
    hit = shapely.intersects(section.polygons, holes)
    if not hit.any():
        return section
    polygons = section.polygons.copy()
    polygons[hit] = shapely.difference(polygons[hit], holes)
    keep = ~shapely.is_empty(polygons)
    return Section(section.z, polygons[keep], section.elements[keep], section.lines)


# --- floor, stairs --------------------------------------------------------------------------------


def _up_faces(batch: MeshBatch, min_normal: float) -> tuple[np.ndarray, np.ndarray]:
    """(triangles' xyz (n, 3, 3), owner element) of faces looking up within *min_normal* of vertical."""
    tri = batch.vertices[batch.triangles.astype(np.int64)].astype(np.float64)
    normal = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    length = np.linalg.norm(normal, axis=1)
    ok = length > 1e-9
    up = np.zeros(len(tri), dtype=bool)
    up[ok] = normal[ok, 2] / length[ok] >= min_normal
    return tri[up], batch.elements[up]


def floor_area(slabs: Sequence[MeshBatch], elevation: float, cut_z: float) -> BaseGeometry:
    """The walkable floor of the storey: the slabs' upward faces between just below the storey's elevation
    and the cut plane, projected and merged (drawn as a light tint under everything else)."""
    parts = []
    for b in slabs:
        tri, _ = _up_faces(b, FLOOR_MIN_NORMAL)
        z = tri[:, :, 2].mean(axis=1) if len(tri) else np.empty(0)
        tri = tri[(z >= elevation - 0.6) & (z <= cut_z)]
        if len(tri):
            parts.append(shapely.polygons(tri[:, :, :2]))
    if not parts:
        return shapely.MultiPolygon()
    polys = np.concatenate(parts)
    polys = polys[shapely.area(polys) > 1e-6]
    if len(polys) == 0:
        return shapely.MultiPolygon()
    return shapely.union_all(shapely.make_valid(polys)).simplify(0.02)


def stair_plans(batches: Sequence[MeshBatch], *, skip: set[int] | frozenset = frozenset()) -> list[StairPlan]:
    """Stair flights from their treads: the upward horizontal faces grouped by element and height."""
    tri_parts, owner_parts = [], []
    for b in batches:
        tri, owner = _up_faces(b, STAIR_TREAD_MIN_NORMAL)
        tri_parts.append(tri)
        owner_parts.append(owner)
    if not tri_parts or sum(len(t) for t in tri_parts) == 0:
        return []
    tri = np.concatenate(tri_parts)
    owner = np.concatenate(owner_parts).astype(np.int64)
    level = np.round(tri[:, :, 2].mean(axis=1) / 0.01).astype(np.int64)  # tread heights to the cm
    polys = shapely.polygons(tri[:, :, :2])
    stairs = []
    for element in np.unique(owner).tolist():
        if element in skip:
            continue
        mine = owner == element
        treads = []
        for z in np.unique(level[mine]).tolist():
            face = shapely.union_all(polys[mine & (level == z)])
            if face.area > 0.02:
                treads.append((z, face))
        if not treads:
            continue
        outline = shapely.union_all([t for _, t in treads]).buffer(0.01).buffer(-0.01).simplify(0.01)
        edges = shapely.MultiLineString([ln for _, t in treads for ln in _boundary_lines(t)])
        up = None
        if len(treads) >= 3:
            centres = [t.centroid for _, t in sorted(treads, key=lambda zt: zt[0])]
            up = shapely.LineString([(p.x, p.y) for p in centres]).simplify(0.1)
            if up.length < 0.5:
                up = None
        stairs.append(StairPlan(element, "", outline, edges, up))
    return stairs


def _boundary_lines(polygon: BaseGeometry) -> list[BaseGeometry]:
    boundary = polygon.boundary
    return [g for g in shapely.get_parts(boundary) if g.geom_type == "LineString"]


def _feature_stairs(features: Sequence[Feature], drawn: set[int | None]) -> list[StairPlan]:
    """Stairs known only as features (mesh venues, user-placed): a short arrow along their direction."""
    stairs = []
    for f in features:
        if f.kind != "stair" or (f.element is not None and f.element in drawn) or f.direction is None:
            continue
        x, y = f.position[0], f.position[1]
        dx, dy = f.direction
        up = shapely.LineString([(x - dx, y - dy), (x + dx, y + dy)])
        stairs.append(StairPlan(f.element, f.label, shapely.Polygon(), shapely.MultiLineString(), up))
    return stairs


# --- spaces ----------------------------------------------------------------------------------


def space_plans(spaces: Sequence[Space]) -> list[SpacePlan]:
    """Room outlines with their number and name, and a label anchor well inside (pole of inaccessibility)."""
    plans = []
    for s in spaces:
        if len(s.footprint) < 3:
            continue
        outline = shapely.make_valid(shapely.Polygon(s.footprint))
        polys = [g for g in shapely.get_parts(outline) if g.geom_type == "Polygon" and g.area > 0.01]
        if not polys:
            continue
        main = max(polys, key=lambda p: p.area)
        anchor = polylabel(main, tolerance=max(0.05, math.sqrt(main.area) / 50))
        plans.append(
            SpacePlan(shapely.MultiPolygon(polys) if len(polys) > 1 else main, (s.name or "").strip(),
                      (s.long_name or "").strip(), (anchor.x, anchor.y), float(s.area or outline.area))
        )
    return plans


# Categories whose extent defines the venue on paper. Roofs overhang and "other" may hold the site's
# terrain, which would shrink the building on the page; they count only when nothing else exists.
EXTENT_CATEGORIES = ("wall", "slab", "door", "window", "stair", "furniture")


def model_bounds(
    batches: Sequence[MeshBatch],
    instances: Sequence[InstanceSet] = (),
    features: Sequence[Feature] = (),
    spaces: Sequence[Space] = (),
    *,
    margin: float = 1.0,
) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of the whole venue, plus *margin*: what its reference grid covers.

    Computed from the stored geometry of every storey, not from one storey's plan, so the grid (and so
    every cell reference) is the same whichever storeys are printed.
    """
    def extent(selected: Iterable[MeshBatch]) -> list[tuple[float, float, float, float]]:
        out = []
        for b in selected:
            if b.n_triangles:
                # A mask, not np.unique: linear, where sorting a big venue's indices held the GIL ~40 ms.
                used = np.zeros(len(b.vertices), dtype=bool)
                used[b.triangles.reshape(-1)] = True
                xy = b.vertices[used, :2]
                lo, hi = xy.min(axis=0), xy.max(axis=0)
                out.append((float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])))
        return out

    boxes = extent(b for b in batches if b.category in EXTENT_CATEGORIES)
    for inst in instances:
        if inst.category in EXTENT_CATEGORIES and len(inst.transforms) and len(inst.vertices):
            boxes.append(_instances_extent(inst))
    boxes += [(f.position[0], f.position[1], f.position[0], f.position[1]) for f in features]
    for s in spaces:
        if s.footprint:
            xy = np.asarray(s.footprint, dtype=float)
            boxes.append((xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max()))
    if not boxes:
        boxes = extent(batches)
    b = _union_bounds(boxes)
    if b is None:
        return None
    return (b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin)


def _instances_extent(inst: InstanceSet) -> tuple[float, float, float, float]:
    """Plan extent of all placements: the shape's bounding box through every transform.

    The box of a transformed box is its transformed centre plus or minus |R| times its half-size (R the
    transform's linear part): the same extent as transforming its 8 corners, for 1/8 of the work (a
    stadium's 40,000 seats).
    """
    lo, hi = inst.vertices.min(axis=0).astype(np.float64), inst.vertices.max(axis=0).astype(np.float64)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    t = inst.transforms.astype(np.float64)
    linear = t[:, :2, :3]
    placed = linear @ centre + t[:, :2, 3]
    reach = np.abs(linear) @ half
    (x0, y0), (x1, y1) = (placed - reach).min(axis=0), (placed + reach).max(axis=0)
    return (float(x0), float(y0), float(x1), float(y1))
