"""The main window on laptop screens: a real 1366x768 Xvfb screen, and 1920x1080 at 150 % scaling (1280x720
logical pixels). Each runs tests/ui/screen_probe.py in its own X server: both sample venues opened, an
element selected on every storey; the window and every dock shown must stay on the screen, the window
must keep its size (it never grows by itself), and the 2D plan must show the selected element's storey.
With the theatre's example exercise open, no button of the Scenario dock (nor of the Routes dock) may be cut off.
Screenshots are left in the test's temporary folder (venue1.png, venue2.png) to look at."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _missing

PROBE = Path(__file__).with_name("screen_probe.py")
REPO = PROBE.parents[2]


def _run_probe(tmp_path: Path, screen: str, scale: str | None, lang: str) -> dict:
    if shutil.which("xvfb-run") is None:
        _missing("xvfb-run is not installed (packaging/system-deps.sh installs it)")
    env = {k: v for k, v in os.environ.items() if k not in ("VENUEPLANS_NO_SAMPLES", "DISPLAY", "QT_SCALE_FACTOR")}
    env.update(PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]),
               VENUEPLANS_CONFIG_DIR=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               QT_QPA_PLATFORM="xcb", VENUEPLANS_LANG=lang)
    if scale:
        env["QT_SCALE_FACTOR"] = scale
    out = tmp_path / "probe.json"
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", sys.executable, str(PROBE),
         str(tmp_path / "catalogue.sqlite"), str(out), str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


def _inside(rect, screen) -> bool:
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    return x >= sx and y >= sy and x + w <= sx + sw and y + h <= sy + sh


@pytest.mark.parametrize(("screen", "scale", "logical", "lang"), [
    ("1366x768", None, (1366, 768), "fr"),  # French, the users' language: its labels are the wider ones
    ("1920x1080", "1.5", (1280, 720), "en"),
], ids=["1366x768-fr", "1920x1080@150%-en"])
def test_window_and_docks_stay_on_a_laptop_screen(tmp_path, screen, scale, logical, lang):
    result = _run_probe(tmp_path, screen, scale, lang)
    assert tuple(result["screen"][2:]) == logical
    steps = result["steps"]
    opened = [s for s in steps if s["step"].startswith("open ")]
    selected = [s for s in steps if s["step"].startswith("select ")]
    assert len(opened) == 2 and len(selected) >= 8  # both samples, four storeys each
    first_size = steps[0]["window"][2:]
    for step in steps:
        assert _inside(step["window"], result["screen"]), step
        assert step["window"][2:] == first_size, f"the window changed size by itself: {step}"
        for key, rect in step["docks"].items():
            assert _inside(rect, result["screen"]), (key, step)
    for step in opened:
        assert {"storeys", "plan"} <= set(step["docks"]), step  # the panels are shown, not squeezed out
        # crisp: the 3D view renders one pixel per device pixel (1.5 per logical pixel at 150 %)
        (w, h), (pw, ph), dpr = step["view_logical"], step["view_pixels"], step["view_dpr"]
        assert dpr == float(scale or 1) and abs(pw - w * dpr) <= 1 and abs(ph - h * dpr) <= 1, step
    for step in selected:
        assert step["plan_storey"] == step["selected_storey"], step
        assert step["plan_shown"], step
    scenario = [s for s in steps if s["step"].startswith("scenario ")]
    assert len(scenario) == 1, steps[-1]  # the theatre's example exercise
    assert _inside(scenario[0]["scenario_dock"], result["screen"]), scenario[0]
    assert scenario[0]["cut"] == [], scenario[0]  # every button of the Scenario dock wholly inside it
    routes = [s for s in steps if s["step"].startswith("routes ")]
    assert len(routes) == 1 and "routes" in routes[0]["docks"] and routes[0]["cut"] == [], routes
    assert (tmp_path / "venue1.png").stat().st_size > 10_000
