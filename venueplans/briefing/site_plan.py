"""The site plan (plan de masse): the building's outline, its faces A-D, its ways in and what stands outside.

Incident command names a building's faces A, B, C, D clockwise from the front, the face of the main
entrance. The faces are the sides of the outline's minimum rotated rectangle: A is the side nearest the
main entrance (else the lowest-numbered access point, else exit 1, else the south side, and the panel
says which rule chose it), then clockwise as seen from above with north up.

The plan shares the storey sheets' grid, scale and position, so a hydrant in C7 is in C7 on every page.
It shows the ways in (entrances, access points, gates, vehicle accesses), the outdoor features an
operator places (hydrants and water points, dry-riser inlets, fire-engine access, assembly points,
vehicle barriers) and the site storey's exits, placed by the same priorities as the storey plans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import shapely

from venueplans.briefing import symbols
from venueplans.briefing.drawing import Circle, Drawing, Group, Path, Style, Text
from venueplans.briefing.fonts import fit_text
from venueplans.briefing.placement import Occupancy
from venueplans.briefing.plan_drawing import _draw_features, _prepare, draw_grid_lines, geometry_rings
from venueplans.briefing.sheets import (
    MUTED,
    SheetContext,
    SheetLayout,
    _footer,
    _grid_labels,
    _verification_box,
    scale_block,
)
from venueplans.briefing.text_wrap import wrap
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.geometry.plan2d import StoreyPlan
from venueplans.i18n import N_, tr
from venueplans.model import Feature
from venueplans.model.features import FEATURE_KINDS, OUTDOOR_KINDS

FACE_LETTERS = "ABCD"
FACE_FILL = "#1f2a36"
FOOTPRINT = Style(stroke="#1a1a1a", width=0.5, fill="#d9d4cc")
SITE_KINDS = frozenset({k for k, fk in FEATURE_KINDS.items() if fk.group == "access"} | OUTDOOR_KINDS)

# Why face A is where it is (shown on the sheet).
FRONT_RULES = {
    "entrance": N_("face A: the main entrance's side"),
    "access": N_("face A: the side of access point {code} (no main entrance recorded)"),
    "exit": N_("face A: the side of exit 1 (no entrance or access point recorded)"),
    "south": N_("face A: the south side (no entrance, access point or exit recorded)"),
}


@dataclass(frozen=True)
class Face:
    letter: str
    start: tuple[float, float]  # world metres
    end: tuple[float, float]
    normal: tuple[float, float]  # outward unit vector

    @property
    def middle(self) -> tuple[float, float]:
        return ((self.start[0] + self.end[0]) / 2, (self.start[1] + self.end[1]) / 2)


def site_storey(vp: VenuePlans) -> StoreyPlan | None:
    """The plan the site is drawn from: the main entrance's storey, else the one nearest ground level."""
    plans = [pl for pl in ([vp.site] if vp.site is not None else []) + list(vp.plans) if pl.bounds() is not None]
    if not plans:
        return None
    entrance = next((f for f in vp.features if f.kind == "entrance"), None)
    if entrance is not None:
        for pl in plans:
            if pl.storey.index == entrance.storey:
                return pl
    return min(plans, key=lambda pl: abs(pl.storey.elevation))


def footprint(plan: StoreyPlan):
    """The building's outline on the site storey: floor, walls and other cut solids merged."""
    parts = [g for g in (plan.floor, plan.walls.area(), plan.structure.area()) if g is not None and not g.is_empty]
    parts += [s.outline for s in plan.spaces]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts).buffer(0.5).buffer(-0.5)


def front_feature(features: list[Feature]) -> tuple[Feature | None, str]:
    """The feature that marks the front (face A) and the rule that chose it."""
    entrance = [f for f in features if f.kind == "entrance"]
    if entrance:
        return entrance[0], "entrance"
    access = sorted((f for f in features if f.kind in ("access_point", "pedestrian_gate")),
                    key=lambda f: (f.number is None, f.number or 0))
    if access:
        return access[0], "access"
    exits = sorted((f for f in features if f.kind == "exit" and f.number is not None), key=lambda f: f.number)
    if exits:
        return exits[0], "exit"
    return None, "south"


def building_faces(outline, front: tuple[float, float] | None) -> list[Face]:
    """Faces A-D of *outline*: A the side nearest *front* (else the south side), then clockwise."""
    if outline is None or outline.is_empty:
        return []
    rect = shapely.minimum_rotated_rectangle(outline)
    if rect.geom_type != "Polygon":
        return []
    pts = np.asarray(rect.exterior.coords)[:4]
    centre = pts.mean(axis=0)
    edges = []
    for i in range(4):
        a, b = pts[i], pts[(i + 1) % 4]
        mid = (a + b) / 2
        n = mid - centre
        n = n / (np.hypot(*n) or 1.0)
        edges.append((tuple(a), tuple(b), (float(n[0]), float(n[1]))))
    if front is not None:
        p = shapely.Point(front)
        first = min(range(4), key=lambda i: shapely.LineString([edges[i][0], edges[i][1]]).distance(p))
    else:
        first = min(range(4), key=lambda i: edges[i][2][1])  # the outward normal pointing most south
    angle = [math.atan2(n[1], n[0]) for _, _, n in edges]
    # Clockwise seen from above (north up, y up): decreasing angle from face A's.
    order = sorted(range(4), key=lambda i: (angle[first] - angle[i]) % (2 * math.pi))
    return [Face(FACE_LETTERS[k], edges[i][0], edges[i][1], edges[i][2]) for k, i in enumerate(order)]


