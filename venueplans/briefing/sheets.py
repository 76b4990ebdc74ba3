"""The storey sheet: one landscape page per storey, laid out like a pre-incident plan.

    +--------------------------------------------------------------+-------------------+
    | Venue name                                   NOT VERIFIED     |                   |
    | Storey name, elevation, cut height                            |                   |
    +--------------------------------------------------------------+-------------------+
    |    A    B    C    D  ...                                     | N   1:500  |---|  |
    |  1 +----+----+----+---                                    1  | Exits here        |
    |  2 |    plan, north up, fitted to the page                 2  |  (4) C7 1.8 m ... |
    |  ...                                                         | Legend            |
    |    A    B    C    D  ...                                     |                   |
    +--------------------------------------------------------------+-------------------+
    | printed ..., source ...                                              page 3 / 7  |

Every storey of a venue is printed at the same scale and position, with the same grid, so pages can be
laid on top of each other and C7 is C7 on every floor. Column letters run along the top and bottom,
row numbers down both sides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from venueplans.briefing import symbols
from venueplans.briefing.drawing import Drawing, Group, Path, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.plan_drawing import (
    DOOR,
    FLOOR,
    GLASS,
    SEATING,
    SPACE,
    STAIR_ARROW,
    STAIR_OUTLINE,
    WALL,
    WINDOW,
    Occupancy,
    draw_plan,
)
from venueplans.briefing.transform import PaperTransform, choose_scale, nice_length
from venueplans.briefing.ways_out import draw_ways_out
from venueplans.geometry.grid import ReferenceGrid
from venueplans.geometry.plan2d import StoreyPlan
from venueplans.i18n import format_length, format_number, tr, tr_n
from venueplans.model.features import FEATURE_KINDS
from venueplans.model.venue import leads_to_text

INK = "#1a1a1a"
MUTED = "#5a5a5a"
RED = "#c8102e"
GREEN = FEATURE_KINDS["exit"].colour


@dataclass(frozen=True)
class Paper:
    """A landscape sheet and the proportions of its page furniture (millimetres)."""

    name: str
    width: float
    height: float
    margin: float
    header: float
    footer: float
    panel: float  # width of the right-hand panel
    label_band: float  # room for the grid letters / numbers around the plan


PAPERS = {
    "A4": Paper("A4", 297.0, 210.0, 8.0, 15.0, 7.0, 64.0, 5.0),
    "A3": Paper("A3", 420.0, 297.0, 10.0, 17.0, 8.0, 80.0, 6.0),
}


def paper(name: str) -> Paper:
    try:
        return PAPERS[name.upper()]
    except KeyError:
        raise ValueError(f"unknown paper size {name!r} (one of {', '.join(PAPERS)})") from None


@dataclass(frozen=True)
class SheetLayout:
    """Where the plan goes on the sheet, and at what scale: the same for every storey of a venue."""

    paper: Paper
    transform: PaperTransform
    plan_box: tuple[float, float, float, float]  # x0, y0, x1, y1 of the area left of the panel
    panel_box: tuple[float, float, float, float]


def sheet_layout(grid: ReferenceGrid, p: Paper) -> SheetLayout:
    """Fit the grid (and so the venue) into the plan area at a nice scale, centred."""
    x0 = p.margin
    y0 = p.margin + p.header
    x1 = p.width - p.margin - p.panel - 3.0
    y1 = p.height - p.margin - p.footer
    band = p.label_band
    avail_w, avail_h = (x1 - x0) - 2 * band, (y1 - y0) - 2 * band
    gw, gh = grid.columns * grid.cell, grid.rows * grid.cell
    scale = choose_scale(gw, gh, avail_w, avail_h)
    k = 1000.0 / scale
    ox = x0 + band + (avail_w - gw * k) / 2
    oy = y0 + band + (avail_h - gh * k) / 2
    return SheetLayout(
        p, PaperTransform(grid.x0, grid.y0, ox, oy, k), (x0, y0, x1, y1),
        (p.width - p.margin - p.panel, y0, p.width - p.margin, y1),
    )


@dataclass
class SheetContext:
    """What the page furniture prints besides the plan."""

    venue_name: str
    verified: str | None  # "Verified by X on D", or None: NOT VERIFIED
    printed: str
    source: str
    storey_count: int
    page: int = 0
    pages: int = 0


def storey_sheet(plan: StoreyPlan, grid: ReferenceGrid, layout: SheetLayout, ctx: SheetContext,
                 *, overlays=()) -> Drawing:
    """The page for one storey. *overlays* are callables (drawing, transform) -> None drawn over the plan
    into the "scenario" layer: the hook for a scenario phase's annotations."""
    p = layout.paper
    storey = plan.storey
    d = Drawing(p.width, p.height, title=f"{ctx.venue_name} - {storey.name}")
    t = layout.transform
    draw_plan(d, plan, t, grid=grid, occupancy=Occupancy())
    for overlay in overlays:
        overlay(d, t)
    _grid_labels(d, grid, t, p)
    _header(d, p, ctx, plan)
    _panel(d, layout, plan, grid)
    _footer(d, p, ctx)
    return d


