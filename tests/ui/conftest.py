"""Qt fixtures for the desktop app tests.

- `catalogue`: a fresh catalogue file with one synthetic venue ("Test Hall", two storeys, three exits,
  an entrance, a stair and a lift; tests/factories.py) and no sample seeding.
- `make_window`: a factory that builds a MainWindow (optionally opened on a venue and waited to its
  first frame) and owns its teardown: the window and its 3D view are closed after the test, and a test
  that leaves a MainWindow open fails (napari's leaked-widget lesson).
- `settle(window)`: waits until the window's op runner has nothing queued, running or to deliver: every
  edit, import and slow read (scene, plan) of the window has landed and its views have refreshed.
GUI tests are marked `gui`; the top-level conftest skips them without a display (fails in CI).
"""

from __future__ import annotations

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.ops.import_venue import import_venue

FIRST_FRAME_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def _no_samples(monkeypatch):
    monkeypatch.setenv("VENUEPLANS_NO_SAMPLES", "1")


@pytest.fixture(autouse=True)
def _own_settings_and_log(monkeypatch, tmp_path):
    """The window saves its layout and recent venues, the app its log: never in the developer's folders."""
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def catalogue(tmp_path):
    cat = open_catalogue(tmp_path / "catalogue.sqlite")
    changes = import_venue(cat, path="test-hall.ifc", name="Test Hall", kind="theatre", city="Lyon",
                           address="1 rue du Test", model=two_storey_building())
    cat.test_venue_id = changes.venue_id
    yield cat
    cat.close()


@pytest.fixture
def settle(qtbot):
    def wait(window, timeout: int = FIRST_FRAME_TIMEOUT_MS) -> None:
        qtbot.waitUntil(window.ops.idle, timeout=timeout)

    return wait


@pytest.fixture
def make_window(qtbot):
    from PySide6.QtWidgets import QApplication

    from venueplans.ui.main_window import MainWindow

    made = []

    def make(cat, venue_id: int | None = None, *, size=(1280, 800)):
        window = MainWindow(cat)
        window.resize(*size)
        made.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # single-key shortcuts need an active window (best effort without a WM)
        try:
            qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        except qtbot.TimeoutError:
            pass
        if venue_id is not None:
            with qtbot.waitSignal(window.viewer.first_frame, timeout=FIRST_FRAME_TIMEOUT_MS):
                window.open_venue(venue_id)
        return window

    yield make
    for window in made:
        window.close()
        window.deleteLater()
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window" and w.isVisible()]
    assert not leaked, f"main windows left open: {leaked}"
