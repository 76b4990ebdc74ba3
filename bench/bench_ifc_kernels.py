"""Compare ifcopenshell's geometry kernels on real IFC files: time, memory, and per-element agreement.

    python bench/bench_ifc_kernels.py [FILE.ifc ...] [--kernels k1,k2] [--threads 1] [--repeat 1]

Without files: the valid IFC files in ../shared/venues and sample_venues/*.ifc. Each (file, kernel) runs
in its own process, so a kernel that crashes (manifold does on some files) is reported, not fatal;
the seconds (wall) and cpu seconds are the tessellation only (the file is opened before the clocks
start), from the run with the least CPU time of --repeat runs (CPU time is what a busy machine
disturbs least); memory is the process's peak RSS. The tessellation is the importer's own
(`venueplans.importers.ifc_tessellate`, same settings), without its per-element OCC fallback so that
each kernel is judged alone.

Agreement is against opencascade, the reference, per element: "missing" counts elements OCC
tessellates and the kernel does not, "box>1cm" those whose box (file frame, metres) differs by more
than a centimetre, "area>1%" those whose surface area differs by more than 1 % (and 10 cm²), "vol>1%"
those whose enclosed volume differs by more than 1 % (and 1 litre), compared only where both meshes are
closed (open or inconsistently oriented shells, common in furniture, have no meaningful volume).
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

    from venueplans.importers.ifc_extract import Classes
    from venueplans.importers.ifc_tessellate import tessellate

    f = ifcopenshell.open(path)
    classes = Classes(f)
    products = sorted(
        (p for p in f.by_type("IfcProduct") if classes.is_element(p.is_a())), key=lambda p: p.id()
    )
    start, cpu = time.perf_counter(), time.process_time()
    tess = tessellate(f, products, kernel=kernel, threads=threads, fallback=False)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    measures = {}  # shape key -> (volume, area, closed)
    for key, shape in tess.shapes.items():
        tri = shape.triangles.astype(np.int64)
        t = shape.vertices[tri]
        cross = np.cross(t[:, 1] - t[:, 0], t[:, 2] - t[:, 0])
        area = float(np.linalg.norm(cross, axis=1).sum() / 2)
        volume = float(np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6)
        # Closed: every edge used twice, once each way. Only then is the enclosed volume meaningful.
        edges = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]])
        fwd = edges[:, 0] * (len(shape.vertices) + 1) + edges[:, 1]
        rev = edges[:, 1] * (len(shape.vertices) + 1) + edges[:, 0]
        closed = bool(len(tri)) and np.array_equal(np.sort(fwd), np.sort(rev))
        measures[key] = (volume, area, closed)
    stats: dict[str, list] = {}
    for pid, key, m in zip(tess.product_ids, tess.keys, tess.matrices, strict=True):
        shape = tess.shapes[key]
        v = shape.vertices @ m[:3, :3].T + m[:3, 3]
        volume, area, closed = measures[key]
        product = f.by_id(pid)
        entry = stats.setdefault(
            product.GlobalId, [product.is_a(), 0, [1e30] * 3, [-1e30] * 3, 0.0, 0.0, True]
        )
        entry[1] += len(shape.triangles)
        entry[2] = np.minimum(entry[2], v.min(axis=0)).tolist()
        entry[3] = np.maximum(entry[3], v.max(axis=0)).tolist()
        entry[4] += volume * float(np.linalg.det(m[:3, :3]))
        entry[5] += area * abs(float(np.linalg.det(m[:3, :3]))) ** (2 / 3)
        entry[6] = entry[6] and closed
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    Path(out).write_text(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "peak": peak,
                "elements": stats,
                "missing": len(tess.missing_ids),
            }
        )
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
    missing = box = area = vol = 0
    for guid, (_, ntri, lo, hi, v, a, closed) in ref["elements"].items():
        got = other["elements"].get(guid)
        if got is None or got[1] == 0:
            missing += ntri > 0
            continue
        if (
            max(
                max(abs(x - y) for x, y in zip(lo, got[2], strict=True)),
                max(abs(x - y) for x, y in zip(hi, got[3], strict=True)),
            )
            > 0.01
        ):
            box += 1
        if abs(a - got[5]) > max(0.01 * a, 0.001):
            area += 1
        if closed and got[6] and abs(abs(v) - abs(got[4])) > max(0.01 * abs(v), 0.001):
            vol += 1
    extra = sum(1 for g in other["elements"] if g not in ref["elements"])
    return {"missing": missing, "extra": extra, "box": box, "area": area, "vol": vol}


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
        f"{'file':42} {'kernel':32} {'thr':>3} {'seconds':>8} {'cpu s':>6} {'peak MB':>8} {'elements':>8} "
        f"{'missing':>7} {'box>1cm':>7} {'area>1%':>7} {'vol>1%':>6}"
    )
    for path in files:
        results = {}
        for kernel in kernels:
            best = None
            for _ in range(args.repeat):
                r = run(path, kernel, args.threads)
                if "error" in r or best is None or r["cpu"] < best["cpu"]:
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
                f"{agree['missing']:>7} {agree['box']:>7} {agree['area']:>7} {agree['vol']:>6}"
                if agree
                else f"{'-':>7} {'-':>7} {'-':>7} {'-':>6}"
            )
            print(
                f"{head} {r['seconds']:8.2f} {r['cpu']:6.2f} {r['peak'] / 2**20:8.0f} {len(r['elements']):>8} {cells}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
