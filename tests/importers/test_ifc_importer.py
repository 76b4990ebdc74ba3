"""IFC import: real files against what ifcopenshell says about them, the exit rules on a synthetic venue,
and every way an import can fail giving one clean line."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import zipfile
from pathlib import Path

import ifcopenshell
import ifcopenshell.util.element
import numpy as np
import pytest

from tests.importers.ifc_factory import build_venue, zip_ifc
from venueplans.importers import ImportFailed, import_file
from venueplans.importers import ifc as ifc_module
from venueplans.importers.ifc import SUPPORTED_SCHEMAS, check_step_file, import_ifc
from venueplans.importers.ifc_features import exit_name, main_entrance_name
from venueplans.importers.worker import WorkerLimits
from venueplans.model.features import FEATURE_KINDS
from venueplans.model.messages import translated_all
from venueplans.model.venue import CATEGORIES

REAL = {
    "duplex": "duplex-ifc2x3/duplex.ifc",
    "fzk": "fzk-haus-ifc4/AC20-FZK-Haus.ifc",
    "gymzaal": "gymzaal-ifc4/fail-grf005-ifc4_blank_map_conversion.ifc",
}
SAMPLE_VENUES = Path(__file__).resolve().parents[2] / "sample_venues"
_cache: dict[Path, object] = {}


def imported(path: Path):
    """Each real file is imported once per session (through the worker, as the app does)."""
    if path not in _cache:
        _cache[path] = import_ifc(path)
    return _cache[path]


@pytest.fixture(params=sorted(REAL))
def real(request, shared_venues):
    path = shared_venues / REAL[request.param]
    return path, imported(path), ifcopenshell.open(str(path))


def fire_exit_doors(f) -> int:
    return sum(
        ifcopenshell.util.element.get_psets(d).get("Pset_DoorCommon", {}).get("FireExit") is True
        for d in f.by_type("IfcDoor")
    )


# -- real files ------------------------------------------------------------------------------------


def test_counts_match_ifcopenshell(real):
    path, model, f = real
    counts = model.source.stats["counts"]
    truth = {
        "IfcBuildingStorey": len(f.by_type("IfcBuildingStorey")),
        "IfcSpace": len(f.by_type("IfcSpace")),
        "IfcDoor": len(f.by_type("IfcDoor")),
        "IfcStair": len(f.by_type("IfcStair")),
        "fire_exit_doors": fire_exit_doors(f),
    }
    assert {k: counts[k] for k in truth} == truth
    assert len(model.storeys) == truth["IfcBuildingStorey"]
    assert len(model.spaces) == truth["IfcSpace"]
    assert sum(e.ifc_class.startswith("IfcDoor") for e in model.elements) == truth["IfcDoor"]
    exits = [x for x in model.features if x.kind == "exit" and x.source == "Pset_DoorCommon.FireExit"]
    assert len(exits) == truth["fire_exit_doors"]
    assert sum(x.kind == "stair" and x.source == "IfcStair" for x in model.features) == truth["IfcStair"]
    assert model.source.schema == f.schema_identifier
    assert model.source.file_name == path.name and len(model.source.sha256) == 64


def test_model_is_consistent(real):
    path, model, f = real
    assert [e.index for e in model.elements] == list(range(len(model.elements)))
    assert all(e.category in CATEGORIES for e in model.elements)
    assert all(x.kind in FEATURE_KINDS for x in model.features)
    assert [s.index for s in model.storeys] == list(range(len(model.storeys)))
    elevations = [s.elevation for s in model.storeys]
    assert elevations == sorted(elevations) and all(np.isfinite(elevations))
    assert all(s.height is not None and s.height > 0 for s in model.storeys[:-1])
    assert model.n_triangles > 0 and model.source.stats["counts"]["triangles"] == model.n_triangles
    for b in model.batches:
        assert b.vertices.dtype == np.float32 and b.triangles.max() < len(b.vertices)
        assert len(b.elements) == len(b.triangles)
        assert {model.elements[i].storey for i in np.unique(b.elements)} == {b.storey}
    lo, hi = model.source.bbox
    assert all(h - lo_ < 1000 for lo_, h in zip(lo, hi, strict=True))  # metres, whatever the file unit
    assert model.suggested_name
    assert all("\n" not in w for w in translated_all(model.source.warnings)) and len(translated_all(model.source.warnings)) <= 51


def test_every_body_has_geometry_or_a_warning(real):
    path, model, f = real
    with_geometry = set()
    for b in model.batches:
        with_geometry.update(np.unique(b.elements).tolist())
    for s in model.instances:
        with_geometry.update(s.elements.tolist())
    warned = " ".join(translated_all(model.source.warnings))
    for e in model.elements:
        product = f.by_guid(e.guid)
        reps = getattr(product.Representation, "Representations", None) or ()
        if any(r.RepresentationIdentifier == "Body" for r in reps):
            assert e.index in with_geometry or e.guid in warned, f"{e.ifc_class} {e.name} has no geometry"


def test_every_element_has_a_storey_when_the_file_has_storeys(real):
    path, model, f = real
    assert all(e.storey is not None for e in model.elements)
    by_guid = {e.guid: e for e in model.elements}
    for rel in f.by_type("IfcRelContainedInSpatialStructure"):
        if rel.RelatingStructure.is_a("IfcBuildingStorey"):
            want = next(s.index for s in model.storeys if s.guid == rel.RelatingStructure.GlobalId)
            for obj in rel.RelatedElements:
                if obj.GlobalId in by_guid:
                    assert by_guid[obj.GlobalId].storey == want


def test_fzk_haus_fire_exit_flags(shared_venues):
    """FZK-Haus carries two FireExit properties: FALSE on the door Innentuer-2 (Pset_DoorCommon) and TRUE
    on the spiral stair (Pset_StairCommon). So: no door exit, the stair is an escape stair."""
    model = imported(shared_venues / REAL["fzk"])
    by_label = {x.label: x for x in model.features}
    assert "Innentuer-2" not in by_label
    assert not [x for x in model.features if x.kind == "exit"]
    stair = next(x for x in model.features if x.kind == "stair")
    assert stair.label == "Wendeltreppe" and "Pset_StairCommon.FireExit" in stair.notes
    assert by_label["Haustuer"].kind == "entrance"  # "front door" in German, on the outline
    assert by_label["Terrassentuer"].kind == "access_point"
    assert [s.name for s in model.storeys] == ["Erdgeschoss", "Dachgeschoss"]
    assert [s.elevation for s in model.storeys] == [0.0, 2.7]
    kitchen = next(s for s in model.spaces if s.long_name == "Küche")
    assert 10 < kitchen.area < 25 and len(kitchen.footprint) >= 4 and kitchen.storey == 0


def test_duplex_revit_is_fire_exit_evidence_is_recorded(shared_venues):
    model = imported(shared_venues / REAL["duplex"])
    source = "PSet_Revit_Type_Other.IsFireExit"
    assert model.source.stats["unclear_exit_evidence"] == {f"{source} = 'IsFireExit'": 14}
    assert any(source in w and "not taken as exits" in w for w in translated_all(model.source.warnings))
    external = [x for x in model.features if x.kind == "access_point"]
    assert len(external) == 4 and all(x.source == "Pset_DoorCommon.IsExternal" for x in external)
    assert all(source in x.notes and x.leads_to == "outside" and x.direction for x in external)
    assert not [x for x in model.features if x.kind == "exit"]


def test_gymzaal_millimetres_become_metres(shared_venues):
    model = imported(shared_venues / REAL["gymzaal"])
    assert model.source.unit == "mm"
    assert [s.elevation for s in model.storeys] == [0.0, 3.4, 6.45]
    doors = [e for e in model.elements if e.category == "door"]
    assert all(0.5 < e.properties["Attributes"]["OverallWidth"] < 1.5 for e in doors)
    assert model.source.stats["counts"]["instance_sets"] == len(model.instances) > 0


# -- exit rules and geometry on the synthetic venue --------------------------------------------------


@pytest.fixture(scope="module")
def venue(venue_ifc):
    return import_ifc(venue_ifc)


def test_exit_evidence_rules(venue):
    by_label = {x.label: x for x in venue.features}
    assert by_label["D01"].kind == "exit" and by_label["D01"].source == "Pset_DoorCommon.FireExit"
    assert by_label["D01"].leads_to == "outside" and by_label["D01"].width == pytest.approx(1.8)
    assert by_label["D01"].direction == pytest.approx((0.0, -1.0))  # out of the south wall
    assert by_label["D02"].source == "Pset_DoorCommon.FireExit"  # inherited from its type
    assert by_label["Sortie de secours 3"].source == "name 'Sortie de secours 3'"
    assert by_label["D08"].source == "Pset_Vendor.IsFireExit"
    assert "D03" not in by_label  # FireExit FALSE, internal
    assert by_label["Pas de sortie"].kind == "access_point"  # negated name; on the outline
    assert by_label["Entrée principale"].kind == "entrance"
    assert by_label["Porte de service"].kind == "access_point"
    assert by_label["Porte de service"].source == "Pset_DoorCommon.IsExternal"
    # Numbers are given by the venue's one rule in ops.import_venue, not by the importer.
    assert all(x.number is None for x in venue.features)
    assert venue.source.stats["counts"]["fire_exit_doors"] == 2


def test_circulation_features(venue):
    stairs = [x for x in venue.features if x.kind == "stair"]
    assert len(stairs) == 1 and stairs[0].label == "Escalier A" and "escape stair" in stairs[0].notes
    lo_x, lo_y = 2.0, 15.0  # the stair's two flights and railing span x 2..4.4, y 15..18.05
    assert lo_x < stairs[0].position[0] < 4.4 and lo_y < stairs[0].position[1] < 18.05
    assert [x.label for x in venue.features if x.kind == "lift"] == ["Ascenseur 1"]
    cats = {e.name: e.category for e in venue.elements}
    assert cats["Volée 1"] == cats["Garde-corps escalier"] == "stair"
    assert cats["Garde-corps balcon"] == "other" and cats["Toiture"] == "roof" and cats["Dalle RDC"] == "slab"


def test_element_outside_any_storey_is_placed_by_height(venue):
    (column,) = [e for e in venue.elements if e.name == "Poteau orphelin"]
    assert column.storey == 1 and column.category == "other"


def test_seats_are_one_instance_set(venue):
    (seats,) = [s for s in venue.instances if s.category == "furniture"]
    assert seats.storey == 1 and len(seats.transforms) == 24
    assert {venue.elements[i].name for i in seats.elements} == {f"Siège {k}" for k in range(1, 25)}
    assert not any(b.category == "furniture" for b in venue.batches)
    assert venue.elements[seats.elements[0]].type_name == "Fauteuil"


def _placements(path: Path, instancing: bool) -> tuple[int, dict[int, tuple[int, np.ndarray]]]:
    from venueplans.importers.ifc_extract import Classes
    from venueplans.importers.ifc_tessellate import tessellate

    f = ifcopenshell.open(str(path))
    classes = Classes(f)
    products = [p for p in f.by_type("IfcProduct") if classes.is_element(p.is_a())]
    t = tessellate(f, products, instancing=instancing)
    return t.instanced_ids, {
        pid: (len(t.shapes[key].triangles), m)
        for pid, key, m in zip(t.product_ids, t.keys, t.matrices, strict=True)
    }


@pytest.mark.parametrize("which", ["synthetic", "fzk"])
def test_placing_repeated_shapes_matches_the_iterator(which, tmp_path, shared_venues):
    """Seats placed from two exemplars (ifc_instances) land exactly where the iterator puts them."""
    path = (
        build_venue(tmp_path / "seats.ifc", seats=50) if which == "synthetic" else shared_venues / REAL["fzk"]
    )
    n_fast, fast = _placements(path, True)
    n_slow, slow = _placements(path, False)
    assert n_fast >= (48 if which == "synthetic" else 40) and n_slow == 0
    assert fast.keys() == slow.keys()
    for pid, (tris, m) in slow.items():
        assert fast[pid][0] == tris
        np.testing.assert_allclose(fast[pid][1], m, atol=1e-9)


def test_space_footprint_and_properties(venue):
    (space,) = venue.spaces
    assert space.long_name == "Grande salle" and space.storey == 0
    assert space.area == pytest.approx(29.4 * 19.4, rel=1e-3)
    corners = np.array(sorted(space.footprint))
    assert corners == pytest.approx(np.array([(0.3, 0.3), (0.3, 19.7), (29.7, 0.3), (29.7, 19.7)]), abs=1e-4)
    assert space.properties["Pset_SpaceOccupancyRequirements"]["OccupancyNumber"] == 24


def test_millimetres_far_from_origin(venue_ifc_mm_far):
    model = import_ifc(venue_ifc_mm_far)
    assert model.source.unit == "mm"
    assert model.source.origin == (12_000.0, 9_000.0, 0.0)
    lo, hi = model.source.bbox
    assert lo[0] == pytest.approx(12_345 - 12_000, abs=1e-3) and lo[1] == pytest.approx(
        8_765 - 9_000, abs=1e-3
    )
    assert [s.elevation for s in model.storeys] == [0.0, 4.0]
    d01 = next(x for x in model.features if x.label == "D01")
    assert d01.width == pytest.approx(1.8) and d01.position[0] == pytest.approx(345 + 5.9, abs=1e-3)


def test_progress_is_reported_and_ends_at_one(venue_ifc):
    seen = []
    import_ifc(venue_ifc, progress=lambda fraction, message: seen.append((fraction, message)))
    assert seen and seen[-1][0] == 1.0
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)


def test_ifczip(venue_ifc, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    archive = zip_ifc(venue_ifc, tmp_path / "salle.ifczip")
    model = import_file(archive)
    assert model.source.format == "ifczip" and model.source.file_name == "salle.ifczip"
    from venueplans.importers.registry import file_sha256

    assert model.source.sha256 == file_sha256(archive)
    assert len(model.features) == len(import_ifc(venue_ifc).features)
    assert [p.name for p in tmp_path.iterdir()] == ["salle.ifczip"]  # the extraction folder is gone


def test_ifczip_refusals(venue_ifc, tmp_path, monkeypatch):
    empty = tmp_path / "empty.ifczip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "no model here")
    with pytest.raises(ImportFailed, match="contains no .ifc file"):
        import_ifc(empty)
    bomb = tmp_path / "bomb.ifczip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("model.ifc", b"\0" * (4 << 20))
    monkeypatch.setattr(ifc_module, "RATIO_MIN_SIZE", 1 << 20)
    with pytest.raises(ImportFailed, match="zip bomb"):
        import_ifc(bomb)
    monkeypatch.setattr(ifc_module, "MAX_UNZIPPED", 1000)
    with pytest.raises(ImportFailed, match="zip bomb"):
        import_ifc(zip_ifc(venue_ifc, tmp_path / "big.ifczip"))
    notzip = tmp_path / "broken.ifczip"
    notzip.write_bytes(b"PK\3\4 not really")
    with pytest.raises(ImportFailed, match="not a readable zip"):
        import_ifc(notzip)


# -- refusals and failures: one line naming the file ---------------------------------------------------


def _one_line(exc: ImportFailed, path: Path) -> str:
    text = str(exc)
    assert "\n" not in text and text.startswith(f"{path.name}: ")
    return text


def test_malformed_real_files_are_refused(shared_venues):
    for name, expected in [
        ("FJK-Project-Final.ifc", "unsupported IFC schema IFC2X_FINAL"),
        ("fail-ifc101-IFC4X3.ifc", "unsupported IFC schema IFC4X3"),
    ]:
        path = shared_venues / "malformed" / name
        with pytest.raises(ImportFailed) as info:
            import_file(path)
        assert expected in _one_line(info.value, path)


def test_truncated_and_non_step_files(venue_ifc, tmp_path):
    data = venue_ifc.read_bytes()
    cut = tmp_path / "cut.ifc"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailed) as info:
        import_ifc(cut)
    assert "truncated" in _one_line(info.value, cut) and "END-ISO-10303-21;" in str(info.value)
    junk = tmp_path / "junk.ifc"
    junk.write_text("solid cube\nendsolid\n")
    with pytest.raises(ImportFailed, match="not an IFC file"):
        import_ifc(junk)


def test_supported_schemas_open_in_ifcopenshell():
    for schema in SUPPORTED_SCHEMAS:
        assert ifcopenshell.file(schema=schema).schema_identifier == schema


def test_header_check_reads_the_schema(venue_ifc, shared_venues):
    assert check_step_file(venue_ifc) == "IFC4"
    assert check_step_file(shared_venues / REAL["duplex"]) == "IFC2X3"


def test_killed_worker_is_a_clean_failure(shared_venues):
    """SIGKILL the worker once it reports tessellating: the caller gets one line, not a hang."""
    path = shared_venues / REAL["gymzaal"]
    pid: list[int] = []
    tessellating, killed = threading.Event(), threading.Event()

    def killer():
        tessellating.wait(60)
        os.kill(pid[0], signal.SIGKILL)
        killed.set()

    def progress(fraction, message):
        if message.startswith("Tessellating") and not tessellating.is_set():
            tessellating.set()
            killed.wait(60)  # hold the caller until the worker is dead: no result can slip through

    thread = threading.Thread(target=killer, daemon=True)
    thread.start()
    with pytest.raises(ImportFailed) as info:
        import_ifc(path, progress=progress, on_start=pid.append)
    thread.join(5)
    assert tessellating.is_set()
    assert "killed (SIGKILL" in _one_line(info.value, path)


def test_time_limit(shared_venues):
    path = shared_venues / REAL["gymzaal"]
    with pytest.raises(ImportFailed) as info:
        import_ifc(path, limits=WorkerLimits(time_limit=1.0))
    assert "took longer than 1 s" in _one_line(info.value, path)


def test_memory_cap(shared_venues):
    # A file that takes seconds: the worker polls memory between messages, so a tiny import could
    # finish between two polls.
    path = shared_venues / REAL["gymzaal"]
    with pytest.raises(ImportFailed) as info:
        import_ifc(path, limits=WorkerLimits(time_limit=120, memory_limit=64 << 20))
    assert "memory" in _one_line(info.value, path)


def test_crash_is_reported_as_a_crash(venue_ifc, monkeypatch):
    monkeypatch.setattr(ifc_module, "READER", "tests.importers.ifc_worker_targets:abort")
    with pytest.raises(ImportFailed) as info:
        import_ifc(venue_ifc)
    assert "crashed on this file (SIGABRT)" in _one_line(info.value, venue_ifc)


# -- rules as functions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Exit 3",
        "Fire exit",
        "EMERGENCY EXIT",
        "M_Exit-Door:900",
        "Sortie",
        "Sortie de secours 3",
        "Issue de secours",
        "Notausgang",
        "Notausgangstür",
        "Nooduitgang N2",
        "Egress door",
    ],
)
def test_exit_names(name):
    assert exit_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "",
        "Door 12",
        "Existing door",
        "Pas de sortie",
        "No exit",
        "kein Ausgang",
        "Porte coupe-feu",
        "Exitless",
        "Issue 3",
        "Sortilège",
    ],
)
def test_not_exit_names(name):
    assert not exit_name(name)


def test_main_entrance_names():
    assert main_entrance_name("Entrée principale") and main_entrance_name("Main Entrance 1")
    assert main_entrance_name("Haustür") and main_entrance_name("Haustuer")
    assert not main_entrance_name("Entrée de service") and not main_entrance_name("Entrance B")


def _sample(name: str) -> Path:
    path = SAMPLE_VENUES / name
    assert path.is_file(), f"{path} is committed; `make samples` regenerates it"
    return path


def test_sample_theatre_seats_are_instanced():
    model = imported(_sample("theatre.ifc"))
    seat_sets = [s for s in model.instances if s.category == "furniture"]
    seats = [e for e in model.elements if e.category == "furniture"]
    assert sorted(len(s.transforms) for s in seat_sets) == [500, 1000]  # balcony, stalls
    assert sum(len(s.transforms) for s in seat_sets) == len(seats) == 1500
    assert not any(b.category == "furniture" for b in model.batches)
    exits = [x for x in model.features if x.kind == "exit"]
    assert len(exits) == model.source.stats["counts"]["fire_exit_doors"] == 12
    assert all(x.width and x.width >= 0.9 for x in exits)


@pytest.mark.slow
def test_sample_stadium():
    model = imported(_sample("stadium.ifc"))
    seat_sets = [s for s in model.instances if s.category == "furniture"]
    assert sum(len(s.transforms) for s in seat_sets) == 40_000 and len(seat_sets) == 2  # one per tier
    assert model.source.stats["placed_from_exemplars"] >= 39_996
    kinds = {}
    for x in model.features:
        kinds.setdefault(x.kind, []).append(x)
    assert sorted(x.label[:12] for x in kinds["vomitory"]) == [f"Vomitoire {n:02d}" for n in range(1, 25)]
    assert [x.label for x in kinds["vehicle_access"]] == ["Accès véhicules de secours"]
    assert [x.label for x in kinds["control_room"]] == ["PC sécurité"]
    assert len(kinds["first_aid"]) == 3 and len(kinds["lift"]) == 4 and len(kinds["stair"]) == 8
    gates = [x for x in kinds["exit"] if "a gate" in x.notes]
    assert sorted(x.label for x in gates) == [f"Porte {n}" for n in range(1, 9)]
    assert all(x.leads_to == "outside" for x in gates)


def test_build_venue_is_reproducible(tmp_path):
    """The synthetic venue is an honest IFC file: ifcopenshell reads back what was written."""
    path = build_venue(tmp_path / "v.ifc", seats=3)
    f = ifcopenshell.open(str(path))
    assert len(f.by_type("IfcFurniture")) == 3 and len(f.by_type("IfcDoor")) == 8
    shutil.copy(path, tmp_path / "copy.ifc")
    assert check_step_file(tmp_path / "copy.ifc") == "IFC4"
