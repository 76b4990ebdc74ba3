"""Hostile IFC files the hardening tests write for themselves: no storeys, dropped entities, flipped
bytes, cut short with the end marker put back, corrupt .ifczip archives."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.importers.ifc_factory import _Writer

END = b"END-ISO-10303-21;"


def no_storey_hall(path: Path) -> Path:
    """A 30 x 20 m hall on two floors (slabs at 0 and 4 m, roof at 8 m) whose elements sit directly in
    the IfcBuilding: no IfcBuildingStorey at all, as AutoCAD and many sampler files are written."""
    w = _Writer()
    b = w.building
    for i, (name, z) in enumerate((("Dalle RDC", -0.3), ("Plancher R+1", 3.7), ("Toiture", 7.7))):
        w.product("IfcSlab", name, b, (0, 0, z), (30, 20, 0.3), PredefinedType="ROOF" if i == 2 else "FLOOR")
    for level in (0.0, 4.0):
        w.product("IfcWall", f"Mur sud {level:g}", b, (0, 0, level), (30, 0.3, 3.7))
        w.product("IfcWall", f"Mur nord {level:g}", b, (0, 19.7, level), (30, 0.3, 3.7))
    w.product("IfcDoor", "Porte 1", b, (5, 0, 0), (1.0, 0.3, 2.1), OverallWidth=1.0, OverallHeight=2.1)
    w.f.write(str(path))
    return path


def cut_with_end_restored(source: Path, target: Path, fraction: float) -> Path:
    """*source* cut after *fraction* of its entity lines, ENDSEC and the end marker put back: a transfer
    that broke off, "repaired" by hand. ifcopenshell reads it without complaint."""
    lines = source.read_bytes().splitlines(keepends=True)
    data = [i for i, line in enumerate(lines) if line.startswith(b"#")]
    keep = data[: int(len(data) * fraction)]
    target.write_bytes(b"".join(lines[: keep[-1] + 1]) + b"ENDSEC;\n" + END + b"\n")
    return target


def stray_token_after_entity(source: Path, target: Path, line_no: int) -> Path:
    """*source* with a stray token after the entity on (1-based) line *line_no*: ifcopenshell's parser
    gives up there and keeps only what it read before."""
    lines = source.read_bytes().splitlines(keepends=True)
    lines[line_no - 1] = lines[line_no - 1].rstrip(b"\r\n") + b" STRAY\n"
    target.write_bytes(b"".join(lines))
    return target


def flipped_byte(source: Path, target: Path, offset: int, value: int = 0xE9) -> Path:
    """*source* with the byte at *offset* replaced by *value* (by default a Latin-1 'é': not UTF-8)."""
    data = bytearray(source.read_bytes())
    data[offset] = value
    target.write_bytes(bytes(data))
    return target


def corrupt_ifczip(source: Path, target: Path) -> Path:
    """A valid-looking .ifczip whose deflated member data is garbage: the zip directory reads, the
    member does not inflate (zlib.error inside zipfile)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(source.name, source.read_bytes())
    data = bytearray(target.read_bytes())
    header = 30 + len(source.name)  # local file header, then the member's deflated bytes
    for i in range(header + 64, header + 4096, 7):
        data[i] ^= 0x5A
    target.write_bytes(bytes(data))
    return target
