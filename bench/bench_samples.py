"""Generation time and file size of the sample stadium at several sizes, plus the theatre.

    python bench/bench_samples.py                          # 10k/1, 40k/2, 80k/3 seats/tiers
    python bench/bench_samples.py --stadium 40000:2 120000:3 --keep /tmp/bench

For each file it also times opening it with ifcopenshell and tessellating every seat with the app's
kernel in local coordinates (the mapped seat mesh is built once and placed per seat).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom

from venueplans.samples import generate_stadium, generate_theatre

KERNEL = "hybrid-cgal-simple-opencascade"


def _tessellate_seats(path: Path) -> tuple[float, float, int]:
    t = time.perf_counter()
    f = ifcopenshell.open(str(path))
    opened = time.perf_counter() - t
    seats = f.by_type("IfcFurniture")
    t = time.perf_counter()
    it = ifcopenshell.geom.iterator(ifcopenshell.geom.settings(), f, 1, include=seats, geometry_library=KERNEL)
    n = 0
    if it.initialize():
        while True:
            n += 1
            if not it.next():
                break
    return opened, time.perf_counter() - t, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stadium", nargs="*", default=["10000:1", "40000:2", "80000:3"], help="SEATS:TIERS")
    ap.add_argument("--keep", type=Path, help="write the files here instead of a temporary folder")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = a.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        jobs = [("theatre", lambda p: generate_theatre(p))]
        for spec in a.stadium:
            seats, tiers = (int(x) for x in spec.split(":"))
            jobs.append((f"stadium-{seats}-{tiers}", lambda p, s=seats, t=tiers: generate_stadium(p, seats=s, tiers=t)))
        print(f"{'file':<22}{'generate s':>11}{'MB':>8}{'open s':>8}{'seats':>8}{'tessellate s':>14}")
        for name, make in jobs:
            path = out / f"{name}.ifc"
            t = time.perf_counter()
            make(path)
            gen = time.perf_counter() - t
            opened, tess, n = _tessellate_seats(path)
            print(f"{name:<22}{gen:>11.1f}{path.stat().st_size / 1e6:>8.1f}{opened:>8.1f}{n:>8}{tess:>14.1f}")


if __name__ == "__main__":
    main()
