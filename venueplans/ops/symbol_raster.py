"""One drawing of a symbol for every medium: milsymbol's SVG read by svglib (a maintained SVG library).

svglib turns the SVG into a reportlab drawing. The printed plans take its shapes as vector paths
(`briefing.milsymbol_svg`); the 3D view and the Qt palette take a raster of the very same drawing,
rendered here through reportlab's PDF writer and PDFium (pypdfium2, already used for PNG plans), so a
symbol looks the same on screen, on a billboard and on paper.
"""

from __future__ import annotations

import io
from functools import lru_cache

from venueplans.model.symbol_drawing import render_symbol


def svg_drawing(svg: str):
    """The SVG as a reportlab drawing (svglib); ValueError when it cannot be read."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.StringIO(svg))
    if drawing is None or not drawing.width or not drawing.height:
        raise ValueError("the symbol's SVG could not be read")
    return drawing


def drawing_raster(drawing, px_per_point: float):
    """RGBA Pillow image of a reportlab drawing at *px_per_point* pixels per point, transparent around."""
    import pypdfium2 as pdfium
    from reportlab.graphics import renderPDF

    pdf = pdfium.PdfDocument(renderPDF.drawToString(drawing))
    try:
        bitmap = pdf[0].render(scale=px_per_point, fill_color=(255, 255, 255, 0))
        return bitmap.to_pil().convert("RGBA")
    finally:
        pdf.close()


@lru_cache(maxsize=64)
def symbol_raster(key_or_sidc: str, px_per_unit: float = 1.0):
    """(RGBA image, anchor pixel) of a symbol key or SIDC, *px_per_unit* pixels per milsymbol unit (a
    unit frame is 100 units tall); the anchor is the pixel on the marker's position."""
    image = render_symbol(key_or_sidc, 100.0)
    drawing = svg_drawing(image.svg)
    units_per_point = image.width / drawing.width  # milsymbol draws 1 px per unit at size 100
    pic = drawing_raster(drawing, px_per_unit * units_per_point)
    sx, sy = pic.width / image.width, pic.height / image.height
    return pic, (image.anchor[0] * sx, image.anchor[1] * sy)
