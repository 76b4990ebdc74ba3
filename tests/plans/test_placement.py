"""The placement machinery under the plans: the bucketed occupancy answers like a check of every box,
long texts are cut by bisection to the longest prefix that fits, and hostile lengths stay cheap."""

from __future__ import annotations

import random

from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.placement import Occupancy, Placer
from venueplans.briefing.text_wrap import wrap


def _brute_free(boxes, box, pad):
    x0, y0, x1, y1 = box
    return all(x1 + pad <= a or x0 - pad >= c or y1 + pad <= b or y0 - pad >= d for a, b, c, d in boxes)


def test_bucketed_occupancy_agrees_with_checking_every_box():
    rng = random.Random(7)
    occ = Occupancy(pad=0.4)
    placed = []
    for _ in range(600):
        x, y = rng.uniform(-50, 400), rng.uniform(-50, 300)
        w, h = rng.choice([(rng.uniform(0.5, 12), rng.uniform(0.5, 6)), (rng.uniform(150, 400), 2.0)])
        box = (x, y, x + w, y + h)
        assert occ.free(box) == _brute_free(placed, box, 0.4)
        occ.take(box)
        placed.append(box)
    near = occ.near((100, 100, 110, 105), 0.0)
    touching = {i for i, b in enumerate(placed) if not _brute_free([b], (100, 100, 110, 105), 0.0)}
    assert touching <= near


def test_least_bad_spot_avoids_exits_first():
    hard = Occupancy(pad=0.5)
    hard.take((0, 0, 10, 10))  # an exit badge
    hard.take((20, 0, 30, 10))  # a symbol
    placer = Placer(hard, Occupancy(), (-100, -100, 100, 100), features=[(0, 0, 10, 10)])
    over_exit, over_symbol = (2, 2, 8, 8), (22, 2, 28, 8)
    assert placer.least_bad([over_exit, over_symbol]) == 1


def test_fit_text_keeps_the_longest_prefix_that_fits():
    text = "Coursive basse - Nord, escalier de secours numéro 12"
    for width in (5.0, 20.0, 40.0):
        cut = fit_text(text, 8, width)
        assert cut.endswith("…") and text_width(cut, 8) <= width
        prefix = cut[:-1].rstrip()
        longer = text[: len(prefix) + 1]
        assert text_width(longer + "…", 8) > width or longer.endswith(" ")
    assert fit_text(text, 8, 500.0) == text


def test_hostile_lengths_are_cut_not_measured_forever():
    name = "X" * 100_000
    cut = fit_text(name, 10, 120.0)
    assert len(cut) < 200 and cut.endswith("…")
    lines = wrap(" ".join(["mot"] * 50_000) + " " + "Y" * 100_000, 6.5, 42.0, max_lines=4)
    assert len(lines) == 4 and all(text_width(s, 6.5) <= 42.0 for s in lines)
