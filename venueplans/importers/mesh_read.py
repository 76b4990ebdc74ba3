"""Child side of the mesh importer: check a mesh file, read it with trimesh, convert it to an ImportedModel.

Runs inside the worker process started by `mesh.import_mesh`. In order:

1. *Pre-flight* on the raw bytes, before trimesh sees them: size cap, archives refused (trimesh would
   unpack a zip bomb), glTF buffers/accessors checked against the bytes really present and every URI
   confined to the model's folder (the app is offline and reads nothing else), OBJ and PLY headers
   scanned for what trimesh silently skips.
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
import importlib.util
import io
import json
import re
import struct
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import trimesh

from venueplans.i18n import tr, tr_n
from venueplans.importers.errors import ImportFailed
from venueplans.importers.mesh import UNITS
from venueplans.importers.storey_inference import (
    InferenceSettings,
    assign_levels,
    infer_levels,
    storeys_at,
    triangle_areas_and_slopes,
)
from venueplans.model.geometry import InstanceSet, MeshBatch
from venueplans.model.imported import ImportedModel
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
    data = _read_capped(file, file, max_bytes)
    sha256 = hashlib.sha256(data).hexdigest()
    checks = _preflight(file, fmt, data, max_bytes)
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


# --- pre-flight ----------------------------------------------------------------------------------------


@dataclass
class _Checks:
    warnings: list[str] = field(default_factory=list)
    load_options: dict = field(default_factory=dict)


_ARCHIVE_MAGIC = {
    b"PK\x03\x04": "zip",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7z",
    b"BZh": "bzip2",
    b"\xfd7zXZ": "xz",
    b"Rar!": "rar",
}


def _read_capped(model: Path, file: Path, max_bytes: int) -> bytes:
    """The bytes of *file* (the model or one of its side files), refusing files over the cap."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise ImportFailed(model, tr("{name} is {size:,} bytes, over the {max_bytes:,} byte limit").format(name=file.name, size=size, max_bytes=max_bytes))
        return file.read_bytes()
    except OSError as exc:
        raise ImportFailed(model, tr("cannot read {name} ({value})").format(name=file.name, value=exc.strerror or exc)) from None


def _preflight(file: Path, fmt: str, data: bytes, max_bytes: int) -> _Checks:
    for magic, kind in _ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            raise ImportFailed(
                file, tr("is a {kind} archive, not a .{fmt} file: unpack it and import the model inside").format(kind=kind, fmt=fmt)
            )
    checks = _Checks()
    if fmt in ("gltf", "glb"):
        _check_gltf(file, fmt, data, checks, max_bytes)
    elif fmt == "obj":
        _check_obj(file, data, checks)
    elif fmt == "ply":
        _check_ply(file, data)
    return checks


# glTF accessor layout: bytes per component, components per element.
_COMPONENT_BYTES = {5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4}
_TYPE_COMPONENTS = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT2": 4, "MAT3": 9, "MAT4": 16}
_GLB_JSON, _GLB_BIN = 0x4E4F534A, 0x004E4942
# Primitive modes trimesh reads as triangles (4 TRIANGLES, 5 TRIANGLE_STRIP); 6 (fans) it skips.
_MODE_NAMES = {0: "point", 1: "line", 2: "line", 3: "line", 6: "triangle-fan"}


