"""Draw a `StoreyPlan` into a `Drawing`: the plan itself, without page furniture.

Conventions of a tactical plan: the cut walls are solid dark, openings are white gaps, the floor is a
faint tint, rooms are thin outlines with their number and name, seating blocks are tinted and counted,
stairs show their treads and an arrow going up, and the features sit on top — exits largest. Labels are
placed in priority order (exits, access points, other features, rooms, seating) and a label that would
overlap one already placed, or not fit inside its room, is left out rather than printed into mush.

`draw_plan` is what the printed sheet uses and what the Qt plan view can use for its own viewport: give
it any `PaperTransform` (a screen in millimetres is just another page).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from venueplans.briefing import symbols
from venueplans.briefing.drawing import PT, Circle, Drawing, Group, Path, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import text_width
from venueplans.briefing.placement import Occupancy
from venueplans.briefing.transform import PaperTransform
from venueplans.geometry.grid import ReferenceGrid
from venueplans.geometry.plan2d import StoreyPlan
from venueplans.i18n import tr, tr_n
from venueplans.model.features import FEATURE_KINDS

WALL = Style(stroke="#1a1a1a", width=0.08, fill="#1a1a1a")
STRUCTURE = Style(stroke="#3c3c3c", width=0.08, fill="#6e6e6e")
OPEN_LINES = Style(stroke="#555555", width=0.18)
FLOOR = Style(stroke=None, fill="#efece6")
SPACE = Style(stroke="#8c8c8c", width=0.18)
SEATING = Style(stroke="#6f83ad", width=0.25, fill="#dde5f3")
WINDOW = Style(stroke="#1a1a1a", width=0.12, fill="#ffffff")
GLASS = Style(stroke="#2f7bd0", width=0.25)
DOOR = Style(stroke="#1a1a1a", width=0.22)
DOOR_ARC = Style(stroke="#1a1a1a", width=0.12)
DOOR_CLOSED = Style(stroke="#7a7a7a", width=0.15)
EXIT_DOOR = Style(stroke=FEATURE_KINDS["exit"].colour, width=0.35)
EXIT_ARC = Style(stroke=FEATURE_KINDS["exit"].colour, width=0.2)
STAIR_EDGE = Style(stroke="#9b6a1c", width=0.12)
STAIR_OUTLINE = Style(stroke="#9b6a1c", width=0.25, fill="#fbf1df")
STAIR_ARROW = "#d47a00"
GRID = Style(stroke="#5f6b7a", width=0.15, dash=(1.2, 0.8))
LABEL_INK = "#333333"
LABEL_HALO = Style(stroke=None, fill="#ffffff", fill_opacity=0.7)
SEAT_INK = "#3b4f7a"
LABEL_CLEARANCE = 0.5  # mm kept between a label and any symbol or other label


def geometry_rings(geom: BaseGeometry, t: PaperTransform) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(closed rings of the polygons, open lines) of *geom* in paper millimetres."""
    rings: list[np.ndarray] = []
    lines: list[np.ndarray] = []
    if geom is None or geom.is_empty:
        return rings, lines
    for part in shapely.get_parts(geom):
        kind = part.geom_type
        if kind == "Polygon":
            rings.append(t.points(np.asarray(part.exterior.coords)[:, :2]))
            rings += [t.points(np.asarray(r.coords)[:, :2]) for r in part.interiors]
        elif kind in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
            r, ln = geometry_rings(part, t)
            rings += r
            lines += ln
        elif kind in ("LineString", "LinearRing"):
            lines.append(t.points(np.asarray(part.coords)[:, :2]))
    return rings, lines


def _fill(drawing: Drawing, layer: str, geom: BaseGeometry, t: PaperTransform, style: Style,
          line_style: Style | None = None) -> None:
    rings, lines = geometry_rings(geom, t)
    if rings:
        drawing.add(layer, Path(rings, style, closed=True))
    if lines and line_style is not None:
        drawing.add(layer, Path(lines, line_style, closed=False))


def _prepare(geom: BaseGeometry, clip: BaseGeometry, t: PaperTransform) -> BaseGeometry:
    """Clip to the plan frame and drop detail finer than a tenth of a millimetre on paper."""
    if geom is None or geom.is_empty:
        return geom
    return shapely.clip_by_rect(geom, *clip.bounds).simplify(t.metres(0.1))


