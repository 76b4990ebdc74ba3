"""IFC imports that must not lie: files without storeys, files that lost entities, files whose geometry
hangs or crashes the kernel, and the messages of refused files (hostile files written by the tests)."""

from __future__ import annotations

import time
from pathlib import Path

import ifcopenshell
import numpy as np
import psutil
import pytest

from tests.importers.hostile_ifc import (
    cut_with_end_restored,
    deep_boolean_wall,
    hall_with,
    no_storey_hall,
    stray_token_after_entity,
)
from tests.importers.ifc_worker_targets import TRAP
from venueplans.importers import ImportFailed
from venueplans.importers import ifc as ifc_module
from venueplans.importers.ifc import import_ifc
from venueplans.importers.worker import WorkerLimits
from venueplans.model.messages import translated_all


@pytest.fixture(scope="module")
def no_storey(tmp_path_factory) -> Path:
    return no_storey_hall(tmp_path_factory.mktemp("ifc") / "sans-niveaux.ifc")


def test_a_file_without_storeys_gets_storeys_inferred_from_its_floors(no_storey):
    model = import_ifc(no_storey)
    assert [s.elevation for s in model.storeys] == [0.0, 4.0]
    assert all(s.inferred for s in model.storeys)
    by_name = {e.name: e.storey for e in model.elements}
    assert by_name["Mur sud 0"] == by_name["Porte 1"] == by_name["Dalle RDC"] == 0
    assert by_name["Mur sud 4"] == by_name["Plancher R+1"] == 1
    assert all(e.storey is not None for e in model.elements)
    assert any("declares no storey" in w and "0.00, 4.00 m" in w for w in translated_all(model.source.warnings))


# -- silent data loss ------------------------------------------------------------------------------


def test_a_stray_token_that_drops_the_building_is_refused_with_the_numbers(no_storey, tmp_path):
    bad = stray_token_after_entity(no_storey, tmp_path / "stray.ifc", 5)
    entity_lines = sum(line.startswith(b"#") for line in no_storey.read_bytes().splitlines())
    with pytest.raises(ImportFailed) as info:
        import_ifc(bad)
    message = str(info.value)
    assert message.startswith("stray.ifc: loaded 6 of ")
    assert f"of {entity_lines} entities: line " in message
    assert "could not be parsed: no building element is left" in message


def test_entities_dropped_late_in_a_real_file_are_a_warning_with_numbers(shared_venues, tmp_path):
    real = shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc"
    lines = real.read_bytes().splitlines()
    entity_lines = [i for i, line in enumerate(lines) if line.startswith(b"#")]
    bad = stray_token_after_entity(real, tmp_path / "fzk-stray.ifc", len(entity_lines) - 40)
    model = import_ifc(bad)
    lost = [w for w in translated_all(model.source.warnings) if w.startswith("loaded ")]
    assert len(lost) == 1, translated_all(model.source.warnings)
    line_no = entity_lines[-39] + 1  # the first dropped entity, 1-based
    assert lost[0].startswith(f"loaded {len(entity_lines) - 39:,} of {len(entity_lines):,} entities: line {line_no:,}")
    assert lost[0].endswith("39 entities are missing from the venue")


def test_a_file_cut_short_with_its_end_marker_put_back_warns_of_missing_parts(shared_venues, tmp_path):
    real = shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc"
    cut = cut_with_end_restored(real, tmp_path / "fzk-cut.ifc", 0.6)
    model = import_ifc(cut)
    missing = [w for w in translated_all(model.source.warnings) if "missing from the file" in w]
    assert len(missing) == 1 and "was the file cut short?" in missing[0], translated_all(model.source.warnings)
    assert " on line " in missing[0]
    assert len(translated_all(model.source.warnings)) < 10  # one line, not one per broken reference


def test_a_parse_error_names_the_line_and_what_was_wrong(no_storey, tmp_path):
    bad = stray_token_after_entity(no_storey, tmp_path / "hash.ifc", 20, token=b"##")
    line_no = next(i for i, line in enumerate(bad.read_bytes().splitlines(), 1) if line.endswith(b" ##"))
    with pytest.raises(ImportFailed) as info:
        import_ifc(bad)
    message = str(info.value)
    assert "check logs" not in message
    assert message.startswith("hash.ifc: cannot be read as IFC: ")
    assert f"on line {line_no}" in message and "invalid instance name" in message


# -- one bad element must not sink a building -------------------------------------------------------


