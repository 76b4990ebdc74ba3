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

from dataclasses import dataclass, field
from typing import Any

import ifcopenshell
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
    parent: dict[int, Any] = field(default_factory=dict)  # step id -> aggregating product


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


def is_element(product) -> bool:
    if product.is_a("IfcSpace"):
        return True
    return product.is_a("IfcElement") and not any(product.is_a(c) for c in EXCLUDED_CLASSES)


def read_elements(f: ifcopenshell.file, storey_index: dict[int, int], scale: float) -> ElementTable:
    """Every element with its category, storey (None when the file does not say) and properties."""
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
    products = sorted((p for p in f.by_type("IfcProduct") if is_element(p)), key=lambda p: p.id())
    attribute_names: dict[str, tuple[str, ...]] = {}
    elements = []
    for i, product in enumerate(products):
        cls = product.is_a()
        if cls not in attribute_names:
            names = set(product.get_info(include_identifier=False, recursive=False).keys())
            attribute_names[cls] = tuple(a for a in _LENGTH_ATTRIBUTES + _TEXT_ATTRIBUTES if a in names)
        properties: dict[str, Any] = props.psets(product)
        attributes = {}
        for a in attribute_names[cls]:
            value = getattr(product, a)
            if value is None or value == "":
                continue
            attributes[a] = round(float(value) * scale, 4) if a in _LENGTH_ATTRIBUTES else jsonable(value)
        if attributes:
            properties["Attributes"] = attributes
        product_type = props.type_of(product)
        elements.append(
            Element(
                index=i,
                guid=product.GlobalId or "",
                ifc_class=cls,
                name=product.Name or "",
                storey=storey_of(product),
                category=category_of(product, parent.get(product.id()), properties),
                properties=properties,
                type_name=(getattr(product_type, "Name", None) or "") if product_type is not None else "",
            )
        )
    return ElementTable(elements, products, props, parent)


def category_of(product, parent, properties: dict[str, Any]) -> str:
    """The drawing category of *product* (rules in the module docstring)."""
    if parent is not None:
        if parent.is_a("IfcStair") or parent.is_a("IfcRamp"):
            return "stair"
        if parent.is_a("IfcRoof"):
            return "roof"
        if parent.is_a("IfcCurtainWall"):
            return "wall"
    predefined = str((properties.get("Attributes") or {}).get("PredefinedType") or "").upper()
    if product.is_a("IfcWall") or product.is_a("IfcCurtainWall"):
        return "wall"
    if product.is_a("IfcRoof") or (product.is_a("IfcSlab") and predefined == "ROOF"):
        return "roof"
    if product.is_a("IfcSlab"):
        return "slab"
    if product.is_a("IfcCovering"):
        return {"FLOORING": "slab", "ROOFING": "roof"}.get(predefined, "other")
    if product.is_a("IfcDoor"):
        return "door"
    if product.is_a("IfcWindow"):
        return "window"
    if any(
        product.is_a(c)
        for c in ("IfcStair", "IfcStairFlight", "IfcRamp", "IfcRampFlight", "IfcTransportElement")
    ):
        return "stair"
    if product.is_a("IfcSpace"):
        return "space"
    if product.is_a("IfcFurnishingElement"):
        return "furniture"
    return "other"
