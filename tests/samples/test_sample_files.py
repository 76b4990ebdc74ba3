"""The committed sample venues, checked from the files themselves (what the importer will see)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.element
import ifcopenshell.util.unit
import pytest
import trimesh

from venueplans.samples import generate_stadium, generate_theatre

SAMPLES = Path(__file__).resolve().parents[2] / "sample_venues"
KERNEL = "hybrid-cgal-simple-opencascade"


@pytest.fixture(scope="module")
def theatre():
    return ifcopenshell.open(str(SAMPLES / "theatre.ifc"))


@pytest.fixture(scope="module")
def stadium():
    return ifcopenshell.open(str(SAMPLES / "stadium.ifc"))


def pset(el, name: str, prop: str):
    return ifcopenshell.util.element.get_pset(el, name, prop)


def storey_of(el):
    """The storey holding *el*, directly or through the element or space it is part of."""
    for rel in getattr(el, "ContainedInStructure", ()):
        if rel.RelatingStructure.is_a("IfcBuildingStorey"):
            return rel.RelatingStructure
    for rel in el.Decomposes:
        parent = rel.RelatingObject
        return parent if parent.is_a("IfcBuildingStorey") else storey_of(parent)
    return None


def tessellate(f, elements) -> dict[int, int]:
    """Triangle count per element id, with the kernel the app uses."""
    it = ifcopenshell.geom.iterator(ifcopenshell.geom.settings(), f, 1, include=elements, geometry_library=KERNEL)
    out = {}
    if it.initialize():
        while True:
            sh = it.get()
            out[sh.id] = len(sh.geometry.faces) // 3
            if not it.next():
                break
    return out


def exits(f):
    return [d for d in f.by_type("IfcDoor") if pset(d, "Pset_DoorCommon", "FireExit") is True]


def seats_share_one_map(seats) -> set:
    maps = set()
    for s in seats:
        (rep,) = s.Representation.Representations
        (item,) = rep.Items
        assert rep.RepresentationType == "MappedRepresentation" and item.is_a("IfcMappedItem")
        maps.add(item.MappingSource.id())
    return maps


# ---------------------------------------------------------------------------------------------- both


@pytest.mark.parametrize("name", ["theatre", "stadium"])
def test_ifc4_in_metres_with_unique_ids(name, request):
    f = request.getfixturevalue(name)
    assert f.schema == "IFC4"
    length = ifcopenshell.util.unit.get_project_unit(f, "LENGTHUNIT")
    assert (length.Name, length.Prefix) == ("METRE", None)
    guids = [e.GlobalId for e in f.by_type("IfcRoot")]
    assert len(guids) == len(set(guids))


@pytest.mark.parametrize("name", ["theatre", "stadium"])
def test_every_product_sits_in_a_storey(name, request):
    f = request.getfixturevalue(name)
    contained = {e.id() for r in f.by_type("IfcRelContainedInSpatialStructure") for e in r.RelatedElements
                 if r.RelatingStructure.is_a("IfcBuildingStorey")}
    loose = [p for p in f.by_type("IfcProduct")
             if p.id() not in contained and not p.is_a("IfcSite") and not p.is_a("IfcBuilding")
             and not p.is_a("IfcBuildingStorey") and not p.is_a("IfcOpeningElement") and storey_of(p) is None]
    assert loose == []
    per_storey = Counter(r.RelatingStructure.id() for r in f.by_type("IfcRelContainedInSpatialStructure"))
    assert set(per_storey.values()) == {1}, "one containment relationship per storey"


def test_every_theatre_element_tessellates(theatre):
    elements = [p for p in theatre.by_type("IfcProduct") if p.Representation and not p.is_a("IfcOpeningElement")]
    triangles = tessellate(theatre, elements)
    assert len(triangles) == len(elements) and min(triangles.values()) > 0


def test_stadium_elements_and_sample_seats_tessellate(stadium):
    seats = stadium.by_type("IfcFurniture")
    elements = [p for p in stadium.by_type("IfcProduct")
                if p.Representation and not p.is_a("IfcOpeningElement") and not p.is_a("IfcFurniture")]
    elements += seats[::500]
    triangles = tessellate(stadium, elements)
    assert len(triangles) == len(elements) and min(triangles.values()) > 0


# ---------------------------------------------------------------------------------------------- theatre


def test_theatre_storeys(theatre):
    elevations = {s.Name: s.Elevation for s in theatre.by_type("IfcBuildingStorey")}
    assert elevations == {"Sous-sol": -4.0, "Rez-de-chaussée": 0.0, "Premier étage": 6.0, "Gril technique": 18.0}


def test_theatre_exits_and_entrances(theatre):
    named = {d.Name: d for d in theatre.by_type("IfcDoor")}
    emergency = [d for d in exits(theatre) if d.Name.startswith("Sortie de secours")]
    assert len(emergency) >= 6
    for d in emergency:
        assert pset(d, "Pset_DoorCommon", "IsExternal") is True
        assert 1.4 <= d.OverallWidth <= 2.4 and d.OverallHeight >= 2.0
    for name in ("Entrée principale", "Entrée des artistes", "Porte du quai"):
        assert pset(named[name], "Pset_DoorCommon", "IsExternal") is True, name
    assert pset(named["Entrée principale"], "Pset_DoorCommon", "FireExit") is True
    assert all(d.FillsVoids for d in theatre.by_type("IfcDoor")), "every door fills a wall opening"
    assert len([d for d in theatre.by_type("IfcDoor") if pset(d, "Pset_DoorCommon", "IsExternal") is False]) >= 20


def test_theatre_stairs_and_lifts(theatre):
    stairs = theatre.by_type("IfcStair")
    assert len(stairs) >= 3
    assert all(pset(s, "Pset_StairCommon", "NumberOfRiser") >= 6 for s in stairs)
    lifts = [t for t in theatre.by_type("IfcTransportElement") if t.PredefinedType == "ELEVATOR"]
    assert lifts and all(t.ReferencedInStructures for t in lifts), "lifts are listed in the storeys they serve"


def test_theatre_rooms(theatre):
    spaces = theatre.by_type("IfcSpace")
    assert all(s.Name and s.LongName and s.Representation for s in spaces)
    names = {s.LongName for s in spaces}
    assert {"Hall d'entrée", "Billetterie", "Vestiaire", "Parterre", "Scène", "Arrière-scène", "Quai de déchargement",
            "Loge 1", "Balcon", "Bar", "Sanitaires", "Local technique", "Chaufferie", "Accès fosse d'orchestre",
            "Gril technique"} <= names
    occupancy = {s.LongName: pset(s, "Pset_SpaceOccupancyRequirements", "OccupancyNumber") for s in spaces}
    assert occupancy["Parterre"] == 1000 and occupancy["Balcon"] == 500 and occupancy["Hall d'entrée"] > 0


def test_theatre_seats_share_one_representation_map(theatre):
    seats = theatre.by_type("IfcFurniture")
    assert len(seats) == 1500
    assert len(seats_share_one_map(seats)) == 1
    per_storey = Counter(storey_of(s).Name for s in seats)
    assert per_storey == {"Rez-de-chaussée": 1000, "Premier étage": 500}


def test_theatre_glb_is_y_up_and_named():
    scene = trimesh.load(SAMPLES / "theatre.glb", force="scene")
    nodes = scene.graph.nodes_geometry
    assert len(nodes) > 1500 and len(scene.geometry) < 300, "seats are instances of one mesh"
    assert any(n.startswith("Entrée principale [") for n in nodes)
    x, y, z = scene.extents
    assert 38 < x < 45 and 28 < y < 35 and 68 < z < 75, "40 x 70 m plan, ~31 m high along +Y"


# ---------------------------------------------------------------------------------------------- stadium


def test_stadium_storeys(stadium):
    names = [s.Name for s in sorted(stadium.by_type("IfcBuildingStorey"), key=lambda s: s.Elevation)]
    assert names[0] == "Niveau 0 - Parvis et terrain"
    assert len([n for n in names if "Coursive" in n]) == 2


def test_stadium_vomitories_each_have_a_door(stadium):
    vomitories = [s for s in stadium.by_type("IfcSpace") if s.ObjectType == "Vomitoire"]
    assert len(vomitories) >= 16
    doors = {d.Name for d in stadium.by_type("IfcDoor")}
    for v in vomitories:
        assert v.Name.startswith("Vomitoire ") and f"{v.Name} - porte" in doors
        assert pset(v, "Pset_SpaceOccupancyRequirements", "OccupancyNumber") > 0


def test_stadium_gates(stadium):
    gates = {d.Name: d for d in stadium.by_type("IfcDoor") if d.PredefinedType == "GATE"}
    for i in range(1, 9):
        g = gates[f"Porte {i}"]
        assert pset(g, "Pset_DoorCommon", "IsExternal") is True and pset(g, "Pset_DoorCommon", "FireExit") is True


def test_stadium_services(stadium):
    assert len(stadium.by_type("IfcStair")) >= 4
    assert len([t for t in stadium.by_type("IfcTransportElement") if t.PredefinedType == "ELEVATOR"]) >= 2
    rooms = [s.LongName for s in stadium.by_type("IfcSpace")]
    for word in ("Poste de secours", "PC sécurité", "Vestiaires", "Aire de jeu"):
        assert any(word in r for r in rooms), word
    assert stadium.by_type("IfcRoof")


def test_stadium_has_40000_mapped_seats(stadium):
    seats = stadium.by_type("IfcFurniture")
    assert len(seats) == 40000
    assert len(seats_share_one_map(seats[::97])) == 1
    assert len({s.Name for s in seats}) == 40000
    tribunes = [s for s in stadium.by_type("IfcSpace") if s.ObjectType == "Tribune"]
    assert sum(pset(s, "Pset_SpaceOccupancyRequirements", "OccupancyNumber") for s in tribunes) == 40000


# ---------------------------------------------------------------------------------------------- reproducibility


def test_regeneration_is_byte_identical(tmp_path):
    a, b = tmp_path / "a.ifc", tmp_path / "b.ifc"
    generate_stadium(a, seats=500, tiers=1)
    generate_stadium(b, seats=500, tiers=1)
    assert a.read_bytes().replace(b"'a.ifc'", b"'b.ifc'") == b.read_bytes()
    assert len(ifcopenshell.open(str(a)).by_type("IfcFurniture")) == 500


def test_committed_theatre_matches_its_generator(tmp_path):
    generate_theatre(tmp_path / "theatre.ifc")
    assert (tmp_path / "theatre.ifc").read_bytes() == (SAMPLES / "theatre.ifc").read_bytes(), (
        "sample_venues/ is stale: run python -m venueplans.samples")
