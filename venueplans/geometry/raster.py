"""Boolean rasters traced back into vector outlines (seating blocks, distance bands)."""

from __future__ import annotations

import numpy as np
import shapely

from venueplans.geometry.linework import multilines_from_segments


def raster_outline(raster: np.ndarray) -> np.ndarray:
    """The edges between set and unset cells of a boolean raster, as (K, 2, 2) segments in cell units
    (x = column, y = row), collinear unit edges merged into runs."""
    padded = np.zeros((raster.shape[0] + 2, raster.shape[1] + 2), dtype=np.int8)
    padded[1:-1, 1:-1] = raster
    # Horizontal edges: between rows k-1 and k where exactly one is set; runs of equal sign.
    h_rows, h_start, h_end = _sign_runs(np.diff(padded, axis=0))
    # Vertical edges: the same on the transposed raster.
    v_cols, v_start, v_end = _sign_runs(np.diff(padded, axis=1).T)
    horizontal = np.stack([np.c_[h_start - 1, h_rows], np.c_[h_end - 1, h_rows]], axis=1)
    vertical = np.stack([np.c_[v_cols, v_start - 1], np.c_[v_cols, v_end - 1]], axis=1)
    return np.concatenate([horizontal, vertical]).astype(np.float64)


def raster_faces(raster: np.ndarray, cell: float, origin: np.ndarray) -> np.ndarray:
    """The faces of the raster's outline as polygons in world units (a cell of the raster is the square
    `origin + (column, row) * cell`): one per 4-connected region of set cells, with its holes, and one per
    hole (callers tell them apart by what lies inside).

    The outline's segments go to GEOS as one MultiLineString built in C (`geometry.linework`), not as
    one Python object per segment (a stadium's seating has ~12,000 of them). GEOS merges them
    into rings (outlines never cross, so merging first makes polygonizing cheap) with the GIL released.
    """
    edges = raster_outline(raster) * cell + np.asarray(origin, dtype=np.float64)
    k = len(edges)
    if k == 0:
        return np.empty(0, dtype=object)
    lines = multilines_from_segments(edges, np.array([0, k]))[0]
    return shapely.get_parts(shapely.polygonize([shapely.line_merge(lines)]))


def _sign_runs(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, first column, column after the last) of each run of equal non-zero values in each row."""
    p = np.zeros((a.shape[0], a.shape[1] + 2), dtype=np.int8)
    p[:, 1:-1] = a
    change = p[:, 1:] != p[:, :-1]
    rows, starts = np.nonzero(change[:, :-1] & (p[:, 1:-1] != 0))
    _, last = np.nonzero(change[:, 1:] & (p[:, 1:-1] != 0))
    return rows, starts, last + 1
