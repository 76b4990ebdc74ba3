"""Horizontal sections against shapes whose cut is known by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
import trimesh

from plans.synthetic import box, merge
from venueplans.geometry.sections import cut_triangles, section_instances, section_meshes
from venueplans.model.geometry import InstanceSet, MeshBatch


def batch(parts, element=0, category="wall"):
    v, t = merge(*parts)
    return MeshBatch(0, category, v, t, np.full(len(t), element, dtype=np.int32))


def test_box_wall_section_is_its_footprint():
    wall = batch([box(0, 0, 0, 10, 0.3, 3)])
    section = section_meshes([wall], 1.2)
    assert section.area().area == pytest.approx(3.0, rel=1e-6)
    assert section.area().bounds == pytest.approx((0, 0, 10, 0.3), abs=1e-4)
    assert section.lines.is_empty


def test_plane_above_or_below_cuts_nothing():
    wall = batch([box(0, 0, 0, 10, 0.3, 3)])
    assert section_meshes([wall], 3.5).is_empty
    assert section_meshes([wall], -0.5).is_empty


def test_plane_through_vertices_still_closes():
    """A plane exactly at a vertex height: the vertex counts as above, so a solid whose top is exactly at
    the plane is cut at its top, and the rings of both touching boxes close."""
    steps = batch([box(0, 0, 0, 1, 1, 1.2), box(1, 0, 0, 2, 1, 2.0)])
    section = section_meshes([steps], 1.2)
    assert section.area().area == pytest.approx(2.0, rel=1e-6)
    assert section.lines.is_empty
    assert section_meshes([steps], 1.3).area().area == pytest.approx(1.0, rel=1e-6)


def test_separate_elements_keep_their_own_polygons():
    walls = [batch([box(0, 0, 0, 10, 0.3, 3)], element=5), batch([box(0, 0, 0, 0.3, 8, 3)], element=9)]
    section = section_meshes(walls, 1.0)
    assert sorted(section.elements.tolist()) == [5, 9]
    assert section.area().area == pytest.approx(3.0 + 2.4 - 0.09, rel=1e-6)  # overlap at the corner counted once


def test_overlapping_solids_of_one_mesh_merge_and_leave_the_room_open():
    """A bare mesh: four walls crossing at the corners, one element. The room inside must stay empty."""
    walls = batch([box(0, 0, 0, 12, 0.25, 3), box(0, 7.75, 0, 12, 8, 3), box(0, 0, 0, 0.25, 8, 3),
                   box(11.75, 0, 0, 12, 8, 3)], category="other")
    area = section_meshes([walls], 1.2).area()
    assert area.area == pytest.approx(2 * 12 * 0.25 + 2 * 7.5 * 0.25, rel=1e-6)
    assert not area.contains(area.centroid)


@pytest.mark.parametrize("inside_out", [False, True])
def test_ring_wall_keeps_its_hole(inside_out):
    ring = trimesh.creation.annulus(r_min=9, r_max=10, height=3, sections=256)
    ring.apply_translation([0, 0, 1.5])
    faces = ring.faces[:, ::-1] if inside_out else ring.faces
    mesh = MeshBatch(0, "wall", ring.vertices.astype(np.float32), np.ascontiguousarray(faces, dtype=np.uint32),
                     np.zeros(len(faces), dtype=np.int32))
    area = section_meshes([mesh], 1.2).area()
    polygon_area = 0.5 * 256 * math.sin(2 * math.pi / 256) * (10**2 - 9**2)  # inscribed 256-gons
    assert area.area == pytest.approx(polygon_area, rel=1e-4)
    assert not area.contains(area.centroid.buffer(1.0))


def test_open_surface_gives_lines_not_areas():
    quad = MeshBatch(0, "other", np.array([[0, 0, 0], [5, 0, 0], [5, 0, 3], [0, 0, 3]], dtype=np.float32),
                     np.array([[0, 1, 2], [0, 2, 3]], dtype=np.uint32), np.zeros(2, dtype=np.int32))
    section = section_meshes([quad], 1.0)
    assert len(section.polygons) == 0
    assert section.lines.length == pytest.approx(5.0)


def test_cut_is_vectorised_over_all_triangles():
    v, t = merge(*[box(i * 2, 0, 0, i * 2 + 1, 1, 3) for i in range(1000)])
    segments, triangles = cut_triangles(v, t, 1.5)
    assert segments.shape == (8000, 2, 2)  # 8 side triangles per box
    assert len(np.unique(triangles)) == 8000


def test_instances_are_cut_where_they_reach_the_plane():
    v, t = box(-0.5, -0.5, 0, 0.5, 0.5, 2)
    transforms = np.repeat(np.eye(4, dtype=np.float32)[None], 3, axis=0)
    transforms[:, 0, 3] = [0, 5, 10]
    transforms[2, 2, 3] = 10.0  # lifted far above the plane
    inst = InstanceSet(0, "other", v, t, transforms, np.array([1, 2, 3], dtype=np.int32))
    section = section_instances([inst], 1.0)
    assert sorted(section.elements.tolist()) == [1, 2]
    assert section.area().area == pytest.approx(2.0)
