"""Size and start time of the frozen (PyInstaller one-folder) application.

    make frozen && .venv/bin/python bench/bench_frozen.py dist/venueplans

Prints the folder's size (and its three biggest parts), and the median wall time of `--version`, `list
--json` on a fresh catalogue (first start: seeds the two sample venues) and on the seeded one, `render` of
the theatre to PNG, `import` of sample_venues/theatre.ifc into a fresh catalogue, and the desktop app's
`open THEATRE --screenshot` (whole process, under xvfb-run when there is no display). A step that fails
is reported as such, so an older build can be measured too.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


SAMPLE_IFC = Path(__file__).resolve().parents[1] / "sample_venues" / "theatre.ifc"


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=True)
    return time.perf_counter() - start, done.stdout


def median_or_failure(label: str, runs: list) -> None:
    """Prints the median of the runs' times, or the first line of why the command failed."""
    try:
        times = [run()[0] for run in runs]
    except subprocess.CalledProcessError as exc:
        why = (exc.stderr or exc.stdout or "").strip().splitlines()
        print(f"{label}: FAILED ({why[-1] if why else exc.returncode})")
        return
    print(f"{label}: {statistics.median(times):.2f} s (median of {len(times)})")


def main() -> None:
    app = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/venueplans").resolve()
    exe = str(app / ("venueplans.exe" if os.name == "nt" else "venueplans"))
    print(f"frozen app: {app}")
    print(f"size: {folder_size(app) / 1e6:.0f} MB in {sum(1 for _ in app.rglob('*'))} files")
    inside = app / "_internal" if (app / "_internal").is_dir() else app
    parts = sorted(((folder_size(p), p.name) for p in inside.iterdir() if p.is_dir()), reverse=True)[:3]
    print("biggest: " + ", ".join(f"{name} {size / 1e6:.0f} MB" for size, name in parts))
    runs = 3
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "XDG_DATA_HOME": str(work / "data"), "VENUEPLANS_CONFIG_DIR": str(work / "cfg")}
        env.pop("VENUEPLANS_NO_SAMPLES", None)
        version = [timed([exe, "--version"], env, work)[0] for _ in range(runs)]
        print(f"--version: {statistics.median(version):.2f} s (median of {runs})")
        first = []
        for i in range(runs):
            t, out = timed([exe, "--catalogue", str(work / f"c{i}.sqlite"), "list", "--json"], env, work)
            first.append(t)
        venues = json.loads(out)
        print(f"list --json, fresh catalogue (seeds {len(venues)} samples): {statistics.median(first):.2f} s")
        again = [timed([exe, "--catalogue", str(work / "c0.sqlite"), "list", "--json"], env, work)[0]
                 for _ in range(runs)]
        print(f"list --json, seeded catalogue: {statistics.median(again):.2f} s")
        theatre = next(v for v in venues if v["kind"] == "theatre")
        render = [timed([exe, "--catalogue", str(work / "c0.sqlite"), "render", str(theatre["id"]), "-o",
                         str(work / "t.png")], env, work)[0] for _ in range(runs)]
        print(f"render theatre to PNG (1280x800): {statistics.median(render):.2f} s")
        no_samples = {**env, "VENUEPLANS_NO_SAMPLES": "1"}
        median_or_failure("import sample_venues/theatre.ifc, fresh catalogue", [
            (lambda i=i: timed([exe, "--catalogue", str(work / f"ifc{i}.sqlite"), "import", str(SAMPLE_IFC)],
                               no_samples, work)) for i in range(runs)])
        gui = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"] if shutil.which("xvfb-run") else []
        if gui or os.environ.get("DISPLAY") or os.name == "nt":
            median_or_failure("open theatre --screenshot (launch to first frame, whole process)", [
                (lambda: timed([*gui, exe, "--catalogue", str(work / "c0.sqlite"), "open", str(theatre["id"]),
                                "--screenshot", str(work / "shot.png")], env, work)) for _ in range(runs)])


if __name__ == "__main__":
    main()
