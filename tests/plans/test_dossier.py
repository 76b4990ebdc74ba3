"""The intervention dossier of the shipped sample theatre and stadium (the bundles a new catalogue is
seeded with): readable at a glance (no symbol or label covers another, with and without the example
exercise), a reflex sheet first, a site plan with faces A-D, one page per storey with something on it,
the update table last."""

from __future__ import annotations

import io
import math
import re
from datetime import datetime

import pytest
import shapely
from pypdf import PdfReader

from venueplans.briefing import build_briefing, load_venue_plans, pdf_bytes
from venueplans.briefing.legibility import marks, overlaps
from venueplans.briefing.scenario_overlay import load_scenario_print, scenario_briefing
from venueplans.catalogue import open_catalogue
from venueplans.catalogue.bundle import import_bundle
from venueplans.ops import features as feature_ops
from venueplans.ops.example_exercise import build_example_scenario
from venueplans.ops.samples import SAMPLES, bundle_path
from venueplans.ops.scenario_reads import list_scenarios, load_phases

PRINTED = datetime(2026, 3, 14, 9, 30)


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """A catalogue holding the sample theatre and stadium, each with the example exercise."""
    missing = [s.key for s in SAMPLES if not bundle_path(s).is_file()]
    assert not missing, f"sample bundles missing: {missing} (`make samples` builds them)"
    cat = open_catalogue(tmp_path_factory.mktemp("dossier") / "catalogue.sqlite")
    ids = {s.key: import_bundle(cat, bundle_path(s), sample_key=s.key) for s in SAMPLES}
    for vid in ids.values():
        if not list_scenarios(cat, venue_id=vid):
            build_example_scenario(cat, venue_id=vid)
    yield cat, ids
    cat.close()


def _briefings(cat, vid):
    vp = load_venue_plans(cat, vid)
    yield "no scenario", build_briefing(vp, printed=PRINTED)
    sid = list_scenarios(cat, venue_id=vid)[0].id
    for phase in load_phases(cat, scenario_id=sid):
        sp = load_scenario_print(cat, vid, scenario=sid, phase=phase.index + 1)
        yield f"phase {phase.name}", scenario_briefing(vp, sp, printed=PRINTED)


@pytest.mark.parametrize("sample", ["theatre", "stadium"])
def test_no_symbol_or_label_covers_another(samples, sample):
    cat, ids = samples
    seen = 0
    for what, briefing in _briefings(cat, ids[sample]):
        for page, role in zip(briefing.pages, briefing.roles, strict=True):
            if role.startswith("storey:") or role == "site":
                found = overlaps(page)
                assert not found, f"{sample}, {what}, {role}: " + "; ".join(
                    f"{a.title} over {b.title}" for a, b in found[:5])
                seen += len(marks(page))
    assert seen > 100  # the measure saw the exits, stairs, symbols and labels


def test_exits_and_lifts_on_the_stadium_ground_floor_do_not_touch(samples):
    cat, ids = samples
    vp = load_venue_plans(cat, ids["stadium"])
    briefing = build_briefing(vp, printed=PRINTED)
    ground = briefing.pages[briefing.roles.index("storey:0")]
    ms = marks(ground)
    exits = [m for m in ms if m.kind == "exit"]
    lifts = [m for m in ms if m.kind == "lift"]
    assert len(exits) == 8 and lifts
    for e in exits:
        for lift in lifts:
            assert (e.box[2] <= lift.box[0] or lift.box[2] <= e.box[0] or e.box[3] <= lift.box[1]
                    or lift.box[3] <= e.box[1]), f"{lift.title} covers {e.title}"


def test_room_labels_sit_in_their_own_room_not_on_the_pitch(samples):
    cat, ids = samples
    vp = load_venue_plans(cat, ids["stadium"])
    briefing = build_briefing(vp, printed=PRINTED)
    plan = vp.plans[0]
    page = briefing.pages[briefing.roles.index("storey:0")]
    t = briefing.layout.transform
    pitch = next(s for s in plan.spaces if "jeu" in s.name.lower())
    parvis = next(s for s in plan.spaces if s.name.lower() == "parvis")
    label = next(g for g in page.layers["labels"] if g.meta.get("name") == parvis.name)
    text = label.items[1]  # the room number (the halo comes first)
    centre = t.world(text.x, text.y)
    assert parvis.outline.contains(shapely.Point(centre))
    assert not pitch.outline.contains(shapely.Point(centre)), "the forecourt's name is printed on the pitch"


def test_dossier_order_reflex_sheet_site_plan_storeys_updates(samples):
    cat, ids = samples
    vp = load_venue_plans(cat, ids["stadium"])
    briefing = build_briefing(vp, printed=PRINTED)
    roles = briefing.roles
    assert roles[0] == "cover" and roles[1] == "site" and roles[-1] == "updates"
    storeys = [r for r in roles if r.startswith("storey:")]
    # The bare roof has nothing at the cut height: no empty page, and the contents say so.
    assert "storey:3" not in storeys and len(storeys) == 3
    assert briefing.omitted == ["Toiture"]
    reader = PdfReader(io.BytesIO(pdf_bytes(briefing.pages)))
    assert len(reader.pages) == len(roles)
    sheet = " ".join(reader.pages[0].extract_text().split())
    for heading in ("REFLEX SHEET", "NOT VERIFIED", "Cut-offs and controls", "Gas shut-off", "Fire panel (SSI)",
                    "Key box", "Ways in", "Assembly points", "Contents", "Stade de l'Exemple", "40,000",  # English separators
                    "Toiture: empty, no page"):
        assert heading in sheet, heading
    contents = briefing.pages[0].texts()
    assert not any(t.endswith("…") for t in contents), "the reflex sheet cuts a text"
    site = briefing.pages[1]
    faces = sorted(g.meta["face"] for g in site.layers["features"] if g.meta.get("kind") == "face")
    assert faces == ["A", "B", "C", "D"]
    updates = " ".join(reader.pages[-1].extract_text().split())
    assert "Update table" in updates and "Distribution list" in updates and "stadium.ifc" in updates


