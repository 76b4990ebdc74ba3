"""`venueplans open VENUE --screenshot out.png`: scriptable, offline, and the exits show green."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from venueplans.model import FEATURE_KINDS

pytestmark = pytest.mark.gui


def _green_pixels(path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    arr = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.bytesPerLine() * h)
    arr = arr.reshape(h, image.bytesPerLine())[:, : w * 3].reshape(h, w, 3).astype(int)
    green = np.array([int(FEATURE_KINDS["exit"].colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(arr - green).sum(axis=2) < 40).sum())


def test_open_screenshot_in_process_makes_no_network_connection(catalogue, tmp_path, no_network, qapp):
    from venueplans.ui.app import main

    out = tmp_path / "window.png"
    code = main(["--catalogue", str(catalogue.path), "open", "Test Hall", "--screenshot", str(out),
                 "--size", "1280x800"])
    assert code == 0
    assert out.is_file()
    assert no_network == []  # the app never tried to connect anywhere
    assert _green_pixels(out) > 200  # exit doors, markers and labels are green


def test_open_screenshot_command_line(catalogue, tmp_path):
    out = tmp_path / "cli.png"
    env = dict(os.environ, VENUEPLANS_NO_SAMPLES="1")
    proc = subprocess.run(
        [sys.executable, "-m", "venueplans", "--catalogue", str(catalogue.path), "open", "Test Hall",
         "--screenshot", str(out)],
        capture_output=True, text=True, timeout=180, env=env,
    )
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    assert _green_pixels(out) > 200
    assert re.search(r"first frame [\d.,]+ s, [\d.,]+ s after launch", proc.stdout), proc.stdout


def test_a_scripted_screenshot_leaves_the_recent_venues_as_they_were(catalogue, tmp_path, make_window, qtbot):
    from venueplans.catalogue import read
    from venueplans.ui.app import main

    def last_opened():
        return next(v.last_opened for v in read.list_venues(catalogue) if v.id == catalogue.test_venue_id)

    before = last_opened()
    assert main(["--catalogue", str(catalogue.path), "open", "Test Hall", "--screenshot",
                 str(tmp_path / "s.png")]) == 0
    assert last_opened() == before
    window = make_window(catalogue, catalogue.test_venue_id)  # the user opening it: it goes first in the list
    qtbot.waitUntil(lambda: last_opened() != before)
    assert window.venue_id == catalogue.test_venue_id


def test_unknown_venue_is_one_line_and_exit_1(catalogue, capsys):
    from venueplans.ui.app import main

    assert main(["--catalogue", str(catalogue.path), "open", "Nowhere Arena", "--screenshot", "x.png"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("venueplans: no venue 'Nowhere Arena'") and "\n" not in err
