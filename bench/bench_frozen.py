"""Size and start time of the frozen (PyInstaller one-folder) application.

    make frozen && .venv/bin/python bench/bench_frozen.py dist/venueplans

Prints the folder's size, and the median wall time of `--version`, `list --json` on a fresh catalogue
(first start: seeds the two sample venues) and on the seeded one, and `render` of the theatre to PNG.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    app = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/venueplans").resolve()
    exe = str(app / ("venueplans.exe" if os.name == "nt" else "venueplans"))
    print(f"frozen app: {app}")
    print(f"size: {folder_size(app) / 1e6:.0f} MB in {sum(1 for _ in app.rglob('*'))} files")
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


if __name__ == "__main__":
    main()
