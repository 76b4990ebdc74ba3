"""The kinds of feature a venue plan carries, with the colours and short codes every view shares.

A *feature* is a point of operational interest: an exit, an access point, a stair core, a key box...
Exits and access points come first in every view, so their colours are fixed here once for the 3D view,
the 2D plans and the printed briefing alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from venueplans.i18n import N_, tr


@dataclass(frozen=True, slots=True)
class FeatureKind:
    key: str
    label: str  # English source text marked with N_: show it with `title` (translated)
    group: str  # exit | access | circulation | safety | utility | outdoor
    colour: str  # "#rrggbb"
    code: str  # one to three letters drawn inside the plan symbol
    numbered: bool = False  # exits and gates get sequence numbers per venue
    iso: str = ""  # ISO 7010 sign it follows ("E003"), "" when there is no public glyph
    # How the symbol is drawn (docs/symbols.md): exit (green disc, number, arrow), safe (green square,
    # ISO E), fire (red square, ISO F), intervention (white square, red edge, labelled), access (blue
    # square), lift (square and cross), marker (disc in the kind's colour).
    shape: str = "marker"

    @property
    def title(self) -> str:
        """The kind's name in the user's language."""
        return tr(self.label)


SAFE_GREEN = "#00a651"  # ISO 7010 safe condition
FIRE_RED = "#c8102e"  # ISO 7010 fire equipment (RAL 3001 on screen)

_KINDS = [
    FeatureKind("exit", N_("Emergency exit"), "exit", SAFE_GREEN, "E", numbered=True, iso="E001", shape="exit"),
    FeatureKind("entrance", N_("Main entrance"), "access", "#0072ce", "ME", shape="access"),
    FeatureKind("access_point", N_("Access point"), "access", "#0072ce", "A", numbered=True, shape="access"),
    FeatureKind("pedestrian_gate", N_("Pedestrian gate"), "access", "#0072ce", "G", numbered=True, shape="access"),
    FeatureKind("vehicle_access", N_("Vehicle access"), "access", "#6a3d9a", "V", shape="access"),
    FeatureKind("roof_access", N_("Roof access"), "access", "#6a3d9a", "RA", shape="access"),
    FeatureKind("stair", N_("Stair"), "circulation", "#f28c00", "S"),
    FeatureKind("lift", N_("Lift"), "circulation", "#b15928", "L", shape="lift"),
    FeatureKind("ramp", N_("Ramp"), "circulation", "#f28c00", "R"),
    FeatureKind("vomitory", N_("Vomitory"), "circulation", "#f2b600", "VM", numbered=True),
    FeatureKind("key_box", N_("Key box"), "safety", FIRE_RED, "K", shape="intervention"),
    FeatureKind("fire_alarm_panel", N_("Fire panel (SSI)"), "safety", FIRE_RED, "SSI", shape="intervention"),
    FeatureKind("sprinkler_valve", N_("Sprinkler valve"), "safety", FIRE_RED, "SPK", iso="F012", shape="fire"),
    FeatureKind("control_room", N_("Control room / CCTV"), "safety", FIRE_RED, "PC", shape="intervention"),
    FeatureKind("assembly_point", N_("Assembly point"), "outdoor", SAFE_GREEN, "AP", iso="E007", shape="safe"),
    FeatureKind("defibrillator", N_("Defibrillator"), "safety", SAFE_GREEN, "AED", iso="E010", shape="safe"),
    FeatureKind("first_aid", N_("First aid"), "safety", SAFE_GREEN, "+", iso="E003", shape="safe"),
    FeatureKind("hazardous_material", N_("Hazardous material"), "safety", "#ffd400", "HZ", iso="W001"),
    FeatureKind("gas_shutoff", N_("Gas shut-off"), "utility", FIRE_RED, "GAZ", shape="intervention"),
    FeatureKind("electricity_shutoff", N_("Electricity shut-off"), "utility", FIRE_RED, "ELEC",
                shape="intervention"),
    FeatureKind("water_shutoff", N_("Water shut-off"), "utility", FIRE_RED, "EAU", shape="intervention"),
    FeatureKind("smoke_control", N_("Smoke-extraction control"), "utility", FIRE_RED, "DSF", shape="intervention"),
    FeatureKind("risk_room", N_("Risk room"), "safety", FIRE_RED, "LR", shape="intervention"),
    FeatureKind("fire_extinguisher", N_("Fire extinguisher"), "safety", FIRE_RED, "EXT", iso="F001", shape="fire"),
    FeatureKind("fire_hose_reel", N_("Fire hose reel (RIA)"), "safety", FIRE_RED, "RIA", iso="F002", shape="fire"),
    FeatureKind("call_point", N_("Fire alarm call point"), "safety", FIRE_RED, "DM", iso="F005", shape="fire"),
    FeatureKind("fire_hydrant", N_("Hydrant / water point"), "outdoor", FIRE_RED, "PI", shape="intervention"),
    FeatureKind("dry_riser_inlet", N_("Dry-riser inlet (colonne sèche)"), "outdoor", FIRE_RED, "CS",
                shape="intervention"),
    FeatureKind("fire_engine_access", N_("Fire-engine access (voie engins)"), "outdoor", "#6a3d9a", "VE",
                shape="access"),
    FeatureKind("vehicle_barrier", N_("Vehicle barrier"), "outdoor", "#5a5a5a", "B"),
]

FEATURE_KINDS: dict[str, FeatureKind] = {k.key: k for k in _KINDS}

# Kinds drawn on the site plan (plan de masse) besides the building's ways in.
OUTDOOR_KINDS = frozenset(k.key for k in _KINDS if k.group == "outdoor")
# Cut-offs and controls the reflex sheet lists with their storey and grid cell.
CUTOFF_KINDS = ("gas_shutoff", "electricity_shutoff", "water_shutoff", "smoke_control", "fire_alarm_panel",
                "sprinkler_valve")

# Kinds counted as access points in summaries (`show --json` counts.access_points).
ACCESS_KINDS = frozenset(k.key for k in _KINDS if k.group == "access" and k.key != "roof_access")


def feature_kind(key: str) -> FeatureKind:
    """The kind for *key*; unknown keys raise ValueError naming the valid ones."""
    try:
        return FEATURE_KINDS[key]
    except KeyError:
        raise ValueError(f"unknown feature kind {key!r} (known: {', '.join(FEATURE_KINDS)})") from None


def exit_name(number: int | None) -> str:
    """An exit's one name, the same in 3D pins, plans, tables and the command line: "Exit 4"."""
    return tr("Exit {number}").format(number=number) if number is not None else tr("Exit")


def feature_code(kind: str, number: int | None) -> str:
    """What a feature's symbol carries, the same on the plans, in 3D and in the legends: the number
    alone for an exit (the green symbol says "exit"), else the kind's code with its number ("A3", "ME")."""
    fk = FEATURE_KINDS.get(kind)
    if kind == "exit":
        return str(number) if number is not None else "E"
    code = fk.code if fk else kind[:2].upper()
    return f"{code}{number}" if number is not None and fk is not None and fk.numbered else code
