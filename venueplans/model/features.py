"""The kinds of feature a venue plan carries, with the colours and short codes every view shares.

A *feature* is a point of operational interest: an exit, an access point, a stair core, a key box...
Exits and access points come first in every view, so their colours are fixed here once for the 3D view,
the 2D plans and the printed briefing alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeatureKind:
    key: str
    label: str
    group: str  # exit | access | circulation | safety | utility
    colour: str  # "#rrggbb"
    code: str  # one or two letters drawn inside the plan symbol
    numbered: bool = False  # exits and gates get sequence numbers per venue


_KINDS = [
    FeatureKind("exit", "Emergency exit", "exit", "#00a651", "E", numbered=True),
    FeatureKind("entrance", "Main entrance", "access", "#0072ce", "ME"),
    FeatureKind("access_point", "Access point", "access", "#0072ce", "A", numbered=True),
    FeatureKind("pedestrian_gate", "Pedestrian gate", "access", "#0072ce", "G", numbered=True),
    FeatureKind("vehicle_access", "Vehicle access", "access", "#6a3d9a", "V"),
    FeatureKind("roof_access", "Roof access", "access", "#6a3d9a", "RA"),
    FeatureKind("stair", "Stair", "circulation", "#f28c00", "S"),
    FeatureKind("lift", "Lift", "circulation", "#b15928", "L"),
    FeatureKind("ramp", "Ramp", "circulation", "#f28c00", "R"),
    FeatureKind("vomitory", "Vomitory", "circulation", "#f2b600", "VM", numbered=True),
    FeatureKind("key_box", "Key box", "safety", "#d7191c", "K"),
    FeatureKind("fire_alarm_panel", "Fire alarm panel", "safety", "#d7191c", "FA"),
    FeatureKind("sprinkler_valve", "Sprinkler valve", "safety", "#d7191c", "SV"),
    FeatureKind("control_room", "Control room / CCTV", "safety", "#d7191c", "CR"),
    FeatureKind("assembly_point", "Assembly point", "safety", "#00a651", "AP"),
    FeatureKind("defibrillator", "Defibrillator", "safety", "#00a651", "AED"),
    FeatureKind("first_aid", "First aid", "safety", "#00a651", "+"),
    FeatureKind("hazardous_material", "Hazardous material", "safety", "#ffd400", "HZ"),
    FeatureKind("gas_shutoff", "Gas shut-off", "utility", "#8c564b", "GS"),
    FeatureKind("electricity_shutoff", "Electricity shut-off", "utility", "#8c564b", "ES"),
    FeatureKind("water_shutoff", "Water shut-off", "utility", "#8c564b", "WS"),
]

FEATURE_KINDS: dict[str, FeatureKind] = {k.key: k for k in _KINDS}

# Kinds counted as access points in summaries (`show --json` counts.access_points).
ACCESS_KINDS = frozenset(k.key for k in _KINDS if k.group == "access" and k.key != "roof_access")


def feature_kind(key: str) -> FeatureKind:
    """The kind for *key*; unknown keys raise ValueError naming the valid ones."""
    try:
        return FEATURE_KINDS[key]
    except KeyError:
        raise ValueError(f"unknown feature kind {key!r} (known: {', '.join(FEATURE_KINDS)})") from None
