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

from venueplans.briefing.drawing import Drawing, Group, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.sheets import (
    GREEN,
    INK,
    MUTED,
    RED,
    Paper,
    SheetContext,
    SheetLayout,
    paper,
    sheet_layout,
    storey_sheet,
)
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.geometry.grid import ReferenceGrid
from venueplans.i18n import N_, format_date, format_datetime, format_length, format_number, tr
from venueplans.model import VENUE_KIND_LABELS, Feature
from venueplans.model.features import FEATURE_KINDS
from venueplans.model.venue import leads_to_text

# A drawing callback for a storey: (page, world->paper transform) -> None. The scenario hook.
Overlay = Callable[[Drawing, object], None]
# Draws a block on the cover at (x, y) across width mm and returns the y below it (a scenario's summary).
CoverBlock = Callable[[Drawing, float, float, float], float]
# World rectangle (west, south, east, north) the sheets must show besides the venue's grid.
Extent = tuple[float, float, float, float]


@dataclass
class Briefing:
    """The pages, and what each one is ("cover", "tables", "storey:<index>")."""

    pages: list[Drawing] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    layout: SheetLayout | None = None

    def add(self, page: Drawing, role: str) -> None:
        self.pages.append(page)
        self.roles.append(role)


def verification_text(vp: VenuePlans) -> str | None:
    v = vp.venue
    if v.verified_by and v.verified_on:
        return tr("Verified by {who} on {date}").format(who=v.verified_by, date=format_date(v.verified_on))
    return None


def source_text(vp: VenuePlans) -> str:
    s = vp.source
    if s is None:
        return tr("source: none recorded")
    return tr("source {model}").format(model=source_model_text(vp))


def source_model_text(vp: VenuePlans) -> str:
    """The source model in short: file (format schema, sha256 prefix)."""
    s = vp.source
    if s is None:
        return tr("none recorded")
    schema = f" {s.schema}" if s.schema else ""
    return f"{s.file_name} ({s.format}{schema}, sha256 {s.sha256[:12]})"


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
) -> Briefing:
    """All pages of the briefing for the storeys in *vp*. *overlays* maps a storey index to callables
    that draw over that storey's plan (a scenario phase); *extent* widens the sheets to show it all;
    *cover_block* adds a block on the cover under the verification line."""
    p = paper(paper_name)
    stamp = format_datetime(printed or datetime.now())
    layout = briefing_layout(vp, paper_name, extent=extent)
    tables = table_pages(vp, p)
    n_pages = 1 + len(tables) + len(vp.plans)
    briefing = Briefing(layout=layout)
    briefing.add(cover_page(vp, p, stamp, n_pages, len(tables), layout, cover_block), "cover")
    for i, page in enumerate(tables):
        _page_footer(page, p, stamp, vp, 2 + i, n_pages)
        briefing.add(page, "tables")
    ctx = SheetContext(vp.venue.name, verification_text(vp), stamp, source_text(vp), len(vp.storeys), 0, n_pages)
    for i, plan in enumerate(vp.plans):
        ctx.page = 2 + len(tables) + i
        extra = (overlays or {}).get(plan.storey.index, ())
        briefing.add(storey_sheet(plan, vp.grid, layout, ctx, overlays=extra), f"storey:{plan.storey.index}")
    return briefing


def single_storey_sheet(vp: VenuePlans, plan_index: int, *, paper_name: str = "A4",
                        printed: datetime | None = None, overlays: Sequence[Overlay] = (),
                        extent: Extent | None = None) -> Drawing:
    """The plan sheet of `vp.plans[plan_index]` alone (SVG / PNG export), without page numbers."""
    stamp = format_datetime(printed or datetime.now())
    ctx = SheetContext(vp.venue.name, verification_text(vp), stamp, source_text(vp), len(vp.storeys))
    return storey_sheet(vp.plans[plan_index], vp.grid, briefing_layout(vp, paper_name, extent=extent), ctx,
                        overlays=overlays)


# --- cover ----------------------------------------------------------------------------------------


