"""Time `plan --scenario` on a storey crowded with annotations, and on a hostile 100,000-character name.

    PYTHONPATH=. python bench/bench_plan_scenario.py [N ...]     (default: 1000)

Seeds the sample theatre into a scratch catalogue, writes a scenario of N annotations (markers with
labels and teams, notes, routes, areas) on its ground floor, and prints the seconds the whole command
takes (catalogue read, layout, placement, PDF). Target: 1,000 annotations under 10 s.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from venueplans.catalogue import open_catalogue
from venueplans.catalogue.bundle import import_bundle
from venueplans.cli.main import main
from venueplans.model.scenario import TACTICAL_SYMBOLS, Annotation, Phase
from venueplans.ops.samples import SAMPLES, bundle_path
from venueplans.ops.scenario_edits import insert_scenario


def crowded(n: int, bounds, rng: random.Random) -> list[Annotation]:
    x0, y0, x1, y1 = bounds
    keys = list(TACTICAL_SYMBOLS)

    def pt():
        return (rng.uniform(x0, x1), rng.uniform(y0, y1), 0.0, 0)

    out = []
    for i in range(n):
        kind = i % 10
        if kind < 7:
            out.append(Annotation(0, "marker", 0, [pt()], phase_id=0, symbol=keys[i % len(keys)],
                                  label=f"Unit {i}", team=f"T{i % 7}", ref=f"m{i}"))
        elif kind == 7:
            out.append(Annotation(0, "text", 0, [pt()], phase_id=0, label=f"Note {i}: hold position", ref=f"t{i}"))
        elif kind == 8:
            out.append(Annotation(0, "route", 0, [pt(), pt(), pt()], phase_id=0, label=f"Axis {i}", ref=f"r{i}"))
        else:
            x, y = rng.uniform(x0, x1 - 8), rng.uniform(y0, y1 - 8)
            out.append(Annotation(0, "area", 0, [(x, y, 0, 0), (x + 8, y, 0, 0), (x + 8, y + 8, 0, 0),
                                                 (x, y + 8, 0, 0)], phase_id=0, symbol="danger_zone",
                                  label=f"Zone {i}", ref=f"a{i}"))
    return out


def run(n: int, name: str, tmp: Path) -> float:
    cat_path = tmp / f"bench-{n}-{len(name)}.sqlite"
    with open_catalogue(cat_path) as cat:
        vid = import_bundle(cat, bundle_path(SAMPLES[0]), sample_key="theatre")
        from venueplans.catalogue import read
        feats = [f.position for f in read.load_features(cat, vid) if f.storey == 0]
        xs, ys = [p[0] for p in feats], [p[1] for p in feats]
        bounds = (min(xs), min(ys), max(xs), max(ys))
        with cat.atomic():
            sid = insert_scenario(cat, venue_id=vid, name=name, description="bench", annotations=crowded(
                n, bounds, random.Random(n)), phases=[Phase(0, "Phase", 0)])
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        rc = main(["--catalogue", str(cat_path), "plan", str(vid), "--storey", "0", "--scenario", str(sid),
                   "-o", str(tmp / "out.pdf")])
    assert rc == 0
    return time.perf_counter() - start


if __name__ == "__main__":
    counts = [int(a) for a in sys.argv[1:]] or [1000]
    with tempfile.TemporaryDirectory() as d:
        for n in counts:
            print(f"plan --scenario, {n} annotations on one storey: {run(n, f'Bench {n}', Path(d)):.1f} s")
        print(f"plan --scenario, 10 annotations, 100,000-character name: {run(10, 'X' * 100_000, Path(d)):.1f} s")
