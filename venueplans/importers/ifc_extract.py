"""Storeys and elements of an IFC model: what each product is, where it sits, what it carries.

Vocabulary:
- A *storey* (`IfcBuildingStorey`) is a level of the building. Its height above the project origin is
  the z of its placement (what the geometry placed inside it is relative to); the `Elevation` attribute
  is a nominal figure some exporters leave at 0 or fill while placing every storey at 0, so it is used
  only when the placements cannot tell the storeys apart.
- Products are *contained* in a spatial element (`IfcRelContainedInSpatialStructure`: a storey, a
  space, the building or the site) or are parts of another product (`IfcRelAggregates`: a stair flight
  of a stair, a slab of a roof, a mullion of a curtain wall). A product's storey is found by climbing
  these relations; a space's contents belong to the space's storey.
- *Elements* are the physical products (`IfcElement`) plus the rooms (`IfcSpace`). Openings, voids and
  other feature elements (`IfcFeatureElement`) only cut or decorate their host, and virtual elements
  are boundaries without substance: none of them is an element here.

Category rules (the drawing layers, `venueplans.model.venue.CATEGORIES`), first match wins:
  part of an IfcStair/IfcRamp -> stair; part of an IfcRoof -> roof; part of an IfcCurtainWall -> wall;
  IfcWall*, IfcCurtainWall -> wall; IfcSlab ROOF, IfcRoof, IfcCovering ROOFING -> roof;
  IfcSlab (other types), IfcCovering FLOORING -> slab; IfcDoor -> door; IfcWindow -> window;
  IfcStair*, IfcRamp*, IfcTransportElement -> stair (vertical circulation);
  IfcSpace -> space; IfcFurnishingElement (incl. IfcFurniture) -> furniture; anything else -> other.
Railings count as stair only when they are part of a stair or ramp: a balcony or tier railing is not
a way up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ifcopenshell
import ifcopenshell.ifcopenshell_wrapper
import ifcopenshell.util.placement
import ifcopenshell.util.unit

from venueplans.importers.ifc_properties import PropertyIndex, jsonable
from venueplans.model.venue import Element, Storey

# Never elements: they cut, decorate or bound other products.
EXCLUDED_CLASSES = ("IfcFeatureElement", "IfcVirtualElement")
# Attributes worth keeping next to the psets (lengths converted to metres).
_LENGTH_ATTRIBUTES = ("OverallWidth", "OverallHeight")
_TEXT_ATTRIBUTES = ("PredefinedType", "OperationType", "ObjectType", "LongName", "Tag", "Description")


@dataclass
class ElementTable:
    """Elements in file order with the IFC entity of each (`products[i]` is `elements[i]`)."""

    elements: list[Element]
    products: list[Any]
    properties: PropertyIndex
    parent: dict[int, Any]  # step id -> aggregating product
    classes: Classes


def length_unit(f: ifcopenshell.file) -> tuple[float, str]:
    """(metres per unit, symbol such as 'mm') of the project's length unit; metres when undeclared."""
    scale = ifcopenshell.util.unit.calculate_unit_scale(f) or 1.0
    try:
        unit = ifcopenshell.util.unit.get_project_unit(f, "LENGTHUNIT")
        symbol = ifcopenshell.util.unit.get_unit_symbol(unit) if unit is not None else "m"
    except Exception:  # noqa: BLE001 - exotic conversion-based units: the scale is what matters
        symbol = ""
    return scale, symbol or f"{scale:g} m"


def read_storeys(f: ifcopenshell.file, scale: float) -> tuple[list[Storey], dict[int, int]]:
    """All storeys sorted by elevation (metres, file frame), index 0 lowest; and step id -> index."""
    found = []
    for st in f.by_type("IfcBuildingStorey"):
        z = None
        if st.ObjectPlacement is not None:
            try:
                z = float(ifcopenshell.util.placement.get_local_placement(st.ObjectPlacement)[2, 3]) * scale
            except Exception:  # noqa: BLE001 - a broken placement: fall back on Elevation
                z = None
        elevation = float(st.Elevation) * scale if st.Elevation is not None else None
        found.append([st, z, elevation])
    # Placements that put every storey at the same height say nothing; Elevation then does.
    placed = {round(z, 3) for _, z, _ in found if z is not None}
    use_placement = len(found) <= 1 or len(placed) > 1
    storeys = []
    for st, z, elevation in found:
        level = (
            z if (use_placement and z is not None) else (elevation if elevation is not None else (z or 0.0))
        )
        name = st.Name or st.LongName or ""
        storeys.append((level, name, st))
    storeys.sort(key=lambda s: (s[0], s[1]))
    result, index = [], {}
    for i, (level, name, st) in enumerate(storeys):
        height = storeys[i + 1][0] - level if i + 1 < len(storeys) else None
        result.append(
            Storey(
                name or f"Storey {i}",
                round(level, 4),
                i,
                round(height, 4) if height is not None else None,
                st.GlobalId,
            )
        )
        index[st.id()] = i
    return result, index


# IfcRoot/IfcObject/IfcProduct attribute positions, the same in IFC2X3, IFC4 and IFC4X3. Reading by
# position costs a fifth of reading by name, which counts over 40,000 seats.
GLOBAL_ID, NAME, OBJECT_PLACEMENT, REPRESENTATION = 0, 2, 5, 6


