"""The catalogue at rest: backups, restore, encryption, read-only opening and damaged files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from tests.packages.conftest import KEY_PASSPHRASE, dump
from venueplans.catalogue import db as catalogue_db
from venueplans.catalogue import open_catalogue
from venueplans.catalogue.backup import KEEP, backups_dir
from venueplans.catalogue.schema import MIGRATIONS
from venueplans.cli.main import main


def run(inst, *argv: str, capsys) -> tuple[int, str, str]:
    with inst.active():
        code = main(["--catalogue", str(inst.catalogue), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_while_a_write_is_under_way_is_consistent(operator, tmp_path, capsys):
    with operator.active(), operator.open() as busy:
        busy.conn.execute("BEGIN IMMEDIATE")
        busy.conn.execute("UPDATE venues SET name = 'half-written' WHERE id = 1")
        code, out, err = run(operator, "backup", "-o", str(tmp_path / "b.sqlite"), capsys=capsys)
        busy.conn.execute("ROLLBACK")
    assert code == 0, err
    with open_catalogue(tmp_path / "b.sqlite") as copy:
        assert [r[0] for r in copy.conn.execute("SELECT name FROM venues")] == ["Olympia"]


def test_restore_refuses_broken_or_foreign_files_and_keeps_the_current_one(operator, tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = dump(operator.catalogue)
    for bad in (junk, foreign, tmp_path / "missing.sqlite"):
        code, _, err = run(operator, "restore", str(bad), capsys=capsys)
        assert code == 1 and str(bad) in err and err.count("\n") == 1, err
    assert dump(operator.catalogue) == before
    assert run(operator, "backup", "-o", str(tmp_path / "good.sqlite"), capsys=capsys)[0] == 0
    assert run(operator, "remove", "Olympia", capsys=capsys)[0] == 0
    code, out, err = run(operator, "restore", str(tmp_path / "good.sqlite"), capsys=capsys)
    assert code == 0, err
    assert dump(operator.catalogue) == before
    with operator.active():
        kept = list(backups_dir().glob("*-before-restore.sqlite"))
    assert len(kept) == 1
    with open_catalogue(kept[0]) as previous:  # the state just before the restore: Olympia removed
        assert previous.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 0


def test_a_schema_migration_is_preceded_by_a_backup_and_only_the_last_few_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for _ in range(KEEP + 2):
        path = tmp_path / "catalogue.sqlite"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO venues (name, created, updated) VALUES ('Vieux Théâtre', 'x', 'x')")
        conn.execute("PRAGMA user_version = 1")
        conn.commit()
        conn.close()
        with open_catalogue(path) as cat:
            assert cat.schema_version == len(MIGRATIONS)
    backups = sorted(backups_dir().glob("catalogue-*-before-migration.sqlite"))
    assert len(backups) == KEEP
    conn = sqlite3.connect(backups[-1])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT name FROM venues").fetchone()[0] == "Vieux Théâtre"
    conn.close()


def test_encrypted_catalogue_is_noise_without_its_passphrase(operator, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "correct horse battery")
    code, out, err = run(operator, "init", "--encrypt", capsys=capsys)
    assert code == 0, err
    for path in operator.catalogue.parent.glob("catalogue.sqlite*"):
        data = path.read_bytes()
        assert b"Olympia" not in data and b"Paris" not in data and b"SQLite format" not in data
    assert b"Olympia" not in operator.catalogue.read_bytes()
    before = digest(operator.catalogue)
    monkeypatch.delenv("VENUEPLANS_PASSPHRASE")
    code, _, err = run(operator, "list", capsys=capsys)
    assert code == 1 and err == (f"venueplans: {operator.catalogue}: the catalogue is encrypted: give its "
                                 "passphrase (VENUEPLANS_PASSPHRASE or --passphrase-file)\n")
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "wrong horse battery")
    code, _, err = run(operator, "remove", "Olympia", capsys=capsys)
    assert code == 1 and err == f"venueplans: {operator.catalogue}: wrong passphrase (or not a venueplans catalogue)\n"
    assert digest(operator.catalogue) == before
    monkeypatch.delenv("VENUEPLANS_PASSPHRASE")
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    with operator.active():
        code = main(["--passphrase-file", str(secret), "--catalogue", str(operator.catalogue), "list"])
    assert code == 0 and "Olympia" in capsys.readouterr().out
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("VENUEPLANS_NEW_PASSPHRASE", "une autre phrase secrète")
    assert run(operator, "passphrase", "change", capsys=capsys)[0] == 0
    assert run(operator, "list", capsys=capsys)[0] == 1  # the old one no longer opens it
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "une autre phrase secrète")
    code, out, _ = run(operator, "show", "--json", "Olympia", capsys=capsys)
    assert code == 0 and '"Paris"' in out
    code, _, err = run(operator, "backup", "-o", str(tmp_path / "b.sqlite"), capsys=capsys)
    assert code == 0, err
    assert b"Olympia" not in (tmp_path / "b.sqlite").read_bytes()


def test_new_encrypted_catalogue_and_a_short_passphrase(tmp_path, monkeypatch, capsys):
    path = tmp_path / "new.sqlite"
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "court")
    assert main(["--catalogue", str(path), "init", "--encrypt"]) == 1
    assert "at least 8 characters" in capsys.readouterr().err and not path.exists()
    monkeypatch.setenv("VENUEPLANS_PASSPHRASE", "assez longue")
    assert main(["--catalogue", str(path), "init", "--encrypt"]) == 0
    assert catalogue_db.is_encrypted(path)


def test_read_only_option_refuses_writes_but_lists_shows_and_prints(operator, tmp_path, capsys):
    before = dump(operator.catalogue)
    code, _, err = run(operator, "--read-only", "remove", "Olympia", capsys=capsys)
    assert code == 1 and err == f"venueplans: {operator.catalogue}: opened read-only (--read-only): changes are refused\n"
    with operator.active():
        assert main(["--read-only", "--catalogue", str(operator.catalogue), "list"]) == 0
        assert "Olympia" in capsys.readouterr().out
        pdf = tmp_path / "plan.pdf"
        assert main(["--read-only", "--catalogue", str(operator.catalogue), "plan", "Olympia", "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert dump(operator.catalogue) == before


def test_catalogue_in_a_read_only_folder_opens_read_only(operator, monkeypatch, capsys):
    with operator.active(), operator.open():
        pass  # closed cleanly: no WAL side files left
    folder = operator.catalogue.parent
    mode = folder.stat().st_mode
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    real_access = os.access
    # The suite may run as root, who may write anywhere: show it the folder as an ordinary user would.
    monkeypatch.setattr(os, "access", lambda p, m, **kw: False if m & os.W_OK and str(p).startswith(
        str(folder)) else real_access(p, m, **kw))
    try:
        with open_catalogue(operator.catalogue) as cat:
            assert cat.read_only
            assert [r[0] for r in cat.conn.execute("SELECT name FROM venues")] == ["Olympia"]
            with pytest.raises(catalogue_db.ReadOnlyCatalogue, match="not writable"):
                with cat.atomic():
                    pass
        assert not any(folder.glob("*-wal")) and not any(folder.glob("*-shm"))
        code, out, err = run(operator, "show", "Olympia", capsys=capsys)
        assert code == 0 and "Olympia" in out, err
    finally:
        folder.chmod(mode)


def test_damaged_catalogue_is_named_reported_and_then_refuses_writes(operator, tmp_path, capsys):
    assert run(operator, "backup", "-o", str(tmp_path / "good.sqlite"), capsys=capsys)[0] == 0
    with operator.active(), operator.open() as cat:
        page_size = cat.conn.execute("PRAGMA page_size").fetchone()[0]
        pages = cat.conn.execute("PRAGMA page_count").fetchone()[0]
        cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(operator.catalogue.read_bytes())
    for page in range(2, pages):  # scribble over every page but the header: the tables are gone
        data[page * page_size + 8 : page * page_size + 64] = b"\xa5" * 56
    operator.catalogue.write_bytes(bytes(data))
    code, out, err = run(operator, "check", capsys=capsys)
    assert code == 1
    assert err.startswith(f"{operator.catalogue}: ") and "Traceback" not in err
    assert catalogue_db.damage_marker(operator.catalogue).exists()
    code, _, err = run(operator, "remove", "Olympia", capsys=capsys)
    assert code == 1 and str(operator.catalogue) in err and err.count("\n") == 1, err
    code, _, err = run(operator, "restore", str(tmp_path / "good.sqlite"), capsys=capsys)
    assert code == 0, err
    assert not catalogue_db.damage_marker(operator.catalogue).exists()
    assert run(operator, "check", capsys=capsys)[0] == 0


def test_samples_and_packages_work_with_encrypted_catalogues(operator, police, tmp_path):
    from venueplans.catalogue.bundle import import_bundle
    from venueplans.ops.packages import export_package, import_package
    from venueplans.ops.samples import SAMPLES, bundle_path

    theatre = bundle_path(SAMPLES[0])
    target = tmp_path / "theatre.vpkg"
    with operator.active(), open_catalogue(tmp_path / "a.sqlite", passphrase="phrase numéro un", encrypt=True) as cat:
        vid = import_bundle(cat, theatre)
        export_package(cat, venue_id=vid, target=target, with_scenarios=True,
                       key_passphrase=KEY_PASSPHRASE)
    with police.active(), open_catalogue(tmp_path / "b.sqlite", passphrase="phrase numéro deux", encrypt=True) as cat:
        import_package(cat, target, allow_untrusted=True)
        assert cat.conn.execute("SELECT count(*) FROM scenarios").fetchone()[0] >= 1
    for name in ("a.sqlite", "b.sqlite"):
        assert b"Lumi" not in (tmp_path / name).read_bytes()


def test_a_read_only_catalogue_can_still_hand_a_venue_over(operator, police, tmp_path, capsys):
    target = tmp_path / "o.vpkg"
    before = dump(operator.catalogue)
    code, out, err = run(operator, "--read-only", "export", "Olympia", "-o", str(target), capsys=capsys)
    assert code == 0, err
    assert dump(operator.catalogue) == before
    assert run(police, "import", "--allow-untrusted", str(target), capsys=capsys)[0] == 0
