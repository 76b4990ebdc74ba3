"""Every tactical symbol key maps to a SIDC that milsymbol draws as real SVG (never its red '?')."""

import xml.etree.ElementTree as ET

import pytest

from venueplans.model.symbol_drawing import render_symbol, symbol_svg
from venueplans.model.symbols import TACTICAL_SYMBOLS, tactical_symbol

REQUIRED = {"friendly_team", "hostile", "civilian", "hostage", "casualty_collection_point", "command_post",
            "breach_point", "observation_post"}


def test_the_symbols_trainers_need_are_there():
    assert REQUIRED <= set(TACTICAL_SYMBOLS)


@pytest.mark.parametrize("key", sorted(TACTICAL_SYMBOLS))
def test_each_symbol_renders_to_valid_svg(key):
    sym = TACTICAL_SYMBOLS[key]
    assert len(sym.sidc) == 20 and sym.sidc.isdigit() and sym.sidc.startswith("10")
    image = render_symbol(key, 60)
    root = ET.fromstring(image.svg)
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) >= 2  # something drawn, not an empty document
    assert 'fill="red">?</text>' not in image.svg
    assert image.width > 10 and image.height > 10
    assert 0 <= image.anchor[0] <= image.width and 0 <= image.anchor[1] <= image.height


def test_affiliation_is_in_the_code():
    assert tactical_symbol("friendly_team").sidc[3] == "3"  # friend
    assert tactical_symbol("hostile").sidc[3] == "6"  # hostile
    assert tactical_symbol("hostage").sidc[3] == "4"  # neutral


def test_a_sidc_can_be_drawn_directly_and_nonsense_is_refused():
    assert symbol_svg("10031000001211000000", 30).startswith("<svg")
    with pytest.raises(ValueError, match="neither a tactical symbol key"):
        symbol_svg("tank")
    with pytest.raises(ValueError, match="unknown tactical symbol"):
        tactical_symbol("tank")
