"""What encrypting the catalogue costs: import, open and package import, plain vs SQLCipher.

    python bench/bench_encryption.py [--repeat 5] [IFC ...]

Without IFC files it uses the shipped sample bundles (the 40,000-seat stadium and the theatre). For each
venue: time to copy it into a new catalogue (the write path of an import), the first open of a session
(which derives the key from the passphrase), time to open the catalogue and load the venue's geometry,
features and storeys (median of --repeat), and the file size; once with a
plain catalogue, once encrypted. IFC files are imported in full (tessellation included) instead.
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
from venueplans.catalogue.bundle import import_bundle  # noqa: E402
from venueplans.ops.samples import SAMPLES, bundle_path  # noqa: E402

PASSPHRASE = "bench passphrase"


def add_venue(cat, source: Path) -> int:
    if source.suffix == ".vpbundle":
        return import_bundle(cat, source)
    from venueplans.ops.import_venue import import_venue

    return import_venue(cat, path=source).venue_id


def measure(source: Path, folder: Path, encrypted: bool, repeat: int) -> dict:
    path = folder / f"{source.stem}-{'enc' if encrypted else 'plain'}.sqlite"
    pp = PASSPHRASE if encrypted else None
    t = time.perf_counter()
    with open_catalogue(path, passphrase=pp, encrypt=encrypted) as cat:
        vid = add_venue(cat, source)
    write = time.perf_counter() - t
    from venueplans.catalogue import db

    db._derived_key.cache_clear()  # the first open of a session derives the key (PBKDF2, once)
    t = time.perf_counter()
    open_catalogue(path, passphrase=pp).close()
    first = time.perf_counter() - t
    opens = []
    for _ in range(repeat):
        t = time.perf_counter()
        with open_catalogue(path, passphrase=pp) as cat:
            read.load_geometry(cat, vid)
            read.load_features(cat, vid)
            read.load_storeys(cat, vid)
        opens.append(time.perf_counter() - t)
    return {"write": write, "first": first, "open": statistics.median(opens), "size": path.stat().st_size}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sources = args.files or [bundle_path(s) for s in SAMPLES if bundle_path(s).is_file()]
    if not sources:
        print("no sample bundles (run `make samples`) and no files given", file=sys.stderr)
        return 2
    print(f"{'venue':<28} {'catalogue':<10} {'import s':>9} {'1st open':>9} {'open s':>8} {'size MB':>8}")
    for source in sources:
        with tempfile.TemporaryDirectory() as tmp:
            rows = {enc: measure(source, Path(tmp), enc, args.repeat) for enc in (False, True)}
        for enc, r in rows.items():
            print(f"{source.stem[:28]:<28} {'encrypted' if enc else 'plain':<10} {r['write']:>9.3f} "
                  f"{r['first']:>9.3f} {r['open']:>8.3f} {r['size'] / 1e6:>8.1f}")
        plain, enc = rows[False], rows[True]
        print(f"{'':<28} {'cost':<10} {enc['write'] / plain['write'] - 1:>+9.0%} "
              f"{enc['first'] - plain['first']:>+8.3f}s {enc['open'] / plain['open'] - 1:>+8.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
