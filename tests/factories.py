"""Small synthetic venues for tests that must not depend on ../shared: a two-storey box building."""

from __future__ import annotations

import numpy as np

from venueplans.model import Element, Feature, SourceInfo, Space, Storey
from venueplans.model.geometry import BatchBuilder, InstanceSet
from venueplans.model.imported import ImportedModel


def box(x0, y0, z0, x1, y1, z1):
    """Vertices and triangles of an axis-aligned box (outward normals)."""
    v = np.array(
        [[x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0], [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]],
        dtype=np.float32,
    )
    t = np.array(
        [[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
         [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]],
        dtype=np.uint32,
    )
    return v, t


def two_storey_building(*, sha: str = "0" * 64, seats: int = 0, name: str = "Test Hall") -> ImportedModel:
    """A 20 x 12 m building, storeys at 0 and 4 m: walls, slabs, 2 exits + entrance on the ground floor,
    1 exit upstairs, a stair and a lift; optional seats as one instanced shape."""
    storeys = [Storey("Ground", 0.0, 0, 4.0, "g0"), Storey("First", 4.0, 1, 4.0, "g1")]
    elements: list[Element] = []
    builder = BatchBuilder()

    def add(cls, label, storey, category, geom, **props):
        idx = len(elements)
        elements.append(Element(idx, f"guid-{idx}", cls, label, storey, category, props))
        if geom is not None:
            builder.add(storey, category, *geom, element=idx)
        return idx

    for s, z in ((0, 0.0), (1, 4.0)):
        add("IfcSlab", f"Slab {s}", s, "slab", box(0, 0, z - 0.3, 20, 12, z))
        add("IfcWall", f"South wall {s}", s, "wall", box(0, 0, z, 20, 0.3, z + 3.5))
        add("IfcWall", f"North wall {s}", s, "wall", box(0, 11.7, z, 20, 12, z + 3.5))
        add("IfcWall", f"West wall {s}", s, "wall", box(0, 0, z, 0.3, 12, z + 3.5))
        add("IfcWall", f"East wall {s}", s, "wall", box(19.7, 0, z, 20, 12, z + 3.5))
    add("IfcRoof", "Roof", 1, "roof", box(0, 0, 7.5, 20, 12, 7.8))
    fire = {"Pset_DoorCommon": {"FireExit": True, "IsExternal": True}}
    d1 = add("IfcDoor", "Exit east", 0, "door", box(19.6, 5, 0, 20.1, 6.5, 2.1), **fire)
    d2 = add("IfcDoor", "Exit west", 0, "door", box(-0.1, 5, 0, 0.4, 6.5, 2.1), **fire)
    d3 = add("IfcDoor", "Main entrance", 0, "door", box(9, -0.1, 0, 11, 0.4, 2.4),
             Pset_DoorCommon={"IsExternal": True})
    d4 = add("IfcDoor", "Exit first floor", 1, "door", box(19.6, 8, 4, 20.1, 9.5, 6.1), **fire)
    st = add("IfcStair", "Stair A", 0, "stair", box(2, 8, 0, 5, 11, 4))
    lf = add("IfcTransportElement", "Lift 1", 0, "stair", box(15, 9, 0, 17, 11, 7.5))
    features = [
        Feature("exit", "Exit east", 0, (19.85, 5.75, 0.0), "Pset_DoorCommon.FireExit", d1, width=1.5,
                leads_to="outside"),
        Feature("exit", "Exit west", 0, (0.15, 5.75, 0.0), "Pset_DoorCommon.FireExit", d2, width=1.5,
                leads_to="outside"),
        Feature("entrance", "Main entrance", 0, (10.0, 0.15, 0.0), "Pset_DoorCommon.IsExternal", d3, width=2.0),
        Feature("exit", "Exit first floor", 1, (19.85, 8.75, 4.0), "Pset_DoorCommon.FireExit", d4, width=1.5),
        Feature("stair", "Stair A", 0, (3.5, 9.5, 0.0), "IfcStair", st),
        Feature("lift", "Lift 1", 0, (16.0, 10.0, 0.0), "IfcTransportElement", lf),
    ]
    space_idx = add("IfcSpace", "R0.01", 0, "space", None)
    spaces = [Space("R0.01", "Grande salle", 0, [(0.3, 0.3), (19.7, 0.3), (19.7, 11.7), (0.3, 11.7)],
                    area=19.4 * 11.4, guid="sp0", element=space_idx)]
    instances = []
    if seats:
        sv, stt = box(-0.25, -0.25, 0, 0.25, 0.25, 0.8)
        cols = int(np.ceil(np.sqrt(seats)))
        transforms = np.repeat(np.eye(4, dtype=np.float32)[None], seats, axis=0)
        seat_idx = []
        for k in range(seats):
            transforms[k, 0, 3] = 2 + (k % cols) * (16 / cols)
            transforms[k, 1, 3] = 2 + (k // cols) * (8 / cols)
            seat_idx.append(add("IfcFurniture", f"Seat {k + 1}", 0, "furniture", None))
        instances.append(InstanceSet(0, "furniture", sv, stt, transforms, np.array(seat_idx, dtype=np.int32)))
    src = SourceInfo(file_name="test-hall.ifc", sha256=sha, format="ifc", schema="IFC4", importer="test",
                     importer_version="0")
    model = ImportedModel(src, storeys, elements, spaces, features, builder.build(), instances, suggested_name=name)
    src.bbox = model.bbox()
    return model
