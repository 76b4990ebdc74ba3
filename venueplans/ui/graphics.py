"""Can this machine draw the 3D view? Asked of a child process before the first 3D view is made.

A remote desktop without a GPU, an old driver or a broken OpenGL install makes VTK abort the whole
process when it creates its first context: nothing in-process can catch that. So a tiny script in a child
process (with a timeout) creates an off-screen VTK render window and draws one frame; the app decides from
its exit status:

- setting `graphics` = "auto": the driver if the probe succeeds; else the probe again with Mesa's software
  renderer (LIBGL_ALWAYS_SOFTWARE), used if that works; else 2D only;
- "software": the software renderer from the start (`prepare_environment`, before Qt makes a context);
- "2d": no 3D view at all: the 2D plan and the panels, with a notice where the 3D view would be.

The probe starts in the background when the app starts (`start_probe`), so the answer is usually ready by
the time a venue is opened; a success is remembered for a week for the same environment (see below). `VENUEPLANS_GRAPHICS_PROBE_FAIL=1` makes the probe fail (tests, support).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass

from venueplans.i18n import tr

PROBE_TIMEOUT_S = 20.0
FAIL_ENV = "VENUEPLANS_GRAPHICS_PROBE_FAIL"
CHILD_ENV = "VENUEPLANS_GRAPHICS_PROBE"  # a frozen app runs itself with this set (launcher.py)
SOFTWARE_ENV = {"LIBGL_ALWAYS_SOFTWARE": "1", "QT_OPENGL": "software"}

PROBE_CODE = """
import os, sys
if os.environ.get("VENUEPLANS_GRAPHICS_PROBE_FAIL"):
    print("probe forced to fail (VENUEPLANS_GRAPHICS_PROBE_FAIL)"); sys.exit(3)
import vtkmodules.vtkRenderingOpenGL2  # noqa: F401 - registers the OpenGL window factory
from vtkmodules.vtkRenderingCore import vtkRenderer, vtkRenderWindow
window = vtkRenderWindow()
window.SetOffScreenRendering(1)
window.SetSize(32, 32)
window.AddRenderer(vtkRenderer())
if not window.SupportsOpenGL():
    print("no usable OpenGL context (VTK needs OpenGL 3.2)"); sys.exit(4)
window.Render()
info = window.ReportCapabilities().splitlines()
print("; ".join(line.strip() for line in info if "OpenGL renderer" in line or "OpenGL version" in line))
"""


@dataclass(frozen=True)
class Graphics:
    mode: str  # "3d" | "software" | "2d"
    detail: str  # what the probe said (renderer and version, or why it failed)

    @property
    def has_3d(self) -> bool:
        return self.mode != "2d"

    def notice(self) -> str:
        """What the 3D view's place says in 2D-only mode."""
        return tr("The 3D view is not available on this computer: no OpenGL context could be created "
                  "({detail}). The 2D plan, the panels and printing work. To try again, choose "
                  "Settings › Graphics › Automatic or Software and restart.").format(detail=self.detail)


def run_probe(env_extra: dict[str, str] | None = None, timeout: float = PROBE_TIMEOUT_S) -> tuple[bool, str]:
    """(ok, detail) from a child process that creates an off-screen OpenGL context and draws a frame."""
    env = dict(os.environ, **(env_extra or {}))
    if getattr(sys, "frozen", False):  # PyInstaller: no `-c`; the launcher runs PROBE_CODE when asked
        cmd = [sys.executable]
        env[CHILD_ENV] = "1"
    else:
        cmd = [sys.executable, "-c", PROBE_CODE]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, tr("the graphics driver did not answer within {seconds:.0f} s").format(seconds=timeout)
    except OSError as exc:
        return False, str(exc)
    lines = (proc.stdout.strip() or proc.stderr.strip() or "").splitlines()
    detail = lines[-1] if lines else ""
    if proc.returncode != 0:
        return False, detail or tr("the graphics test stopped with code {code}").format(code=proc.returncode)
    return True, detail


