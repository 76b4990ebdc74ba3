"""Child side of the mesh importer: check a mesh file, read it with trimesh, convert it to an ImportedModel.

Runs inside the worker process started by `mesh.import_mesh`. In order:

1. *Pre-flight* on the raw bytes, before trimesh sees them: size cap, archives refused (trimesh would
   unpack a zip bomb), glTF buffers/accessors checked against the bytes really present and every URI
   confined to the model's folder (the app is offline and reads nothing else), OBJ and PLY headers
   scanned for what trimesh silently skips (`mesh_preflight`).
2. *Load* with trimesh, unprocessed (so nothing is cleaned away before it is checked), materials
   skipped (textures are not imported: no image decoding of untrusted files).
3. *Validate*: indices in range, coordinates finite, at least one triangle.
4. *Convert*: one `Element` per scene node instance (a glTF node's primitives are one element),
   transformed to metres, Z up; storeys inferred from horizontal surfaces; triangles batched per
   (storey, category) by their own height, so a node that spans storeys is split and isolating a storey
   shows exactly that storey. A mesh placed by many nodes within a storey each (seats) is kept once
   with its placements (`InstanceSet`), as the IFC importer does.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import io
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import trimesh

from venueplans.i18n import tr
from venueplans.importers.errors import ImportFailed
from venueplans.importers.mesh import UNITS
from venueplans.importers.mesh_preflight import Checks, FolderResolver, preflight, read_capped
from venueplans.importers.storey_inference import (
    InferenceSettings,
    assign_levels,
    infer_levels,
    storeys_at,
    triangle_areas_and_slopes,
)
from venueplans.model.geometry import InstanceSet, MeshBatch
from venueplans.model.imported import ImportedModel
from venueplans.model.messages import Message, tr_n_later
from venueplans.model.venue import CATEGORIES, Element, Feature, SourceInfo

# Y-up (glTF) to the app's Z-up, right-handed: (x, y, z) -> (x, -z, y).
_Y_UP_TO_Z_UP = np.array([[1, 0, 0, 0], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 1]], dtype=np.float64)
# Coordinates further than this from the origin are shifted (SourceInfo.origin) so float32 keeps mm.
_FAR = 10_000.0
# A mesh placed by this many nodes is kept once with its placements (an InstanceSet), like the IFC importer.
INSTANCE_MIN = 8


def read_mesh(path: str, *, unit: str, up: str, max_bytes: int, progress=None) -> ImportedModel:
    """Read the mesh at *path* and return the model. Raises ImportFailed with a one-line reason."""
    report = progress or (lambda fraction, message="": None)
    file = Path(path)
    fmt = file.suffix.lower().lstrip(".")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    report(0.0, f"reading {file.name}")
    data = read_capped(file, file, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    checks = preflight(file, fmt, data, max_bytes)
    scene = _load(file, fmt, data, checks, max_bytes)
    del data  # the file can be as large as the cap: free it before the geometry is copied
    timings["read"] = time.perf_counter() - t0

    report(0.4, "converting nodes")
    t1 = time.perf_counter()
    nodes = _collect_nodes(file, fmt, scene, UNITS[unit], up, checks.warnings)
    timings["convert"] = time.perf_counter() - t1

    report(0.6, "inferring storeys")
    t2 = time.perf_counter()
    settings = InferenceSettings()
    areas, slopes = triangle_areas_and_slopes(nodes.vertices, nodes.triangles)
    inference = infer_levels(nodes.vertices, nodes.triangles, settings=settings, areas=areas, slopes=slopes)
    timings["storeys"] = time.perf_counter() - t2

    report(0.8, "batching geometry")
    t3 = time.perf_counter()
    elevations = inference.elevations
    tri_storey, element_storey = _storeys_of(nodes, areas, elevations, settings)
    elements, features, batches, instances = _elements(nodes, tri_storey, element_storey)
    source = SourceInfo(
        file_name=file.name,
        sha256=sha256,
        format=fmt,
        schema="",
        importer="mesh",
        importer_version=trimesh.__version__,
        unit=unit,
        up_axis=up,
        origin=nodes.origin,
        warnings=checks.warnings,
    )
    model = ImportedModel(
        source=source,
        storeys=storeys_at(elevations),
        elements=elements,
        features=features,
        batches=batches,
        instances=instances,
        suggested_name=file.stem,
    )
    timings["batch"] = time.perf_counter() - t3

    lo, hi = nodes.vertices.min(axis=0), nodes.vertices.max(axis=0)  # exact; model.bbox() pads instances
    source.bbox = (tuple(float(x) for x in lo), tuple(float(x) for x in hi))
    source.stats.update(
        {
            "triangles": model.n_triangles,
            "nodes": len(elements),
            "meshes": nodes.n_geometries,
            "storey_inference": inference.summary(),
            "storey_elevations": [round(float(e), 3) for e in elevations],
            "categories": {c: n for c in CATEGORIES if (n := sum(e.category == c for e in elements))},
            "timings_s": {k: round(v, 3) for k, v in timings.items()},
        }
    )
    if features:
        source.stats["exits_from_names"] = len(features)
    if instances:
        source.stats["instanced_nodes"] = sum(len(i.transforms) for i in instances)
    report(1.0, f"{model.n_triangles:,} triangles, {len(elements):,} nodes, {len(model.storeys)} storeys")
    return model


# --- load ----------------------------------------------------------------------------------------------


def _load(file: Path, fmt: str, data: bytes, checks: Checks, max_bytes: int) -> trimesh.Scene:
    try:
        return trimesh.load_scene(
            io.BytesIO(data),
            file_type=fmt,
            resolver=FolderResolver(file, max_bytes),
            process=False,  # keep the data as written; it is checked below, and nothing is dropped
            skip_materials=True,
            **checks.load_options,
        )
    except (ImportFailed, MemoryError):
        raise
    except IndexError:
        raise ImportFailed(file, tr("triangle indices refer to vertices that do not exist")) from None
    except Exception as exc:  # noqa: BLE001 - trimesh raises anything on bad input
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise ImportFailed(file, tr("could not be read as {value} ({detail})").format(value=fmt.upper(), detail=detail)) from None


# --- nodes -> arrays -----------------------------------------------------------------------------------


@dataclass
class _Nodes:
    """Node geometry, concatenated: element i owns vertex rows [vstart[i], vstart[i+1]) and triangles
    [tstart[i], tstart[i+1]), its triangles indexing the whole vertex array."""

    names: list[str]
    paths: list[str]  # node path from the scene root: the element's guid
    geometries: list[str]  # mesh name(s) of the node
    vertices: np.ndarray  # (N, 3) float32, metres, Z up, origin subtracted
    triangles: np.ndarray  # (M, 3) int64
    vstart: np.ndarray  # (E + 1,)
    tstart: np.ndarray  # (E + 1,)
    origin: tuple[float, float, float]
    n_geometries: int
    # The node instances behind the elements, for instancing: element i is parts pstart[i]:pstart[i+1].
    meshes: dict[str, tuple[np.ndarray, np.ndarray]]  # mesh name -> (local vertices, faces)
    part_meshes: list[str]
    part_matrices: np.ndarray  # (P, 4, 4) float64, mesh -> local frame (metres, Z up, origin subtracted)
    pstart: np.ndarray  # (E + 1,)


def _collect_nodes(
    file: Path, fmt: str, scene: trimesh.Scene, scale: float, up: str, warnings: list[Message]
) -> _Nodes:
    frame = np.diag([scale, scale, scale, 1.0])
    if up == "y":
        frame = frame @ _Y_UP_TO_Z_UP
    graph = scene.graph
    parents, base = graph.transforms.parents, graph.base_frame
    with_geometry = set(graph.nodes_geometry)
    groups: dict[str, list[tuple[str, np.ndarray]]] = {}  # element node -> [(geometry name, matrix)]
    meshes: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # geometry name -> (vertices, faces)
    skipped = 0
    for node, (matrix, geom_name) in _world_transforms(graph).items():
        if geom_name not in meshes:
            mesh = scene.geometry.get(geom_name)
            if not isinstance(mesh, trimesh.Trimesh):
                skipped += 1  # lines, point clouds
                continue
            _validate_mesh(file, geom_name, mesh)
            meshes[geom_name] = (np.asarray(mesh.vertices, np.float64), np.asarray(mesh.faces, np.int64))
        if len(meshes[geom_name][1]) == 0:
            continue
        element = _element_node(node, parents, base, with_geometry)
        groups.setdefault(element, []).append((geom_name, frame @ matrix))
    if skipped and fmt not in ("gltf", "glb"):  # glTF primitives were reported by the pre-flight
        warnings.append(
            tr_n_later("skipped {skipped} part without triangles (lines or points)",
                       "skipped {skipped} parts without triangles (lines or points)", skipped, skipped=skipped)
        )
    if not groups:
        what = "the scene is empty" if not scene.geometry else "no triangle meshes"
        raise ImportFailed(file, tr("contains no triangles ({what})").format(what=what))

    # Parts (node instances) in element order; transformed per mesh, all its instances at once.
    geoms = [g for group in groups.values() for g, _ in group]
    matrices = np.array([m for group in groups.values() for _, m in group])
    if not np.all(np.isfinite(matrices)):
        raise ImportFailed(file, tr("a node transform contains infinite or NaN values"))
    part_v = np.concatenate([[0], np.cumsum([len(meshes[g][0]) for g in geoms])]).astype(np.int64)
    part_t = np.concatenate([[0], np.cumsum([len(meshes[g][1]) for g in geoms])]).astype(np.int64)
    by_mesh: dict[str, list[int]] = {}
    for i, g in enumerate(geoms):
        by_mesh.setdefault(g, []).append(i)
    origin = _origin(meshes, by_mesh, matrices)
    vertices = np.empty((part_v[-1], 3), dtype=np.float32)
    triangles = np.empty((part_t[-1], 3), dtype=np.int64)
    for g, idx in by_mesh.items():
        v, f = meshes[g]
        m = matrices[idx]
        rows = part_v[idx][:, None] + np.arange(len(v))
        vertices[rows] = np.einsum("kij,nj->kni", m[:, :3, :3], v) + (m[:, None, :3, 3] - origin)
        # A mirroring transform turns triangles inside out: keep them facing out.
        mirrored = np.linalg.det(m[:, :3, :3]) < 0
        faces = np.where(mirrored[:, None, None], f[None, :, ::-1], f[None]) + part_v[idx][:, None, None]
        triangles[part_t[idx][:, None] + np.arange(len(f))] = faces

    ends = np.cumsum([0] + [len(g) for g in groups.values()])
    names = list(groups)
    paths = [_node_path(node, parents, base) for node in names]
    if fmt in ("stl", "ply") and all(_TRIMESH_DEFAULT_NAME.match(n) for n in names):
        # STL and PLY carry no names (trimesh says geometry_N): the file's name says more.
        names = paths = [file.stem] if len(names) == 1 else [f"{file.stem}_{i}" for i in range(len(names))]
    return _Nodes(
        names=names,
        paths=paths,
        geometries=[", ".join(dict.fromkeys(g for g, _ in group)) for group in groups.values()],
        vertices=vertices,
        triangles=triangles,
        vstart=part_v[ends],
        tstart=part_t[ends],
        origin=tuple(float(x) for x in origin),
        n_geometries=len(scene.geometry),
        meshes=meshes,
        part_meshes=geoms,
        part_matrices=_shifted(matrices, origin),
        pstart=ends,
    )


def _shifted(matrices: np.ndarray, origin: np.ndarray) -> np.ndarray:
    out = matrices.copy()
    out[:, :3, 3] -= origin
    return out


def _world_transforms(graph) -> dict[str, tuple[np.ndarray, str]]:
    """{node: (scene-to-node matrix, geometry name)} for every node with geometry.

    Walks the tree once (trimesh's per-node lookup costs ~25 us, seconds for 50,000 seat nodes), falling
    back to that lookup if the graph does not look as expected.
    """
    forest = graph.transforms
    try:
        parents, edges, base = forest.parents, forest.edge_data, graph.base_frame
        world: dict[str, np.ndarray] = {base: np.eye(4)}

        def resolve(node: str) -> np.ndarray:
            chain = []
            while node not in world:
                chain.append(node)
                node = parents[node]
            for child in reversed(chain):
                local = edges[(node, child)].get("matrix")
                world[child] = world[node] if local is None else world[node] @ local
                node = child
            return world[node]

        return {n: (resolve(n), edges[(parents[n], n)]["geometry"]) for n in graph.nodes_geometry}
    except (AttributeError, KeyError, TypeError):
        return {n: graph[n] for n in graph.nodes_geometry}


# trimesh puts each primitive of a multi-primitive glTF mesh on a child node named "<node>_<6 random hex>"
# under the (geometry-less) glTF node: those children are parts of that node's element.
_PRIMITIVE_NODE = re.compile(r"_[0-9a-f]{6}")


def _element_node(node: str, parents: dict, base: str, with_geometry: set[str]) -> str:
    parent = parents.get(node)
    if (
        parent not in (None, base)
        and parent not in with_geometry
        and node.startswith(parent)
        and _PRIMITIVE_NODE.fullmatch(node[len(parent) :])
    ):
        return parent
    return node


def _validate_mesh(file: Path, name: str, mesh: trimesh.Trimesh) -> None:
    faces, n = mesh.faces, len(mesh.vertices)
    if len(faces) and (faces.min() < 0 or faces.max() >= n):
        bad = int(faces.max()) if faces.max() >= n else int(faces.min())
        raise ImportFailed(
            file, tr("triangle indices out of range in mesh {name!r} (index {bad}, {n} vertices)").format(name=name, bad=bad, n=n)
        )
    if not np.all(np.isfinite(mesh.vertices)):
        raise ImportFailed(file, tr("vertex coordinates contain infinite or NaN values (mesh {name!r})").format(name=name))


def _origin(meshes: dict, by_mesh: dict[str, list[int]], matrices: np.ndarray) -> np.ndarray:
    """A round plan offset for models placed far from the origin (site coordinates), else zero.

    Decided on the transformed bounding boxes of the meshes, which is enough to tell "far".
    """
    lows, highs = [], []
    for g, idx in by_mesh.items():
        v = meshes[g][0]
        lo, hi = v.min(axis=0), v.max(axis=0)
        corners = np.array(
            [[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
        )
        m = matrices[idx]
        pts = np.einsum("kij,nj->kni", m[:, :3, :3], corners) + m[:, None, :3, 3]
        lows.append(pts.min(axis=(0, 1)))
        highs.append(pts.max(axis=(0, 1)))
    lo, hi = np.min(lows, axis=0), np.max(highs, axis=0)
    if max(abs(lo[0]), abs(lo[1]), abs(hi[0]), abs(hi[1])) < _FAR:
        return np.zeros(3)
    centre = (lo + hi) / 2
    return np.array([round(centre[0], -2), round(centre[1], -2), 0.0])


def _node_path(node: str, parents: dict, base: str) -> str:
    parts = [node]
    while parents.get(node) not in (None, base) and len(parts) < 256:
        node = parents[node]
        parts.append(node)
    return "/".join(reversed(parts))


_TRIMESH_DEFAULT_NAME = re.compile(r"^geometry(_\d+)?$")


# --- names -> categories and exits -------------------------------------------------------------------

# (category, words): checked in this order, so a "door in wall" is a door and a "roof slab" a roof.
# A word matches the start of a name token ("walls", "Wall01"); a word ending in "$" only the whole
# token or its plural ("sol" is a floor, "solid" is not).
_CATEGORY_WORDS = (
    ("door", "door porte$ gate"),
    ("window", "window fenetre glazing vitrage"),
    ("stair", "stair escalier"),
    ("roof", "roof toit"),
    ("slab", "floor slab dalle sol$ plancher ceiling plafond"),
    ("wall", "wall mur$ muret cloison partition facade"),
    (
        "furniture",
        "furnitur furnishing mobilier meuble seat chair siege fauteuil bench banc$ sofa table desk stool",
    ),
)


def _word_pattern(words: str) -> re.Pattern:
    alternatives = [w[:-1] + r"s?\b" if w.endswith("$") else w for w in words.split()]
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")")


_CATEGORY_PATTERNS = [(category, _word_pattern(words)) for category, words in _CATEGORY_WORDS]
_EXIT = re.compile(r"\b(?:exit|sortie)s?\b")
_NOT_AN_EXIT = re.compile(r"\b(?:sign|panneau|light|lamp)s?\b")  # an exit sign is not an exit


def name_tokens(name: str) -> str:
    """Lower-case ASCII words of a name: 'InteriorWall_02' -> 'interior wall', 'Fenêtre' -> 'fenetre'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return " ".join(re.findall(r"[a-z]+", text.lower()))


_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=4096)
def _category(name: str, geometry: str) -> str:
    return category_for(name, geometry)


