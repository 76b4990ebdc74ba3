"""Segments, points and raster outlines handed to GEOS without a Python object each give the same
geometry as the per-object path, and the seating of a stadium no longer floods the garbage collector."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import shapely

from venueplans.geometry.linework import multilines_from_segments, point_sets
from venueplans.geometry.raster import raster_faces, raster_outline
from venueplans.geometry.seating import seating_blocks


def _per_object_faces(raster, cell, origin):
    """The former path: one LineString per outline edge, merged and polygonized."""
    edges = raster_outline(raster) * cell + origin
    rings = shapely.line_merge(shapely.multilinestrings(shapely.linestrings(edges)))
    return shapely.get_parts(shapely.polygonize([rings]))


def _ring_with_island() -> np.ndarray:
    r = np.zeros((40, 50), dtype=bool)
    r[5:35, 5:45] = True
    r[12:28, 12:38] = False  # a hole
    r[17:23, 20:30] = True  # an island in the hole
    r[36:38, 46:48] = True  # touches the block's corner diagonally only
    return r


def test_raster_faces_are_those_of_the_per_edge_path():
    rng = np.random.default_rng(7)
    for raster in (_ring_with_island(), rng.random((60, 80)) > 0.55):
        origin = np.array([-12.5, 3.25])
        got = raster_faces(raster, 0.2, origin)
        want = _per_object_faces(raster, 0.2, origin)
        assert len(got) == len(want) > 3
        key = lambda g: (round(g.area, 9), g.bounds)  # noqa: E731
        for a, b in zip(sorted(got, key=key), sorted(want, key=key), strict=True):
            assert a.equals(b)


def test_multilines_from_segments_equal_one_linestring_per_segment():
    rng = np.random.default_rng(3)
    segs = rng.random((500, 2, 2)) * 100
    offsets = np.array([0, 1, 200, 200, 500])  # a group may be empty
    group = np.repeat(np.arange(4), np.diff(offsets))
    want = shapely.multilinestrings(shapely.linestrings(segs), indices=group, out=np.empty(4, dtype=object))
    got = multilines_from_segments(segs, offsets)
    assert [g.geom_type for g in got] == ["MultiLineString"] * 4
    for a, b in zip(got, want, strict=True):
        assert (a.is_empty and (b is None or b.is_empty)) or shapely.equals_exact(a, b, 0)


def test_point_sets_have_the_hull_and_envelope_of_the_multipoint():
    rng = np.random.default_rng(5)
    pts = rng.random((300, 2)) * 20
    offsets = np.array([0, 1, 3, 100, 300])  # a lone point, a pair, two clouds
    sets = point_sets(pts, offsets)
    for g, (a, b) in enumerate(zip(offsets[:-1], offsets[1:], strict=True)):
        mp = shapely.MultiPoint(pts[a:b])
        assert shapely.equals_exact(shapely.convex_hull(sets[g]), mp.convex_hull, 0)
        assert shapely.equals_exact(shapely.oriented_envelope(sets[g]), shapely.oriented_envelope(mp), 0)
    with pytest.raises(ValueError):
        point_sets(pts, np.array([0, 0, 300]))


def test_a_block_around_a_hole_and_the_seats_inside_it_are_counted_apart():
    outer = [(x, y) for x in np.arange(0, 30, 0.5) for y in np.arange(0, 20, 0.9)
             if not (5 <= x <= 25 and 5 <= y <= 15)]  # a ring of seats around a 20 x 10 m pit
    island = [(x, y) for x in np.arange(12, 18, 0.5) for y in np.arange(9, 11.5, 0.9)]
    blocks = seating_blocks(np.array(outer + island))
    assert sorted(b.seats for b in blocks) == sorted([len(outer), len(island)])
    ring = max(blocks, key=lambda b: b.seats)
    assert len(ring.outline.interiors) == 1  # the pit stays open
    assert not ring.outline.contains(shapely.Point(15, 10))


def _collections_during(fn) -> int:
    """How many young-generation collections Python ran during fn(): one per 700 container objects
    allocated and still alive; each walks them holding the GIL, and they lead to full collections."""
    count = [0]

    def callback(phase, info):
        if phase == "start":
            count[0] += 1

    gc.callbacks.append(callback)
    try:
        fn()
    finally:
        gc.callbacks.remove(callback)
    return count[0]


def test_a_stadium_of_seats_makes_no_python_object_per_seat_or_edge():
    rows = []
    for row in range(30):
        a, b = 100 - row * 0.85, 70 - row * 0.85
        t = np.linspace(0, 2 * np.pi, int(2 * np.pi * np.sqrt((a * a + b * b) / 2) / 0.5), endpoint=False)
        keep = ((t * 24 / (2 * np.pi)) % 1) > 0.15
        rows.append(np.c_[a * np.cos(t[keep]), b * np.sin(t[keep])])
    seats = np.vstack(rows)
    assert len(seats) > 15_000
    seating_blocks(seats[:50])  # scipy is imported on first use: not what is measured
    blocks = []
    collections = _collections_during(lambda: blocks.extend(seating_blocks(seats)))
    assert sum(b.seats for b in blocks) == len(seats)
    # The former path (a Point per seat, a LineString per raster edge) ran 50 of them here; now none.
    assert collections <= 5
