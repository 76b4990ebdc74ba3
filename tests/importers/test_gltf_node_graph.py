"""A glTF whose node graph is not a set of trees is refused at once, before anything walks it."""

from __future__ import annotations

import base64
import json
import struct
import time

import pytest

from venueplans.importers import ImportFailed, import_file


def small_gltf(path, nodes, scene_nodes=(0,)):
    """A ~1 KB glTF: one triangle in an embedded buffer, the given *nodes*."""
    data = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0)
    doc = {
        "asset": {"version": "2.0"},
        "scene": 0,
        "scenes": [{"nodes": list(scene_nodes)}],
        "nodes": nodes,
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}}]}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 3, "type": "VEC3",
                       "min": [0, 0, 0], "max": [1, 1, 0]}],
        "bufferViews": [{"buffer": 0, "byteLength": len(data)}],
        "buffers": [{"byteLength": len(data),
                     "uri": "data:application/octet-stream;base64," + base64.b64encode(data).decode()}],
    }
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(
    ("nodes", "reason"),
    [
        ([{"mesh": 0}, {"children": [2]}, {"children": [1], "mesh": 0}], "node 1 is its own ancestor"),
        ([{"mesh": 0, "children": [0]}], "node 0 is its own child"),
        ([{"children": [2]}, {"children": [2]}, {"mesh": 0}], "node 2 is a child of node 0 and of node 1"),
    ],
)
def test_a_node_graph_that_is_not_a_tree_is_refused_quickly(tmp_path, nodes, reason):
    path = small_gltf(tmp_path / "boucle.gltf", nodes)
    assert path.stat().st_size < 1024
    start = time.monotonic()
    with pytest.raises(ImportFailed) as info:
        import_file(path)
    assert time.monotonic() - start < 30  # a cycle used to run to the 900 s limit
    assert str(info.value) == f"boucle.gltf: invalid node hierarchy: {reason}" + (
        " (a cycle)" if "ancestor" in reason else ""
    )


def test_a_deep_but_valid_tree_imports(tmp_path):
    nodes = [{"children": [i + 1]} for i in range(200)] + [{"mesh": 0}]
    model = import_file(small_gltf(tmp_path / "profond.gltf", nodes))
    assert model.n_triangles == 1