@functools.lru_cache(maxsize=4096)
def _names_an_exit(name: str) -> bool:
    return names_an_exit(name)


def category_for(*names: str) -> str:
    """Render category from node/mesh name keywords (English and French), 'other' when none matches."""
    words = " ".join(name_tokens(n) for n in names)
    for category, pattern in _CATEGORY_PATTERNS:
        if pattern.search(words):
            return category
    return "other"


def names_an_exit(name: str) -> bool:
    words = name_tokens(name)
    return _EXIT.search(words) is not None and _NOT_AN_EXIT.search(words) is None


# --- model ---------------------------------------------------------------------------------------------


def _storeys_of(nodes: _Nodes, areas: np.ndarray, elevations: np.ndarray, settings: InferenceSettings):
    """Storey of each triangle and of each element.

    An element belongs to the storey holding most of its area. A tall one (a facade, a whole building in
    one node) is split: each triangle goes to the storey of its centroid's height. A small one (a seat on
    a balcony front that dips below the storey's level, a door) stays whole on its storey.
    """
    z = nodes.vertices[:, 2]
    tri = nodes.triangles
    centroid_z = (z[tri[:, 0]].astype(np.float64) + z[tri[:, 1]] + z[tri[:, 2]]) / 3.0
    tri_storey = assign_levels(centroid_z, elevations, settings.assign_tolerance)
    n_storeys, n_elements = len(elevations), len(nodes.names)
    owner = np.repeat(np.arange(n_elements), np.diff(nodes.tstart))
    # The tiny constant lets the triangle count decide for elements of zero area.
    per_storey = np.bincount(
        owner * n_storeys + tri_storey, weights=areas + 1e-9, minlength=n_elements * n_storeys
    )
    element_storey = per_storey.reshape(n_elements, n_storeys).argmax(axis=1).astype(np.int32)
    height = np.maximum.reduceat(z, nodes.vstart[:-1]) - np.minimum.reduceat(z, nodes.vstart[:-1])
    whole = height < settings.min_separation
    tri_storey = np.where(whole[owner], element_storey[owner], tri_storey)
    return tri_storey, element_storey