def draw_plan(
    drawing: Drawing,
    plan: StoreyPlan,
    t: PaperTransform,
    *,
    grid: ReferenceGrid | None = None,
    occupancy: Occupancy | None = None,
    labels_only: bool = False,
) -> Occupancy:
    """Add *plan*'s layers to *drawing* through *t*, clipped to the grid (or the plan's bounds).
    Returns the occupied label boxes so the caller can place more labels around them. *labels_only*:
    just the "features" and "labels" layers (the app's plan lays them out again at each zoom step, over
    a building drawn once); the geometry never takes room from a label, so they come out the same."""
    occupancy = occupancy or Occupancy()
    if not labels_only:
        if grid is not None:
            clip = shapely.box(*grid.bounds)
        else:
            b = plan.bounds() or (0.0, 0.0, 1.0, 1.0)
            clip = shapely.box(*b)
        _fill(drawing, "floor", _prepare(plan.floor, clip, t), t, FLOOR)
        for space in plan.spaces:
            rings, _ = geometry_rings(_prepare(space.outline, clip, t), t)
            if rings:
                drawing.add("spaces", Path(rings, SPACE, closed=True))
        for block in plan.seating:
            _fill(drawing, "seating", _prepare(block.outline, clip, t), t, SEATING)
        _draw_solids(drawing, plan, clip, t)
        _draw_openings(drawing, plan, clip, t)
        _draw_stairs(drawing, plan, clip, t)
        if grid is not None:
            draw_grid_lines(drawing, grid, t)
    _draw_features(drawing, plan, t, occupancy, grid)
    _draw_space_labels(drawing, plan, t, occupancy)
    _draw_seating_labels(drawing, plan, t, occupancy)
    return occupancy


def _draw_solids(drawing: Drawing, plan: StoreyPlan, clip: BaseGeometry, t: PaperTransform) -> None:
    walls = plan.walls.area()
    structure = plan.structure.area()
    # A bare mesh has no wall category: its cut is the building and is drawn as walls.
    structure_style = STRUCTURE if not walls.is_empty else WALL
    _fill(drawing, "structure", _prepare(structure, clip, t), t, structure_style)
    lines = shapely.union_all([plan.walls.lines, plan.structure.lines])
    _fill(drawing, "structure", _prepare(lines, clip, t), t, OPEN_LINES, OPEN_LINES)
    _fill(drawing, "walls", _prepare(walls, clip, t), t, WALL)


def _draw_openings(drawing: Drawing, plan: StoreyPlan, clip: BaseGeometry, t: PaperTransform) -> None:
    for window in plan.windows:
        if not window.outline.intersects(clip):
            continue
        _fill(drawing, "openings", window.outline, t, WINDOW)
        _fill(drawing, "openings", window.glass, t, GLASS, GLASS)
    for door in plan.doors:
        if not clip.contains(shapely.Point(door.centre)):
            continue
        leaves = door.leaves()
        items = []
        if not leaves:  # unknown swing: the closed leaf across the gap says "door", not "hole"
            c, u, h = np.asarray(door.centre), np.asarray(door.along), door.width / 2
            items.append(polyline(t.points(np.array([c - u * h, c + u * h])), DOOR_CLOSED))
        for hinge, closed_dir, open_dir, length in leaves:
            hx, hy = hinge
            tip = (hx + open_dir[0] * length, hy + open_dir[1] * length)
            leaf_style, arc_style = (EXIT_DOOR, EXIT_ARC) if door.is_exit else (DOOR, DOOR_ARC)
            items.append(polyline(t.points(np.array([hinge, tip])), leaf_style))
            paper_hinge = t.point(hx, hy)
            arc = symbols.swing_arc(paper_hinge, t.direction(*closed_dir), t.direction(*open_dir),
                                    length * t.mm_per_m)
            items.append(Path([arc], arc_style, closed=False))
        drawing.add("openings", Group(items, {"kind": "door", "element": door.element, "exit": door.is_exit}))


def _draw_stairs(drawing: Drawing, plan: StoreyPlan, clip: BaseGeometry, t: PaperTransform) -> None:
    for stair in plan.stairs:
        items = []
        if not stair.outline.is_empty:
            rings, _ = geometry_rings(_prepare(stair.outline, clip, t), t)
            if rings:
                items.append(Path(rings, STAIR_OUTLINE, closed=True))
        _, edges = geometry_rings(_prepare(stair.treads, clip, t), t)
        if edges:
            items.append(Path(edges, STAIR_EDGE, closed=False))
        if stair.up is not None and stair.up.length * t.mm_per_m >= 3.0:
            pts = t.points(np.asarray(stair.up.coords)[:, :2])
            pts = pts[::-1] if stair.arriving else pts  # the arriving flight points down, the way out
            items += symbols.arrow(pts, STAIR_ARROW, width=0.45, head=min(2.2, stair.up.length * t.mm_per_m / 3))
            x, y = pts[0]
            items.append(Text(x, y, tr("DOWN") if stair.arriving else tr("UP"), size=5.0, colour=STAIR_ARROW,
                              bold=True, anchor="middle",
                              baseline="middle"))
        if items:
            drawing.add("stairs", Group(items, {"kind": "stair", "element": stair.element}, stair.label or tr("Stair")))


