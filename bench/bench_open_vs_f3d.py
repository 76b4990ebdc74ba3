"""Open a stadium to the first frame, and orbit it: venueplans vs F3D, side by side, 1280x800, software GL.

    python bench/bench_open_vs_f3d.py                               # synthetic 40,000-seat stadium
    python bench/bench_open_vs_f3d.py --catalogue cat.sqlite --venue "Stade de l'Exemple"
    python bench/bench_open_vs_f3d.py --frames 36 --repeat 3 --seat-modes lod,merged,glyph

What is compared (every measurement is a fresh process, timed from outside, so imports count):

- first frame: `venueplans render VENUE -o x.png` (catalogue -> scene -> PNG, with labels and legend)
  vs a python process that imports f3d, opens the same geometry exported as GLB, renders off-screen and
  saves the PNG. Median of --repeat runs.
- orbit: in one process each, N camera azimuth steps of 360/N degrees from the same iso camera, each
  frame rendered; the mean ms/frame of the N frames (the GPU work is flushed by reading one final
  image back, on both sides). Median of --repeat runs, interleaved with F3D's.
- seat modes: venueplans's orbit, first frame and peak memory with seats drawn as tiles with a level
  of detail (lod, the default), as one merged full-detail mesh (merged), and GPU instanced (glyph).

The GLB is written from the catalogue geometry with trimesh (y up, one mesh per category with its
colour), cached next to the catalogue. The synthetic stadium (no --venue) is built once into
--catalogue (default: a scratch folder): a two-tier bowl of 40,000 seats (60 triangles each, stored
as instances), rakers, concourse, facade, roof, exits, gates, stairs and lifts.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("VENUEPLANS_NO_SAMPLES", "1")
SYNTHETIC = "Bench Stadium (synthetic)"
HEADLESS_ENV = {"VTK_DEFAULT_OPENGL_WINDOW": "vtkEGLRenderWindow"} if not os.environ.get("DISPLAY") else {}


# --- the synthetic stadium -------------------------------------------------------------------------------------


def _box(x0, y0, z0, x1, y1, z1):
    import numpy as np

    v = np.array([[x, y, z] for z in (z0, z1) for y in (y0, y1) for x in (x0, x1)], dtype=np.float32)
    t = np.array([[0, 2, 3], [0, 3, 1], [4, 5, 7], [4, 7, 6], [0, 1, 5], [0, 5, 4],
                  [1, 3, 7], [1, 7, 5], [3, 2, 6], [3, 6, 7], [2, 0, 4], [2, 4, 6]], dtype=np.uint32)
    return v, t


def _merge(parts):
    import numpy as np

    offsets = np.cumsum([0] + [len(v) for v, _ in parts[:-1]])
    return (np.concatenate([v for v, _ in parts]),
            np.concatenate([t + o for (_, t), o in zip(parts, offsets, strict=True)]).astype(np.uint32))


def seat_shape():
    """A stadium seat, 60 triangles: pan, backrest, two legs, an armrest. Faces -y (the pitch)."""
    return _merge([
        _box(-0.22, -0.2, 0.40, 0.22, 0.22, 0.46), _box(-0.22, 0.22, 0.40, 0.22, 0.28, 0.85),
        _box(-0.18, -0.05, 0.0, -0.14, 0.05, 0.40), _box(0.14, -0.05, 0.0, 0.18, 0.05, 0.40),
        _box(0.22, -0.15, 0.55, 0.25, 0.22, 0.60),
    ])


class Bowl:
    """A rounded rectangle around the pitch (half sides a, b) offset by d: points and outward normals."""

    def __init__(self, a: float = 57.0, b: float = 38.0):
        self.a, self.b = a, b

    def sample(self, d: float, spacing: float | None = None, n: int | None = None):
        import numpy as np

        a, b = self.a, self.b
        lengths = [2 * b, math.pi * d / 2, 2 * a, math.pi * d / 2, 2 * b, math.pi * d / 2, 2 * a, math.pi * d / 2]
        total = sum(lengths)
        count = n if n is not None else int(total / spacing)
        s = (np.arange(count) + 0.5) * total / count
        pts, nrm = np.zeros((count, 2)), np.zeros((count, 2))
        corners = [(a, b, 0.0), (-a, b, math.pi / 2), (-a, -b, math.pi), (a, -b, 1.5 * math.pi)]
        starts = np.cumsum([0] + lengths[:-1])
        for k in range(8):
            m = (s >= starts[k]) & (s < starts[k] + lengths[k])
            u = s[m] - starts[k]
            if k % 2 == 0:  # straight side k//2: east, north, west, south
                side = k // 2
                normal = [(1, 0), (0, 1), (-1, 0), (0, -1)][side]
                along = [(0, 1), (-1, 0), (0, -1), (1, 0)][side]
                origin = [(a + d, -b), (a, b + d), (-a - d, b), (-a, -b - d)][side]
                pts[m] = np.c_[origin[0] + along[0] * u, origin[1] + along[1] * u]
                nrm[m] = normal
            else:
                cx, cy, a0 = corners[k // 2]
                ang = a0 + u / max(d, 1e-9)
                nrm[m] = np.c_[np.cos(ang), np.sin(ang)]
                pts[m] = np.c_[cx + d * np.cos(ang), cy + d * np.sin(ang)]
        return pts, nrm

    def ribbon(self, d0, z0, d1, z1, n: int = 240):
        """A closed band from offset d0 at height z0 to d1 at z1 (raker, slab, facade, roof)."""
        import numpy as np

        p0, _ = self.sample(d0, n=n)
        p1, _ = self.sample(d1, n=n)
        v = np.r_[np.c_[p0, np.full(n, z0)], np.c_[p1, np.full(n, z1)]].astype(np.float32)
        i = np.arange(n)
        j = (i + 1) % n
        t = np.r_[np.c_[i, j, n + j], np.c_[i, n + j, n + i]].astype(np.uint32)
        return v, t


def synthetic_stadium(seats: int = 40_000):
    """An ImportedModel of a two-tier stadium bowl with *seats* instanced seats (~60 triangles each)."""
    import numpy as np

    from venueplans.model import Element, Feature, SourceInfo, Storey
    from venueplans.model.geometry import BatchBuilder, InstanceSet
    from venueplans.model.imported import ImportedModel

    bowl = Bowl()
    storeys = [Storey("Level 0", 0.0, 0, 9.5, "s0"), Storey("Level 1 concourse", 9.5, 1, 20.0, "s1")]
    elements, features, builder = [], [], BatchBuilder()

    def add(cls, name, storey, category, geom=None):
        idx = len(elements)
        elements.append(Element(idx, f"e{idx}", cls, name, storey, category))
        if geom is not None:
            builder.add(storey, category, *geom, element=idx)
        return idx

    add("IfcSlab", "Pitch", 0, "slab", _box(-60, -41, -0.2, 60, 41, 0.0))
    tiers = [(0, 6.0, 0.8, 28), (1, 31.0, 11.0, 16)]  # storey, first row offset, first row height, rows
    placements = []
    for storey, d0, z0, rows in tiers:
        add("IfcSlab", f"Raker tier {storey + 1}", storey, "slab",
            bowl.ribbon(d0 - 0.5, z0 - 0.05, d0 + rows * 0.8, z0 + rows * 0.42 - 0.05))
        for r in range(rows):
            pts, nrm = bowl.sample(d0 + r * 0.8, spacing=0.52)
            placements.append((storey, np.c_[pts, np.full(len(pts), z0 + r * 0.42)], nrm))
    add("IfcSlab", "Concourse", 1, "slab", bowl.ribbon(26.0, 9.5, 50.0, 9.5))
    add("IfcWall", "Facade", 0, "wall", bowl.ribbon(50.0, 0.0, 50.0, 27.0))
    add("IfcWall", "Concourse back wall", 1, "wall", bowl.ribbon(26.0, 9.5, 29.0, 11.0))
    add("IfcRoof", "Roof", 1, "roof", bowl.ribbon(34.0, 31.0, 52.0, 28.0))

    def door_at(d, theta_index, n, z, storey, name, kind, number=None):
        pts, nrm = bowl.sample(d, n=n)
        p, q = pts[theta_index], nrm[theta_index]
        t = np.array([q[1], -q[0]])
        corners = [p + t * 1.3 - q * 0.3, p - t * 1.3 + q * 0.3]
        lo, hi = np.minimum(*corners), np.maximum(*corners)
        idx = add("IfcDoor", name, storey, "door", _box(lo[0], lo[1], z, hi[0], hi[1], z + 2.6))
        features.append(Feature(kind, name, storey, (float(p[0]), float(p[1]), z), "bench", idx, number=number,
                                width=2.4))

    for i in range(20):
        door_at(50.2, i * 12 + 3, 240, 0.0, 0, f"Exit {i + 1}", "exit")
    for i in range(12):
        door_at(50.2, i * 20 + 9, 240, 9.5, 1, f"Concourse exit {i + 1}", "exit")
    for i in range(12):
        door_at(50.2, i * 20 + 0, 240, 0.0, 0, f"Gate {chr(65 + i)}", "pedestrian_gate", number=i + 1)
    features[-12].kind, features[-12].number = "entrance", None  # gate A is the main entrance
    sp, _ = bowl.sample(44.0, n=16)
    for i, p in enumerate(sp):
        idx = add("IfcStair", f"Stair {i + 1}", 0, "stair", _box(p[0] - 2, p[1] - 2, 0, p[0] + 2, p[1] + 2, 9.5))
        features.append(Feature("stair", f"Stair {i + 1}", 0, (float(p[0]), float(p[1]), 0.0), "bench", idx))
    lp, _ = bowl.sample(47.0, n=8)
    for i, p in enumerate(lp):
        idx = add("IfcTransportElement", f"Lift {i + 1}", 0, "other",
                  _box(p[0] - 1.2, p[1] - 1.2, 0, p[0] + 1.2, p[1] + 1.2, 12.0))
        features.append(Feature("lift", f"Lift {i + 1}", 0, (float(p[0]), float(p[1]), 0.0), "bench", idx))
    vp, _ = bowl.sample(17.0, n=24)
    for i, p in enumerate(vp):
        features.append(Feature("vomitory", f"Vom {i + 1}", 0, (float(p[0]), float(p[1]), 5.5), "bench", None,
                                number=i + 1))

    sv, st = seat_shape()
    instances, left = [], seats
    for storey in (0, 1):
        chunks = [(pos, nrm) for s, pos, nrm in placements if s == storey]
        pos = np.concatenate([c[0] for c in chunks])[:left]
        nrm = np.concatenate([c[1] for c in chunks])[: len(pos)]
        left -= len(pos)
        if not len(pos):
            continue
        tr = np.zeros((len(pos), 4, 4), dtype=np.float32)
        tr[:, 0, 0], tr[:, 1, 0] = nrm[:, 1], -nrm[:, 0]  # local x -> tangent
        tr[:, 0, 1], tr[:, 1, 1] = nrm[:, 0], nrm[:, 1]  # local y (backrest) -> outward
        tr[:, 2, 2] = tr[:, 3, 3] = 1.0
        tr[:, :3, 3] = pos
        first = len(elements)
        for k in range(len(pos)):
            elements.append(Element(first + k, f"seat{first + k}", "IfcFurniture", f"Seat {k + 1}", storey, "furniture"))
        instances.append(InstanceSet(storey, "furniture", sv, st, tr, np.arange(first, first + len(pos), dtype=np.int32)))
    src = SourceInfo(file_name="bench-stadium.ifc", sha256=f"bench-stadium-{seats}".ljust(64, "0"), format="ifc",
                     importer="bench")
    return ImportedModel(src, storeys, elements, [], features, builder.build(), instances, suggested_name=SYNTHETIC)


def ensure_venue(catalogue: Path, venue: str | None, seats: int) -> tuple[int, str]:
    from venueplans.catalogue import open_catalogue, read
    from venueplans.ops.import_venue import import_venue

    cat = open_catalogue(catalogue)
    name = venue or SYNTHETIC
    try:
        return read.resolve_venue(cat, name), name
    except read.VenueNotFound:
        if venue:
            raise
    print(f"building the synthetic stadium in {catalogue} ...", flush=True)
    model = synthetic_stadium(seats)
    vid = import_venue(cat, path="bench-stadium.ifc", name=name, kind="stadium", model=model).venue_id
    cat.close()
    return vid, name


# --- GLB for F3D ------------------------------------------------------------------------------------------------


def export_glb(catalogue: Path, venue_id: int, out: Path) -> int:
    """The venue's stored geometry as a GLB (y up), one mesh per category. Returns the triangle count."""
    import numpy as np
    import trimesh

    from venueplans.catalogue import open_catalogue, read
    from venueplans.render.style import category_colour, rgb8

    cat = open_catalogue(catalogue)
    geo = read.load_geometry(cat, venue_id)
    by_cat: dict[str, list] = {}
    for b in list(geo.batches) + [i.expanded() for i in geo.instances]:
        by_cat.setdefault(b.category, []).append(b)
    scene, total = trimesh.Scene(), 0
    z_up_to_y_up = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], dtype=np.float64)
    for category, batches in by_cat.items():
        offsets = np.cumsum([0] + [len(b.vertices) for b in batches[:-1]])
        verts = np.concatenate([b.vertices for b in batches]).astype(np.float64) @ z_up_to_y_up.T
        faces = np.concatenate([b.triangles.astype(np.int64) + o for b, o in zip(batches, offsets, strict=True)])
        mesh = trimesh.Trimesh(verts.astype(np.float32), faces, process=False)
        mesh.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(
            baseColorFactor=[*rgb8(category_colour(category)), 255], metallicFactor=0.0, roughnessFactor=1.0))
        scene.add_geometry(mesh, node_name=category)
        total += len(faces)
    out.write_bytes(scene.export(file_type="glb"))
    return total


