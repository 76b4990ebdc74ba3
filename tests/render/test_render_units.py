"""Render-layer logic that needs no OpenGL: label text and priority, decluttering, symbols, storeys,
sections, seat tiles and levels of detail, quaternions, and the lean import path."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tests.factories import box, two_storey_building
from venueplans.model import Feature, Storey, find_storey
from venueplans.model.geometry import InstanceSet
from venueplans.render import features as F
from venueplans.render import instances as I
from venueplans.render.clipping import Section, clip_bounds


def feature(kind, number=None, storey=0, pos=(0.0, 0.0, 0.0)):
    return Feature(kind, kind, storey, pos, "test", number=number)


def test_label_text_numbers_exits_and_codes_the_rest():
    assert F.label_text(feature("exit", 3)) == "3"  # as on the printed plans: the number on green
    assert F.label_text(feature("entrance")) == "ME"
    assert F.label_text(feature("pedestrian_gate", 2)) == "G2"
    assert F.label_text(feature("stair")) == "S"


def test_priority_puts_exits_first_then_access_then_circulation():
    kinds = [feature("lift"), feature("exit", 2), feature("stair"), feature("access_point", 1),
             feature("exit", 1), feature("entrance"), feature("key_box")]
    ordered = [(f.kind, f.number) for f in sorted(kinds, key=F.priority)]
    assert ordered[:4] == [("exit", 1), ("exit", 2), ("entrance", None), ("access_point", 1)]
    assert ordered[-1] == ("key_box", None)


def test_marker_shapes_differ_per_group():
    shapes = {k: F.marker_shape(k) for k in ("exit", "entrance", "access_point", "stair", "lift", "key_box",
                                             "vomitory")}
    # ISO-style signs (key box, cut-offs, first aid...) are squares, as on the printed plans
    assert shapes == {"exit": "pin", "entrance": "diamond", "access_point": "diamond", "stair": "steps",
                      "lift": "shaft", "key_box": "sign", "vomitory": "ball"}
    for shape in set(shapes.values()):
        parts, _ = F.symbol(shape)
        for _, v, t in parts:
            assert t.max() < len(v) and v[:, 1].min() >= -1e-9 and v[:, 1].max() <= 1.0 + 1e-9


def test_declutter_keeps_first_of_overlapping_labels():
    rects = np.array([[0, 0, 20, 10], [5, 5, 25, 15], [30, 0, 50, 10], [100, 100, 120, 110]], dtype=float)
    assert F.declutter(rects).tolist() == [True, False, True, True]
    assert F.declutter(np.zeros((0, 4))).tolist() == []


def test_find_storey_by_index_name_and_prefix():
    storeys = [Storey("Erdgeschoss", 0.0, 0), Storey("Dachgeschoss", 2.7, 1), Storey("Dachboden", 5.0, 2)]
    assert find_storey(storeys, "1").index == 1
    assert find_storey(storeys, 2).index == 2
    assert find_storey(storeys, "erdgeschoss").index == 0
    assert find_storey(storeys, "Dachg").index == 1
    with pytest.raises(ValueError, match="ambiguous"):
        find_storey(storeys, "Dach")
    with pytest.raises(ValueError, match=r"not found \(storeys: 0: Erdgeschoss"):
        find_storey(storeys, "Keller")


def test_section_planes_fold_the_cut_into_the_box_top_and_follow_lifts():
    assert Section().planes() == []
    cut = Section(height=1.2)
    assert cut.planes(lift=4.0) == [((0.0, 0.0, 5.2), (0.0, 0.0, -1.0))]
    both = Section(height=1.2, box=(0, 10, 0, 5, -1, 3))
    planes = both.planes()
    assert len(planes) == 6 and planes[-1] == ((0.0, 0.0, 1.2), (0.0, 0.0, -1.0))
    assert cut.contains((0, 0, 1.0)) and not cut.contains((0, 0, 4.0))
    assert not both.contains((11, 1, 0))
    assert clip_bounds((0, 20, 0, 12, -0.3, 7.8), cut) == (0, 20, 0, 12, -0.3, 1.2)


def seats(k=5000, spacing=0.5):
    v, t = box(-0.25, -0.25, 0, 0.25, 0.25, 0.8)
    cols = int(np.ceil(np.sqrt(k)))
    tr = np.repeat(np.eye(4, dtype=np.float32)[None], k, axis=0)
    tr[:, 0, 3] = (np.arange(k) % cols) * spacing
    tr[:, 1, 3] = (np.arange(k) // cols) * spacing
    return InstanceSet(0, "furniture", v, t, tr, np.arange(100, 100 + k, dtype=np.int32))


def test_tiles_cover_every_placement_once():
    inst = seats()
    groups = I.tiles(inst, target=1000)
    assert 4 <= len(groups) <= 10
    assert sorted(np.concatenate(groups).tolist()) == list(range(5000))


def test_levels_of_detail_keep_elements_per_cell():
    inst = seats(10)
    idx = np.array([2, 5])
    pts, el = I.dot_points(inst, idx)
    assert pts.shape == (2, 3) and el.tolist() == [102, 105]
    np.testing.assert_allclose(pts[0], inst.transforms[2, :3, 3] + (0, 0, 0.4), atol=1e-6)
    v, t, el = I.proxy_mesh(inst, idx)
    assert v.shape == (16, 3) and t.shape == (20, 3) and el.tolist() == [102] * 10 + [105] * 10
    v, t, el = I.detail_mesh(inst, idx)
    assert t.shape == (24, 3) and len(el) == 24 and t.max() == 15
    sizes = (I.LOD_BOX_PX - 1, (I.LOD_BOX_PX + I.LOD_DETAIL_PX) / 2, I.LOD_DETAIL_PX + 1)
    assert [I.level_for(px) for px in sizes] == [I.DOTS, I.BOXES, I.DETAIL]


def test_tile_bounds_include_off_centre_shapes():
    v, t = box(0, 0, 0, 5, 0.1, 0.2)  # a beam whose origin is at one end
    tr = np.repeat(np.eye(4, dtype=np.float32)[None], 2, axis=0)
    tr[1, 0, 3] = 10
    tiles = I.InstanceTiles.build(InstanceSet(0, "other", v, t, tr, np.array([0, 1], dtype=np.int32)))
    assert tiles.tiles[0].lo.tolist() == pytest.approx([0, 0, 0]) and tiles.tiles[0].hi[0] == pytest.approx(15)


def test_glyph_arrays_recover_rotation_and_refuse_shear():
    inst = seats(3)
    a = np.radians(30)
    inst.transforms[1, :3, :3] = [[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]]
    inst.transforms[2, :3, :3] = np.diag([2.0, 1.0, 1.0])
    pos, quat, scale = I.glyph_arrays(inst)
    np.testing.assert_allclose(quat[1], [np.cos(a / 2), 0, 0, np.sin(a / 2)], atol=1e-6)
    np.testing.assert_allclose(scale[2], [2, 1, 1], atol=1e-6)
    inst.transforms[0, 0, 1] = 0.5  # shear
    assert I.glyph_arrays(inst) is None


def test_importing_render_loads_no_vtk_and_rendering_no_qt():
    code = ("import sys, venueplans.render\n"
            "assert not any(m.startswith(('vtkmodules', 'pyvista')) for m in sys.modules), 'vtk on import'\n"
            "import venueplans.render.scene, venueplans.render.snapshot, venueplans.cli.render_cmds\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyvista', 'pyvistaqt', 'matplotlib')]\n"
            "assert not bad, bad\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_factory_hall_has_what_the_render_tests_rely_on():
    model = two_storey_building(seats=4)
    assert sum(f.kind == "exit" for f in model.features) == 3 and len(model.storeys) == 2
