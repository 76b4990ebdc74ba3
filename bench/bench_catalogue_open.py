"""Catalogue-to-numpy open time: how long until a venue's geometry is in memory as numpy arrays.

    python bench/bench_catalogue_open.py FILE [FILE ...]     # imports each into a scratch catalogue
    python bench/bench_catalogue_open.py --catalogue PATH --venue NAME

Prints import time, catalogue size, and the median of 5 opens (read + zlib decode + np.frombuffer).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("VENUEPLANS_NO_SAMPLES", "1")

from venueplans.catalogue import open_catalogue, read  # noqa: E402
from venueplans.ops.import_venue import import_venue  # noqa: E402


def time_open(cat, venue_id: int, repeat: int = 5) -> tuple[float, int]:
    times, tris = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        geo = read.load_geometry(cat, venue_id)
        read.load_features(cat, venue_id)
        read.load_storeys(cat, venue_id)
        times.append(time.perf_counter() - t)
        tris = geo.n_triangles
    return statistics.median(times), tris


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--catalogue", type=Path)
    ap.add_argument("--venue")
    args = ap.parse_args()
    print(f"{'venue':<44} {'import s':>9} {'open ms':>9} {'triangles':>10} {'db MB':>7}")
    if args.catalogue:
        cat = open_catalogue(args.catalogue)
        vid = read.resolve_venue(cat, args.venue)
        t, tris = time_open(cat, vid)
        print(f"{args.venue[:44]:<44} {'-':>9} {t * 1000:9.1f} {tris:10d} {args.catalogue.stat().st_size / 1e6:7.1f}")
        return 0
    for f in args.files:
        with tempfile.TemporaryDirectory() as tmp:
            cat = open_catalogue(Path(tmp) / "bench.sqlite")
            t0 = time.perf_counter()
            vid = import_venue(cat, path=f).venue_id
            t_import = time.perf_counter() - t0
            t, tris = time_open(cat, vid)
            cat.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = (Path(tmp) / "bench.sqlite").stat().st_size / 1e6
            print(f"{f.name[:44]:<44} {t_import:9.2f} {t * 1000:9.1f} {tris:10d} {size:7.1f}")
            cat.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
