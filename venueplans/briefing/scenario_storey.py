"""One storey's share of a scenario phase: areas, routes, tracks, markers and notes over the plan.

What goes where, bottom to top: areas tinted and hatched under the walls with their outline under the
exits; routes on a white casing, arrow heads over room labels; tracks dashed; markers as milsymbol
symbols, moved aside on a leader when they would cover an exit or another symbol; labels last, so
symbols get the free room first (`placement`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import shapely

from venueplans.briefing import symbols as plan_symbols
from venueplans.briefing.drawing import (
    PT,
    Circle,
    Drawing,
    Group,
    Item,
    Path,
    Style,
    Text,
    polyline,
    rectangle,
)
from venueplans.briefing.fonts import text_width
from venueplans.briefing.milsymbol_svg import symbol_items
from venueplans.briefing.placement import Box, Placer, item_box, label_near, ring_offsets, shift, text_block
from venueplans.briefing.text_wrap import wrap
from venueplans.briefing.transform import PaperTransform
from venueplans.i18n import tr
from venueplans.model.scenario import AREA_KINDS, TACTICAL_SYMBOLS, Annotation, PlacedAnnotation

if TYPE_CHECKING:
    from venueplans.briefing.scenario_print import ScenarioPrint

INK = "#1a1a1a"
NOTE_FILL, NOTE_EDGE = "#fff6c8", "#b59b00"
LABEL_PT, TEAM_PT = 7.0, 6.0

@dataclass
class SheetRecord:
    """What the overlay drew on one storey sheet: the legend's content."""

    symbols: list[str] = field(default_factory=list)  # symbol keys, first use first
    teams: dict[str, str] = field(default_factory=dict)  # team -> colour
    styles: list[str] = field(default_factory=list)  # route, cordon, danger_zone, area, track, note, storey_change
    items: int = 0

    def note(self, what: str) -> None:
        if what not in self.styles:
            self.styles.append(what)


def _on(points: Iterable, storey: int) -> list[tuple[float, float]]:
    return [(p[0], p[1]) for p in points if p[3] == storey]