def _grid_labels(d: Drawing, grid: ReferenceGrid, t: PaperTransform, p: Paper) -> None:
    x0, y0 = t.point(grid.x0, grid.y0)
    x1, y1 = t.point(grid.x1, grid.y1)
    cell_mm = grid.cell * t.mm_per_m
    size = 8.5 if cell_mm >= 6 else 6.5
    gap = p.label_band / 2
    items = []
    for c in range(grid.columns):
        cx = x0 + (c + 0.5) * cell_mm
        label = grid.column_label(c)
        items.append(Text(cx, y0 - gap, label, size=size, bold=True, anchor="middle", baseline="middle"))
        items.append(Text(cx, y1 + gap, label, size=size, bold=True, anchor="middle", baseline="middle"))
    for r in range(grid.rows):
        cy = y0 + (r + 0.5) * cell_mm
        label = grid.row_label(r)
        items.append(Text(x0 - gap, cy, label, size=size, bold=True, anchor="middle", baseline="middle"))
        items.append(Text(x1 + gap, cy, label, size=size, bold=True, anchor="middle", baseline="middle"))
    d.add("frame", Group(items, {"kind": "grid_labels", "cell_m": grid.cell}))


def _header(d: Drawing, p: Paper, ctx: SheetContext, plan: StoreyPlan) -> None:
    s = plan.storey
    x, y = p.margin, p.margin
    d.add("frame", Text(x, y + 5.5, ctx.venue_name, size=15, bold=True))
    sub = tr("Storey {number} of {count}: {name}   ·   elevation {elevation}   ·   plan cut {cut} above "
             "floor").format(number=s.index + 1, count=ctx.storey_count, name=s.name,
                             elevation=format_length(s.elevation, 2, exact=True, signed=True),
                             cut=format_length(plan.cut_height, 2, exact=True))
    d.add("frame", Text(x, y + 11.5, sub, size=9.5, colour=MUTED))
    _verification_box(d, p.width - p.margin, y + 0.5, ctx.verified)
    d.add("frame", polyline([(p.margin, y + p.header - 1), (p.width - p.margin, y + p.header - 1)],
                            Style(stroke=INK, width=0.4)))


def _verification_box(d: Drawing, right: float, top: float, verified: str | None) -> None:
    if verified:
        text, size = verified, 8.5
        w = text_width(text, size, bold=True) + 6
        d.add("frame", Group([rectangle(right - w, top, w, 7.5, Style(stroke=GREEN, width=0.5, fill="#ffffff")),
                              Text(right - w / 2, top + 3.75, text, size=size, colour=GREEN, bold=True,
                                   anchor="middle", baseline="middle")], {"kind": "verification", "verified": True}))
    else:
        text, size = tr("NOT VERIFIED"), 11
        w = text_width(text, size, bold=True) + 8
        d.add("frame", Group([rectangle(right - w, top, w, 8.0, Style(stroke=None, fill=RED)),
                              Text(right - w / 2, top + 4.0, text, size=size, colour="#ffffff", bold=True,
                                   anchor="middle", baseline="middle")], {"kind": "verification", "verified": False}))