def _check_gltf(file: Path, fmt: str, data: bytes, checks: _Checks, max_bytes: int) -> None:
    """Refuse a glTF whose declared sizes do not match the bytes present or whose URIs leave its folder."""
    try:
        if fmt == "glb":
            header, bin_length = _glb_header(file, data)
        else:
            header, bin_length = _json(file, data), None
        version = str(header.get("asset", {}).get("version", "2.0"))
        if not version.startswith("2"):
            raise ImportFailed(file, tr("glTF version {version} is not supported (only 2.0)").format(version=version))
        _check_gltf_extensions(file, header, checks)
        buffer_lengths = _check_gltf_buffers(file, header, bin_length, max_bytes)
        _check_gltf_layout(file, header, buffer_lengths, len(data) + sum(buffer_lengths))
        _check_gltf_references(file, header)
        _check_gltf_images(file, header)
        skipped: dict[str, int] = {}
        for mesh in header.get("meshes", []):
            for prim in mesh["primitives"]:
                mode = int(prim.get("mode", 4))
                if mode in _MODE_NAMES:
                    skipped[_MODE_NAMES[mode]] = skipped.get(_MODE_NAMES[mode], 0) + 1
        for kind, n in sorted(skipped.items()):
            checks.warnings.append(
                f"skipped {n} {kind} primitive{'s' if n > 1 else ''} (only triangles are imported)"
            )
    except ImportFailed:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, struct.error) as exc:
        raise ImportFailed(file, tr("malformed glTF ({error}: {exc})").format(error=type(exc).__name__, exc=exc)) from None
    # merge_primitives=True would give one mesh per glTF mesh, but trimesh 5.2 fails on it without
    # materials (which are skipped); primitives are grouped back into their node's element instead.
    checks.load_options = {"merge_primitives": False}


def _json(file: Path, data: bytes) -> dict:
    try:
        header = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(file, tr("not a glTF file: its JSON cannot be read ({exc})").format(exc=exc)) from None
    if not isinstance(header, dict):
        raise ImportFailed(file, tr("not a glTF file: its JSON is not an object"))
    return header


def _glb_header(file: Path, data: bytes) -> tuple[dict, int | None]:
    """The JSON chunk of a GLB and the length of its BIN chunk (None without one)."""
    if len(data) < 20 or data[:4] != b"glTF":
        raise ImportFailed(file, tr("not a GLB file (no glTF binary header)"))
    version, length = struct.unpack_from("<II", data, 4)
    if version != 2:
        raise ImportFailed(file, tr("GLB version {version} is not supported (only 2)").format(version=version))
    if length > len(data):
        raise ImportFailed(
            file, tr("GLB header declares {length:,} bytes but the file has {count:,} (truncated?)").format(length=length, count=len(data))
        )
    json_length, json_type = struct.unpack_from("<II", data, 12)
    if json_type != _GLB_JSON or 20 + json_length > length:
        raise ImportFailed(file, tr("malformed GLB: the first chunk is not a complete JSON chunk"))
    header = _json(file, data[20 : 20 + json_length])
    pos, bin_length = 20 + json_length, None
    while pos + 8 <= length:
        chunk_length, chunk_type = struct.unpack_from("<II", data, pos)
        if pos + 8 + chunk_length > length:
            raise ImportFailed(
                file, tr("malformed GLB: a chunk of {chunk_length:,} bytes runs past the end of the file").format(chunk_length=chunk_length)
            )
        if chunk_type == _GLB_BIN and bin_length is None:
            bin_length = chunk_length
        pos += 8 + chunk_length
    return header, bin_length


# Extensions that change how geometry is stored; anything else (materials, lights...) is harmless here.
_UNSUPPORTED_REQUIRED = {
    "EXT_meshopt_compression": "meshopt compression",
    "KHR_mesh_quantization": "quantized vertex positions",
}


def _check_gltf_extensions(file: Path, header: dict, checks: _Checks) -> None:
    used = set(header.get("extensionsUsed", [])) | set(header.get("extensionsRequired", []))
    required = set(header.get("extensionsRequired", []))
    if "KHR_draco_mesh_compression" in used and importlib.util.find_spec("DracoPy") is None:
        raise ImportFailed(
            file, tr("uses Draco mesh compression, which cannot be decoded here: export it uncompressed")
        )
    for ext, what in _UNSUPPORTED_REQUIRED.items():
        if ext in required:
            raise ImportFailed(file, tr("uses {what} ({ext}), which is not supported: export it without").format(what=what, ext=ext))
    if "EXT_mesh_gpu_instancing" in used:
        checks.warnings.append(
            "EXT_mesh_gpu_instancing is not supported: each instanced mesh was imported once, not at every placement"
        )


