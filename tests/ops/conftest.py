"""Fixtures for the ops tests: a catalogue with the synthetic two-storey hall, and a small theatre
shaped like the sample one (French room and exit names) for the example scenario."""

from __future__ import annotations

import pytest

from tests.factories import box, two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.model import Element, Feature, SourceInfo, Space, Storey
from venueplans.model.geometry import BatchBuilder
from venueplans.model.imported import ImportedModel
from venueplans.ops.import_venue import import_venue


@pytest.fixture(autouse=True)
def operator(monkeypatch):
    """Edits are recorded under this name (ops read $VENUEPLANS_USER when no who= is given)."""
    monkeypatch.setenv("VENUEPLANS_USER", "op.durand")
    return "op.durand"


@pytest.fixture
def cat(tmp_path):
    c = open_catalogue(tmp_path / "cat.sqlite")
    yield c
    c.close()


@pytest.fixture
def hall(cat) -> int:
    """Venue id of the two-storey test hall: exits 'Exit west' (1), 'Exit east' (2) on the ground floor,
    'Exit first floor' (3) upstairs, a main entrance on the south side, one room 'Grande salle'."""
    return import_venue(cat, path="hall.ifc", model=two_storey_building()).venue_id


def feature_id(cat, venue_id: int, label: str) -> int:
    return cat.conn.execute("SELECT id FROM features WHERE venue_id = ? AND label = ?", (venue_id, label)).fetchone()[0]


def small_theatre(*, sha: str = "7" * 64) -> ImportedModel:
    """A 40 x 46 m theatre: 'Hall d'entrée' along the street (y 0-14), 'Couloir de ceinture', 'Parterre'
    (y 16-44); 'Entrée principale' (an exit, as in the sample) and four 'Sortie de secours' on the ground
    floor, a balcony storey above with its own exit; doors between the rooms."""
    storeys = [Storey("Rez-de-chaussée", 0.0, 0, 6.0, "s0"), Storey("Premier étage", 6.0, 1, 6.0, "s1")]
    elements: list[Element] = []
    builder = BatchBuilder()

    def add(cls, name, storey, category, geom=None):
        idx = len(elements)
        elements.append(Element(idx, f"g{idx}", cls, name, storey, category, {}))
        if geom is not None:
            builder.add(storey, category, *geom, element=idx)
        return idx

    for s, z in ((0, 0.0), (1, 6.0)):
        add("IfcSlab", f"Dalle {s}", s, "slab", box(0, 0, z - 0.3, 40, 46, z))
        add("IfcWall", f"Façade {s}", s, "wall", box(0, 0, z, 40, 0.5, z + 5))
    features = []

    def door(name, x0, y0, x1, y1, storey=0, kind=None, number=None, out=None):
        z = storeys[storey].elevation
        idx = add("IfcDoor", name, storey, "door", box(x0, y0, z, x1, y1, z + 2.4))
        if kind:
            features.append(Feature(kind, name, storey, ((x0 + x1) / 2, (y0 + y1) / 2, z), "Pset_DoorCommon.FireExit",
                                    idx, number=number, width=1.8, leads_to="outside", direction=out))
        return idx

    door("Entrée principale", 18.2, -0.1, 21.8, 0.5, kind="exit", number=1, out=(0.0, -1.0))
    door("Sortie de secours 1", 11.1, -0.1, 12.9, 0.5, kind="exit", number=2, out=(0.0, -1.0))
    door("Sortie de secours 2", -0.1, 20.1, 0.5, 21.9, kind="exit", number=3, out=(-1.0, 0.0))
    door("Sortie de secours 3", -0.1, 34.1, 0.5, 35.9, kind="exit", number=4, out=(-1.0, 0.0))
    door("Sortie de secours 4", 39.5, 28.1, 40.1, 29.9, kind="exit", number=5, out=(1.0, 0.0))
    door("Sortie de secours 5", 39.5, 10.1, 40.1, 11.9, storey=1, kind="exit", number=6, out=(1.0, 0.0))
    door("Porte salle ouest", 13.0, 13.8, 15.0, 14.2)
    door("Porte parterre 1", 13.0, 15.8, 15.0, 16.2)
    spaces = [
        Space("R0.02", "Hall d'entrée", 0, [(9, 0), (31, 0), (31, 14), (9, 14)], 308.0),
        Space("R0.06", "Couloir de ceinture", 0, [(0, 14), (40, 14), (40, 16), (0, 16)], 80.0),
        Space("R0.07", "Parterre", 0, [(6, 16), (34, 16), (34, 44), (6, 44)], 784.0),
        Space("R1.07", "Balcon", 1, [(6, 16), (34, 16), (34, 30), (6, 30)], 392.0),
    ]
    src = SourceInfo(file_name="theatre.ifc", sha256=sha, format="ifc", schema="IFC4", importer="test",
                     importer_version="0")
    model = ImportedModel(src, storeys, elements, spaces, features, builder.build(),
                          suggested_name="Théâtre test")
    src.bbox = model.bbox()
    return model


@pytest.fixture
def theatre(cat) -> int:
    return import_venue(cat, path="theatre.ifc", model=small_theatre()).venue_id
