"""`venueplans plan`: format from the suffix, one SVG/PNG per storey, one-line errors."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from venueplans.cli.main import main
from venueplans.cli.plan_cmds import slug


def run(plan_catalogue, *args):
    return main(["--catalogue", str(plan_catalogue[0]), "plan", *args])


def test_pdf_briefing(plan_catalogue, tmp_path, capsys):
    out = tmp_path / "briefing.pdf"
    assert run(plan_catalogue, "Petit Théâtre", "-o", str(out)) == 0
    assert len(PdfReader(out).pages) == 1 + 1 + 1 + 3 + 1  # reflex sheet, site plan, table, storeys, updates
    assert "7 pages" in capsys.readouterr().out


def test_pdf_of_chosen_storeys(plan_catalogue, tmp_path):
    out = tmp_path / "balcon.pdf"
    assert run(plan_catalogue, str(plan_catalogue[1]), "-o", str(out), "--storey", "balcon", "--paper", "a3") == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1 + 1 + 1 + 1 + 1
    assert "Balcon" in reader.pages[3].extract_text()
    assert float(reader.pages[3].mediabox.width) == pytest.approx(420 / 25.4 * 72, abs=0.5)


def test_svg_one_file_per_storey(plan_catalogue, tmp_path, capsys):
    out = tmp_path / "plan.svg"
    assert run(plan_catalogue, "Petit Théâtre", "-o", str(out)) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["plan-0-rez-de-chaussee.svg", "plan-1-balcon.svg", "plan-2-regie.svg"]
    assert not out.exists()
    assert "Balcon" in (tmp_path / "plan-1-balcon.svg").read_text(encoding="utf-8")
    assert capsys.readouterr().out.count("wrote") == 3


def test_single_storey_svg_and_png_keep_the_name(plan_catalogue, tmp_path):
    assert run(plan_catalogue, "Petit Théâtre", "-o", str(tmp_path / "r.svg"), "--storey", "Régie") == 0
    assert run(plan_catalogue, "Petit Théâtre", "-o", str(tmp_path / "r.png"), "--storey", "2", "--dpi", "72") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.png", "r.svg"]
    assert (tmp_path / "r.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "{tmp}/x.docx"], "unsupported output type .docx"),
        (["-o", "{tmp}/x.pdf", "--storey", "Sous-sol"], "storey 'Sous-sol' not found"),
        (["-o", "{tmp}/x.pdf", "--cut", "-1"], "section height"),
        (["-o", "{tmp}/missing/x.pdf"], "does not exist"),
    ],
)
def test_errors_are_one_line(plan_catalogue, tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert run(plan_catalogue, "Petit Théâtre", *args) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_slug():
    assert slug("Rez-de-chaussée") == "rez-de-chaussee"
    assert slug("Niveau +1 / Tribune Nord") == "niveau-1-tribune-nord"
    assert slug("***") == "storey"
