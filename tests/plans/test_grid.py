"""The reference grid: round cells, letters west to east, numbers north to south."""

from __future__ import annotations

import pytest

from venueplans.geometry.grid import (
    CELL_SIZES,
    MAX_COLUMNS,
    choose_cell_size,
    column_letters,
    grid_for_bounds,
)


def test_column_letters():
    assert [column_letters(i) for i in (0, 2, 25, 26, 27)] == ["A", "C", "Z", "AA", "AB"]


@pytest.mark.parametrize("span, cell", [(15, 2.0), (60, 2.5), (100, 5.0), (240, 10.0), (450, 20.0)])
def test_cell_size_is_the_smallest_round_size_that_fits(span, cell):
    assert choose_cell_size(span, span / 2) == cell
    assert cell in CELL_SIZES


def test_venue_fits_in_ten_to_twenty_six_columns():
    for span in (30, 55, 80, 130, 200, 260, 400, 600):
        grid = grid_for_bounds((0, 0, span, span * 0.7))
        assert 10 <= grid.columns <= MAX_COLUMNS, (span, grid)


def test_grid_corner_snaps_to_the_cell_and_covers_the_bounds():
    grid = grid_for_bounds((-3.2, 1.1, 27.9, 19.6))
    assert grid.cell == 2.0  # a 31 m span: 16 columns of 2 m
    assert (grid.x0, grid.y0) == (-4.0, 20.0)
    west, south, east, north = grid.bounds
    assert west <= -3.2 and south <= 1.1 and east >= 27.9 and north >= 19.6


def test_cell_of_counts_letters_east_and_numbers_south():
    grid = grid_for_bounds((0, 0, 40, 30), cell=5)
    assert grid.cell_of(0.1, 29.9) == "A1"
    assert grid.cell_of(12.0, 29.9) == "C1"
    assert grid.cell_of(12.0, 0.1) == "C6"
    assert grid.cell_of(39.9, 0.1) == "H6"
    assert grid.cell_of(10.0, 25.0) == "C2"  # on a line: the cell east / south of it
    assert grid.cell_of(-100, 100) == "A1"  # clamped to the border


def test_cell_centre_round_trips():
    grid = grid_for_bounds((0, 0, 200, 120))
    for label in ("A1", "C7", "J3"):
        assert grid.cell_of(*grid.cell_centre(label)) == label
