"""A small IFC4 authoring layer shared by the sample venue generators.

It wraps ``ifcopenshell.api`` and adds what the samples need that the api does not give directly:
extruded arbitrary footprints, storey-relative placements, walls with filled openings, dog-leg stairs,
lifts, and mapped furniture cheap enough for tens of thousands of seats. Relationships are collected
while building and written once in :meth:`IfcBuilder.write`: one IfcRelContainedInSpatialStructure
per storey, however many seats it holds.

Output is byte-reproducible: GlobalIds are derived from a seed and from each entity's class, name and
rank, the owner history and the STEP header carry a fixed date, and nothing reads the clock.
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import ifcopenshell
import ifcopenshell.api.context
import ifcopenshell.api.feature
import ifcopenshell.api.geometry
import ifcopenshell.api.project
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.unit
import ifcopenshell.guid
import numpy as np
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry import box as rect
from shapely.geometry.polygon import orient

# 2024-01-01T00:00:00Z, a fixed date so that regenerating a sample gives the same bytes.
FIXED_EPOCH = 1704067200
FIXED_ISO = "2024-01-01T00:00:00"

XY = tuple[float, float]
XYZ = tuple[float, float, float]

# name: (red, green, blue, transparency). Realistic surface colours; the app does its own highlighting.
PALETTE: dict[str, tuple[float, float, float, float]] = {
    "facade": (0.86, 0.80, 0.68, 0.0),  # Paris limestone
    "wall": (0.93, 0.91, 0.86, 0.0),
    "concrete": (0.72, 0.72, 0.70, 0.0),
    "floor": (0.60, 0.58, 0.55, 0.0),
    "parquet": (0.55, 0.36, 0.20, 0.0),
    "stage": (0.35, 0.22, 0.12, 0.0),
    "carpet": (0.55, 0.10, 0.12, 0.0),
    "velvet": (0.72, 0.06, 0.10, 0.0),
    "gilt": (0.83, 0.68, 0.30, 0.0),
    "roof": (0.42, 0.46, 0.50, 0.0),  # zinc
    "dome": (0.55, 0.72, 0.66, 0.0),  # oxidised copper
    "canopy": (0.90, 0.92, 0.94, 0.45),
    "stair": (0.66, 0.64, 0.60, 0.0),
    "door": (0.45, 0.28, 0.16, 0.0),
    "steel_door": (0.30, 0.33, 0.36, 0.0),
    "lift": (0.70, 0.74, 0.78, 0.0),
    "shaft": (0.80, 0.82, 0.85, 0.6),
    "space": (0.55, 0.75, 0.95, 0.85),
    "grass": (0.23, 0.55, 0.22, 0.0),
    "track": (0.62, 0.30, 0.22, 0.0),
    "seat_blue": (0.05, 0.22, 0.62, 0.0),
    "paving": (0.78, 0.76, 0.72, 0.0),
}


# What each surface style is made of, so that every element also gets an IfcMaterial (wall build-up
# matters to intervention teams: limestone and concrete are not plasterboard).
MATERIAL_OF_STYLE = {
    "facade": "Pierre de taille", "wall": "Maçonnerie enduite", "concrete": "Béton armé", "floor": "Béton armé",
    "parquet": "Bois", "stage": "Bois (plancher de scène)", "carpet": "Moquette sur béton", "gilt": "Plâtre doré",
    "roof": "Zinc", "dome": "Cuivre", "canopy": "Membrane PTFE", "stair": "Béton armé", "door": "Bois",
    "steel_door": "Acier", "lift": "Acier", "grass": "Gazon naturel", "track": "Résine", "paving": "Pierre",
}


def boxes_mesh(boxes, lean: dict[int, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Closed triangle mesh of axis-aligned ((x0, y0, z0), (x1, y1, z1)) boxes; `lean[i]` shifts box i's top
    face along Y (a raked seat back)."""
    quads = [(0, 3, 2, 1), (4, 5, 6, 7), (0, 1, 5, 4), (1, 2, 6, 5), (2, 3, 7, 6), (3, 0, 4, 7)]
    verts, tris = [], []
    for i, ((x0, y0, z0), (x1, y1, z1)) in enumerate(boxes):
        dy = (lean or {}).get(i, 0.0)
        base = len(verts)
        verts += [(x0, y0, z0), (x1, y0, z0), (x1, y1, z0), (x0, y1, z0),
                  (x0, y0 + dy, z1), (x1, y0 + dy, z1), (x1, y1 + dy, z1), (x0, y1 + dy, z1)]
        for a, b, c, d in quads:
            tris += [(base + a, base + b, base + c), (base + a, base + c, base + d)]
    return np.array(verts, float), np.array(tris, int)