def draw_grid_lines(drawing: Drawing, grid: ReferenceGrid, t: PaperTransform) -> None:
    """The cell lines over the plan and the frame around it (labels are the sheet's business)."""
    lines = []
    for i in range(grid.columns + 1):
        x = grid.x0 + i * grid.cell
        lines.append(t.points(np.array([[x, grid.y0], [x, grid.y1]])))
    for j in range(grid.rows + 1):
        y = grid.y0 - j * grid.cell
        lines.append(t.points(np.array([[grid.x0, y], [grid.x1, y]])))
    drawing.add("grid", Path(lines[1:grid.columns] + lines[grid.columns + 2:-1], GRID, closed=False))
    x0, y0 = t.point(grid.x0, grid.y0)
    x1, y1 = t.point(grid.x1, grid.y1)
    drawing.add("grid", polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], Style(stroke="#333333", width=0.3),
                                 closed=True))


def _feature_meta(f, grid: ReferenceGrid | None) -> dict:
    cell = grid.cell_of(f.position[0], f.position[1]) if grid else None
    return {"kind": f.kind, "number": f.number, "cell": cell, "feature_id": f.id, "label": f.label or None}


def feature_priority(kind: str) -> int:
    """0 exits, 1 stairs and ways in (entrances, access points, gates), 2 everything else: the order in
    which symbols claim their place, so a lower one never covers a higher one."""
    fk = FEATURE_KINDS.get(kind)
    if kind == "exit":
        return 0
    if kind == "stair" or (fk is not None and fk.group == "access"):
        return 1
    return 2


def _draw_features(drawing: Drawing, plan: StoreyPlan, t: PaperTransform, occ: Occupancy,
                   grid: ReferenceGrid | None) -> None:
    drawn_stairs = {s.element for s in plan.stairs if s.element is not None}
    features = sorted(plan.features, key=lambda f: (feature_priority(f.kind), f.number is None, f.number or 0))
    frame = None
    if grid is not None:  # symbols stay inside the grid's frame, off the cell letters and numbers
        (gx0, gy0), (gx1, gy1) = t.point(grid.x0, grid.y0), t.point(grid.x1, grid.y1)
        frame = (min(gx0, gx1), min(gy0, gy1), max(gx0, gx1), max(gy0, gy1))
    for f in features:
        if f.kind == "stair" and f.element in drawn_stairs:
            continue  # the stair itself is drawn
        x, y = t.point(f.position[0], f.position[1])
        meta = _feature_meta(f, grid)
        fk = FEATURE_KINDS.get(f.kind)
        colour = fk.colour if fk else "#555555"
        direction = t.direction(*f.direction) if (f.kind == "exit" and f.direction) else None
        make, hw, hh = symbols.feature_symbol(f.kind, f.number, direction)
        cx, cy = _free_spot(occ, x, y, hw, hh, direction, frame)
        if (cx, cy) != (x, y):  # displaced: a leader line from the true place to the symbol
            drawing.add("features", Group([polyline([(x, y), (cx, cy)], Style(stroke=colour, width=0.3)),
                                           Circle((x, y), 0.7, Style(stroke=None, fill=colour))],
                                          {"kind": "leader", "of": f.kind, "feature_id": f.id}))
        occ.take((cx - hw, cy - hh, cx + hw, cy + hh))
        drawing.add("features", Group(make(cx, cy), meta, symbols.feature_title(f, meta["cell"])))


def _free_spot(occ: Occupancy, x: float, y: float, hw: float, hh: float,
               direction: tuple[float, float] | None, frame: tuple[float, float, float, float] | None = None
               ) -> tuple[float, float]:
    """Where to put a symbol of half-size (hw, hh) meant for (x, y): there if free, else nearby (the
    way out first for an exit, then the four sides and the diagonals, farther and farther)."""
    candidates = [(0.0, 0.0)]
    step = 2 * max(hw, hh) + 0.8
    dirs = [direction] if direction else []
    dirs += [(1, 0), (-1, 0), (0, -1), (0, 1), (0.7, -0.7), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]
    for ring in (1, 2, 3, 4):
        candidates += [(d[0] * step * ring, d[1] * step * ring) for d in dirs]
    for dx, dy in candidates:
        box = (x + dx - hw, y + dy - hh, x + dx + hw, y + dy + hh)
        if frame is not None and (dx or dy) and not (box[0] >= frame[0] and box[1] >= frame[1]
                                                     and box[2] <= frame[2] and box[3] <= frame[3]):
            continue  # a moved symbol stays inside the frame (one left in place may straddle it)
        if occ.free(box):
            return (x + dx, y + dy)
    return (x, y)  # crowded beyond reason: overlap rather than lose a feature


