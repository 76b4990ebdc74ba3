"""Which Qt host for the 3D view: pyvistaqt's QtInteractor or VTK's own QVTKRenderWindowInteractor?

The app uses VTK's own (ui/vtk_view.py; see bench/README.md "Desktop start-up"): pyvistaqt is no longer a
dependency, so its backend runs only where it is installed (`pip install pyvistaqt`).

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
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

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


def synthetic_stadium_venue(path: str, seats: int) -> str:
    """A catalogue at *path* with one stadium venue: *seats* instanced seats on a bowl, a concourse ring
    (walls), a pitch (slab), 16 exits and 4 gates. Returns the venue name."""
    import numpy as np

    from venueplans.catalogue import open_catalogue
    from venueplans.model import Element, Feature, SourceInfo, Storey
    from venueplans.model.geometry import InstanceSet, MeshBatch
    from venueplans.model.imported import ImportedModel
    from venueplans.ops.import_venue import import_venue

    parts = dict(synthetic_stadium(seats))
    elements = [Element(0, "g-wall", "IfcWall", "Concourse", 0, "wall"), Element(1, "g-slab", "IfcSlab", "Pitch", 0, "slab")]
    batches = []
    for idx, cat in ((0, "wall"), (1, "slab")):
        mesh = parts[cat]
        tris = mesh.faces.reshape(-1, 4)[:, 1:].astype(np.uint32)
        batches.append(MeshBatch(0, cat, np.asarray(mesh.points, dtype=np.float32), tris,
                                 np.full(len(tris), idx, dtype=np.int32)))
    import pyvista as pv

    seat = pv.Box(bounds=(-0.22, 0.22, -0.22, 0.22, 0.0, 0.45)).triangulate()
    sv = np.asarray(seat.points, dtype=np.float32)
    st = seat.faces.reshape(-1, 4)[:, 1:].astype(np.uint32)
    rows = max(1, int(np.sqrt(seats / 12)))
    per_row = int(np.ceil(seats / rows))
    k = np.arange(seats)
    row, col = k // per_row, k % per_row
    angle = col / per_row * 2 * np.pi
    transforms = np.repeat(np.eye(4, dtype=np.float32)[None], seats, axis=0)
    transforms[:, 0, 3] = (60.0 + row * 0.85) * np.cos(angle) * 1.4
    transforms[:, 1, 3] = (60.0 + row * 0.85) * np.sin(angle)
    transforms[:, 2, 3] = row * 0.45
    first = len(elements)
    elements += [Element(first + i, f"g-seat-{i}", "IfcFurniture", f"Seat {i + 1}", 0, "furniture") for i in range(seats)]
    inst = InstanceSet(0, "furniture", sv, st, transforms, np.arange(first, first + seats, dtype=np.int32))
    features = []
    for i in range(16):
        a = i / 16 * 2 * np.pi
        r = 62 + rows * 0.85 + 6
        features.append(Feature("exit", f"Exit {i + 1}", 0, (r * np.cos(a) * 1.4, r * np.sin(a), 0.0), "bench"))
    for i in range(4):
        a = (i + 0.5) / 4 * 2 * np.pi
        r = 62 + rows * 0.85 + 12
        features.append(Feature("pedestrian_gate", f"Gate {i + 1}", 0, (r * np.cos(a) * 1.4, r * np.sin(a), 0.0), "bench"))
    src = SourceInfo("bench-stadium.ifc", "b" * 64, "ifc", "IFC4", "bench", "0")
    model = ImportedModel(src, [Storey("Ground", 0.0, 0)], elements, [], features, batches, [inst],
                          suggested_name="Bench Stadium")
    src.bbox = model.bbox()
    cat = open_catalogue(path)
    cat.set_setting("samples_seeded", "[]")
    import_venue(cat, path="bench-stadium.ifc", name="Bench Stadium", kind="stadium", model=model, replace=True)
    cat.close()
    return "Bench Stadium"


def run_app(args) -> dict:
    """The real path: MainWindow.open_venue on a catalogue venue, first frame, then orbit frames."""
    t_start = time.perf_counter()
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from venueplans.catalogue import open_catalogue, read
    from venueplans.ui.main_window import MainWindow

    t_import = time.perf_counter() - t_start
    app = QApplication.instance() or QApplication([])
    cat = open_catalogue(args.catalogue, create=False)
    vid = read.resolve_venue(cat, args.venue)
    window = MainWindow(cat)
    window.resize(*args.size)
    window.show()
    app.processEvents()
    done = {}
    window.viewer.first_frame.connect(lambda s: done.setdefault("first", s))
    t0 = time.perf_counter()
    window.open_venue(vid)
    while "first" not in done and time.perf_counter() - t0 < 300:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    wall_first = time.perf_counter() - t0
    viewer = window.viewer
    times = []
    for _ in range(args.frames):
        f0 = viewer.frames
        s = time.perf_counter()
        viewer.orbit(360 / args.frames)
        while viewer.frames == f0:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        times.append(time.perf_counter() - s)
    import statistics

    w, h = viewer.plotter.ren_win.GetSize()
    counts = read.venue_counts(cat, vid)
    result = {"backend": f"app ({type(viewer.scene).__name__})", "triangles": counts["triangles"],
              "import_s": round(t_import, 2), "first_frame_s": round(wall_first, 2),
              "orbit_ms_median": round(statistics.median(times) * 1000, 1),
              "orbit_ms_mean": round(statistics.mean(times) * 1000, 1), "size": f"{w}x{h} (3D view)",
              "multi_samples": viewer.plotter.ren_win.GetMultiSamples()}
    window.close()
    cat.close()
    return result


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
    parser.add_argument("--repeat", type=int, default=1, help="rounds, backends alternating")
    parser.add_argument("--app", action="store_true",
                        help="open the venue in the real main window (default venue: a synthetic stadium catalogue "
                        "built in a temporary folder)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        print("bench_qt_viewer: no DISPLAY; run under xvfb-run -a -s '-screen 0 1600x1000x24'", file=sys.stderr)
        return 2
    if args.child:
        print(json.dumps(run_app(args) if args.app else run_one(args.backend, args)))
        return 0
    if args.app:
        import tempfile

        if not args.catalogue:
            args.catalogue = str(Path(tempfile.mkdtemp(prefix="venueplans-bench-")) / "bench.sqlite")
            args.venue = synthetic_stadium_venue(args.catalogue, args.seats)
        cmd = [sys.executable, __file__, "--child", "--app", "--frames", str(args.frames), "--size",
               "x".join(map(str, args.size)), "--catalogue", args.catalogue, "--venue", args.venue]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if out.returncode != 0 or not line.startswith("{"):
            print(f"app: failed ({out.returncode}): {out.stderr.strip()[-1500:]}", file=sys.stderr)
            return 1
        r = json.loads(line)
        print(f"{r['backend']}: {r['triangles']:,} tris  first frame {r['first_frame_s']} s (open_venue to "
              f"first frame)  orbit {r['orbit_ms_median']:.0f} ms/frame (median, mean {r['orbit_ms_mean']:.0f}) "
              f"at {r['size']}")
        print(json.dumps(r))
        return 0
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    if importlib.util.find_spec("pyvistaqt") is None and "pyvistaqt" in backends:
        print("pyvistaqt is not installed: its backend is left out")
        backends = tuple(b for b in backends if b != "pyvistaqt")
    results = []
    for round_ in range(args.repeat):  # alternate backends: a shared, loaded machine drifts over time
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
            r["round"] = round_ + 1
            results.append(r)
            print(f"{backend:<10} {r['triangles']:>9,} tris  import {r['import_s']:.2f} s  first frame "
                  f"{r['first_frame_s']} s  orbit {r['orbit_ms_median']:.0f} ms/frame (median, mean "
                  f"{r['orbit_ms_mean']:.0f})  at {r['size']}, MSAA {r['multi_samples']}", flush=True)
    if args.repeat > 1:
        import statistics

        for backend in backends:
            rs = [r for r in results if r["backend"] == backend]
            if rs:
                print(f"{backend:<10} over {len(rs)} runs: first frame median "
                      f"{statistics.median(r['first_frame_s'] for r in rs):.2f} s, orbit median of medians "
                      f"{statistics.median(r['orbit_ms_median'] for r in rs):.0f} ms/frame "
                      f"(best {min(r['orbit_ms_median'] for r in rs):.0f})")
    print(json.dumps(results))
    return 0 if results else 1


if __name__ == "__main__":
    raise SystemExit(main())