def _footer(d: Drawing, p: Paper, ctx: SheetContext) -> None:
    y = p.height - p.margin
    d.add("frame", Text(p.margin, y, fit_text(tr("Printed {date}   ·   {source}   ·   venueplans").format(date=ctx.printed, source=ctx.source), 7,
                                              p.width - 2 * p.margin - 30), size=7, colour=MUTED))
    if ctx.pages:
        d.add("frame", Text(p.width - p.margin, y, tr("Page {number} / {total}").format(number=ctx.page, total=ctx.pages), size=7.5, bold=True,
                            anchor="end"))


def _panel(d: Drawing, layout: SheetLayout, plan: StoreyPlan, grid: ReferenceGrid) -> None:
    x0, y0, x1, y1 = layout.panel_box
    w = x1 - x0
    y = scale_block(d, layout, grid)
    y = _exit_list(d, plan, grid, x0, y, w, y1 - 62)
    y = draw_ways_out(d, plan, x0, y, w, y1 - 50)
    _legend(d, plan, x0, y + 3, w, y1)


def scale_block(d: Drawing, layout: SheetLayout, grid: ReferenceGrid) -> float:
    """The panel's north arrow, scale, scale bar and cell size; returns the y below them."""
    x0, y0, x1, y1 = layout.panel_box
    t = layout.transform
    w = x1 - x0
    d.add("frame", polyline([(x0 - 1.5, y0), (x0 - 1.5, y1)], Style(stroke="#b0b0b0", width=0.25)))
    # North arrow and scale.
    d.add("frame", symbols.north_arrow(x0 + 6, y0 + 10, 11))
    d.add("frame", Text(x0 + 15, y0 + 6, tr("Scale 1:{scale:g}").format(scale=t.scale), size=9, bold=True))
    d.add("frame", Text(x0 + 15, y0 + 10, tr("on {paper}, printed at 100 %").format(paper=layout.paper.name), size=6.5, colour=MUTED))
    bar_m = nice_length((w - 20) / t.mm_per_m)
    d.add("frame", symbols.scale_bar(x0 + 15, y0 + 12.5, bar_m, t.mm_per_m, segments=4 if bar_m * t.mm_per_m > 20 else 2))
    d.add("frame", Text(x0 + 15, y0 + 22.5, tr("Grid cells {cell}").format(cell=format_length(grid.cell)), size=6.5, colour=MUTED))
    return y0 + 30


def _exit_list(d: Drawing, plan: StoreyPlan, grid: ReferenceGrid, x: float, y: float, w: float,
               bottom: float) -> float:
    exits = sorted((f for f in plan.features if f.kind == "exit"), key=lambda f: (f.number is None, f.number or 0))
    d.add("frame", Text(x, y, tr("Exits on this storey ({count})").format(count=len(exits)), size=9, bold=True))
    y += 2.5
    row = 6.2
    shown = 0
    for f in exits:
        if y + row > bottom and shown < len(exits):
            remaining = len(exits) - shown
            d.add("frame", Text(x, y + 4, tr("+ {count} more: see the exits table").format(count=remaining), size=7, colour=MUTED))
            return y + row
        cy = y + row / 2
        badge = symbols.exit_badge(x + 2.6, cy, f.number, None, radius=2.5)
        badge[-1].size = 7 if f.number is not None and f.number < 100 else 5.5
        cell = grid.cell_of(f.position[0], f.position[1])
        detail = " ".join(p for p in (format_length(f.width, 2, exact=True) if f.width else "",
                                     tr("to {place}").format(place=leads_to_text(f.leads_to)) if f.leads_to else "")
                          if p)
        items = [*badge, Text(x + 7, cy, cell, size=8.5, bold=True, baseline="middle")]
        text = fit_text(detail or (f.label or ""), 7, w - 19)
        items.append(Text(x + 18, cy, text, size=7, colour=MUTED, baseline="middle"))
        d.add("frame", Group(items, {"kind": "exit_row", "number": f.number, "cell": cell}))
        y += row
        shown += 1
    if not exits:
        d.add("frame", Text(x, y + 4, tr("none on this storey"), size=7, colour=MUTED))
        y += row
    return y + 2


