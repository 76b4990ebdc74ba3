"""Write `Drawing` pages as a vector PDF with reportlab: real paths and real (extractable) text.

The display list has y pointing down from the top of the page; PDF has y up from the bottom, so every
y becomes `height - y`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from venueplans.briefing.drawing import PT, Circle, Drawing, Group, Item, Style, Text
from venueplans.briefing.drawing import Path as PathItem
from venueplans.briefing.fonts import plan_fonts


class _PageWriter:
    def __init__(self, canvas: Canvas, drawing: Drawing):
        self.c = canvas
        self.h = drawing.height
        self.fonts = plan_fonts()

    def _apply(self, style: Style) -> tuple[bool, bool]:
        c = self.c
        fill = style.fill is not None
        stroke = style.stroke is not None and style.width > 0
        if fill:
            c.setFillColor(HexColor(style.fill), alpha=style.fill_opacity)
        if stroke:
            c.setStrokeColor(HexColor(style.stroke))
            c.setLineWidth(style.width * mm)
            c.setDash([d * mm for d in style.dash] if style.dash else [])
            c.setLineJoin(1 if style.round_joins else 0)
            c.setLineCap(1 if style.round_joins else 0)
        return stroke, fill

    def item(self, item: Item) -> None:
        if isinstance(item, PathItem):
            self.path(item)
        elif isinstance(item, Circle):
            stroke, fill = self._apply(item.style)
            if stroke or fill:
                self.c.circle(item.centre[0] * mm, (self.h - item.centre[1]) * mm, item.radius * mm,
                              stroke=int(stroke), fill=int(fill))
        elif isinstance(item, Text):
            self.text(item)
        elif isinstance(item, Group):
            for child in item.items:
                self.item(child)
        else:
            raise TypeError(f"not a drawing item: {type(item).__name__}")

    def path(self, item: PathItem) -> None:
        stroke, fill = self._apply(item.style)
        fill = fill and item.closed
        if not (stroke or fill):
            return
        p = self.c.beginPath()
        drawn = False
        for ring in item.rings:
            if len(ring) < 2:
                continue
            p.moveTo(ring[0][0] * mm, (self.h - ring[0][1]) * mm)
            for x, y in ring[1:]:
                p.lineTo(x * mm, (self.h - y) * mm)
            if item.closed:
                p.close()
            drawn = True
        if drawn:
            self.c.drawPath(p, stroke=int(stroke), fill=int(fill), fillMode=0)  # 0: even-odd

    def text(self, t: Text) -> None:
        c = self.c
        c.saveState()
        c.setFillColor(HexColor(t.colour))
        c.setFont(self.fonts.name(t.bold), t.size)
        dy = -0.35 * t.size * PT if t.baseline == "middle" else 0.0
        c.translate(t.x * mm, (self.h - t.y) * mm)
        if t.rotation:
            c.rotate(t.rotation)
        y = dy * mm
        if t.anchor == "middle":
            c.drawCentredString(0, y, t.text)
        elif t.anchor == "end":
            c.drawRightString(0, y, t.text)
        else:
            c.drawString(0, y, t.text)
        c.restoreState()


def pdf_bytes(pages: Sequence[Drawing], *, title: str = "", subject: str = "", author: str = "venueplans") -> bytes:
    """The PDF document with one page per drawing."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.setTitle(title or (pages[0].title if pages else ""))
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator("venueplans")
    for page in pages:
        canvas.setPageSize((page.width * mm, page.height * mm))
        writer = _PageWriter(canvas, page)
        for _, item in page.items():
            writer.item(item)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_pdf(pages: Sequence[Drawing], path: str | Path, **info: str) -> Path:
    path = Path(path)
    path.write_bytes(pdf_bytes(pages, **info))
    return path
