import sqlite3

import numpy as np
import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import CatalogueError, open_catalogue, read
from venueplans.catalogue.check import check_catalogue
from venueplans.catalogue.codec import decode_arrays, encode_arrays
from venueplans.catalogue.schema import MIGRATIONS
from venueplans.importers import ImportFailed
from venueplans.ops.import_venue import import_venue
from venueplans.ops.venues import remove_venue


@pytest.fixture
def cat(tmp_path):
    c = open_catalogue(tmp_path / "cat.sqlite")
    yield c
    c.close()


def test_new_catalogue_is_migrated_and_in_wal_mode(cat):
    assert cat.schema_version == len(MIGRATIONS)
    assert cat.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cat.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_catalogue_from_newer_version_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "future.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(CatalogueError, match="newer than this venueplans"):
        open_catalogue(path)


def test_not_a_database_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CatalogueError) as err:
        open_catalogue(path)
    assert "garbage.sqlite" in str(err.value) and "\n" not in str(err.value)


def test_codec_round_trip_keeps_dtypes_shapes_and_values():
    arrays = {
        "vertices": np.random.default_rng(1).random((7, 3), dtype=np.float32),
        "triangles": np.arange(12, dtype=np.uint32).reshape(4, 3),
        "elements": np.array([3, 1, 4, 1], dtype=np.int32),
        "transforms": np.repeat(np.eye(4, dtype=np.float32)[None], 2, axis=0),
    }
    back = decode_arrays(encode_arrays(arrays))
    for k, v in arrays.items():
        assert back[k].dtype == v.dtype and back[k].shape == v.shape
        np.testing.assert_array_equal(back[k], v)


def test_import_stores_the_model_and_reads_back_the_same_geometry(cat):
    model = two_storey_building(seats=50)
    changes = import_venue(cat, path="test-hall.ifc", kind="theatre", city="Paris", model=model)
    vid = changes.venue_id
    counts = read.venue_counts(cat, vid)
    assert counts["storeys"] == 2
    assert counts["exits"] == 3
    assert counts["access_points"] == 1
    assert counts["doors"] == 4 and counts["fire_exit_doors"] == 3
    assert counts["stairs"] == 1 and counts["lifts"] == 1
    assert counts["triangles"] == model.n_triangles
    geo = read.load_geometry(cat, vid)
    assert geo.n_triangles == model.n_triangles
    assert len(geo.instances) == 1 and geo.instances[0].transforms.shape == (50, 4, 4)
    ground = read.load_geometry(cat, vid, storeys=[0], categories=["wall"])
    assert {b.storey for b in ground.batches} == {0} and {b.category for b in ground.batches} == {"wall"}
    # A pick on a triangle leads back to its element.
    wall_batch = ground.batches[0]
    element = read.get_element(cat, vid, int(wall_batch.elements[0]))
    assert element.ifc_class == "IfcWall" and element.storey == 0


def test_exits_are_numbered_clockwise_from_the_main_entrance(cat):
    vid = import_venue(cat, path="test-hall.ifc", model=two_storey_building()).venue_id
    exits = {f.label: f.number for f in read.load_features(cat, vid) if f.kind == "exit"}
    # Entrance on the south side; clockwise seen from above: south -> west -> north -> east.
    assert exits["Exit west"] == 1
    assert exits["Exit east"] == 2
    assert exits["Exit first floor"] == 3  # next storey continues the sequence


def test_same_file_twice_is_refused_unless_replace_and_replace_keeps_user_features(cat):
    vid = import_venue(cat, path="test-hall.ifc", model=two_storey_building(sha="a" * 64)).venue_id
    from venueplans.catalogue import store
    from venueplans.model import Feature

    with cat.atomic():
        store.insert_feature(cat, vid, Feature("key_box", "Key box", 0, (1, 1, 0), "user"))
    with pytest.raises(ImportFailed, match="already imported as venue"):
        import_venue(cat, path="test-hall.ifc", model=two_storey_building(sha="a" * 64))
    again = import_venue(cat, path="test-hall.ifc", model=two_storey_building(sha="a" * 64), replace=True)
    assert again.venue_id == vid
    kinds = [f.kind for f in read.load_features(cat, vid)]
    assert kinds.count("key_box") == 1 and kinds.count("exit") == 3
    assert read.venue_counts(cat, vid)["storeys"] == 2
    assert check_catalogue(cat).ok


