"""`venueplans scenario list / export / import / show` as a user or a script sees them."""

import json
import os
import subprocess
import sys

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.ops.example_exercise import build_example_scenario
from venueplans.ops.import_venue import import_venue


def run(*args, catalogue):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(catalogue), "scenario", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "cat.sqlite"
    with open_catalogue(path) as cat:
        vid = import_venue(cat, path="hall.ifc", name="Salle Pleyel", model=two_storey_building(sha="a" * 64)).venue_id
        build_example_scenario(cat, venue_id=vid, name="Exercice nuit")
        import_venue(cat, path="other.ifc", name="Salle Gaveau", model=two_storey_building(sha="c" * 64))
    return path


def test_list_json(catalogue):
    out = run("list", "Salle Pleyel", "--json", catalogue=catalogue)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["name"], r["phases"]) for r in rows] == [("Exercice nuit", 4)]
    assert isinstance(rows[0]["id"], int) and rows[0]["annotations"] > 10
    empty = run("list", "Salle Gaveau", "--json", catalogue=catalogue)
    assert json.loads(empty.stdout) == []


def test_export_then_import_into_another_venue_and_back(catalogue, tmp_path):
    out_file = tmp_path / "exercice.json"
    out = run("export", "Salle Pleyel", "Exercice nuit", "-o", out_file, catalogue=catalogue)
    assert out.returncode == 0, out.stderr
    assert "exported scenario 'Exercice nuit' (4 phases" in out.stdout
    assert json.loads(out_file.read_text())["format"] == "venueplans-scenario"

    # another venue with the same storeys but another model: imported, with a warning line
    imp = run("import", "Salle Gaveau", out_file, catalogue=catalogue)
    assert imp.returncode == 0, imp.stderr
    assert "imported scenario 'Exercice nuit' into Salle Gaveau" in imp.stdout
    assert imp.stderr.startswith("warning: the model of 'Salle Gaveau' is not the one")

    again = tmp_path / "again.json"
    run("export", "Salle Gaveau", "Exercice nuit", "-o", again, catalogue=catalogue)
    doc_a, doc_b = json.loads(out_file.read_text()), json.loads(again.read_text())
    assert doc_a["phases"] == doc_b["phases"] and doc_a["annotations"] == doc_b["annotations"]


def test_import_of_an_exported_file_is_byte_identical(catalogue, tmp_path):
    first = tmp_path / "a.json"
    run("export", "Salle Pleyel", "Exercice nuit", "-o", first, catalogue=catalogue)
    imp = run("import", "Salle Pleyel", first, "--name", "Exercice nuit", "--replace", catalogue=catalogue)
    assert imp.returncode == 0 and imp.stderr == ""
    second = tmp_path / "b.json"
    run("export", "Salle Pleyel", "Exercice nuit", "-o", second, catalogue=catalogue)
    assert second.read_bytes() == first.read_bytes()


def test_show_a_phase_as_json(catalogue):
    out = run("show", "Salle Pleyel", "Exercice nuit", "--phase", "Entry", "--json", catalogue=catalogue)
    assert out.returncode == 0, out.stderr
    state = json.loads(out.stdout)
    assert state["phase"]["name"] == "Entry" and state["phase"]["time"] == "H+00:05"
    alpha = next(i for i in state["items"] if i["ref"] == "alpha")
    assert [t["phase"] for t in alpha["track"]] == ["Set-up", "Entry"]
    assert alpha["sidc"] == "10031000112007006400"


@pytest.mark.parametrize("content, expected", [
    ("{ nope", "venueplans: bad.json: not valid JSON (line 1, column 3"),
    ('{"format": "geojson", "version": 1}', "venueplans: bad.json: not a venueplans scenario file (format 'geojson'"),
    ('{"format": "venueplans-scenario", "version": 9}', "venueplans: bad.json: scenario file version 9 is newer"),
])
def test_bad_files_fail_in_one_line(catalogue, tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    out = run("import", "Salle Pleyel", bad, catalogue=catalogue)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), out.stderr
    assert "Traceback" not in out.stderr


def test_missing_storeys_fail_in_one_line_naming_them(catalogue, tmp_path):
    path = tmp_path / "s.json"
    run("export", "Salle Pleyel", "Exercice nuit", "-o", path, catalogue=catalogue)
    doc = json.loads(path.read_text())
    doc["storeys"][0]["name"] = "Parterre"
    path.write_text(json.dumps(doc))
    out = run("import", "Salle Gaveau", path, catalogue=catalogue)
    assert out.returncode == 1
    assert out.stderr.strip() == ("venueplans: s.json: storey 'Parterre' (index 0) is not in venue 'Salle Gaveau' "
                                  "(its storeys: 'Ground', 'First')")


def test_name_clash_and_unknown_scenario(catalogue, tmp_path):
    path = tmp_path / "s.json"
    run("export", "Salle Pleyel", "Exercice nuit", "-o", path, catalogue=catalogue)
    clash = run("import", "Salle Pleyel", path, catalogue=catalogue)
    assert clash.returncode == 1 and "--name NEW or --replace" in clash.stderr
    unknown = run("export", "Salle Pleyel", "Exercice jour", "-o", path, catalogue=catalogue)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "venueplans: no scenario 'Exercice jour' in venue 1 (scenarios: 'Exercice nuit')"
