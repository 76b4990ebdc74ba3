"""What the frozen app leaves out (packaging/frozen_trim.py) never includes what the app loads: checked
against the sources and the installed libraries, without a 5-minute PyInstaller build (the build itself is
smoke-tested by `make frozen-smoke`)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from venueplans.importers.ifc import SAFE_KERNEL, SUPPORTED_SCHEMAS
from venueplans.importers.ifc_tessellate import DEFAULT_KERNEL

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("frozen_trim", REPO / "packaging" / "frozen_trim.py")
frozen_trim = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(frozen_trim)  # packaging/ is no package: loaded by path, sys.path untouched


@pytest.fixture(scope="module")
def excluded() -> set[str]:
    return set(frozen_trim.vtk_excludes())


def test_no_vtk_module_the_app_imports_is_left_out(excluded):
    used = set()
    for path in (REPO / "venueplans").rglob("*.py"):
        used |= set(re.findall(r"vtkmodules\.(\w+)", path.read_text(encoding="utf-8")))
    assert "qt" in used and "vtkRenderingOpenGL2" in used, "the app imports VTK modules by name"
    used_modules = {f"vtkmodules.{m}" for m in used}
    assert not used_modules & excluded
    assert not used_modules & set(frozen_trim.VTK_UNUSED_PACKAGES)  # the 3D view's widget: vtkmodules.qt


def test_no_vtk_module_pyvista_plots_with_is_left_out(excluded):
    vtk_lazy = pytest.importorskip("pyvista._vtk")
    plotting = {**getattr(vtk_lazy, "_PLOTTING_MODULES", {}), **getattr(vtk_lazy, "_OPENGL_MODULES", {})}
    if not plotting:
        pytest.skip("this pyvista does not list its plotting modules")
    assert not {f"vtkmodules.{m}" for m in plotting if m.startswith("vtk")} & excluded
    assert "vtkmodules.vtkRenderingOpenGL2" not in excluded and "vtkmodules.vtkIOImage" not in excluded


def test_what_stays_of_vtk_needs_nothing_that_goes(excluded):
    deps = pytest.importorskip("_pyinstaller_hooks_contrib.utils.vtkmodules")._module_dependencies
    kept = {f"vtkmodules.{n}" for n in frozen_trim.vtk_extensions()} - excluded
    broken = {(k, d) for k in kept for d in deps.get(k, []) if d in excluded}
    assert not broken


def test_vtk_file_readers_accelerators_and_web_go(excluded):
    unused = {"vtkIOHDF", "vtkIOExodus", "vtkIOIOSS", "vtkAcceleratorsVTKmCore", "vtkWebCore"}
    present = unused & set(frozen_trim.vtk_extensions())
    assert present and {f"vtkmodules.{m}" for m in present} <= excluded
    assert "vtkmodules.web" in excluded


def test_ifcopenshell_keeps_every_parser_mapping_and_kernel_the_reader_asks_for():
    kept = {frozen_trim.native_stem(Path(src).name) for src, _ in frozen_trim.ifcopenshell_binaries()}
    for schema in SUPPORTED_SCHEMAS:
        assert f"ifcopenshell_parse_schema_{schema.lower()}" in kept
        assert f"ifcopenshell_geometry_mapping_{schema.lower()}" in kept
    kernels = DEFAULT_KERNEL.removeprefix("hybrid-").replace("cgal-simple", "cgalsimple").split("-")
    for kernel in [*kernels, SAFE_KERNEL]:
        assert f"ifcopenshell_geometry_kernel_{kernel}" in kept
    assert "ifcopenshell_geometry_glb" not in kept and "OpenCOLLADASaxFrameworkLoader" not in kept


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("readelf") is None,
                    reason="reads ELF dependencies (Linux, binutils)")
def test_every_library_a_kept_ifcopenshell_file_links_to_is_kept_too():
    folder = Path(frozen_trim.ifcopenshell_binaries()[0][0]).parent
    kept = {Path(src).name for src, _ in frozen_trim.ifcopenshell_binaries()}
    kept |= {p.name for p in folder.glob("_ifcopenshell_wrapper*")}
    missing = set()
    for name in kept:
        out = subprocess.run(["readelf", "-d", str(folder / name)], capture_output=True, text=True).stdout
        missing |= {n for n in re.findall(r"Shared library: \[(.*?)\]", out) if (folder / n).exists()} - kept
    assert not missing


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/translations/qtbase_fr.qm", True),
    ("PySide6/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_help_zh_CN.qm", False),
    ("babel/locale-data/fr_FR.dat", True),
    ("babel/locale-data/en_GB.dat", True),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/de_DE.dat", False),
    ("babel/global.dat", True),
    ("venueplans/locale/fr/LC_MESSAGES/venueplans.mo", True),
])
def test_only_french_and_english_translations_and_locales_ship(dest, kept):
    assert frozen_trim.keep_data(dest) is kept


def test_native_stems_are_the_same_on_every_os():
    assert frozen_trim.native_stem("libTKDESTEP.so.7.8") == "TKDESTEP"
    assert frozen_trim.native_stem("TKDESTEP.dll") == "TKDESTEP"
    assert frozen_trim.native_stem("libifcopenshell.geometry.writer.so") == "ifcopenshell.geometry.writer"
    assert frozen_trim.native_stem("ifcopenshell_geometry_glb.dylib") == "ifcopenshell_geometry_glb"
    assert frozen_trim.native_stem("settings.py") == ""
