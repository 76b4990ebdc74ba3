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
40,000 seats) share the shape, recognised by `geometry.id`. Large groups of those skip the iterator
but for two exemplars (`ifc_instances`). Shapes are stored once here; placing them into the venue is
`ifc_geometry`'s job. Coordinates come out in metres whatever the file's unit. One thread: two never
beat one on a two-core machine (bench/README.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import ifcopenshell
import ifcopenshell.geom
import numpy as np
from ifcopenshell.util.unit import calculate_unit_scale

from venueplans.importers import worker
from venueplans.importers.ifc_instances import Plan, place_members, plan_instances

REPRESENTATION = 6  # IfcProduct.Representation, same position in IFC2X3, IFC4 and IFC4X3

DEFAULT_KERNEL = "hybrid-cgal-simple-opencascade"
FALLBACK_KERNEL = "opencascade"

# Representation identifiers that are not a 3D body (IFC4 Annex: representation identifiers).
# fmt: off
_NOT_BODY = {"axis", "footprint", "box", "annotation", "profile", "reference", "surveypoints", "cog",
             "lighting", "clearance"}
# fmt: on
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
    instanced_ids: int = 0  # products placed by ifc_instances rather than by the iterator
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
    instancing: bool = True,
    skip: set[int] | frozenset[int] = frozenset(),
    careful: set[int] | None = None,
) -> Tessellation:
    """Tessellate *products* with *kernel*; then, when *fallback*, the ones that came out empty with
    OCC. With *instancing*, large groups of products sharing a representation map are placed by
    `ifc_instances` from two exemplars instead of going through the iterator one by one.

    Products in *skip* (step ids) are left out: an earlier attempt crashed or stalled on them. With
    *careful* (the step ids an earlier attempt completed), every other product is tessellated on its
    own, announced to the import worker first, so that the parent can tell which one a crash or a
    stall belongs to."""
    start = time.perf_counter()
    result = Tessellation(kernel=kernel)
    # The iterator skips representations that are not bodies by itself; has_body() is walked only for
    # the few products that come out empty (walking it for 40,000 seats costs more than it saves).
    wanted = [p for p in products if p[REPRESENTATION] is not None and p.id() not in skip]
    _tessellate(f, wanted, kernel, threads, progress, span, fallback, instancing, careful, result)
    result.seconds = time.perf_counter() - start
    return result


def _tessellate(f, wanted, kernel, threads, progress, span, fallback, instancing, careful, result) -> None:
    plan = plan_instances(f, wanted, calculate_unit_scale(f) or 1.0) if instancing else Plan()
    deferred = plan.deferred_ids()
    mats: list[bytes] = []
    seen: set[int] = set()
    first = [p for p in wanted if p.id() not in deferred] if deferred else wanted
    if first:
        _run(f, first, kernel, threads, result, mats, seen, progress, span, "", careful)
    if plan.groups:
        back = _place_groups(plan, result, mats, seen)
        if back:
            _run(f, back, kernel, threads, result, mats, seen, None, span, "", careful)
    result.instanced_ids = len(deferred)
    retry = [p for p in wanted if p.id() not in seen]
    if retry and fallback and kernel != FALLBACK_KERNEL:
        before = set(seen)
        _run(f, retry, FALLBACK_KERNEL, threads, result, mats, seen, None, span, "occ:", careful)
        result.fallback_ids = sorted(seen - before)
    result.missing_ids = sorted(p.id() for p in wanted if p.id() not in seen and has_body(p))
    if mats:
        # ifcopenshell's matrices are column-major.
        result.matrices = np.frombuffer(b"".join(mats), dtype=np.float64).reshape(-1, 4, 4).transpose(0, 2, 1)


def label(product) -> str:
    """How a product is named to the user: IfcWall 'Mur 12' (#1234)."""
    name = getattr(product, "Name", None) or ""
    return f"{product.is_a()} '{name}' (#{product.id()})" if name else f"{product.is_a()} #{product.id()}"


def _place_groups(plan: Plan, result: Tessellation, mats: list[bytes], seen: set[int]) -> list:
    """Add the deferred members of each group; return the members of groups that must go back to the
    iterator (exemplars missing or in disagreement with the placement formula)."""
    row = {pid: k for k, pid in enumerate(result.product_ids)}
    back = []
    for group in plan.groups:
        rows = [row.get(p.id()) for p in group.exemplars]
        same = None not in rows and result.keys[rows[0]] == result.keys[rows[1]]
        exemplar = [np.frombuffer(mats[r], dtype=np.float64).reshape(4, 4).T if same else None for r in rows]
        placed = place_members(group, exemplar)
        if placed is None:
            back.extend(group.members[2:])
            continue
        key = result.keys[rows[0]]
        for product, m in zip(group.members[2:], placed[2:], strict=True):
            result.product_ids.append(product.id())
            result.keys.append(key)
            mats.append(np.ascontiguousarray(m.T).tobytes())
            seen.add(product.id())
    return back


def _run(f, products, kernel, threads, result: Tessellation, mats, seen, progress, span, prefix, careful) -> None:
    # Only the kernel's work is watched for stalls: numpy steps in between report no elements.
    worker.watch_elements(True)
    try:
        _run_watched(f, products, kernel, threads, result, mats, seen, progress, span, prefix, careful)
    finally:
        worker.watch_elements(False)


def _run_watched(f, products, kernel, threads, result, mats, seen, progress, span, prefix, careful) -> None:
    if careful is None:
        _iterate(f, products, kernel, threads, result, mats, seen, progress, span, prefix)
        return
    safe = [p for p in products if p.id() in careful]
    if safe:
        _iterate(f, safe, kernel, threads, result, mats, seen, progress, span, prefix)
    for p in products:
        if p.id() not in careful:
            worker.element_started(p.id(), label(p))
            _iterate(f, [p], kernel, threads, result, mats, seen, None, span, prefix)
            worker.elements_done([p.id()], now=True)


def _iterate(f, products, kernel, threads, result: Tessellation, mats, seen, progress, span, prefix) -> None:
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
        worker.elements_done((elem.id,))
        if progress is not None and n % 64 == 0:
            progress(
                lo + (hi - lo) * min(it.progress(), 100) / 100.0, f"Tessellating geometry ({n} of {total})"
            )
        if not it.next():
            break
