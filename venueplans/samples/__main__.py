"""Regenerate the sample venues: ``python -m venueplans.samples [--out sample_venues]``.

Writes theatre.ifc, theatre.glb and stadium.ifc (stadium.ifczip instead if the plain file would exceed
25 MB). The output is byte-identical from run to run for the same options and IfcOpenShell version.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from venueplans.samples.glb import export_glb
from venueplans.samples.stadium import generate_stadium
from venueplans.samples.theatre import generate_theatre

MAX_PLAIN_IFC = 25 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m venueplans.samples", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("sample_venues"), help="output folder (default: %(default)s)")
    ap.add_argument("--stadium-seats", type=int, default=40000, help="seats in the stadium (default: %(default)s)")
    ap.add_argument("--tiers", type=int, default=2, help="stadium tiers (default: %(default)s)")
    ap.add_argument("--only", choices=("theatre", "stadium"), help="generate one venue only")
    a = ap.parse_args(argv)
    a.out.mkdir(parents=True, exist_ok=True)

    def timed(label: str, fn, *args, **kw):
        t = time.perf_counter()
        result = fn(*args, **kw)
        print(f"{label:<14} {time.perf_counter() - t:6.1f} s")
        return result

    if a.only in (None, "theatre"):
        ifc = timed("theatre.ifc", generate_theatre, a.out / "theatre.ifc")
        timed("theatre.glb", export_glb, ifc, a.out / "theatre.glb")
    if a.only in (None, "stadium"):
        ifc = timed("stadium.ifc", generate_stadium, a.out / "stadium.ifc", seats=a.stadium_seats, tiers=a.tiers)
        zipped = ifc.with_suffix(".ifczip")
        if ifc.stat().st_size > MAX_PLAIN_IFC:
            timed("stadium.ifczip", generate_stadium, zipped, seats=a.stadium_seats, tiers=a.tiers)
            ifc.unlink()
        else:
            zipped.unlink(missing_ok=True)
    for p in sorted(a.out.glob("*.*")):
        if p.suffix in (".ifc", ".ifczip", ".glb"):
            print(f"{p}: {p.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
