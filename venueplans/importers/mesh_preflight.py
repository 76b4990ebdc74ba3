"""Pre-flight checks of a mesh file's raw bytes, run before trimesh reads them.

Guards the importer against malformed and hostile files that trimesh would crash on, hang on, blow up
memory with, or silently half-read: files over the size cap, archives (a zip bomb trimesh would unpack),
glTF/GLB headers whose buffers, accessors, node trees or extensions do not match the bytes really
present, URIs reaching outside the model's folder (the app is offline and reads nothing else), and OBJ
and PLY headers declaring what the file does not hold. Each refusal is one `ImportFailed` naming the
file and the reason; what can be read with a caveat becomes a warning in `Checks`.
"""

from __future__ import annotations

import importlib.util
import json
import re
import struct
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import trimesh

from venueplans.i18n import N_, tr
from venueplans.importers.errors import ImportFailed
from venueplans.model.messages import Message, tr_later, tr_n_later


@dataclass
class Checks:
    warnings: list[Message] = field(default_factory=list)
    load_options: dict = field(default_factory=dict)


_ARCHIVE_MAGIC = {
    b"PK\x03\x04": "zip",
    b"\x1f\x8b": "gzip",
    b"7z\xbc\xaf": "7z",
    b"BZh": "bzip2",
    b"\xfd7zXZ": "xz",
    b"Rar!": "rar",
}


def read_capped(model: Path, file: Path, max_bytes: int) -> bytes:
    """The bytes of *file* (the model or one of its side files), refusing files over the cap."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise ImportFailed(model, tr("{name} is {size:,} bytes, over the {max_bytes:,} byte limit").format(name=file.name, size=size, max_bytes=max_bytes))
        return file.read_bytes()
    except OSError as exc:
        raise ImportFailed(model, tr("cannot read {name} ({value})").format(name=file.name, value=exc.strerror or exc)) from None


def preflight(file: Path, fmt: str, data: bytes, max_bytes: int) -> Checks:
    for magic, kind in _ARCHIVE_MAGIC.items():
        if data.startswith(magic):
            raise ImportFailed(
                file, tr("is a {kind} archive, not a .{fmt} file: unpack it and import the model inside").format(kind=kind, fmt=fmt)
            )
    checks = Checks()
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
_MODE_NAMES = {0: N_("point"), 1: N_("line"), 2: N_("line"), 3: N_("line"), 6: N_("triangle-fan")}


def _check_gltf(file: Path, fmt: str, data: bytes, checks: Checks, max_bytes: int) -> None:
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
            checks.warnings.append(tr_n_later(
                "skipped {n} {kind} primitive (only triangles are imported)",
                "skipped {n} {kind} primitives (only triangles are imported)", n, n=n, kind=tr_later(kind)))
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


def _check_gltf_extensions(file: Path, header: dict, checks: Checks) -> None:
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
        checks.warnings.append(tr_later(
            "EXT_mesh_gpu_instancing is not supported: each instanced mesh was imported once, not at every placement"
        ))


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


class FolderResolver(trimesh.resolvers.Resolver):
    """Gives trimesh the files next to the model, and nothing else (no parent folders, no network)."""

    def __init__(self, file: Path, max_bytes: int):
        self.model = file
        self.max_bytes = max_bytes
        self.file_name = file.stem  # trimesh names a nameless OBJ mesh after this

    def get(self, key: str) -> bytes:
        return read_capped(self.model, _safe_relative(self.model, key, "a referenced file"), self.max_bytes)

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


def _check_obj(file: Path, data: bytes, checks: Checks) -> None:
    """Warn about what trimesh skips silently: faces with fewer than 3 vertices, missing material files."""
    short = _OBJ_SHORT_FACE.findall(data)
    if short:
        first = _OBJ_SHORT_FACE.search(data)
        line = data.count(b"\n", 0, first.start()) + 1
        checks.warnings.append(tr_n_later(
            "skipped {n} face with fewer than 3 vertices (first at line {line})",
            "skipped {n} faces with fewer than 3 vertices (first at line {line})", len(short), n=len(short), line=line))
    for match in _OBJ_MTLLIB.finditer(data):
        name = match.group(1).decode("utf-8", "replace")
        try:
            present = _safe_relative(file, name, "material library").is_file()
        except ImportFailed:
            present = False
        if not present:
            checks.warnings.append(
                tr_later("material library {name!r} is missing (materials are not imported anyway)", name=name)
            )
    n_empty = len(_OBJ_EMPTY_USEMTL.findall(data))
    if n_empty:
        checks.warnings.append(tr_n_later(
            "{n} 'usemtl' statement without a material name ignored",
            "{n} 'usemtl' statements without a material name ignored", n_empty, n=n_empty))
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
