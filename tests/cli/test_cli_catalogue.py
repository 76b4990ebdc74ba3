"""The command line as a user or a script sees it: exit codes, one-line errors, JSON shapes."""

import json
import os
import subprocess
import sys

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.ops.import_venue import import_venue


def run(*args, catalogue, env=None):
    full_env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1", **(env or {})}
    cmd = [sys.executable, "-m", "venueplans"]
    if catalogue is not None:
        cmd += ["--catalogue", str(catalogue)]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, env=full_env, timeout=120)


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "cat.sqlite"
    with open_catalogue(path) as cat:
        import_venue(cat, path="hall.ifc", name="Salle Pleyel", kind="concert-hall", city="Paris",
                     model=two_storey_building(sha="a" * 64))
    return path


def test_list_json_shape(filled):
    out = run("list", "--json", catalogue=filled)
    assert out.returncode == 0, out.stderr
    venues = json.loads(out.stdout)
    assert [(v["name"], v["kind"], v["city"]) for v in venues] == [("Salle Pleyel", "concert-hall", "Paris")]
    assert isinstance(venues[0]["id"], int)


def test_show_json_has_counts_storeys_features_and_source(filled):
    out = run("show", "Salle Pleyel", "--json", catalogue=filled)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["source"]["sha256"] == "a" * 64 and report["source"]["schema"] == "IFC4"
    assert [s["name"] for s in report["storeys"]] == ["Ground", "First"]
    assert report["counts"]["exits"] == 3 and report["counts"]["fire_exit_doors"] == 3
    exits = [f for f in report["features"] if f["kind"] == "exit"]
    assert {f["storey"] for f in exits} == {"Ground", "First"}
    assert all(len(f["position"]) == 3 and f["source"] for f in report["features"])


def test_env_var_selects_the_catalogue(filled):
    out = run("list", "--json", catalogue=None, env={"VENUEPLANS_CATALOGUE": str(filled)})
    assert out.returncode == 0 and json.loads(out.stdout)[0]["name"] == "Salle Pleyel"


@pytest.mark.parametrize(
    "args, expected",
    [
        (["show", "Bataclan"], "no venue 'Bataclan'"),
        (["import", "missing-file.ifc"], "missing-file.ifc: no such file"),
        (["remove", "999"], "no venue '999'"),
    ],
)
def test_failures_are_one_line_without_traceback(filled, args, expected):
    out = run(*args, catalogue=filled)
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_unsupported_suffix_is_refused_naming_the_file(filled, tmp_path):
    bad = tmp_path / "plan.dwg"
    bad.write_bytes(b"AC1032")
    out = run("import", str(bad), catalogue=filled)
    assert out.returncode == 1
    assert out.stderr.strip() == "venueplans: plan.dwg: unsupported file type .dwg; supported: .ifc, .ifczip, .obj, .stl, .ply, .gltf, .glb"


def test_remove_then_check(filled):
    assert run("remove", "Salle Pleyel", catalogue=filled).returncode == 0
    assert json.loads(run("list", "--json", catalogue=filled).stdout) == []
    out = run("check", catalogue=filled)
    assert out.returncode == 0 and "ok" in out.stdout


def test_check_fails_on_a_damaged_catalogue(filled):
    with open_catalogue(filled) as cat:
        cat.conn.execute("PRAGMA foreign_keys = OFF")
        cat.conn.execute("INSERT INTO storeys (venue_id, idx, name, elevation) VALUES (4242, 0, 'orphan', 0)")
    out = run("check", catalogue=filled)
    assert out.returncode == 1 and "foreign key" in out.stderr


def test_unwritable_catalogue_location_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run("list", catalogue=blocker / "sub" / "cat.sqlite")
    assert out.returncode == 1 and len(out.stderr.strip().splitlines()) == 1
    assert "cat.sqlite" in out.stderr
