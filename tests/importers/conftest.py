"""Fixtures for the IFC importer tests (the synthetic venue itself is built by ifc_factory.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.ifc_factory import build_venue


@pytest.fixture(scope="session")
def venue_ifc(tmp_path_factory) -> Path:
    return build_venue(tmp_path_factory.mktemp("ifc") / "salle.ifc")


@pytest.fixture(scope="session")
def venue_ifc_mm_far(tmp_path_factory) -> Path:
    """The same venue in millimetres, 12 km from the origin (a georeferenced export)."""
    return build_venue(
        tmp_path_factory.mktemp("ifc") / "salle-mm.ifc",
        seats=10,
        unit="MILLIMETRE",
        site_xyz=(12_345.0, 8_765.0, 0.0),
    )
