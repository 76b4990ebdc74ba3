"""Tactical symbols a trainer places on a plan, as standard symbol identification codes (SIDCs).

A *tactical symbol* says who or what is at a point in a way every police, fire and military reader
already knows: a blue rectangle is a friendly unit, a red diamond a hostile, a pin with "CCP" a
casualty collection point. The shapes come from MIL-STD-2525D and NATO APP-6(D), which share the
same 20-digit numeric SIDC:

    positions  1-2 version (10 = 2525D / APP-6D)   3 context (0 reality)   4 standard identity
               (3 friend, 4 neutral, 6 hostile)    5-6 symbol set          7 status
               8 headquarters / task force flag     9-10 echelon           11-16 entity
               17-18 sector-1 modifier              19-20 sector-2 modifier

Each key below maps one thing a tactical team talks about to one SIDC; `meaning` spells the code out
so a reviewer can check it against the standard. Routes and areas (cordons, danger zones) are drawn
as lines and polygons in the annotation's colour, not as SIDC symbols. Rendering to SVG is done by
`venueplans.model.symbol_drawing` (milsymbol); this module is data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from venueplans.i18n import N_, tr


@dataclass(frozen=True, slots=True)
class TacticalSymbol:
    key: str  # stored in annotations.symbol and in scenario files
    label: str  # shown in legends and pickers: tr(label)
    sidc: str  # 20-digit MIL-STD-2525D / APP-6D numeric SIDC
    meaning: str  # the SIDC spelled out: symbol set / entity / modifiers
    colour: str  # "#rrggbb" for the label, the track and a route drawn by this marker


_SYMBOLS = [
    TacticalSymbol(
        "friendly_team", N_("Friendly team"), "10031000112007006400",
        "friend, land unit (10), echelon team/crew (11), law enforcement (200700), "
        "sector-1 modifier special weapons and tactics (64)", "#0066cc"),
    TacticalSymbol(
        "command_post", N_("Command post"), "10031002002007000000",
        "friend, land unit (10), headquarters flag (2), law enforcement (200700): a police command post",
        "#0066cc"),
    TacticalSymbol(
        "hostile", N_("Hostile (armed individual)"), "10062700001103010000",
        "hostile, dismounted individual (27), rifle (110301)", "#d7191c"),
    TacticalSymbol(
        "civilian", N_("Civilian"), "10041100001103000000",
        "neutral, land civilian (11), individual (110300)", "#8e44ad"),
    TacticalSymbol(
        "hostage", N_("Hostage"), "10041100001103000500",
        "neutral, land civilian (11), individual (110300), sector-1 modifier kidnapping (05)", "#8e44ad"),
    TacticalSymbol(
        "casualty_collection_point", N_("Casualty collection point"), "10032500003205000000",
        "friend, control measure (25), sustainment point: casualty collection point (320500)", "#00a651"),
    TacticalSymbol(
        "observation_post", N_("Observation post"), "10032500001601000000",
        "friend, control measure (25), manoeuvre point: observation post/outpost (160100)", "#0066cc"),
    TacticalSymbol(
        "breach_point", N_("Breach point"), "10032500001312000000",
        "friend, control measure (25), passage point (131200): the lane where a team forces entry", "#0066cc"),
    TacticalSymbol(
        "cordon_entry_point", N_("Cordon entry control point"), "10032500001309000000",
        "friend, control measure (25), entry control point (130900): the one way through a cordon", "#0066cc"),
    TacticalSymbol(
        "rally_point", N_("Rally point"), "10032500001314000000",
        "friend, control measure (25), rally point (131400)", "#0066cc"),
]

TACTICAL_SYMBOLS: dict[str, TacticalSymbol] = {s.key: s for s in _SYMBOLS}


def tactical_symbol(key: str) -> TacticalSymbol:
    """The symbol for *key*; unknown keys raise ValueError naming the known ones."""
    try:
        return TACTICAL_SYMBOLS[key]
    except KeyError:
        raise ValueError(tr("unknown tactical symbol {key!r} (known: {value})").format(key=key, value=', '.join(TACTICAL_SYMBOLS))) from None
