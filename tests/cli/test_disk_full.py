"""A full disk during an import: one line naming the file and the reason, the catalogue unchanged."""

import os
import subprocess
import sys

import pytest

from venueplans.paths import SAMPLE_VENUES

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"cannot mount a small tmpfs to fill ({done.stderr.strip() or 'not root'})"
        if IN_CI:
            pytest.fail(reason + " — CI must run this test")
        pytest.skip(reason)
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_import_onto_a_full_disk_is_one_line_and_leaves_no_venue(tiny_disk):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
    cat = tiny_disk / "catalogue.sqlite"

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(cat), *args],
                              capture_output=True, text=True, env=env, timeout=300)

    out = cli("import", str(SAMPLE_VENUES / "theatre.ifc"))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"venueplans: theatre.ifc: could not write the catalogue {cat}: database or disk is full"
    ]
    assert cli("list", "--json").stdout.strip() == "[]"
    assert cli("check").returncode == 0
