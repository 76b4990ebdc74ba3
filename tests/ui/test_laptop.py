"""On a team's laptop: a fast start (no 3D libraries before a venue is opened), the settings dialog, the
log file behind every unexpected error, the 2D-only fallback when OpenGL is missing, and what the window
remembers between sessions."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from venueplans import settings
from venueplans.ui import graphics, logfile

HEAVY = ("vtkmodules", "pyvista", "pyvistaqt", "matplotlib", "trimesh", "ifcopenshell", "networkx",
         "sqlite_utils", "cryptography")


@pytest.fixture
def fresh_graphics():
    """Each test decides graphics anew (the decision is per process)."""
    graphics.reset()
    yield
    graphics.reset()


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "log_dir", lambda: tmp_path / "logs")
    logfile.uninstall()
    path = logfile.install()
    yield path
    logfile.uninstall()


def test_the_window_opens_without_loading_the_3d_libraries(catalogue, tmp_path):
    code = f"""
import json, sys
from PySide6.QtWidgets import QApplication
from venueplans.catalogue import open_catalogue
app = QApplication(["venueplans"])
from venueplans.ui.main_window import MainWindow
window = MainWindow(open_catalogue({str(catalogue.path)!r}))
window.show()
app.processEvents()
print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VENUEPLANS_NO_SAMPLES="1")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


@pytest.mark.gui
def test_the_3d_view_is_made_when_a_venue_opens(catalogue, make_window, qtbot):
    window = make_window(catalogue)
    assert not window.viewer.has_plotter  # the venue list needs no 3D view
    with qtbot.waitSignal(window.viewer.first_frame, timeout=60_000):
        window.open_venue(catalogue.test_venue_id)
    assert window.viewer.has_plotter and window.viewer.frames > 0


