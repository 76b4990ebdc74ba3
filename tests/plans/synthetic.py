"""Synthetic venues for the plan tests: a small three-storey theatre and a bare mesh building.

Built as `ImportedModel`s (no IFC reading), with everything a plan must show: walls with doors, exits
with numbers, widths and way-out directions, an entrance and access points, a stair whose steps rise
northwards, a lift, two seating blocks separated by an aisle, and rooms with French names.
"""

from __future__ import annotations

import numpy as np

from tests.factories import box
from venueplans.model import Element, Feature, SourceInfo, Space, Storey
from venueplans.model.geometry import BatchBuilder, InstanceSet, MeshBatch
from venueplans.model.imported import ImportedModel

W, D = 30.0, 20.0  # theatre footprint, metres
WALL_T = 0.3
STOREY_H = 5.0


def merge(*parts):
    """One mesh from several (vertices, triangles) parts."""
    verts, tris, offset = [], [], 0
    for v, t in parts:
        verts.append(v)
        tris.append(t + offset)
        offset += len(v)
    return np.concatenate(verts), np.concatenate(tris).astype(np.uint32)


# (storey, wall side, position along the wall, width, leads to)
EXITS = [
    (0, "east", 6.0, 1.8, "Rue de la Paix"),
    (0, "west", 6.0, 1.4, "Parking"),
    (0, "south", 24.0, 2.4, "Parvis"),
    (1, "east", 14.0, 1.2, "Escalier extérieur"),
    (1, "north", 5.0, 1.2, "Terrasse"),
    (2, "west", 15.0, 0.9, "Passerelle"),
]


def _door_box(side: str, along: float, width: float, z: float):
    t = WALL_T + 0.1
    if side == "east":
        return box(W - t, along - width / 2, z, W + 0.1, along + width / 2, z + 2.2), (W - 0.15, along), (1.0, 0.0)
    if side == "west":
        return box(-0.1, along - width / 2, z, t, along + width / 2, z + 2.2), (0.15, along), (-1.0, 0.0)
    if side == "south":
        return box(along - width / 2, -0.1, z, along + width / 2, t, z + 2.2), (along, 0.15), (0.0, -1.0)
    return box(along - width / 2, D - t, z, along + width / 2, D + 0.1, z + 2.2), (along, D - 0.15), (0.0, 1.0)


