"""A small synthetic IFC4 venue written with ifcopenshell, for the IFC importer tests.

The real models in ../shared/venues cover what exporters actually write; this one covers the rules
that none of them exercises (fire exits from a type, French exit names, seats sharing one shape, a
lift, a georeferenced origin) and keeps those tests fast.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import ifcopenshell
import ifcopenshell.guid


class _Writer:
    """Just enough of IFC4 to place boxes in storeys: extruded rectangles, mapped shapes, psets."""

    def __init__(self, *, unit: str = "METRE", site_xyz=(0.0, 0.0, 0.0)):
        self.f = f = ifcopenshell.file(schema="IFC4")
        self.scale = 0.001 if unit == "MILLIMETRE" else 1.0
        prefix = "MILLI" if unit == "MILLIMETRE" else None
        length = f.createIfcSIUnit(None, "LENGTHUNIT", prefix, "METRE")
        units = f.createIfcUnitAssignment([length, f.createIfcSIUnit(None, "PLANEANGLEUNIT", None, "RADIAN")])
        self.context = f.createIfcGeometricRepresentationContext(None, "Model", 3, 1e-5, self.axis((0, 0, 0)))
        self.body = f.createIfcGeometricRepresentationSubContext(
            "Body", "Model", None, None, None, None, self.context, None, "MODEL_VIEW", None
        )
        self.project = f.createIfcProject(
            self.guid(), None, "Test Project", None, None, None, None, [self.context], units
        )
        self.site = f.createIfcSite(
            self.guid(),
            None,
            "Site",
            None,
            None,
            self.placement(None, site_xyz),
            None,
            None,
            "ELEMENT",
            None,
            None,
            None,
            None,
            None,
        )
        self.building = f.createIfcBuilding(
            self.guid(),
            None,
            "Test Arena",
            None,
            None,
            self.placement(self.site.ObjectPlacement),
            None,
            "Salle des fêtes",
            "ELEMENT",
            None,
            None,
            None,
        )
        self.aggregate(self.project, [self.site])
        self.aggregate(self.site, [self.building])

    # -- primitives -------------------------------------------------------------------------------
    def guid(self) -> str:
        return ifcopenshell.guid.new()

    def m(self, v: float) -> float:  # metres -> file units
        return v / self.scale

    def axis(self, xyz, x_dir=(1.0, 0.0, 0.0)):
        return self.f.createIfcAxis2Placement3D(
            self.f.createIfcCartesianPoint([float(c) for c in xyz]),
            self.f.createIfcDirection((0.0, 0.0, 1.0)),
            self.f.createIfcDirection([float(c) for c in x_dir]),
        )

    def placement(self, relative_to, xyz=(0.0, 0.0, 0.0), x_dir=(1.0, 0.0, 0.0)):
        return self.f.createIfcLocalPlacement(relative_to, self.axis([self.m(c) for c in xyz], x_dir))

    def box_solid(self, dx, dy, dz, x0=0.0, y0=0.0, z0=0.0):
        f = self.f
        profile = f.createIfcRectangleProfileDef(
            "AREA",
            None,
            f.createIfcAxis2Placement2D(
                f.createIfcCartesianPoint((self.m(x0 + dx / 2), self.m(y0 + dy / 2))), None
            ),
            self.m(dx),
            self.m(dy),
        )
        return f.createIfcExtrudedAreaSolid(
            profile, self.axis((0.0, 0.0, self.m(z0))), f.createIfcDirection((0.0, 0.0, 1.0)), self.m(dz)
        )

    def shape(self, items, kind="SweptSolid"):
        rep = self.f.createIfcShapeRepresentation(self.body, "Body", kind, items)
        return self.f.createIfcProductDefinitionShape(None, None, [rep])

    def aggregate(self, parent, children):
        self.f.createIfcRelAggregates(self.guid(), None, None, None, parent, children)

    def contain(self, structure, elements):
        self.f.createIfcRelContainedInSpatialStructure(self.guid(), None, None, None, elements, structure)

    def pset(self, targets, name, **props):
        f = self.f
        values = []
        for key, value in props.items():
            if isinstance(value, bool):
                nominal = f.createIfcBoolean(value)
            elif isinstance(value, int):
                nominal = f.createIfcCountMeasure(value)
            else:
                nominal = f.createIfcLabel(str(value))
            values.append(f.createIfcPropertySingleValue(key, None, nominal, None))
        ps = f.createIfcPropertySet(self.guid(), None, name, None, values)
        if targets and targets[0].is_a("IfcTypeObject"):
            for t in targets:
                t.HasPropertySets = list(t.HasPropertySets or []) + [ps]
        else:
            f.createIfcRelDefinesByProperties(self.guid(), None, None, None, targets, ps)
        return ps

    # -- building parts ---------------------------------------------------------------------------
    def storey(self, name: str, elevation: float):
        st = self.f.createIfcBuildingStorey(
            self.guid(),
            None,
            name,
            None,
            None,
            self.placement(self.building.ObjectPlacement, (0, 0, elevation)),
            None,
            None,
            "ELEMENT",
            self.m(elevation),
        )
        return st

    def product(self, cls, name, storey, xyz, size, *, x_dir=(1.0, 0.0, 0.0), contain=True, **attrs):
        dx, dy, dz = size
        el = self.f.create_entity(
            cls,
            GlobalId=self.guid(),
            Name=name,
            ObjectPlacement=self.placement(storey.ObjectPlacement, xyz, x_dir),
            Representation=self.shape([self.box_solid(dx, dy, dz)]),
            **attrs,
        )
        if contain:
            self.contain(storey, [el])
        return el


def build_venue(path: Path, *, seats: int = 24, unit: str = "METRE", site_xyz=(0.0, 0.0, 0.0)) -> Path:
    """A 30 x 20 m hall on two storeys (0 and 4 m) with exits of every kind of evidence, a stair with two
    flights, a lift, a space and *seats* seats sharing one representation map."""
    w = _Writer(unit=unit, site_xyz=site_xyz)
    f = w.f
    ground, first = w.storey("Rez-de-chaussée", 0.0), w.storey("Balcon", 4.0)
    w.aggregate(w.building, [ground, first])
    walls = [
        w.product("IfcWall", "Mur sud", ground, (0, 0, 0), (30, 0.3, 4), PredefinedType="SOLIDWALL"),
        w.product("IfcWall", "Mur nord", ground, (0, 19.7, 0), (30, 0.3, 4), PredefinedType="SOLIDWALL"),
        w.product("IfcWall", "Mur est", ground, (29.7, 0, 0), (0.3, 20, 4)),
    ]
    w.pset(walls, "Pset_WallCommon", IsExternal=True)
    w.product("IfcSlab", "Dalle RDC", ground, (0, 0, -0.3), (30, 20, 0.3), PredefinedType="FLOOR")
    w.product("IfcSlab", "Toiture", first, (0, 0, 4), (30, 20, 0.3), PredefinedType="ROOF")

    def door(name, xyz, storey=ground, x_dir=(1.0, 0.0, 0.0), width=1.0):
        return w.product(
            "IfcDoor",
            name,
            storey,
            xyz,
            (width, 0.3, 2.1),
            x_dir=x_dir,
            OverallWidth=w.m(width),
            OverallHeight=w.m(2.1),
        )

    d_fire = door("D01", (5, 0, 0), width=1.8)  # FireExit TRUE on the door, external
    w.pset([d_fire], "Pset_DoorCommon", FireExit=True, IsExternal=True)
    d_type = door("D02", (10, 0, 0))  # FireExit TRUE from its type
    dtype = f.createIfcDoorType(
        w.guid(),
        None,
        "Porte coupe-feu",
        None,
        None,
        None,
        None,
        None,
        None,
        "DOOR",
        "SINGLE_SWING_LEFT",
        False,
        None,
    )
    w.pset([dtype], "Pset_DoorCommon", FireExit=True)
    f.createIfcRelDefinesByType(w.guid(), None, None, None, [d_type], dtype)
    d_false = door("D03", (15, 0, 0))  # FireExit FALSE: not an exit
    w.pset([d_false], "Pset_DoorCommon", FireExit=False, IsExternal=False)
    door("Sortie de secours 3", (29.7, 10, 0), x_dir=(0.0, 1.0, 0.0))  # named exit, no pset
    door("Pas de sortie", (20, 19.7, 0))  # a negated name: not an exit
    d_main = door("Entrée principale", (12, 19.7, 0), width=2.4)
    w.pset([d_main], "Pset_DoorCommon", IsExternal=True)
    d_service = door("Porte de service", (25, 19.7, 0))
    w.pset([d_service], "Pset_DoorCommon", IsExternal=True)
    d_vendor = door("D08", (2, 10, 0))  # vendor evidence only
    w.pset([d_vendor], "Pset_Vendor", IsFireExit="Yes")

    stair = f.createIfcStair(
        w.guid(),
        None,
        "Escalier A",
        None,
        None,
        w.placement(ground.ObjectPlacement, (2, 15, 0)),
        None,
        None,
        "STRAIGHT_RUN_STAIR",
    )
    w.contain(ground, [stair])
    flights = [
        w.product("IfcStairFlight", "Volée 1", ground, (2, 15, 0), (1.2, 3, 2), contain=False),
        w.product("IfcStairFlight", "Volée 2", ground, (3.2, 15, 2), (1.2, 3, 2), contain=False),
    ]
    rail = w.product("IfcRailing", "Garde-corps escalier", ground, (2, 18, 0), (2.4, 0.05, 1), contain=False)
    w.aggregate(stair, [*flights, rail])
    w.pset([stair], "Pset_StairCommon", FireExit=True)
    w.product("IfcRailing", "Garde-corps balcon", first, (0, 12, 0), (30, 0.05, 1.1))
    w.product("IfcTransportElement", "Ascenseur 1", ground, (26, 15, 0), (2, 2, 8), PredefinedType="ELEVATOR")
    # In no storey: the importer must place it by height (its foot is at 4.0 m, the balcony's level).
    w.product("IfcColumn", "Poteau orphelin", ground, (15, 10, 4.0), (0.3, 0.3, 3), contain=False)

    space = f.createIfcSpace(
        w.guid(),
        None,
        "S1",
        None,
        None,
        w.placement(ground.ObjectPlacement),
        w.shape([w.box_solid(29.4, 19.4, 3.7, 0.3, 0.3, 0.0)]),
        "Grande salle",
        "ELEMENT",
        "INTERNAL",
        None,
    )
    w.aggregate(ground, [space])
    w.pset([space], "Pset_SpaceOccupancyRequirements", OccupancyNumber=seats)

    # Seats on the balcony: one representation map placed *seats* times, contained in the storey.
    seat_map = f.createIfcRepresentationMap(
        w.axis((0, 0, 0)),
        f.createIfcShapeRepresentation(w.body, "Body", "SweptSolid", [w.box_solid(0.5, 0.5, 0.8)]),
    )
    seat_type = f.createIfcFurnitureType(
        w.guid(), None, "Fauteuil", None, None, None, [seat_map], None, None, None, "CHAIR"
    )
    seat_list = []
    cols = 40
    for k in range(seats):
        xyz = (1 + (k % cols) * 0.7, 5 + (k // cols) * 0.9, 0.0)
        item = f.createIfcMappedItem(
            seat_map,
            f.createIfcCartesianTransformationOperator3D(
                None, None, f.createIfcCartesianPoint((0.0, 0.0, 0.0)), None, None
            ),
        )
        rep = f.createIfcShapeRepresentation(w.body, "Body", "MappedRepresentation", [item])
        seat_list.append(
            f.createIfcFurniture(
                w.guid(),
                None,
                f"Siège {k + 1}",
                None,
                None,
                w.placement(first.ObjectPlacement, xyz),
                f.createIfcProductDefinitionShape(None, None, [rep]),
                None,
                "CHAIR",
            )
        )
    if seat_list:
        w.contain(first, seat_list)
        f.createIfcRelDefinesByType(w.guid(), None, None, None, seat_list, seat_type)
    f.write(str(path))
    return path


def zip_ifc(src: Path, dest: Path, *, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(src, src.name)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return dest
