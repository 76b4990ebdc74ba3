"""IFC imports that must not lie: files without storeys, files that lost entities, files whose geometry
hangs or crashes the kernel, and the messages of refused files (hostile files written by the tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.hostile_ifc import no_storey_hall
from venueplans.importers.ifc import import_ifc


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
    assert any("declares no storey" in w and "0.00, 4.00 m" in w for w in model.source.warnings)