@pytest.mark.gui
def test_a_venue_reaches_its_first_frame_without_pyvista_plotting_or_matplotlib(catalogue, tmp_path):
    """The 3D view is VTK's own Qt widget: pyvista.plotting and matplotlib (1.3-1.5 s) never load on the way
    to a venue's first frame."""
    code = f"""
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from venueplans.catalogue import open_catalogue
app = QApplication(["venueplans"])
from venueplans.ui.main_window import MainWindow
window = MainWindow(open_catalogue({str(catalogue.path)!r}))
window.resize(1200, 800)
window.show()
loop = QEventLoop()
window.viewer.first_frame.connect(lambda _s: loop.quit())
QTimer.singleShot(60_000, loop.quit)
window.open_venue({catalogue.test_venue_id})
loop.exec()
print(json.dumps([window.viewer.frames] + sorted(m for m in ("pyvista.plotting", "pyvistaqt", "matplotlib")
                                                  if m in sys.modules)))
"""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the real (Xvfb) display: OpenGL
    env.update(VENUEPLANS_NO_SAMPLES="1", VENUEPLANS_CONFIG_DIR=str(tmp_path / "config"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    frames, *loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert frames > 0 and loaded == []


@pytest.mark.gui
def test_forced_probe_failure_gives_the_2d_plan_and_a_notice(catalogue, make_window, qtbot, monkeypatch,
                                                             fresh_graphics):
    monkeypatch.setenv(graphics.FAIL_ENV, "1")
    window = make_window(catalogue, catalogue.test_venue_id)  # waits for the first frame: the notice
    viewer = window.viewer
    assert not viewer.has_3d and not viewer.has_plotter  # no OpenGL context was ever asked for
    assert viewer.notice is not None and viewer.notice.isVisible()
    assert "3D view is not available" in viewer.notice.text() and "VENUEPLANS_GRAPHICS_PROBE_FAIL" in viewer.notice.text()
    plan = window.plan_view
    qtbot.waitUntil(lambda: plan.data is not None, timeout=60_000)  # the 2D plan works
    assert plan.data.storey.name == "Ground"
    assert not window.act_walk.isEnabled() and not window.act_xray.isEnabled()
    window.state.isolate(next(s.index for s in window.state.storeys if s.name == "First"))  # storeys drive it
    qtbot.waitUntil(lambda: plan.data is not None and plan.data.storey.name == "First", timeout=60_000)
    assert window.errors_shown == []
    assert "2D only" in window.statusBar().currentMessage()


def test_2d_setting_never_probes(monkeypatch):
    monkeypatch.setattr(graphics, "run_probe", lambda *a, **k: pytest.fail("probed"))
    decided = graphics.decide("2d")
    assert decided.mode == "2d" and not decided.has_3d


def test_a_failing_driver_falls_back_to_software_rendering(monkeypatch):
    calls = []

    def probe(env_extra=None, timeout=0):
        calls.append(env_extra)
        return (env_extra == graphics.SOFTWARE_ENV), "llvmpipe" if env_extra else "GLX failed"

    monkeypatch.setattr(graphics, "run_probe", probe)
    for key in graphics.SOFTWARE_ENV:
        monkeypatch.delenv(key, raising=False)
    decided = graphics.decide("auto")
    assert decided.mode == "software" and "llvmpipe" in decided.detail
    assert calls == [None, graphics.SOFTWARE_ENV]
    assert os.environ["LIBGL_ALWAYS_SOFTWARE"] == "1"


@pytest.mark.gui
def test_the_probe_finds_opengl_under_xvfb():
    ok, detail = graphics.run_probe()
    assert ok, detail


@pytest.mark.gui
def test_an_unexpected_error_leaves_its_traceback_in_the_log(catalogue, make_window, qtbot, log_file):
    from PySide6.QtWidgets import QMessageBox

    from venueplans.ui.errors import guarded

    window = make_window(catalogue)

    def broken():
        return {}["no such key"]

    guarded(broken, context="test action")()
    box = window.findChild(QMessageBox, "error_box")
    assert box is not None and str(log_file) in box.informativeText()
    text = log_file.read_text(encoding="utf-8")
    assert "test action" in text and "Traceback" in text and "KeyError" in text
    from venueplans.ui.errors import install_excepthook

    hook = install_excepthook()
    try:
        try:
            raise ZeroDivisionError("from the event loop")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = hook
    assert "ZeroDivisionError: from the event loop" in log_file.read_text(encoding="utf-8")


def test_the_log_rotates(log_file):
    import logging

    log = logging.getLogger("venueplans.test")
    for _ in range(3 * logfile.MAX_BYTES // 1000):
        log.error("x" * 1000)
    files = sorted(log_file.parent.glob("venueplans.log*"))
    assert 2 <= len(files) <= logfile.BACKUPS + 1
    assert all(f.stat().st_size <= logfile.MAX_BYTES + 2000 for f in files)


@pytest.mark.gui
def test_settings_dialog_saves_and_says_what_needs_a_restart(catalogue, make_window):
    prefs = settings.load()
    prefs.extra["from_a_newer_version"] = {"kept": True}
    settings.save(prefs)
    window = make_window(catalogue)
    dialog = window.show_settings()
    messages = []
    dialog.saved.connect(messages.append)
    dialog.graphics.setCurrentIndex(dialog.graphics.findData("software"))
    dialog.pace.setValue(1.5)
    dialog.units.setCurrentIndex(dialog.units.findData("ft"))
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.save()
    saved = settings.load()
    assert (saved.graphics, saved.walking_pace_m_s, saved.units, saved.language) == ("software", 1.5, "ft", "fr")
    assert saved.extra["from_a_newer_version"] == {"kept": True}
    assert "Restart" in messages[0] and "graphics" in messages[0] and "language" in messages[0]
    assert "units" not in messages[0]  # applies without a restart
    assert window.statusBar().currentMessage() == messages[0]


@pytest.mark.gui
def test_window_remembers_its_size_docks_and_recent_venues(catalogue, make_window, qtbot):
    first = make_window(catalogue, catalogue.test_venue_id, size=(1100, 700))
    first.docks["measure"].close()
    first.close()
    saved = settings.load().extra
    assert saved["recent_venues"][0]["id"] == catalogue.test_venue_id
    assert "dock_measure" not in saved["window"]["hidden_docks"] and "measure" in saved["window"]["hidden_docks"]

    second = make_window(catalogue)
    assert second.memory.restore()
    assert (second.width(), second.height()) == (1100, 700)
    second.memory.fill_menu()
    names = [a.text() for a in second.recent_menu.actions()]
    assert names == ["&1 Test Hall"]
    with qtbot.waitSignal(second.viewer.first_frame, timeout=60_000):
        second.recent_menu.actions()[0].trigger()
    assert second.venue_id == catalogue.test_venue_id
    assert not second.docks["measure"].isVisible() and second.docks["plan"].isVisible()


@pytest.mark.gui
def test_venue_list_screenshot_without_a_venue(catalogue, tmp_path):
    out = tmp_path / "home.png"
    env = dict(os.environ, VENUEPLANS_NO_SAMPLES="1")
    proc = subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(catalogue.path), "open",
                           "--screenshot", str(out), "--size", "1366x768"],
                          capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    assert "venue list" in proc.stdout


def test_a_success_is_remembered_until_a_3d_view_fails_to_draw(monkeypatch):
    calls = []

    def probe(env_extra=None, timeout=0):
        calls.append(env_extra)
        return True, "llvmpipe"

    monkeypatch.setattr(graphics, "run_probe", probe)
    monkeypatch.delenv(graphics.FAIL_ENV, raising=False)
    assert graphics.decide_remembered("auto").mode == "3d"
    assert graphics.decide_remembered("auto").mode == "3d"
    assert len(calls) == 1  # the second start trusted the first one's probe
    graphics.creating_view()  # ... and the process died before the first frame
    assert graphics.decide_remembered("auto").mode == "3d"
    assert len(calls) == 2
    graphics.view_created()
    monkeypatch.setenv(graphics.FAIL_ENV, "1")  # another environment: probed again
    graphics.decide_remembered("auto")
    assert len(calls) == 3


def test_a_failure_is_never_remembered(monkeypatch):
    calls = []
    monkeypatch.setattr(graphics, "run_probe", lambda env_extra=None, timeout=0: calls.append(1) or (False, "no GLX"))
    assert graphics.decide_remembered("auto").mode == "2d"
    assert graphics.decide_remembered("auto").mode == "2d"
    assert len(calls) == 4  # driver, then software, at each start


@pytest.mark.gui
def test_a_window_pushed_past_the_screen_is_pulled_back(catalogue, make_window, qtbot):
    window = make_window(catalogue)
    screen = window.screen().availableGeometry()
    window.resize(screen.width() + 400, screen.height() + 300)  # what a growing layout used to do
    qtbot.waitUntil(lambda: screen.contains(window.frameGeometry()), timeout=5000)
    assert window.screen_guard.pulled_back >= 1


def test_an_error_in_a_worker_thread_is_logged(log_file):
    import threading

    def work():
        raise ValueError("in a worker")

    thread = threading.Thread(target=work, name="plan-worker")
    thread.start()
    thread.join()
    text = log_file.read_text(encoding="utf-8")
    assert "plan-worker" in text and "ValueError: in a worker" in text


@pytest.mark.gui
def test_settings_dialog_sets_the_import_stall_limit(catalogue, make_window, monkeypatch, french):
    from PySide6.QtWidgets import QGroupBox, QLabel

    from venueplans.importers.worker import STALL_ENV, WorkerLimits

    monkeypatch.delenv(STALL_ENV, raising=False)
    window = make_window(catalogue)
    dialog = window.show_settings()
    group = dialog.findChild(QGroupBox, "imports_group")
    assert group.title() == "Avancé : imports" and dialog.stall_limit.value() == 60
    dialog.stall_limit.setValue(180)
    dialog.save()
    assert settings.load().import_stall_limit_s == 180.0 and WorkerLimits().stall_limit == 180.0
    monkeypatch.setenv(STALL_ENV, "30")  # a script's variable wins, and the dialog says so
    dialog = window.show_settings()
    assert not dialog.stall_limit.isEnabled() and dialog.stall_limit.value() == 180
    assert dialog.findChild(QLabel, "stall_limit_overridden") is not None
    dialog.save()
    assert settings.load().import_stall_limit_s == 180.0 and WorkerLimits().stall_limit == 30.0
