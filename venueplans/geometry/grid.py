"""The reference grid printed over every plan, so that "exit 4, cell C7" names one place.

Pre-incident plans carry a map grid: letters along the top (columns, west to east), numbers down the side
(rows, north to south, row 1 at the top like a street map). One grid serves the whole venue: every storey
is printed with the same cells, so C7 on the ground floor lies under C7 on the first floor.

The cell size is a round number of metres picked from `CELL_SIZES`, the smallest that keeps the venue
within `MAX_COLUMNS` columns and rows (one letter per column stays readable over the radio); the grid's
corner sits on a multiple of the cell size so the lines fall on round coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from venueplans.i18n import tr

CELL_SIZES = (2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0)
MIN_COLUMNS = 10
MAX_COLUMNS = 26


def column_letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet style; only reached for very elongated venues)."""
    if index < 0:
        raise ValueError(tr("column index must be >= 0"))
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class ReferenceGrid:
    """Square cells of `cell` metres; the top-left (north-west) corner of cell A1 is (`x0`, `y0`)."""

    x0: float  # west edge, metres (local frame)
    y0: float  # north edge, metres
    cell: float
    columns: int
    rows: int

    @property
    def x1(self) -> float:
        return self.x0 + self.columns * self.cell

    @property
    def y1(self) -> float:
        """South edge (rows grow southwards)."""
        return self.y0 - self.rows * self.cell

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) in metres."""
        return (self.x0, self.y1, self.x1, self.y0)

    def column_label(self, column: int) -> str:
        return column_letters(column)

    def row_label(self, row: int) -> str:
        return str(row + 1)

    def column_of(self, x: float) -> int:
        return min(max(int(math.floor((x - self.x0) / self.cell)), 0), self.columns - 1)

    def row_of(self, y: float) -> int:
        return min(max(int(math.floor((self.y0 - y) / self.cell)), 0), self.rows - 1)

    def cell_of(self, x: float, y: float) -> str:
        """The cell containing (x, y), e.g. "C7". Points on a line belong to the cell east / south of it;
        points outside the grid are clamped to the border cell."""
        return f"{self.column_label(self.column_of(x))}{self.row_label(self.row_of(y))}"

    def cell_centre(self, label: str) -> tuple[float, float]:
        """Centre (x, y) of a cell given as "C7"."""
        letters = "".join(ch for ch in label if ch.isalpha()).upper()
        digits = "".join(ch for ch in label if ch.isdigit())
        if not letters or not digits:
            raise ValueError(tr("not a grid cell: {label!r}").format(label=label))
        col = 0
        for ch in letters:
            col = col * 26 + (ord(ch) - ord("A") + 1)
        col -= 1
        row = int(digits) - 1
        return (self.x0 + (col + 0.5) * self.cell, self.y0 - (row + 0.5) * self.cell)


def choose_cell_size(width: float, height: float) -> float:
    """The smallest round cell size that fits *width* x *height* metres in at most MAX_COLUMNS cells
    each way. Small buildings get 2 m cells (fewer than MIN_COLUMNS columns is then unavoidable)."""
    span = max(width, height, 1e-6)
    for size in CELL_SIZES:
        if math.ceil(span / size) + 1 <= MAX_COLUMNS:  # +1: snapping the corner may add a column
            return size
    return CELL_SIZES[-1] * math.ceil(span / (CELL_SIZES[-1] * (MAX_COLUMNS - 1)))


def grid_for_bounds(bounds: tuple[float, float, float, float], *, cell: float | None = None) -> ReferenceGrid:
    """The venue's grid covering *bounds* (west, south, east, north), corner snapped to the cell size."""
    west, south, east, north = bounds
    size = cell or choose_cell_size(east - west, north - south)
    x0 = math.floor(west / size) * size
    y0 = math.ceil(north / size) * size
    columns = max(1, math.ceil((east - x0) / size - 1e-9))
    rows = max(1, math.ceil((y0 - south) / size - 1e-9))
    return ReferenceGrid(x0, y0, size, columns, rows)
