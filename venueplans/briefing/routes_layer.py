"""Routes and distances on paper: the distance map layer, a route over the plans, route cards.

- `distance_overlay`: the storey's walking distance to the nearest way out, in bands of 10 m (green near an
  exit, through yellow and orange, to red and purple far from one), tinted under the walls;
- `route_overlay`: a computed route drawn over each storey it crosses (start, end, the way it goes);
- `route_cards_page`: one card per route with from, to, length, time, storeys, via and the doors passed;
- `annotate_ways_out`: adds "24 m to exit 3" to each stair in the storeys' "ways out" lists.

`route_briefing` puts them together for `venueplans route ... --plan FILE`; `route_overlays` and
`route_cards_page` serve the dossier's routes too (`briefing.dossier`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from venueplans.briefing.briefing import Briefing, build_briefing
from venueplans.briefing.drawing import Circle, Drawing, Group, Path, Style, Text, rectangle
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.plan_drawing import geometry_rings
from venueplans.briefing.sheets import paper
from venueplans.briefing.symbols import arrow
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.catalogue import Catalogue
from venueplans.geometry.distance_map import DistanceMap
from venueplans.i18n import tr
from venueplans.ops.routes import RouteResult, storey_distance_map, venue_network

BAND_COLOURS = ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027", "#a50026", "#6a006a")
ROUTE_COLOUR = "#0050c8"


def band_colour(k: int) -> str:
    return BAND_COLOURS[min(k, len(BAND_COLOURS) - 1)]


def distance_overlay(dm: DistanceMap, *, step: float = 10.0, clip: BaseGeometry | None = None):
    """An overlay (drawing, transform) tinting the storey's floor by distance band, with its key; *clip*
    (world metres) keeps the tint inside the plan's frame."""

    def draw(d: Drawing, t) -> None:
        for lo, hi, area in dm.bands(step):
            if clip is not None:
                area = area.intersection(clip)
            rings, _ = geometry_rings(area, t)
            if rings:
                k = int(lo // step)
                d.add("floor", Group([Path(rings, Style(stroke=None, fill=band_colour(k), fill_opacity=0.55))],
                                     {"kind": "distance_band", "from_m": lo, "to_m": hi}))
        _key(d, dm, step)

    return draw


def _key(d: Drawing, dm: DistanceMap, step: float) -> None:
    n = min(int(dm.max_distance // step) + 1, len(BAND_COLOURS))
    if dm.max_distance <= 0:
        return
    p = paper("A3" if d.width > 320 else "A4")
    w = 8.0
    # Under the plan, right-aligned with it, above the footer line (the side panel is full).
    x, y = p.width - p.margin - p.panel - 6.0 - (n + 1) * w, p.height - p.margin - 9.0
    items = [Text(x - 2.0, y + 2.4, tr("Walking distance to the nearest exit"), size=6.5, bold=True, anchor="end")]
    for k in range(n):
        items.append(rectangle(x + k * w, y, w, 3.2, Style(stroke="#606060", width=0.1, fill=band_colour(k),
                                                              fill_opacity=0.55)))
        items.append(Text(x + k * w, y + 6.0, f"{int(k * step)}", size=5.5))
    last = n * step
    if dm.max_distance >= last:  # the last colour holds everything farther
        items[-1] = Text(x + (n - 1) * w, y + 6.0, f"{int((n - 1) * step)}+", size=5.5)
    else:
        items.append(Text(x + n * w, y + 6.0, f"{int(last)}", size=5.5))
    items.append(Text(x + n * w + 4, y + 2.6, "m", size=5.5))
    d.add("frame", Group(items, {"kind": "distance_key"}))


def route_overlay(result: RouteResult, storey: int, elevation: float, next_elevation: float | None):
    """An overlay drawing the part of *result* on *storey* (and the flights leaving it)."""
    pts = np.asarray(result.route.points, dtype=float)
    top = next_elevation if next_elevation is not None else elevation + 1e6
    mine = (pts[:, 2] >= elevation - 0.05) & (pts[:, 2] < top - 0.05)

    def draw(d: Drawing, t) -> None:
        runs, run = [], []
        for p, keep in zip(pts, mine, strict=True):
            if keep:
                run.append(p[:2])
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        items = []
        for r in runs:
            if len(r) >= 2:
                items += arrow(t.points(np.asarray(r)), ROUTE_COLOUR, width=0.9, head=2.4)
        if mine[0]:
            x, y = t.point(*pts[0, :2])
            items += [Circle((x, y), 1.6, Style(stroke="#ffffff", width=0.4, fill=ROUTE_COLOUR)),
                      Text(x + 2.4, y - 2.0, fit_text(result.origin.label, 6.5, 45), size=6.5, colour=ROUTE_COLOUR,
                           bold=True)]
        if items:
            d.add("scenario", Group(items, {"kind": "route", "from": result.origin.label,
                                            "to": result.destination.label}))

    return draw


def card_lines(result: RouteResult) -> list[tuple[str, str]]:
    """(caption, value) rows of a route card."""
    mins, secs = divmod(int(round(result.time_s)), 60)
    stairs = [v for v in result.route.via if v not in result.route.doors]
    rows = [
        (tr("From"), result.origin.label),
        (tr("To"), result.destination.label),
        (tr("Length"), tr("{metres} m").format(metres=round(result.route.length))),
        (tr("Time"), tr("{minutes} min {seconds:02d} s at walking pace").format(minutes=mins, seconds=secs)),
        (tr("Storeys"), " > ".join(result.storey_names)),
        (tr("Via"), ", ".join(stairs) or "-"),
        (tr("Doors passed"), ", ".join(result.route.doors) or "-"),
    ]
    if result.confirmed is not None:
        rows.append((tr("Exit"), tr("confirmed by an operator") if result.confirmed else tr("not yet confirmed")))
    return rows


def _wrap(text: str, size: float, width: float, _caption: str = "", max_lines: int = 3) -> list[str]:
    """*text* in lines that fit *width* mm, broken after ", " or " > " (the last line shortened if needed)."""
    lines, current = [], ""
    for word in re.split(r"(?<=, )|(?<= > )", text):
        if current and text_width(current + word, size) > width:
            lines.append(current.rstrip())
            current = word
        else:
            current += word
    lines.append(current.rstrip())
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return [fit_text(line, size, width) for line in lines]


def route_cards_page(results: Sequence[RouteResult], venue_name: str, paper_name: str = "A4") -> Drawing:
    p = paper(paper_name)
    d = Drawing(p.width, p.height, title=tr("Routes - {venue}").format(venue=venue_name))
    d.add("frame", Text(p.margin, p.margin + 6, tr("Routes - {venue}").format(venue=venue_name), size=14, bold=True))
    y = p.margin + 14
    card_w = (p.width - 2 * p.margin - 8) / 2
    for i, result in enumerate(results):
        x = p.margin + (i % 2) * (card_w + 8)
        rows = [(caption, line) for caption, value in card_lines(result)
                for line in _wrap(value, 7.5, card_w - 33, caption)]
        h = 8 + 4.6 * len(rows)
        if y + h > p.height - p.margin:
            break
        items = [rectangle(x, y, card_w, h, Style(stroke=ROUTE_COLOUR, width=0.4, fill="#ffffff"))]
        shown = set()
        for k, (caption, value) in enumerate(rows):
            ry = y + 6 + 4.6 * k
            if caption not in shown:
                items.append(Text(x + 3, ry, caption, size=7.5, bold=True, colour=ROUTE_COLOUR))
                shown.add(caption)
            items.append(Text(x + 30, ry, value, size=7.5))
        d.add("frame", Group(items, {"kind": "route_card", "from": result.origin.label,
                                     "to": result.destination.label}))
        if i % 2 == 1:
            y += h + 6
    return d


def annotate_ways_out(cat: Catalogue, venue_id: int, vp: VenuePlans) -> None:
    """Write "24 m to exit 3" beside each stair leading off each planned storey."""
    from venueplans.geometry.walkroute import NoPlace, nearest_way_out
    from venueplans.ops.routes import exit_label

    net = venue_network(cat, venue_id)
    for plan in vp.plans:
        s = plan.storey.index
        for lk in plan.links:
            lower = lk.below(s)
            if lk.kind == "lift" or lower is None or s not in lk.landings:
                continue
            x, y, _ = lk.landings[lower]
            try:
                found = nearest_way_out(net, (lower, x, y))
            except NoPlace:
                continue
            if found is not None:
                target = net.graph.nodes[found.target]
                short = tr("exit {number}").format(number=target["number"]) if target.get("number") is not None \
                    else exit_label(target)
                note = tr("{metres} m to {exit}").format(metres=round(found.length), exit=short)
                lk.extra.setdefault("exit_note", {})[s] = note


def route_overlays(vp: VenuePlans, results: Sequence[RouteResult]) -> dict[int, list]:
    """Storey index -> the overlays drawing each of *results* over that storey (only the storeys crossed)."""
    storeys = sorted(vp.storeys, key=lambda s: s.elevation)
    overlays: dict[int, list] = {}
    for plan in vp.plans:
        s = plan.storey
        higher = [o.elevation for o in storeys if o.elevation > s.elevation + 1e-6]
        overlays[s.index] = [route_overlay(r, s.index, s.elevation, min(higher) if higher else None)
                             for r in results if s.index in r.route.storeys]
    return overlays


def route_briefing(cat: Catalogue, venue_id: int, vp: VenuePlans, results: Sequence[RouteResult], *,
                   distance_maps: bool = True, paper_name: str = "A4", printed: datetime | None = None) -> Briefing:
    """The briefing of *vp* with the routes drawn over every storey they cross, the distance map under each
    storey, and a page of route cards after the storey plans."""
    annotate_ways_out(cat, venue_id, vp)
    overlays: dict[int, list] = {}
    routes = route_overlays(vp, results)
    for plan in vp.plans:
        s = plan.storey
        layers = []
        if distance_maps:
            layers.append(distance_overlay(storey_distance_map(cat, venue_id=venue_id, storey=s.index),
                                           clip=shapely.box(*vp.grid.bounds)))
        overlays[s.index] = layers + routes[s.index]
    appendix = [(route_cards_page(results, vp.venue.name, paper_name), "routes", tr("Route cards"))] if results else []
    return build_briefing(vp, paper_name=paper_name, printed=printed, overlays=overlays, appendix=appendix)