def stable_guid(seed: str, key: str) -> str:
    """A valid IFC GlobalId that depends only on *seed* and *key*."""
    digest = hashlib.md5(f"{seed}|{key}".encode()).digest()
    return ifcopenshell.guid.compress(uuid.UUID(bytes=digest).hex)


def polygons(shape) -> list[Polygon]:
    """The non-empty polygons of a shapely (Multi)Polygon or collection."""
    if shape.is_empty:
        return []
    if isinstance(shape, Polygon):
        return [shape]
    if isinstance(shape, MultiPolygon):
        return [p for p in shape.geoms if not p.is_empty]
    return [p for g in getattr(shape, "geoms", []) for p in polygons(g)]


def _r(v: float) -> float:
    """Millimetre rounding: keeps files short and free of 0.30000000000000004."""
    v = round(float(v), 3)
    return 0.0 if v == 0 else v


def sawtooth(n: int, riser: float, tread: float, waist: float = 0.18) -> list[XY]:
    """Side profile (x along the walking line, y up) of a flight of *n* risers with a sloping soffit."""
    pts: list[XY] = [(0.0, 0.0)]
    for i in range(n):
        pts += [(i * tread, (i + 1) * riser), ((i + 1) * tread, (i + 1) * riser)]
    drop = waist / math.cos(math.atan2(riser, tread))  # vertical waist below the nosing line
    x_foot = min(drop * tread / riser, (n - 0.5) * tread)
    pts += [(n * tread, n * riser - drop), (x_foot, 0.0)]
    return pts


def flights(hops: Sequence[float], max_riser: float = 0.175, flight_rise: float = 3.0) -> list[tuple[int, float, float]]:
    """Flights (risers, riser height, start level) climbing storey-to-storey *hops*, none over *flight_rise*."""
    out, z = [], 0.0
    for h in hops:
        k = max(1, math.ceil(h / flight_rise - 1e-9))
        n = math.ceil(h / k / max_riser - 1e-9)
        for _ in range(k):
            out.append((n, h / k / n, z))
            z += h / k
    return out


