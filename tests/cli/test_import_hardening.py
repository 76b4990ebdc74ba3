"""Imports that must never leave a venue `check`, `plan` or `render` refuse, never leave a worker
behind, and never create the same venue twice (run through the command line, as a user does)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.importers.hostile_ifc import no_storey_hall


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
