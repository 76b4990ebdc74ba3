"""Every storey shows its way down: stairs belong to every storey they serve, not only their own."""

from __future__ import annotations

from venueplans.briefing.venue_plans import load_venue_plans
from venueplans.briefing.ways_out import link_text, no_way_out, ways_down


def _plans(cat, venue):
    return {p.storey.name: p for p in load_venue_plans(cat, venue).plans}


def test_theatre_balcony_lists_its_stairs_down(cat, theatre):
    balcony = _plans(cat, theatre)["Premier étage"]
    texts = [link_text(lk, balcony.storey.index) for lk in ways_down(balcony)]
    # "S2 down to Rez-de-chaussée, 24 m to exit 3": where it leads, and how far the exit is from its foot
    assert any(t.startswith("Escalier A down to Rez-de-chaussée, ") and " m to exit " in t for t in texts), texts
    assert any(t.startswith("Escalier B down to Rez-de-chaussée, ") for t in texts), texts
    assert not no_way_out(balcony)
    # The arriving flights are drawn on the balcony, though the stairs belong to lower storeys.
    arriving = {s.label for s in balcony.stairs if s.arriving}
    assert {"Escalier A", "Escalier B"} <= arriving


def test_stadium_upper_levels_list_their_stairs_down(cat, stadium):
    plans = _plans(cat, stadium)
    for name, below in (("Niveau 1 - Coursive basse", "Niveau 0 - Parvis et terrain"),
                        ("Niveau 2 - Coursive haute", "Niveau 1 - Coursive basse")):
        plan = plans[name]
        downs = [link_text(lk, plan.storey.index) for lk in ways_down(plan)]
        assert len(downs) == 8, downs
        assert any(t.startswith(f"Escalier 3 down to {below}, ") and " m to exit " in t for t in downs), downs
        assert sum(s.arriving for s in plan.stairs) == 8
        # Lifts are shown on every storey they serve, never counted as a way down.
        assert sum(f.kind == "lift" for f in plan.features) == 4


def test_storey_without_exit_or_stair_is_a_finding(cat, stadium):
    plans = _plans(cat, stadium)
    assert no_way_out(plans["Toiture"])
    assert not no_way_out(plans["Niveau 0 - Parvis et terrain"])
