"""The sample theatre and stadium, seeded once per module from their shipped bundles."""

from __future__ import annotations

import pytest

from venueplans.catalogue import open_catalogue
from venueplans.catalogue.bundle import import_bundle
from venueplans.ops.samples import SAMPLES, bundle_path


@pytest.fixture(scope="module")
def samples_catalogue(tmp_path_factory):
    """(catalogue path, {"theatre": id, "stadium": id})."""
    path = tmp_path_factory.mktemp("routes") / "catalogue.sqlite"
    cat = open_catalogue(path)
    ids = {s.key: import_bundle(cat, bundle_path(s), sample_key=s.key) for s in SAMPLES}
    cat.close()
    return path, ids


@pytest.fixture
def cat(samples_catalogue):
    c = open_catalogue(samples_catalogue[0])
    yield c
    c.close()


@pytest.fixture
def theatre(samples_catalogue) -> int:
    return samples_catalogue[1]["theatre"]


@pytest.fixture
def stadium(samples_catalogue) -> int:
    return samples_catalogue[1]["stadium"]


@pytest.fixture
def theatre_cat(tmp_path, monkeypatch):
    """(catalogue, theatre id): a catalogue of its own, for tests that edit the venue."""
    monkeypatch.setenv("VENUEPLANS_USER", "op.durand")
    cat = open_catalogue(tmp_path / "cat.sqlite")
    vid = import_bundle(cat, bundle_path(next(s for s in SAMPLES if s.key == "theatre")))
    yield cat, vid
    cat.close()
