"""Printable plans: storey sheets and the briefing PDF, drawn through a backend-neutral display list.

    vp = load_venue_plans(cat, venue_id)            # StoreyPlans + the venue's reference grid
    briefing = build_briefing(vp, paper_name="A4")   # cover, tables, one sheet per storey (Drawings)
    write_pdf(briefing.pages, "briefing.pdf")
    write_svg(single_storey_sheet(vp, 0), "ground.svg")

No Qt, no VTK: reportlab writes the PDF, the SVG is hand-written, PNGs are the PDF rasterised by PDFium.
"""

import importlib

# Imported on first use (PEP 562): the desktop app's 2D plan needs the display list, not reportlab and
# the PDF writer, and must not pay for them at start-up.
_WHERE = {
    "Briefing": "briefing", "build_briefing": "briefing", "single_storey_sheet": "briefing",
    "LAYERS": "drawing", "Circle": "drawing", "Drawing": "drawing", "Group": "drawing", "Path": "drawing",
    "Style": "drawing", "Text": "drawing", "pdf_bytes": "pdf", "write_pdf": "pdf", "draw_plan": "plan_drawing",
    "render_png": "png", "PAPERS": "sheets", "drawing_to_svg": "svg", "write_svg": "svg",
    "PaperTransform": "transform", "VenuePlans": "venue_plans", "load_venue_plans": "venue_plans",
}


def __getattr__(name: str):
    if name == "StoreyNotFound":
        from venueplans.model import StoreyNotFound

        return StoreyNotFound
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "LAYERS", "PAPERS", "Briefing", "Circle", "Drawing", "Group", "Path", "PaperTransform", "Style",
    "StoreyNotFound", "Text", "VenuePlans", "build_briefing", "draw_plan", "drawing_to_svg", "load_venue_plans",
    "pdf_bytes", "render_png", "single_storey_sheet", "write_pdf", "write_svg",
]
