"""What the frozen application leaves out: the parts of VTK, ifcopenshell, Qt and Babel it never loads.

Used by venueplans.spec (and tests/packaging/test_frozen_trim.py). Every rule names what is dropped, so a
library's new part is shipped by default (a few MB too many) rather than missing at a user's.

- VTK: pyvista's lazy loader (pyvista/_vtk.py) names `vtk`, which imports every vtkmodules extension, so
  PyInstaller collected all of VTK (554 MB with its readers' HDF5, NetCDF, IOSS, Exodus, Viskores...).
  The app draws polygons with vtkmodules and reads no file with VTK (IFC through ifcopenshell, meshes
  through trimesh): the file readers/writers, VR, web, testing, chemistry, parallel and accelerator modules
  go. What stays is what the 3D view (VTK's own Qt widget, vtkmodules.qt) and pyvista load for drawing,
  plus the filters pyvista applies.
- ifcopenshell: the wheel ships serialisers (glTF, COLLADA, STEP, IGES, SVG, OBJ, TTL, XML/JSON documents),
  the manifold and passthrough kernels and the WebGPU viewer with their libraries (OpenCOLLADA, OCCT's
  data exchange and visualisation toolkits). The reader loads the schema parsers, the geometry mappings
  and the cgal / opencascade kernels (plugins found by name at run time, so they are listed here), and the
  OCCT modeling libraries those link to. Its Python tools (api, bcf, express schemas, pset templates) are
  not imported by the app.
- Qt and Babel: translations and locale data for French and English only (the app's two languages).
- Symbols: VTK's Linux libraries carry their full symbol tables (a third of their size); they are stripped
  (`strip --strip-unneeded`). Not PyInstaller's own `strip`, which strips every library and breaks those
  that auditwheel patched (numpy's OpenBLAS: "ELF load command address/offset not page-aligned").
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

# vtkmodules extensions the app never loads (names are the same on every OS).
VTK_UNUSED = re.compile(
    r"^vtk(Accelerators|Domains|Web|Serialization|Testing|Geovis|Infovis|ViewsInfovis"
    r"|IO(?!Core$|Image$|Legacy$|XML$|XMLParser$|CellGrid$)"
    r"|Filters(Parallel|AMR|Temporal|Generic|SMP|Topology|Tensor|Programmable|Selection|Imaging"
    r"|GeometryPreview|HyperTree|Meshing|FlowPaths)"
    r"|Rendering(VR|WebXR|OpenXR|VtkJS|LICOpenGL2|Parallel|VolumeAMR|External|GL2PS|CellGrid|SceneGraph"
    r"|RayTracing|Anari|Image|LOD|GridAxes)"
    r"|InteractionImage|Imaging(OpenGL2|Statistics)|ParallelMPI|ParallelDIY|CommonPython|PythonInterpreter)"
)
# Pure-Python parts of vtkmodules for other toolkits and servers (vtkmodules.qt is the 3D view's widget).
VTK_UNUSED_PACKAGES = ("vtkmodules.web", "vtkmodules.test", "vtkmodules.tk", "vtkmodules.wx", "vtkmodules.gtk")

# ifcopenshell's native files the reader never loads, by stem (file name without "lib" and extension).
IFC_UNUSED_STEMS = frozenset({
    "ifcopenshell_document_json_ifc2x3", "ifcopenshell_document_json_ifc4", "ifcopenshell_document_json_ifc4x3_add2",
    "ifcopenshell_document_xml_ifc2x3", "ifcopenshell_document_xml_ifc4", "ifcopenshell_document_xml_ifc4x3_add2",
    "ifcopenshell_geometry_dae", "ifcopenshell_geometry_glb", "ifcopenshell_geometry_igs",
    "ifcopenshell_geometry_obj", "ifcopenshell_geometry_stp", "ifcopenshell_geometry_svg",
    "ifcopenshell_geometry_svgfill", "ifcopenshell_geometry_ttl",
    "ifcopenshell_geometry_writer_ifc2x3", "ifcopenshell_geometry_writer_ifc4",
    "ifcopenshell_geometry_writer_ifc4x3_add2",
    "ifcopenshell_geometry_kernel_manifold", "ifcopenshell_geometry_kernel_passthrough",
    "ifcopenshell_geometry_tree_opencascade_brep", "ifcopenshell_geometry_tree_opencascade_trianglebvh",
    "OpenCOLLADABaseUtils", "OpenCOLLADAFramework", "OpenCOLLADASaxFrameworkLoader", "OpenCOLLADAStreamWriter",
    "GeneratedSaxParser", "MathMLSolver", "UTF", "buffer", "ftoa", "pcre", "pcreposix", "xml2",
    "TKCAF", "TKCDF", "TKDE", "TKDEIGES", "TKDESTEP", "TKHLR", "TKLCAF", "TKService", "TKV3d", "TKVCAF",
    "TKXCAF", "TKXSBase", "manifold", "wgpu_native",
})
IFC_DATA = ["util/*.json"]  # ifcopenshell.util.schema's class and attribute maps, read at import

LANGUAGES = ("fr", "en")
_NATIVE = re.compile(r"\.(so|dll|dylib|pyd)(\.[\d.]+)?$", re.IGNORECASE)
_QM = re.compile(r"_(?P<lang>[a-z]{2,3})(_[A-Za-z]+)?\.qm$")
_BABEL_LOCALE = re.compile(r"(?P<locale>[^/\\]+)\.dat$")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def vtk_extensions() -> list[str]:
    """The vtkmodules extension modules installed here (vtkCommonCore, ...)."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted({p.name.split(".")[0] for p in _package_dir("vtkmodules").iterdir()
                   if p.name.startswith("vtk") and p.name.endswith(suffixes)})