class Classes:
    """Per IFC class, computed once: its ancestors (for `is_a` without a call into the schema per
    product) and the positions of the attributes kept next to the psets."""

    def __init__(self, f: ifcopenshell.file):
        self._schema = ifcopenshell.ifcopenshell_wrapper.schema_by_name(f.schema_identifier)
        self._ancestors: dict[str, frozenset[str]] = {}
        self._attributes: dict[str, tuple[tuple[str, int], ...]] = {}

    def ancestors(self, cls: str) -> frozenset[str]:
        found = self._ancestors.get(cls)
        if found is None:
            names, decl = [], self._schema.declaration_by_name(cls)
            while decl is not None:
                names.append(decl.name())
                decl = decl.supertype()
            found = self._ancestors[cls] = frozenset(names)
        return found

    def is_a(self, cls: str, base: str) -> bool:
        return base in self.ancestors(cls)

    def attributes(self, cls: str) -> tuple[tuple[str, int], ...]:
        found = self._attributes.get(cls)
        if found is None:
            decl = self._schema.declaration_by_name(cls)
            names = [a.name() for a in decl.all_attributes()]
            found = self._attributes[cls] = tuple(
                (a, names.index(a)) for a in _LENGTH_ATTRIBUTES + _TEXT_ATTRIBUTES if a in names
            )
        return found

    def is_element(self, cls: str) -> bool:
        ancestors = self.ancestors(cls)
        if "IfcSpace" in ancestors:
            return True
        return "IfcElement" in ancestors and not any(c in ancestors for c in EXCLUDED_CLASSES)


def read_elements(f: ifcopenshell.file, storey_index: dict[int, int], scale: float) -> ElementTable:
    """Every element with its category, storey (None when the file does not say) and properties."""
    classes = Classes(f)
    container: dict[int, Any] = {}
    for rel in f.by_type("IfcRelContainedInSpatialStructure"):
        for obj in rel.RelatedElements or ():
            container[obj.id()] = rel.RelatingStructure
    parent: dict[int, Any] = {}
    for rel in f.by_type("IfcRelAggregates"):
        for obj in rel.RelatedObjects or ():
            parent[obj.id()] = rel.RelatingObject

    memo: dict[int, int | None] = {}

    def storey_of(entity, depth: int = 0) -> int | None:
        key = entity.id()
        if key in memo:
            return memo[key]
        memo[key] = None  # guards against cyclic relations in broken files
        if key in storey_index:
            result = storey_index[key]
        elif depth > 32:
            result = None
        else:
            up = container.get(key) or parent.get(key)
            result = storey_of(up, depth + 1) if up is not None else None
        memo[key] = result
        return result

    props = PropertyIndex(f)
    products = sorted(
        (p for p in f.by_type("IfcProduct") if classes.is_element(p.is_a())), key=lambda p: p.id()
    )
    elements = []
    for i, product in enumerate(products):
        cls = product.is_a()
        properties: dict[str, Any] = props.psets(product)
        attributes = {}
        for a, position in classes.attributes(cls):
            value = product[position]
            if value is None or value == "":
                continue
            attributes[a] = round(float(value) * scale, 4) if a in _LENGTH_ATTRIBUTES else jsonable(value)
        if attributes:
            properties["Attributes"] = attributes
        up = parent.get(product.id())
        elements.append(
            Element(
                index=i,
                guid=product[GLOBAL_ID] or "",
                ifc_class=cls,
                name=product[NAME] or "",
                storey=storey_of(product),
                category=category_of(
                    classes.ancestors(cls),
                    classes.ancestors(up.is_a()) if up is not None else frozenset(),
                    str(attributes.get("PredefinedType") or "").upper(),
                ),
                properties=properties,
                type_name=props.type_name(product),
            )
        )
    return ElementTable(elements, products, props, parent, classes)


def category_of(classes: frozenset[str], parent: frozenset[str], predefined: str) -> str:
    """The drawing category of a product given its class and ancestors, those of the product it is part
    of (empty when none) and its PredefinedType (rules in the module docstring)."""
    if "IfcStair" in parent or "IfcRamp" in parent:
        return "stair"
    if "IfcRoof" in parent:
        return "roof"
    if "IfcCurtainWall" in parent:
        return "wall"
    if "IfcWall" in classes or "IfcCurtainWall" in classes:
        return "wall"
    if "IfcRoof" in classes or ("IfcSlab" in classes and predefined == "ROOF"):
        return "roof"
    if "IfcSlab" in classes:
        return "slab"
    if "IfcCovering" in classes:
        return {"FLOORING": "slab", "ROOFING": "roof"}.get(predefined, "other")
    if "IfcDoor" in classes:
        return "door"
    if "IfcWindow" in classes:
        return "window"
    if classes & _CIRCULATION:
        return "stair"
    if "IfcSpace" in classes:
        return "space"
    if "IfcFurnishingElement" in classes:
        return "furniture"
    return "other"


_CIRCULATION = frozenset({"IfcStair", "IfcStairFlight", "IfcRamp", "IfcRampFlight", "IfcTransportElement"})