def prepare_environment(setting: str) -> None:
    """Before the QApplication: X11 under a Wayland session, the software renderer when the user chose it.

    The 3D view is a native window that VTK draws into with GLX on Linux (ui/vtk_view.py): in a Wayland
    session Qt must run through XWayland for it, unless the user chose a platform himself."""
    if (sys.platform.startswith("linux") and os.environ.get("WAYLAND_DISPLAY") and os.environ.get("DISPLAY")
            and not os.environ.get("QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "xcb"
    if setting == "software":
        os.environ.update(SOFTWARE_ENV)
        from PySide6.QtCore import QCoreApplication, Qt

        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_UseSoftwareOpenGL)


def decide(setting: str) -> Graphics:
    """The graphics mode for *setting* ("auto" | "software" | "2d"), probing in a child process."""
    if setting == "2d":
        return Graphics("2d", tr("3D view turned off in Settings"))
    ok, detail = run_probe(SOFTWARE_ENV if setting == "software" else None)
    if ok:
        return Graphics("software" if setting == "software" else "3d", detail)
    if setting != "software":
        soft_ok, soft_detail = run_probe(SOFTWARE_ENV)
        if soft_ok:  # no GL context was made in this process yet: Mesa reads this when the view is created
            os.environ.update(SOFTWARE_ENV)
            return Graphics("software", tr("software rendering ({detail})").format(detail=soft_detail))
    return Graphics("2d", detail)


# --- remembering a success -------------------------------------------------------------------------------
# The probe costs a second of CPU at every start on a laptop's two cores. A success is remembered for this
# environment (same display kind, session, libraries, setting) for a week; a failure never is. Creating
# the 3D view leaves a marker until its first frame: a process that died meanwhile (the driver crashed
# despite the probe) leaves it behind, and the next start probes again and forgets the success.
CACHE_DAYS = 7


def _cache_path():
    from venueplans import settings

    return settings.config_dir() / "graphics-probe.json"


def _marker_path():
    return _cache_path().with_name("graphics-creating.marker")


def environment_key(setting: str) -> str:
    # VTK's install, told by its package file's path and time (importlib.metadata's version lookup scans
    # every installed distribution: 40 ms of start-up, for the same answer)
    import importlib.util

    spec = importlib.util.find_spec("vtkmodules")
    try:
        vtk = f"{spec.origin}@{os.stat(spec.origin).st_mtime_ns}" if spec and spec.origin else "?"
    except OSError:
        vtk = "?"
    parts = [sys.platform, sys.executable, vtk, setting] + [
        f"{k}={os.environ.get(k, '')}" for k in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "SESSIONNAME",
                                                 "QT_QPA_PLATFORM", "LIBGL_ALWAYS_SOFTWARE", FAIL_ENV)]
    return "|".join(parts)


def _remembered(setting: str) -> Graphics | None:
    import json
    import time

    if _marker_path().exists():  # the last 3D view never drew its first frame
        return None
    try:
        saved = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict) or saved.get("key") != environment_key(setting):
        return None
    if time.time() - float(saved.get("when", 0)) > CACHE_DAYS * 86400 or saved.get("mode") not in ("3d", "software"):
        return None
    if saved["mode"] == "software" and setting != "software":
        os.environ.update(SOFTWARE_ENV)
    return Graphics(saved["mode"], str(saved.get("detail", "")))


def _remember(setting: str, decided: Graphics) -> None:
    import json
    import time

    if not decided.has_3d:
        return
    try:
        path = _cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"key": environment_key(setting), "mode": decided.mode, "detail": decided.detail,
                                    "when": time.time()}), encoding="utf-8")
    except OSError:
        pass  # only a cache


def creating_view() -> None:
    """Before the first OpenGL context of the 3D view: leave the marker."""
    try:
        _marker_path().parent.mkdir(parents=True, exist_ok=True)
        _marker_path().touch()
    except OSError:
        pass


def view_created() -> None:
    """The 3D view drew its first frame: the driver works."""
    try:
        _marker_path().unlink(missing_ok=True)
    except OSError:
        pass


def decide_remembered(setting: str) -> Graphics:
    """A remembered success for this environment, else `decide` (and remember a success)."""
    if setting != "2d":
        known = _remembered(setting)
        if known is not None:
            return known
        _cache_path().unlink(missing_ok=True)
    decided = decide(setting)
    _remember(setting, decided)
    return decided


class Probe:
    """`decide_remembered(setting)` in a background thread from start-up; `result()` waits for it."""

    def __init__(self, setting: str):
        self.setting = setting
        self._result: Graphics | None = None
        self._thread = threading.Thread(target=self._run, name="graphics-probe", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = decide_remembered(self.setting)
        except Exception as exc:  # noqa: BLE001 - a failed probe means no 3D, never a crash
            self._result = Graphics("2d", str(exc))

    def result(self) -> Graphics:
        self._thread.join()
        return self._result or Graphics("2d", tr("the graphics test did not finish"))


_probe: Probe | None = None


def start_probe(setting: str) -> Probe:
    """Probe for *setting* in the background (once per process and setting)."""
    global _probe
    if _probe is None or _probe.setting != setting:
        _probe = Probe(setting)
    return _probe


def current() -> Graphics:
    """The decision for this process (probing now if nothing started it)."""
    global _probe
    if _probe is None:
        from venueplans import settings

        _probe = Probe(settings.load().graphics)
    return _probe.result()


def wanted_setting() -> str:
    """The graphics setting this process runs with (the probe's, else the saved one)."""
    if _probe is not None:
        return _probe.setting
    from venueplans import settings

    return settings.load().graphics


def reset() -> None:
    """Forget the decision (tests)."""
    global _probe
    _probe = None
