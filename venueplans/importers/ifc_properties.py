"""Property sets of every product, read in one pass over the file's relationships.

In IFC a product's properties live in *property sets* (psets: named groups such as `Pset_DoorCommon`)
attached by `IfcRelDefinesByProperties`, plus the psets of its *type* (`IfcDoorType`, Revit's
`IfcDoorStyle`...) attached by `IfcRelDefinesByType`. A product inherits its type's psets and its own
values win where both define the same property (what `ifcopenshell.util.element.get_psets` does).

Calling `get_psets` per product walks the inverse relationships of each one: fine for 500 doors, slow
for a stadium's 40,000 seats, most of which carry nothing. Here the relationships are walked once and
each pset is decoded once, however many products share it.
"""

from __future__ import annotations

import math
from typing import Any

import ifcopenshell
import ifcopenshell.util.element


class PropertyIndex:
    """`psets(product)` -> {pset name: {property: JSON value}}, own values over the type's."""

    def __init__(self, f: ifcopenshell.file):
        self._own: dict[int, list] = {}
        self._type_of: dict[int, Any] = {}
        self._decoded: dict[int, dict[str, Any]] = {}
        self._type_psets: dict[int, dict] = {}  # type step id -> its decoded psets
        self._type_names: dict[int, str] = {}
        for rel in f.by_type("IfcRelDefinesByProperties"):
            definition = rel.RelatingPropertyDefinition
            # IFC4 allows a set of definitions in one relationship (IfcPropertySetDefinitionSet).
            definitions = definition if isinstance(definition, tuple) else (definition,)
            for obj in rel.RelatedObjects or ():
                self._own.setdefault(obj.id(), []).extend(d for d in definitions if d is not None)
        for rel in f.by_type("IfcRelDefinesByType"):
            for obj in rel.RelatedObjects or ():
                self._type_of[obj.id()] = rel.RelatingType

    def type_of(self, product) -> Any | None:
        return self._type_of.get(product.id())

    def type_name(self, product) -> str:
        product_type = self._type_of.get(product.id())
        if product_type is None:
            return ""
        key = product_type.id()
        if key not in self._type_names:
            self._type_names[key] = getattr(product_type, "Name", None) or ""
        return self._type_names[key]

    def psets(self, product) -> dict[str, dict[str, Any]]:
        """A new dict per product; the inner pset dicts may be shared between products of one type
        (40,000 seats need not carry 40,000 copies of their type's psets): treat them as read-only."""
        pid = product.id()
        product_type = self._type_of.get(pid)
        inherited: dict[str, dict[str, Any]] = {}
        if product_type is not None:
            key = product_type.id()
            inherited = self._type_psets.get(key)
            if inherited is None:
                inherited = self._type_psets[key] = {}
                for definition in getattr(product_type, "HasPropertySets", None) or ():
                    self._merge(inherited, definition)
        result = dict(inherited)
        for definition in self._own.get(pid, ()):
            name = getattr(definition, "Name", None)
            if name in result:
                result[name] = dict(result[name])  # own values over the type's, in a copy
            self._merge(result, definition)
        return result

    def _merge(self, into: dict, definition) -> None:
        name = getattr(definition, "Name", None)
        if not name:
            return
        props = self._decoded.get(definition.id())
        if props is None:
            raw = ifcopenshell.util.element.get_property_definition(definition) or {}
            raw.pop("id", None)
            props = self._decoded[definition.id()] = {str(k): jsonable(v) for k, v in raw.items()}
        if props:
            into.setdefault(name, {}).update(props)


def jsonable(value: Any) -> Any:
    """A value as JSON can store it: entities become their step reference, NaN/inf become None."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items() if k != "id"}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, ifcopenshell.entity_instance):
        wrapped = getattr(value, "wrappedValue", None) if value.id() == 0 else None
        return jsonable(wrapped) if wrapped is not None else f"#{value.id()}={value.is_a()}"
    return str(value)


def truthy(value: Any) -> bool | None:
    """IFC booleans and the yes/no texts exporters write instead: True, False, or None when unclear."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value) if value in (0, 1) else None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _YES:
            return True
        if text in _NO:
            return False
    return None


_YES = {"true", "yes", "y", "1", "x", "oui", "vrai", "ja", "wahr", "t", ".t."}
_NO = {"false", "no", "n", "0", "non", "faux", "nein", "falsch", "f", ".f.", ""}
