"""Many segments or points handed to GEOS without a Python object each.

`shapely.linestrings(segments)` or `shapely.MultiPoint(points)` make one Python object per segment or
point: for a stadium (tens of thousands of wall-cut segments, raster edges, stair vertices) that holds the
GIL for tens of ms per call, and the allocations set off Python's garbage collector, while the plan is
built beside the GUI thread. These build the same geometries from the coordinates in C.
"""

from __future__ import annotations

import numpy as np
import shapely


def multilines_from_segments(segments: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """One MultiLineString per group of segments: group g is `segments[offsets[g]:offsets[g + 1]]`
    ((K, 2, 2) segments, offsets from 0 to K). The same as `multilinestrings(linestrings(segments),
    indices=...)`."""
    k = len(segments)
    return shapely.from_ragged_array(shapely.GeometryType.MULTILINESTRING,
                                     np.asarray(segments, dtype=np.float64).reshape(-1, 2),
                                     (np.arange(0, 2 * k + 1, 2), np.asarray(offsets, dtype=np.int64)))


def point_sets(points: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Each group of points (N, 2) as one LineString through them, group g being
    `points[offsets[g]:offsets[g + 1]]` (each group non-empty).

    For what depends only on the set of points (convex hull, oriented envelope) it stands for the group's
    MultiPoint: GEOS reads the same coordinates. A lone point is doubled (a line needs two)."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    offsets = np.asarray(offsets, dtype=np.int64)
    sizes = np.diff(offsets)
    if len(sizes) == 0:
        return np.empty(0, dtype=object)
    if (sizes < 1).any():
        raise ValueError("point_sets: every group needs a point")
    group = np.repeat(np.arange(len(sizes)), sizes)
    times = np.ones(len(pts), dtype=np.int64)
    times[offsets[:-1][sizes == 1]] = 2
    return shapely.linestrings(np.repeat(pts, times, axis=0), indices=np.repeat(group, times))
