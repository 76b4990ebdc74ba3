"""First start: a new user sees the sample theatre and stadium; a removed sample stays removed."""

import json
import os
import subprocess
import sys

from venueplans.catalogue import open_catalogue, read
from venueplans.catalogue.bundle import read_bundle_info
from venueplans.importers.registry import file_sha256
from venueplans.ops.samples import SAMPLES, bundle_path, seed_samples
from venueplans.paths import SAMPLE_VENUES


def cli(catalogue, *args):
    env = {k: v for k, v in os.environ.items() if k != "VENUEPLANS_NO_SAMPLES"}
    return subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(catalogue), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def test_first_start_lists_both_samples_and_a_removed_one_stays_removed(tmp_path):
    cat = tmp_path / "new.sqlite"
    out = cli(cat, "list", "--json")
    assert out.returncode == 0, out.stderr
    venues = {v["name"]: v for v in json.loads(out.stdout)}
    assert {v["kind"] for v in venues.values()} == {"theatre", "stadium"}
    stadium = next(v for v in venues.values() if v["kind"] == "stadium")
    assert cli(cat, "remove", str(stadium["id"])).returncode == 0
    again = json.loads(cli(cat, "list", "--json").stdout)
    assert [v["kind"] for v in again] == ["theatre"]


def test_seeded_theatre_has_its_exits_seats_and_example_scenario(tmp_path, monkeypatch):
    monkeypatch.delenv("VENUEPLANS_NO_SAMPLES", raising=False)
    with open_catalogue(tmp_path / "c.sqlite") as cat:
        ids = seed_samples(cat)
        assert len(ids) == 2
        theatre = next(i for i in ids if read.get_venue(cat, i).kind == "theatre")
        counts = read.venue_counts(cat, theatre)
        assert counts["exits"] >= 6 and counts["stairs"] >= 3 and counts["lifts"] >= 1
        geo = read.load_geometry(cat, theatre, categories=["furniture"])
        assert sum(len(s.transforms) for s in geo.instances) == 1500
        from venueplans.ops.scenario_reads import list_scenarios

        assert [s.name for s in list_scenarios(cat, venue_id=theatre)]
        assert seed_samples(cat) == []  # only once


def test_a_catalogue_with_venues_is_not_seeded(tmp_path, monkeypatch):
    monkeypatch.delenv("VENUEPLANS_NO_SAMPLES", raising=False)
    from tests.factories import two_storey_building
    from venueplans.ops.import_venue import import_venue

    with open_catalogue(tmp_path / "c.sqlite") as cat:
        import_venue(cat, path="x.ifc", model=two_storey_building())
        assert seed_samples(cat) == []
        assert [v.name for v in read.list_venues(cat)] == ["Test Hall"]


def test_shipped_bundles_match_the_sample_files():
    """Regenerated a sample without `make samples`? The shipped bundle would show an older building."""
    for sample in SAMPLES:
        info = read_bundle_info(bundle_path(sample))
        assert int(info["format"]) >= 1
        import sqlite3

        conn = sqlite3.connect(bundle_path(sample))
        (sha,) = conn.execute("SELECT sha256 FROM source_models").fetchone()
        conn.close()
        assert sha == file_sha256(SAMPLE_VENUES / sample.source), f"run `make samples` ({sample.key})"
