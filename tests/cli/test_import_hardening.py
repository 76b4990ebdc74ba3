"""Imports that must never leave a venue `check`, `plan` or `render` refuse, never leave a worker
behind, and never create the same venue twice (run through the command line, as a user does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.importers.hostile_ifc import corrupt_ifczip, flipped_byte, no_storey_hall


def run(*args, catalogue, timeout=300):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(catalogue), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


def test_a_file_without_storeys_imports_into_a_venue_check_and_plan_accept(tmp_path):
    model = no_storey_hall(tmp_path / "sans-niveaux.ifc")
    cat = tmp_path / "cat.sqlite"
    done = run("import", str(model), "--name", "Hall", catalogue=cat)
    assert done.returncode == 0, done.stderr
    assert "declares no storey" in done.stdout + done.stderr
    check = run("check", catalogue=cat)
    assert check.returncode == 0, check.stdout + check.stderr
    plan = run("plan", "Hall", "-o", str(tmp_path / "hall.pdf"), catalogue=cat)
    assert plan.returncode == 0, plan.stderr
    assert (tmp_path / "hall.pdf").stat().st_size > 1000


# -- messages: one line naming the file, never "internal error" -------------------------------------


def test_a_flipped_byte_imports_with_printable_warnings(shared_venues, tmp_path):
    real = shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc"
    offset = real.read_bytes().index(b"IFCFACEOUTERBOUND", 200_000) + 10  # inside a keyword
    bad = flipped_byte(real, tmp_path / "flip.ifc", offset)
    cat = tmp_path / "cat.sqlite"
    done = run("import", str(bad), catalogue=cat)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    assert "\ufffd" in done.stdout + done.stderr  # the undecodable byte, shown as a replacement mark
    assert run("check", catalogue=cat).returncode == 0


def test_a_corrupt_ifczip_is_one_line(shared_venues, tmp_path):
    bad = corrupt_ifczip(shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc", tmp_path / "fzk.ifczip")
    done = run("import", str(bad), catalogue=tmp_path / "cat.sqlite")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("venueplans: fzk.ifczip: the archive is damaged: AC20-FZK-Haus.ifc cannot be unpacked")


def test_a_file_name_that_is_not_utf8_imports(shared_venues, tmp_path):
    name = os.fsdecode(b"salle-caf\xe9.ifc")  # Latin-1 'é' on a UTF-8 system
    target = tmp_path / name
    try:
        shutil.copyfile(shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc", target)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    done = run("import", str(target), catalogue=tmp_path / "cat.sqlite")
    assert done.returncode == 0, done.stderr
    assert "imported salle-caf\ufffd.ifc as venue 1" in done.stdout
