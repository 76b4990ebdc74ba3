"""Off-screen pictures: baselines under a tolerance, thumbnails, and the `venueplans render` command.

Baselines: tests/render/baselines/*.png; `VENUEPLANS_UPDATE_BASELINES=1 pytest tests/render` rewrites them.
"""

from __future__ import annotations

import struct

import pytest

from tests.render.imaging import assert_matches_baseline, frame, is_exit_green, pixel
from venueplans.cli.main import main as cli_main
from venueplans.render.features import MARKER_PX
from venueplans.render.snapshot import prepare

SIZE = (640, 400)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("hall-iso", {}),
        ("hall-ground-plan", {"storey": "Ground", "view": "top", "cut": 1.2}),
        ("hall-first-iso-ghost", {"storey": 1}),
        ("hall-xray-south", {"view": "south", "xray": True}),
    ],
)
def test_pictures_match_their_baselines(make_scene, hall, tmp_path, name, options):
    scene = make_scene(size=SIZE)
    scene.load(*hall)
    prepare(scene, **options)
    image = frame(scene)
    assert_matches_baseline(image, name, tmp_path)
    # and whatever the baseline says, every exit on a solid storey is green on the picture
    for f, world in scene.marker_positions():
        if f.kind == "exit" and f in scene.labelled_features():
            x, y, _ = scene.world_to_display(world[None])[0]
            assert is_exit_green(pixel(image, x, y + 0.3 * MARKER_PX["exit"])), f.label


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_thumbnail_is_a_small_png(opengl, hall):
    from venueplans.render.snapshot import thumbnail_png

    data = thumbnail_png(*hall)
    assert png_size(data) == (320, 200) and len(data) > 2000


def test_snapshot_writes_the_file_whole(opengl, hall, tmp_path):
    from venueplans.render.snapshot import snapshot

    out = snapshot(*hall, tmp_path / "a.png", size=(200, 120), view="top")
    assert png_size(out.read_bytes()) == (200, 120)
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


@pytest.fixture
def cli(hall, monkeypatch):
    cat, _ = hall
    monkeypatch.setenv("VENUEPLANS_NO_SAMPLES", "1")

    def run(*args):
        return cli_main(["--catalogue", str(cat.path), *args])

    return run


def test_render_command(opengl, cli, tmp_path, capsys):
    out = tmp_path / "plan.png"
    assert cli("render", "Test Hall", "-o", str(out), "--storey", "ground", "--view", "top", "--cut",
               "--size", "320x240") == 0
    assert png_size(out.read_bytes()) == (320, 240)
    assert capsys.readouterr().out.strip() == str(out)
    assert cli("render", "1", "-o", str(out), "--xray", "--cut", "2.5", "--no-legend", "--size", "64x48") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nowhere", "-o", "{tmp}/x.png"], "no venue 'Nowhere'"),
        (["Test Hall", "-o", "{tmp}/x.png", "--storey", "Basement"], "storey 'Basement' not found (storeys: 0: Ground"),
        (["Test Hall", "-o", "{tmp}/x.png", "--size", "big"], "bad --size 'big'"),
        (["Test Hall", "-o", "{tmp}/x.png", "--size", "99999x10"], "each side must be 16 to 8192"),
        (["Test Hall", "-o", "{tmp}/missing/x.png"], "does not exist"),
        (["Test Hall", "-o", "{tmp}/x.jpg"], "must be a .png file"),
        (["Test Hall", "-o", "{tmp}"], "must be a .png file"),
        (["Test Hall", "-o", "{tmp}/x.png", "--hide-others"], "--hide-others needs --storey"),
    ],
)
def test_render_command_errors_are_one_line(cli, tmp_path, capsys, args, message):
    assert cli("render", *[a.format(tmp=tmp_path) for a in args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not any(tmp_path.glob("*.png"))