class StoreyOverlay:
    """Draws the items of one storey; called by the sheet with the page and its transform."""

    def __init__(self, sp: ScenarioPrint, storey: int, plan_area: Box | None, grid=None, band: float = 0.0):
        self.sp, self.storey, self.plan_area, self.grid, self.band = sp, storey, plan_area, grid, band

    def _bands(self, t: PaperTransform) -> list[Box]:
        if self.grid is None:
            return []
        x0, y0 = t.point(self.grid.x0, self.grid.y0)
        x1, y1 = t.point(self.grid.x1, self.grid.y1)
        b = self.band
        return [(x0, y0 - b, x1, y0), (x0, y1, x1, y1 + b), (x0 - b, y0, x0, y1), (x1, y0, x1 + b, y1)]

    def __call__(self, d: Drawing, t: PaperTransform) -> None:
        area = self.plan_area or (0.0, 0.0, d.width, d.height)
        placer = Placer.for_drawing(d, area, self._bands(t))
        rec = self.sp.records.setdefault(self.storey, SheetRecord())
        items = self.sp.state.on_storey(self.storey)
        rec.items = len(items)
        by_type: dict[str, list[PlacedAnnotation]] = {}
        for p in items:
            by_type.setdefault(p.annotation.type, []).append(p)
        labels: list = []  # placed after every symbol, so symbols get the free room first
        for p in by_type.get("area", []):
            labels += self._area(d, t, p.annotation, rec)
        for p in by_type.get("route", []):
            labels += self._route(d, t, p.annotation, rec, placer)
        for p in self.sp.state.items:
            if p.annotation.type == "marker" and p.moved:
                self._track(d, t, p, rec)
        for p in sorted(by_type.get("marker", []), key=_placing_order):
            labels += self._marker(d, t, p.annotation, rec, placer)
        for p in by_type.get("text", []):
            self._note(d, t, p.annotation, rec, placer)
        for make in labels:
            make(placer)

    # -- areas ----------------------------------------------------------------------------------
    def _area(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord) -> list:
        pts = _on(a.points, self.storey)
        if len(pts) < 3:
            return []
        poly = shapely.Polygon(t.points(np.array(pts))).buffer(0)
        if poly.is_empty:
            return []
        colour = a.display_colour
        kind = a.symbol if a.symbol in AREA_KINDS else "area"
        rec.note(kind)
        rings = [np.asarray(g.exterior.coords) for g in shapely.get_parts(poly)]
        holes = [np.asarray(r.coords) for g in shapely.get_parts(poly) for r in g.interiors]
        # Tint and hatch under the walls, so the building and the exits stay on top.
        d.add("seating", Path(rings + holes, Style(stroke=None, fill=colour, fill_opacity=0.13)))
        hatch = _hatch(poly, 3.2 if kind == "cordon" else 2.0)
        if hatch:
            d.add("seating", Path(hatch, Style(stroke=colour, width=0.15), closed=False))
        dash = (2.4, 1.2) if kind == "cordon" else None
        outline = Group([Path(rings, Style(stroke="#ffffff", width=1.0, round_joins=True)),
                         Path(rings, Style(stroke=colour, width=0.6, dash=dash, round_joins=True))],
                        {"kind": "scenario_area", "ref": a.ref, "area": kind, "label": a.label}, a.label)
        d.add("grid", outline)
        if not a.label:
            return []
        text = a.label.upper() if kind != "area" else a.label
        # Candidates along the outline (northmost first), then inside: the label names the edge. An
        # area's label that finds no place clear of the exits is left out (the legend names the style).
        edge = shapely.LineString(rings[0])
        along = [edge.interpolate(f, normalized=True) for f in np.linspace(0, 1, 48, endpoint=False)]
        anchors = sorted(((p.x, p.y) for p in along), key=lambda q: q[1])
        inner = poly.representative_point()
        anchors += [(inner.x + dx, inner.y + dy) for dx, dy in ring_offsets(4.0, 2)]

        def place(placer: Placer) -> None:
            blocks = [text_block([(text, LABEL_PT, True, colour)], x, y - 1.5, "middle") for x, y in anchors]
            i = placer.choose([b for _, b in blocks])
            if i is None:
                return
            items, box = blocks[i]
            placer.take(box)
            d.add("scenario", Group(items, {"kind": "scenario_label", "ref": a.ref}))

        return [place]

    # -- routes ---------------------------------------------------------------------------------
    def _route(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: Placer) -> list:
        colour = a.display_colour
        names = self.sp.storey_names
        runs: list[list[tuple[float, float]]] = []
        marks: list[tuple[tuple[float, float], str]] = []
        prev = None
        for p in a.points:
            here = p[3] == self.storey
            if here:
                if prev is None or prev[3] != self.storey:
                    runs.append([])
                    if prev is not None:
                        marks.append(((p[0], p[1]), tr("from {storey}").format(storey=names.get(prev[3], prev[3]))))
                runs[-1].append((p[0], p[1]))
            elif prev is not None and prev[3] == self.storey:
                marks.append(((prev[0], prev[1]), tr("to {storey}").format(storey=names.get(p[3], p[3]))))
            prev = p
        if not runs:
            return []
        rec.note("route")
        if a.team:
            rec.teams.setdefault(a.team, colour)
        items: list[Item] = []
        heads: list[Item] = []
        paper_runs = [t.points(np.array(r)) for r in runs if len(r) >= 2]
        for pts in paper_runs:
            items.append(Path([pts], Style(stroke="#ffffff", width=1.5, round_joins=True), closed=False))
        for pts in paper_runs:
            line, *arrows = arrow_line(pts, colour)
            items.append(line)
            # Heads over room labels when they cover no exit: the direction is the point of a route.
            for head in arrows:
                b = item_box(head)
                (heads if b is not None and placer.hard.free(b) else items).append(head)
        for (x, y), _ in marks:
            px, py = t.point(x, y)
            items.append(Circle((px, py), 1.3, Style(stroke=colour, width=0.5, fill="#ffffff")))
        if marks:
            rec.note("storey_change")
        d.add("grid", Group(items, {"kind": "scenario_route", "ref": a.ref, "label": a.label}, a.label))
        if heads:
            d.add("scenario", Group(heads, {"kind": "scenario_route_heads", "ref": a.ref}))
        later = []
        for (x, y), text in marks:
            px, py = t.point(x, y)
            later.append(lambda placer, px=px, py=py, text=text: d.add("scenario", Group(
                label_near(placer, (px - 1.3, py - 1.3, px + 1.3, py + 1.3), [(text, TEAM_PT, True, colour)])[0],
                {"kind": "scenario_storey_change", "ref": a.ref, "text": text})))
        if a.label and paper_runs:
            longest = max(paper_runs, key=_length)
            mx, my = _point_along(longest, 0.5)
            later.append(lambda placer: d.add("scenario", Group(
                label_near(placer, (mx - 1.0, my - 1.0, mx + 1.0, my + 1.0), _lines(a.label, a.team, colour))[0],
                {"kind": "scenario_label", "ref": a.ref})))
        return later

    # -- tracks ---------------------------------------------------------------------------------
    def _track(self, d: Drawing, t: PaperTransform, p: PlacedAnnotation, rec: SheetRecord) -> None:
        steps = p.track
        colour = p.annotation.display_colour
        segments, rings = [], []
        for before, after in zip(steps, steps[1:], strict=False):
            if before.storey == self.storey and after.storey == self.storey:
                segments.append(t.points(np.array([before.position[:2], after.position[:2]])))
        for step in steps[:-1]:
            if step.storey == self.storey:
                rings.append(t.point(*step.position[:2]))
        if not segments and not rings:
            return
        rec.note("track")
        items: list[Item] = [Path(segments, Style(stroke=colour, width=0.45, dash=(1.2, 0.9)), closed=False)]
        items += [Circle(c, 0.9, Style(stroke=colour, width=0.35, fill="#ffffff")) for c in rings]
        d.add("grid", Group(items, {"kind": "scenario_track", "ref": p.annotation.ref}))

    # -- markers ----------------------------------------------------------------------------------
    def _marker(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: Placer) -> list:
        x, y = t.point(*a.position[:2])
        colour = a.display_colour
        try:
            _, box0 = symbol_items(a.symbol, x, y)
        except ValueError:
            return []
        if a.symbol not in rec.symbols:
            rec.symbols.append(a.symbol)
        if a.team:
            rec.teams.setdefault(a.team, colour)
        step = max(box0[2] - box0[0], box0[3] - box0[1]) * 0.75 + 0.6
        offsets = ring_offsets(step, 4)
        # A symbol stays on its position unless it would cover an exit or another symbol.
        i = placer.choose([shift(box0, dx, dy) for dx, dy in offsets], stay=True)
        dx, dy = offsets[placer.least_bad([shift(box0, *o) for o in offsets]) if i is None else i]
        symbol, box = symbol_items(a.symbol, x + dx, y + dy)
        placer.take(box)
        items: list[Item] = list(symbol)
        if (dx, dy) != (0.0, 0.0):  # moved aside: a leader from the true position, under the exit badges
            ex = min(max(x, box[0]), box[2])
            ey = min(max(y, box[1]), box[3])
            d.add("grid", Group([polyline([(x, y), (ex, ey)], Style(stroke=colour, width=0.3)),
                                 Circle((x, y), 0.65, Style(stroke="#ffffff", width=0.2, fill=colour))],
                                {"kind": "scenario_leader", "ref": a.ref}))
        title = tr(TACTICAL_SYMBOLS[a.symbol].label) if a.symbol in TACTICAL_SYMBOLS else a.symbol
        meta = {"kind": "scenario_marker", "ref": a.ref, "symbol": a.symbol, "sidc": a.sidc, "label": a.label,
                "team": a.team, "position": (x, y)}
        d.add("scenario", Group(items, meta, f"{title}: {a.label}" if a.label else title))
        lines = _lines(a.label, a.team, colour)
        if not lines:
            return []
        return [lambda placer: d.add("scenario", Group(label_near(placer, box, lines)[0],
                                                       {"kind": "scenario_label", "ref": a.ref}))]

    # -- notes ------------------------------------------------------------------------------------
    def _note(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: Placer) -> None:
        if not a.label:
            return
        rec.note("note")
        x, y = t.point(*a.position[:2])
        lines = wrap(a.label, 6.5, 42.0)
        lh = 6.5 * PT * 1.25
        w = max(text_width(s, 6.5) for s in lines) + 2.4
        h = lh * len(lines) + 1.6
        box0 = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        offsets = ring_offsets(max(w, h) * 0.6)
        boxes = [shift(box0, *o) for o in offsets]
        i = placer.choose(boxes)
        dx, dy = offsets[placer.least_bad(boxes) if i is None else i]
        bx0, by0, bx1, by1 = shift(box0, dx, dy)
        placer.take((bx0, by0, bx1, by1))
        items: list[Item] = [rectangle(bx0, by0, w, h, Style(stroke=NOTE_EDGE, width=0.25, fill=NOTE_FILL))]
        for k, s in enumerate(lines):
            items.append(Text(bx0 + 1.2, by0 + 0.8 + lh * (k + 0.5), s, size=6.5, colour=a.display_colour,
                              baseline="middle"))
        d.add("scenario", Group(items, {"kind": "scenario_note", "ref": a.ref, "text": a.label}, a.label))


