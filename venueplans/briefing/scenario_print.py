"""A scenario phase printed over the briefing: the phase's page furniture and the catalogue read.

`ScenarioPrint` holds one phase and draws its share of every page: the storey overlays
(`scenario_storey`), a block on the cover, a banner in each sheet's header and the phase's notes and
legend in the side panel.

    sp = load_scenario_print(cat, venue_id, scenario="Night exercise", phase="Entry")
    briefing = scenario_briefing(vp, sp)                  # or scenario_sheet(vp, i, sp) for one storey
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import numpy as np

from venueplans.briefing.briefing import (
    Briefing,
    Extent,
    briefing_layout,
    build_briefing,
    single_storey_sheet,
)
from venueplans.briefing.drawing import Circle, Drawing, Group, Item, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.milsymbol_svg import moved, symbol_items
from venueplans.briefing.placement import Occupancy, item_box
from venueplans.briefing.scenario_storey import NOTE_EDGE, NOTE_FILL, SheetRecord, StoreyOverlay, arrow_line
from venueplans.briefing.sheets import INK, MUTED, SheetLayout
from venueplans.briefing.text_wrap import wrap
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.errors import UserError
from venueplans.i18n import tr
from venueplans.model.scenario import AREA_KINDS, TACTICAL_SYMBOLS, Annotation, ScenarioState

LEGEND_SYMBOL_MM = 2.6
BANNER = "#1f2a36"

# =================================================================== the scenario on a briefing


class ScenarioPrint:
    """One phase of a scenario drawn onto a briefing: the storey overlays, the cover block, each sheet's
    phase banner, phase notes and legend. *phases* (all of the scenario's, in order) give "phase 2/4"
    and the cover's chips; *storey_names* name the storeys a route leads to; *extent* is the world
    rectangle the sheets must show (`scenario_extent` of every phase, so all phases print alike)."""

    def __init__(self, state: ScenarioState, *, phases: Sequence = (), storey_names: dict | None = None,
                 extent: Extent | None = None):
        self.state = state
        self.phases = list(phases)
        self.storey_names = dict(storey_names or {})
        self.extent = extent
        self.records: dict[int, SheetRecord] = {}

    def summary(self) -> str:
        """"scenario 'Night exercise', phase 2/4 Entry (H+00:05)" (the CLI's report)."""
        ph = self.state.phase
        where = tr("phase {number}/{count} {name} ({time})").format(
            number=ph.index + 1, count=len(self.phases) or "?", name=ph.name, time=ph.time_label) if ph else \
            tr("no phase")
        name = self.state.scenario.name
        name = name if len(name) <= 80 else name[:79] + "…"
        return tr("scenario {name}, {phase}").format(name=repr(name), phase=where)

    # -- texts -----------------------------------------------------------------------------------
    def phase_title(self) -> str:
        """"PHASE 2/4 · H+00:05 · Entry" (or "BEFORE THE FIRST PHASE")."""
        ph = self.state.phase
        if ph is None:
            return tr("BEFORE THE FIRST PHASE")
        of = f"/{len(self.phases)}" if self.phases else ""
        return tr("PHASE {number}{of}  ·  {time}  ·  {name}").format(number=ph.index + 1, of=of, time=ph.time_label,
                                                                    name=ph.name)

    # -- hooks -----------------------------------------------------------------------------------
    def overlay(self, storey: int, layout: SheetLayout | None = None, grid=None) -> StoreyOverlay:
        """The drawing callback for *storey*'s sheet; with the sheet's *layout* and the venue's *grid*,
        labels keep inside the plan area and off the grid's letters."""
        area, band = None, 0.0
        if layout is not None:
            area, band = layout.plan_box, layout.paper.label_band
        return StoreyOverlay(self, storey, area, grid, band)

    def overlays(self, storeys: Iterable[int], layout: SheetLayout | None = None, grid=None) -> dict[int, list]:
        return {s: [self.overlay(s, layout, grid)] for s in storeys}

    def cover_block(self, d: Drawing, x: float, y: float, width: float) -> float:
        """The scenario's box on the cover, kept short (the cover's own facts follow): a dark bar naming
        the exercise and the phase printed, the phases as a row of chips (this one filled), this phase's
        notes and the scenario's description (one line each, the rest is in the scenario). Returns the y
        below it."""
        st = self.state
        bar = 8.0
        d.add("frame", rectangle(x, y, width, bar, Style(stroke=None, fill=BANNER)))
        phase = self.phase_title()
        pw = text_width(phase, 10, bold=True)
        d.add("frame", Text(x + width - 3, y + bar / 2, phase, size=10, bold=True, colour="#ffffff", anchor="end",
                            baseline="middle"))
        name = fit_text(tr("EXERCISE  ·  {name}").format(name=st.scenario.name), 11, width - pw - 12, bold=True)
        d.add("frame", Text(x + 3, y + bar / 2, name, size=11, bold=True, colour="#ffffff", baseline="middle"))
        top = y + bar
        cy = top + 1.5
        cx = x + 3
        shown = st.phase.id if st.phase else None
        for ph in self.phases:  # chips: "1 Set-up H+00:00"
            text = f"{ph.index + 1}  {ph.name}  {ph.time_label}"
            w = text_width(text, 7.5, bold=ph.id == shown) + 4
            if cx + w > x + width - 3:
                cx, cy = x + 3, cy + 5.0
            mine = ph.id == shown
            d.add("frame", rectangle(cx, cy, w, 3.8, Style(stroke=BANNER, width=0.3, fill=BANNER if mine else "#ffffff")))
            d.add("frame", Text(cx + 2, cy + 1.9, text, size=7.5, bold=mine, colour="#ffffff" if mine else INK,
                                baseline="middle"))
            cx += w + 2
        if self.phases:
            cy += 4.6
        # Wrapped, not cut: the phase notes on up to 2 lines, the description on up to 3.
        lines = [(t, True) for t in wrap(st.phase.notes.replace("\n", " "), 8.5, width - 6, bold=True, max_lines=2)
                 ] if (st.phase and st.phase.notes) else []
        if st.scenario.description:
            lines += [(t, False) for t in wrap(st.scenario.description.replace("\n", " "), 7.5, width - 6,
                                               max_lines=3)]
        for text, bold in lines:
            size = 8.5 if bold else 7.5
            d.add("frame", Text(x + 3, cy + 1.8, text, size=size, bold=bold, colour=INK if bold else MUTED,
                                baseline="middle"))
            cy += 3.6
        bottom = cy + 0.8
        d.add("frame", rectangle(x, top, width, bottom - top, Style(stroke=BANNER, width=0.5)))
        return bottom + 0.5

    def decorate(self, page: Drawing, layout: SheetLayout, storey: int) -> None:
        """Phase banner in the header; phase notes and the scenario legend at the foot of the panel."""
        self._banner(page, layout)
        self._panel(page, layout, self.records.get(storey, SheetRecord()))

    def _banner(self, page: Drawing, layout: SheetLayout) -> None:
        p = layout.paper
        top, bottom = p.margin, p.margin + p.header - 2.0
        right = p.width - p.margin
        left = p.margin
        for item in page.layers["frame"]:  # between the header's texts and the verification box
            b = item_box(item)
            if b is None or b[1] > bottom or b[3] < top:
                continue
            if isinstance(item, Group) and item.meta.get("kind") == "verification":
                right = min(right, b[0] - 3.0)
            elif isinstance(item, Text):
                left = max(left, b[2] + 4.0)
        width = min(right - left, 120.0)
        if width < 40:
            left, width = p.margin + p.width * 0.45, right - p.margin - p.width * 0.45
        x = right - width
        h = p.header - 3.5
        title = fit_text(self.phase_title(), 9.5, width - 5, bold=True)
        name = fit_text(tr("EXERCISE  ·  {name}").format(name=self.state.scenario.name), 7, width - 5)
        page.add("frame", Group([
            rectangle(x, top + 0.5, width, h, Style(stroke=None, fill=BANNER)),
            Text(x + 2.5, top + 4.6, title, size=9.5, bold=True, colour="#ffffff", baseline="middle"),
            Text(x + 2.5, top + 9.3, name, size=7, colour="#d9e1ea", baseline="middle"),
        ], {"kind": "scenario_banner", "phase": self.state.phase.name if self.state.phase else None}))

    def _panel(self, page: Drawing, layout: SheetLayout, rec: SheetRecord) -> None:
        """The phase's notes and legend: under the side panel's content when it fits there, else in a
        free corner of the plan area, else in the panel after dropping the plan legend's last rows."""
        x0, _, x1, y1 = layout.panel_box
        w = x1 - x0
        frame = page.layers["frame"]
        used = [b for b in (item_box(i) for i in frame) if b and b[0] >= x0 - 0.5 and b[3] < y1]
        y = max((b[3] for b in used), default=layout.panel_box[1]) + 5.0
        need = self._legend_block(rec, x0, y, w)[1] - y
        if y + need > y1:
            corner = self._free_corner(page, layout, w + 4.0, need + 4.0)
            if corner is not None:
                cx, cy = corner
                items, _ = self._legend_block(rec, cx + 2.0, cy + 4.5, w)
                plate = rectangle(cx, cy, w + 4.0, need + 4.0, Style(stroke=BANNER, width=0.3, fill="#ffffff",
                                                                      fill_opacity=0.92))
                page.add("frame", Group([plate, *items], {"kind": "scenario_legend", "where": "plan"}))
                return
            legends = [i for i in frame if isinstance(i, Group) and i.meta.get("kind") == "legend"]
            while y + need > y1 and legends:  # make room: the plan legend's last rows go first
                gone = legends.pop()
                frame[:] = [i for i in frame if i is not gone]  # identity: dataclass == compares arrays
                y -= 5.2
            if not legends:  # its title too, once it has no rows left
                frame[:] = [i for i in frame if not (isinstance(i, Text) and i.text == tr("Legend") and i.x >= x0 - 0.5)]
                y -= 5.0
        items, _ = self._legend_block(rec, x0, y, w, bottom=y1)
        page.add("frame", Group(items, {"kind": "scenario_legend", "where": "panel"}))

    def _legend_block(self, rec: SheetRecord, x0: float, y: float, w: float, *, bottom: float = math.inf
                      ) -> tuple[list[Item], float]:
        """(items, bottom y) of the phase heading, its notes and the legend rows, from (x0, y) down."""
        ph = self.state.phase
        head = tr("Phase {number}: {name}").format(number=ph.index + 1, name=ph.name) if ph else \
            tr("Before the first phase")
        items: list[Item] = [polyline([(x0, y - 2.5), (x0 + w, y - 2.5)], Style(stroke=BANNER, width=0.4)),
                             Text(x0, y + 1.5, fit_text(head, 9, w - 16, bold=True), size=9, bold=True),
                             Text(x0 + w, y + 1.5, ph.time_label if ph else "", size=9, bold=True, anchor="end")]
        y += 3.5
        for s in wrap(ph.notes, 6.5, w - 1, max_lines=3) if ph and ph.notes else []:
            items.append(Text(x0, y + 1.6, s, size=6.5, colour=MUTED, baseline="middle"))
            y += 3.2
        y += 0.8
        if not rec.items:
            items.append(Text(x0, y + 2, tr("Nothing placed on this storey in this phase."), size=7, colour=MUTED))
            y += 4.6
        for make, label in self._legend_entries(rec):
            if y + 4.6 > bottom:
                items.append(Text(x0, y + 2, "…", size=7))
                break
            cy = y + 2.3
            items += make(x0 + 4, cy)
            items.append(Text(x0 + 10, cy, fit_text(label, 7, w - 11), size=7, baseline="middle"))
            y += 4.6
        return items, y

    @staticmethod
    def _free_corner(page: Drawing, layout: SheetLayout, w: float, h: float) -> tuple[float, float] | None:
        """Top-left of a w x h box in a corner of the plan area that nothing is drawn on, if any."""
        occ = Occupancy(pad=1.0)
        for layer, item in page.items():
            if layer == "frame" and not (isinstance(item, Group) and item.meta.get("kind") == "grid_labels"):
                continue
            b = item_box(item)
            if b is not None:
                occ.take(b)
        x0, y0, x1, y1 = layout.plan_box
        for cx, cy in ((x0, y1 - h), (x0, y0), (x1 - w, y1 - h), (x1 - w, y0)):
            if occ.free((cx, cy, cx + w, cy + h)):
                return cx, cy
        return None

    def _legend_entries(self, rec: SheetRecord) -> list:
        entries: list = []
        for key in rec.symbols:
            label = tr(TACTICAL_SYMBOLS[key].label) if key in TACTICAL_SYMBOLS else key
            entries.append((lambda cx, cy, k=key: _legend_symbol(k, cx, cy), label))
        for team, colour in rec.teams.items():
            entries.append((lambda cx, cy, c=colour: [rectangle(cx - 3.5, cy - 1.3, 7, 2.6, Style(stroke=None, fill=c))],
                            tr("Team {team}").format(team=team)))
        swatches = {
            "route": (lambda cx, cy: arrow_line(np.array([[cx - 3.5, cy], [cx + 3.5, cy]]), INK), tr("Route, arrow: way")),
            "storey_change": (lambda cx, cy: [Circle((cx, cy), 1.2, Style(stroke=INK, width=0.45, fill="#ffffff"))],
                              tr("Route changes storey here")),
            "track": (lambda cx, cy: [polyline([(cx - 3.5, cy), (cx + 2.5, cy)], Style(stroke=INK, width=0.45,
                                                                                       dash=(1.2, 0.9))),
                                      Circle((cx - 3.0, cy), 0.8, Style(stroke=INK, width=0.3, fill="#ffffff"))],
                      tr("Track: where a marker came from")),
            "note": (lambda cx, cy: [rectangle(cx - 3.5, cy - 1.6, 7, 3.2, Style(stroke=NOTE_EDGE, width=0.25,
                                                                               fill=NOTE_FILL))], tr("Note")),
        }
        for kind in rec.styles:
            if kind in AREA_KINDS:
                colour = AREA_KINDS[kind].colour
                dash = (1.6, 0.8) if kind == "cordon" else None
                entries.append((lambda cx, cy, c=colour, dash=dash: [
                    rectangle(cx - 3.5, cy - 1.6, 7, 3.2, Style(stroke=None, fill=c, fill_opacity=0.18)),
                    rectangle(cx - 3.5, cy - 1.6, 7, 3.2, Style(stroke=c, width=0.5, dash=dash))], tr(AREA_KINDS[kind].label)))
            elif kind in swatches:
                entries.append(swatches[kind])
        return entries


def _legend_symbol(key: str, cx: float, cy: float) -> list[Item]:
    """A symbol fitted into a legend row (centred on its box, not on its anchor)."""
    items, box = symbol_items(key, 0.0, 0.0, height=LEGEND_SYMBOL_MM)
    scale = min(1.0, 4.4 / max(box[3] - box[1], 1e-6))
    dx = cx - (box[0] + box[2]) / 2 * scale
    dy = cy - (box[1] + box[3]) / 2 * scale
    return [moved(i, scale, dx, dy) for i in items]


def scenario_extent(annotations: Iterable[Annotation], *, margin: float = 4.0) -> Extent | None:
    """(west, south, east, north) of every point of *annotations* plus *margin* metres (labels need
    room): what the sheets must show so nothing of the scenario falls off the page."""
    pts = np.array([p[:2] for a in annotations for p in a.points], dtype=float).reshape(-1, 2)
    if not len(pts):
        return None
    lo, hi = pts.min(axis=0) - margin, pts.max(axis=0) + margin
    return (float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1]))


