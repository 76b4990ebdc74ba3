"""Killing `venueplans import` (the whole process, not only its worker) never leaves half a venue.

The CLI's progress bar is only drawn on a terminal, so stderr is a pseudo-terminal here: the test waits
for the progress text it is looking for and kills the process at that moment (no sleeps).
"""

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

from venueplans.catalogue import open_catalogue
from venueplans.catalogue.check import check_catalogue


def kill_when(cmd: list[str], marker: bytes, env: dict, timeout: float = 120) -> bytes:
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + timeout
    try:
        while marker not in seen:
            if time.monotonic() > deadline or proc.poll() is not None:
                pytest.fail(f"never saw {marker!r} before the import ended: {seen[-300:]!r}")
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(master, 4096)
                except OSError:
                    break
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its import worker, at once
        proc.wait(30)
    finally:
        os.close(master)
    return seen


@pytest.mark.parametrize("marker", [b"importing [", b"writing to the catalogue"])
def test_killed_cli_leaves_the_catalogue_consistent(shared_venues, tmp_path, marker):
    cat_path = tmp_path / "cat.sqlite"
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    model = shared_venues / "gymzaal-ifc4" / "fail-grf005-ifc4_blank_map_conversion.ifc"
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(cat_path), "import", str(model)]
    kill_when(cmd, marker, env)
    check = subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(cat_path), "check"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0, check.stderr
    with open_catalogue(cat_path) as cat:
        assert check_catalogue(cat).ok
        venues = cat.conn.execute("SELECT id FROM venues").fetchall()
        orphans = cat.conn.execute("SELECT count(*) FROM elements WHERE venue_id NOT IN (SELECT id FROM venues)")
        assert orphans.fetchone()[0] == 0
        # Either nothing was written or the whole venue was: never a venue without its storeys.
        for (vid,) in venues:
            assert cat.conn.execute("SELECT count(*) FROM storeys WHERE venue_id = ?", (vid,)).fetchone()[0] == 3
    # The import can be run again afterwards and succeeds.
    again = subprocess.run(cmd + ["--replace"], capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    listed = subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(cat_path), "list", "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert len(json.loads(listed.stdout)) == 1