def site_sheet(vp: VenuePlans, layout: SheetLayout, ctx: SheetContext) -> Drawing | None:
    """The site plan page, or None when no storey has anything to draw."""
    plan = site_storey(vp)
    if plan is None:
        return None
    p = layout.paper
    t = layout.transform
    grid = vp.grid
    d = Drawing(p.width, p.height, title=tr("{venue} - site plan").format(venue=ctx.venue_name))
    clip = shapely.box(*grid.bounds)
    outline = footprint(plan)
    rings, _ = geometry_rings(_prepare(outline, clip, t), t)
    if rings:
        d.add("walls", Group([Path(rings, FOOTPRINT, closed=True)], {"kind": "building_outline"}))
    draw_grid_lines(d, grid, t)

    feature, rule = front_feature(vp.features)
    faces = building_faces(outline, feature.position[:2] if feature is not None else None)
    occ = Occupancy()
    shown = [f for f in vp.features if f.kind in SITE_KINDS or (f.kind == "exit" and f.storey == plan.storey.index)]
    _draw_features(d, replace(plan, features=shown, stairs=[]), t, occ, grid)  # exits first, as on every sheet
    x0, y0, x1, y1 = layout.plan_box
    r = 4.2
    for face in faces:  # then the face letters, just inside their side where nothing is drawn yet
        nx, ny = t.direction(*face.normal)
        (sx, sy), (ex, ey) = t.point(*face.start), t.point(*face.end)
        spots = [(sx + (ex - sx) * f - nx * depth, sy + (ey - sy) * f - ny * depth)
                 for depth in (7.0, 12.0, 17.0, 22.0, -7.0, -12.0)
                 for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9)]  # inside first, then outside
        spots = [(min(max(cx, x0 + 6), x1 - 6), min(max(cy, y0 + 6), y1 - 6)) for cx, cy in spots]
        cx, cy = next(((cx, cy) for cx, cy in spots if occ.free((cx - r, cy - r, cx + r, cy + r))), spots[0])
        occ.take((cx - r, cy - r, cx + r, cy + r))
        d.add("features", Group([Circle((cx, cy), r, Style(stroke="#ffffff", width=0.5, fill=FACE_FILL)),
                                 Text(cx, cy, face.letter, size=13, bold=True, colour="#ffffff", anchor="middle",
                                      baseline="middle")],
                                {"kind": "face", "face": face.letter, "side": ((sx, sy), (ex, ey))},
                                tr("Face {letter}").format(letter=face.letter)))
    _grid_labels(d, grid, t, p)
    _site_header(d, layout, ctx, plan)
    _site_panel(d, layout, vp, shown, rule, feature)
    _footer(d, p, ctx)
    return d


def _site_header(d: Drawing, layout: SheetLayout, ctx: SheetContext, plan: StoreyPlan) -> None:
    p = layout.paper
    x, y = p.margin, p.margin
    d.add("frame", Text(x, y + 5.5, ctx.venue_name, size=15, bold=True))
    sub = tr("Site plan (plan de masse)  ·  building outline on {storey}  ·  faces A-D, ways in, outdoor "
             "features").format(storey=plan.storey.name)
    d.add("frame", Text(x, y + 11.5, sub, size=9.5, colour=MUTED))
    _verification_box(d, p.width - p.margin, y + 0.5, ctx.verified)


def _site_panel(d: Drawing, layout: SheetLayout, vp: VenuePlans, shown: list[Feature], rule: str,
                front: Feature | None) -> None:
    x0, _, x1, y1 = layout.panel_box
    w = x1 - x0
    y = scale_block(d, layout, vp.grid)
    code = symbols.feature_code(front.kind, front.number) if front is not None else ""
    d.add("frame", Text(x0, y, tr("Faces"), size=9, bold=True))
    y += 4.5
    d.add("frame", Text(x0, y, fit_text(tr("A, B, C, D clockwise from the front"), 7, w), size=7))
    y += 3.6
    for line in wrap(tr(FRONT_RULES[rule]).format(code=code), 6.5, w, max_lines=3):
        d.add("frame", Text(x0, y, line, size=6.5, colour=MUTED))
        y += 3.0
    y += 3
    d.add("frame", Text(x0, y, tr("Ways in and outdoor features"), size=9, bold=True))
    y += 2
    order = list(FEATURE_KINDS)
    listed = sorted((f for f in shown if f.kind != "exit"),
                    key=lambda f: (order.index(f.kind) if f.kind in order else 99, f.number or 0))
    row = 5.0
    for i, f in enumerate(listed):
        if y + row > y1 - 4:
            d.add("frame", Text(x0, y + 3.5, tr("+ {n} more: see the tables").format(n=len(listed) - i), size=7,
                                colour=MUTED))
            break
        make, hw, hh = symbols.feature_symbol(f.kind, f.number)
        k = min(1.0, 3.6 / max(2 * hh, 1e-6), 8.0 / max(2 * hw, 1e-6))
        from venueplans.briefing.sheets import _scaled

        items = _scaled(make(0.0, 0.0), k, x0 + 4, y + row / 2)
        fk = FEATURE_KINDS.get(f.kind)
        text = f"{vp.cell_of(f)}  {fk.title if fk else f.kind}" + (f" - {f.label}" if f.label else "")
        lines = wrap(text, 7, w - 11, max_lines=2)
        for k, line in enumerate(lines):
            items.append(Text(x0 + 10, y + row / 2 + k * 3.0, line, size=7, baseline="middle"))
        d.add("frame", Group(items, {"kind": "site_row", "feature": f.kind}))
        y += row + 3.0 * (len(lines) - 1)
    if not listed:
        d.add("frame", Text(x0, y + 3.5, tr("none recorded: operators place hydrants, dry risers, fire-engine "
                                            "access..."), size=6.5, colour=MUTED))
