"""numpy triangles -> vtkPolyData without copying the big arrays.

The catalogue decodes geometry into read-only numpy views; VTK is handed those very buffers
(`numpy_to_vtk(deep=False)`) and a fixed-size cell array (3 points per cell, no offsets array), so a
venue's triangles exist once in memory on the CPU side. VTK does not own numpy memory: every polydata
built here keeps its source arrays alive in `KEEP_ALIVE_ATTR`, and callers keep the polydata.
"""

from __future__ import annotations

import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkPolyData

ELEMENT_ARRAY = "element"  # per-cell element index, what a pick maps back to
COLOUR_ARRAY = "colour"  # optional per-cell RGB (uint8): exit doors green, stairs orange...
KEEP_ALIVE_ATTR = "_numpy_refs"


def vtk_array(values: np.ndarray, name: str | None = None):
    """A VTK array sharing *values*' memory (made contiguous first if it is not)."""
    values = np.ascontiguousarray(values)
    arr = numpy_to_vtk(values, deep=False)
    if name:
        arr.SetName(name)
    return arr, values


def triangle_polydata(vertices: np.ndarray, triangles: np.ndarray, cell_arrays: dict[str, np.ndarray] | None = None):
    """Polydata over float32 (N,3) *vertices* and uint32/int32 (M,3) *triangles*, plus named cell arrays.

    uint32 indices are reinterpreted as int32 (a venue batch never has 2**31 vertices), which is one of
    the connectivity types vtkCellArray stores natively.
    """
    vertices = np.asarray(vertices)
    if vertices.dtype not in (np.float32, np.float64):
        vertices = vertices.astype(np.float32)
    tris = np.asarray(triangles)
    if tris.dtype == np.uint32:
        tris = tris.view(np.int32)
    elif tris.dtype not in (np.int32, np.int64):
        tris = tris.astype(np.int64)
    refs = []
    pts_arr, v = vtk_array(vertices.reshape(-1, 3))
    refs.append(v)
    points = vtkPoints()
    points.SetData(pts_arr)
    conn_arr, c = vtk_array(tris.reshape(-1))
    refs.append(c)
    cells = vtkCellArray()
    cells.SetData(3, conn_arr)
    poly = vtkPolyData()
    poly.SetPoints(points)
    poly.SetPolys(cells)
    for name, values in (cell_arrays or {}).items():
        arr, kept = vtk_array(values, name)
        refs.append(kept)
        poly.GetCellData().AddArray(arr)
    setattr(poly, KEEP_ALIVE_ATTR, refs)
    return poly


def point_polydata(points: np.ndarray, point_arrays: dict[str, np.ndarray] | None = None):
    """Polydata of bare points (glyph centres) with named point arrays, sharing memory like above."""
    pts_arr, p = vtk_array(np.asarray(points, dtype=np.float32).reshape(-1, 3))
    vp = vtkPoints()
    vp.SetData(pts_arr)
    poly = vtkPolyData()
    poly.SetPoints(vp)
    refs = [p]
    for name, values in (point_arrays or {}).items():
        arr, kept = vtk_array(values, name)
        refs.append(kept)
        poly.GetPointData().AddArray(arr)
    setattr(poly, KEEP_ALIVE_ATTR, refs)
    return poly


def polyline_polydata(points: np.ndarray, *, closed: bool = False):
    """One polyline through (N, 3) *points* (back to the first with *closed*), plus its points as vertices
    so that `flat_actor(..., point_size=)` can also mark them."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    poly = point_polydata(pts)
    n = len(pts)
    verts = vtkCellArray()
    for i in range(n):
        verts.InsertNextCell(1)
        verts.InsertCellPoint(i)
    poly.SetVerts(verts)
    if n >= 2:
        order = list(range(n)) + ([0] if closed and n >= 3 else [])
        lines = vtkCellArray()
        lines.InsertNextCell(len(order))
        for i in order:
            lines.InsertCellPoint(i)
        poly.SetLines(lines)
    return poly


def flat_actor(mesh, rgb: tuple[float, float, float], *, line_width: float | None = None,
               point_size: float | None = None, lighting: bool = True):
    """An unpickable actor drawing *mesh* in one colour (RGB 0..1): overlays such as a selection, a route,
    a measurement, which must never be what a click picks. With *point_size*, its vertices are drawn as
    round dots of that many pixels."""
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper

    mapper = vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    mapper.ScalarVisibilityOff()
    actor = vtkActor()
    actor.SetMapper(mapper)
    actor.PickableOff()
    prop = actor.GetProperty()
    prop.SetColor(*rgb)
    if line_width:
        prop.SetLineWidth(line_width)
    if point_size:
        prop.SetPointSize(point_size)
        prop.RenderPointsAsSpheresOn()
    if not lighting:
        prop.LightingOff()
    return actor
