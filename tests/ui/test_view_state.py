"""The view model and the measure model, without Qt."""

from __future__ import annotations

import math

import pytest

from venueplans.model import Storey
from venueplans.ui.measure import MeasureModel
from venueplans.ui.view_state import ViewState


def _state(n=3):
    st = ViewState()
    st.reset([Storey(f"L{i}", 4.0 * i, i) for i in range(n)])
    return st


def test_all_storeys_visible_by_default():
    st = _state()
    assert st.visible_storeys() == [0, 1, 2]
    assert st.ghosted_storeys() == []


def test_isolate_ghost_and_neighbours():
    st = _state()
    seen = []
    st.subscribe(seen.append)
    st.isolate(1)
    assert st.visible_storeys() == [1] and "storeys" in seen
    st.set_neighbours(above=True)
    assert st.visible_storeys() == [1, 2]
    st.set_neighbours(above=False, below=True)
    assert st.visible_storeys() == [0, 1]
    st.set_neighbours(below=False)
    st.ghost(1)
    assert st.visible_storeys() == [1] and st.ghosted_storeys() == [0, 2]
    with pytest.raises(ValueError):
        st.isolate(7)


def test_step_moves_focus_and_section_follows_floor():
    st = _state()
    st.step(+1)  # from "all": isolates the lowest
    assert st.focus == 0 and st.mode == "isolate"
    st.step(+1)
    st.step(+1)
    st.step(+1)  # clamps at the top
    assert st.focus == 2
    assert st.section_height == pytest.approx(8.0 + 1.2)
    st.step(-1)
    assert st.focus == 1 and st.section_height == pytest.approx(4.0 + 1.2)


def test_categories_and_tools():
    st = _state()
    assert "space" in st.hidden_categories()  # room volumes are off by default
    st.set_category("wall", False)
    assert "wall" in st.hidden_categories()
    with pytest.raises(ValueError):
        st.set_category("unicorn", True)
    st.set_tool("walk")
    assert st.tool == "walk"
    with pytest.raises(ValueError):
        st.set_tool("fly")


def test_measure_distance_and_polyline_length():
    m = MeasureModel()
    m.add((0, 0, 0))
    assert m.distance is None
    m.add((3, 4, 0))
    assert m.distance == pytest.approx(5.0)
    m.add((3, 4, 12))
    assert m.length == pytest.approx(17.0)
    assert m.segments() == pytest.approx([5.0, 12.0])
    m.undo()
    assert m.length == pytest.approx(5.0)
    m.clear()
    assert m.points == [] and math.isclose(m.length, 0.0)


def test_plan_stack_is_a_cut_above_each_floor():
    st = _state()
    st.isolate(2)
    st.set_plan_stack(True)
    assert st.mode == "all" and st.section_each_floor and st.cut_height() == pytest.approx(1.2)
    st.set_section(False)
    assert not st.section_each_floor and st.cut_height() is None


def test_ground_floor_not_basement_is_the_default_storey():
    st = ViewState()
    st.reset([Storey("Basement", -4.0, 0), Storey("Ground", 0.0, 1), Storey("First", 6.0, 2)])
    assert st.focus_storey().name == "Ground"
    assert st.section_height == pytest.approx(1.2)
    st.step(+1)
    assert st.focus == 1  # the first PageUp/PageDown lands on the ground floor
    st.step(-1)
    assert st.focus == 0
