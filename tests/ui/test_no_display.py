import os
import subprocess
import sys


def test_desktop_app_without_a_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["VENUEPLANS_NO_SAMPLES"] = "1"
    out = subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(tmp_path / "c.sqlite")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "venueplans: no display to open the desktop application on (DISPLAY is not set); "
        "the command line works without one: venueplans --help"
    ]
