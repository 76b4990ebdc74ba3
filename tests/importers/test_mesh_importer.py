"""Mesh importer: real files from ../shared/venues, malformed ones, and synthetic files for the rules.

Most tests call the child side (`mesh_read.read_mesh`) in-process, which is what the worker runs; a few
go through `import_mesh` and the registry to cover the worker process and the parent-side checks.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import struct
from pathlib import Path

import numpy as np
import pytest
import trimesh

from venueplans.importers import import_file
from venueplans.importers.errors import ImportFailed
from venueplans.importers.mesh import DEFAULT_MAX_BYTES, import_mesh
from venueplans.importers.mesh_read import category_for, names_an_exit, read_mesh
from venueplans.model.messages import translated, translated_all

REPO = Path(__file__).resolve().parents[2]
THEATRE_GLB = REPO / "sample_venues" / "theatre.glb"

REAL = {
    "kenney-building-glb/building-small-c.glb": "y",
    "trimesh-3storybuilding-glb/no_indices_3storybuilding.glb": "y",
    "trimesh-wallhole-obj/wallhole.obj": "z",
    "kenney-door-stl/door.stl": "z",
}


def read(path, *, unit="m", up=None, max_bytes=DEFAULT_MAX_BYTES):
    path = Path(path)
    up = up or ("y" if path.suffix in (".glb", ".gltf") else "z")
    return read_mesh(str(path), unit=unit, up=up, max_bytes=max_bytes)


def refused(path, **kw) -> str:
    with pytest.raises(ImportFailed) as info:
        read(path, **kw)
    message = str(info.value)
    assert "\n" not in message and message.startswith(Path(path).name + ": ")
    return info.value.reason


def y_up_to_z_up_bounds(bounds: np.ndarray) -> np.ndarray:
    (x0, y0, z0), (x1, y1, z1) = bounds
    return np.array([[x0, -z1, y0], [x1, -z0, y1]])


# --- real files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REAL))
def test_real_file_keeps_every_triangle_and_node(shared_venues, name):
    path = shared_venues / name
    model = read(path)
    reference = trimesh.load_scene(str(path))
    assert model.n_triangles == sum(len(m.faces) for m in reference.dump())
    assert len(model.elements) == len(reference.graph.nodes_geometry)
    assert [e.index for e in model.elements] == list(range(len(model.elements)))
    assert all(e.ifc_class == "MeshNode" and e.guid for e in model.elements)
    assert len({e.guid for e in model.elements}) == len(model.elements)
    bounds = reference.bounds if REAL[name] == "z" else y_up_to_z_up_bounds(reference.bounds)
    assert np.allclose(model.source.bbox, bounds, atol=1e-4)
    # Every triangle is in exactly one batch, tagged with a valid element.
    for batch in model.batches:
        assert batch.triangles.max() < len(batch.vertices)
        assert 0 <= batch.elements.min() and batch.elements.max() < len(model.elements)
    source = model.source
    assert (source.file_name, source.format, source.importer) == (path.name, path.suffix[1:], "mesh")
    assert source.importer_version == trimesh.__version__ and source.schema == ""
    assert source.stats["triangles"] == model.n_triangles and source.stats["nodes"] == len(model.elements)
    assert source.stats["storey_inference"]
    assert model.suggested_name == path.stem
    assert all(s.inferred for s in model.storeys)


def test_three_storey_massing_gives_three_storeys(shared_venues):
    # Three stacked 3 m blocks without indices (drawArrays-style primitives), named floor_0..2.
    model = read(shared_venues / "trimesh-3storybuilding-glb/no_indices_3storybuilding.glb")
    assert [s.elevation for s in model.storeys] == pytest.approx([0.0, 3.0, 6.0], abs=0.01)
    assert [s.name for s in model.storeys] == ["Level 0 (+0.00 m)", "Level 1 (+3.00 m)", "Level 2 (+6.00 m)"]
    assert translated(model.source.stats["storey_inference"]).startswith("inferred 3 storeys at 0.00, 3.00, 6.00 m")
    by_name = {e.name: e for e in model.elements}
    assert {n: (e.storey, e.category) for n, e in by_name.items()} == {
        "floor_0": (0, "slab"),
        "floor_1": (1, "slab"),
        "floor_2": (2, "slab"),
    }
    assert by_name["floor_0"].guid == "building/floor_0"
    assert model.source.up_axis == "y" and model.source.bbox[1][2] == pytest.approx(9.0)


def test_wallhole_obj_imports_with_warnings_about_its_materials(shared_venues):
    model = read(shared_venues / "trimesh-wallhole-obj/wallhole.obj")
    warnings = " | ".join(translated_all(model.source.warnings))
    assert "material library '00.mtl' is missing" in warnings
    assert "'usemtl' statement without a material name" in warnings
    assert [e.name for e in model.elements] == ["wallhole"]


def test_stl_node_is_named_after_the_file(shared_venues):
    model = read(shared_venues / "kenney-door-stl/door.stl")
    assert [(e.name, e.guid, e.category) for e in model.elements] == [("door", "door", "door")]


def test_through_the_worker_and_the_registry(shared_venues):
    path = shared_venues / "trimesh-3storybuilding-glb/no_indices_3storybuilding.glb"
    messages = []
    model = import_file(path, progress=lambda f, m: messages.append((f, m)))
    assert model.n_triangles == 72 and len(model.storeys) == 3
    assert model.source.stats["worker_peak_rss_mb"] > 0
    assert messages and messages[-1][0] == 1.0


# --- malformed files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, reason",
    [
        ("BoxWithInfinites.glb", "vertex coordinates contain infinite or NaN values"),
        ("IndexOutOfRange.gltf", "triangle indices out of range"),
        ("ply_empty_header.ply", "contains no triangles"),
    ],
)
def test_malformed_files_are_refused_with_a_one_line_reason(shared_venues, name, reason):
    assert reason in refused(shared_venues / "malformed" / name)


def test_obj_face_with_two_vertices_is_skipped_with_a_warning(shared_venues):
    # 'f 1// 2//' then a valid triangle: the valid part is imported, the skipped face is reported.
    model = read(shared_venues / "malformed/notenoughindices.obj")
    assert model.n_triangles == 1
    assert any(
        "skipped 1 face with fewer than 3 vertices (first at line 9)" in w for w in translated_all(model.source.warnings)
    )


def test_malformed_file_through_the_worker(shared_venues):
    with pytest.raises(ImportFailed, match="BoxWithInfinites.glb: vertex coordinates contain infinite"):
        import_mesh(shared_venues / "malformed/BoxWithInfinites.glb")


@pytest.mark.parametrize("suffix", [".obj", ".stl", ".ply", ".gltf", ".glb"])
@pytest.mark.parametrize("content", [b"", bytes(range(256)) * 20], ids=["empty", "garbage"])
def test_garbage_is_refused_cleanly(tmp_path, suffix, content):
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(content)
    refused(path)


@pytest.mark.parametrize(
    "name, text, reason",
    [
        ("oob.obj", "v 0 0 0\nv 1 0 0\nv 1 1 0\nf 1 2 99\n", "refer to vertices that do not exist"),
        ("lines.obj", "v 0 0 0\nv 1 0 0\nl 1 2\n", "contains no triangles"),
        (
            "huge.ply",
            "ply\nformat binary_little_endian 1.0\nelement vertex 1000000000\nproperty float x\nend_header\n",
            "PLY header declares data of at least 4,000,000,000 bytes",
        ),
        (
            "points.ply",
            "ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty float z\n"
            "end_header\n0 0 0\n",
            "contains no triangles",
        ),
        ("v1.gltf", '{"asset": {"version": "1.0"}}', "glTF version 1.0 is not supported"),
        (
            "dangling.gltf",
            '{"asset": {"version": "2.0"}, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 5}]}',
            "node 0 refers to mesh 5, which does not exist",
        ),
    ],
)
def test_inconsistent_files_are_refused(tmp_path, name, text, reason):
    path = tmp_path / name
    path.write_text(text)
    assert reason in refused(path)


# --- synthetic glTF -------------------------------------------------------------------------------------

_BOX_V = np.array([[x, y, z] for x in (0, 1) for y in (0, 1) for z in (0, 1)], dtype=np.float32)
_BOX_F = np.array(  # outward-facing
    [[0, 3, 2], [0, 1, 3], [4, 7, 5], [4, 6, 7], [0, 5, 1], [0, 4, 5],
     [2, 7, 6], [2, 3, 7], [0, 6, 4], [0, 2, 6], [1, 7, 3], [1, 5, 7]],
    dtype=np.uint32,
)  # fmt: skip


def gltf(positions=None, indices=None, *, name="Box"):
    """A one-node, one-mesh glTF header and its binary buffer (positions, then indices)."""
    pos = np.asarray(_BOX_V if positions is None else positions, dtype=np.float32)
    idx = np.asarray(_BOX_F if indices is None else indices, dtype=np.uint32).ravel()
    blob = pos.tobytes() + idx.tobytes()
    header = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": [0]}],
        "nodes": [{"name": name, "mesh": 0}],
        "meshes": [{"name": name, "primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "buffers": [{"byteLength": len(blob)}],
        "bufferViews": [
            {"buffer": 0, "byteOffset": 0, "byteLength": pos.nbytes},
            {"buffer": 0, "byteOffset": pos.nbytes, "byteLength": idx.nbytes},
        ],
        "accessors": [
            {"bufferView": 0, "componentType": 5126, "count": len(pos), "type": "VEC3",
             "min": pos.min(axis=0).tolist(), "max": pos.max(axis=0).tolist()},
            {"bufferView": 1, "componentType": 5125, "count": len(idx), "type": "SCALAR"},
        ],
    }  # fmt: skip
    return header, blob


def write_glb(path: Path, header: dict, blob: bytes) -> Path:
    js = json.dumps(header).encode()
    js += b" " * (-len(js) % 4)
    blob += b"\0" * (-len(blob) % 4)
    total = 12 + 8 + len(js) + 8 + len(blob)
    path.write_bytes(
        struct.pack("<4sII", b"glTF", 2, total)
        + struct.pack("<I4s", len(js), b"JSON")
        + js
        + struct.pack("<I4s", len(blob), b"BIN\0")
        + blob
    )
    return path


def write_gltf(
    path: Path, header: dict, blob: bytes, uri: str | None = None, side: Path | None = None
) -> Path:
    """A .gltf whose buffer is the side file *side* (named by *uri*) or, without one, a data: URI."""
    if uri is None:
        uri = "data:application/octet-stream;base64," + base64.b64encode(blob).decode()
    elif side is not None:
        side.parent.mkdir(parents=True, exist_ok=True)
        side.write_bytes(blob)
    header["buffers"][0]["uri"] = uri
    path.write_text(json.dumps(header))
    return path


def test_y_up_gltf_height_ends_up_along_z(tmp_path):
    # 2 m wide (x), 10 m high (y, up in glTF), 3 m deep (z, towards the viewer = south).
    header, blob = gltf(_BOX_V * np.array([2, 10, 3], np.float32))
    model = read(write_glb(tmp_path / "tower.glb", header, blob))
    assert model.source.up_axis == "y"
    assert np.allclose(model.source.bbox, [[0, -3, 0], [2, 0, 10]])


def test_up_axis_can_be_overridden(tmp_path):
    header, blob = gltf(_BOX_V * np.array([2, 10, 3], np.float32))
    model = read(write_glb(tmp_path / "tower.glb", header, blob), up="z")
    assert np.allclose(model.source.bbox, [[0, 0, 0], [2, 10, 3]])


def test_right_handedness_is_kept(tmp_path):
    # Outward-facing box in a Y-up file: after conversion the top face still faces up.
    header, blob = gltf(_BOX_V)
    model = read(write_glb(tmp_path / "cube.glb", header, blob))
    (batch,) = model.batches
    tri = batch.vertices[batch.triangles]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    top = tri[:, :, 2].min(axis=1) > 0.99
    assert top.sum() == 2 and (normals[top, 2] > 0).all()


@pytest.mark.parametrize(
    "unit, scale", [("m", 1.0), ("cm", 0.01), ("mm", 0.001), ("ft", 0.3048), ("in", 0.0254)]
)
def test_units_scale_to_metres(tmp_path, unit, scale):
    obj = tmp_path / "block.obj"
    obj.write_text("v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 0 300\nf 1 2 3\nf 1 2 4\n")
    model = read(obj, unit=unit)
    assert model.source.unit == unit
    assert np.allclose(model.source.bbox, [[0, 0, 0], [100 * scale, 100 * scale, 300 * scale]], rtol=1e-6)


def test_gltf_with_side_file_in_its_folder_or_a_subfolder(tmp_path):
    header, blob = gltf()
    model = read(write_gltf(tmp_path / "a.gltf", header, blob, "a.bin", tmp_path / "a.bin"))
    assert model.n_triangles == 12
    header, blob = gltf()
    sub = write_gltf(tmp_path / "b.gltf", header, blob, "data/b%20buf.bin", tmp_path / "data" / "b buf.bin")
    assert read(sub).n_triangles == 12


def test_gltf_with_embedded_data_uri(tmp_path):
    header, blob = gltf()
    assert read(write_gltf(tmp_path / "embedded.gltf", header, blob)).n_triangles == 12


@pytest.mark.parametrize(
    "uri, reason",
    [
        ("../outside.bin", "outside the model's folder"),
        ("sub/../../outside.bin", "outside the model's folder"),
        ("%2E%2E/outside.bin", "outside the model's folder"),
        ("/etc/passwd", "outside the model's folder"),
        ("http://192.0.2.1/model.bin", "no URLs"),
        ("https://example.com/model.bin", "no URLs"),
        ("file:///etc/passwd", "no URLs"),
        ("C:\\models\\model.bin", "no URLs"),
        ("missing.bin", "missing from the model's folder"),
        ("data:application/octet-stream,notbase64", "not base64"),
    ],
)
def test_gltf_buffer_uris_are_confined_to_the_folder(tmp_path, uri, reason):
    (tmp_path / "outside.bin").write_bytes(gltf()[1])
    folder = tmp_path / "model"
    folder.mkdir()
    header, blob = gltf()
    assert reason in refused(write_gltf(folder / "m.gltf", header, blob, uri))


def test_symlink_leading_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.bin").write_bytes(gltf()[1])
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "link.bin").symlink_to(tmp_path / "outside.bin")
    header, blob = gltf()
    assert "leads outside the model's folder" in refused(
        write_gltf(folder / "m.gltf", header, blob, "link.bin")
    )


def test_texture_uris_are_checked_too(tmp_path):
    header, blob = gltf()
    header["images"] = [{"uri": "data:image/png;base64,iVBORw0KGgo="}, {"uri": "http://example.com/wood.png"}]
    assert "image 1 refers to 'http://example.com/wood.png'" in refused(
        write_glb(tmp_path / "t.glb", header, blob)
    )
    header["images"].pop()
    assert read(write_glb(tmp_path / "embedded-texture.glb", header, blob)).n_triangles == 12


def test_absurd_buffer_length_is_refused_before_loading(tmp_path):
    header, blob = gltf()
    header["buffers"][0]["byteLength"] = 1 << 40
    assert "buffer 0 declares 1,099,511,627,776 bytes but only" in refused(
        write_glb(tmp_path / "b.glb", header, blob)
    )


def test_accessor_past_its_view_is_refused(tmp_path):
    header, blob = gltf()
    header["accessors"][0]["count"] = 10_000
    assert "accessor 0 reads past the end of its buffer view" in refused(
        write_glb(tmp_path / "a.glb", header, blob)
    )


def test_huge_bufferless_accessor_is_refused(tmp_path):
    # trimesh zero-fills an accessor without a buffer view: 10^12 of them would fill the memory.
    header, blob = gltf()
    header["accessors"].append({"componentType": 5126, "count": 10**12, "type": "VEC3"})
    assert "accessor 2 declares" in refused(write_glb(tmp_path / "z.glb", header, blob))


def test_truncated_glb_is_refused(tmp_path):
    header, blob = gltf()
    path = write_glb(tmp_path / "t.glb", header, blob)
    path.write_bytes(path.read_bytes()[:-40])
    assert "truncated" in refused(path)


def test_draco_without_a_decoder_is_refused(tmp_path):
    if importlib.util.find_spec("DracoPy") is not None:
        pytest.skip("DracoPy is installed here, so Draco files are decoded")
    header, blob = gltf()
    header["extensionsUsed"] = header["extensionsRequired"] = ["KHR_draco_mesh_compression"]
    assert "Draco" in refused(write_glb(tmp_path / "d.glb", header, blob))


def test_archive_under_a_mesh_suffix_is_refused_unopened(tmp_path):
    path = tmp_path / "bomb.glb"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    assert "zip archive" in refused(path)


def test_file_over_the_size_cap_is_refused_before_the_worker_starts(tmp_path):
    header, blob = gltf()
    path = write_glb(tmp_path / "big.glb", header, blob)
    with pytest.raises(ImportFailed, match=r"big.glb: file is .* over the 100 bytes limit"):
        import_mesh(path, max_bytes=100)
    assert "over the 100 byte limit" in refused(path, max_bytes=100)


def test_bad_options_are_refused_in_the_parent(tmp_path):
    path = tmp_path / "x.obj"
    path.write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
    with pytest.raises(ImportFailed, match="unknown unit 'furlong'"):
        import_mesh(path, unit="furlong")
    with pytest.raises(ImportFailed, match="unknown up axis 'x'"):
        import_mesh(path, up="x")


def test_empty_scene_is_refused(tmp_path):
    header = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": []}]}
    path = tmp_path / "empty.gltf"
    path.write_text(json.dumps(header))
    assert "contains no triangles" in refused(path)


def test_non_indexed_primitive(tmp_path):
    header, blob = gltf(_BOX_V[_BOX_F.ravel()], np.zeros(0))
    del header["meshes"][0]["primitives"][0]["indices"]
    header["accessors"].pop()
    header["bufferViews"].pop()
    assert read(write_glb(tmp_path / "flat.glb", header, blob)).n_triangles == 12


def test_primitives_of_one_node_make_one_element(tmp_path):
    # One primitive per material is the usual glTF layout: still one node, one element, every triangle.
    header, blob = gltf(name="Wall_North")
    header["meshes"][0]["primitives"].append({"attributes": {"POSITION": 0}, "indices": 1})
    model = read(write_glb(tmp_path / "two.glb", header, blob))
    assert model.n_triangles == 24
    assert [(e.name, e.guid, e.category) for e in model.elements] == [("Wall_North", "Wall_North", "wall")]


def test_line_primitives_are_reported(tmp_path):
    header, blob = gltf()
    header["meshes"][0]["primitives"].append({"attributes": {"POSITION": 0}, "mode": 1})
    model = read(write_glb(tmp_path / "lines.glb", header, blob))
    assert model.n_triangles == 12
    assert "skipped 1 line primitive (only triangles are imported)" in translated_all(model.source.warnings)


# --- nodes, categories, storeys -------------------------------------------------------------------------


def obj_boxes(path: Path, boxes: dict[str, tuple]) -> Path:
    """An OBJ with one named object ('o') per box {name: ((x0, y0, z0), (x1, y1, z1))}, Z up."""
    lines, base = [], 0
    for name, (lo, hi) in boxes.items():
        lines.append(f"o {name}")
        corners = np.asarray(lo) + _BOX_V * (np.asarray(hi) - np.asarray(lo))
        lines += [f"v {x:.4f} {y:.4f} {z:.4f}" for x, y, z in corners]
        lines += [f"f {a + base + 1} {b + base + 1} {c + base + 1}" for a, b, c in _BOX_F]
        base += 8
    path.write_text("\n".join(lines) + "\n")
    return path


def building(path: Path) -> Path:
    """Three storeys (0, 3.5, 7 m) under a roof; one facade panel spans all of them; an exit door."""
    boxes = {}
    for i, z in enumerate((0.0, 3.5, 7.0)):
        boxes[f"Floor_L{i}"] = ((0, 0, z - 0.3), (30, 20, z))
    boxes["Roof"] = ((0, 0, 10.2), (30, 20, 10.5))
    boxes["Facade panel"] = ((0, -0.2, 0), (30, 0, 10.2))
    boxes["Sortie de secours 2"] = ((10, -0.3, 3.5), (12, -0.2, 5.6))
    boxes["Fauteuil 12"] = ((5, 5, 3.5), (5.5, 5.5, 4.0))
    boxes["Fauteuil 13"] = ((6, 5, 2.8), (6.5, 5.5, 3.3))  # straddles the 3.0 m boundary of storey 1
    return obj_boxes(path, boxes)


def test_node_spanning_storeys_is_split_across_storey_batches(tmp_path):
    model = read(building(tmp_path / "block.obj"))
    assert [s.elevation for s in model.storeys] == pytest.approx([0.0, 3.5, 7.0])
    facade = next(e for e in model.elements if e.name == "Facade panel")
    assert facade.category == "wall"
    parts = {b.storey: int((b.elements == facade.index).sum()) for b in model.batches if b.category == "wall"}
    assert set(parts) == {0, 1, 2} and sum(parts.values()) == 12
    # It belongs to the storey holding most of its surface.
    area = {}
    for b in model.batches:
        tri = b.vertices[b.triangles[b.elements == facade.index]]
        area[b.storey] = (
            area.get(b.storey, 0)
            + np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1).sum()
        )
    assert facade.storey == max(area, key=area.get)
    for batch in model.batches:  # each part keeps only the vertices it uses
        assert np.unique(batch.triangles).size == len(batch.vertices)


def test_small_node_across_a_storey_boundary_stays_whole(tmp_path):
    model = read(building(tmp_path / "block.obj"))
    seat = next(e for e in model.elements if e.name == "Fauteuil 13")
    assert [b.storey for b in model.batches if seat.index in b.elements] == [seat.storey]


def test_categories_storeys_and_exit_feature_from_node_names(tmp_path):
    model = read(building(tmp_path / "block.obj"))
    cats = {e.name: (e.category, e.storey) for e in model.elements}
    assert cats["Floor_L0"] == ("slab", 0) and cats["Floor_L2"] == ("slab", 2)
    assert cats["Roof"][0] == "roof" and cats["Fauteuil 12"] == ("furniture", 1)
    (exit_,) = model.features
    door = next(e for e in model.elements if e.name == "Sortie de secours 2")
    assert (exit_.kind, exit_.label, exit_.storey, exit_.element) == (
        "exit",
        "Sortie de secours 2",
        1,
        door.index,
    )
    assert exit_.source == "node name 'Sortie de secours 2'"
    assert exit_.position == pytest.approx((11.0, -0.25, 3.5))
    assert exit_.verified is None
    assert model.source.stats["exits_from_names"] == 1


@pytest.mark.parametrize(
    "name, category",
    [
        ("InteriorWall_02", "wall"),
        ("Murs porteurs", "wall"),
        ("mural", "other"),
        ("Sol RDC", "slab"),
        ("Solid block", "other"),
        ("Dalle haute", "slab"),
        ("Toiture", "roof"),
        ("Roof slab", "roof"),
        ("Porte coupe-feu", "door"),
        ("outdoor area", "other"),
        ("Fenêtre 3", "window"),
        ("Escaliers B", "stair"),
        ("Siège 12", "furniture"),
        ("chair", "furniture"),
        ("Mesh.001", "other"),
    ],
)
def test_category_from_name_keywords(name, category):
    assert category_for(name) == category


def test_exit_names():
    assert (
        names_an_exit("Sortie de secours 3") and names_an_exit("Emergency_Exit_2") and names_an_exit("EXITS")
    )
    assert (
        not names_an_exit("Exit sign") and not names_an_exit("exhibit hall") and not names_an_exit("Door 3")
    )


def test_storeys_are_numbered_from_the_ground(tmp_path):
    boxes = {f"Slab {z}": ((0, 0, z - 0.3), (30, 20, z)) for z in (-4.0, 0.0, 4.0)}
    boxes["Roof"] = ((0, 0, 8.0), (30, 20, 8.3))
    model = read(obj_boxes(tmp_path / "basement.obj", boxes))
    assert [s.name for s in model.storeys] == ["Level -1 (-4.00 m)", "Level 0 (+0.00 m)", "Level 1 (+4.00 m)"]
    assert [s.height for s in model.storeys] == pytest.approx([4.0, 4.0, None])


def test_far_coordinates_are_shifted_to_a_local_origin(tmp_path):
    obj = tmp_path / "site.obj"
    obj.write_text("v 650010.25 6860020.5 0\nv 650020.25 6860020.5 0\nv 650010.25 6860030.5 3\nf 1 2 3\n")
    model = read(obj)
    assert model.source.origin == (650000.0, 6860000.0, 0.0)
    assert np.allclose(model.source.bbox, [[10.25, 20.5, 0], [20.25, 30.5, 3]], atol=1e-3)


def test_mesh_placed_by_many_nodes_becomes_an_instance_set(tmp_path):
    # Ten seats sharing one mesh (glTF instancing), Y-up, on one floor; and one seat used once.
    header, blob = gltf(_BOX_V * np.array([0.5, 0.8, 0.5], np.float32), name="seat")
    header["nodes"] = [
        {"name": f"Seat {k}", "mesh": 0, "translation": [k * 0.6, 0.0, -2.0]} for k in range(10)
    ]
    header["scenes"][0]["nodes"] = list(range(10))
    model = read(write_glb(tmp_path / "seats.glb", header, blob))
    assert model.batches == [] and len(model.instances) == 1
    (seats,) = model.instances
    assert (seats.category, len(seats.transforms), seats.n_triangles) == ("furniture", 10, 120)
    assert sorted(seats.elements.tolist()) == list(range(10)) and model.n_triangles == 120
    placed = seats.expanded()
    # Y-up translation (x, 0, -2) lands at (x, 2, 0); the seat is 0.8 m high along Z.
    assert np.allclose(placed.vertices.min(axis=0), [0, 1.5, 0]) and np.allclose(
        placed.vertices.max(axis=0), [9 * 0.6 + 0.5, 2, 0.8]
    )
    assert np.allclose(model.source.bbox, [[0, 1.5, 0], [5.9, 2, 0.8]], atol=1e-5)
    assert model.source.stats["instanced_nodes"] == 10


def test_every_element_is_drawn_once(shared_venues):
    for name in REAL:
        model = read(shared_venues / name)
        drawn = np.concatenate([b.elements for b in model.batches] + [i.elements for i in model.instances])
        assert set(drawn.tolist()) == set(range(len(model.elements)))


# --- the sample theatre ---------------------------------------------------------------------------------


def test_sample_theatre_storeys_close_to_its_real_levels():
    # Y-up GLB of the sample theatre: storeys Sous-sol -4, Rez-de-chaussee 0, Premier etage +6, Gril +18,
    # with a raked stalls floor, a stage at +1.1 and roofs at several heights to mislead the inference.
    model = read(THEATRE_GLB)
    assert [s.elevation for s in model.storeys] == pytest.approx([-4.0, 0.0, 6.0, 18.0], abs=0.25)
    assert [s.name.split(" (")[0] for s in model.storeys] == ["Level -1", "Level 0", "Level 1", "Level 2"]
    assert model.n_triangles == sum(len(m.faces) for m in trimesh.load_scene(str(THEATRE_GLB)).dump())
    exits = [f for f in model.features if f.kind == "exit"]
    assert exits and all(f.label.startswith("Sortie de secours") for f in exits)
    # Its 1,500 seats are instances of one mesh: kept as instance sets on the stalls and balcony storeys.
    seats = [i for i in model.instances if i.category == "furniture"]
    assert sum(len(i.transforms) for i in seats) == 1500
    assert {i.storey for i in seats} == {1, 2}
