"""Printable plans: storey sheets and the briefing PDF, drawn through a backend-neutral display list.

    vp = load_venue_plans(cat, venue_id)            # StoreyPlans + the venue's reference grid
    briefing = build_briefing(vp, paper_name="A4")   # cover, tables, one sheet per storey (Drawings)
    write_pdf(briefing.pages, "briefing.pdf")
    write_svg(single_storey_sheet(vp, 0), "ground.svg")

No Qt, no VTK: reportlab writes the PDF, the SVG is hand-written, PNGs are the PDF rasterised by PDFium.
"""

from venueplans.briefing.briefing import Briefing, build_briefing, single_storey_sheet
from venueplans.briefing.drawing import LAYERS, Circle, Drawing, Group, Path, Style, Text
from venueplans.briefing.pdf import pdf_bytes, write_pdf
from venueplans.briefing.plan_drawing import draw_plan
from venueplans.briefing.png import render_png
from venueplans.briefing.sheets import PAPERS
from venueplans.briefing.svg import drawing_to_svg, write_svg
from venueplans.briefing.transform import PaperTransform
from venueplans.briefing.venue_plans import VenuePlans, load_venue_plans
from venueplans.model import StoreyNotFound

__all__ = [
    "LAYERS", "PAPERS", "Briefing", "Circle", "Drawing", "Group", "Path", "PaperTransform", "Style",
    "StoreyNotFound", "Text", "VenuePlans", "build_briefing", "draw_plan", "drawing_to_svg", "load_venue_plans",
    "pdf_bytes", "render_png", "single_storey_sheet", "write_pdf", "write_svg",
]
