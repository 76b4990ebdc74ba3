"""Imports that must never leave a venue `check`, `plan` or `render` refuse, never leave a worker
behind, and never create the same venue twice (run through the command line, as a user does)."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time

import psutil
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


@pytest.mark.gui
def test_a_file_without_storeys_renders_storey_by_storey(tmp_path):
    model = no_storey_hall(tmp_path / "sans-niveaux.ifc")
    cat = tmp_path / "cat.sqlite"
    assert run("import", str(model), "--name", "Hall", catalogue=cat).returncode == 0
    for storey in ("0", "1"):
        out = tmp_path / f"hall-{storey}.png"
        done = run("render", "Hall", "--storey", storey, "--view", "top", "--size", "400x300", "-o", str(out),
                   catalogue=cat)
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 2000


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


# -- workers die with their parent -------------------------------------------------------------------


def test_no_worker_survives_a_killed_cli_import(shared_venues, tmp_path):
    """Kill only the CLI process (not its group) while its worker tessellates: the worker must go too."""
    model = shared_venues / "gymzaal-ifc4" / "fail-grf005-ifc4_blank_map_conversion.ifc"
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(tmp_path / "cat.sqlite"), "import", str(model)]
    master, slave = pty.openpty()  # the progress bar, our signal that the worker runs, is drawn on a terminal
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    workers: list[psutil.Process] = []
    try:
        seen, deadline = b"", time.monotonic() + 120
        while b"Tessellating" not in seen:
            assert time.monotonic() < deadline and proc.poll() is None, seen[-300:]
            if select.select([master], [], [], 0.5)[0]:
                seen += os.read(master, 4096)
        workers = psutil.Process(proc.pid).children(recursive=True)
        assert workers, "the import runs in a worker process"
        proc.kill()  # SIGKILL to the CLI alone: no cleanup code of its own runs
        proc.wait(30)
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"
    finally:
        os.close(master)
        for p in workers:
            with contextlib.suppress(psutil.Error):
                p.kill()


# -- races ------------------------------------------------------------------


def test_two_imports_of_one_file_at_once_make_one_venue(shared_venues, tmp_path):
    model = shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc"
    cat = tmp_path / "cat.sqlite"
    assert run("list", catalogue=cat).returncode == 0  # the catalogue exists before the race starts
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(cat), "import", str(model)]
    racers = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
              for _ in range(2)]
    results = [(p.wait(300), *p.communicate()) for p in racers]
    assert sorted(code for code, _, _ in results) == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert loser.strip().splitlines() == [
        "venueplans: AC20-FZK-Haus.ifc: already imported as venue 1 (FZK-Haus); use --replace to re-import"
    ]
    listed = run("list", "--json", catalogue=cat)
    assert len(json.loads(listed.stdout)) == 1



def test_a_real_file_stripped_of_its_storeys_still_makes_a_whole_venue(shared_venues, tmp_path):
    real = shared_venues / "duplex-ifc2x3" / "duplex.ifc"
    lines = real.read_bytes().splitlines(keepends=True)
    stripped = tmp_path / "duplex-sans-niveaux.ifc"
    stripped.write_bytes(b"".join(li for li in lines if b"IFCBUILDINGSTOREY(" not in li))
    cat = tmp_path / "cat.sqlite"
    done = run("import", str(stripped), "--name", "Duplex", catalogue=cat)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    assert "inferred 3 storeys at 0.00, 3.10, 6.00 m" in out  # the duplex's floors, found from its slabs
    assert "entities referred to are missing from the file" in out
    assert run("check", catalogue=cat).returncode == 0
    plan = run("plan", "Duplex", "-o", str(tmp_path / "duplex.pdf"), catalogue=cat)
    assert plan.returncode == 0, plan.stderr


SPAWNING_PARENT = """
import sys
from venueplans.importers.ifc import import_ifc
import_ifc(sys.argv[1], on_start=lambda pid: print("worker", pid, flush=True))
"""


def test_no_spawned_worker_survives_its_parent(shared_venues):
    """The desktop app starts workers by spawn (it has threads): they must die with it as well."""
    model = shared_venues / "gymzaal-ifc4" / "fail-grf005-ifc4_blank_map_conversion.ifc"
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    parent = subprocess.Popen([sys.executable, "-c", SPAWNING_PARENT, str(model)], stdout=subprocess.PIPE,
                              text=True, env=env)
    workers: list[psutil.Process] = []
    try:
        line = parent.stdout.readline()  # blocks until the worker runs
        assert line.startswith("worker "), line
        workers = [psutil.Process(int(line.split()[1]))]
        parent.kill()
        parent.wait(30)
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"
    finally:
        for p in workers:
            with contextlib.suppress(psutil.Error):
                p.kill()