def _placing_order(p: PlacedAnnotation) -> int:
    """Points whose place is the message (CCP, breach, entry control: control measures) first, then
    hostiles, then the rest: when symbols crowd, the later ones step aside."""
    sidc = p.annotation.sidc
    return 0 if sidc[4:6] == "25" else 1 if sidc[3:4] in ("5", "6") else 2


def _lines(label: str, team: str, colour: str) -> list[tuple[str, float, bool, str]]:
    lines = [(label, LABEL_PT, True, colour)] if label else []
    if team and team.lower() != label.lower():
        lines.append((team, TEAM_PT, False, INK))
    return lines


def _length(pts: np.ndarray) -> float:
    return float(np.hypot(*np.diff(pts, axis=0).T).sum())


def _point_along(pts: np.ndarray, frac: float) -> tuple[float, float]:
    seg = np.hypot(*np.diff(pts, axis=0).T)
    target = seg.sum() * frac
    acc = np.concatenate([[0.0], np.cumsum(seg)])
    i = int(min(np.searchsorted(acc, target, side="right") - 1, len(seg) - 1))
    u = (target - acc[i]) / seg[i] if seg[i] > 0 else 0.0
    p = pts[i] + (pts[i + 1] - pts[i]) * u
    return float(p[0]), float(p[1])


