"""The GUI thread never waits on the catalogue: opening the 40,000-seat sample stadium and running an edit
leave it free, and the command line can import into the catalogue the window is editing.

How the block is measured (`Heartbeat`): a precise 5 ms QTimer on the GUI thread stamps the wall clock
each time it fires. A timer can only fire when the event loop gets control back, so any GUI-thread work
(a SQLite query, decoding, building actors, Python holding the GIL in a worker) of X ms delays the next
stamp by at least X ms: the largest gap between stamps is an upper bound of the longest block. The beat
count is checked too (a heartbeat that stopped would measure nothing), and the measure ends with a stamp
of its own, so the last stretch counts.

One thing is taken out of the gaps: the time VTK spends drawing a frame (`StartEvent` to `EndEvent` of the
render window, stamped the same way). OpenGL draws on the thread that owns the context, which is the GUI
thread in every Qt/VTK application; on this machine's software OpenGL the stadium's first frame takes
0.7-0.9 s, whatever the rest of the app does. Neither is the time the OS kept the GUI thread off the
CPUs while it was ready to run (Linux schedstat run-queue wait: this machine's 2 cores run 8 test
sessions). What the test holds to 100 ms is everything else: SQLite, decoding, building actors, Qt
callbacks, a worker holding the GIL. The stadium is opened after the theatre, so the venue page and its
docks have been laid out once (a one-time cost of Qt's widgets, ~100 ms here) and the switch from one
venue to another is what is measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

from venueplans.catalogue import open_catalogue, read
from venueplans.ops.samples import seed_samples

pytestmark = pytest.mark.gui

BLOCK_LIMIT_S = 0.100
BEAT_MS = 5
OPEN_TIMEOUT_MS = 120_000


def _waiting_ns() -> int:
    """Nanoseconds this thread has spent runnable but waiting for a CPU (Linux schedstat), 0 elsewhere."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as f:
            return int(f.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


class Heartbeat:
    """Stamps of a GUI-thread timer, and the frames VTK drew meanwhile (see the module docstring)."""

    def __init__(self, render_window):
        self.beats: list[tuple[float, int]] = []  # (wall clock s, run-queue wait ns)
        self.frames: list[tuple[float, float, int]] = []  # (start s, end s, run-queue wait during it ns)
        self._frame_start: tuple[float, int] | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self._window = render_window
        self._tags = [render_window.AddObserver("StartEvent", self._started),
                      render_window.AddObserver("EndEvent", self._ended)]

    def _beat(self) -> None:
        self.beats.append((time.perf_counter(), _waiting_ns()))

    def _started(self, *_):
        self._frame_start = (time.perf_counter(), _waiting_ns())

    def _ended(self, *_):
        if self._frame_start is not None:
            start, waited = self._frame_start
            self.frames.append((start, time.perf_counter(), _waiting_ns() - waited))
            self._frame_start = None

    def __enter__(self) -> Heartbeat:
        self._beat()
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._beat()  # the last stretch counts too
        self.timer.stop()
        for tag in self._tags:
            self._window.RemoveObserver(tag)

    def blocks(self) -> list[tuple[float, float, float, float]]:
        """Per gap between beats: (block s, wall s, drawing s, waiting for a CPU s). The block is the wall
        gap less the frames drawn in it and less the time the OS kept the GUI thread off the CPUs."""
        out = []
        for (a, wa), (b, wb) in zip(self.beats, self.beats[1:], strict=False):
            inside = [(s, e, w) for s, e, w in self.frames if a <= s and e <= b]
            drawing = sum(e - s for s, e, _ in inside)
            waiting = (wb - wa - sum(w for _, _, w in inside)) / 1e9  # the frames' own waits are in `drawing`
            out.append((b - a - drawing - waiting, b - a, drawing, waiting))
        return out

    def check(self, what: str) -> None:
        assert len(self.beats) >= 3, f"{what}: the heartbeat did not run ({len(self.beats)} beats)"
        block, wall, drawing, waiting = max(self.blocks(), default=(0.0, 0.0, 0.0, 0.0))
        elapsed = self.beats[-1][0] - self.beats[0][0]
        assert block <= BLOCK_LIMIT_S, (
            f"{what}: the GUI thread was blocked {block * 1000:.0f} ms (gap {wall * 1000:.0f} ms less drawing "
            f"{drawing * 1000:.0f} ms and waiting for a CPU {waiting * 1000:.0f} ms); {len(self.beats)} beats "
            f"in {elapsed:.1f} s")


@pytest.fixture
def stadium_catalogue(tmp_path, monkeypatch):
    monkeypatch.delenv("VENUEPLANS_NO_SAMPLES", raising=False)
    cat = open_catalogue(tmp_path / "catalogue.sqlite")
    seed_samples(cat)
    venues = {v.kind: v for v in read.list_venues(cat)}
    assert "stadium" in venues, "the sample stadium ships in resources/samples"
    cat.stadium_id = venues["stadium"].id
    yield cat
    cat.close()


def test_opening_the_stadium_and_editing_never_block_the_gui(stadium_catalogue, make_window, settle, qtbot):
    cat = stadium_catalogue
    theatre = next(v.id for v in read.list_venues(cat) if v.kind == "theatre")
    window = make_window(cat, theatre)  # the venue page and its docks shown and laid out once (Qt's own work)
    window.plan_dock.hide()  # the 2D plan: see the next test
    settle(window)
    with Heartbeat(window.viewer.plotter.ren_win) as beat:
        with qtbot.waitSignal(window.viewer.first_frame, timeout=OPEN_TIMEOUT_MS):
            window.open_venue(cat.stadium_id)
            window.plan_dock.hide()
        settle(window)  # counts, sign-off, thumbnail, the last-opened date
    beat.check("opening the stadium")
    assert window.viewer.scene.features and "Stade" in window.header.text()

    window.editing.act_edit.trigger()
    settle(window)
    gate = next(f for f in window.editing.features_panel.features if f.verified is None)
    assert window.editing.features_panel.select(gate.id)
    with Heartbeat(window.viewer.plotter.ren_win) as beat:
        window.editing.features_panel.act_confirm.trigger()  # the op, then the scene rebuilt in slices
        settle(window)
    beat.check("confirming a feature")
    assert next(f for f in read.load_features(cat, cat.stadium_id) if f.id == gate.id).verified is True


def test_building_the_stadium_plan_never_blocks_the_gui(stadium_catalogue, make_window, settle, qtbot):
    cat = stadium_catalogue
    theatre = next(v.id for v in read.list_venues(cat) if v.kind == "theatre")
    window = make_window(cat, theatre)
    settle(window)
    with Heartbeat(window.viewer.plotter.ren_win) as beat:
        window.open_venue(cat.stadium_id)  # with the 2D plan dock open: the stadium's plans are built
        qtbot.waitUntil(lambda: window.plan_view.data is not None and window.plan_view.data.key[0] == cat.stadium_id,
                        timeout=OPEN_TIMEOUT_MS)
        settle(window)
    beat.check("building the stadium's plans")


def _tiny_stl(path) -> None:
    import trimesh

    trimesh.creation.box(extents=(10.0, 6.0, 3.0)).export(path)


def test_the_command_line_imports_while_the_window_edits(catalogue, make_window, settle, qtbot, tmp_path):
    window = make_window(catalogue, catalogue.test_venue_id)
    window.editing.act_edit.trigger()
    settle(window)
    model = tmp_path / "annex.stl"
    _tiny_stl(model)
    env = dict(os.environ, VENUEPLANS_NO_SAMPLES="1")
    cli = subprocess.Popen([sys.executable, "-m", "venueplans", "--catalogue", str(catalogue.path), "import",
                            str(model), "--name", "Annex"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    panel = window.editing.features_panel
    try:
        for f in [f for f in panel.features if f.kind == "exit"]:  # edits while the import runs
            panel.select(f.id)
            panel.act_confirm.trigger()
            settle(window)
        out, err = cli.communicate(timeout=120)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 0, err
    assert "Annex" in out
    assert all(f.verified for f in read.load_features(catalogue, catalogue.test_venue_id) if f.kind == "exit")
    assert not window.errors_shown
    # the window notices the other process's commit and lists the new venue
    qtbot.waitUntil(lambda: any(v.name == "Annex" for v in window.browser.model.venues), timeout=10_000)
