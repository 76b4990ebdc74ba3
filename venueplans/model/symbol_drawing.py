"""Tactical symbols as SVG, drawn by milsymbol (a Python port of milsymbol.js, MIL-STD-2525 / APP-6).

The 3D viewer, the scenario editor's palette and the printed briefing all draw the same symbol for a
marker: give `symbol_svg` one of our keys ("friendly_team", "hostile"...) or any SIDC milsymbol knows.
`render_symbol` also returns the symbol's *anchor*: the pixel that sits on the marker's position
(the centre of a unit frame, the tip of a control-measure pin).

It sits in `model`, the lowest layer, because the 3D view (render), the printed plan (briefing) and
the Qt palette (ui) all draw from it, and render and briefing may not import each other. It is pure
Python (milsymbol produces SVG text): no Qt, no VTK, no catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from milsymbol import Symbol

from venueplans.i18n import tr
from venueplans.model.symbols import TACTICAL_SYMBOLS


@dataclass(frozen=True, slots=True)
class SymbolImage:
    svg: str
    width: float  # pixels
    height: float
    anchor: tuple[float, float]  # pixel of the SVG that marks the position on the plan


def sidc_for(key_or_sidc: str) -> str:
    """The SIDC of one of our symbol keys, or *key_or_sidc* itself when it is already a SIDC."""
    sym = TACTICAL_SYMBOLS.get(key_or_sidc)
    return sym.sidc if sym else str(key_or_sidc).strip()


@lru_cache(maxsize=256)
def render_symbol(key_or_sidc: str, size: float = 40.0) -> SymbolImage:
    """Draw a symbol key or SIDC; *size* is milsymbol's size (the frame is about that many pixels).

    Unknown keys and SIDCs milsymbol cannot draw raise ValueError (milsymbol itself would return a
    red question mark, which must never reach a printed plan).
    """
    sidc = sidc_for(key_or_sidc)
    if not sidc:
        raise ValueError(tr("no tactical symbol given"))
    sym = Symbol(sidc, size=size)
    if not sym.is_valid():
        known = ", ".join(TACTICAL_SYMBOLS)
        raise ValueError(tr("{key_or_sidc!r} is neither a tactical symbol key ({known}) nor a SIDC milsymbol can draw").format(key_or_sidc=key_or_sidc, known=known))
    dims, anchor = sym.get_size(), sym.get_anchor()
    return SymbolImage(sym.as_svg(), float(dims["width"]), float(dims["height"]),
                       (float(anchor["x"]), float(anchor["y"])))


def symbol_svg(key_or_sidc: str, size: float = 40.0) -> str:
    """SVG text of a symbol key ("hostile") or SIDC ("10062700001103010000")."""
    return render_symbol(key_or_sidc, size).svg