def small_theatre(*, sha: str = "1" * 64) -> ImportedModel:
    storeys = [Storey("Rez-de-chaussée", 0.0, 0, STOREY_H, "s0"), Storey("Balcon", STOREY_H, 1, STOREY_H, "s1"),
               Storey("Régie", 2 * STOREY_H, 2, STOREY_H, "s2")]
    elements: list[Element] = []
    builder = BatchBuilder()

    def add(cls, name, storey, category, geom, **props):
        idx = len(elements)
        elements.append(Element(idx, f"guid-{idx}", cls, name, storey, category, props))
        if geom is not None:
            builder.add(storey, category, *geom, element=idx)
        return idx

    for s in storeys:
        z = s.elevation
        add("IfcSlab", f"Dalle {s.index}", s.index, "slab", box(0, 0, z - 0.3, W, D, z))
        add("IfcWall", "Mur sud", s.index, "wall", box(0, 0, z, W, WALL_T, z + 4.5))
        add("IfcWall", "Mur nord", s.index, "wall", box(0, D - WALL_T, z, W, D, z + 4.5))
        add("IfcWall", "Mur ouest", s.index, "wall", box(0, 0, z, WALL_T, D, z + 4.5))
        add("IfcWall", "Mur est", s.index, "wall", box(W - WALL_T, 0, z, W, D, z + 4.5))
        add("IfcWall", "Cloison foyer", s.index, "wall", box(20, WALL_T, z, 20.2, D - WALL_T, z + 3.0))

    features = []
    for n, (storey, side, along, width, leads_to) in enumerate(EXITS, start=1):
        z = storey * STOREY_H
        geom, pos, direction = _door_box(side, along, width, z)
        door = add("IfcDoor", f"Sortie de secours {n}", storey, "door", geom,
                   Pset_DoorCommon={"FireExit": True}, Attributes={"OverallWidth": width,
                                                                   "OperationType": "SINGLE_SWING_LEFT"})
        features.append(Feature("exit", f"Sortie de secours {n}", storey, (pos[0], pos[1], z),
                                "Pset_DoorCommon.FireExit", door, number=n, width=width, leads_to=leads_to,
                                direction=direction))
    geom, pos, direction = _door_box("south", 10.0, 3.0, 0.0)
    entrance = add("IfcDoor", "Entrée principale", 0, "door", geom, Attributes={"OperationType": "DOUBLE_DOOR_SINGLE_SWING"})
    features.append(Feature("entrance", "Entrée principale", 0, (pos[0], pos[1], 0.0), "user", entrance,
                            direction=(0.0, -1.0), width=3.0))
    features.append(Feature("access_point", "Quai de livraison", 0, (29.0, 18.0, 0.0), "user", number=1))
    features.append(Feature("pedestrian_gate", "Portillon artistes", 0, (1.0, 1.0, 0.0), "user", number=2))
    features.append(Feature("key_box", "Boîte à clés", 0, (12.0, 1.0, 0.0), "user"))

    # A straight stair rising northwards: 15 steps of 0.3 m x 0.3 m from y = 4 to y = 8.5.
    steps = [box(24.0, 4.0 + i * 0.3, 0.0, 26.0, 4.3 + i * 0.3, 0.3 * (i + 1)) for i in range(15)]
    stair = add("IfcStairFlight", "Escalier A", 0, "stair", merge(*steps))
    features.append(Feature("stair", "Escalier A", 0, (25.0, 6.0, 0.0), "IfcStair", stair))
    lift = add("IfcTransportElement", "Ascenseur", 0, "stair", box(27.0, 10.0, 0.0, 29.0, 12.0, 14.0))
    features.append(Feature("lift", "Ascenseur", 0, (28.0, 11.0, 0.0), "IfcTransportElement", lift))

    # Two blocks of 10 x 12 seats (0.5 m apart in a row, rows 0.9 m apart), 2 m aisle between them.
    sv, st = box(-0.22, -0.22, 0.0, 0.22, 0.22, 0.85)
    transforms, seat_ids = [], []
    for x_start in (3.0, 3.0 + 10 * 0.5 + 1.5):
        for row in range(12):
            for col in range(10):
                m = np.eye(4, dtype=np.float32)
                m[0, 3], m[1, 3] = x_start + col * 0.5, 5.0 + row * 0.9
                transforms.append(m)
                seat_ids.append(add("IfcFurniture", "Fauteuil", 0, "furniture", None))
    instances = [InstanceSet(0, "furniture", sv, st, np.array(transforms), np.array(seat_ids, dtype=np.int32))]

    spaces = [
        Space("0.01", "Grande salle", 0, [(0.3, 0.3), (20.0, 0.3), (20.0, 19.7), (0.3, 19.7)], area=381.0),
        Space("0.02", "Foyer des artistes", 0, [(20.2, 0.3), (29.7, 0.3), (29.7, 3.5), (20.2, 3.5)], area=30.4),
        Space("1.01", "Balcon", 1, [(0.3, 0.3), (29.7, 0.3), (29.7, 19.7), (0.3, 19.7)], area=576.0),
    ]
    src = SourceInfo(file_name="petit-theatre.ifc", sha256=sha, format="ifc", schema="IFC4", importer="test",
                     importer_version="0")
    model = ImportedModel(src, storeys, elements, spaces, features, builder.build(), instances,
                          suggested_name="Petit Théâtre")
    src.bbox = model.bbox()
    return model


def mesh_building(*, sha: str = "2" * 64) -> ImportedModel:
    """A bare mesh: one element per storey holding every triangle, category "other", storeys inferred."""
    storeys = [Storey("Level 0", 0.0, 0, 3.0, inferred=True), Storey("Level 1", 3.0, 1, 3.0, inferred=True)]
    elements, batches = [], []
    for s in storeys:
        z = s.elevation
        parts = [box(0, 0, z, 12, 0.25, z + 2.8), box(0, 7.75, z, 12, 8, z + 2.8), box(0, 0, z, 0.25, 8, z + 2.8),
                 box(11.75, 0, z, 12, 8, z + 2.8), box(6, 0, z, 6.2, 5, z + 2.8), box(0, 0, z - 0.2, 12, 8, z)]
        v, t = merge(*parts)
        elements.append(Element(s.index, f"node-{s.index}", "MeshNode", f"building_{s.index}", s.index, "other"))
        batches.append(MeshBatch(s.index, "other", v, t, np.full(len(t), s.index, dtype=np.int32)))
    src = SourceInfo(file_name="block.glb", sha256=sha, format="glb", importer="mesh", importer_version="0")
    model = ImportedModel(src, storeys, elements, [], [], batches, [], suggested_name="Mesh block")
    src.bbox = model.bbox()
    return model