class ScenarioNotFound(UserError, LookupError):
    """No such scenario in the venue, or no such phase in the scenario (one line, naming the choices)."""


def load_scenario_print(cat, venue_id: int, *, scenario: str | int, phase: str | int | None = None) -> ScenarioPrint:
    """The `ScenarioPrint` of *scenario* (id or name) at *phase*: a name (any case) or a number, 1 being
    the first; None: the last phase. Reads the catalogue; raises `ScenarioNotFound`."""
    from venueplans.catalogue import read
    from venueplans.ops.edit_support import EditRefused
    from venueplans.ops.scenario_reads import (
        load_annotations,
        load_phases,
        resolve_phase,
        resolve_scenario,
        scenario_state,
    )

    try:
        sid = resolve_scenario(cat, venue_id=venue_id, ref=scenario)
    except EditRefused as exc:
        raise ScenarioNotFound(str(exc)) from None
    phases = load_phases(cat, scenario_id=sid)
    try:
        chosen = resolve_phase(phases, phase)
    except EditRefused as exc:
        raise ScenarioNotFound(tr("scenario {name!r}: {reason}").format(name=str(scenario), reason=exc)) from None
    state = scenario_state(cat, scenario_id=sid, phase_id=chosen.id if chosen else None)
    names = {s.index: s.name for s in read.load_storeys(cat, venue_id)}
    return ScenarioPrint(state, phases=phases, storey_names=names,
                         extent=scenario_extent(load_annotations(cat, scenario_id=sid)))


