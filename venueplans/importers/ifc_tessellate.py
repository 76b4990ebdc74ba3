"""Tessellation: IFC product shapes -> triangles, once, with ifcopenshell's geometry iterator.

IFC describes most shapes implicitly (extruded profiles, booleans, clipped half-spaces, swept disks);
a geometry *kernel* turns them into triangles. ifcopenshell 0.9 ships several:
- `opencascade` (OCC): the reference, complete but slow on booleans;
- `cgal-simple`: fast, but gives up on some booleans and curved solids;
- `hybrid-cgal-simple-opencascade`: cgal-simple first, OCC for what cgal-simple cannot do;
- `manifold`: fastest, but crashed or produced wrong walls on real files (bench/README.md).
The default is measured in bench/bench_ifc_kernels.py. Whatever the kernel, a product that has a body
representation but comes out empty is tried again with OCC (per product, not the whole file).

The iterator runs with `use-world-coords` off: each product comes back as a shape in its own frame
plus a 4x4 placement, and products that share a representation (an `IfcRepresentationMap` used by
40,000 seats) share the shape, recognised by `geometry.id`. Shapes are stored once here; placing
them into the venue is `ifc_geometry`'s job. Coordinates come out in metres whatever the file's unit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import ifcopenshell
import ifcopenshell.geom
import numpy as np

DEFAULT_KERNEL = "hybrid-cgal-simple-opencascade"
FALLBACK_KERNEL = "opencascade"
KERNELS = (
    "opencascade",
    "hybrid-cgal-simple-opencascade",
    "cgal-simple",
    "manifold",
    "hybrid-cgal-simple-manifold",
)

# Representation identifiers that are not a 3D body (IFC4 Annex: representation identifiers).
_NOT_BODY = {
    "axis",
    "footprint",
    "box",
    "annotation",
    "profile",
    "reference",
    "surveypoints",
    "cog",
    "lighting",
    "clearance",
}
_NOT_BODY_TYPES = {"curve2d", "annotation2d", "geometriccurveset", "point", "boundingbox", "curve"}


@dataclass(slots=True)
class Shape:
    """One tessellated representation in its product's frame, metres."""

    vertices: np.ndarray  # (N, 3) float64
    triangles: np.ndarray  # (M, 3) uint32


@dataclass
class Tessellation:
    """Shapes by key and the placements that use them: placement k puts shape `keys[k]` on product
    `product_ids[k]` (IFC step id) with `matrices[k]` (4x4, file frame, metres)."""

    kernel: str
    shapes: dict[str, Shape] = field(default_factory=dict)
    product_ids: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    matrices: np.ndarray = field(default_factory=lambda: np.zeros((0, 4, 4)))
    fallback_ids: list[int] = field(default_factory=list)  # products tessellated by FALLBACK_KERNEL
    missing_ids: list[int] = field(default_factory=list)  # body representation, no triangles at all
    seconds: float = 0.0


def geometry_settings() -> ifcopenshell.geom.settings:
    s = ifcopenshell.geom.settings()
    s.set("use-world-coords", False)  # keep shared representations shared
    s.set("weld-vertices", True)  # indexed meshes, ~3x fewer vertices than triangle soup
    s.set("no-normals", True)  # the renderer computes its own; saves time and memory
    s.set("apply-default-materials", False)  # colours are by category here
    return s


def has_body(product) -> bool:
    """True when *product* has a 3D representation that should yield triangles."""
    shape = getattr(product, "Representation", None)
    for rep in getattr(shape, "Representations", None) or ():
        ident = (rep.RepresentationIdentifier or "").lower()
        kind = (rep.RepresentationType or "").lower()
        context = rep.ContextOfItems
        if context is not None and (context.ContextType or "Model").lower() == "plan":
            continue
        if ident not in _NOT_BODY and kind not in _NOT_BODY_TYPES:
            return True
    return False


def tessellate(
    f: ifcopenshell.file,
    products: list,
    *,
    kernel: str = DEFAULT_KERNEL,
    threads: int = 1,
    progress: Callable[[float, str], None] | None = None,
    span: tuple[float, float] = (0.0, 1.0),
    fallback: bool = True,
) -> Tessellation:
    """Tessellate *products* (those with a body representation) with *kernel*, then, when *fallback*,
    the ones that came out empty with OCC."""
    start = time.perf_counter()
    result = Tessellation(kernel=kernel)
    wanted = [p for p in products if has_body(p)]
    mats: list[bytes] = []
    seen: set[int] = set()
    if wanted:
        _run(f, wanted, kernel, threads, result, mats, seen, progress, span, "")
    retry = [p for p in wanted if p.id() not in seen]
    if retry and fallback and kernel != FALLBACK_KERNEL:
        before = set(seen)
        _run(f, retry, FALLBACK_KERNEL, threads, result, mats, seen, None, span, "occ:")
        result.fallback_ids = sorted(seen - before)
    result.missing_ids = sorted(p.id() for p in wanted if p.id() not in seen)
    if mats:
        # ifcopenshell's matrices are column-major.
        result.matrices = np.frombuffer(b"".join(mats), dtype=np.float64).reshape(-1, 4, 4).transpose(0, 2, 1)
    result.seconds = time.perf_counter() - start
    return result


def _run(f, products, kernel, threads, result: Tessellation, mats, seen, progress, span, prefix) -> None:
    it = ifcopenshell.geom.iterator(
        geometry_settings(), f, threads, include=products, geometry_library=kernel
    )
    if not it.initialize():
        return
    lo, hi = span
    total = len(products)
    n = 0
    shapes = result.shapes
    while True:
        elem = it.get()
        geometry = elem.geometry
        key = prefix + geometry.id
        shape = shapes.get(key)
        if shape is None:
            tris = np.frombuffer(geometry.faces_buffer, dtype=np.int32).reshape(-1, 3)
            verts = np.frombuffer(geometry.verts_buffer, dtype=np.float64).reshape(-1, 3)
            shape = shapes[key] = Shape(verts.copy(), tris.astype(np.uint32))
        if len(shape.triangles):
            result.product_ids.append(elem.id)
            result.keys.append(key)
            mats.append(elem.transformation_buffer)
            seen.add(elem.id)
        n += 1
        if progress is not None and n % 64 == 0:
            progress(
                lo + (hi - lo) * min(it.progress(), 100) / 100.0, f"Tessellating geometry ({n} of {total})"
            )
        if not it.next():
            break
