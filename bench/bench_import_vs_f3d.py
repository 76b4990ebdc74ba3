"""Our IFC import against F3D opening the same file to a PNG, and against bare ifcopenshell.

    python bench/bench_import_vs_f3d.py [FILE.ifc ...] [--repeat 3] [--kernel K]

Without files: the valid IFC files in ../shared/venues and sample_venues/*.ifc. For each file three
kinds of process run one after the other, --repeat times each, best time kept:

- ours: `venueplans.importers.ifc.import_ifc(path)`; "call" is the whole call, worker start included;
  peak memory is the calling process's plus the worker's (both alive when the result is handed over).
- f3d: PyPI f3d (its web-ifc plugin) loads the file and renders a 1280x800 PNG off-screen; "call" runs
  from engine creation (plugins included) to the saved PNG.
- ifcopenshell: open + the geometry iterator with the same kernel and settings, nothing else: the
  floor under our import.

"process" is the wall time of the whole process (interpreter start and imports included), "cpu" its
user + system CPU time (worker included), which a busy machine disturbs much less than wall time.
Peak memory of ours is given for caller + worker and for the worker alone (in the app the caller is
the GUI, whose own size has nothing to do with the import). The goal is ours/f3d <= 1 on time and
<= 0.5 on peak memory.
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
sys.path.insert(0, str(REPO))

from bench_ifc_kernels import default_files  # noqa: E402  (bench/ is sys.path[0])

OURS = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from venueplans.importers.ifc import import_ifc
if __name__ == "__main__":
    start = time.perf_counter()
    model = import_ifc({path!r}{kernel})
    call = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({{"call": call, "peak": own + worker, "own": own, "worker": worker,
                      "triangles": model.n_triangles, "phases": model.source.stats["seconds"]}}))
"""

F3D = """
import json, resource, sys, time
start = time.perf_counter()
import f3d
f3d.Engine.autoload_plugins()
engine = f3d.Engine.create(True)
engine.window.size = (1280, 800)
engine.scene.add({path!r})
engine.window.render_to_image().save({png!r})
call = time.perf_counter() - start
print(json.dumps({{"call": call, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""

BARE = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
start = time.perf_counter()
import ifcopenshell, ifcopenshell.geom
from venueplans.importers.ifc_tessellate import geometry_settings, DEFAULT_KERNEL
f = ifcopenshell.open({path!r})
it = ifcopenshell.geom.iterator(geometry_settings(), f, 1, geometry_library={kernel_name!r} or DEFAULT_KERNEL,
                                exclude=["IfcOpeningElement", "IfcSite", "IfcAnnotation"])
n = 0
if it.initialize():
    while True:
        n += len(it.get().geometry.faces_buffer)
        if not it.next():
            break
call = time.perf_counter() - start
print(json.dumps({{"call": call, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}}))
"""


def run(code: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as tmp:
        tmp.write(code)  # a file, not -c: the import worker is spawned and re-imports __main__
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            [sys.executable, tmp.name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tempfile.gettempdir(),
        )
        out, err = proc.communicate(timeout=3600)
    finally:
        os.unlink(tmp.name)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return {"error": f"exit {proc.returncode}: {last[:80]}"}
    result = json.loads(out.strip().splitlines()[-1])
    result["process"] = wall
    return result


def cpu_seconds() -> float:
    """User + system CPU of all finished children so far (the import worker included, it is waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best(code: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        before = cpu_seconds()
        r = run(code)
        r["cpu"] = cpu_seconds() - before
        runs.append(r)
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    return {
        "call": min(r["call"] for r in ok),
        "process": min(r["process"] for r in ok),
        "peak": max(r["peak"] for r in ok),
        **{k: v for k, v in ok[0].items() if k not in ("call", "process", "peak")},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kernel", default="")
    args = ap.parse_args(argv)
    files = args.files or default_files()
    kernel_arg = f", kernel={args.kernel!r}" if args.kernel else ""
    print(f"{'file':34} {'MB':>5} {'what':12} {'call s':>7} {'proc s':>7} {'cpu s':>6} {'peak MB':>8}  notes")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            path = path.resolve()
            size = path.stat().st_size / 2**20
            png = str(Path(tmp) / f"{path.stem}.png")
            results = {
                "ours": best(OURS.format(repo=str(REPO), path=str(path), kernel=kernel_arg), args.repeat),
                "f3d": best(F3D.format(path=str(path), png=png), args.repeat),
                "ifcopenshell": best(
                    BARE.format(repo=str(REPO), path=str(path), kernel_name=args.kernel), args.repeat
                ),
            }
            for what, r in results.items():
                if "error" in r:
                    print(f"{path.name[:34]:34} {size:5.1f} {what:12} failed: {r['error']}")
                    continue
                notes = ""
                if what == "ours":
                    notes = (
                        f"worker {r['worker'] / 2**20:.0f} MB + caller {r['own'] / 2**20:.0f} MB; "
                        f"{r['triangles']:,} triangles; phases {json.dumps(r['phases'])}"
                    )
                print(
                    f"{path.name[:34]:34} {size:5.1f} {what:12} {r['call']:7.2f} {r['process']:7.2f} "
                    f"{r['cpu']:6.2f} {r['peak'] / 2**20:8.0f}  {notes}",
                    flush=True,
                )
            ours, f3d = results["ours"], results["f3d"]
            if "error" not in ours and "error" not in f3d:
                rows.append(
                    (
                        path.name,
                        ours["call"] / f3d["call"],
                        ours["process"] / f3d["process"],
                        ours["cpu"] / f3d["cpu"],
                        ours["peak"] / f3d["peak"],
                        ours["worker"] / f3d["peak"],
                    )
                )
    print(
        f"\n{'ours / f3d':34} {'call time':>9} {'process':>8} {'cpu':>6} {'peak (both)':>11} {'peak (worker)':>13}"
    )
    for name, t_call, t_proc, cpu, mem, worker in rows:
        print(f"{name[:34]:34} {t_call:9.2f} {t_proc:8.2f} {cpu:6.2f} {mem:11.2f} {worker:13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