def test_same_name_different_file_is_refused_without_replace(cat):
    import_venue(cat, path="a.ifc", name="Olympia", model=two_storey_building(sha="a" * 64))
    with pytest.raises(ImportFailed, match="already exists"):
        import_venue(cat, path="b.ifc", name="olympia", model=two_storey_building(sha="b" * 64))


def test_failed_write_leaves_no_trace(cat, monkeypatch):
    from venueplans.catalogue import store

    def broken(*a, **k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "reindex_venue", broken)
    with pytest.raises(ImportFailed, match="disk is full"):
        import_venue(cat, path="test-hall.ifc", model=two_storey_building())
    for table in ("venues", "elements", "storeys", "features", "geometry_batches", "audit"):
        assert cat.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_full_text_search_finds_name_city_and_room_names_without_accents(cat):
    import_venue(cat, path="a.ifc", name="Théâtre du Châtelet", kind="theatre", city="Paris",
                 model=two_storey_building(sha="a" * 64))
    import_venue(cat, path="b.ifc", name="Stade Vélodrome", kind="stadium", city="Marseille",
                 model=two_storey_building(sha="b" * 64))
    names = lambda q: [v.name for v in read.list_venues(cat, q)]  # noqa: E731
    assert names("chatelet") == ["Théâtre du Châtelet"]
    assert names("mars") == ["Stade Vélodrome"]
    assert names("grande salle") == ["Stade Vélodrome", "Théâtre du Châtelet"]
    assert names("stadium") == ["Stade Vélodrome"]
    assert names("nowhere") == []
    assert names('"; DROP TABLE venues; --') == []


def test_remove_deletes_everything_but_keeps_the_audit_trail(cat):
    vid = import_venue(cat, path="a.ifc", model=two_storey_building()).venue_id
    remove_venue(cat, venue_id=vid)
    for table in ("venues", "elements", "storeys", "features", "geometry_batches", "geometry_instances", "spaces"):
        assert cat.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    actions = [r[0] for r in cat.conn.execute("SELECT action FROM audit WHERE venue_id = ? ORDER BY id", (vid,))]
    assert actions == ["import", "remove"]
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        cat.conn.execute("DELETE FROM audit")


def test_check_reports_an_unreadable_geometry_blob(cat):
    vid = import_venue(cat, path="a.ifc", model=two_storey_building()).venue_id
    assert check_catalogue(cat).ok
    cat.conn.execute("UPDATE geometry_batches SET data = x'00ff' WHERE id = (SELECT min(id) FROM geometry_batches)")
    report = check_catalogue(cat)
    assert not report.ok and any("unreadable" in p and f"venue {vid}" in p for p in report.problems)


def test_resolve_venue_by_id_or_unique_name(cat):
    vid = import_venue(cat, path="a.ifc", name="Olympia", model=two_storey_building(sha="a" * 64)).venue_id
    assert read.resolve_venue(cat, str(vid)) == vid
    assert read.resolve_venue(cat, "OLYMPIA") == vid
    with pytest.raises(read.VenueNotFound, match="no venue 'Bataclan'"):
        read.resolve_venue(cat, "Bataclan")


def test_exits_keep_the_numbers_painted_on_their_doors(cat):
    model = two_storey_building()
    labels = {"Exit east": "Sortie de secours 7", "Exit west": "Sortie de secours 7", "Exit first floor": "Exit 2"}
    for f in model.features:
        f.label = labels.get(f.label, f.label)
    vid = import_venue(cat, path="x.ifc", model=model).venue_id
    numbers = sorted((f.number, f.label) for f in read.load_features(cat, vid) if f.kind == "exit")
    # "2" is unique and kept; the two "7"s are ambiguous and get clockwise numbers after the highest kept one.
    assert numbers == [(2, "Exit 2"), (3, "Sortie de secours 7"), (4, "Sortie de secours 7")]


def test_reimport_withdraws_the_sign_off(cat):
    from venueplans.catalogue import store

    vid = import_venue(cat, path="x.ifc", model=two_storey_building(sha="a" * 64)).venue_id
    with cat.atomic():
        store.update_venue(cat, vid, verified_by="Cdt Martin", verified_on="2026-11-01")
    import_venue(cat, path="x.ifc", model=two_storey_building(sha="a" * 64), replace=True)
    venue = read.get_venue(cat, vid)
    assert venue.verified_by is None and venue.verified_on is None
    actions = [r[0] for r in cat.conn.execute("SELECT action FROM audit WHERE venue_id = ? ORDER BY id", (vid,))]
    assert actions == ["import", "signoff.invalidated", "reimport"]