def label_regions(plan: StoreyPlan) -> list[BaseGeometry]:
    """Each room's own floor: its outline minus the smaller rooms inside it (the pitch inside the
    forecourt), so its label lands in the room and never in a neighbour."""
    outlines = [s.outline for s in plan.spaces]
    if not outlines:
        return []
    tree = shapely.STRtree(outlines)
    regions = []
    for i, space in enumerate(plan.spaces):
        inner = [outlines[j] for j in tree.query(space.outline)
                 if j != i and plan.spaces[j].area < space.area and outlines[j].intersects(space.outline)]
        region = space.outline
        if inner:
            try:
                region = shapely.difference(space.outline, shapely.union_all(inner)).buffer(0)
            except shapely.errors.GEOSException:  # a broken outline: its own polygon will do
                region = space.outline
        regions.append(region if not region.is_empty else space.outline)
    return regions


def _label_anchors(region: BaseGeometry, t: PaperTransform) -> list[tuple[float, float]]:
    """Paper points to try for a room's label: the pole of inaccessibility of its largest part, then
    other points inside it, nearest first."""
    parts = sorted(shapely.get_parts(region), key=lambda g: -g.area)
    parts = [g for g in parts if g.geom_type == "Polygon" and g.area > 0]
    if not parts:
        return []
    main = parts[0]
    pole = polylabel(main, tolerance=max(0.05, math.sqrt(main.area) / 50))
    points = [(pole.x, pole.y)]
    x0, y0, x1, y1 = main.bounds
    xs, ys = np.linspace(x0, x1, 9)[1:-1], np.linspace(y0, y1, 9)[1:-1]
    grid = [(x, y) for x in xs for y in ys]
    inside = shapely.contains_xy(main, [g[0] for g in grid], [g[1] for g in grid])
    extra = sorted((g for g, ok in zip(grid, inside, strict=True) if ok),
                   key=lambda g: (g[0] - pole.x) ** 2 + (g[1] - pole.y) ** 2)
    return [t.point(*p) for p in points + extra[:12]]


def _draw_space_labels(drawing: Drawing, plan: StoreyPlan, t: PaperTransform, occ: Occupancy) -> None:
    regions = label_regions(plan)
    for space, region in sorted(zip(plan.spaces, regions, strict=True), key=lambda sr: -sr[0].area):
        meta = {"kind": "space", "number": space.number, "name": space.name}
        full = [ln for ln in ((space.number, 7.0, True), (space.name, 6.5, False)) if ln[0]]
        small = [ln for ln in ((space.number, 6.0, True), (space.name, 5.5, False)) if ln[0]]
        tries = [full, small] + ([small[:1]] if len(small) == 2 else [])
        anchors = _label_anchors(region, t)
        done = False
        for lines in tries:
            for x, y in anchors:
                if _try_label_block(drawing, lines, x, y, t, occ, inside=region, colour=LABEL_INK, meta=meta):
                    done = True
                    break
            if done:
                break


def _draw_seating_labels(drawing: Drawing, plan: StoreyPlan, t: PaperTransform, occ: Occupancy) -> None:
    for block in sorted(plan.seating, key=lambda b: -b.seats):
        x, y = t.point(*block.anchor)
        for text in (tr_n("{count} seat", "{count} seats", block.seats).format(count=block.seats), f"{block.seats}"):
            if _try_label_block(drawing, [(text, 6.0, True)], x, y, t, occ, inside=block.outline, colour=SEAT_INK,
                                meta={"kind": "seating", "seats": block.seats}):
                break


def _try_label_block(drawing: Drawing, lines: Sequence[tuple[str, float, bool]], x: float, y: float,
                     t: PaperTransform, occ: Occupancy, *, inside: BaseGeometry, colour: str, meta: dict) -> bool:
    """Place centred lines of text at (x, y) if they fit inside *inside* (world) and overlap nothing."""
    if not lines:
        return False
    heights = [size * PT * 1.15 for _, size, _ in lines]
    width = max(text_width(s, size, bold=b) for s, size, b in lines)
    total = sum(heights)
    box = (x - width / 2, y - total / 2, x + width / 2, y + total / 2)
    clear = (box[0] - LABEL_CLEARANCE, box[1] - LABEL_CLEARANCE, box[2] + LABEL_CLEARANCE, box[3] + LABEL_CLEARANCE)
    if not occ.free(clear) or not inside.contains(t.world_box(*box)):
        return False
    # A light halo keeps the text readable where a grid line or a thin wall runs through it.
    items: list = [rectangle(box[0] - 0.4, box[1] - 0.1, box[2] - box[0] + 0.8, box[3] - box[1] + 0.2, LABEL_HALO)]
    top = box[1]
    for (s, size, bold), h in zip(lines, heights, strict=True):
        items.append(Text(x, top + h / 2, s, size=size, colour=colour, bold=bold, anchor="middle", baseline="middle"))
        top += h
    occ.take(box)
    drawing.add("labels", Group(items, meta))
    return True
