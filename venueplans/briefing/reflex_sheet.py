"""The reflex sheet (fiche réflexe): page 1 of the dossier, what a team leader reads in the car.

    +--------------------------------------------------------------------------------------------+
    | REFLEX SHEET · PRE-INCIDENT PLAN                                        Printed 2026-03-14 |
    | Théâtre des Lumières                                                                       |
    | Theatre · 12 rue de l'Exemple, Paris                                                       |
    | [ NOT VERIFIED  drawn from the building model; not checked on site by anyone ]             |
    | [ scenario block, when a phase is printed ]                                                |
    | Identity          | Cut-offs and controls | Ways in             | Contents                 |
    | kind, ERP, address| gas  R0 C4 ...        | teams: ME A1 G2 ... | reflex sheet ..... 1     |
    | effectif, storeys | electricity ...       | vehicles: V VE ...  | site plan ........ 2     |
    | contacts          | water, smoke, SSI     | assembly points     | ...                      |
    | key box           | water points          |                     | reading the grid         |
    +--------------------------------------------------------------------------------------------+

Every list says "not recorded" when the catalogue has nothing, so an empty line is never mistaken for
"there is none". A list longer than its column ends with "+ n more" and the page of the full table.
The contents are never cut: they flow into a second column and shrink before anything is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from venueplans.briefing.drawing import Drawing, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.sheets import GREEN, INK, MUTED, RED, Paper, SheetLayout
from venueplans.briefing.text_wrap import wrap
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.i18n import format_date, format_number, tr, tr_c
from venueplans.model import VENUE_KIND_LABELS, Feature
from venueplans.model.features import CUTOFF_KINDS, FEATURE_KINDS, exit_name

BANNER = "#1f2a36"
ROW = 4.8  # mm per row at 8.5 pt

# What a team needs to find on arrival, by section of the sheet (feature kinds, in order).
TEAM_WAYS_IN = ("entrance", "access_point", "pedestrian_gate", "roof_access")
VEHICLE_WAYS_IN = ("vehicle_access", "fire_engine_access", "vehicle_barrier")
WATER = ("fire_hydrant", "dry_riser_inlet", "fire_hose_reel", "sprinkler_valve")


@dataclass
class Contents:
    """(title, page) of each part of the dossier, in order."""

    entries: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class _Column:
    """A column of headings and rows, top to bottom; knows when it is full."""

    d: Drawing
    x: float
    y: float
    width: float
    bottom: float
    k: float = 1.0  # type scale: 1 on A4, larger on A3 (read at arm's length in a binder)

    def heading(self, text: str) -> None:
        k = self.k
        self.y += 1.5 * k
        self.d.add("frame", Text(self.x, self.y + 3.2 * k, text, size=9.5 * k, bold=True))
        self.d.add("frame", polyline([(self.x, self.y + 4.6 * k), (self.x + self.width, self.y + 4.6 * k)],
                                     Style(stroke=BANNER, width=0.35)))
        self.y += 6.4 * k

    def room(self, rows: int = 1) -> bool:
        return self.y + rows * ROW * self.k <= self.bottom

    def row(self, text: str, *, bold: bool = False, colour: str = INK, size: float = 8.5, indent: float = 0.0,
            lines: int = 1) -> None:
        """One row of text; with *lines* > 1 a long text wraps onto up to that many rows."""
        size, indent = size * self.k, indent * self.k
        for part in wrap(text, size, self.width - indent, bold=bold, max_lines=lines) if lines > 1 else [
                fit_text(text, size, self.width - indent, bold=bold)]:
            self.d.add("frame", Text(self.x + indent, self.y + 3.2 * self.k, part, size=size, bold=bold,
                                     colour=colour))
            self.y += ROW * self.k

    def pair(self, label: str, value: str, *, colour: str = INK, label_w: float = 20.0) -> None:
        """"Label  value", the value wrapping onto a second row when long."""
        k = self.k
        label_w *= k
        self.d.add("frame", Text(self.x, self.y + 3.2 * k, fit_text(label, 7.5 * k, label_w - 1), size=7.5 * k,
                                 colour=MUTED))
        for part in wrap(value, 8.5 * k, self.width - label_w, bold=True, max_lines=2):
            self.d.add("frame", Text(self.x + label_w, self.y + 3.2 * k, part, size=8.5 * k, bold=True,
                                     colour=colour))
            self.y += ROW * k

    def features(self, title: str, feats: Sequence[Feature], where: Callable[[Feature], str], *,
                 more_page: int | None = None, empty: str | None = None) -> None:
        """A sub-heading and one row per feature ("code  storey · cell  label")."""
        if not self.room(2):
            return
        self.row(title, bold=True)
        if not feats:
            self.row(empty or tr("not recorded"), colour=MUTED, indent=2.0)
            return
        for i, f in enumerate(feats):
            if not self.room(2) and i < len(feats) - 1:
                rest = len(feats) - i
                hint = tr("+ {n} more: see page {page}").format(n=rest, page=more_page) if more_page else \
                    tr("+ {n} more").format(n=rest)
                self.row(hint, colour=MUTED, indent=2.0)
                return
            self.row(where(f), indent=2.0, lines=2)


def erp_text(notes: str) -> str | None:
    """The ERP type / category written in the venue's notes ("ERP type L, 1re catégorie"), if any."""
    m = re.search(r"^.*\bERP\b.*$", notes or "", flags=re.MULTILINE)
    return m.group(0).strip() if m else None