def _check_gltf_buffers(file: Path, header: dict, bin_length: int | None, max_bytes: int) -> list[int]:
    """Declared buffer lengths, each checked against the bytes actually present (embedded or side file)."""
    lengths = []
    for i, buf in enumerate(header.get("buffers", [])):
        declared = int(buf["byteLength"])
        if "uri" in buf:
            present = _uri_size(file, str(buf["uri"]), f"buffer {i}", max_bytes)
        elif i == 0 and bin_length is not None:
            present = bin_length
        else:
            present = 0
        if declared < 0 or declared > present:
            raise ImportFailed(
                file, tr("buffer {i} declares {declared:,} bytes but only {present:,} are present").format(i=i, declared=declared, present=present)
            )
        lengths.append(declared)
    return lengths


def _check_gltf_layout(file: Path, header: dict, buffer_lengths: list[int], data_size: int) -> None:
    """Every buffer view inside its buffer, every accessor inside its view (or of a sane size)."""
    views = header.get("bufferViews", [])
    for i, view in enumerate(views):
        start, length = int(view.get("byteOffset", 0)), int(view["byteLength"])
        buffer = int(view["buffer"])
        if (
            not 0 <= buffer < len(buffer_lengths)
            or start < 0
            or length < 0
            or start + length > buffer_lengths[buffer]
        ):
            raise ImportFailed(file, tr("buffer view {i} lies outside its buffer").format(i=i))
    # Accessors without a buffer view are zero-filled by trimesh (or filled by a decoder): bound them.
    bufferless_cap = 64 * data_size + (64 << 20)
    for i, acc in enumerate(header.get("accessors", [])):
        count = int(acc["count"])
        item = _COMPONENT_BYTES[int(acc["componentType"])] * _TYPE_COMPONENTS[acc["type"]]
        if count < 0:
            raise ImportFailed(file, tr("accessor {i} has a negative count").format(i=i))
        if "bufferView" not in acc:
            if count * item > bufferless_cap:
                raise ImportFailed(file, tr("accessor {i} declares {count:,} elements with no data behind them").format(i=i, count=count))
            continue
        view = views[int(acc["bufferView"])]
        stride = int(view.get("byteStride", 0)) or item
        end = int(acc.get("byteOffset", 0)) + (stride * (count - 1) + item if count else 0)
        if end > int(view["byteLength"]):
            raise ImportFailed(file, tr("accessor {i} reads past the end of its buffer view").format(i=i))


def _check_gltf_references(file: Path, header: dict) -> None:
    """Nodes, meshes and primitives refer to things that exist (trimesh skips or trips over the rest)."""
    n_nodes, n_meshes, n_accessors = (len(header.get(k, [])) for k in ("nodes", "meshes", "accessors"))
    for i, node in enumerate(header.get("nodes", [])):
        if "mesh" in node and not 0 <= int(node["mesh"]) < n_meshes:
            raise ImportFailed(file, tr("node {i} refers to mesh {mesh}, which does not exist").format(i=i, mesh=node['mesh']))
        if any(not 0 <= int(c) < n_nodes for c in node.get("children", [])):
            raise ImportFailed(file, tr("node {i} has a child that does not exist").format(i=i))
    _check_gltf_tree(file, header.get("nodes", []))
    for i, mesh in enumerate(header.get("meshes", [])):
        for prim in mesh["primitives"]:
            used = [*prim["attributes"].values(), *([prim["indices"]] if "indices" in prim else [])]
            if "POSITION" not in prim["attributes"] or any(not 0 <= int(a) < n_accessors for a in used):
                raise ImportFailed(file, tr("mesh {i} has a primitive with missing or non-existent accessors").format(i=i))


