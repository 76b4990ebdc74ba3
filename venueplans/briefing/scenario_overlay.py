"""A scenario phase on the printed plans (the public names, gathered from the modules that draw it).

- `milsymbol_svg`: milsymbol's SVG as vector items (`symbol_items`, `path_rings`, `svg_items`);
- `placement`: where symbols and labels go on a crowded sheet (`item_box`, `Placer`);
- `scenario_storey`: one storey's areas, routes, tracks, markers and notes;
- `scenario_print`: the phase's page furniture (cover block, banner, legend) and the catalogue read.

    sp = load_scenario_print(cat, venue_id, scenario="Night exercise", phase="Entry")
    briefing = scenario_briefing(vp, sp)                  # or scenario_sheet(vp, i, sp) for one storey
"""

from venueplans.briefing.milsymbol_svg import SYMBOL_MM, path_rings, svg_items, symbol_items
from venueplans.briefing.placement import Box, Placer, item_box
from venueplans.briefing.scenario_print import (
    ScenarioNotFound,
    ScenarioPrint,
    load_scenario_print,
    scenario_briefing,
    scenario_extent,
    scenario_sheet,
)
from venueplans.briefing.scenario_storey import SheetRecord, StoreyOverlay
from venueplans.briefing.text_wrap import wrap

__all__ = [
    "SYMBOL_MM", "Box", "Placer", "ScenarioNotFound", "ScenarioPrint", "SheetRecord", "StoreyOverlay", "item_box",
    "load_scenario_print", "path_rings", "scenario_briefing", "scenario_extent", "scenario_sheet", "svg_items",
    "symbol_items", "wrap",
]