# --- child processes --------------------------------------------------------------------------------------------

F3D_FIRST = """
import sys, f3d
engine = f3d.Engine.create(True)
engine.window.size = ({w}, {h})
engine.scene.add({glb!r})
engine.window.render_to_image().save({png!r})
"""

F3D_ORBIT = """
import json, resource, sys, time, f3d
t0 = time.perf_counter()
engine = f3d.Engine.create(True)
engine.window.size = ({w}, {h})
engine.scene.add({glb!r})
cam = engine.window.camera
cam.position, cam.focal_point, cam.view_up = {pos!r}, {focal!r}, {up!r}
engine.window.render_to_image()
first = time.perf_counter() - t0
t = time.perf_counter()
for _ in range({n}):
    cam.azimuth({step})
    engine.window.render()
engine.window.render_to_image()
orbit = (time.perf_counter() - t) / {n}
print(json.dumps({{"first_s": first, "orbit_ms": orbit * 1000,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

VP_ORBIT = """
import json, resource, sys, time
t0 = time.perf_counter()
from venueplans.catalogue import open_catalogue
from venueplans.render.scene import VenueScene
from venueplans.render.snapshot import capture, offscreen_window
cat = open_catalogue({cat!r})
window = offscreen_window(({w}, {h}))
scene = VenueScene(window, seats={mode!r})
scene.load(cat, {vid})
window.Render()
capture(window)
first = time.perf_counter() - t0
cam = scene.renderer.GetActiveCamera()
t = time.perf_counter()
for _ in range({n}):
    cam.Azimuth({step})
    window.Render()
