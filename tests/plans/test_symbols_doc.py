"""docs/symbols.md maps every feature kind to its ISO code, short code, colour and drawing: the table
must say what the code draws (a kind added without its row, or a colour changed, fails here)."""

from __future__ import annotations

from pathlib import Path

from venueplans.briefing import symbols
from venueplans.briefing.drawing import Circle, Text
from venueplans.briefing.drawing import Path as DPath
from venueplans.model.features import FEATURE_KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "symbols.md"


def test_every_kind_has_its_row_with_iso_code_and_colour():
    rows = {line.split("|")[1].strip().strip("`"): line for line in DOC.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `")}
    assert set(rows) == set(FEATURE_KINDS)
    for key, kind in FEATURE_KINDS.items():
        row = rows[key]
        assert kind.colour in row and f"`{kind.code}`" in row and (kind.iso or "—") in row, key


def test_iso_families_are_drawn_in_their_colours():
    # Green safe-condition signs, red fire equipment; intervention items white with a red edge.
    for key, kind in FEATURE_KINDS.items():
        make, _, _ = symbols.feature_symbol(key, 1 if kind.numbered else None)
        items = make(0.0, 0.0)
        fills = {i.style.fill for i in items if isinstance(i, (DPath, Circle)) and i.style.fill}
        if kind.iso.startswith("E"):
            assert kind.colour == "#00a651" and kind.colour in fills, key
        if kind.iso.startswith("F"):
            assert kind.colour == "#c8102e" and kind.colour in fills, key
        if kind.shape == "intervention":
            edges = {i.style.stroke for i in items if isinstance(i, DPath)}
            assert "#ffffff" in fills and kind.colour in edges, key
        texts = [i.text for i in items if isinstance(i, Text)]
        if kind.shape != "lift":  # the shaft is a crossed square, no letters
            assert texts and texts[0].startswith(kind.code if key != "exit" else "1"), key