def _check_gltf_tree(file: Path, nodes: list) -> None:
    """The node hierarchy is a set of disjoint trees, as glTF 2.0 requires: a node with two parents
    (shared children double at every level) or a cycle would send any traversal into an endless or
    exponential walk. Checked on the JSON, before trimesh walks it."""
    parent: dict[int, int] = {}
    for i, node in enumerate(nodes):
        for c in node.get("children", []):
            c = int(c)
            if c in parent or c == i:
                other = parent.get(c, i)
                raise ImportFailed(
                    file,
                    tr("invalid node hierarchy: node {child} is a child of node {a} and of node {b}").format(
                        child=c, a=other, b=i
                    )
                    if c != i
                    else tr("invalid node hierarchy: node {node} is its own child").format(node=i),
                )
            parent[c] = i
    reaches_root: set[int] = set()  # each node has one parent at most: walking up ends at a root or loops
    for start in range(len(nodes)):
        path: list[int] = []
        on_path: set[int] = set()
        n = start
        while n not in reaches_root:
            if n in on_path:
                raise ImportFailed(
                    file,
                    tr("invalid node hierarchy: node {node} is its own ancestor (a cycle)").format(node=n),
                )
            on_path.add(n)
            path.append(n)
            if n not in parent:
                break
            n = parent[n]
        reaches_root.update(path)


def _check_gltf_images(file: Path, header: dict) -> None:
    # Textures are never loaded (materials are skipped), but a file pointing outside its folder or at the
    # network is refused all the same: the promise is that nothing else is ever read on its behalf.
    for i, image in enumerate(header.get("images", [])):
        if "uri" in image and not str(image["uri"]).startswith("data:"):
            _safe_relative(file, str(image["uri"]), f"image {i}")


def _uri_size(file: Path, uri: str, what: str, max_bytes: int) -> int:
    """Bytes behind a buffer URI: decoded size of a base64 data: URI, or the size of the side file."""
    if uri.startswith("data:"):
        head, sep, payload = uri.partition(",")
        if not sep or not head.endswith(";base64"):
            raise ImportFailed(file, tr("{what} uses a data: URI that is not base64").format(what=what))
        return len(payload) * 3 // 4 - payload[-2:].count("=")
    side = _safe_relative(file, uri, what)
    if not side.is_file():
        raise ImportFailed(file, tr("{what} refers to {uri!r}, which is missing from the model's folder").format(what=what, uri=uri))
    size = side.stat().st_size
    if size > max_bytes:
        raise ImportFailed(
            file, tr("{what} file {name} is {size:,} bytes, over the {max_bytes:,} byte limit").format(what=what, name=side.name, size=size, max_bytes=max_bytes)
        )
    return size


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _safe_relative(file: Path, uri: str, what: str) -> Path:
    """The file a relative URI names inside the model's folder; anything else is refused."""
    if _SCHEME.match(uri):
        raise ImportFailed(
            file, tr("{what} refers to {value!r}: only files next to the model are read (no URLs)").format(what=what, value=uri[:80])
        )
    name = urllib.parse.unquote(uri)
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or ".." in parts or "\x00" in name or not name.strip():
        raise ImportFailed(file, tr("{what} refers to {value!r}, outside the model's folder").format(what=what, value=uri[:80]))
    folder = file.resolve().parent
    target = folder.joinpath(*[p for p in parts if p not in ("", ".")]).resolve()
    if not target.is_relative_to(folder):  # a symlink leading out
        raise ImportFailed(file, tr("{what} refers to {value!r}, which leads outside the model's folder").format(what=what, value=uri[:80]))
    return target


class _FolderResolver(trimesh.resolvers.Resolver):
    """Gives trimesh the files next to the model, and nothing else (no parent folders, no network)."""

    def __init__(self, file: Path, max_bytes: int):
        self.model = file
        self.max_bytes = max_bytes
        self.file_name = file.stem  # trimesh names a nameless OBJ mesh after this

    def get(self, key: str) -> bytes:
        return _read_capped(self.model, _safe_relative(self.model, key, "a referenced file"), self.max_bytes)

    def keys(self):
        return [p.name for p in self.model.resolve().parent.iterdir() if p.is_file()]

    def write(self, name, data):
        raise PermissionError(tr("importing never writes files"))

    def namespaced(self, namespace):
        raise PermissionError(tr("sub-resolvers are not used for meshes"))


