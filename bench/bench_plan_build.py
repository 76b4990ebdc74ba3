"""Plan build time and the longest GIL hold per storey of the sample venues (what the plan dock builds).

    PYTHONPATH=. python bench/bench_plan_build.py [--venue stadium|theatre] [--repeat R] [--calls N]
                                                  [--ballast OBJECTS [--freeze]]

Seeds the sample venues into a scratch catalogue, then for each storey runs `ui.plan_model.build_plan_data`
(catalogue read, `geometry.plan2d.build_storey_plan`, exit distances, display list: the plan dock's worker
job) in a worker thread, as the app does. Meanwhile the main thread sleeps 1 ms in a loop and records how
late it wakes up: it can only wake up once the worker lets go of the GIL, so the largest lateness is the
longest the worker kept the GIL (what the GUI thread would have waited). Printed per storey: wall
seconds, longest GIL hold and longest garbage collection in ms, best of R runs (the first run of a
storey also decodes the venue's walking network; the machine's other load only adds to all three).

`--ballast 300000` keeps that many long-lived container objects alive first, as the desktop app does once
a venue is open (PySide6 and VTK wrappers, modules): a full collection set off by the build then walks
them all. `--freeze` moves them out of the collector's reach first, as ui/heap.py does in the app.

`--calls N` prints, per storey, the N longest innermost calls of the worker (sys.setprofile, C functions
and the Python wrappers of shapely and numpy ufuncs): where a long hold comes from. A call that releases
the GIL (most of GEOS) shows up there too, but not in the hold column.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import threading
import time
from pathlib import Path

from venueplans.catalogue import open_catalogue, read
from venueplans.catalogue.bundle import import_bundle
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.ops.samples import SAMPLES, bundle_path
from venueplans.ui.plan_model import build_plan_data

PROBE_S = 0.001


class GcWatch:
    """The longest garbage collection while active (gc.callbacks)."""

    def __init__(self):
        self.longest = 0.0
        self._start = 0.0

    def _callback(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.longest = max(self.longest, time.perf_counter() - self._start)

    def __enter__(self):
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self._callback)


def gil_probe(job) -> tuple[float, float, float]:
    """(wall s, longest main-thread wake-up lateness s, longest collection s) of *job* in a worker thread."""
    out: dict[str, float] = {}

    def work():
        t0 = time.perf_counter()
        job()
        out["wall"] = time.perf_counter() - t0

    worst = 0.0
    with GcWatch() as watch:
        worker = threading.Thread(target=work)
        worker.start()
        while worker.is_alive():
            t = time.perf_counter()
            time.sleep(PROBE_S)
            worst = max(worst, time.perf_counter() - t - PROBE_S)
        worker.join()
    return out["wall"], worst, watch.longest


def _where(frame) -> str:
    return f"{frame.f_code.co_name} ({Path(frame.f_code.co_filename).name}:{frame.f_lineno})"


def longest_calls(job, n: int, *, at_least: float = 0.005) -> list[tuple[float, str]]:
    """The *n* longest innermost calls (C functions, shapely/numpy wrappers) made by *job* in this thread."""
    stack: list[list] = []  # [start, label, has a recorded call inside]
    seen: list[tuple[float, str]] = []
    watched = ("shapely", "numpy")

    def prof(frame, event, arg):
        if event == "c_call":
            name = getattr(arg, "__qualname__", None) or getattr(arg, "__name__", "?")
            stack.append([time.perf_counter(), f"{name} <- {_where(frame)}", False, True])
        elif event == "call":
            watch = any(f"/{w}/" in frame.f_code.co_filename for w in watched)
            caller = frame.f_back
            label = f"{frame.f_code.co_qualname} <- {_where(caller)}" if caller is not None else frame.f_code.co_name
            stack.append([time.perf_counter(), label, False, watch])
        elif event in ("return", "c_return", "c_exception") and stack:
            t0, label, inner, watch = stack.pop()
            dt = time.perf_counter() - t0
            if watch and dt >= at_least and not inner:
                seen.append((dt, label))
                inner = True
            if stack and inner:
                stack[-1][2] = True

    sys.setprofile(prof)
    try:
        job()
    finally:
        sys.setprofile(None)
    return sorted(seen, reverse=True)[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venue", choices=[s.key for s in SAMPLES], action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--calls", type=int, default=0, help="list the N longest innermost calls per storey")
    parser.add_argument("--ballast", type=int, default=0, help="long-lived objects kept alive, like the app's")
    parser.add_argument("--freeze", action="store_true", help="gc.freeze() after the ballast (ui/heap.py)")
    args = parser.parse_args()
    keys = args.venue or [s.key for s in SAMPLES]
    ballast = [{"i": i} for i in range(args.ballast)]
    if args.freeze:
        gc.freeze()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        with open_catalogue(path) as cat:
            ids = {s.key: import_bundle(cat, bundle_path(s), sample_key=s.key) for s in SAMPLES if s.key in keys}
        print(f"ballast {len(ballast)} objects{', frozen' if args.freeze else ''}; best of {args.repeat}")
        print(f"{'venue':8} {'storey':28} {'wall s':>7} {'GIL ms':>7} {'GC ms':>6}")
        for key, vid in ids.items():
            with open_catalogue(path) as cat:
                storeys = read.load_storeys(cat, vid)
            for storey in storeys:
                def job(storey=storey, vid=vid):
                    with open_catalogue(path) as cat:  # the worker's own connection, as in the app
                        return build_plan_data(cat, vid, storey.index, PLAN_CUT_ABOVE_FLOOR)

                runs = [gil_probe(job) for _ in range(args.repeat)]
                wall, hold, collect = (min(r[i] for r in runs) for i in range(3))
                print(f"{key:8} {storey.name[:28]:28} {wall:7.2f} {hold * 1000:7.0f} {collect * 1000:6.0f}", flush=True)
                for dt, what in longest_calls(job, args.calls) if args.calls else []:
                    print(f"{'':10}{dt * 1000:6.0f} ms  {what}")


if __name__ == "__main__":
    main()