def vtk_excludes() -> list[str]:
    """Module names for Analysis(excludes=...): VTK's unused extensions and toolkit packages."""
    return [f"vtkmodules.{n}" for n in vtk_extensions() if VTK_UNUSED.match(n)] + list(VTK_UNUSED_PACKAGES)


def native_stem(file_name: str) -> str:
    """"libTKDESTEP.so.7.8" / "TKDESTEP.dll" -> "TKDESTEP"; "" when *file_name* is no native library."""
    match = _NATIVE.search(file_name)
    if not match:
        return ""
    stem = file_name[: match.start()]
    return stem[3:] if stem.startswith("lib") else stem


def ifcopenshell_binaries() -> list[tuple[str, str]]:
    """(source, destination) of ifcopenshell's native plugins and libraries the reader loads. The Python
    extension itself (_ifcopenshell_wrapper) comes with the module; plugins are found by name at run time,
    so they have to be listed for PyInstaller."""
    folder = _package_dir("ifcopenshell")
    out = []
    for path in sorted(folder.iterdir()):
        stem = native_stem(path.name)
        if stem and path.is_file() and stem not in IFC_UNUSED_STEMS and not path.name.startswith("_ifcopenshell_wrapper"):
            out.append((str(path), "ifcopenshell"))
    return out


def keep_data(dest: str) -> bool:
    """False for collected data the app never reads: Qt translations and Babel locales of other languages."""
    parts = re.split(r"[/\\]", dest)
    name = parts[-1]
    if "PySide6" in parts and name.endswith(".qm"):
        match = _QM.search(name)
        return bool(match) and match.group("lang") in LANGUAGES
    if "babel" in parts and "locale-data" in parts:
        match = _BABEL_LOCALE.search(name)
        locale = match.group("locale") if match else ""
        return locale == "root" or locale.split("_")[0] in LANGUAGES
    return True


def keep_binary(dest: str) -> bool:
    """False for native files of ifcopenshell that a dependency scan pulled in although the reader never
    loads them."""
    parts = re.split(r"[/\\]", dest)
    return not ("ifcopenshell" in parts and native_stem(parts[-1]) in IFC_UNUSED_STEMS)


def strip_vtk(toc: list, cache: Path) -> list:
    """*toc* (PyInstaller's binaries) with VTK's Linux libraries replaced by stripped copies kept in *cache*
    (redone only when the original changes). Elsewhere, or without `strip`, *toc* as it is."""
    tool = shutil.which("strip")
    if not sys.platform.startswith("linux") or tool is None:
        return toc
    out = []
    for dest, src, kind in toc:
        parts = re.split(r"[/\\]", dest)
        if parts[0] == "vtkmodules" and native_stem(parts[-1]) and Path(src).is_file():
            copy = cache / dest
            if not copy.is_file() or copy.stat().st_mtime < Path(src).stat().st_mtime:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, copy)
                subprocess.run([tool, "--strip-unneeded", str(copy)], check=True)
            src = str(copy)
        out.append((dest, src, kind))
    return out
