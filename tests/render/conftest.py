"""Fixtures for rendering tests: an off-screen OpenGL check, the synthetic hall in a catalogue, scenes.

Rendering needs OpenGL but no display: off-screen VTK windows use the X display when there is one
(CI runs pytest under Xvfb) and EGL otherwise (Mesa llvmpipe, no GPU). Whether that works is probed
once in a child process (a broken driver may crash, and must not take pytest down): without it the
rendering tests skip with the reason — and fail in CI, where skipping would hide missing coverage.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.factories import two_storey_building

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROBE = (
    "from venueplans.render.snapshot import offscreen_window, capture\n"
    "w = offscreen_window((64, 48)); w.Render(); assert capture(w).shape == (48, 64, 3)\n"
)


@pytest.fixture(scope="session")
def opengl() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        reason = f"off-screen OpenGL rendering unavailable: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"
        if IN_CI:
            pytest.fail(f"{reason} — CI must run the rendering tests", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def hall(tmp_path_factory):
    """(catalogue, venue id) of the two-storey test hall with 60 seats."""
    from venueplans.catalogue import open_catalogue
    from venueplans.ops.import_venue import import_venue

    os.environ.setdefault("VENUEPLANS_NO_SAMPLES", "1")
    path = tmp_path_factory.mktemp("render") / "catalogue.sqlite"
    cat = open_catalogue(path)
    vid = import_venue(cat, path="test-hall.ifc", name="Test Hall", kind="theatre",
                       model=two_storey_building(seats=60)).venue_id
    return cat, vid


@pytest.fixture
def make_scene(opengl):
    """make_scene(size=(800, 500), **scene_options) -> VenueScene in an off-screen window; closed after."""
    from venueplans.render.scene import VenueScene
    from venueplans.render.snapshot import offscreen_window

    windows = []

    def make(size=(800, 500), **options):
        window = offscreen_window(size)
        windows.append(window)
        return VenueScene(window, **options)

    yield make
    for w in windows:
        w.Finalize()


@pytest.fixture
def hall_scene(make_scene, hall):
    cat, vid = hall
    scene = make_scene()
    scene.load(cat, vid)
    return scene