_OBJ_MTLLIB = re.compile(rb"^mtllib[ \t]+([^\r\n]*?)[ \t]*\r?$", re.M)
_OBJ_EMPTY_USEMTL = re.compile(rb"^usemtl[ \t]*\r?$", re.M)
_OBJ_SHORT_FACE = re.compile(rb"^f(?:[ \t]+[^ \t\r\n]+){0,2}[ \t]*\r?$", re.M)
_OBJ_OBJECT = re.compile(rb"^o[ \t]", re.M)


def _check_obj(file: Path, data: bytes, checks: _Checks) -> None:
    """Warn about what trimesh skips silently: faces with fewer than 3 vertices, missing material files."""
    short = _OBJ_SHORT_FACE.findall(data)
    if short:
        first = _OBJ_SHORT_FACE.search(data)
        line = data.count(b"\n", 0, first.start()) + 1
        checks.warnings.append(
            f"skipped {len(short)} face{'s' if len(short) > 1 else ''} with fewer than 3 vertices (first at line {line})"
        )
    for match in _OBJ_MTLLIB.finditer(data):
        name = match.group(1).decode("utf-8", "replace")
        try:
            present = _safe_relative(file, name, "material library").is_file()
        except ImportFailed:
            present = False
        if not present:
            checks.warnings.append(
                f"material library {name!r} is missing (materials are not imported anyway)"
            )
    n_empty = len(_OBJ_EMPTY_USEMTL.findall(data))
    if n_empty:
        checks.warnings.append(
            f"{n_empty} 'usemtl' statement{'s' if n_empty > 1 else ''} without a material name ignored"
        )
    # Objects ('o') name the nodes; files without them name things with groups ('g').
    has_objects = _OBJ_OBJECT.search(data) is not None
    checks.load_options = {"split_objects": True, "split_groups": not has_objects, "group_material": False}


_PLY_SIZES = {
    "char": 1, "uchar": 1, "int8": 1, "uint8": 1, "short": 2, "ushort": 2, "int16": 2, "uint16": 2,
    "int": 4, "uint": 4, "int32": 4, "uint32": 4, "float": 4, "float32": 4, "double": 8, "float64": 8,
}  # fmt: skip


def _check_ply(file: Path, data: bytes) -> None:
    """Refuse a PLY header that declares more elements than the file could possibly hold."""
    end = data.find(b"end_header", 0, 1 << 16)
    if not data.startswith(b"ply") or end < 0:
        raise ImportFailed(file, tr("not a PLY file (no 'ply' ... 'end_header' header)"))
    body = len(data) - end - len("end_header")
    binary, needed = False, 0
    count, row = 0, 0
    for line in data[:end].decode("ascii", "replace").splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "format":
            binary = len(words) > 1 and words[1].startswith("binary")
        elif words[0] == "element" and len(words) >= 3:
            needed += count * row
            count, row = _int(file, words[2]), 0
        elif words[0] == "property" and len(words) >= 3:
            # A list costs at least its count; an ASCII value at least two characters ("0 ").
            size = _PLY_SIZES.get(words[2] if words[1] == "list" else words[1], 1)
            row += 2 if not binary else size
    needed += count * row
    if needed > body:
        raise ImportFailed(
            file, tr("PLY header declares data of at least {needed:,} bytes but the file holds {body:,}").format(needed=needed, body=body)
        )


def _int(file: Path, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ImportFailed(file, tr("PLY header has a non-integer element count {text!r}").format(text=text)) from None
    if value < 0:
        raise ImportFailed(file, tr("PLY header has a negative element count"))
    return value


# --- load ----------------------------------------------------------------------------------------------


def _load(file: Path, fmt: str, data: bytes, checks: _Checks, max_bytes: int) -> trimesh.Scene:
    try:
        return trimesh.load_scene(
            io.BytesIO(data),
            file_type=fmt,
            resolver=_FolderResolver(file, max_bytes),
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
    file: Path, fmt: str, scene: trimesh.Scene, scale: float, up: str, warnings: list[str]
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
            tr_n("skipped {skipped} part without triangles (lines or points)",
                 "skipped {skipped} parts without triangles (lines or points)", skipped).format(skipped=skipped)
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