def _legend(d: Drawing, plan: StoreyPlan, x: float, y: float, w: float, bottom: float) -> None:
    d.add("frame", Text(x, y, tr("Legend"), size=9, bold=True))
    y += 2.0
    row = 5.2
    entries: list[tuple[list, str]] = []
    sw = 7.0  # swatch width

    def swatch(style: Style):
        return lambda cx, cy: [rectangle(cx - sw / 2, cy - 1.6, sw, 3.2, style)]

    kinds_present = []
    for f in plan.features:
        if f.kind not in kinds_present:
            kinds_present.append(f.kind)
    if "exit" in kinds_present:
        entries.append((lambda cx, cy: symbols.exit_badge(cx, cy, None, (1.0, 0.0), radius=2.2)[:2] +
                        [Text(cx, cy, "n", size=6, colour="#ffffff", bold=True, anchor="middle", baseline="middle")],
                        tr("Exit n, arrow: the way out")))
    for kind in kinds_present:
        fk = FEATURE_KINDS.get(kind)
        if fk is None or kind in ("exit", "stair"):
            continue
        make, hw, hh = symbols.feature_symbol(kind, None)
        k = min(1.0, 3.6 / max(2 * hh, 1e-6), 7.0 / max(2 * hw, 1e-6))  # fitted to the row, same drawing
        entries.append((lambda cx, cy, make=make, k=k: _scaled(make(0.0, 0.0), k, cx, cy), fk.title))
    entries.append((swatch(WALL), tr("Wall (cut)")))
    if plan.doors:
        entries.append((lambda cx, cy: [polyline([(cx - sw / 2, cy + 1.5), (cx - sw / 2, cy - 1.8)], DOOR),
                                        Path([symbols.swing_arc((cx - sw / 2, cy + 1.5), (1, 0), (0, -1), 3.3)],
                                             Style(stroke=INK, width=0.12), closed=False)], tr("Door and swing")))
    if plan.windows:
        entries.append((lambda cx, cy: [rectangle(cx - sw / 2, cy - 0.8, sw, 1.6, WINDOW),
                                        polyline([(cx - sw / 2, cy), (cx + sw / 2, cy)], GLASS)], tr("Window")))
    if plan.stairs:
        entries.append((lambda cx, cy: [rectangle(cx - sw / 2, cy - 1.6, sw, 3.2, STAIR_OUTLINE)] +
                        symbols.arrow(np.array([[cx - sw / 2 + 0.8, cy], [cx + sw / 2 - 0.5, cy]]), STAIR_ARROW,
                                      width=0.35, head=1.5), tr("Stair, arrow going up")))
    if plan.seating:
        entries.append((swatch(SEATING), tr_n("Seating block ({count} seat)", "Seating block ({count} seats)",
                                                     plan.seats).format(count=format_number(plan.seats, 0))))
    if plan.spaces:
        entries.append((swatch(Style(stroke=SPACE.stroke, width=SPACE.width, fill="#ffffff")), tr("Room: number, name")))
    if not plan.floor.is_empty:
        entries.append((swatch(Style(stroke="#d0ccc4", width=0.15, fill=FLOOR.fill)), tr("Floor")))
    for make, label in entries:
        if y + row > bottom:
            break
        cy = y + row / 2
        items = make(x + 4, cy)
        items.append(Text(x + 10, cy, fit_text(label, 7, w - 11), size=7, baseline="middle"))
        d.add("frame", Group(items, {"kind": "legend"}))
        y += row



def _scaled(items: list, k: float, dx: float, dy: float) -> list:
    """Symbol items drawn at the origin, scaled by *k* and moved to (dx, dy) (legend rows)."""
    from venueplans.briefing.milsymbol_svg import moved

    return [moved(i, k, dx, dy) for i in items]
