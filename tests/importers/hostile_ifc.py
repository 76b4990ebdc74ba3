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


def hall_with(path: Path, wall_name: str) -> Path:
    """A one-storey hall of six walls, one of them named *wall_name*."""
    w = _Writer()
    ground = w.storey("RDC", 0.0)
    w.aggregate(w.building, [ground])
    w.product("IfcSlab", "Dalle", ground, (0, 0, -0.3), (30, 20, 0.3), PredefinedType="FLOOR")
    for i in range(5):
        w.product("IfcWall", f"Mur {i + 1}", ground, (6 * i, 0, 0), (5, 0.3, 3))
    w.product("IfcWall", wall_name, ground, (0, 19.7, 0), (30, 0.3, 3))
    w.f.write(str(path))
    return path


def deep_boolean_wall(path: Path, depth: int, name: str) -> Path:
    """Four ordinary walls and one, named *name*, whose body is a union nested *depth* levels deep:
    ifcopenshell's kernels loop for minutes on a few thousand levels and crash (stack overflow) on
    more, like the nestedLoop file of IfcOpenShell's own test corpus."""
    w = _Writer()
    ground = w.storey("RDC", 0.0)
    w.aggregate(w.building, [ground])
    for i in range(4):
        w.product("IfcWall", f"Mur {i + 1}", ground, (6 * i, 0, 0), (5, 0.3, 3))
    solid = w.box_solid(1, 1, 1)
    for i in range(depth):
        solid = w.f.createIfcBooleanResult("UNION", solid, w.box_solid(1, 1, 1, x0=0.001 * (i % 7)))
    wall = w.f.create_entity(
        "IfcWall",
        GlobalId=w.guid(),
        Name=name,
        ObjectPlacement=w.placement(ground.ObjectPlacement, (0, 19, 0)),
        Representation=w.shape([solid], kind="CSG"),
    )
    w.contain(ground, [wall])
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


def stray_token_after_entity(source: Path, target: Path, entity: int, token: bytes = b"/*") -> Path:
    """*source* with a stray *token* after its *entity*-th entity line (0-based). An unclosed comment
    makes ifcopenshell's parser drop everything after it, without an exception."""
    lines = source.read_bytes().splitlines(keepends=True)
    line = [i for i, text in enumerate(lines) if text.startswith(b"#")][entity]
    lines[line] = lines[line].rstrip(b"\r\n") + b" " + token + b"\n"
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
