"""Signed venue packages: what the receiving side accepts, and everything it refuses untouched."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import pytest

from tests.packages.conftest import dump
from tests.packages.helpers import entries, flip, rezip, signed
from venueplans.catalogue import package as pkgs
from venueplans.catalogue.check import check_catalogue
from venueplans.cli.main import main


def cli(inst, *argv: str, capsys=None) -> tuple[int, str, str]:
    with inst.active():
        code = main(["--catalogue", str(inst.catalogue), *argv])
    out, err = capsys.readouterr() if capsys else ("", "")
    return code, out, err


@pytest.fixture
def package(operator, police, tmp_path, capsys):
    """Olympia exported by the operator; the police trust the operator's key."""
    target = tmp_path / "olympia.vpkg"
    assert cli(operator, "keys", "rename", "Olympia – sécurité", capsys=capsys)[0] == 0
    assert cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys)[0] == 0
    assert cli(operator, "keys", "export", "-o", str(tmp_path / "operator.pub"), capsys=capsys)[0] == 0
    assert cli(police, "keys", "trust", str(tmp_path / "operator.pub"), capsys=capsys)[0] == 0
    with police.active(), police.open():  # an empty catalogue to compare against
        pass
    return target


def test_export_then_import_gives_the_same_venue(operator, police, package, capsys):
    code, out, err = cli(police, "import", str(package), capsys=capsys)
    assert code == 0, err
    assert "package signed by key 'Olympia – sécurité'" in out
    shown = [json.loads(cli(inst, "show", "--json", "Olympia", capsys=capsys)[1]) for inst in (operator, police)]
    assert shown[0] == shown[1]
    code, out, _ = cli(police, "show", "Olympia", capsys=capsys)
    assert "package signed by key 'Olympia – sécurité'" in out
    with police.active(), police.open() as cat:
        assert check_catalogue(cat).ok
        actions = [r[0] for r in cat.conn.execute("SELECT action FROM audit ORDER BY id")]
    assert actions[-1] == "package-import"
    assert "import" in actions  # the operator's trail travelled with the venue


