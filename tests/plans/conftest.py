"""Catalogues holding the synthetic plan venues (imported once per module: imports are the slow part)."""

from __future__ import annotations

import pytest

from plans.synthetic import mesh_building, small_theatre
from venueplans.catalogue import open_catalogue
from venueplans.ops.import_venue import import_venue


@pytest.fixture(scope="module")
def plan_catalogue(tmp_path_factory):
    """(catalogue path, theatre venue id, mesh venue id)."""
    path = tmp_path_factory.mktemp("plans") / "catalogue.sqlite"
    cat = open_catalogue(path)
    theatre = import_venue(cat, path="petit-theatre.ifc", model=small_theatre(), kind="theatre").venue_id
    mesh = import_venue(cat, path="block.glb", model=mesh_building()).venue_id
    cat.close()
    return path, theatre, mesh


@pytest.fixture
def catalogue(plan_catalogue):
    cat = open_catalogue(plan_catalogue[0])
    yield cat
    cat.close()
