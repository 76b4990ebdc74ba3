"""Routes in the intervention dossier: `venueplans plan VENUE -o F.pdf --route FROM [TO]` (issue 13)."""

from __future__ import annotations

from pypdf import PdfReader

from tests.routes.test_route_cli import run


def _text(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def test_plan_with_route_adds_a_route_card_page(samples_catalogue, tmp_path):
    path, ids = samples_catalogue
    plain, routed = tmp_path / "plain.pdf", tmp_path / "routed.pdf"
    out = run(path, "plan", str(ids["theatre"]), "-o", str(plain))
    assert out.returncode == 0, out.stderr
    out = run(path, "plan", str(ids["theatre"]), "-o", str(routed), "--route", "Balcon", "exit 1", "--route", "Balcon")
    assert out.returncode == 0, out.stderr
    before, after = _text(plain), _text(routed)
    assert len(after) == len(before) + 1
    cards = [t for t in after if "Balcon" in t and "Length" in t]
    assert len(cards) == 1 and "exit 1" in cards[0]
    assert after.index(cards[0]) == len(after) - 2  # after the storey plans, before the update table
    assert "Update" in after[-1] or "update" in after[-1].lower()


def test_plan_with_an_unknown_place_is_one_clear_line(samples_catalogue, tmp_path):
    path, ids = samples_catalogue
    out = run(path, "plan", str(ids["theatre"]), "-o", str(tmp_path / "x.pdf"), "--route", "nowhere at all")
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "nowhere at all" in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_plan_routes_avoid_the_places_given(samples_catalogue, tmp_path):
    path, ids = samples_catalogue
    free, blocked = tmp_path / "free.pdf", tmp_path / "blocked.pdf"
    out = run(path, "plan", str(ids["theatre"]), "-o", str(free), "--route", "Balcon")
    assert out.returncode == 0, out.stderr
    out = run(path, "plan", str(ids["theatre"]), "-o", str(blocked), "--route", "Balcon", "--avoid", "exit 3",
              "--avoid", "Escalier B")
    assert out.returncode == 0, out.stderr
    free_card, blocked_card = _text(free)[-2], _text(blocked)[-2]
    assert "exit 3" in free_card and "Escalier B" in free_card  # the nearest way out, by stair B
    assert "exit 3" not in blocked_card and "Escalier B" not in blocked_card and "Escalier A" in blocked_card


def test_plan_with_an_unknown_place_to_avoid_is_one_line_naming_it(samples_catalogue, tmp_path):
    path, ids = samples_catalogue
    out = run(path, "plan", str(ids["theatre"]), "-o", str(tmp_path / "x.pdf"), "--route", "Balcon",
              "--avoid", "Escalier Z")
    lines = out.stderr.strip().splitlines()
    assert out.returncode != 0 and len(lines) == 1
    assert "places to avoid" in lines[0] and "Escalier Z" in lines[0]
    assert not (tmp_path / "x.pdf").exists()
    out = run(path, "plan", str(ids["theatre"]), "-o", str(tmp_path / "x.pdf"), "--avoid", "Escalier B")
    assert out.returncode != 0 and "--avoid needs --route" in out.stderr and not (tmp_path / "x.pdf").exists()
