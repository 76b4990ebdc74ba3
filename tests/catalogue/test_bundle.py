import sqlite3

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue, read
from venueplans.catalogue.bundle import BundleError, export_bundle, import_bundle
from venueplans.catalogue.check import check_catalogue
from venueplans.ops.import_venue import import_venue


@pytest.fixture
def source(tmp_path):
    cat = open_catalogue(tmp_path / "src.sqlite")
    vid = import_venue(cat, path="hall.ifc", name="Olympia", kind="concert-hall", city="Paris",
                       model=two_storey_building(seats=30)).venue_id
    yield cat, vid
    cat.close()


def test_round_trip_brings_the_whole_venue(source, tmp_path):
    cat, vid = source
    bundle = export_bundle(cat, vid, tmp_path / "olympia.vpbundle")
    with open_catalogue(tmp_path / "dest.sqlite") as dest:
        import_venue(dest, path="other.ifc", name="Other", model=two_storey_building(sha="b" * 64))
        new = import_bundle(dest, bundle)
        assert read.get_venue(dest, new).name == "Olympia"
        assert read.venue_counts(dest, new) == read.venue_counts(cat, vid)
        assert read.load_geometry(dest, new).n_triangles == read.load_geometry(cat, vid).n_triangles
        assert [f.label for f in read.load_features(dest, new)] == [f.label for f in read.load_features(cat, vid)]
        assert [v.name for v in read.list_venues(dest, "olympia")] == ["Olympia"]
        assert check_catalogue(dest).ok


def test_modified_bundle_is_refused_and_the_catalogue_unchanged(source, tmp_path):
    cat, vid = source
    bundle = export_bundle(cat, vid, tmp_path / "olympia.vpbundle")
    conn = sqlite3.connect(bundle)
    conn.execute("UPDATE features SET x = x + 10 WHERE kind = 'exit'")  # someone moved the exits
    conn.commit()
    conn.close()
    with open_catalogue(tmp_path / "dest.sqlite") as dest:
        with pytest.raises(BundleError, match="olympia.vpbundle: the bundle is damaged or was modified"):
            import_bundle(dest, bundle)
        assert dest.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 0


def test_not_a_bundle_is_one_clear_line(tmp_path):
    junk = tmp_path / "junk.vpbundle"
    junk.write_bytes(b"\x00" * 4096)
    with open_catalogue(tmp_path / "dest.sqlite") as dest, pytest.raises(BundleError) as err:
        import_bundle(dest, junk)
    assert str(err.value) == f"{junk}: not a venueplans bundle"