def _elements(nodes: _Nodes, tri_storey: np.ndarray, element_storey: np.ndarray):
    """Elements, exits named as such, and the triangles batched per (storey, category)."""
    elements, features = [], []
    # Numbers never decide a category: "Seat 1" ... "Seat 20000" are classified once.
    categories = [
        _category(_DIGITS.sub(" ", n), _DIGITS.sub(" ", g))
        for n, g in zip(nodes.names, nodes.geometries, strict=True)
    ]
    for i, name in enumerate(nodes.names):
        storey = int(element_storey[i])
        n_triangles = int(nodes.tstart[i + 1] - nodes.tstart[i])
        elements.append(
            Element(
                index=i,
                guid=nodes.paths[i],
                ifc_class="MeshNode",
                name=name,
                storey=storey,
                category=categories[i],
                properties={"mesh": nodes.geometries[i], "triangles": n_triangles},
                type_name=nodes.geometries[i],
            )
        )
        if _names_an_exit(_DIGITS.sub(" ", name)):
            verts = nodes.vertices[nodes.vstart[i] : nodes.vstart[i + 1]]
            lo, hi = verts.min(axis=0), verts.max(axis=0)
            floor_centre = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, lo[2])
            features.append(
                Feature(
                    kind="exit",
                    label=name,
                    storey=storey,
                    position=tuple(round(float(c), 3) for c in floor_centre),
                    source=f"node name {name!r}",
                    element=i,
                )
            )
    instances, instanced = _instances(nodes, elements, tri_storey)
    owner = np.repeat(np.arange(len(elements), dtype=np.int32), np.diff(nodes.tstart))
    category_index = np.array([CATEGORIES.index(c) for c in categories], dtype=np.int64)
    keep = np.nonzero(~instanced[owner])[0]
    batches = _batches(nodes, keep, tri_storey[keep], category_index[owner[keep]], owner[keep])
    return elements, features, batches, instances


