"""The printed briefing in French: titles, tables, legends, dates and lengths the French way."""

from __future__ import annotations

import io
from datetime import datetime

from pypdf import PdfReader

from venueplans.briefing import build_briefing, load_venue_plans, pdf_bytes
from venueplans.catalogue import store

PRINTED = datetime(2026, 12, 2, 9, 30)


def test_the_briefing_speaks_french(catalogue, plan_catalogue, french):
    venue_id = plan_catalogue[1]
    with catalogue.atomic():
        store.update_venue(catalogue, venue_id, verified_by="Cne Durand", verified_on="2026-03-01")
    try:
        vp = load_venue_plans(catalogue, venue_id)
        briefing = build_briefing(vp, printed=PRINTED)
        reader = PdfReader(io.BytesIO(pdf_bytes(briefing.pages)))
        roles = briefing.roles
        cover, site, tables, sheet, updates = (reader.pages[roles.index(role)].extract_text() for role in
                                               ("cover", "site", "tables", next(r for r in roles if r.startswith("storey:")),
                                                "updates"))
    finally:
        with catalogue.atomic():
            store.update_venue(catalogue, venue_id, verified_by=None, verified_on=None)
    for text in ("PLAN D'INTERVENTION", "Imprimé le 2 décembre 2026 à 09:30", "Vérifié par Cne Durand le 1 mars 2026",
                 "Sommaire", "FICHE RÉFLEXE", "Coupures et commandes", "Théâtre"):
        assert text in cover, text
    assert "Plan de masse" in site and "Faces" in site
    assert "Sorties de secours" in tables and "Débouche sur" in tables
    assert "Tableau des mises à jour" in updates and "Liste de diffusion" in updates
    assert "Niveau 1 sur 3" in sheet and "Échelle 1:" in sheet and "Légende" in sheet
    assert "coupe à 1,20 m au-dessus du sol" in sheet  # decimal comma
    for english in ("Printed", "Contents", "Legend", "Exits on this storey", "NOT VERIFIED"):
        assert english not in cover + site + tables + sheet + updates, english


def test_an_unverified_french_briefing_says_so(catalogue, plan_catalogue, french):
    vp = load_venue_plans(catalogue, plan_catalogue[1])
    cover = PdfReader(io.BytesIO(pdf_bytes(build_briefing(vp, printed=PRINTED).pages[:1]))).pages[0].extract_text()
    assert "NON VÉRIFIÉ" in cover
