"""A scenario phase printed over the briefing: what the chosen phase shows and nothing later, moved
markers at their phase position, each storey's items on its own sheet only, exits never covered,
milsymbol symbols as vector paths, and the `plan --scenario/--phase` command line."""

from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import pytest
from pypdf import PdfReader

from tests.factories import two_storey_building
from venueplans.briefing import load_venue_plans, pdf_bytes
from venueplans.briefing.drawing import Circle, Group, Path, Text
from venueplans.briefing.scenario_overlay import (
    ScenarioNotFound,
    item_box,
    load_scenario_print,
    path_rings,
    scenario_briefing,
    scenario_sheet,
    symbol_items,
)
from venueplans.catalogue import open_catalogue
from venueplans.cli.main import main
from venueplans.ops import annotations as annotation_ops
from venueplans.ops import scenario_edits
from venueplans.ops.import_venue import import_venue

PRINTED = datetime(2026, 3, 14, 9, 30)
WHO = "formateur"
NAME = "Exercice de nuit"


def build_exercise(cat, venue_id: int) -> int:
    """Three phases on the two-storey hall (Ground at 0 m, First at 4 m; exits west and east)."""
    sid = scenario_edits.create_scenario(cat, venue_id=venue_id, name=NAME, who=WHO).id
    setup = scenario_edits.add_phase(cat, scenario_id=sid, name="Mise en place", time_offset="H+00:00", who=WHO).id
    entry = scenario_edits.add_phase(cat, scenario_id=sid, name="Entrée", time_offset="H+00:05", who=WHO,
                          notes="Alpha entre par la sortie ouest.").id
    assault = scenario_edits.add_phase(cat, scenario_id=sid, name="Assaut", time_offset="H+00:12", who=WHO).id
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="friendly_team", position=(-4.0, 5.75), storey=0, phase_id=setup,
                   label="Alpha", team="Alpha", colour="#1f78b4", ref="alpha", who=WHO)
    annotation_ops.add_area(cat, scenario_id=sid, kind="cordon", points=[(-8, -6), (28, -6), (28, 18), (-8, 18)], storey=0,
                 phase_id=setup, label="Cordon extérieur", ref="cordon", who=WHO)
    annotation_ops.add_text(cat, scenario_id=sid, text="Accès interdit", position=(10.0, -4.0), storey=0, phase_id=setup,
                 ref="note", who=WHO)
    annotation_ops.move_marker(cat, scenario_id=sid, ref="alpha", phase_id=entry, position=(3.0, 5.75), storey=0, who=WHO)
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="breach_point", position=(0.4, 5.75), storey=0, phase_id=entry,
                   label="Brèche ouest", team="Bravo", ref="breach", who=WHO)
    annotation_ops.add_route(cat, scenario_id=sid, storey=0, phase_id=entry, label="Axe Alpha", team="Alpha",
                  colour="#1f78b4", ref="axis", who=WHO,
                  points=[(1.0, 5.75, 0.0, 0), (3.5, 6.5, 0.0, 0), (3.5, 9.5, 0.0, 0), (3.5, 9.5, 4.0, 1),
                          (10.0, 6.0, 4.0, 1)])
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="hostile", position=(12.0, 6.0), storey=1, phase_id=assault,
                   label="Forcené", ref="hostile", who=WHO)
    annotation_ops.add_marker(cat, scenario_id=sid, symbol="friendly_team", position=(8.0, 3.0), storey=1, phase_id=assault,
                   label="Équipe C", team="Charlie", ref="charlie", who=WHO)
    annotation_ops.add_area(cat, scenario_id=sid, kind="danger_zone", points=[(9, 3), (16, 3), (16, 9), (9, 9)], storey=1,
                 phase_id=assault, label="Zone rouge", ref="danger", who=WHO)
    return sid


@pytest.fixture(scope="module")
def exercise(tmp_path_factory):
    """(catalogue path, venue id) of the hall with the exercise."""
    path = tmp_path_factory.mktemp("scenario-plans") / "catalogue.sqlite"
    with open_catalogue(path) as cat:
        vid = import_venue(cat, path="hall.ifc", name="Salle Pleyel", model=two_storey_building()).venue_id
        build_exercise(cat, vid)
    return path, vid


@pytest.fixture
def cat(exercise):
    c = open_catalogue(exercise[0])
    yield c
    c.close()


@pytest.fixture
def vp(cat, exercise):
    return load_venue_plans(cat, exercise[1])


def briefing_at(cat, vp, venue_id, phase):
    sp = load_scenario_print(cat, venue_id, scenario=NAME, phase=phase)
    return scenario_briefing(vp, sp, printed=PRINTED), sp


def groups(page, kind: str, layer: str | None = None) -> list[Group]:
    layers = [layer] if layer else list(page.layers)
    return [i for name in layers for i in page.layers[name] if isinstance(i, Group) and i.meta.get("kind") == kind]


