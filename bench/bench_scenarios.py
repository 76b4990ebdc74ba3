"""Scenario file import (and `plan --scenario`) time against the number of annotations.

    python bench/bench_scenarios.py                 # 1,000 / 5,000 / 20,000 annotations, import only
    python bench/bench_scenarios.py --plan          # also `plan --scenario` (one storey, PDF) per size
    python bench/bench_scenarios.py --sizes 1000 5000

Uses the sample theatre of a scratch catalogue; the scenario holds markers, routes and areas spread over
the theatre's ground floor, in two phases. Prints seconds per size: a linear import keeps the ratio
time / annotations flat. The machine's load average is printed too: wall-clock times on a shared
machine are only comparable at a similar load (CPU seconds are steadier).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from venueplans.catalogue import open_catalogue, read
from venueplans.catalogue.bundle import import_bundle
from venueplans.ops.samples import SAMPLES, bundle_path
from venueplans.ops.scenario_json import import_scenario

SYMBOLS = ("friendly_team", "hostile", "civilian", "observation_post")


def scenario_text(n: int, storey: dict, bbox, seed: int = 1) -> str:
    rnd = random.Random(seed)
    (x0, y0, _), (x1, y1, _) = bbox

    def pt():
        return [round(rnd.uniform(x0, x1), 3), round(rnd.uniform(y0, y1), 3), storey["elevation"], storey["index"]]

    annotations = []
    for i in range(n):
        kind = ("marker", "marker", "route", "area")[i % 4]
        points = [pt()] if kind == "marker" else [pt() for _ in range(2 if kind == "route" else 4)]
        annotations.append({
            "ref": f"r{i}", "type": kind, "phase": ("Set-up", "Entry")[i % 2],
            "storey": {"index": storey["index"], "name": storey["name"]},
            "symbol": SYMBOLS[i % len(SYMBOLS)] if kind == "marker" else ("cordon" if kind == "area" else ""),
            "label": f"Equipe {i}", "team": "Alpha", "colour": "", "notes": "", "points": points,
        })
    return json.dumps({
        "format": "venueplans-scenario", "version": 1, "venue": {"name": "bench"},
        "storeys": [storey], "scenario": {"name": f"bench {n}", "description": ""},
        "phases": [{"name": "Set-up", "time": "H+00:00", "notes": ""},
                   {"name": "Entry", "time": "H+00:05", "notes": ""}],
        "annotations": annotations,
    })


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--plan", action="store_true", help="also time `venueplans plan --scenario` on one storey")
    ap.add_argument("--plan-timeout", type=float, default=600)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cat.sqlite"
        with open_catalogue(path) as cat:
            theatre = next(s for s in SAMPLES if s.key == "theatre")
            venue = read.get_venue(cat, import_bundle(cat, bundle_path(theatre), sample_key=theatre.key))
            storeys = read.load_storeys(cat, venue.id)
            ground = min(storeys, key=lambda s: abs(s.elevation))
            storey = {"index": ground.index, "name": ground.name, "elevation": ground.elevation}
            bbox = read.source_model(cat, venue.id).bbox
            print(f"venue {venue.name!r}, storey {ground.name!r}, load average {os.getloadavg()[0]:.1f}")
            print(f"{'annotations':>11}  {'file MB':>7}  {'import s':>8}  {'CPU s':>6}  {'us/annot':>8}  {'plan s':>7}")
            for n in args.sizes:
                text = scenario_text(n, storey, bbox)
                start, cpu = time.perf_counter(), time.process_time()
                import_scenario(cat, venue_id=venue.id, text=text)
                took, cpu = time.perf_counter() - start, time.process_time() - cpu
                plan = ""
                if args.plan:
                    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1"}
                    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(path), "plan", str(venue.id),
                           "--storey", ground.name, "--scenario", f"bench {n}", "-o", str(Path(tmp) / "p.pdf")]
                    t = time.perf_counter()
                    try:
                        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=args.plan_timeout)
                        plan = f"{time.perf_counter() - t:7.1f}" if done.returncode == 0 else "failed"
                    except subprocess.TimeoutExpired:
                        plan = f">{args.plan_timeout:.0f}"
                print(f"{n:>11,}  {len(text) / 1e6:7.1f}  {took:8.2f}  {cpu:6.2f}  {took / n * 1e6:8.0f}  {plan:>7}",
                      flush=True)


if __name__ == "__main__":
    main()
