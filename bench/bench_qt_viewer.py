"""Which Qt host for the 3D view: pyvistaqt's QtInteractor or VTK's own QVTKRenderWindowInteractor?

Measures, inside a Qt main window at 1280x800 (run it under Xvfb, the way tests and CI run):

- import: seconds to import Qt + pyvista + the host module (each backend runs in a fresh process);
- first frame: seconds from creating the host widget (with the scene already built) to the end of
  the first render of the shown window;
- orbit: milliseconds per frame for N camera azimuth steps, each rendered and presented.

    xvfb-run -a -s "-screen 0 1600x1000x24" python bench/bench_qt_viewer.py
    xvfb-run -a -s "-screen 0 1600x1000x24" python bench/bench_qt_viewer.py --seats 40000
    xvfb-run -a ... python bench/bench_qt_viewer.py --catalogue cat.sqlite --venue "Stade"

The scene is synthetic by default (a stadium bowl: seat boxes on tiers around a pitch plus a
concourse ring, merged into one mesh per category, as render/ stores it), or a catalogue venue's
stored batches when --catalogue/--venue are given. Prints one line per backend and a JSON summary.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

BACKENDS = ("qvtk", "pyvistaqt")


def synthetic_stadium(seats: int):
    """(name, PolyData) pairs: a seat bowl of *seats* boxes (12 triangles each) and a concourse ring."""
    import numpy as np
    import pyvista as pv

    rows = max(1, int(np.sqrt(seats / 12)))
    per_row = int(np.ceil(seats / rows))
    k = np.arange(rows * per_row)[:seats]
    row, col = k // per_row, k % per_row
    radius = 60.0 + row * 0.85
    angle = col / per_row * 2 * np.pi
    cx, cy, cz = radius * np.cos(angle) * 1.4, radius * np.sin(angle), row * 0.45
    box = pv.Box(bounds=(-0.22, 0.22, -0.22, 0.22, 0.0, 0.45)).triangulate()
    bv, bf = np.asarray(box.points), box.faces.reshape(-1, 4)[:, 1:]
    verts = (bv[None, :, :] + np.c_[cx, cy, cz][:, None, :]).reshape(-1, 3).astype(np.float32)
    faces = (bf[None] + (np.arange(seats) * len(bv))[:, None, None]).reshape(-1, 3)
    seats_mesh = pv.PolyData.from_regular_faces(verts, faces)
    ring = pv.CylinderStructured(radius=np.linspace(62, 62 + rows * 0.85 + 6, 2),
                                 height=rows * 0.45 + 4, theta_resolution=256, z_resolution=8,
                                 direction=(0, 0, 1))
    concourse = ring.extract_surface(algorithm=None).triangulate()
    concourse.points[:, 0] *= 1.4
    pitch = pv.Plane(i_size=100, j_size=64, i_resolution=20, j_resolution=20).triangulate()
    return [("furniture", seats_mesh), ("wall", concourse), ("slab", pitch)]


def catalogue_scene(path: str, venue: str):
    import numpy as np
    import pyvista as pv

    from venueplans.catalogue import open_catalogue, read

    cat = open_catalogue(path, create=False)
    vid = read.resolve_venue(cat, venue)
    geo = read.load_geometry(cat, vid)
    parts = []
    for b in geo.batches + [i.expanded() for i in geo.instances]:
        if len(b.triangles):
            parts.append((b.category, pv.PolyData.from_regular_faces(np.asarray(b.vertices),
                                                                      np.asarray(b.triangles, dtype=np.int64))))
    return parts


COLOURS = {"furniture": "#8a8f98", "wall": "#d9d4c7", "slab": "#b7b2a6"}


def run_one(backend: str, args) -> dict:
    t_start = time.perf_counter()
    import pyvista as pv
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    if backend == "pyvistaqt":
        from pyvistaqt import QtInteractor
    else:
        from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
        from vtkmodules.vtkInteractionStyle import vtkInteractorStyleTrackballCamera
    t_import = time.perf_counter() - t_start

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    parts = catalogue_scene(args.catalogue, args.venue) if args.catalogue else synthetic_stadium(args.seats)
    triangles = sum(int(p.n_cells) for _, p in parts)
    t_scene = time.perf_counter() - t0

    window = QMainWindow()
    width, height = args.size
    window.resize(width, height)
    t1 = time.perf_counter()
    if backend == "pyvistaqt":
        plotter = QtInteractor(window, auto_update=False, multi_samples=args.multi_samples)
        widget = plotter
        ren_win = plotter.ren_win
    else:
        plotter = pv.Plotter(off_screen=True, window_size=(width, height))
        ren_win = plotter.ren_win
        ren_win.SetOffScreenRendering(0)
        ren_win.SetMultiSamples(args.multi_samples)
        widget = QVTKRenderWindowInteractor(window, rw=ren_win)
        widget.GetRenderWindow().GetInteractor().SetInteractorStyle(vtkInteractorStyleTrackballCamera())
        plotter._first_time = False  # rendering is driven by the widget, not by show()
    for cat, mesh in parts:
        plotter.add_mesh(mesh, color=COLOURS.get(cat, "#cccccc"), render=False, reset_camera=False)
    plotter.view_isometric(render=False)
    plotter.reset_camera(render=False)
    window.setCentralWidget(widget)

    frames = {"n": 0}
    ren_win.AddObserver("EndEvent", lambda *_: frames.__setitem__("n", frames["n"] + 1))
    loop = QEventLoop()
    done = {"first": None}

    def check():
        if frames["n"] > 0 and done["first"] is None:
            done["first"] = time.perf_counter() - t1
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(5)
    window.show()
    if backend == "qvtk":
        widget.Initialize()
        widget.Start()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    timer.stop()
    first = done["first"]

    cam = plotter.camera
    app.processEvents()
    times = []
    for _ in range(args.frames):
        f0 = frames["n"]
        s = time.perf_counter()
        cam.Azimuth(360 / args.frames)
        if backend == "pyvistaqt":
            plotter.update()  # schedule a paint (QOpenGLWidget renders in paintGL)
            while frames["n"] == f0:
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        else:
            widget.Render()
            app.processEvents()
        times.append(time.perf_counter() - s)
    import statistics

    result = {
        "backend": backend, "triangles": triangles, "import_s": round(t_import, 2), "scene_s": round(t_scene, 2),
        "first_frame_s": None if first is None else round(first, 2),
        "orbit_ms_median": round(statistics.median(times) * 1000, 1),
        "orbit_ms_mean": round(statistics.mean(times) * 1000, 1),
        "size": f"{width}x{height}", "multi_samples": ren_win.GetMultiSamples(), "renderer": ren_win.ReportCapabilities().splitlines()[1:2],
    }
    if backend == "pyvistaqt":
        plotter.close()
    else:
        widget.Finalize()
    window.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=(*BACKENDS, "both"), default="both")
    parser.add_argument("--seats", type=int, default=20000, help="synthetic stadium seats (12 triangles each)")
    parser.add_argument("--catalogue", help="use a catalogue venue's stored geometry instead")
    parser.add_argument("--venue", help="venue id or name (with --catalogue)")
    parser.add_argument("--frames", type=int, default=36)
    parser.add_argument("--size", default="1280x800", type=lambda s: tuple(int(v) for v in s.split("x")))
    parser.add_argument("--multi-samples", type=int, default=0,
                        help="MSAA samples (4 costs ~2.4x per frame on llvmpipe in a native window)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("bench_qt_viewer: no DISPLAY; run under xvfb-run -a -s '-screen 0 1600x1000x24'", file=sys.stderr)
        return 2
    if args.child:
        print(json.dumps(run_one(args.backend, args)))
        return 0
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        cmd = [sys.executable, __file__, "--child", "--backend", backend, "--frames", str(args.frames),
               "--size", "x".join(map(str, args.size)), "--seats", str(args.seats),
               "--multi-samples", str(args.multi_samples)]
        if args.catalogue:
            cmd += ["--catalogue", args.catalogue, "--venue", args.venue]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if out.returncode != 0 or not line.startswith("{"):
            print(f"{backend}: failed ({out.returncode}): {out.stderr.strip()[-800:]}", file=sys.stderr)
            continue
        r = json.loads(line)
        results.append(r)
        print(f"{backend:<10} {r['triangles']:>9,} tris  import {r['import_s']:.2f} s  first frame "
              f"{r['first_frame_s']} s  orbit {r['orbit_ms_median']:.0f} ms/frame (median, mean "
              f"{r['orbit_ms_mean']:.0f})  at {r['size']}, MSAA {r['multi_samples']}")
    print(json.dumps(results))
    return 0 if results else 1


if __name__ == "__main__":
    raise SystemExit(main())
