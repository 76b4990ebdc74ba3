"""The printable briefing: cover, exits and access points tables, then one plan sheet per storey.

Page order (what a team leafs through, most urgent first):
  1. cover: venue, kind, address, capacity, contacts, verification (or a red NOT VERIFIED), print date,
     source model, how to read the grid, contents;
  2. tables: every exit (number, storey, grid cell, width, leads to) and every access point (kind, label,
     storey, cell) — as many pages as the rows need (`table_pages`), one for a small venue;
  3. one landscape plan sheet per storey, lowest first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from venueplans.briefing.drawing import Drawing, Group, Style, Text, rectangle
from venueplans.briefing.fonts import fit_text
from venueplans.briefing.reflex_sheet import Contents, reflex_sheet
from venueplans.briefing.sheets import (
    GREEN,
    INK,
    MUTED,
    Paper,
    SheetContext,
    SheetLayout,
    paper,
    sheet_layout,
    storey_sheet,
)
from venueplans.briefing.site_plan import site_sheet
from venueplans.briefing.update_table import update_page
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.geometry.grid import ReferenceGrid
from venueplans.i18n import N_, format_date, format_datetime, format_length, tr
from venueplans.model import Feature
from venueplans.model.features import FEATURE_KINDS
from venueplans.model.venue import leads_to_text

# A drawing callback for a storey: (page, world->paper transform) -> None. The scenario hook.
Overlay = Callable[[Drawing, object], None]
# Draws a block on the cover at (x, y) across width mm and returns the y below it (a scenario's summary).
CoverBlock = Callable[[Drawing, float, float, float], float]
# Progress of a long build: (fraction 0..1, what is being drawn); may raise to cancel.
Progress = Callable[[float, str], None]
# World rectangle (west, south, east, north) the sheets must show besides the venue's grid.
Extent = tuple[float, float, float, float]


@dataclass
class Briefing:
    """The pages, and what each one is ("cover", "tables", "storey:<index>")."""

    pages: list[Drawing] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    layout: SheetLayout | None = None
    omitted: list[str] = field(default_factory=list)  # storeys left out: nothing to show at the cut

    def add(self, page: Drawing, role: str) -> None:
        self.pages.append(page)
        self.roles.append(role)


def plan_is_empty(plan) -> bool:
    """Nothing to show on this storey at the cut height (a bare roof): no page for it."""
    return plan.bounds() is None and not plan.features


def verification_text(vp: VenuePlans) -> str | None:
    v = vp.venue
    if v.verified_by and v.verified_on:
        return tr("Verified by {who} on {date}").format(who=v.verified_by, date=format_date(v.verified_on))
    return None


def source_text(vp: VenuePlans) -> str:
    s = vp.source
    if s is None:
        return tr("source: none recorded")
    schema = f" {s.schema}" if s.schema else ""
    return tr("source {file} ({format}, sha256 {digest})").format(file=s.file_name, format=f"{s.format}{schema}",
                                                                   digest=s.sha256[:12])


def access_features(features: Sequence[Feature]) -> list[Feature]:
    """Entrances, access points, gates, vehicle and roof accesses: what the access table lists."""
    chosen = [f for f in features if f.kind in FEATURE_KINDS and FEATURE_KINDS[f.kind].group == "access"]
    order = list(FEATURE_KINDS)
    return sorted(chosen, key=lambda f: (order.index(f.kind), f.number is None, f.number or 0, f.label))


def exit_features(features: Sequence[Feature]) -> list[Feature]:
    return sorted((f for f in features if f.kind == "exit"),
                  key=lambda f: (f.number is None, f.number or 0, f.storey or 0))


def briefing_layout(vp: VenuePlans, paper_name: str = "A4", *, extent: Extent | None = None) -> SheetLayout:
    """Where the plans go on the sheets: the venue's grid fitted to the page, or, with *extent*, the grid
    and that world rectangle (a scenario's cordon in the street). The grid and its cells stay the venue's."""
    g = vp.grid
    if extent is not None:  # a grid of the same cells covering both, used only to fit the page
        west, south = min(g.x0, extent[0]), min(g.y1, extent[1])
        east, north = max(g.x1, extent[2]), max(g.y0, extent[3])
        g = ReferenceGrid(west, north, g.cell, max(1, math.ceil((east - west) / g.cell - 1e-9)),
                          max(1, math.ceil((north - south) / g.cell - 1e-9)))
    return sheet_layout(g, paper(paper_name))


def build_briefing(
    vp: VenuePlans,
    *,
    paper_name: str = "A4",
    printed: datetime | None = None,
    overlays: Mapping[int, Sequence[Overlay]] | None = None,
    extent: Extent | None = None,
    cover_block: CoverBlock | None = None,
    progress: Progress | None = None,
    appendix: Sequence[tuple[Drawing, str, str]] = (),
) -> Briefing:
    """All pages of the briefing for the storeys in *vp*. *overlays* maps a storey index to callables
    that draw over that storey's plan (a scenario phase); *extent* widens the sheets to show it all;
    *cover_block* adds a block on the cover under the verification line. *progress* (fraction, what)
    is called before each page; it may raise to stop (a cancelled export). *appendix*: (page, role, contents
    title) pages put after the storey plans, before the update table (route cards)."""
    step = progress or (lambda _f, _m: None)
    p = paper(paper_name)
    stamp = format_datetime(printed or datetime.now())
    layout = briefing_layout(vp, paper_name, extent=extent)
    plans = [pl for pl in vp.plans if not plan_is_empty(pl)]
    omitted = [pl.storey.name for pl in vp.plans if plan_is_empty(pl)]
    tables = table_pages(vp, p)
    ctx = SheetContext(vp.venue.name, verification_text(vp), stamp, source_text(vp), len(vp.storeys), 0, 0)
    site = site_sheet(vp, layout, ctx)
    first_table = 2 + (site is not None)
    first_plan = first_table + len(tables)
    first_appendix = first_plan + len(plans)
    n_pages = first_appendix + len(appendix)  # the update table is the last page
    ctx.pages = n_pages
    contents = Contents([(tr("Reflex sheet"), 1)])
    if site is not None:
        contents.entries.append((tr("Site plan, faces A-D"), 2))
    if tables:
        contents.entries.append((tr("Exits and access points"), first_table))
    for i, plan in enumerate(plans):
        contents.entries.append((f"{plan.storey.name} ({format_length(plan.storey.elevation, 2, exact=True, signed=True)})",
                                 first_plan + i))
    for i, (_page, _role, title) in enumerate(appendix):
        contents.entries.append((title, first_appendix + i))
    contents.entries.append((tr("Update table, distribution"), n_pages))
    briefing = Briefing(layout=layout, omitted=omitted)
    briefing.add(reflex_sheet(vp, p, stamp, layout, contents, n_pages, block=cover_block,
                              table_page=first_table if tables else None, omitted=omitted), "cover")
    if site is not None:
        ctx.page = 2
        _renumber(site, 2, n_pages)
        briefing.add(site, "site")
    for i, page in enumerate(tables):
        _page_footer(page, p, stamp, vp, first_table + i, n_pages)
        briefing.add(page, "tables")
    for i, plan in enumerate(plans):
        step((i + 1) / (len(plans) + 1), tr("Drawing {storey}").format(storey=plan.storey.name))
        ctx.page = first_plan + i
        extra = (overlays or {}).get(plan.storey.index, ())
        briefing.add(storey_sheet(plan, vp.grid, layout, ctx, overlays=extra), f"storey:{plan.storey.index}")
    for i, (page, role, _title) in enumerate(appendix):
        _renumber(page, first_appendix + i, n_pages)
        briefing.add(page, role)
    briefing.add(update_page(vp, p, stamp, n_pages, n_pages), "updates")
    return briefing


def _renumber(page: Drawing, number: int, total: int) -> None:
    """Write the page number of a sheet drawn before the page count was known (drawn without one)."""
    m = 8.0 if page.width < 300 else 10.0
    page.add("frame", Text(page.width - m, page.height - m, tr("Page {page} / {pages}").format(page=number, pages=total),
                           size=7.5, bold=True, anchor="end"))


def single_storey_sheet(vp: VenuePlans, plan_index: int, *, paper_name: str = "A4",
                        printed: datetime | None = None, overlays: Sequence[Overlay] = (),
                        extent: Extent | None = None) -> Drawing:
    """The plan sheet of `vp.plans[plan_index]` alone (SVG / PNG export), without page numbers."""
    stamp = format_datetime(printed or datetime.now())
    ctx = SheetContext(vp.venue.name, verification_text(vp), stamp, source_text(vp), len(vp.storeys))
    return storey_sheet(vp.plans[plan_index], vp.grid, briefing_layout(vp, paper_name, extent=extent), ctx,
                        overlays=overlays)


# --- tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # fraction of the table width
    bold: bool = False


# Titles marked with N_ and translated when drawn; the English title stays the column's key.
EXIT_COLUMNS = (Column(N_("Exit"), 0.07, True), Column(N_("Cell"), 0.07, True), Column(N_("Storey"), 0.22),
                Column(N_("Width"), 0.08), Column(N_("Leads to"), 0.22), Column(N_("Name in the model"), 0.24),
                Column(N_("Review"), 0.10))
ACCESS_COLUMNS = (Column(N_("Kind"), 0.20, True), Column(N_("Code"), 0.08, True), Column(N_("Cell"), 0.07, True),
                  Column(N_("Storey"), 0.22), Column(N_("Label"), 0.33), Column(N_("Review"), 0.10))
ROW_H = 6.0
HEADER_H = 7.0
TITLE_H = 10.0


def _review(f: Feature) -> str:
    return {True: tr("confirmed"), None: tr("not reviewed")}.get(f.verified, tr("rejected"))


def exit_rows(vp: VenuePlans) -> list[list[str]]:
    return [
        [str(f.number) if f.number is not None else "-", vp.cell_of(f), vp.storey_name(f.storey),
         format_length(f.width, 2, exact=True) if f.width else "-", leads_to_text(f.leads_to) or "-", f.label or "-", _review(f)]
        for f in exit_features(vp.features)
    ]


def access_rows(vp: VenuePlans) -> list[list[str]]:
    rows = []
    for f in access_features(vp.features):
        fk = FEATURE_KINDS[f.kind]
        code = fk.code + (str(f.number) if f.number is not None and fk.numbered else "")
        rows.append([fk.title, code, vp.cell_of(f), vp.storey_name(f.storey), f.label or "-", _review(f)])
    return rows


def table_pages(vp: VenuePlans, p: Paper) -> list[Drawing]:
    """The exits table then the access points table, flowed over as many pages as needed."""
    sections = [(tr("Exits"), EXIT_COLUMNS, exit_rows(vp), tr("no exits recorded")),
                (tr("Access points"), ACCESS_COLUMNS, access_rows(vp), tr("no access points recorded"))]
    pages: list[Drawing] = []
    top = p.margin + 6
    bottom = p.height - p.margin - p.footer
    page, y = None, bottom  # forces a first page
    for title, columns, rows, empty in sections:
        pending = rows or [None]
        first = True
        while pending:
            if page is None or y + TITLE_H + HEADER_H + ROW_H > bottom:
                page = Drawing(p.width, p.height, title=tr("{venue} - exits and access points").format(venue=vp.venue.name))
                page.add("frame", Text(p.margin, p.margin + 4, vp.venue.name, size=11, bold=True))
                pages.append(page)
                y = top + 4
            heading = f"{title} ({len(rows)})" if first else tr("{title} (continued)").format(title=title)
            page.add("frame", Text(p.margin, y + 6, heading, size=12, bold=True))
            y += TITLE_H
            y = _table_header(page, p, columns, y)
            while pending and y + ROW_H <= bottom:
                row = pending.pop(0)
                if row is None:
                    page.add("frame", Text(p.margin + 2, y + 4.2, empty, size=9, colour=MUTED))
                else:
                    _table_row(page, p, columns, row, y, len(pending) % 2 == 1)
                y += ROW_H
            first = False
            y += 6
    return pages


def _table_header(page: Drawing, p: Paper, columns: Sequence[Column], y: float) -> float:
    width = p.width - 2 * p.margin
    page.add("frame", rectangle(p.margin, y, width, HEADER_H, Style(stroke=None, fill="#1f2a36")))
    x = p.margin
    for col in columns:
        page.add("frame", Text(x + 2, y + 4.8, tr(col.title), size=8.5, bold=True, colour="#ffffff"))
        x += col.width * width
    return y + HEADER_H


def _table_row(page: Drawing, p: Paper, columns: Sequence[Column], row: Sequence[str], y: float,
               shaded: bool) -> None:
    width = p.width - 2 * p.margin
    items = []
    if shaded:
        items.append(rectangle(p.margin, y, width, ROW_H, Style(stroke=None, fill="#f1f3f5")))
    x = p.margin
    for col, value in zip(columns, row, strict=True):
        w = col.width * width
        colour = GREEN if col is EXIT_COLUMNS[0] else INK
        items.append(Text(x + 2, y + 4.2, fit_text(value, 9, w - 3, bold=col.bold), size=9, bold=col.bold,
                          colour=colour))
        x += w
    page.add("frame", Group(items, {"kind": "table_row", "table": columns[0].title}))


def _page_footer(page: Drawing, p: Paper, stamp: str, vp: VenuePlans, number: int, total: int) -> None:
    y = p.height - p.margin
    page.add("frame", Text(p.margin, y, tr("Printed {date}   ·   {source}   ·   grid cells {cell}, same on every "
                                           "storey").format(date=stamp, source=source_text(vp),
                                                            cell=format_length(vp.grid.cell)),
                           size=7, colour=MUTED))
    page.add("frame", Text(p.width - p.margin, y, tr("Page {number} / {total}").format(number=number, total=total),
                           size=7.5, bold=True, anchor="end"))
