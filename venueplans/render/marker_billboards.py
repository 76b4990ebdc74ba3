"""Tactical markers in 3D as camera-facing billboards of constant screen size.

Each marker is milsymbol's own drawing of its symbol (rasterised from the SVG the printed plans draw as
vector paths: `ops.symbol_raster`) with its label and team above; all the pictures are packed into one
texture atlas and drawn as one polydata of quads, which `Billboards.update` turns to face the camera and
re-sizes before every frame. `annotations.AnnotationLayer` places them on the stems' tops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from venueplans.model.scenario import Annotation
from venueplans.render.style import TEXT_COLOUR, rgb8

PX_PER_UNIT = 0.9  # texture pixels per milsymbol unit (a unit frame is 100 units tall)
MIN_FRAME_M = 0.8  # a unit frame is never smaller than this in the world when the camera comes close


# ====================================================================== symbol textures


@lru_cache(maxsize=16)
def _font(px: int, bold: bool = True):
    """DejaVu Sans (the printed plans' font) from the system or matplotlib, else Pillow's own."""
    from PIL import ImageFont

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    candidates = [name]
    try:
        import matplotlib

        candidates.append(f"{matplotlib.get_data_path()}/fonts/ttf/{name}")
    except ImportError:
        pass
    for path in candidates:
        try:
            return ImageFont.truetype(path, px)
        except OSError:
            continue
    return ImageFont.load_default(px)


@lru_cache(maxsize=64)
def symbol_picture(key_or_sidc: str, px_per_unit: float = PX_PER_UNIT):
    """(RGBA Pillow image, anchor pixel) of a symbol key or SIDC: milsymbol's SVG rasterised through
    svglib, the same drawing the printed plans use as vector paths (`ops.symbol_raster`)."""
    from venueplans.ops.symbol_raster import symbol_raster

    pic, anchor = symbol_raster(key_or_sidc, px_per_unit)
    return pic.copy(), anchor


def marker_picture(a: Annotation):
    """(RGBA image, anchor pixel) of a marker's billboard: label and team above the symbol."""
    from PIL import Image, ImageDraw

    symbol, (ax, ay) = symbol_picture(a.symbol)
    lines = [(a.label, _font(28), rgb8(a.display_colour))] if a.label else []
    if a.team and a.team.lower() != a.label.lower():
        lines.append((a.team, _font(22, bold=False), rgb8(TEXT_COLOUR)))
    sizes = [ImageDraw.Draw(symbol).textbbox((0, 0), t, font=f) for t, f, _ in lines]
    text_h = sum(b[3] - b[1] + 8 for b in sizes)
    width = max([symbol.width] + [b[2] - b[0] + 16 for b in sizes])
    pic = Image.new("RGBA", (width, text_h + symbol.height + (6 if lines else 0)), (0, 0, 0, 0))
    draw = ImageDraw.Draw(pic)
    y = 0
    for (text, font, colour), b in zip(lines, sizes, strict=True):
        tw, th = b[2] - b[0], b[3] - b[1]
        x = (width - tw) / 2
        draw.rounded_rectangle([x - 6, y, x + tw + 6, y + th + 6], radius=5, fill=(255, 255, 255, 225))
        draw.text((x - b[0], y + 3 - b[1]), text, font=font, fill=(*colour, 255))
        y += th + 8
    top = pic.height - symbol.height
    left = (width - symbol.width) // 2
    pic.alpha_composite(symbol, (left, top))
    return pic, (left + ax, top + ay)


def _atlas(pictures: list, width: int = 2048):
    """Pack images on shelves into one RGBA array; returns (array H x W x 4, [(u0, v0, u1, v1)] in 0-1)."""
    from PIL import Image

    width = max([width] + [p.width + 2 for p in pictures])
    places, x, y, shelf = [], 0, 0, 0
    for p in pictures:
        if x + p.width + 2 > width:
            x, y, shelf = 0, y + shelf + 2, 0
        places.append((x, y))
        x += p.width + 2
        shelf = max(shelf, p.height)
    height = max(1, y + shelf)
    sheet = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    uv = []
    for p, (px, py) in zip(pictures, places, strict=True):
        sheet.paste(p, (px, py))
        # VTK textures start at the bottom row: v runs upwards.
        uv.append((px / width, 1 - (py + p.height) / height, (px + p.width) / width, 1 - py / height))
    return np.asarray(sheet, dtype=np.uint8), uv


# ====================================================================== billboards


@dataclass
class Billboards:
    """Camera-facing quads of constant screen size: one per marker, all in one polydata."""

    tops: np.ndarray  # (n,3) world point under each quad's anchor (the stem's top)
    size: np.ndarray  # (n,2) picture width, height in texture pixels
    anchor: np.ndarray  # (n,2) anchor in the quad, 0-1 from its left / bottom
    poly: object
    symbol_px: float
    cells: object = None  # the quads' connectivity, re-ordered far to near before each frame

    def update(self, renderer) -> None:
        n = len(self.tops)
        if not n:
            return
        cam = renderer.GetActiveCamera()
        direction = np.array(cam.GetDirectionOfProjection())
        up = np.array(cam.GetViewUp())
        right = np.cross(direction, up)
        right /= np.linalg.norm(right) or 1.0
        up = np.cross(right, direction)
        height_px = max(1, renderer.GetSize()[1])
        if cam.GetParallelProjection():
            per_px = np.full(n, 2 * cam.GetParallelScale() / height_px)
        else:
            depth = np.maximum((self.tops - np.array(cam.GetPosition())) @ direction, 1e-3)
            per_px = 2 * depth * math.tan(math.radians(cam.GetViewAngle()) / 2) / height_px
        # Texture pixels -> screen pixels so that a unit frame is symbol_px tall; never below MIN_FRAME_M.
        per_texel = np.maximum(per_px * self.symbol_px, MIN_FRAME_M) / (100 * PX_PER_UNIT)
        w, h = self.size[:, 0] * per_texel, self.size[:, 1] * per_texel
        corners = []
        for u, v in ((0, 0), (1, 0), (1, 1), (0, 1)):
            corners.append(self.tops + right * ((u - self.anchor[:, 0]) * w)[:, None]
                           + up * ((v - self.anchor[:, 1]) * h)[:, None])
        pts = np.stack(corners, axis=1).reshape(-1, 3)
        from vtkmodules.util.numpy_support import vtk_to_numpy

        vtk_to_numpy(self.poly.GetPoints().GetData())[:] = pts
        self.poly.GetPoints().Modified()
        # Translucent quads blend in drawing order: draw the farthest first.
        order = np.argsort(-((self.tops - np.array(cam.GetPosition())) @ direction), kind="stable")
        conn = self.poly.GetPolys().GetConnectivityArray()
        vtk_to_numpy(conn)[:] = (order[:, None] * 4 + np.arange(4)).ravel()
        conn.Modified()
        self.poly.GetPolys().Modified()


def billboard_actor(annotations: list[Annotation], tops: np.ndarray, symbol_px: float):
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonCore import vtkPoints
    from vtkmodules.vtkCommonDataModel import vtkCellArray, vtkImageData, vtkPolyData
    from vtkmodules.vtkRenderingCore import vtkActor, vtkPolyDataMapper, vtkTexture

    pictures = [marker_picture(a) for a in annotations]
    sheet, uv = _atlas([p for p, _ in pictures])
    n = len(annotations)
    size = np.array([(p.width, p.height) for p, _ in pictures], dtype=float)
    # The quad stands on the stem's top: its bottom edge (the symbol's frame, pin tip or staff foot) there.
    anchor = np.array([(ax / p.width, 0.0) for p, (ax, _) in pictures])
    poly = vtkPolyData()
    points = vtkPoints()
    points.SetData(numpy_to_vtk(np.zeros((4 * n, 3)), deep=True))
    poly.SetPoints(points)
    quads = vtkCellArray()
    quads.SetData(numpy_to_vtk(np.arange(0, 4 * n + 1, 4, dtype=np.int64), deep=True),
                  numpy_to_vtk(np.arange(4 * n, dtype=np.int64), deep=True))
    poly.SetPolys(quads)
    tc = np.array([[(u0, v0), (u1, v0), (u1, v1), (u0, v1)] for u0, v0, u1, v1 in uv]).reshape(-1, 2)
    tcoords = numpy_to_vtk(np.ascontiguousarray(tc), deep=True)
    tcoords.SetName("tcoords")
    poly.GetPointData().SetTCoords(tcoords)

    image = vtkImageData()
    image.SetDimensions(sheet.shape[1], sheet.shape[0], 1)
    scalars = numpy_to_vtk(np.ascontiguousarray(sheet[::-1].reshape(-1, 4)), deep=True)
    image.GetPointData().SetScalars(scalars)
    texture = vtkTexture()
    texture.SetInputData(image)
    texture.InterpolateOn()
    texture.MipmapOn()
    texture.SetColorModeToDirectScalars()
    mapper = vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.ScalarVisibilityOff()
    actor = vtkActor()
    actor.SetMapper(mapper)
    actor.SetTexture(texture)
    actor.GetProperty().LightingOff()
    actor.ForceOpaqueOn()
    actor.PickableOff()
    return actor, Billboards(tops, size, anchor, poly, symbol_px)
