"""Write a `Drawing` as a PNG by rasterising its PDF with PDFium (pypdfium2).

Going through the PDF means the PNG is exactly the printed page (same fonts, same anti-aliasing of thin
lines), with no system library and no Qt. 150 dpi reads well on screen and in messaging apps; 300 dpi
for printing from an image.
"""

from __future__ import annotations

from pathlib import Path

from venueplans.briefing.drawing import Drawing
from venueplans.briefing.pdf import pdf_bytes
from venueplans.errors import UserError
from venueplans.i18n import tr

DEFAULT_DPI = 150


class PngUnavailable(UserError, RuntimeError):
    pass


def render_png(drawing: Drawing, path: str | Path, *, dpi: int = DEFAULT_DPI) -> Path:
    """Rasterise *drawing* to *path* at *dpi* dots per inch (white background)."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a packaging error, reported in one line
        raise PngUnavailable(tr("PNG export needs the pypdfium2 package (pip install pypdfium2)")) from exc
    path = Path(path)
    document = pdfium.PdfDocument(pdf_bytes([drawing]))
    try:
        page = document[0]
        bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
        image = bitmap.to_pil()
        image.save(path, format="PNG", optimize=True, dpi=(dpi, dpi))
    finally:
        document.close()
    return path