def _instances(nodes: _Nodes, elements: list[Element], tri_storey: np.ndarray):
    """Meshes placed by many nodes (seats) kept once with their placements, as the IFC importer does, so
    that the viewer can draw them cheaply. Only single-mesh nodes lying within one storey qualify; the
    others are batched (and split) like any node. Returns the instance sets and a per-element mask."""
    lo = np.minimum.reduceat(tri_storey, nodes.tstart[:-1])
    hi = np.maximum.reduceat(tri_storey, nodes.tstart[:-1])
    single = np.nonzero((np.diff(nodes.pstart) == 1) & (lo == hi))[0]
    mesh_of = {int(i): nodes.part_meshes[nodes.pstart[i]] for i in single}
    uses = collections.Counter(mesh_of.values())
    groups: dict[tuple[int, str, str], list[int]] = {}
    for i, mesh in mesh_of.items():
        if uses[mesh] >= INSTANCE_MIN and np.abs(nodes.meshes[mesh][0]).max() <= _FAR:
            groups.setdefault((elements[i].storey, elements[i].category, mesh), []).append(i)
    instanced = np.zeros(len(elements), dtype=bool)
    sets = []
    for (storey, category, mesh), idx in sorted(groups.items()):
        vertices, faces = nodes.meshes[mesh]
        instanced[idx] = True
        sets.append(
            InstanceSet(
                storey=storey,
                category=category,
                vertices=vertices.astype(np.float32),
                triangles=faces.astype(np.uint32),
                transforms=nodes.part_matrices[nodes.pstart[idx]].astype(np.float32),
                elements=np.array(idx, dtype=np.int32),
            )
        )
    return sets, instanced


