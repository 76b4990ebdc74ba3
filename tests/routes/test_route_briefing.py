"""Route cards, route overlay and the distance map layer on the printed briefing."""

from __future__ import annotations

from datetime import datetime

from venueplans.briefing import load_venue_plans, write_pdf
from venueplans.briefing.routes_layer import route_briefing
from venueplans.ops import routes


def _groups(page, kind):
    return [item for layer in page.layers.values() for item in layer
            if getattr(item, "meta", {}).get("kind") == kind]


def test_route_briefing_draws_route_bands_and_card(cat, theatre, tmp_path):
    result = routes.route(cat, venue_id=theatre, origin="Balcon")
    vp = load_venue_plans(cat, theatre, storeys=[str(i) for i in result.route.storeys])
    briefing = route_briefing(cat, theatre, vp, [result], printed=datetime(2026, 1, 1))
    sheets = {role: page for role, page in zip(briefing.roles, briefing.pages, strict=True)}
    for storey in result.route.storeys:
        page = sheets[f"storey:{storey}"]
        assert _groups(page, "route"), f"route not drawn on storey {storey}"
        bands = _groups(page, "distance_band")
        assert len(bands) >= 3 and _groups(page, "distance_key")
    balcony = sheets["storey:2"]
    # each stair down from the balcony says how far the exit is from its foot
    texts = " ".join(balcony.texts())
    assert "Escalier B down to Rez-de-chaussée" in texts and " m to exit " in texts
    card = sheets["routes"]
    assert _groups(card, "route_card")
    card_text = " ".join(card.texts())
    for expected in ("R1.07 Balcon", result.destination.label, f"{round(result.route.length)} m",
                     "Premier étage > Rez-de-chaussée", "Porte balcon"):
        assert expected in card_text
    out = write_pdf(briefing.pages, tmp_path / "route.pdf", title="route", subject="route")
    assert (tmp_path / "route.pdf").stat().st_size > 10_000 or out
