"""The briefing and the storey sheets, checked against the catalogue: every exit with its number and
grid cell, one sheet per storey, real text, vector pages, the same plan in SVG and PDF."""

from __future__ import annotations

import io
import math
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from venueplans.briefing import (
    Text,
    build_briefing,
    drawing_to_svg,
    load_venue_plans,
    pdf_bytes,
    render_png,
    single_storey_sheet,
)
from venueplans.catalogue import read, store

PRINTED = datetime(2026, 3, 14, 9, 30)


def expected_cell(vp, x: float, y: float) -> str:
    """The grid cell computed independently of ReferenceGrid.cell_of: from the origin and cell size."""
    g = vp.grid
    col = min(max(math.floor((x - g.x0) / g.cell), 0), g.columns - 1)
    row = min(max(math.floor((g.y0 - y) / g.cell), 0), g.rows - 1)
    assert col < 26
    return f"{chr(ord('A') + col)}{row + 1}"


@pytest.fixture
def theatre(catalogue, plan_catalogue):
    return load_venue_plans(catalogue, plan_catalogue[1])


@pytest.fixture
def briefing_pdf(theatre):
    briefing = build_briefing(theatre, printed=PRINTED)
    return briefing, PdfReader(io.BytesIO(pdf_bytes(briefing.pages)))


def page_text(reader, i):
    return reader.pages[i].extract_text()


def test_one_sheet_per_storey_after_cover_and_one_table_page(catalogue, plan_catalogue, briefing_pdf):
    briefing, reader = briefing_pdf
    storeys = read.load_storeys(catalogue, plan_catalogue[1])
    assert len(storeys) == 3
    # The dossier: reflex sheet, site plan, the exits + access points tables (one page for a small venue),
    # one page per storey, the update table.
    assert briefing.roles == ["cover", "site", "tables"] + [f"storey:{s.index}" for s in storeys] + ["updates"]
    assert len(reader.pages) == 1 + 1 + 1 + len(storeys) + 1
    for i, s in enumerate(storeys):
        text = page_text(reader, 3 + i)
        assert s.name in text
        assert f"Page {4 + i} / {len(reader.pages)}" in text


def test_every_exit_is_in_the_table_with_number_storey_and_cell(catalogue, plan_catalogue, theatre, briefing_pdf):
    _, reader = briefing_pdf
    table = " ".join(page_text(reader, 2).split())  # one cell per line in the extracted text
    exits = [f for f in read.load_features(catalogue, plan_catalogue[1]) if f.kind == "exit"]
    assert len(exits) == 6
    names = {s.index: s.name for s in theatre.storeys}
    for f in exits:
        cell = expected_cell(theatre, f.position[0], f.position[1])
        row = f"{f.number} {cell} {names[f.storey]} {f.width:.2f} m {f.leads_to} {f.label} not reviewed"
        assert row in table, f"exit row {row!r} missing from the table:\n{table}"
    for code in ("ME", "A1", "G2"):
        assert re.search(rf"\b{code}\b", table)


def test_every_exit_is_on_its_storey_sheet_with_its_number(theatre, briefing_pdf):
    briefing, reader = briefing_pdf
    for i, plan in enumerate(theatre.plans):
        sheet = briefing.pages[3 + i]
        badges = [item for item in sheet.layers["features"] if item.meta.get("kind") == "exit"]
        exits = [f for f in plan.features if f.kind == "exit"]
        assert sorted(b.meta["number"] for b in badges) == sorted(f.number for f in exits)
        text = page_text(reader, 3 + i)
        for f in exits:
            cell = expected_cell(theatre, f.position[0], f.position[1])
            badge = next(b for b in badges if b.meta["number"] == f.number)
            assert badge.meta["cell"] == cell
            assert str(f.number) in [t.text for t in badge.items if isinstance(t, Text)]
            assert re.search(rf"\b{f.number}\b", text) and cell in text


def test_svg_and_pdf_show_the_same_sheet(theatre):
    sheet = single_storey_sheet(theatre, 0, printed=PRINTED)
    svg = drawing_to_svg(sheet)
    pdf_text = PdfReader(io.BytesIO(pdf_bytes([sheet]))).pages[0].extract_text()
    for f in (f for f in theatre.plans[0].features if f.kind == "exit"):
        cell = expected_cell(theatre, f.position[0], f.position[1])
        assert f'data-kind="exit" data-number="{f.number}" data-cell="{cell}"' in svg
        assert f"<title>Exit {f.number} ({cell})</title>" in svg  # one name for an exit everywhere
    for text in ("Rez-de-chaussée", "Grande salle", "120 seats", "NOT VERIFIED", "Scale 1:"):
        assert text in svg and text in pdf_text