def test_faces_run_clockwise_from_the_main_entrance(samples):
    cat, ids = samples
    vp = load_venue_plans(cat, ids["theatre"])
    briefing = build_briefing(vp, printed=PRINTED)
    site = briefing.pages[briefing.roles.index("site")]
    sides = {g.meta["face"]: g.meta["side"] for g in site.layers["features"] if g.meta.get("kind") == "face"}
    access = next(g for g in site.layers["features"] if g.meta.get("kind") in ("entrance", "access_point"))
    ax, ay = access.items[0].rings[0].mean(axis=0)

    def distance(side) -> float:
        return shapely.LineString(side).distance(shapely.Point(ax, ay))

    assert min(sides, key=lambda k: distance(sides[k])) == "A"  # the front: the main way in's side
    # Paper y grows downwards: clockwise on the page is increasing screen angle.
    centre = {k: ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for k, (a, b) in sides.items()}
    mx = sum(c[0] for c in centre.values()) / 4
    my = sum(c[1] for c in centre.values()) / 4
    angle = {k: math.atan2(c[1] - my, c[0] - mx) for k, c in centre.items()}
    steps = [(angle[b] - angle[a]) % (2 * math.pi) for a, b in zip("ABC", "BCD", strict=True)]
    assert all(0 < s < math.pi for s in steps)
    # each letter sits near its own side
    for g in site.layers["features"]:
        if g.meta.get("kind") == "face":
            cx, cy = g.items[0].centre
            near = min(sides, key=lambda k: shapely.LineString(sides[k]).distance(shapely.Point(cx, cy)))
            assert near == g.meta["face"]


def test_cut_offs_and_outdoor_features_reach_the_reflex_sheet_and_site_plan(samples):
    cat, ids = samples
    vid = ids["theatre"]
    vp0 = load_venue_plans(cat, vid)
    x, y = vp0.grid.x0 + vp0.grid.cell * 1.5, vp0.grid.y0 - vp0.grid.cell * 1.5
    feature_ops.add_feature(cat, venue_id=vid, kind="gas_shutoff", position=(x, y, 0.0), storey=1, label="Vanne gaz")
    feature_ops.add_feature(cat, venue_id=vid, kind="fire_hydrant", position=(x + 3, y, 0.0), storey=1,
                            label="PI 100")
    feature_ops.add_feature(cat, venue_id=vid, kind="key_box", position=(x, y - 3, 0.0), storey=1, label="Boîte")
    vp = load_venue_plans(cat, vid)
    briefing = build_briefing(vp, printed=PRINTED)
    sheet = " ".join(briefing.pages[0].texts())
    cell = vp.grid.cell_of(x, y)
    assert re.search(rf"GAZ\s+\S.* · {cell}\s+Vanne gaz", sheet), sheet
    assert "PI 100" in sheet and "Boîte" in sheet
    site = briefing.pages[briefing.roles.index("site")]
    kinds = {g.meta.get("kind") for g in site.layers["features"]}
    assert {"fire_hydrant", "key_box"} - kinds == {"key_box"}  # outdoor features on the site plan, not a key box
    updates = " ".join(briefing.pages[-1].texts())
    assert "draft: 3 features added" in updates


def test_update_table_versions_follow_the_sign_offs(samples):
    from venueplans.briefing.update_table import versions
    from venueplans.catalogue.plan_history import PlanEvent

    cat, ids = samples
    vp = load_venue_plans(cat, ids["stadium"])
    events = [
        PlanEvent("2026-03-01T10:00:00", "alice", "feature.add", {}),
        PlanEvent("2026-03-01T10:05:00", "alice", "feature.add", {}),
        PlanEvent("2026-03-02T09:00:00", "bob", "signoff", {"by": "Cpt. Durand", "on": "2026-03-02"}),
        PlanEvent("2026-03-05T09:00:00", "alice", "exits.renumber", {}),
        PlanEvent("2026-03-06T09:00:00", "carol", "signoff.withdrawn", {"reason": "gate moved"}),
    ]
    rows = versions(vp, events)
    assert [(r.number, r.by) for r in rows] == [("0", "building model"), ("1", "Cpt. Durand"),
                                                ("-", "carol"), ("-", "(not signed)")]
    assert rows[1].what == "2 features added" and rows[1].date == "2026-03-02" and not rows[1].alert
    assert rows[2].what == "sign-off withdrawn: gate moved" and rows[2].alert
    assert rows[3].what == "draft: exits renumbered" and rows[3].alert
