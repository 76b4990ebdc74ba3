"""Mesh export of a sample IFC as binary glTF (GLB): one node per product, metres, Y up.

Products are tessellated with the same kernel as the app ("hybrid-cgal-simple-opencascade") in local
coordinates; each node carries its IFC placement, so identical shapes (the 1,500 mapped theatre seats)
become one mesh instanced by many nodes instead of 1,500 copies. Nodes are named "Name [GlobalId]".
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import ifcopenshell
import ifcopenshell.geom
import ifcopenshell.util.shape
import numpy as np
import trimesh

KERNEL = "hybrid-cgal-simple-opencascade"
SKIP = ("IfcSpace", "IfcOpeningElement")
Z_UP_TO_Y_UP = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, -1, 0, 0], [0, 0, 0, 1]], float)


def _material(geometry) -> trimesh.visual.material.PBRMaterial:
    """The product's dominant surface style as a PBR material (transparent styles blend)."""
    mats = geometry.materials
    ids = np.asarray(geometry.material_ids, int)
    rgba = [0.8, 0.8, 0.8, 1.0]
    if len(mats):
        m = mats[int(np.bincount(ids[ids >= 0]).argmax())] if (ids >= 0).any() else mats[0]
        d = m.diffuse
        alpha = 1.0 - (m.transparency if m.transparency == m.transparency else 0.0)  # NaN: opaque
        rgba = [d.r(), d.g(), d.b(), max(alpha, 0.1)]
    return trimesh.visual.material.PBRMaterial(
        baseColorFactor=[round(c, 4) for c in rgba], metallicFactor=0.0, roughnessFactor=0.9,
        alphaMode="BLEND" if rgba[3] < 1.0 else "OPAQUE", doubleSided=rgba[3] < 1.0)


def export_glb(ifc_path: str | Path, glb_path: str | Path, *, skip: tuple[str, ...] = SKIP) -> dict:
    """Tessellate *ifc_path* and write *glb_path*; returns counts of nodes and distinct meshes."""
    f = ifcopenshell.open(str(ifc_path))
    settings = ifcopenshell.geom.settings()
    products = [p for p in f.by_type("IfcProduct") if p.Representation and not any(p.is_a(c) for c in skip)]
    it = ifcopenshell.geom.iterator(settings, f, os.cpu_count() or 1, include=products, geometry_library=KERNEL)
    shapes = []
    if it.initialize():
        while True:
            sh = it.get()
            if len(sh.geometry.faces):
                shapes.append((sh.id, sh.guid, ifcopenshell.util.shape.get_shape_matrix(sh),
                               np.asarray(sh.geometry.verts, float).reshape(-1, 3),
                               np.asarray(sh.geometry.faces, np.int64).reshape(-1, 3), _material(sh.geometry)))
            if not it.next():
                break
    shapes.sort(key=lambda s: s[0])  # threads finish in any order; the file must not

    scene = trimesh.Scene()
    meshes: dict[str, str] = {}
    for step_id, guid, matrix, verts, faces, material in shapes:
        el = f.by_id(step_id)
        key = hashlib.md5(verts.round(4).tobytes() + faces.tobytes() + repr(material.baseColorFactor).encode())
        name = meshes.get(key.hexdigest())
        if name is None:
            mesh = trimesh.Trimesh(verts, faces, process=False,
                                   visual=trimesh.visual.TextureVisuals(material=material))
            name = meshes[key.hexdigest()] = f"{el.is_a()} {len(meshes)}"
            scene.add_geometry(mesh, geom_name=name, node_name=_node_name(el, guid),
                               transform=Z_UP_TO_Y_UP @ matrix)
        else:
            scene.graph.update(frame_to=_node_name(el, guid), frame_from=scene.graph.base_frame,
                               matrix=Z_UP_TO_Y_UP @ matrix, geometry=name)
    scene.metadata.update({"source": Path(ifc_path).name, "units": "m", "up": "+Y"})
    Path(glb_path).write_bytes(scene.export(file_type="glb"))
    return {"nodes": len(shapes), "meshes": len(meshes)}


def _node_name(el, guid: str) -> str:
    return f"{el.Name} [{guid}]" if el.Name else guid