def _batches(
    nodes: _Nodes, which: np.ndarray, tri_storey: np.ndarray, tri_category: np.ndarray, owner: np.ndarray
) -> list[MeshBatch]:
    """One batch per (storey, category) of the triangles *which*, each triangle by its own storey: a node
    spanning storeys is split, and each batch keeps only the vertices its triangles use."""
    key = tri_storey.astype(np.int64) * len(CATEGORIES) + tri_category
    order = np.argsort(key, kind="stable")  # keeps element order inside a batch
    if len(order) == 0:
        return []
    keys, starts = np.unique(key[order], return_index=True)
    batches = []
    used = np.zeros(len(nodes.vertices), dtype=bool)
    for k, start, stop in zip(keys, starts, [*starts[1:], len(order)], strict=True):
        picked = order[start:stop]
        faces = nodes.triangles[which[picked]]
        used[:] = False
        used[faces] = True
        remap = np.cumsum(used, dtype=np.int64) - 1
        storey, category = divmod(int(k), len(CATEGORIES))
        batches.append(
            MeshBatch(
                storey=storey,
                category=CATEGORIES[category],
                vertices=nodes.vertices[used],
                triangles=remap[faces].astype(np.uint32),
                elements=owner[picked],
            )
        )
    return sorted(batches, key=lambda b: (b.storey, b.category))