class IfcBuilder:
    """Builds one IFC4 file: project, site, building, storeys, then elements placed in storeys."""

    def __init__(self, *, project: str, site: str, building: str, seed: str, description: str = ""):
        self.seed = seed
        m = self.model = ifcopenshell.api.project.create_file(version="IFC4")
        self.project = ifcopenshell.api.root.create_entity(m, ifc_class="IfcProject", name=project)
        self.project.Description = description or None
        units = ifcopenshell.api.unit.assign_unit(m, length={"is_metric": True, "raw": "METERS"})
        units.Units = sorted(units.Units, key=lambda u: u.id())  # the api builds them from a set
        model_ctx = ifcopenshell.api.context.add_context(m, context_type="Model")
        self.body = ifcopenshell.api.context.add_context(
            m, context_type="Model", context_identifier="Body", target_view="MODEL_VIEW", parent=model_ctx
        )
        self._dirs: dict[XYZ, ifcopenshell.entity_instance] = {}
        self._origin = m.createIfcCartesianPoint((0.0, 0.0, 0.0))
        self._styles: dict[str, ifcopenshell.entity_instance] = {}
        self._materials: dict[str, ifcopenshell.entity_instance] = {}
        self._material_users: dict[str, list] = defaultdict(list)
        self._contained: dict[int, list] = defaultdict(list)
        self._referenced: dict[int, list] = defaultdict(list)
        self._spaces: dict[int, list] = defaultdict(list)
        self._typed: dict[int, list] = defaultdict(list)
        self._types: list = []
        self._storey_of: dict[int, ifcopenshell.entity_instance] = {}
        self._wall_thickness: dict[int, float] = {}
        self.storeys: list = []

        self.site = ifcopenshell.api.root.create_entity(m, ifc_class="IfcSite", name=site)
        self.building = ifcopenshell.api.root.create_entity(m, ifc_class="IfcBuilding", name=building)
        self.site.ObjectPlacement = self.placement(None)
        self.building.ObjectPlacement = self.placement(self.site.ObjectPlacement)
        self.aggregate(self.project, [self.site])
        self.aggregate(self.site, [self.building])

    # ----------------------------------------------------------------- low-level geometry
    def direction(self, x: float, y: float, z: float) -> ifcopenshell.entity_instance:
        key = tuple(round(c, 6) + 0.0 for c in (x, y, z))
        d = self._dirs.get(key)
        if d is None:
            d = self._dirs[key] = self.model.createIfcDirection(key)
        return d

    def axis(self, xyz: Sequence[float] = (0, 0, 0), angle: float = 0.0) -> ifcopenshell.entity_instance:
        """An IfcAxis2Placement3D at *xyz* turned by *angle* radians about Z."""
        if not any(xyz) and angle == 0:
            return self.model.createIfcAxis2Placement3D(self._origin, None, None)
        loc = self.model.createIfcCartesianPoint(tuple(_r(c) for c in xyz))
        if angle == 0:
            return self.model.createIfcAxis2Placement3D(loc, None, None)
        ref = self.direction(math.cos(angle), math.sin(angle), 0.0)
        return self.model.createIfcAxis2Placement3D(loc, self.direction(0, 0, 1), ref)

    def placement(self, rel_to, xyz: Sequence[float] = (0, 0, 0), angle: float = 0.0):
        return self.model.createIfcLocalPlacement(rel_to, self.axis(xyz, angle))

    def profile(self, poly: Polygon | Sequence[XY]) -> ifcopenshell.entity_instance:
        """Closed area profile (with voids when the polygon has holes) from a shapely polygon or points."""
        poly = orient(poly if isinstance(poly, Polygon) else Polygon(poly), 1.0)
        m = self.model

        def curve(ring) -> ifcopenshell.entity_instance:
            pts = [(_r(x), _r(y)) for x, y in ring.coords]
            return m.createIfcIndexedPolyCurve(m.createIfcCartesianPointList2D(pts), None, False)

        if poly.interiors:
            return m.createIfcArbitraryProfileDefWithVoids(
                "AREA", None, curve(poly.exterior), [curve(r) for r in poly.interiors]
            )
        return m.createIfcArbitraryClosedProfileDef("AREA", None, curve(poly.exterior))

    def extrusion(self, poly, z0: float, height: float) -> ifcopenshell.entity_instance:
        """A vertical prism over *poly* from *z0* to *z0 + height*."""
        return self.model.createIfcExtrudedAreaSolid(
            self.profile(poly), self.axis((0, 0, z0)), self.direction(0, 0, 1), _r(height)
        )

    def extrusions(self, shape, z0: float, height: float) -> list:
        return [self.extrusion(p, z0, height) for p in polygons(shape)]

    def box(self, x0: float, y0: float, z0: float, x1: float, y1: float, z1: float):
        return self.extrusion(rect(x0, y0, x1, y1), z0, z1 - z0)

    def side_extrusion(self, profile_xz: Sequence[XY], y0: float, width: float):
        """A profile drawn in the XZ plane, extruded across Y from *y0* to *y0 + width* (stair flights)."""
        m = self.model
        position = m.createIfcAxis2Placement3D(
            m.createIfcCartesianPoint((0.0, _r(y0 + width), 0.0)), self.direction(0, -1, 0), self.direction(1, 0, 0)
        )
        return m.createIfcExtrudedAreaSolid(self.profile(profile_xz), position, self.direction(0, 0, 1), _r(width))

    def faceset(self, vertices: np.ndarray, triangles: np.ndarray):
        m = self.model
        pts = m.createIfcCartesianPointList3D([tuple(_r(c) for c in v) for v in vertices])
        index = [tuple(int(i) + 1 for i in t) for t in triangles]
        return m.createIfcTriangulatedFaceSet(pts, None, True, index, None)

    def style(self, name: str) -> ifcopenshell.entity_instance:
        s = self._styles.get(name)
        if s is None:
            r, g, b, t = PALETTE[name]
            m = self.model
            shading = m.createIfcSurfaceStyleShading(m.createIfcColourRgb(None, r, g, b), t)
            s = self._styles[name] = m.createIfcSurfaceStyle(name, "BOTH", [shading])
        return s

    def representation(self, items: Iterable, style: str | None, kind: str = "SweptSolid"):
        items = list(items)
        if style:
            st = self.style(style)
            for it in items:
                self.model.createIfcStyledItem(it, [st], None)
        return self.model.createIfcShapeRepresentation(self.body, "Body", kind, items)

    def shape(self, items: Iterable, style: str | None, kind: str = "SweptSolid"):
        return self.model.createIfcProductDefinitionShape(None, None, [self.representation(items, style, kind)])

    # ----------------------------------------------------------------- spatial structure
    def storey(self, name: str, elevation: float, height: float, *, entrance: bool = False):
        """A building storey at *elevation* (metres) with its gross height recorded as a quantity."""
        m = self.model
        st = ifcopenshell.api.root.create_entity(m, ifc_class="IfcBuildingStorey", name=name)
        st.Elevation = _r(elevation)
        st.CompositionType = "ELEMENT"
        st.ObjectPlacement = self.placement(self.building.ObjectPlacement, (0, 0, elevation))
        self.aggregate(self.building, [st])
        self.pset(st, "Pset_BuildingStoreyCommon", {"EntranceLevel": entrance})
        qto = ifcopenshell.api.pset.add_qto(m, product=st, name="Qto_BuildingStoreyBaseQuantities")
        ifcopenshell.api.pset.edit_qto(m, qto=qto, properties={"GrossHeight": _r(height)})
        self.storeys.append(st)
        return st

    def aggregate(self, whole, parts: list) -> None:
        # Direct IfcRelAggregates: aggregate.assign_object would re-localise placements that share entities.
        self.model.createIfcRelAggregates(ifcopenshell.guid.compress(uuid.UUID(int=0).hex), None, None, None,
                                          whole, parts)

    def pset(self, product, name: str, properties: dict) -> None:
        ps = ifcopenshell.api.pset.add_pset(self.model, product=product, name=name)
        ifcopenshell.api.pset.edit_pset(self.model, pset=ps, properties=properties)

    def material(self, products: Iterable, name: str) -> None:
        if name not in self._materials:
            self._materials[name] = self.model.createIfcMaterial(name, None, None)
        self._material_users[name].extend(products)

    def element(self, ifc_class: str, storey, name: str, items: Iterable, *, style: str | None,
                origin: Sequence[float] = (0, 0, 0), angle: float = 0.0, predefined: str | None = None,
                kind: str = "SweptSolid", rel_to=None):
        """A product placed relative to *storey* (or *rel_to*) and contained in *storey*."""
        e = ifcopenshell.api.root.create_entity(self.model, ifc_class=ifc_class, name=name, predefined_type=predefined)
        e.ObjectPlacement = self.placement(rel_to or storey.ObjectPlacement, origin, angle)
        e.Representation = self.shape(items, style, kind)
        self._contained[storey.id()].append(e)
        self._storey_of[e.id()] = storey
        if style in MATERIAL_OF_STYLE:
            self.material([e], MATERIAL_OF_STYLE[style])
        return e

    def reference(self, product, storeys: Iterable) -> None:
        """Also list *product* in other storeys it serves (a stair or lift spanning several floors)."""
        for st in storeys:
            self._referenced[st.id()].append(product)

    # ----------------------------------------------------------------- building elements
    def wall(self, storey, p0: XY, p1: XY, height: float, *, thickness: float = 0.2, z: float = 0.0,
             name: str = "Mur", style: str = "wall", external: bool = False, predefined: str | None = None):
        """A straight wall centred on p0-p1; local X runs along it so that openings are easy to place."""
        (x0, y0), (x1, y1) = p0, p1
        length = math.hypot(x1 - x0, y1 - y0)
        t = thickness
        w = self.element("IfcWall", storey, name, [self.box(0, -t / 2, 0, length, t / 2, height)], style=style,
                         origin=(x0, y0, z), angle=math.atan2(y1 - y0, x1 - x0),
                         predefined=predefined or ("SOLIDWALL" if external else "PARTITIONING"))
        self._wall_thickness[w.id()] = t
        self.pset(w, "Pset_WallCommon", {"IsExternal": external})
        return w

    def walls_along(self, storey, points: Sequence[XY], height: float, *, closed: bool = False, name: str = "Mur",
                    **kw) -> list:
        pts = list(points) + ([points[0]] if closed else [])
        return [self.wall(storey, a, b, height, name=f"{name} {i + 1}" if len(pts) > 2 else name, **kw)
                for i, (a, b) in enumerate(zip(pts, pts[1:], strict=False))]

    def opening(self, wall, at: float, width: float, height: float, *, sill: float = 0.0, name: str = "Baie"):
        """An IfcOpeningElement voiding *wall*, centred *at* metres from the wall start."""
        t = self._wall_thickness[wall.id()]
        op = ifcopenshell.api.root.create_entity(self.model, ifc_class="IfcOpeningElement", name=name,
                                                 predefined_type="OPENING")
        ifcopenshell.api.feature.add_feature(self.model, feature=op, element=wall)  # before placing: see aggregate()
        op.ObjectPlacement = self.placement(wall.ObjectPlacement, (at - width / 2, 0, sill))
        op.Representation = self.shape([self.box(0, -t / 2 - 0.1, 0, width, t / 2 + 0.1, height)], None)
        return op

    def _filling(self, wall, ifc_class: str, rep, at: float, width: float, height: float, sill: float,
                 name: str, predefined: str, style: str):
        """An element of *ifc_class* with *rep* filling a new opening of *wall*."""
        op = self.opening(wall, at, width, height, sill=sill, name=f"Baie {name}")
        m = self.model
        e = ifcopenshell.api.root.create_entity(m, ifc_class=ifc_class, name=name, predefined_type=predefined)
        e.OverallWidth, e.OverallHeight = _r(width), _r(height)
        e.ObjectPlacement = self.placement(op.ObjectPlacement, (0, -0.05, 0))
        for it in rep.Items:
            m.createIfcStyledItem(it, [self.style(style)], None)
        e.Representation = m.createIfcProductDefinitionShape(None, None, [rep])
        ifcopenshell.api.feature.add_filling(m, opening=op, element=e)
        self.material([e], MATERIAL_OF_STYLE[style])
        storey = self._storey_of[wall.id()]
        self._contained[storey.id()].append(e)
        self._storey_of[e.id()] = storey
        return e

    def door(self, wall, at: float, width: float, height: float, name: str, *, sill: float = 0.0,
             external: bool = False, fire_exit: bool = False, predefined: str = "DOOR",
             operation: str | None = None, reference: str | None = None, description: str | None = None):
        """A door filling an opening of *wall*: OverallWidth/Height set, Pset_DoorCommon filled.

        Exits are recognised from the file by Pset_DoorCommon.FireExit and IsExternal, not by name.
        """
        operation = operation or ("DOUBLE_DOOR_SINGLE_SWING" if width >= 1.4 else "SINGLE_SWING_LEFT")
        rep = ifcopenshell.api.geometry.add_door_representation(
            self.model, context=self.body, overall_height=height, overall_width=width, operation_type=operation)
        d = self._filling(wall, "IfcDoor", rep, at, width, height, sill, name, predefined,
                          "steel_door" if external else "door")
        d.Description = description
        d.OperationType = operation
        props = {"IsExternal": external, "FireExit": fire_exit}
        if reference:
            props["Reference"] = reference
        self.pset(d, "Pset_DoorCommon", props)
        return d

    def window(self, wall, at: float, width: float, height: float, name: str, *, sill: float = 1.0):
        rep = ifcopenshell.api.geometry.add_window_representation(
            self.model, context=self.body, overall_height=height, overall_width=width)
        w = self._filling(wall, "IfcWindow", rep, at, width, height, sill, name, "WINDOW", "steel_door")
        w.PartitioningType = "SINGLE_PANEL"
        return w

    def slab(self, storey, shape, top: float, depth: float, name: str, *, predefined: str = "FLOOR",
             style: str = "floor", ifc_class: str = "IfcSlab"):
        """Slab(s) over a shapely shape with their upper face at *top* (storey-relative)."""
        return self.element(ifc_class, storey, name, self.extrusions(shape, top - depth, depth), style=style,
                            predefined=predefined)

    def stepped_slab(self, storey, steps: Iterable[tuple[object, float]], thickness: float, name: str, *,
                     style: str = "floor", base: float | None = None):
        """Raked seating: one solid per (shape, top) step, *thickness* deep or down to *base*."""
        items = []
        for shape, top in steps:
            depth = (top - base) if base is not None else thickness
            items += self.extrusions(shape, top - depth, depth)
        return self.element("IfcSlab", storey, name, items, style=style, predefined="FLOOR")

    def space(self, storey, code: str, long_name: str, shape, height: float, *, z: float = 0.0,
              occupancy: int | None = None, object_type: str | None = None, public: bool = True,
              external: bool = False, fire_exit: bool | None = None):
        """A room: Name is a short code, LongName the room's name, body the extruded footprint."""
        m = self.model
        sp = ifcopenshell.api.root.create_entity(m, ifc_class="IfcSpace", name=code,
                                                 predefined_type="EXTERNAL" if external else "INTERNAL")
        sp.LongName = long_name
        sp.ObjectType = object_type
        sp.CompositionType = "ELEMENT"
        sp.ObjectPlacement = self.placement(storey.ObjectPlacement)
        sp.Representation = self.shape(self.extrusions(shape, z, height), "space")
        self._spaces[storey.id()].append(sp)
        self.pset(sp, "Pset_SpaceCommon", {"Reference": code, "PubliclyAccessible": public, "IsExternal": external})
        if occupancy is not None:
            self.pset(sp, "Pset_SpaceOccupancyRequirements", {"OccupancyType": "Assembly", "OccupancyNumber": occupancy})
        if fire_exit is not None:
            self.pset(sp, "Pset_SpaceFireSafetyRequirements", {"FireExit": fire_exit})
        return sp

    def stair(self, storey, origin: XY, angle: float, hops: Sequence[float], name: str, *, z: float = 0.0,
              width: float = 1.4, gap: float = 0.2, landing: float = 1.4, tread: float = 0.28,
              max_riser: float = 0.175, flight_rise: float = 3.0, serves: Iterable = (), fire_exit: bool = True):
        """A dog-leg stair climbing *hops* (storey-to-storey heights) from *origin*.

        Flights alternate between two lanes, in local coordinates: lane A (y 0..width) climbs +X from
        x=0, lane B (y width+gap..2*width+gap) climbs back -X; full-width landings sit at both ends, so
        the stair fits a rectangle from x=-landing to x=run+landing whatever the storey heights.
        """
        steps = flights(hops, max_riser, flight_rise)
        run = max(n for n, _, _ in steps) * tread
        full, lane_b = 2 * width + gap, width + gap
        items = []
        for j, (n, r, z0) in enumerate(steps):
            prof = sawtooth(n, r, tread)
            top = z0 + n * r
            if j % 2 == 0:
                items.append(self.side_extrusion([(x, z0 + y) for x, y in prof], 0.0, width))
                if n * tread < run - 1e-6:  # shorter flight: fill its lane up to the landing
                    items.append(self.box(n * tread, 0, top - 0.2, run, width, top))
                items.append(self.box(run, 0, top - 0.2, run + landing, full, top))
            else:
                items.append(self.side_extrusion([(run - x, z0 + y) for x, y in prof], lane_b, width))
                if n * tread < run - 1e-6:
                    items.append(self.box(0, lane_b, top - 0.2, run - n * tread, full, top))
                items.append(self.box(-landing, 0, top - 0.2, 0, full, top))
        s = self.element("IfcStair", storey, name, items, style="stair", origin=(*origin, z), angle=angle,
                         predefined="HALF_TURN_STAIR" if len(steps) > 1 else "STRAIGHT_RUN_STAIR")
        risers = sum(n for n, _, _ in steps)
        self.pset(s, "Pset_StairCommon", {
            "NumberOfRiser": risers, "NumberOfTreads": risers - len(steps),
            "RiserHeight": _r(sum(hops) / risers), "TreadLength": tread, "FireExit": fire_exit,
            "RequiredHeadroom": 2.1})
        self.reference(s, serves)
        return s

    def lift(self, storey, origin: XY, angle: float, height: float, name: str, *, z: float = 0.0,
             car: XY = (1.4, 1.6),
             serves: Iterable = (), object_type: str | None = None, capacity: int = 8, firefighting: bool = False):
        """A lift: its car at the lowest landing inside a see-through shaft running *height* metres."""
        w, d = car
        shaft = rect(-0.25, -0.25, w + 0.25, d + 0.25).difference(rect(-0.1, -0.1, w + 0.1, d + 0.1))
        car_item, shaft_item = self.box(0, 0, 0.05, w, d, 2.4), self.extrusion(shaft, 0, height)
        self.model.createIfcStyledItem(car_item, [self.style("lift")], None)
        self.model.createIfcStyledItem(shaft_item, [self.style("shaft")], None)
        e = self.element("IfcTransportElement", storey, name, [car_item, shaft_item], style=None,
                         origin=(*origin, z), angle=angle, predefined="ELEVATOR")
        self.material([e], MATERIAL_OF_STYLE["lift"])
        e.ObjectType = object_type
        self.pset(e, "Pset_TransportElementCommon", {"CapacityPeople": capacity, "FireExit": False})
        self.pset(e, "Pset_TransportElementElevator", {"FireFightingLift": firefighting, "ClearWidth": w,
                                                       "ClearDepth": d, "ClearHeight": 2.3})
        self.reference(e, serves)
        return e

    # ----------------------------------------------------------------- mapped furniture
    def furniture_type(self, name: str, vertices: np.ndarray, triangles: np.ndarray, style: str):
        """An IfcFurnitureType (CHAIR) whose one IfcRepresentationMap every seat instance maps."""
        m = self.model
        t = ifcopenshell.api.root.create_entity(m, ifc_class="IfcFurnitureType", name=name, predefined_type="CHAIR")
        rep = self.representation([self.faceset(vertices, triangles)], style, "Tessellation")
        rmap = m.createIfcRepresentationMap(self.axis(), rep)
        t.RepresentationMaps = [rmap]
        t.AssemblyPlace = "FACTORY"
        self._types.append(t)
        return t

    def seats(self, storey, ftype, xyz: np.ndarray, angles_deg: np.ndarray, names: Sequence[str]) -> list:
        """Seat instances: per seat only a point, an axis placement, a local placement and a mapped shape.

        Created directly rather than through ifcopenshell.api, which is far too slow for 40,000 seats.
        Rotations are rounded to 0.5 degree so that their IfcDirections can be shared.
        """
        m = self.model
        rmap = ftype.RepresentationMaps[0]
        op = m.createIfcCartesianTransformationOperator3D(None, None, self._origin, None, None)
        up = self.direction(0, 0, 1)
        rel = storey.ObjectPlacement
        guid = ifcopenshell.guid.compress(uuid.UUID(int=0).hex)  # replaced in write()
        out = []
        for (x, y, z), a, name in zip(xyz.tolist(), angles_deg.tolist(), names, strict=True):
            a = round(a * 2) / 2 % 360
            rad = math.radians(a)
            ref = self.direction(math.cos(rad), math.sin(rad), 0.0)
            pl = m.createIfcLocalPlacement(rel, m.createIfcAxis2Placement3D(
                m.createIfcCartesianPoint((_r(x), _r(y), _r(z))), up, ref))
            rep = m.createIfcShapeRepresentation(self.body, "Body", "MappedRepresentation",
                                                 [m.createIfcMappedItem(rmap, op)])
            out.append(m.createIfcFurniture(guid, None, name, None, None, pl,
                                            m.createIfcProductDefinitionShape(None, None, [rep]), None, "CHAIR"))
        self._contained[storey.id()].extend(out)
        self._typed[ftype.id()].extend(out)
        return out

    # ----------------------------------------------------------------- output
    def _relate(self) -> None:
        m = self.model
        by_id = {st.id(): st for st in self.storeys}
        for sid, spaces in self._spaces.items():
            self.aggregate(by_id[sid], spaces)
        guid = self.site.GlobalId
        for sid, products in self._contained.items():
            m.createIfcRelContainedInSpatialStructure(guid, None, None, None, products, by_id[sid])
        for sid, products in self._referenced.items():
            m.createIfcRelReferencedInSpatialStructure(guid, None, None, None, products, by_id[sid])
        for tid, objects in self._typed.items():
            m.createIfcRelDefinesByType(guid, None, None, None, objects, m.by_id(tid))
        if self._types:
            m.createIfcRelDeclares(guid, None, None, None, self.project, self._types)
        for name, mat in self._materials.items():
            m.createIfcRelAssociatesMaterial(guid, None, None, None, self._material_users[name], mat)

    def _stamp(self, filename: str) -> None:
        """Deterministic GlobalIds and one fixed-date owner history on every rooted entity."""
        m = self.model
        person = m.createIfcPerson(None, None, "venueplans", None, None, None, None, None)
        org = m.createIfcOrganization(None, "venueplans", None, None, None)
        app = m.createIfcApplication(org, "0.1.0", "venueplans.samples", "venueplans.samples")
        owner = m.createIfcOwnerHistory(m.createIfcPersonAndOrganization(person, org, None), app, "READWRITE",
                                        "NOCHANGE", None, None, None, FIXED_EPOCH)
        ranks: Counter = Counter()
        for e in sorted(m.by_type("IfcRoot"), key=lambda e: e.id()):
            key = (e.is_a(), e.Name or "")
            e.GlobalId = stable_guid(self.seed, f"{key[0]}|{key[1]}|{ranks[key]}")
            ranks[key] += 1
            e.OwnerHistory = owner
        h = m.header.file_name
        h.name, h.time_stamp = filename, FIXED_ISO
        h.author, h.organization = ("venueplans",), ("venueplans",)
        h.preprocessor_version = f"IfcOpenShell {ifcopenshell.version}"
        h.originating_system, h.authorization = "venueplans.samples", "none"

    def write(self, path) -> None:
        self._relate()
        self._stamp(str(path).replace("\\", "/").rsplit("/", 1)[-1])
        self.model.write(str(path))
