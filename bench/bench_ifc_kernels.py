"""Compare ifcopenshell's geometry kernels on real IFC files: time, memory, and per-element agreement.

    python bench/bench_ifc_kernels.py [FILE.ifc ...] [--kernels k1,k2] [--threads 1] [--repeat 1]

Without files: the valid IFC files in ../shared/venues and sample_venues/*.ifc. Each (file, kernel) runs
in its own process, so a kernel that crashes (manifold does on some files) is reported, not fatal;
the seconds are the tessellation only (the file is opened before the clock starts), the best of
--repeat runs; memory is the process's peak RSS. The tessellation is the importer's own
(`venueplans.importers.ifc_tessellate`, same settings), without its per-element OCC fallback so that
each kernel is judged alone.

Agreement is against opencascade, the reference: per element, the box (file frame, metres) and the
enclosed volume of its triangles. "missing" counts elements OCC tessellates and the kernel does not,
"box>1cm" those whose box differs by more than a centimetre, "vol>1%" those whose volume differs by more
than 1 % (and 1 litre).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "venues"
REFERENCE = "opencascade"
DEFAULT_KERNELS = ["opencascade", "hybrid-cgal-simple-opencascade", "hybrid-cgal-simple-manifold", "manifold"]


def default_files() -> list[Path]:
    files = sorted(p for p in SHARED.glob("*/*.ifc") if p.parent.name != "malformed")
    return files + sorted((REPO / "sample_venues").glob("*.ifc"))


def child(path: str, kernel: str, threads: int, out: str) -> None:
    """Tessellate *path* with *kernel* and write per-element stats as JSON to *out*."""
    sys.path.insert(0, str(REPO))
    import ifcopenshell
    import numpy as np

    from venueplans.importers.ifc_extract import is_element
    from venueplans.importers.ifc_tessellate import tessellate

    f = ifcopenshell.open(path)
    products = sorted((p for p in f.by_type("IfcProduct") if is_element(p)), key=lambda p: p.id())
    start = time.perf_counter()
    tess = tessellate(f, products, kernel=kernel, threads=threads, fallback=False)
    seconds = time.perf_counter() - start
    volumes = {}
    for key, shape in tess.shapes.items():
        t = shape.vertices[shape.triangles.astype(np.int64)] if len(shape.triangles) else np.zeros((0, 3, 3))
        volumes[key] = (
            float(np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6) if len(t) else 0.0
        )
    stats: dict[str, list] = {}
    for pid, key, m in zip(tess.product_ids, tess.keys, tess.matrices, strict=True):
        shape = tess.shapes[key]
        v = shape.vertices @ m[:3, :3].T + m[:3, 3]
        entry = stats.setdefault(
            f.by_id(pid).GlobalId, [f.by_id(pid).is_a(), 0, [1e30] * 3, [-1e30] * 3, 0.0]
        )
        entry[1] += len(shape.triangles)
        entry[2] = np.minimum(entry[2], v.min(axis=0)).tolist()
        entry[3] = np.maximum(entry[3], v.max(axis=0)).tolist()
        entry[4] += volumes[key] * float(np.linalg.det(m[:3, :3]))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    Path(out).write_text(
        json.dumps({"seconds": seconds, "peak": peak, "elements": stats, "missing": len(tess.missing_ids)})
    )


def run(path: Path, kernel: str, threads: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(path), kernel, str(threads), out],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if proc.returncode != 0:
            reason = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit {proc.returncode}"
            return {"error": reason}
        return json.loads(Path(out).read_text())
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    finally:
        os.unlink(out)


def compare(ref: dict, other: dict) -> dict:
    missing = box = vol = 0
    for guid, (_, ntri, lo, hi, v) in ref["elements"].items():
        got = other["elements"].get(guid)
        if got is None or got[1] == 0:
            missing += ntri > 0
            continue
        if (
            max(
                max(abs(a - b) for a, b in zip(lo, got[2], strict=True)),
                max(abs(a - b) for a, b in zip(hi, got[3], strict=True)),
            )
            > 0.01
        ):
            box += 1
        if abs(v - got[4]) > max(0.01 * abs(v), 0.001):
            vol += 1
    extra = sum(1 for g in other["elements"] if g not in ref["elements"])
    return {"missing": missing, "extra": extra, "box": box, "vol": vol}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--kernels", default=",".join(DEFAULT_KERNELS))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3])
        return 0
    files = args.files or default_files()
    kernels = args.kernels.split(",")
    print(
        f"{'file':42} {'kernel':32} {'thr':>3} {'seconds':>8} {'peak MB':>8} {'elements':>8} "
        f"{'missing':>7} {'box>1cm':>7} {'vol>1%':>6}"
    )
    for path in files:
        results = {}
        for kernel in kernels:
            best = None
            for _ in range(args.repeat):
                r = run(path, kernel, args.threads)
                if "error" in r or best is None or r["seconds"] < best["seconds"]:
                    best = r
                if "error" in r:
                    break
            results[kernel] = best
        ref = results.get(REFERENCE)
        for kernel, r in results.items():
            head = f"{path.name[:42]:42} {kernel:32} {args.threads:>3}"
            if "error" in r:
                print(f"{head} {'failed: ' + r['error']:>8}")
                continue
            agree = compare(ref, r) if ref and "error" not in ref and kernel != REFERENCE else None
            cells = (
                f"{agree['missing']:>7} {agree['box']:>7} {agree['vol']:>6}"
                if agree
                else f"{'-':>7} {'-':>7} {'-':>6}"
            )
            print(
                f"{head} {r['seconds']:8.2f} {r['peak'] / 2**20:8.0f} {len(r['elements']):>8} {cells}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
