"""Storey inference from horizontal surfaces, on synthetic buildings made of boxes (Z up, metres)."""

from __future__ import annotations

import numpy as np
import pytest

from venueplans.importers.storey_inference import (
    InferenceSettings,
    assign_levels,
    infer_levels,
    triangle_areas_and_slopes,
)
from venueplans.model.messages import translated

# A unit cube's 8 corners and 12 outward-facing triangles.
_CORNERS = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], dtype=np.float64)
_FACES = np.array(
    [
        [0, 3, 2], [0, 1, 3], [4, 7, 5], [4, 6, 7],  # x = 0, x = 1
        [0, 5, 1], [0, 4, 5], [2, 7, 6], [2, 3, 7],  # y = 0, y = 1
        [0, 6, 4], [0, 2, 6], [1, 7, 3], [1, 5, 7],  # z = 0, z = 1
    ]
)  # fmt: skip


def boxes(*specs) -> tuple[np.ndarray, np.ndarray]:
    """Axis-aligned boxes ((x0, y0, z0), (x1, y1, z1)) merged into one mesh."""
    vertices, faces = [], []
    for i, (lo, hi) in enumerate(specs):
        lo, hi = np.asarray(lo, float), np.asarray(hi, float)
        vertices.append(lo + _CORNERS * (hi - lo))
        faces.append(_FACES + 8 * i)
    return np.vstack(vertices).astype(np.float32), np.vstack(faces)


def slab(x0, y0, x1, y1, top, depth=0.3):
    return ((x0, y0, top - depth), (x1, y1, top))


def walls(x0, y0, x1, y1, z0, z1, t=0.2):
    return [
        ((x0, y0, z0), (x1, y0 + t, z1)),
        ((x0, y1 - t, z0), (x1, y1, z1)),
        ((x0, y0, z0), (x0 + t, y1, z1)),
        ((x1 - t, y0, z0), (x1, y1, z1)),
    ]


def slab_building(levels=(0.0, 3.5, 7.0), roof=10.5, size=(30, 20)):
    """Slabs with their walking surface at each level, walls up to the next slab, a roof."""
    w, d = size
    specs = []
    tops = [*levels, roof]
    for z, above in zip(tops[:-1], tops[1:], strict=True):
        specs.append(slab(0, 0, w, d, z))
        specs += walls(0, 0, w, d, z, above - 0.3)
    specs.append(slab(0, 0, w, d, roof))
    return boxes(*specs)


def theatre():
    """A theatre of 40 x 70 m: basement -4 under the stage house, ground 0 (foyer, wings), stage +1,
    raked stalls with seats, first floor +6 (foyer, balcony front, wings), a fly gallery and grid
    level +18 over the stage, roofs at 12 (foyer), 15 (auditorium) and 26 (fly tower)."""
    specs = [slab(0, 40, 40, 70, -4.0)]  # basement under the stage house
    specs += walls(0, 40, 40, 70, -4.0, 0.0)
    specs += [slab(0, 0, 40, 15, 0.0), slab(0, 40, 8, 70, 0.0), slab(32, 40, 40, 70, 0.0)]  # foyer, wings
    specs.append(slab(8, 40, 32, 70, 1.0, depth=1.0))  # stage
    for row in range(20):  # stalls: 20 treads of 1.15 m rising 0.15 m, a seat every 0.55 m
        y0, z = 15 + row * 1.15, 0.15 * (row + 1)
        specs.append(((4, y0, z - 0.15), (36, y0 + 1.15, z)))
        specs += [((x, y0 + 0.3, z), (x + 0.5, y0 + 0.8, z + 0.45)) for x in np.arange(4.2, 35.5, 0.55)]
    specs += [slab(0, 0, 40, 20, 6.0), slab(0, 40, 8, 70, 6.0), slab(32, 40, 40, 70, 6.0)]  # first floor
    for row in range(8):  # balcony rake
        specs.append(((4, 20 + row, 6.0), (36, 21 + row, 6.3 + 0.25 * row)))
    specs += [slab(0, 0, 40, 15, 12.3), slab(0, 40, 8, 70, 12.3), slab(32, 40, 40, 70, 12.3)]  # low roofs
    specs.append(slab(0, 15, 40, 40, 15.3))  # auditorium roof
    specs.append(slab(6, 40, 34, 70, 18.0, depth=0.2))  # grid / fly gallery level
    specs.append(slab(6, 38, 34, 70, 26.3))  # fly tower roof
    specs += walls(0, 0, 40, 15, 0, 12) + walls(0, 15, 40, 40, 0, 15) + walls(6, 38, 34, 70, 0, 26)
    return boxes(*specs)


def elevations(result) -> list[float]:
    return [round(lv.elevation, 2) for lv in result.levels]


def test_stacked_massing_blocks_give_one_storey_per_block_and_the_top_is_a_roof():
    # Like trimesh's no_indices_3storybuilding: three closed blocks, one per storey, no slabs.
    v, f = boxes(((0, 0, 0), (30, 20, 3)), ((0, 0, 3), (30, 20, 6)), ((0, 0, 6), (30, 20, 9)))
    result = infer_levels(v, f)
    assert result.method == "horizontal surfaces"
    assert elevations(result) == [0.0, 3.0, 6.0]
    assert [round(r.elevation, 2) for r in result.ignored] == [9.0]
    assert translated(result.summary()).startswith("inferred 3 storeys at 0.00, 3.00, 6.00 m from horizontal surfaces")
    assert "9.00 m have nothing above them" in translated(result.summary())