def test_grid_labels_run_letters_along_the_top_and_numbers_down_the_side(theatre):
    sheet = single_storey_sheet(theatre, 0)
    labels = next(g for g in sheet.layers["frame"] if g.meta.get("kind") == "grid_labels")
    texts = {t.text for t in labels.items}
    g = theatre.grid
    assert {chr(ord("A") + c) for c in range(g.columns)} | {str(r + 1) for r in range(g.rows)} == texts
    assert 10 <= g.columns <= 26


def test_cover_says_not_verified_until_someone_signs(catalogue, plan_catalogue, briefing_pdf):
    _, reader = briefing_pdf
    cover = page_text(reader, 0)
    for text in ("Petit Théâtre", "Theatre", "NOT VERIFIED", "2026-03-14 09:30", "petit-theatre.ifc", "Contents"):
        assert text in cover
    venue_id = plan_catalogue[1]
    with catalogue.atomic():
        store.update_venue(catalogue, venue_id, verified_by="Cpt. Durand", verified_on="2026-03-01",
                           capacity=240, contacts="PC sécurité: 01 23 45 67 89")
    try:
        vp = load_venue_plans(catalogue, venue_id)
        pages = build_briefing(vp, printed=PRINTED).pages
        cover = PdfReader(io.BytesIO(pdf_bytes(pages[:1]))).pages[0].extract_text()
        assert "Verified by Cpt. Durand on 2026-03-01" in cover and "NOT VERIFIED" not in cover
        assert "PC sécurité: 01 23 45 67 89" in cover and "240" in cover
    finally:
        with catalogue.atomic():
            store.update_venue(catalogue, venue_id, verified_by=None, verified_on=None, capacity=None, contacts="")


def test_pages_are_vector_with_real_text(briefing_pdf):
    briefing, reader = briefing_pdf
    for page in reader.pages:
        assert not page.images  # drawn, not a screenshot
        assert page.mediabox.width > page.mediabox.height  # landscape
    assert float(reader.pages[2].mediabox.width) == pytest.approx(297 / 25.4 * 72, abs=0.5)


def test_a3_sheets(theatre):
    briefing = build_briefing(theatre, paper_name="A3")
    assert briefing.pages[2].width == 420 and briefing.pages[2].height == 297


def test_mesh_venue_gets_a_plan(catalogue, plan_catalogue):
    vp = load_venue_plans(catalogue, plan_catalogue[2])
    briefing = build_briefing(vp)
    assert briefing.roles == ["cover", "site", "tables", "storey:0", "storey:1", "updates"]
    sheet = briefing.pages[3]
    walls = sheet.layers["structure"]
    assert walls and walls[0].style.fill == "#1a1a1a"  # a bare mesh's cut is drawn as walls
    assert "none on this storey" in sheet.texts()


def test_scenario_overlay_hook_draws_over_a_storey(theatre):
    def route(drawing, transform):
        x, y = transform.point(5.0, 10.0)
        drawing.add("scenario", Text(x, y, "Colonne Alpha", size=9, bold=True))

    briefing = build_briefing(theatre, overlays={0: [route]})
    first = briefing.roles.index("storey:0")
    assert [t.text for t in briefing.pages[first].layers["scenario"]] == ["Colonne Alpha"]
    assert not briefing.pages[first + 1].layers["scenario"]
    assert "Colonne Alpha" in PdfReader(io.BytesIO(pdf_bytes(briefing.pages[first:first + 1]))).pages[0].extract_text()


def test_png_is_the_rasterised_sheet(theatre, tmp_path):
    from PIL import Image

    path = render_png(single_storey_sheet(theatre, 1), tmp_path / "balcon.png", dpi=100)
    with Image.open(path) as image:
        assert image.size[0] == pytest.approx(297 / 25.4 * 100, abs=1)
        assert image.size[1] == pytest.approx(210 / 25.4 * 100, abs=1)
        assert image.getpixel((5, 5))[:3] == (255, 255, 255)
