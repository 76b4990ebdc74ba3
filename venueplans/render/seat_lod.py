"""Seats by level of detail: each InstanceSet (seats and other shapes repeated many times) is tiled, and each
tile is drawn as dots, boxes or full shapes by the size of a seat on screen, chosen before every frame;
levels are built on first use. `seats="merged"` draws every tile in full, `"glyph"` instances the shape
on the GPU (vtkGlyph3DMapper). Measured on software OpenGL: merged full-detail seats orbit 2x slower
and glyphs 3.5x slower than the levels (bench/bench_open_vs_f3d.py).

`SeatLevels` is a mixin of `render.scene.VenueScene` (it uses the scene's parts, renderer and storey state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from venueplans.model.geometry import InstanceSet
from venueplans.render.instances import (
    BOXES,
    DETAIL,
    DOT_SIZE,
    DOTS,
    TILE_TARGET,
    InstanceTiles,
    detail_mesh,
    dot_points,
    glyph_arrays,
    level_for,
    proxy_mesh,
)
from venueplans.render.meshes import ELEMENT_ARRAY, point_polydata, triangle_polydata
from venueplans.render.parts import Part

SOLID = "solid"


@dataclass
class SeatSet:
    """One InstanceSet drawn as tiles; each tile's parts per level of detail live on the tile."""

    storey: int | None
    category: str
    tiles: InstanceTiles


class SeatLevels:
    def _add_instances(self, inst: InstanceSet) -> None:
        if self.seat_mode == "glyph":
            arrays = glyph_arrays(inst)
            if arrays is not None:
                self._add_glyphs(inst, *arrays)
                return
        target = TILE_TARGET if self.seat_mode == "lod" else max(1, len(inst.transforms))  # merged: one tile
        seat_set = SeatSet(inst.storey, inst.category, InstanceTiles.build(inst, target=target))
        if self.seat_mode == "merged":
            for tile in seat_set.tiles.tiles:
                self._show_level(seat_set, tile, DETAIL)
        self._seats.append(seat_set)  # lod: levels are built before the first frame, as the camera needs them

    def _level_part(self, seat_set: SeatSet, tile, level: int) -> Part:
        """The part drawing *tile* at *level*, built on first use."""
        part = tile.parts.get(level)
        if part is not None:
            return part
        inst = seat_set.tiles.inst
        if level == DOTS:
            points, el = dot_points(inst, tile.index)
            poly = point_polydata(points, None)
            poly.SetVerts(_vertex_cells(len(points)))
            part = Part(inst.storey, inst.category, None, el, poly, instanced=True, dots=True)
        else:
            v, tri, el = (proxy_mesh if level == BOXES else detail_mesh)(inst, tile.index)
            part = Part(inst.storey, inst.category, None, el, triangle_polydata(v, tri, {ELEMENT_ARRAY: el}),
                         instanced=True)
        part.lod_on = False
        tile.parts[level] = self._add_part(part)
        self._apply_part(part)
        return part

    def _show_level(self, seat_set: SeatSet, tile, level: int) -> None:
        shown = self._level_part(seat_set, tile, level)
        for part in tile.parts.values():
            on = part is shown
            if part.lod_on != on:
                part.lod_on = on
                self._apply_part(part)
        tile.level = level

    def _add_glyphs(self, inst: InstanceSet, positions, quaternions, scales) -> None:
        from vtkmodules.vtkRenderingCore import vtkGlyph3DMapper

        points = point_polydata(positions, {"orientation": quaternions, "scale": scales})
        source = triangle_polydata(inst.vertices, inst.triangles)
        mapper = vtkGlyph3DMapper()
        mapper.SetInputData(points)
        mapper.SetSourceData(source)
        mapper.SetOrientationArray("orientation")
        mapper.SetOrientationModeToQuaternion()
        mapper.SetScaleArray("scale")
        mapper.SetScaleModeToScaleByVectorComponents()
        mapper.ScalarVisibilityOff()
        mapper._source = source
        self._add_part(Part(inst.storey, inst.category, None, np.asarray(inst.elements), points, instanced=True,
                             glyph_positions=np.asarray(positions), instances=inst), mapper=mapper)

    def _choose_seat_levels(self) -> None:
        if self.seat_mode != "lod":
            return
        for s in self._seats:
            if s.category in self._hidden_categories or self._state_of(s.storey) != SOLID:
                continue
            pixels = s.tiles.seat_pixels(self.renderer, self._lift(s.storey))
            for tile, px in zip(s.tiles.tiles, pixels, strict=True):
                level = level_for(px)
                if level != tile.level:
                    self._show_level(s, tile, level)
                if level == DOTS:  # a dot as wide as a seat looks, at least one pixel
                    tile.parts[DOTS].actor.GetProperty().SetPointSize(float(np.clip(round(px * DOT_SIZE), 1, 6)))

    def _tile_bounds(self, seat_set: SeatSet, tile):
        lift = self._lift(seat_set.storey)
        return (tile.lo[0], tile.hi[0], tile.lo[1], tile.hi[1], tile.lo[2] + lift, tile.hi[2] + lift)


def _vertex_cells(n: int):
    """A vertex cell per point (what makes points drawable)."""
    from vtkmodules.vtkCommonDataModel import vtkCellArray

    from venueplans.render.meshes import vtk_array

    cells = vtkCellArray()
    ids, kept = vtk_array(np.arange(n, dtype=np.int32))
    cells.SetData(1, ids)
    cells._ids = kept
    return cells
