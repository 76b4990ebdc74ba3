"""Products that repeat one shape (a stadium's seats): placed here instead of by the geometry iterator.

In IFC a shape used many times is an `IfcRepresentationMap`; each product that uses it has a body
made of one `IfcMappedItem` (the map plus a `MappingTarget` transformation) and its own
`ObjectPlacement`. The iterator handles them correctly, but on reaching the first product of such a
group it builds the whole group at once: +173 MB of native memory for 40,000 seats, to return the same
triangles each time with a different matrix (and about 1 s of CPU to walk them).

So for a map used by at least `GROUP_MIN` products without openings, only two *exemplars* go
through the iterator. For the others the matrix follows from the exemplar's:
    M_p = (P_p . T_p) . (P_e . T_e)^-1 . M_e
with P the product's placement, T its mapped item's transformation (both read from the file here, in
metres) and M the iterator's matrix. The second exemplar checks the formula against the iterator; a
group where it disagrees by more than `TOLERANCE` is handed back to the iterator whole. Reading the
placements here costs about as much CPU as the iterator's walk (ifcopenshell's attribute access is
~2 us a read); the gain is the memory (bench/README.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import ifcopenshell
import ifcopenshell.util.placement
import numpy as np

GROUP_MIN = 32  # below this the iterator's cost does not matter
TOLERANCE = 1e-6  # metres (and unitless for the rotation part)

REPRESENTATION = 6  # IfcProduct.Representation
OBJECT_PLACEMENT = 5  # IfcProduct.ObjectPlacement
REPRESENTATIONS = 2  # IfcProductRepresentation.Representations
IDENTIFIER, ITEMS = 1, 3  # IfcRepresentation.RepresentationIdentifier, .Items
MAPPING_SOURCE, MAPPING_TARGET = 0, 1  # IfcMappedItem
RELATIVE_TO, RELATIVE_PLACEMENT = 0, 1  # IfcLocalPlacement
# Attributes are read with entity.get_argument(i): entity[i] adds a bounds check that costs a third.


@dataclass
class Group:
    """Products sharing one representation map; `placed[i]` is P.T of `members[i]` in metres."""

    members: list
    placed: np.ndarray  # (K, 4, 4)

    @property
    def exemplars(self) -> list:
        return self.members[:2]


@dataclass
class Plan:
    groups: list[Group] = field(default_factory=list)

    def deferred_ids(self) -> set[int]:
        """Products the iterator need not see (every member but the exemplars)."""
        return {p.id() for g in self.groups for p in g.members[2:]}


def plan_instances(f: ifcopenshell.file, products: list, scale: float) -> Plan:
    """Find the large groups of products that share a representation map (see module docstring)."""
    voided = {rel.RelatingBuildingElement.id() for rel in f.by_type("IfcRelVoidsElement")}
    by_map: dict[int, list] = {}
    for product in products:
        item = _single_mapped_item(product)
        if item is not None and product.id() not in voided:
            by_map.setdefault(item.get_argument(MAPPING_SOURCE).id(), []).append((product, item))
    reader = _Placements(scale)
    groups = []
    for members in by_map.values():
        if len(members) < GROUP_MIN:
            continue
        kept, placed = reader.placed(members)
        if len(kept) >= GROUP_MIN:
            groups.append(Group(kept, placed))
    return Plan(groups)


def place_members(group: Group, exemplar_matrices: list[np.ndarray | None]) -> np.ndarray | None:
    """The iterator-frame matrices of all members from the exemplars' (None when they disagree)."""
    first, second = exemplar_matrices
    if first is None or second is None:
        return None
    k = np.linalg.inv(group.placed[0]) @ first
    if np.abs(group.placed[1] @ k - second).max() > TOLERANCE:
        return None
    return group.placed @ k


def _single_mapped_item(product):
    shape = product.get_argument(REPRESENTATION)
    if shape is None:
        return None
    bodies = [
        rep for rep in shape.get_argument(REPRESENTATIONS) or () if rep.get_argument(IDENTIFIER) == "Body"
    ]
    if len(bodies) != 1:
        return None
    items = bodies[0].get_argument(ITEMS) or ()
    if len(items) != 1 or not items[0].is_a("IfcMappedItem"):
        return None
    return items[0]


