"""Mesh import speed on synthetic GLBs of a few million triangles.

    python bench/bench_mesh_import.py                      # 3M triangles, default layouts
    python bench/bench_mesh_import.py --triangles 1e6 --keep /tmp/bench

Each layout is a 4-storey block (slabs, walls, a roof) plus seats, boxes from trimesh.creation, written
as a Y-up GLB:
- "rows":  ~2,500 nodes, each a distinct mesh (a seat row of 100 boxes);
- "seats": one seat mesh placed by ~50,000 nodes (glTF instancing, as seat-heavy exports do).
For each it prints the file size, the in-process phases of `mesh_read.read_mesh` (read = pre-flight +
trimesh load, convert, storeys, batch) with their total wall and CPU time (CPU time is the fairer number
on a busy machine), the end-to-end time of `import_mesh` through the worker process (spawn + pickling
included) and the worker's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import struct
import tempfile
import time
from pathlib import Path

import numpy as np
import trimesh

from venueplans.importers.mesh import import_mesh
from venueplans.importers.mesh_read import read_mesh

LEVELS = (0.0, 4.0, 8.0, 12.0)
SIZE = (300.0, 200.0)  # stadium-sized floors: about one seat per m² at 3M triangles


def _boxes(centres: np.ndarray, extents) -> tuple[np.ndarray, np.ndarray]:
    """Many axis-aligned boxes as one mesh (12 triangles each)."""
    box = trimesh.creation.box(extents=extents)
    n = len(centres)
    vertices = (box.vertices[None, :, :] + centres[:, None, :]).reshape(-1, 3)
    faces = (box.faces[None, :, :] + (np.arange(n) * len(box.vertices))[:, None, None]).reshape(-1, 3)
    return vertices, faces


def _shell() -> list[tuple[str, tuple[np.ndarray, np.ndarray]]]:
    w, d = SIZE
    parts = []
    for i, z in enumerate(LEVELS):
        parts.append((f"Slab L{i}", _boxes(np.array([[w / 2, d / 2, z - 0.15]]), (w, d, 0.3))))
        sides = [(w / 2, 0, w, 0.3), (w / 2, d, w, 0.3), (0, d / 2, 0.3, d), (w, d / 2, 0.3, d)]
        for j, (cx, cy, ex, ey) in enumerate(sides):
            parts.append((f"Wall L{i}-{j}", _boxes(np.array([[cx, cy, z + 1.85]]), (ex, ey, 3.7))))
    parts.append(("Roof", _boxes(np.array([[w / 2, d / 2, LEVELS[-1] + 4.15]]), (w, d, 0.3))))
    return parts


def _seat_positions(n: int, rng: np.random.Generator) -> np.ndarray:
    level = rng.integers(0, len(LEVELS), n)
    xy = rng.uniform((2, 2), (SIZE[0] - 2, SIZE[1] - 2), (n, 2))
    return np.c_[xy, np.asarray(LEVELS)[level] + 0.25]


def _y_up(xyz: np.ndarray) -> np.ndarray:
    """Z-up to glTF's Y-up: (x, y, z) -> (x, z, -y); the importer's default (up=y) turns it back."""
    return np.c_[xyz[:, 0], xyz[:, 2], -xyz[:, 1]]


def write_glb(
    path: Path, meshes: list[tuple[np.ndarray, np.ndarray]], nodes: list[tuple[str, int, list]]
) -> None:
    """A minimal GLB: indexed meshes (Z-up arrays) and nodes (name, mesh index, translation)."""
    blob, views, accessors, gl_meshes = bytearray(), [], [], []
    for vertices, faces in meshes:
        for array, kind, component in (
            (_y_up(vertices).astype(np.float32), "VEC3", 5126),
            (faces.astype(np.uint32).ravel(), "SCALAR", 5125),
        ):
            views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": array.nbytes})
            accessor = {
                "bufferView": len(views) - 1,
                "componentType": component,
                "count": len(array),
                "type": kind,
            }
            if kind == "VEC3":
                accessor |= {"min": array.min(axis=0).tolist(), "max": array.max(axis=0).tolist()}
            accessors.append(accessor)
            blob += array.tobytes()
        gl_meshes.append(
            {"primitives": [{"attributes": {"POSITION": len(accessors) - 2}, "indices": len(accessors) - 1}]}
        )
    gl_nodes = [
        {"name": name, "mesh": mesh, "translation": _y_up(np.array([t], float))[0].tolist()}
        for name, mesh, t in nodes
    ]
    header = {
        "asset": {"version": "2.0", "generator": "venueplans bench"},
        "scene": 0,
        "scenes": [{"nodes": list(range(len(gl_nodes)))}],
        "nodes": gl_nodes,
        "meshes": gl_meshes,
        "accessors": accessors,
        "bufferViews": views,
        "buffers": [{"byteLength": len(blob)}],
    }
    js = json.dumps(header).encode()
    js += b" " * (-len(js) % 4)
    blob += b"\0" * (-len(blob) % 4)
    with open(path, "wb") as f:
        f.write(struct.pack("<4sII", b"glTF", 2, 28 + len(js) + len(blob)))
        f.write(struct.pack("<I4s", len(js), b"JSON") + js)
        f.write(struct.pack("<I4s", len(blob), b"BIN\0") + blob)


def build(layout: str, triangles: int, path: Path) -> int:
    """Write a synthetic GLB of about *triangles* triangles; returns its node count."""
    rng = np.random.default_rng(0)
    meshes, nodes = [], []
    for name, mesh in _shell():
        nodes.append((name, len(meshes), [0.0, 0.0, 0.0]))
        meshes.append(mesh)
    if layout == "rows":
        per_row = 100  # seats per row node
        for k in range(max(1, triangles // (12 * per_row))):
            nodes.append((f"Seat row {k}", len(meshes), [0.0, 0.0, 0.0]))
            meshes.append(_boxes(_seat_positions(per_row, rng), (0.45, 0.45, 0.5)))
    else:
        seat = _boxes(
            np.array([[0, 0, 0.25], [0, 0.2, 0.7], [-0.22, 0, 0.3], [0.22, 0, 0.3], [0, -0.2, 0.05]]),
            (0.45, 0.1, 0.5),
        )
        nodes += [
            (f"Seat {k}", len(meshes), p.tolist())
            for k, p in enumerate(_seat_positions(max(1, triangles // 60), rng))
        ]
        meshes.append(seat)
    write_glb(path, meshes, nodes)
    return len(nodes)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triangles", type=float, default=3e6)
    ap.add_argument("--layouts", default="rows,seats")
    ap.add_argument("--keep", type=Path, help="write the GLBs here and keep them")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vp-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{'layout':<7} {'nodes':>7} {'triangles':>10} {'MB':>6} {'read':>6} {'convert':>7} {'storeys':>7} "
        f"{'batch':>6} {'in-proc s':>9} {'cpu s':>6} {'worker s':>8} {'peak MB':>8}  storeys"
    )
    for layout in args.layouts.split(","):
        path = folder / f"bench-{layout}.glb"
        t = time.perf_counter()
        nodes = build(layout, int(args.triangles), path)
        built = time.perf_counter() - t
        t, cpu = time.perf_counter(), time.process_time()
        model = read_mesh(str(path), unit="m", up="y", max_bytes=8 << 30)
        in_process, in_process_cpu = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        isolated = import_mesh(path)
        worker = time.perf_counter() - t
        ph = model.source.stats["timings_s"]
        print(
            f"{layout:<7} {nodes:7d} {model.n_triangles:10d} {path.stat().st_size / 1e6:6.1f} {ph['read']:6.2f} "
            f"{ph['convert']:7.2f} {ph['storeys']:7.2f} {ph['batch']:6.2f} {in_process:9.2f} {in_process_cpu:6.2f} {worker:8.2f} "
            f"{isolated.source.stats.get('worker_peak_rss_mb', 0):8.0f}  {model.source.stats['storey_elevations']}"
            f"  (built in {built:.1f} s)"
        )
        if not args.keep:
            path.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
