"""kill -9 in the middle of a package import leaves a consistent catalogue, and the import can be rerun.

The stadium sample (40,000 seats) makes the row copy long enough to be interrupted; the test waits for
the progress line that announces the copy (stderr is a pseudo-terminal) and kills at that moment.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.test_cli_killed import kill_when
from tests.packages.conftest import KEY_PASSPHRASE
from venueplans.catalogue import open_catalogue
from venueplans.catalogue.bundle import import_bundle
from venueplans.catalogue.check import check_catalogue
from venueplans.ops.packages import export_package
from venueplans.ops.samples import SAMPLES, bundle_path


@pytest.fixture
def stadium_package(operator, tmp_path):
    sample = next(s for s in SAMPLES if s.key == "stadium")
    if not bundle_path(sample).is_file():
        pytest.fail(f"{bundle_path(sample)} is missing: run `make samples`")
    target = tmp_path / "stadium.vpkg"
    with operator.active(), operator.open() as cat:
        vid = import_bundle(cat, bundle_path(sample))
        export_package(cat, venue_id=vid, target=target, key_passphrase=KEY_PASSPHRASE)
    return target


def test_killed_package_import_leaves_the_catalogue_consistent(police, stadium_package, tmp_path):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1", "VENUEPLANS_CONFIG_DIR": str(police.root / "config"),
           "XDG_DATA_HOME": str(police.root / "data")}
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(police.catalogue), "import",
           "--allow-untrusted", str(stadium_package)]
    seen = kill_when(cmd, b"writing", env)
    assert b"writing" in seen
    with open_catalogue(police.catalogue) as cat:
        assert check_catalogue(cat).ok
        venues = [r[0] for r in cat.conn.execute("SELECT id FROM venues")]
        assert len(venues) <= 1
        for vid in venues:  # all or nothing: never a venue without its storeys or its origin
            assert cat.conn.execute("SELECT count(*) FROM storeys WHERE venue_id = ?", (vid,)).fetchone()[0] > 0
            assert cat.conn.execute("SELECT count(*) FROM venue_origin WHERE venue_id = ?", (vid,)).fetchone()[0]
    again = subprocess.run(cmd + ["--force"], capture_output=True, text=True, env=env, timeout=300)
    assert again.returncode == 0, again.stderr
    with open_catalogue(police.catalogue) as cat:
        assert cat.conn.execute("SELECT count(*) FROM venues").fetchone()[0] == 1
        assert check_catalogue(cat).ok