def leaves(items):
    for i in items:
        if isinstance(i, Group):
            yield from leaves(i.items)
        else:
            yield i


def sheet(briefing, storey: int):
    return briefing.pages[briefing.roles.index(f"storey:{storey}")]


def test_pdf_names_the_phase_and_shows_only_what_is_placed_by_then(cat, vp, exercise):
    briefing, _ = briefing_at(cat, vp, exercise[1], "entrée")
    reader = PdfReader(io.BytesIO(pdf_bytes(briefing.pages)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in ("Exercice de nuit", "Entrée", "H+00:05", "PHASE 2/3", "Alpha entre par la sortie ouest.",
                     "Alpha", "Axe Alpha", "Brèche ouest", "Bravo", "CORDON EXTÉRIEUR", "Accès interdit",
                     "Team Alpha", "Team Bravo", "Breach point", "Friendly team"):
        assert expected in text, expected
    for later in ("Forcené", "Charlie", "Équipe C", "ZONE ROUGE", "Hostile", "Danger zone"):
        assert later not in text, later
    # every storey sheet names the phase in its header banner
    for storey in (0, 1):
        banner = groups(sheet(briefing, storey), "scenario_banner")
        assert [b.meta["phase"] for b in banner] == ["Entrée"]
    cover = " ".join(briefing.pages[0].texts())
    assert "EXERCISE  ·  Exercice de nuit" in cover and "PHASE 2/3  ·  H+00:05  ·  Entrée" in cover


def test_a_moved_marker_is_drawn_at_its_phase_position_with_its_track(cat, vp, exercise):
    t = None
    positions = {}
    for phase, (x, y) in (("Mise en place", (-4.0, 5.75)), ("2", (3.0, 5.75))):
        briefing, _ = briefing_at(cat, vp, exercise[1], phase)
        t = briefing.layout.transform
        ground = sheet(briefing, 0)
        (alpha,) = [g for g in groups(ground, "scenario_marker") if g.meta["ref"] == "alpha"]
        positions[phase] = alpha.meta["position"]
        assert alpha.meta["position"] == pytest.approx(t.point(x, y))
        tracks = [g for g in groups(ground, "scenario_track") if g.meta["ref"] == "alpha"]
        assert len(tracks) == (0 if phase == "Mise en place" else 1)
    assert positions["Mise en place"] != positions["2"]
    # the track runs from the first place to the second, under the exit badges
    (track,) = [g for g in groups(ground, "scenario_track", "grid") if g.meta["ref"] == "alpha"]
    segment = track.items[0].rings[0]
    assert segment[0] == pytest.approx(t.point(-4.0, 5.75)) and segment[-1] == pytest.approx(t.point(3.0, 5.75))


def test_each_storey_sheet_carries_its_own_items(cat, vp, exercise):
    briefing, sp = briefing_at(cat, vp, exercise[1], "Assaut")
    ground, first = sheet(briefing, 0), sheet(briefing, 1)
    refs = {s: {g.meta["ref"] for g in groups(page, "scenario_marker")} for s, page in ((0, ground), (1, first))}
    assert refs[0] == {"alpha", "breach"}
    assert refs[1] == {"hostile", "charlie"}
    assert "Forcené" in first.texts() and "Forcené" not in ground.texts()
    assert "ZONE ROUGE" in first.texts() and "ZONE ROUGE" not in ground.texts()
    # the route climbs the stair: drawn on both sheets, marked where it leaves and arrives
    assert [g.meta["ref"] for g in groups(ground, "scenario_route")] == ["axis"]
    assert [g.meta["ref"] for g in groups(first, "scenario_route")] == ["axis"]
    assert [g.meta["text"] for g in groups(ground, "scenario_storey_change")] == ["to First"]
    assert [g.meta["text"] for g in groups(first, "scenario_storey_change")] == ["from Ground"]
    # legends list what each sheet shows
    assert "Team Charlie" in first.texts() and "Team Charlie" not in ground.texts()
    assert sp.records[1].symbols == ["hostile", "friendly_team"]


@pytest.mark.parametrize("phase", ["Mise en place", "Entrée", "Assaut"])
def test_exit_badges_stay_readable(cat, vp, exercise, phase):
    """Zones are tinted under the walls and exits; no symbol or label of the scenario covers an exit badge."""
    briefing, _ = briefing_at(cat, vp, exercise[1], phase)
    for storey in (0, 1):
        page = sheet(briefing, storey)
        exits = [item_box(g) for g in groups(page, "exit", "features")]
        assert exits
        for area in groups(page, "scenario_area"):
            assert area in page.layers["grid"]  # outline under the features layer
        fills = [i for i in page.layers["seating"] if isinstance(i, Path) and i.style.fill_opacity < 0.5]
        assert fills or storey == 1 and phase != "Assaut"
        on_top = [item_box(i) for i in leaves(page.layers["scenario"])]
        for e in exits:
            for b in on_top:
                overlap = min(e[2], b[2]) - max(e[0], b[0]), min(e[3], b[3]) - max(e[1], b[1])
                assert not (overlap[0] > 0.3 and overlap[1] > 0.3), (phase, storey, e, b)


def test_symbols_are_milsymbol_vector_paths():
    items, box = symbol_items("friendly_team", 100.0, 50.0, height=5.0)
    fills = {i.style.fill for i in items if isinstance(i, Path) and i.style.fill}
    assert "#80e0ff" in fills  # milsymbol's friendly fill, rgb(128, 224, 255)
    assert [i.text for i in items if isinstance(i, Text)] == ["SWAT"]
    assert any(isinstance(i, Circle) for i in items)  # the echelon mark (team) above the frame
    frame = next(i for i in items if isinstance(i, Path) and i.style.fill == "#80e0ff")
    x0, y0 = frame.rings[0].min(axis=0)
    x1, y1 = frame.rings[0].max(axis=0)
    assert (x1 - x0, y1 - y0) == pytest.approx((7.5, 5.0))  # 150 x 100 milsymbol units
    assert ((x0 + x1) / 2, (y0 + y1) / 2) == pytest.approx((100.0, 50.0))  # anchor: the frame's centre
    assert box[0] < x0 and box[3] > y1
    # a control-measure pin stands on its tip
    pin, _ = symbol_items("casualty_collection_point", 20.0, 30.0, height=5.0)
    tip = max((r for i in pin if isinstance(i, Path) for r in i.rings), key=lambda r: r[:, 1].max())
    assert tip[np.argmax(tip[:, 1])] == pytest.approx((20.0, 30.0))


def test_svg_path_reader():
    (square, closed), = path_rings("M 10,10 h 10 v 10 H 10 z")
    assert closed and square.tolist() == [[10, 10], [20, 10], [20, 20], [10, 20]]
    (line, closed), = path_rings("m 0,0 5,0 5,5")  # numbers after a moveto are linetos
    assert not closed and line.tolist() == [[0, 0], [5, 0], [10, 5]]
    (arc, _), = path_rings("M 0,0 A 5,5 0 0,1 10,0")  # half circle through (5, -5)
    assert arc[-1] == pytest.approx((10.0, 0.0))
    assert arc[:, 1].min() == pytest.approx(-5.0, abs=0.05)
    (curve, _), = path_rings("M0 0C0 10 10 10 10 0")
    assert curve[-1] == pytest.approx((10.0, 0.0)) and curve[:, 1].max() == pytest.approx(7.5, abs=0.05)


def test_single_sheet_and_unknown_phase(cat, vp, exercise):
    sp = load_scenario_print(cat, exercise[1], scenario=NAME, phase=None)  # the last phase
    assert sp.state.phase.name == "Assaut"
    page = scenario_sheet(vp, 1, sp, printed=PRINTED)
    assert "Forcené" in page.texts()
    with pytest.raises(ScenarioNotFound, match="no phase 'Sortie' .*1 'Mise en place', 2 'Entrée', 3 'Assaut'"):
        load_scenario_print(cat, exercise[1], scenario=NAME, phase="Sortie")
    with pytest.raises(ScenarioNotFound, match="no scenario 'Exercice'"):
        load_scenario_print(cat, exercise[1], scenario="Exercice", phase="Entrée")


# --- command line ---------------------------------------------------------------------------------


def run(exercise, *args):
    return main(["--catalogue", str(exercise[0]), "plan", "Salle Pleyel", *args])


def test_cli_draws_the_chosen_phase(exercise, tmp_path, capsys):
    out = tmp_path / "brief.pdf"
    assert run(exercise, "-o", str(out), "--scenario", NAME.upper(), "--phase", "Entrée") == 0
    assert "scenario 'Exercice de nuit', phase 2/3 Entrée (H+00:05)" in capsys.readouterr().out
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Brèche ouest" in text and "Forcené" not in text
    svg = tmp_path / "first.svg"
    assert run(exercise, "-o", str(svg), "--scenario", "1", "--phase", "3", "--storey", "First") == 0
    assert "Forcené" in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["--scenario", "Exercice", "--phase", "Entrée"],
     "venueplans: no scenario 'Exercice' in venue 1 (scenarios: 'Exercice de nuit')"),
    (["--scenario", NAME, "--phase", "Sortie"],
     "venueplans: scenario 'Exercice de nuit': no phase 'Sortie' (phases: 1 'Mise en place', 2 'Entrée', 3 'Assaut')"),
    (["--scenario", NAME, "--phase", "4"], "venueplans: scenario 'Exercice de nuit': no phase '4'"),
    (["--phase", "Entrée"], "venueplans: --phase needs --scenario"),
])
def test_cli_rejects_unknown_scenario_or_phase_in_one_line(exercise, tmp_path, capsys, args, message):
    out = tmp_path / "brief.pdf"
    assert run(exercise, "-o", str(out), *args) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not out.exists()
