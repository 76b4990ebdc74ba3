"""Rendering real IFC models: the FZK-Haus from ../shared/venues (skipped with a reason when that folder is
absent) and the sample theatre and stadium generated into sample_venues/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render.imaging import frame, is_exit_green, pixel
from venueplans.model import FEATURE_KINDS
from venueplans.render.features import MARKER_PX
from venueplans.render.snapshot import prepare


@pytest.fixture(scope="module")
def fzk(shared_venues, tmp_path_factory):
    from venueplans.catalogue import open_catalogue
    from venueplans.ops.import_venue import import_venue

    cat = open_catalogue(tmp_path_factory.mktemp("fzk") / "catalogue.sqlite")
    # an importer regression must fail here, not turn into a skip
    vid = import_venue(cat, path=shared_venues / "fzk-haus-ifc4" / "AC20-FZK-Haus.ifc").venue_id
    return cat, vid


def test_fzk_haus_plan_shows_its_doors_to_the_outside(make_scene, fzk):
    scene = make_scene(size=(800, 600))
    scene.load(*fzk)
    assert [s.name for s in scene.storeys] == ["Erdgeschoss", "Dachgeschoss"]
    scene.set_visible_storeys([scene.storey_index("Erdgeschoss")], mode="hide")
    scene.set_section(scene.section_height(0))
    scene.set_view("top")
    image = frame(scene)
    ways_out = [f for f in scene.features if FEATURE_KINDS[f.kind].group in ("exit", "access") and f.storey == 0]
    assert ways_out, "the importer found no exit or access point on the ground floor"
    for f in ways_out:
        x, y = scene.feature_display_point(f)
        h, w, _ = image.shape
        assert 0 <= x < w and 0 <= y < h
        colour = FEATURE_KINDS[f.kind].colour
        expected = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
        size = MARKER_PX[FEATURE_KINDS[f.kind].group]
        got = pixel(image, x - 0.2 * size, y)  # beside the white centre sign, inside the fill
        assert max(abs(got - expected)) < 40, (f.label, got, expected)
    # the building fills the middle of the plan: those pixels are not the background of their row
    background = image[:, :1].astype(int)  # the left edge is background (gradient from top to bottom)
    covered = (abs(image.astype(int) - background).max(axis=2) > 20)[200:400, 300:500]
    assert covered.mean() > 0.9
    hit = scene.pick(400, 300)
    assert hit is not None and hit.storey == 0


SAMPLES = Path(__file__).resolve().parents[2] / "sample_venues"


def import_sample(tmp_path_factory, name: str, kind: str):
    from venueplans.catalogue import open_catalogue
    from venueplans.ops.import_venue import import_venue

    path = SAMPLES / name
    assert path.is_file(), f"{path} is committed; `make samples` regenerates it"
    cat = open_catalogue(tmp_path_factory.mktemp(kind) / "catalogue.sqlite")
    return cat, import_venue(cat, path=path, kind=kind).venue_id


def assert_exits_drawn(scene, image, storey=None):
    exits = [f for f in scene.features if f.kind == "exit" and (storey is None or f.storey == storey)]
    assert exits
    h, w, _ = image.shape
    for f in exits:
        point = scene.feature_display_point(f)
        assert point is not None, f"{f.label}: no symbol"
        x, y = point
        assert 0 <= x < w and 0 <= y < h, f"{f.label}: off the picture"
        assert is_exit_green(pixel(image, x - 0.2 * MARKER_PX["exit"], y)), f"{f.label}: not green"
    return exits


def test_sample_theatre_ground_floor_plan_shows_every_exit(make_scene, tmp_path_factory):
    cat, vid = import_sample(tmp_path_factory, "theatre.ifc", "theatre")
    scene = make_scene(size=(1280, 800))
    scene.load(cat, vid)
    ground = scene.storey_index("Rez-de-chaussée")
    prepare(scene, storey=ground, view="top", cut=1.2)
    image = frame(scene)
    exits = assert_exits_drawn(scene, image, ground)
    labelled = [f for f in scene.labelled_features() if f.kind == "exit"]
    assert len(labelled) == len(exits), "a plan this size has room for every exit number"


@pytest.mark.slow
def test_sample_stadium_opens_with_every_gate_visible(make_scene, tmp_path_factory):
    cat, vid = import_sample(tmp_path_factory, "stadium.ifc", "stadium")
    scene = make_scene(size=(1280, 800))
    scene.load(cat, vid)
    prepare(scene, view="iso")
    image = frame(scene)
    assert_exits_drawn(scene, image)
    assert scene._seats and all(t.level is not None for s in scene._seats for t in s.tiles.tiles)