capture(window)
orbit = (time.perf_counter() - t) / {n}
print(json.dumps({{"first_s": first, "orbit_ms": orbit * 1000, "camera": [cam.GetPosition(), cam.GetFocalPoint(),
                  cam.GetViewUp()], "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(cmd: list[str], *, env_extra: dict | None = None) -> tuple[float, str]:
    env = dict(os.environ, **HEADLESS_ENV, **(env_extra or {}))
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd[:4])} ...\n{proc.stderr[-2000:]}")
    return elapsed, proc.stdout


def child_json(code: str) -> dict:
    _, out = run([sys.executable, "-c", code])
    return json.loads(out.strip().splitlines()[-1])


def y_up(p):
    return [p[0], p[2], -p[1]]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalogue", type=Path, help="catalogue (default: a scratch one with the synthetic stadium)")
    ap.add_argument("--venue", help="venue name or id (default: the synthetic stadium, built if missing)")
    ap.add_argument("--seats", type=int, default=40_000, help="synthetic stadium seats (default 40000)")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--frames", type=int, default=24, help="orbit steps (default 24 x 15 degrees)")
    ap.add_argument("--repeat", type=int, default=3, help="first-frame runs per side (median)")
    ap.add_argument("--seat-modes", default="lod,merged,glyph", help="venueplans seat modes to measure")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    catalogue = args.catalogue or Path(tempfile.gettempdir()) / "venueplans-bench" / "catalogue.sqlite"
    catalogue.parent.mkdir(parents=True, exist_ok=True)
    vid, name = ensure_venue(catalogue, args.venue, args.seats)
    glb = catalogue.with_name(f"{catalogue.stem}-venue{vid}.glb")
    if not glb.exists() or glb.stat().st_mtime < catalogue.stat().st_mtime:
        tris = export_glb(catalogue, vid, glb)
        print(f"exported {glb} ({tris:,} triangles, {glb.stat().st_size / 1e6:.0f} MB)", flush=True)
    venueplans = shutil.which("venueplans", path=str(Path(sys.executable).parent)) or "venueplans"
    step = 360.0 / args.frames
    modes = [m for m in args.seat_modes.split(",") if m]
    results: dict = {"venue": name, "size": [w, h], "frames": args.frames, "cpus": os.cpu_count()}

    with tempfile.TemporaryDirectory() as tmp:
        png = str(Path(tmp) / "x.png")
        vp_first, f3d_first = [], []
        for _ in range(args.repeat):  # interleaved, so both sides see the same machine load
            vp_first.append(run([venueplans, "--catalogue", str(catalogue), "render", str(vid), "-o", png,
                                 "--size", f"{w}x{h}"])[0])
            f3d_first.append(run([sys.executable, "-c", F3D_FIRST.format(w=w, h=h, glb=str(glb), png=png)])[0])
        results["first_frame_s"] = {"venueplans": statistics.median(vp_first), "f3d": statistics.median(f3d_first)}

        runs: dict[str, list[dict]] = {}
        camera = None
        for _ in range(args.repeat):  # interleaved too: the machine's load drifts
            for mode in modes:
                r = child_json(VP_ORBIT.format(cat=str(catalogue), w=w, h=h, mode=mode, vid=vid, n=args.frames,
                                               step=step))
                camera = camera or r.pop("camera")
                r.pop("camera", None)
                runs.setdefault(mode, []).append(r)
            runs.setdefault("f3d", []).append(child_json(F3D_ORBIT.format(
                w=w, h=h, glb=str(glb), n=args.frames, step=step, pos=y_up(camera[0]), focal=y_up(camera[1]),
                up=y_up(camera[2]))))
        orbit = {k: {key: statistics.median(r[key] for r in v) for key in v[0]} for k, v in runs.items()}
        results["orbit"] = orbit
        results["runs"] = {"first_frame_s": {"venueplans": vp_first, "f3d": f3d_first}, "orbit": runs}

    ff = results["first_frame_s"]
    print(f"\n{name}: {w}x{h}, {args.frames} orbit frames, {os.cpu_count()} CPUs, "
          f"GL: {'EGL (no display)' if HEADLESS_ENV else os.environ.get('DISPLAY')}")
    print(f"{'':34} {'venueplans':>11} {'f3d':>9} {'ratio':>7}")
    print(f"{'first frame, whole process (s)':34} {ff['venueplans']:11.2f} {ff['f3d']:9.2f} "
          f"{ff['venueplans'] / ff['f3d']:7.2f}")
    f3d = orbit["f3d"]
    for mode in modes:
        o = orbit[mode]
        print(f"{'orbit ms/frame, seats=' + mode:34} {o['orbit_ms']:11.0f} {f3d['orbit_ms']:9.0f} "
              f"{o['orbit_ms'] / f3d['orbit_ms']:7.2f}")
    for mode in modes:
        o = orbit[mode]
        print(f"{'in-process first frame s, ' + mode:34} {o['first_s']:11.2f} {f3d['first_s']:9.2f} "
              f"{o['first_s'] / f3d['first_s']:7.2f}")
    for mode in modes:
        o = orbit[mode]
        print(f"{'peak memory MB, seats=' + mode:34} {o['rss_mb']:11.0f} {f3d['rss_mb']:9.0f} "
              f"{o['rss_mb'] / f3d['rss_mb']:7.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