@pytest.mark.parametrize(("reader", "why"), [
    ("hang_on_trap", "its geometry made no progress for 2 s"),
    ("crash_on_trap", "the geometry kernel crashed on it"),
])
def test_an_element_that_hangs_or_crashes_the_kernel_is_left_out_and_named(tmp_path, monkeypatch, reader, why):
    path = hall_with(tmp_path / "piege.ifc", TRAP)
    monkeypatch.setattr(ifc_module, "READER", f"tests.importers.ifc_worker_targets:{reader}")
    start = time.monotonic()
    model = import_ifc(path, limits=WorkerLimits(time_limit=120, stall_limit=2))
    assert time.monotonic() - start < 60
    trap = next(e for e in model.elements if e.name == TRAP)
    left_out = [w for w in translated_all(model.source.warnings) if "could not be tessellated" in w]
    assert left_out == [f"IfcWall '{TRAP}' (#{_step_id(path, TRAP)}) could not be tessellated ({why}): left out"]
    # Everything else is there: the five other walls and the slab have their geometry.
    with_geometry = {int(i) for b in model.batches for i in np.unique(b.elements)}
    others = [e.index for e in model.elements if e.ifc_class in ("IfcWall", "IfcSlab") and e.name != TRAP]
    assert len(others) == 6 and set(others) <= with_geometry
    assert trap.index not in with_geometry


def _step_id(path: Path, name: str) -> int:
    return next(w.id() for w in ifcopenshell.open(str(path)).by_type("IfcWall") if w.Name == name)


def test_memory_is_watched_over_the_workers_whole_process_tree(tmp_path, monkeypatch):
    path = hall_with(tmp_path / "salle.ifc", "Mur")
    monkeypatch.setattr(ifc_module, "READER", "tests.importers.ifc_worker_targets:grandchild_hog")
    with pytest.raises(ImportFailed) as info:
        import_ifc(path, limits=WorkerLimits(time_limit=120, memory_limit=200 << 20))
    # The worker itself stays far below 200 MB: only its helper's 400 MB can trip the limit.
    assert "needed more than 0.2 GB of memory and was stopped" in str(info.value)
    helpers = [p for p in psutil.process_iter(["cmdline"]) if str(path) in (p.info["cmdline"] or [])]
    gone, alive = psutil.wait_procs(helpers, timeout=30)  # the helper ends with its worker
    assert not alive


# -- messages ----------------------------------------------------------------------------------------


def test_a_byte_order_mark_is_tolerated(no_storey, tmp_path):
    bom = tmp_path / "bom.ifc"
    bom.write_bytes(b"\xef\xbb\xbf" + no_storey.read_bytes())
    assert len(import_ifc(bom).storeys) == 2


def test_a_nul_byte_is_named_with_its_line(no_storey, tmp_path):
    lines = no_storey.read_bytes().splitlines(keepends=True)
    lines[30] = lines[30].replace(b"(", b"(\x00", 1)
    bad = tmp_path / "nul.ifc"
    bad.write_bytes(b"".join(lines))
    with pytest.raises(ImportFailed) as info:
        import_ifc(bad)
    assert str(info.value) == "nul.ifc: cannot be read as IFC: a NUL byte on line 31: binary data in a text file"


@pytest.mark.parametrize(("depth", "why"), [
    (3_000, "its geometry made no progress for 3 s"),  # the real kernel loops on it
    (8_000, "the geometry kernel crashed on it"),  # the real kernel overflows its stack
])
def test_a_wall_the_real_kernel_cannot_build_is_left_out(tmp_path, depth, why):
    path = deep_boolean_wall(tmp_path / "boucle.ifc", depth, "Mur 12")
    start = time.monotonic()
    model = import_ifc(path, limits=WorkerLimits(time_limit=200, stall_limit=3))
    assert time.monotonic() - start < 120  # not the 900 s limit
    left_out = [w for w in translated_all(model.source.warnings) if "could not be tessellated" in w]
    assert left_out == [f"IfcWall 'Mur 12' (#{_step_id(path, 'Mur 12')}) could not be tessellated ({why}): left out"]
    with_geometry = {int(i) for b in model.batches for i in np.unique(b.elements)}
    assert {e.index for e in model.elements if e.name in ("Mur 1", "Mur 2", "Mur 3", "Mur 4")} <= with_geometry


def test_a_default_kernel_crash_is_read_again_with_occ_in_french_too(tmp_path, monkeypatch, french):
    """The fallback once compared the translated crash reason with English text: in French it never ran."""
    path = hall_with(tmp_path / "salle.ifc", "Mur ordinaire")
    monkeypatch.setattr(ifc_module, "READER", "tests.importers.ifc_worker_targets:abort_unless_safe_kernel")
    model = import_ifc(path, limits=WorkerLimits(time_limit=120))
    assert model.elements
    assert "le noyau géométrique par défaut a planté sur ce fichier : relu avec opencascade" in \
        translated_all(model.source.warnings)
