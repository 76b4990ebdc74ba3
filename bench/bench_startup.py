"""Start-up of the desktop app: launch to a usable window, and launch to the stadium's first frame vs F3D.

    python bench/bench_startup.py                 # the sample stadium, 3 runs each, median
    python bench/bench_startup.py --repeat 5 --venue "Théâtre des Lumières (exemple)"

Every measurement is a whole fresh process timed from outside (interpreter start, imports, catalogue,
window, first frame, exit), on one X server this script starts itself (Xvfb 1920x1080; xvfb-run would add
its own start-up wait to every run):

- launch to window: `venueplans open --screenshot home.png` (saves the venue list once shown, then exits);
- launch to first frame: `venueplans open STADIUM --screenshot out.png` (1600x1000 window), whole process:
  the 3D view's first frame, the 2D plan, the PNG written, exit; and, from the same runs, when the first
  frame was on screen counted from the process's own start (the app prints it; Linux: /proc);
- F3D: a python process that imports f3d, opens the same geometry exported as GLB (bench_open_vs_f3d.py's
  exporter) and renders one 1600x1000 frame off-screen. Runs are interleaved so both see the same load.
The target (issue 10): launch to window <= 3 s, first frame <= 1.5x F3D. The CPU seconds (user + system,
every thread, of each whole process) are printed beside the wall times: on a loaded machine they move less.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_open_vs_f3d import F3D_FIRST, export_glb  # noqa: E402

SIZE = (1600, 1000)


def start_xvfb() -> tuple[subprocess.Popen, str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed (packaging/system-deps.sh)")
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    return proc, f":{number}"


LAUNCH_RE = re.compile(r"([\d.,]+) s (?:after launch|après le lancement)")


def timed(cmd: list[str], env: dict, cpu: list[float] | None = None, launch: list[float] | None = None) -> float:
    """Wall seconds of the whole process; its CPU seconds (user + system, all threads) appended to *cpu*:
    on a shared machine the CPU time moves less with the load than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    if cpu is not None:
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if launch is not None:  # the app says when its first frame came, counted from its own start (Linux)
        found = LAUNCH_RE.search(proc.stdout)
        if found:
            launch.append(float(found.group(1).replace(",", ".")))
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venue", default="Stade de l'Exemple", help="venue to open (default: the sample stadium)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = ap.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="venueplans-startup-"))
    work.mkdir(parents=True, exist_ok=True)
    catalogue = work / "catalogue.sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("VENUEPLANS_NO_SAMPLES", "QT_SCALE_FACTOR")}
    env.update(VENUEPLANS_CONFIG_DIR=str(work / "config"), XDG_DATA_HOME=str(work / "data"))
    app = [sys.executable, "-m", "venueplans", "--catalogue", str(catalogue)]
    subprocess.run([*app, "list"], env=env, check=True, capture_output=True)  # creates and seeds the samples

    from venueplans.catalogue import open_catalogue, read

    cat = open_catalogue(catalogue)
    venue_id = read.resolve_venue(cat, args.venue)
    cat.close()
    glb = work / f"venue{venue_id}.glb"
    if not glb.exists():
        triangles = export_glb(catalogue, venue_id, glb)
        print(f"exported {glb.name}: {triangles:,} triangles")

    xvfb, display = start_xvfb()
    env["DISPLAY"] = display
    env.pop("WAYLAND_DISPLAY", None)
    runs: dict[str, list[float]] = {"window": [], "first_frame": [], "f3d": []}
    frame_at: list[float] = []  # launch to the 3D view's first frame, inside the same processes
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    try:
        timed([*app, "open", "--screenshot", str(work / "warm.png")], env)  # page cache, font cache
        for _ in range(args.repeat):
            runs["window"].append(timed([*app, "open", "--screenshot", str(work / "home.png")], env, cpu["window"]))
            runs["first_frame"].append(timed([*app, "open", str(venue_id), "--screenshot", str(work / "venue.png"),
                                              "--size", f"{SIZE[0]}x{SIZE[1]}"], env, cpu["first_frame"],
                                             frame_at))
            code = F3D_FIRST.format(w=SIZE[0], h=SIZE[1], glb=str(glb), png=str(work / "f3d.png"))
            runs["f3d"].append(timed([sys.executable, "-c", code], env, cpu["f3d"]))
    finally:
        xvfb.terminate()
        xvfb.wait()

    med = {k: statistics.median(v) for k, v in runs.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{args.venue}: {args.repeat} runs each, median, whole processes, {os.cpu_count()} CPUs, "
          f"load average {load:.1f}")
    print(f"{'':34} {'wall s':>7} {'CPU s':>7}")
    print(f"{'launch to usable window':34} {med['window']:7.2f} {med_cpu['window']:7.2f}   target <= 3.0 s")
    if frame_at:
        print(f"{'launch to first frame on screen':34} {statistics.median(frame_at):7.2f} {'':>7}   "
              f"ratio to F3D {statistics.median(frame_at) / med['f3d']:.2f}")
    print(f"{'launch to first frame':34} {med['first_frame']:7.2f} {med_cpu['first_frame']:7.2f}"
          "   whole process: + 2D plan, PNG, exit")
    print(f"{'F3D open GLB + first frame':34} {med['f3d']:7.2f} {med_cpu['f3d']:7.2f}")
    print(f"{'ratio first frame / F3D':34} {med['first_frame'] / med['f3d']:7.2f} "
          f"{med_cpu['first_frame'] / med_cpu['f3d']:7.2f}   target <= 1.5")
    print(f"runs (wall s): {runs}, first frame after launch: {frame_at}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
