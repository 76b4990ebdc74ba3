"""The briefing of the shipped sample theatre (sample_venues/theatre.ifc), imported through the real
IFC importer. Skipped, with the reason, while the sample has not been generated."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from venueplans.briefing import build_briefing, load_venue_plans, pdf_bytes
from venueplans.catalogue import open_catalogue, read

REPO = Path(__file__).resolve().parents[2]
THEATRE = REPO / "sample_venues" / "theatre.ifc"

pytestmark = pytest.mark.slow  # sample_venues/ is committed: a missing sample is a failure, not a skip


@pytest.fixture(scope="module")
def theatre(tmp_path_factory):
    from venueplans.ops.import_venue import import_venue

    cat = open_catalogue(tmp_path_factory.mktemp("theatre") / "catalogue.sqlite")
    venue_id = import_venue(cat, path=THEATRE, kind="theatre").venue_id
    vp = load_venue_plans(cat, venue_id)
    yield cat, venue_id, vp
    cat.close()


def test_briefing_of_the_sample_theatre(theatre):
    cat, venue_id, vp = theatre
    storeys = read.load_storeys(cat, venue_id)
    assert len(storeys) == 4
    briefing = build_briefing(vp)
    n_tables = briefing.roles.count("tables")
    assert briefing.roles == (["cover", "site"] + ["tables"] * n_tables + [f"storey:{s.index}" for s in storeys]
                              + ["updates"])
    reader = PdfReader(io.BytesIO(pdf_bytes(briefing.pages)))
    assert len(reader.pages) == 2 + n_tables + 4 + 1

    exits = [f for f in read.load_features(cat, venue_id, include_rejected=False) if f.kind == "exit"]
    labelled = [f for f in exits if re.fullmatch(r"Sortie de secours \d+", f.label)]
    assert len(labelled) >= 6
    tables = " ".join(" ".join(reader.pages[2 + i].extract_text().split()) for i in range(n_tables))
    names = {s.index: s.name for s in storeys}
    g = vp.grid
    for f in exits:
        col = math.floor((f.position[0] - g.x0) / g.cell)
        row = math.floor((g.y0 - f.position[1]) / g.cell)
        cell = f"{chr(ord('A') + col)}{row + 1}"
        assert f"{f.number} {cell} {names[f.storey]}" in tables
        page = briefing.roles.index(f"storey:{f.storey}")
        badges = {b.meta["number"]: b.meta["cell"] for b in briefing.pages[page].layers["features"]
                  if b.meta.get("kind") == "exit"}
        assert badges[f.number] == cell
        assert re.search(rf"\b{f.number}\b", reader.pages[page].extract_text())


def test_theatre_plans_show_walls_rooms_and_1500_seats(theatre):
    _, _, vp = theatre
    assert sum(p.seats for p in vp.plans) == 1500
    ground = next(p for p in vp.plans if p.storey.name == "Rez-de-chaussée")
    assert ground.walls.area().area > 50
    assert any(s.name == "Parterre" for s in ground.spaces)
    assert any(d.swing is not None for d in ground.doors)