def arrow_line(pts: np.ndarray, colour: str) -> list[Item]:
    """The route's line with an arrow head at its end and, on long runs, chevrons showing the way."""
    items = plan_symbols.arrow(pts, colour, width=0.7, head=2.6) if _length(pts) > 3.0 else [
        Path([pts], Style(stroke=colour, width=0.7, round_joins=True), closed=False)]
    if items:
        items[0].style = replace(items[0].style, round_joins=True)
    total = _length(pts)
    n = int(total // 30.0)
    for k in range(1, n + 1):
        frac = k / (n + 1)
        a, b = _point_along(pts, frac - 0.3 / total), _point_along(pts, frac + 0.3 / total)
        items += plan_symbols.arrow(np.array([a, b]), colour, width=0.01, head=2.0)[1:]
    return items


def _hatch(poly, spacing: float) -> list[np.ndarray]:
    """45-degree hatch lines of a paper polygon, *spacing* mm apart."""
    x0, y0, x1, y1 = poly.bounds
    lines = []
    for c in np.arange(x0 - (y1 - y0), x1 + spacing, spacing):
        lines.append([(c, y1), (c + (y1 - y0), y0)])
    cut = shapely.intersection(shapely.MultiLineString(lines), poly)
    return [np.asarray(g.coords) for g in shapely.get_parts(cut) if g.geom_type == "LineString" and g.length > 0.3]
