"""Render overview pictures of the sample venues, off screen, to eyeball the generators' output.

    xvfb-run -a python bench/render_sample_overview.py sample_venues/theatre.ifc /tmp/samples_theatre.png

Exits (Pset_DoorCommon.FireExit) are drawn green, gates blue, vomitory doors yellow, stairs orange and
lifts brown, with the feature colours the app uses. ``--cut Z`` drops roofs and everything whose
storey lies above Z so that the inside shows. Not part of the app: the app has its own renderer.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.element
import ifcopenshell.util.shape
import numpy as np
import pyvista as pv

HIGHLIGHT = {"exit": "#00a651", "gate": "#0072ce", "vomitory": "#f2b600", "stair": "#f28c00", "lift": "#b15928"}


def _role(el) -> str | None:
    if el.is_a("IfcStair"):
        return "stair"
    if el.is_a("IfcTransportElement"):
        return "lift"
    if el.is_a("IfcDoor"):
        if el.PredefinedType == "GATE":
            return "gate"
        if (el.Name or "").startswith("Vomitoire"):
            return "vomitory"
        if ifcopenshell.util.element.get_pset(el, "Pset_DoorCommon", "FireExit"):
            return "exit"
    return None


def _storey_elevation(el) -> float:
    st = ifcopenshell.util.element.get_container(el)
    return float(st.Elevation or 0.0) if st is not None else 0.0


def load(path: str, cut: float | None):
    f = ifcopenshell.open(path)
    s = ifcopenshell.geom.settings()  # local coordinates: mapped seats are tessellated once, then placed
    skip = {"IfcSpace", "IfcOpeningElement"}
    elements = [e for e in f.by_type("IfcProduct") if e.Representation and e.is_a() not in skip]
    if cut is not None:
        elements = [e for e in elements if not e.is_a("IfcRoof") and _storey_elevation(e) <= cut]
    it = ifcopenshell.geom.iterator(s, f, multiprocessing.cpu_count(), include=elements,
                                    geometry_library="hybrid-cgal-simple-opencascade")
    groups: dict[tuple, list] = {}
    if it.initialize():
        while True:
            sh = it.get()
            el = f.by_id(sh.id)
            m = ifcopenshell.util.shape.get_shape_matrix(sh)
            v = np.asarray(sh.geometry.verts, float).reshape(-1, 3) @ m[:3, :3].T + m[:3, 3]
            t = np.asarray(sh.geometry.faces, int).reshape(-1, 3)
            role = _role(el)
            if role:
                key = (HIGHLIGHT[role], 1.0)
            else:
                mats = sh.geometry.materials
                d = mats[0].diffuse if mats else None
                rgb = (d.r(), d.g(), d.b()) if d is not None else (0.8, 0.8, 0.8)
                alpha = 1.0 - (mats[0].transparency if mats and mats[0].transparency == mats[0].transparency else 0)
                key = (tuple(round(c, 3) for c in rgb), round(max(alpha, 0.25), 2))
            groups.setdefault(key, []).append((v, t))
            if not it.next():
                break
    return f, groups


def to_polydata(parts) -> pv.PolyData:
    verts, faces, off = [], [], 0
    for v, t in parts:
        verts.append(v)
        faces.append(np.c_[np.full(len(t), 3), t + off])
        off += len(v)
    return pv.PolyData(np.vstack(verts), np.vstack(faces).ravel())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ifc")
    ap.add_argument("png")
    ap.add_argument("--cut", type=float, default=None)
    ap.add_argument("--direction", help="view from this direction, e.g. 0,-1,0.5 (else iso + azimuth/elevation)")
    ap.add_argument("--azimuth", type=float, default=-50.0)
    ap.add_argument("--elevation", type=float, default=35.0)
    ap.add_argument("--zoom", type=float, default=1.3)
    ap.add_argument("--size", default="1600x1000")
    a = ap.parse_args()
    t0 = time.perf_counter()
    _, groups = load(a.ifc, a.cut)
    t1 = time.perf_counter()
    w, h = (int(x) for x in a.size.split("x"))
    p = pv.Plotter(off_screen=True, window_size=(w, h))
    p.set_background("white", top="#cfd8e3")
    for (colour, alpha), parts in groups.items():
        p.add_mesh(to_polydata(parts), color=colour, opacity=alpha, smooth_shading=False, show_edges=False,
                   lighting=True)
    p.enable_anti_aliasing("ssaa")
    if a.direction:
        c = np.asarray(p.bounds).reshape(3, 2).mean(axis=1)
        p.camera_position = [tuple(c + np.array([float(x) for x in a.direction.split(",")]) * 100), tuple(c), (0, 0, 1)]
    else:
        p.camera_position = "iso"
        p.camera.azimuth = a.azimuth
        p.camera.elevation = a.elevation
    p.reset_camera()
    p.camera.zoom(a.zoom)
    p.screenshot(a.png)
    n = sum(len(v) for v in groups.values())
    print(f"{a.png}: {n} shapes, tessellated in {t1 - t0:.1f} s, rendered in {time.perf_counter() - t1:.1f} s")


if __name__ == "__main__":
    main()