def scenario_briefing(vp: VenuePlans, sp: ScenarioPrint, *, paper_name: str = "A4",
                      printed: datetime | None = None, extent: Extent | None = None, progress=None,
                      overlays: Mapping[int, Sequence] | None = None, appendix: Sequence = ()) -> Briefing:
    """The venue's briefing with the phase drawn on every storey sheet (see `ScenarioPrint`); *extent*
    defaults to the print's own. *overlays* (drawn above the phase) and *appendix*: see `build_briefing`."""
    extent = extent if extent is not None else sp.extent
    layout = briefing_layout(vp, paper_name, extent=extent)
    storeys = [pl.storey.index for pl in vp.plans]
    drawn = {k: list(v) for k, v in sp.overlays(storeys, layout, vp.grid).items()}
    for k, extra in (overlays or {}).items():
        drawn.setdefault(k, []).extend(extra)
    briefing = build_briefing(vp, paper_name=paper_name, printed=printed, overlays=drawn, extent=extent,
                              cover_block=sp.cover_block, progress=progress, appendix=appendix)
    for page, role in zip(briefing.pages, briefing.roles, strict=True):
        if role.startswith("storey:"):
            sp.decorate(page, briefing.layout, int(role.split(":", 1)[1]))
    return briefing


def scenario_sheet(vp: VenuePlans, plan_index: int, sp: ScenarioPrint, *, paper_name: str = "A4",
                   printed: datetime | None = None, extent: Extent | None = None) -> Drawing:
    """One storey sheet with the phase (SVG / PNG export)."""
    extent = extent if extent is not None else sp.extent
    layout = briefing_layout(vp, paper_name, extent=extent)
    storey = vp.plans[plan_index].storey.index
    page = single_storey_sheet(vp, plan_index, paper_name=paper_name, printed=printed,
                               overlays=[sp.overlay(storey, layout, vp.grid)], extent=extent)
    sp.decorate(page, layout, storey)
    return page