@pytest.mark.parametrize("part", ["manifest.json", "venue.sqlite", "manifest.sig"])
def test_one_byte_changed_in_any_part_is_refused(police, package, tmp_path, part, capsys):
    parts = entries(package)
    before = dump(police.catalogue)
    for offset in (0, len(parts[part]) // 2, len(parts[part]) - 1):
        tampered = rezip(tmp_path / f"tampered-{offset}.vpkg", {**parts, part: flip(parts[part], offset)})
        code, out, err = cli(police, "import", str(tampered), capsys=capsys)
        assert code == 1
        assert err.count("\n") == 1 and str(tampered) in err, err
        assert "modified" in err or "damaged" in err, err
        assert dump(police.catalogue) == before


def test_one_byte_flipped_anywhere_in_the_file_is_refused(police, package, tmp_path, capsys):
    data = package.read_bytes()
    before = dump(police.catalogue)
    for offset in range(0, len(data), max(1, len(data) // 97)):
        tampered = tmp_path / "flipped.vpkg"
        tampered.write_bytes(flip(data, offset))
        code, _, err = cli(police, "import", str(tampered), capsys=capsys)
        assert code == 1 and "Traceback" not in err and err.count("\n") == 1, (offset, err)
    assert dump(police.catalogue) == before


def test_untrusted_key_is_refused_unless_allowed_and_then_audited(operator, police, tmp_path, capsys):
    target = tmp_path / "olympia.vpkg"
    cli(operator, "export", "Olympia", "-o", str(target), capsys=capsys)
    with police.active(), police.open():
        pass
    before = dump(police.catalogue)
    code, _, err = cli(police, "import", str(target), capsys=capsys)
    assert code == 1 and "does not trust" in err and str(target) in err
    assert dump(police.catalogue) == before
    code, out, err = cli(police, "import", "--allow-untrusted", str(target), capsys=capsys)
    assert code == 0, err
    assert "NOT trusted" in out
    with police.active(), police.open() as cat:
        details = json.loads(cat.conn.execute(
            "SELECT details FROM audit WHERE action = 'package-import'").fetchone()[0])
    assert details["allow_untrusted"] is True and details["trusted"] is False


def test_revoked_key_is_refused_even_with_allow_untrusted(police, package, capsys):
    with police.active():
        from venueplans import keys

        (operator_key,) = keys.list_trusted()  # the police installation has no key of its own
        kid = operator_key.key_id
    assert cli(police, "keys", "revoke", kid[:8], capsys=capsys)[0] == 0
    before = dump(police.catalogue)
    code, _, err = cli(police, "import", "--allow-untrusted", str(package), capsys=capsys)
    assert code == 1 and "revoked" in err
    assert dump(police.catalogue) == before


def test_unsigned_package_is_refused(police, package, tmp_path, capsys):
    parts = entries(package)
    del parts["manifest.sig"]
    unsigned = rezip(tmp_path / "unsigned.vpkg", parts)
    code, _, err = cli(police, "import", str(unsigned), capsys=capsys)
    assert code == 1 and "unsigned package" in err


@pytest.mark.parametrize("name", ["../evil.sqlite", "/etc/evil", "sub/../../evil", "C:\\evil"])
def test_path_traversal_entries_are_refused(police, package, tmp_path, name, capsys):
    parts = {**entries(package), name: b"x"}
    code, _, err = cli(police, "import", str(rezip(tmp_path / "trav.vpkg", parts)), capsys=capsys)
    assert code == 1 and "path traversal" in err, err
    assert not (tmp_path / "evil.sqlite").exists()


def test_zip_bomb_and_oversize_entries_are_refused_quickly(police, package, tmp_path, monkeypatch, capsys):
    parts = entries(package)
    bomb = rezip(tmp_path / "bomb.vpkg", {**parts, "venue.sqlite": b"\0" * (64 << 20)}, deflate=True)
    assert bomb.stat().st_size < 1 << 20
    code, _, err = cli(police, "import", str(bomb), capsys=capsys)
    assert code == 1 and "zip bomb" in err, err
    monkeypatch.setitem(pkgs.LIMITS, "venue.sqlite", 1000)
    code, _, err = cli(police, "import", str(package), capsys=capsys)
    assert code == 1 and "too large" in err, err


def test_an_entry_larger_than_its_header_says_is_refused(police, package, tmp_path, capsys):
    """Local header and central directory agree on a smaller size: the reader stops at the declared size."""
    lying = rezip(tmp_path / "lying.vpkg", entries(package))
    with zipfile.ZipFile(lying) as zf:
        info, start = zf.getinfo("venue.sqlite"), zf.start_dir
        central = start + sum(46 + len(i.filename) for i in zf.infolist()[:-1])
    data = bytearray(lying.read_bytes())
    smaller = (info.file_size - 4096).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = smaller
    data[central + 24 : central + 28] = smaller
    lying.write_bytes(bytes(data))
    code, _, err = cli(police, "import", str(lying), capsys=capsys)
    assert code == 1 and ("larger than it declares" in err or "Bad CRC-32" in err), err


def test_a_newer_format_is_refused(police, package, tmp_path, capsys):
    parts = entries(package)
    with police.active():
        newer = signed(tmp_path / "newer.vpkg", parts["venue.sqlite"], {**json.loads(parts["manifest.json"]),
                                                                         "format": pkgs.FORMAT + 1})
    code, _, err = cli(police, "import", str(newer), capsys=capsys)
    assert code == 1 and "newer than this venueplans" in err


def test_views_and_triggers_in_the_package_never_run(police, package, tmp_path, capsys):
    """A signed but hostile database: `features` replaced by a view, a trigger on the venue row."""
    work = tmp_path / "hostile.sqlite"
    work.write_bytes(entries(package)["venue.sqlite"])
    conn = sqlite3.connect(work)
    conn.executescript("""
        CREATE TABLE spy (x);
        CREATE TRIGGER t AFTER UPDATE ON venues BEGIN INSERT INTO spy VALUES (1); END;
        DROP TABLE feature_photos; DROP TABLE features;
        CREATE VIEW features AS SELECT 1 AS id, 1 AS venue_id, 'exit' AS kind;
    """)
    conn.commit()
    conn.close()
    with police.active():
        hostile = signed(tmp_path / "hostile.vpkg", work.read_bytes(), json.loads(entries(package)["manifest.json"]))
    before = dump(police.catalogue)
    code, _, err = cli(police, "import", str(hostile), capsys=capsys)
    assert code == 1 and "lacks table(s) feature_photos, features" in err, err
    assert dump(police.catalogue) == before


def test_newer_package_updates_keeping_local_work_older_refused_unless_forced(
        operator, police, package, tmp_path, capsys):
    assert cli(police, "import", str(package), capsys=capsys)[0] == 0
    with police.active(), police.open() as cat:  # local work on the police side
        from venueplans.catalogue import store
        from venueplans.ops.scenario_edits import create_scenario

        create_scenario(cat, venue_id=1, name="Exercice nuit")
        with cat.atomic():
            cat.conn.execute("UPDATE venues SET notes = 'PC avancé côté nord' WHERE id = 1")
    with operator.active(), operator.open() as cat:  # the operator renames an exit and re-exports
        with cat.atomic():
            store.update_venue(cat, 1, city="Paris 9e")
            cat.conn.execute("UPDATE venues SET updated = '2999-01-01T00:00:00+00:00' WHERE id = 1")
    newer = tmp_path / "olympia-2.vpkg"
    assert cli(operator, "export", "Olympia", "-o", str(newer), capsys=capsys)[0] == 0
    code, out, err = cli(police, "import", str(newer), capsys=capsys)
    assert code == 0, err
    assert "updated venue 1" in out
    with police.active(), police.open() as cat:
        row = cat.conn.execute("SELECT city, notes FROM venues").fetchone()
        assert tuple(row) == ("Paris 9e", "PC avancé côté nord")
        assert [r[0] for r in cat.conn.execute("SELECT name FROM scenarios")] == ["Exercice nuit"]
        assert cat.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 1
        assert check_catalogue(cat).ok
    assert list((police.root / "data" / "venueplans" / "backups").glob("*-before-package-import.sqlite"))
    before = dump(police.catalogue)
    code, _, err = cli(police, "import", str(package), capsys=capsys)
    assert code == 1 and "older than venue 1" in err and "--force" in err
    assert dump(police.catalogue) == before
    code, out, err = cli(police, "import", "--force", str(package), capsys=capsys)
    assert code == 0, err
    with police.active(), police.open() as cat:
        modes = [json.loads(r[0])["mode"] for r in cat.conn.execute(
            "SELECT details FROM audit WHERE action = 'package-import' ORDER BY id")]
        assert modes == ["new", "update", "forced-older"]
        assert cat.conn.execute("SELECT city FROM venues").fetchone()[0] == "Paris"


def test_scenarios_travel_only_when_asked(operator, police, tmp_path, capsys):
    with operator.active(), operator.open() as cat:
        from venueplans.ops.scenario_edits import create_scenario

        create_scenario(cat, venue_id=1, name="Évacuation")
    plain, full = tmp_path / "plain.vpkg", tmp_path / "full.vpkg"
    cli(operator, "export", "Olympia", "-o", str(plain), capsys=capsys)
    cli(operator, "export", "Olympia", "-o", str(full), "--with-scenarios", capsys=capsys)
    with zipfile.ZipFile(plain) as zf, zipfile.ZipFile(full) as zf2:
        assert b"\xc3\x89vacuation" not in zf.read("venue.sqlite")
        assert b"\xc3\x89vacuation" in zf2.read("venue.sqlite")
    assert cli(police, "import", "--allow-untrusted", str(full), capsys=capsys)[0] == 0
    with police.active(), police.open() as cat:
        assert [r[0] for r in cat.conn.execute("SELECT name FROM scenarios")] == ["Évacuation"]


def test_not_a_package_is_one_line(police, tmp_path, capsys):
    junk = tmp_path / "junk.vpkg"
    junk.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    code, _, err = cli(police, "import", str(junk), capsys=capsys)
    assert code == 1 and err == f"venueplans: {junk}: not a venue package (not a readable zip file)\n"


def test_two_concurrent_imports_of_one_package_make_one_venue(police, package):
    import os
    import subprocess
    import sys

    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1", "VENUEPLANS_CONFIG_DIR": str(police.root / "config"),
           "XDG_DATA_HOME": str(police.root / "data")}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(police.catalogue), "import", str(package)]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [(p.wait(120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert sorted(code for code, _, _ in results) == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert loser.count("\n") == 1 and str(package) in loser, loser
    with police.active(), police.open() as cat:
        assert cat.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 1
        assert check_catalogue(cat).ok


def test_keys_refuse_files_that_are_not_keys(police, tmp_path, capsys):
    junk = tmp_path / "junk.pub"
    junk.write_bytes(b"\x00\xff not a key")
    code, _, err = cli(police, "keys", "trust", str(junk), capsys=capsys)
    assert code == 1 and err == f"venueplans: {junk}: not a venueplans public key\n"
    code, _, err = cli(police, "keys", "revoke", "ffff", capsys=capsys)
    assert code == 1 and "no trusted key with id ffff" in err
    code, out, _ = cli(police, "keys", "show", capsys=capsys)
    assert code == 0 and "no signing key yet" in out  # made by `keys create` or the first export


def test_a_different_venue_with_the_same_name_is_kept_and_the_user_warned(police, package, capsys):
    from tests.factories import two_storey_building
    from venueplans.ops.import_venue import import_venue

    with police.active(), police.open() as cat:
        import_venue(cat, path="own.ifc", name="Olympia", model=two_storey_building(sha="c" * 64))
    code, out, err = cli(police, "import", str(package), capsys=capsys)
    assert code == 0
    assert "warning: a different venue named Olympia was already in the catalogue (id 1)" in err


def test_a_refused_package_does_not_even_create_the_catalogue(police, tmp_path, capsys):
    junk = tmp_path / "junk.vpkg"
    junk.write_bytes(b"not a zip")
    fresh = tmp_path / "never-created.sqlite"
    with police.active():
        assert main(["--catalogue", str(fresh), "import", str(junk)]) == 1
    assert not fresh.exists()
