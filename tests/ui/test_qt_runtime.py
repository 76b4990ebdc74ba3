"""The Qt binding must survive a long session: PySide6 6.12.0 on Python 3.11 dropped a reference to None
on every void call and aborted the interpreter after ~40,000 calls (a minute of orbiting). The project
pins it out; this test fails if such a binding comes back."""

import os
import subprocess
import sys

PROBE = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(200_000):
    label.setText("exit 4, cell C7")
print("alive")
"""


def test_a_long_session_of_qt_calls_does_not_abort_the_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0 and "alive" in out.stdout, out.stderr[-500:]