class _Placements:
    """P.T of products in metres. Per product only the few attributes involved are read; what is
    shared (parent placements, directions, map origins) is cached, and the matrices are built in one
    numpy pass: about a second for 40,000 seats, nearly all of it attribute reads."""

    def __init__(self, scale: float):
        self.scale = scale
        self._parents: dict[int, int] = {}  # placement id -> row in self._parent_mats
        self._parent_mats: list[np.ndarray] = []
        self._dirs: dict[int, tuple] = {}
        self._maps: dict[int, int] = {}  # (map id or target id) -> row in self._map_mats
        self._map_mats: list[np.ndarray] = []

    def placed(self, members: list) -> tuple[list, np.ndarray]:
        """(products kept, (K, 4, 4) P.T) for (product, mapped item) pairs; unusual ones are left out."""
        kept, parent, loc, zdir, xdir, mapping = [], [], [], [], [], []
        for product, item in members:
            try:
                row = self._read(product, item)
            except Exception:  # noqa: BLE001 - anything unusual: leave the product to the iterator
                row = None
            if row is None:
                continue
            kept.append(product)
            for column, value in zip((parent, loc, zdir, xdir, mapping), row, strict=True):
                column.append(value)
        if not kept:
            return [], np.zeros((0, 4, 4))
        z = np.array(zdir)
        x = np.array(xdir)
        x = x - np.einsum("ij,ij->i", x, z)[:, None] * z  # RefDirection projected normal to Axis
        norms = np.linalg.norm(x, axis=1)
        ok = norms > 1e-9
        x[ok] /= norms[ok, None]
        local = np.zeros((len(kept), 4, 4))
        local[:, :3, 0], local[:, :3, 1], local[:, :3, 2] = x, np.cross(z, x), z
        local[:, :3, 3] = np.array(loc)
        local[:, 3, 3] = 1.0
        parents = np.array(self._parent_mats)[np.array(parent)]
        maps = np.array(self._map_mats)[np.array(mapping)]
        m = parents @ local @ maps
        m[:, :3, 3] *= self.scale
        rows = np.flatnonzero(ok)
        return [kept[i] for i in rows], m[rows]

    def _read(self, product, item):
        lp = product.get_argument(OBJECT_PLACEMENT)
        if lp is None or not lp.is_a("IfcLocalPlacement"):
            return None
        rel = lp.get_argument(RELATIVE_PLACEMENT)
        if not rel.is_a("IfcAxis2Placement3D"):
            return None
        parent = lp.get_argument(RELATIVE_TO)
        key = parent.id() if parent is not None else 0
        row = self._parents.get(key)
        if row is None:
            mat = (
                np.eye(4)
                if parent is None
                else np.array(ifcopenshell.util.placement.get_local_placement(parent))
            )
            row = self._parents[key] = len(self._parent_mats)
            self._parent_mats.append(mat)
        mapping = self._mapping(item)
        if mapping is None:
            return None
        return (
            row,
            rel.get_argument(0).get_argument(0),
            self._direction(rel.get_argument(1), (0.0, 0.0, 1.0)),
            self._direction(rel.get_argument(2), (1.0, 0.0, 0.0)),
            mapping,
        )

    def _direction(self, direction, default) -> tuple:
        if direction is None:
            return default
        key = direction.id()
        cached = self._dirs.get(key)
        if cached is None:
            v = direction.get_argument(0)
            n = math.sqrt(sum(c * c for c in v)) or 1.0
            cached = self._dirs[key] = tuple(c / n for c in v)
        return cached

    def _mapping(self, item) -> int | None:
        """Row of the mapped item's transformation (map origin, then target) in self._map_mats."""
        source, target = item.get_argument(MAPPING_SOURCE), item.get_argument(MAPPING_TARGET)
        if target.is_a() == "IfcCartesianTransformationOperator3D" and _is_identity(target):
            key = source.id()  # the usual case: only the map's origin, shared by the whole group
        elif target.is_a("IfcCartesianTransformationOperator3D"):
            key = -target.id()
        else:
            return None
        row = self._maps.get(key)
        if row is None:
            mat = np.array(ifcopenshell.util.placement.get_axis2placement(source.get_argument(0)))
            if key < 0:
                mat = (
                    np.array(ifcopenshell.util.placement.get_cartesiantransformationoperator3d(target)) @ mat
                )
            row = self._maps[key] = len(self._map_mats)
            self._map_mats.append(mat)
        return row


def _is_identity(op) -> bool:
    """Axis1, Axis2, Axis3 unset, LocalOrigin at 0 and Scale unset or 1: the usual MappingTarget."""
    if op.get_argument(0) is not None or op.get_argument(1) is not None or op.get_argument(4) is not None:
        return False
    if op.get_argument(3) not in (None, 1.0):
        return False
    return not any(op.get_argument(2).get_argument(0))