def _verification(d: Drawing, vp: VenuePlans, x: float, y: float, w: float) -> float:
    v = vp.venue
    if v.verified_by and v.verified_on:
        d.add("frame", rectangle(x, y, w, 10, Style(stroke=GREEN, width=0.8, fill="#eef8f1")))
        d.add("frame", Text(x + 5, y + 6.8, tr("Verified by {who} on {date}").format(who=v.verified_by,
                                                                                    date=format_date(v.verified_on)),
                            size=11.5, bold=True, colour=GREEN))
    else:
        d.add("frame", rectangle(x, y, w, 10, Style(stroke=None, fill=RED)))
        label = tr("NOT VERIFIED")
        d.add("frame", Text(x + 5, y + 7.0, label, size=13, bold=True, colour="#ffffff"))
        d.add("frame", Text(x + 10 + text_width(label, 13, bold=True), y + 6.8,
                            tr("drawn from the building model; not checked on site by anyone"), size=9,
                            colour="#ffffff"))
    return y + 10


def reflex_sheet(vp: VenuePlans, p: Paper, stamp: str, layout: SheetLayout, contents: Contents, n_pages: int,
                 *, block: Callable[[Drawing, float, float, float], float] | None = None,
                 table_page: int | None = None, omitted: Sequence[str] = ()) -> Drawing:
    v = vp.venue
    d = Drawing(p.width, p.height, title=tr("{venue} - reflex sheet").format(venue=v.name))
    m = p.margin
    d.add("frame", rectangle(0, 0, p.width, 18, Style(stroke=None, fill=BANNER)))
    d.add("frame", Text(m + 2, 11.5, tr("REFLEX SHEET  ·  PRE-INCIDENT PLAN"), size=12, bold=True, colour="#ffffff"))
    d.add("frame", Text(p.width - m - 2, 11.5, tr("Printed {stamp}").format(stamp=stamp), size=9, colour="#ffffff",
                        anchor="end"))
    y = 29
    d.add("frame", Text(m + 2, y, fit_text(v.name, 22, p.width - 2 * m, bold=True), size=22, bold=True))
    kind = tr(VENUE_KIND_LABELS.get(v.kind, v.kind.replace("-", " "))).capitalize() if v.kind else ""
    address = ", ".join(x for x in (v.address, v.city) if x)
    y += 7
    d.add("frame", Text(m + 2, y, fit_text("  ·  ".join(x for x in (kind, address) if x) or "-", 11,
                                           p.width - 2 * m), size=11, colour=MUTED))
    y = _verification(d, vp, m + 2, y + 3, p.width - 2 * m - 4) + 3
    if block is not None:
        y = block(d, m + 2, y, p.width - 2 * m - 4) + 1

    k = min(1.35, p.width / 297.0)
    gap = 5.0
    col_w = (p.width - 2 * m - 4 - 3 * gap) / 4
    xs = [m + 2 + i * (col_w + gap) for i in range(4)]
    bottom = p.height - m - 6
    storey = vp.storey_name

    def where(f: Feature) -> str:
        fk = FEATURE_KINDS.get(f.kind)
        code = fk.code + (str(f.number) if f.number is not None and fk.numbered else "") if fk else f.kind
        label = f"  {f.label}" if f.label and f.label != (fk.label if fk else "") else ""
        return f"{code}  {storey(f.storey)} · {vp.cell_of(f)}{label}"

    def of(kinds: Sequence[str]) -> list[Feature]:
        order = {k: i for i, k in enumerate(kinds)}
        return sorted((f for f in vp.features if f.kind in order),
                      key=lambda f: (order[f.kind], f.number is None, f.number or 0, f.storey or 0))

    # 1. Identity, contacts, key box.
    c = _Column(d, xs[0], y, col_w, bottom, k)
    c.heading(tr("Identity"))
    exits = [f for f in vp.features if f.kind == "exit"]
    c.pair(tr("Kind"), kind or "-")
    erp = erp_text(v.notes)
    c.pair(tr("ERP"), erp or tr("type / category not recorded"), colour=INK if erp else MUTED)
    c.pair(tr("Address"), address or "-")
    c.pair(tr("Capacity"), format_number(v.capacity, 0) if v.capacity else tr("not recorded"),
           colour=INK if v.capacity else MUTED)
    c.pair(tr("Storeys"), str(len(vp.storeys)))
    c.pair(tr_c("reflex sheet, short label", "Exits"), tr("{n} numbered, green on the plans").format(n=len(exits)))
    c.heading(tr("Contacts"))
    contacts = [ln.strip() for ln in (v.contacts or "").splitlines() if ln.strip()]
    for line in contacts[:6] or [tr("none recorded")]:
        c.row(line, colour=INK if contacts else MUTED)
    c.heading(tr("Key box"))
    boxes = of(("key_box",))
    c.features(tr("Where"), boxes, where, empty=tr("not recorded: ask the operator"))

    # 2. Cut-offs and controls, water.
    c = _Column(d, xs[1], y, col_w, bottom, k)
    c.heading(tr("Cut-offs and controls"))
    for kind in CUTOFF_KINDS:
        c.features(FEATURE_KINDS[kind].title, of((kind,)), where)
    c.heading(tr("Water"))
    water = of(WATER)
    if water:
        c.features(tr("Hydrants, dry risers, hose reels"), water, where)
    else:
        c.row(tr("not recorded"), colour=MUTED)

    # 3. Ways in and assembly points.
    c = _Column(d, xs[2], y, col_w, bottom, k)
    c.heading(tr("Ways in"))
    c.features(tr("Teams (on foot)"), of(TEAM_WAYS_IN), where, more_page=table_page)
    c.features(tr("Vehicles"), of(VEHICLE_WAYS_IN), where, more_page=table_page)
    c.heading(tr("Assembly points"))
    c.features(tr("Where"), of(("assembly_point",)), where)
    first = sorted((f for f in exits if f.number is not None), key=lambda f: f.number)[:1]
    if first and c.room(2):
        c.heading(tr("Exits"))
        c.row(tr("{first} is the first clockwise from the main entrance; all in the table, page {page}")
              .format(first=exit_name(first[0].number), page=table_page or "-"), size=8.0, colour=MUTED, lines=3)

    # 4. Contents (never cut: smaller type, then a second column) and how to read the grid.
    x = xs[3]
    c = _Column(d, x, y, col_w, bottom, k)
    c.heading(tr("Contents"))
    top = c.y
    notes_h = 30.0
    room_rows = max(1, int((bottom - notes_h - top) / (ROW * k)))
    entries = contents.entries + [(tr("{storey}: empty, no page").format(storey=s), 0)
                                  for s in omitted]
    size = (8.0 if len(entries) <= room_rows else 6.5) * k
    row_h = (ROW if len(entries) <= room_rows else 3.4) * k
    per_col = max(1, int((bottom - notes_h - top) / row_h))
    cols = max(1, -(-len(entries) // per_col))
    sub_w = (col_w - (cols - 1) * 2) / cols
    for i, (title, page) in enumerate(entries):
        cx = x + (i // per_col) * (sub_w + 2)
        cy = top + (i % per_col) * row_h + 3.0 * k
        page_text = str(page) if page else ""
        fitted = size
        while text_width(title, fitted) > sub_w - 7 * k and fitted > size * 0.7:  # shrink before cutting
            fitted *= 0.93
        d.add("frame", Text(cx, cy, fit_text(title, fitted, sub_w - 7 * k), size=fitted,
                            colour=INK if page else MUTED))
        d.add("frame", Text(cx + sub_w, cy, page_text, size=size, bold=True, anchor="end"))
    y_notes = top + min(len(entries), per_col) * row_h + 4
    grid = vp.grid
    notes = [
        tr("Grid of {cell} m cells, the same on every page: columns A-{last} west to east, rows 1-{rows} north "
           "to south.").format(cell=f"{grid.cell:g}", last=grid.column_label(grid.columns - 1), rows=grid.rows),
        tr("North up. Scale 1:{scale} on {paper} at 100 %.").format(scale=f"{layout.transform.scale:g}",
                                                                   paper=p.name),
        tr("Faces A, B, C, D clockwise from the main entrance's face (site plan)."),
    ]
    for note in notes:
        for line in wrap(note, 6.5 * k, col_w, max_lines=3):
            if y_notes > bottom:
                break
            d.add("frame", Text(x, y_notes, line, size=6.5 * k, colour=MUTED))
            y_notes += 3.0 * k
        y_notes += 1.0 * k
    d.add("frame", Text(p.width - m, p.height - m, tr("Page {page} / {pages}").format(page=1, pages=n_pages),
                        size=7.5, bold=True, anchor="end"))
    s = vp.source
    source = tr("source {file} (sha256 {digest})").format(file=s.file_name, digest=s.sha256[:12]) if s else \
        tr("source: none recorded")
    footer = tr("{source}  ·  keep with the operation order; check the verification date before use").format(
        source=source)
    d.add("frame", Text(m, p.height - m, fit_text(footer, 7, p.width - 2 * m - 25), size=7, colour=MUTED))
    return d