def cover_page(vp: VenuePlans, p: Paper, stamp: str, n_pages: int, n_table_pages: int,
               layout: SheetLayout, block: CoverBlock | None = None) -> Drawing:
    v = vp.venue
    d = Drawing(p.width, p.height, title=tr("{venue} - briefing").format(venue=v.name))
    m = p.margin
    d.add("frame", rectangle(0, 0, p.width, 24, Style(stroke=None, fill="#1f2a36")))
    d.add("frame", Text(m + 2, 15, tr("PRE-INCIDENT PLAN  ·  TACTICAL BRIEFING"), size=13, bold=True, colour="#ffffff"))
    d.add("frame", Text(p.width - m - 2, 15, tr("Printed {date}").format(date=stamp), size=9, colour="#ffffff", anchor="end"))
    y = 42
    d.add("frame", Text(m + 2, y, fit_text(v.name, 28, p.width - 2 * m), size=28, bold=True))
    kind = tr(VENUE_KIND_LABELS.get(v.kind, v.kind)).capitalize() if v.kind else ""
    where = ", ".join(x for x in (v.address, v.city) if x)
    y += 10
    d.add("frame", Text(m + 2, y, "  ·  ".join(x for x in (kind, where) if x) or "-", size=12, colour=MUTED))

    # Verification: the first thing after the name, impossible to miss when missing.
    y += 8
    verified = verification_text(vp)
    box_w = p.width - 2 * m - 4
    if verified:
        d.add("frame", rectangle(m + 2, y, box_w, 11, Style(stroke=GREEN, width=0.8, fill="#eef8f1")))
        d.add("frame", Text(m + 7, y + 7.3, verified, size=12, bold=True, colour=GREEN))
    else:
        d.add("frame", rectangle(m + 2, y, box_w, 11, Style(stroke=None, fill=RED)))
        d.add("frame", Text(m + 7, y + 7.5, tr("NOT VERIFIED"), size=14, bold=True, colour="#ffffff"))
        d.add("frame", Text(m + 52, y + 7.3, tr("drawn from the building model; not checked on site by anyone"),
                            size=9.5, colour="#ffffff"))
    y += 19
    if block is not None:
        y = block(d, m + 2, y, box_w) + 4

    exits = exit_features(vp.features)
    access = access_features(vp.features)
    seats = sum(pl.seats for pl in vp.plans)
    col1 = m + 2
    col2 = m + 2 + (p.width - 2 * m) * 0.52
    facts = [
        (tr("Capacity"), _count(v.capacity) if v.capacity else tr("not recorded")),
        (tr("Storeys"), f"{len(vp.storeys)}" + (tr(" (this briefing: {count})").format(count=len(vp.plans))
                                                if len(vp.plans) != len(vp.storeys) else "")),
        (tr("Exits"), tr("{count} numbered on the plans (green)").format(count=len(exits))),
        (tr("Access points"), tr("{count} (blue)").format(count=len(access))),
    ]
    if seats:
        facts.append((tr("Seats on the plans"), _count(seats)))
    facts.append((tr("Source model"), source_model_text(vp)))
    if v.updated:
        facts.append((tr("Catalogue entry updated"), format_datetime(v.updated)))
    y1 = _fact_rows(d, col1, y, facts, col2 - col1 - 6)
    contacts = [ln.strip() for ln in (v.contacts or "").splitlines() if ln.strip()]
    d.add("frame", Text(col2, y, tr("Contacts"), size=10, bold=True))
    cy = y + 5.5
    for line in contacts[:8] or [tr("none recorded")]:
        d.add("frame", Text(col2, cy, fit_text(line, 9.5, p.width - m - col2), size=9.5,
                            colour=INK if contacts else MUTED))
        cy += 5
    y = max(y1, cy) + 6

    grid = vp.grid
    d.add("frame", Text(col1, y, tr("Reading the plans"), size=10, bold=True))
    y += 5.5
    last_col = grid.column_label(grid.columns - 1)
    notes = [
        tr("Grid of {cell} cells: columns A-{last} from west to east, rows 1-{rows} from north to south. "
           "The grid is the same on every storey: \"exit 4, cell C7\" names one place.").format(
            cell=format_length(grid.cell), last=last_col, rows=grid.rows),
        tr("North is up on every plan. Scale 1:{scale:g} on {paper}, printed at 100 %.").format(
            scale=layout.transform.scale, paper=p.name),
        tr("Exits are green discs with their number; the arrow points the way out. Access points are blue."),
    ]
    for line in notes:
        d.add("frame", Text(col1, y, fit_text(line, 9, p.width - 2 * m - 4), size=9))
        y += 5
    y += 4
    d.add("frame", Text(col1, y, tr("Contents"), size=10, bold=True))
    y += 5.5
    entries = [(tr("Exits and access points"), 2)] if n_table_pages else []
    for i, plan in enumerate(vp.plans):
        s = plan.storey
        entries.append((tr("Storey {number}: {name} (elevation {elevation})").format(
            number=s.index + 1, name=s.name, elevation=format_length(s.elevation, 2, exact=True, signed=True)),
            2 + n_table_pages + i))
    for label, page in entries:
        if y > p.height - m - 12:
            d.add("frame", Text(col1, y, "...", size=9))
            break
        d.add("frame", Text(col1, y, fit_text(label, 9, 150), size=9))
        d.add("frame", polyline([(col1 + text_width(fit_text(label, 9, 150), 9) + 2, y), (col1 + 168, y)],
                                Style(stroke="#b0b0b0", width=0.2, dash=(0.5, 1.0))))
        d.add("frame", Text(col1 + 175, y, tr("page {number}").format(number=page), size=9, anchor="end"))
        y += 5
    d.add("frame", Text(p.width - m, p.height - m, tr("Page {number} / {total}").format(number=1, total=n_pages), size=7.5, bold=True, anchor="end"))
    d.add("frame", Text(m, p.height - m, tr("venueplans  ·  keep with the operation order; "
                                            "check the verification date before use"), size=7, colour=MUTED))
    return d


def _count(n: int) -> str:
    return format_number(n, 0)


def _fact_rows(d: Drawing, x: float, y: float, facts: Sequence[tuple[str, str]], width: float) -> float:
    for label, value in facts:
        d.add("frame", Text(x, y, label, size=9, colour=MUTED))
        d.add("frame", Text(x + 46, y, fit_text(value, 10, width - 46), size=10, bold=True))
        y += 6
    return y


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
        rows.append([tr(fk.label), code, vp.cell_of(f), vp.storey_name(f.storey), f.label or "-", _review(f)])
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
        colour = GREEN if col.title == "Exit" else INK
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