def test_slab_levels_are_their_walking_surfaces_not_their_soffits():
    v, f = slab_building(levels=(0.0, 3.5, 7.0), roof=10.5)
    assert elevations(infer_levels(v, f)) == [0.0, 3.5, 7.0]


def test_winding_does_not_matter():
    # Meshes often come with triangles facing inwards or both ways: floors are found either way.
    v, f = slab_building()
    assert elevations(infer_levels(v, f[:, ::-1])) == elevations(infer_levels(v, f))


def test_theatre_levels_despite_stage_rake_seats_and_roofs_at_several_heights():
    v, f = theatre()
    result = infer_levels(v, f)
    assert elevations(result) == pytest.approx([-4.0, 0.0, 6.0, 18.0], abs=0.05)
    assert {round(r.elevation, 1) for r in result.ignored} >= {12.3, 15.3, 26.3}


def test_seats_standing_on_a_floor_do_not_lift_the_level():
    # Seat cushions covering 40 % of the floor, 0.45 m above it.
    seats = [
        ((x, y, 0.0), (x + 0.5, y + 0.5, 0.45)) for x in np.arange(1, 29, 0.8) for y in np.arange(1, 19, 0.8)
    ]
    v, f = boxes(slab(0, 0, 30, 20, 0.0), *seats, slab(0, 0, 30, 20, 4.0))
    assert elevations(infer_levels(v, f)) == [0.0]


def test_levels_closer_than_the_minimum_separation_merge_into_the_larger():
    # A 1.2 m high platform over a third of the floor is part of the storey, not a storey.
    v, f = boxes(slab(0, 0, 30, 30, 0.0), ((0, 0, 0), (10, 30, 1.2)), slab(0, 0, 30, 30, 4.0))
    assert elevations(infer_levels(v, f)) == [0.0]


def test_small_mezzanine_is_ignored_but_a_large_one_is_a_storey():
    small = boxes(slab(0, 0, 40, 40, 0.0), slab(0, 0, 4, 4, 3.0), slab(0, 0, 40, 40, 6.0))
    assert elevations(infer_levels(*small)) == [0.0]
    large = boxes(slab(0, 0, 40, 40, 0.0), slab(0, 0, 20, 40, 3.0), slab(0, 0, 40, 40, 6.0))
    assert elevations(infer_levels(*large)) == [0.0, 3.0]


def test_area_threshold_is_a_setting():
    v, f = boxes(slab(0, 0, 40, 40, 0.0), slab(0, 0, 8, 8, 3.0), slab(0, 0, 40, 40, 6.0))
    assert elevations(infer_levels(v, f, settings=InferenceSettings(min_area_fraction=0.03))) == [0.0, 3.0]


def test_nothing_covered_gives_one_storey_at_the_lowest_point():
    # A terrain plane with benches and a 3 m high wall: nothing stands over any horizontal surface.
    v, f = boxes(slab(0, 0, 20, 20, -1.2), ((2, 2, -1.2), (4, 2.5, -0.7)), ((0, 10, -1.2), (20, 10.2, 1.8)))
    result = infer_levels(v, f)
    assert result.method == "lowest point"
    assert elevations(result) == [-1.5]
    assert "one storey at the lowest point (-1.50 m)" in translated(result.summary())


def test_empty_mesh():
    result = infer_levels(np.zeros((0, 3), np.float32), np.zeros((0, 3), np.int64))
    assert result.method == "empty" and elevations(result) == [0.0]


def test_areas_and_slopes():
    v = np.array([[0, 0, 0], [2, 0, 0], [0, 2, 0], [0, 0, 2]], dtype=np.float32)
    areas, slopes = triangle_areas_and_slopes(v, np.array([[0, 1, 2], [0, 1, 3], [0, 0, 1]]))
    assert areas.tolist() == [2.0, 2.0, 0.0]
    assert slopes.tolist() == [1.0, 0.0, 0.0]


def test_assign_levels_puts_a_slab_on_the_storey_it_carries():
    levels = np.array([0.0, 3.5, 7.0])
    z = np.array([-2.0, 0.1, 2.9, 3.2, 3.5, 5.0, 6.6, 20.0])
    # 3.2 is the soffit of the 3.5 slab: storey 1. 2.9 is the top of a wall below it: storey 0.
    assert assign_levels(z, levels, tolerance=0.5).tolist() == [0, 0, 0, 1, 1, 1, 2, 2]
    assert assign_levels(z, np.array([1.0])).tolist() == [0] * len(z)


def test_far_from_origin_and_big_models_stay_bounded():
    # 40,000 small boxes over a 2 km site: the sample budget keeps it quick, the levels still come out.
    rng = np.random.default_rng(1)
    xy = rng.uniform(0, 2000, (40_000, 2))
    clutter = [((x, y, 0.0), (x + 0.5, y + 0.5, 0.5)) for x, y in xy]
    v, f = boxes(
        slab(0, 0, 2000, 2000, 0.0), slab(0, 0, 2000, 2000, 5.0), slab(0, 0, 2000, 2000, 10.0), *clutter
    )
    result = infer_levels(v, f, settings=InferenceSettings(max_samples=200_000))
    assert elevations(result) == [0.0, 5.0]
