"""Fonts for printed plans: one sans-serif family, regular and bold, that covers French (and more).

DejaVu Sans is used when a copy is found (Linux systems, matplotlib's bundled copy) and embedded in the
PDF, so accents and most European letters print everywhere; otherwise reportlab's built-in Helvetica,
whose WinAnsi encoding still covers French (é è à ç œ « »). Text widths come from the same metrics the
PDF uses, so labels measured for fitting are the labels printed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from venueplans.briefing.drawing import PT

SVG_FONT_FAMILY = "'DejaVu Sans', Helvetica, Arial, sans-serif"

_CANDIDATE_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/Library/Fonts",
)


@dataclass(frozen=True)
class FontPair:
    regular: str
    bold: str

    def name(self, bold: bool) -> str:
        return self.bold if bold else self.regular


def _find_dejavu() -> tuple[Path, Path] | None:
    for d in _font_dirs():
        regular, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _font_dirs():
    """The system's font folders, then matplotlib's bundled copy: imported only when the system has no
    DejaVu (importing matplotlib holds the GIL ~0.3 s, which froze the window while a plan was built)."""
    yield from (Path(d) for d in _CANDIDATE_DIRS)
    try:  # matplotlib ships DejaVu Sans; use it when present, never require it
        import matplotlib

        yield Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    except Exception:  # noqa: BLE001 - optional
        pass


@functools.cache
def plan_fonts() -> FontPair:
    """The registered font pair (registered with reportlab on first use)."""
    from reportlab.pdfbase import pdfmetrics  # on first use: the desktop app's window needs no reportlab

    found = _find_dejavu()
    if found:
        from reportlab.pdfbase.ttfonts import TTFont

        try:
            pdfmetrics.registerFont(TTFont("VP-Sans", str(found[0])))
            pdfmetrics.registerFont(TTFont("VP-Sans-Bold", str(found[1])))
            return FontPair("VP-Sans", "VP-Sans-Bold")
        except Exception:  # noqa: BLE001 - a damaged font file: fall back on the built-in font
            pass
    return FontPair("Helvetica", "Helvetica-Bold")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in millimetres of *text* at *size* points."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, plan_fonts().name(bold), size) * PT


def fit_text(text: str, size: float, max_width: float, *, bold: bool = False) -> str:
    """*text* shortened with an ellipsis to fit *max_width* millimetres. The cut is found by bisection
    (widths grow with the prefix), so a 100,000-character name costs a few measures, not 100,000."""
    if text_width(text, size, bold=bold) <= max_width:
        return text
    lo, hi = 0, len(text)  # the longest prefix that fits with the ellipsis is in [lo, hi)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid] + "…", size, bold=bold) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    text = text[:lo]
    return (text.rstrip() + "…") if text else ""
