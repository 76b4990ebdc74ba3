"""A scenario phase on the printed plans: tactical symbols, routes, areas, tracks and notes over each storey.

A trainer's exercise (`venueplans.model.scenario`) is printed as the venue's briefing with one phase drawn
over every storey sheet, so the team reads *where everyone is at H+00:05* on the same gridded plan they
use for the exits. What goes where, bottom to top:

- areas (cordon, danger zone): a translucent tint and a hatch *under the walls*, their outline (the
  cordon dashed) under the exits — a zone never hides an exit number;
- routes: a coloured line on a white casing with an arrow head at each end on this storey, drawn under
  the exit badges; where a route changes storey a ring and "to <storey>" / "from <storey>" mark it;
- tracks: the way a moved marker came, dashed in its colour, rings at its earlier places;
- markers: the MIL-STD-2525D / APP-6D symbol itself, drawn from milsymbol's SVG as vector paths
  (`symbol_items`), its anchor on the position; a symbol that would cover an exit badge or another
  symbol moves aside on a leader line. Label (and team) beside it, in the marker's colour;
- notes: text in a pale yellow box.

Labels never go over an exit badge, an access marker or another scenario label when a free place
exists nearby (they try four sides, then farther rings). The page furniture names the phase: a banner
in each sheet's header ("EXERCISE · PHASE 2/4 · H+00:05 · Entry"), the phase notes and a legend of the
symbols, teams and line styles used on that sheet in the side panel, and a block on the cover.

    sp = load_scenario_print(cat, venue_id, scenario="Night exercise", phase="Entry")
    briefing = scenario_briefing(vp, sp)                  # or scenario_sheet(vp, i, sp) for one storey
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np
import shapely

from venueplans.briefing import symbols as plan_symbols
from venueplans.briefing.briefing import (
    Briefing,
    Extent,
    briefing_layout,
    build_briefing,
    single_storey_sheet,
)
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
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.briefing.plan_drawing import Occupancy
from venueplans.briefing.sheets import INK, MUTED, SheetLayout
from venueplans.briefing.transform import PaperTransform
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.errors import UserError
from venueplans.i18n import tr
from venueplans.model.scenario import (
    AREA_KINDS,
    TACTICAL_SYMBOLS,
    Annotation,
    PlacedAnnotation,
    ScenarioState,
)
from venueplans.ops.symbols import render_symbol

SYMBOL_MM = 5.0  # height of a unit frame (milsymbol's 100 units) on paper
LEGEND_SYMBOL_MM = 2.6
BANNER = "#1f2a36"
NOTE_FILL, NOTE_EDGE = "#fff6c8", "#b59b00"
HALO = Style(stroke=None, fill="#ffffff", fill_opacity=0.85)
LABEL_PT, TEAM_PT = 7.0, 6.0

# =================================================================== milsymbol SVG -> display list
#
# milsymbol writes small SVGs: <path d>, <circle>, <text>, and <g> with translate / scale / rotate,
# attributes inherited through groups. This reader turns them into `Path`, `Circle` and `Text` items
# in SVG units; `symbol_items` scales and places them. Curves and arcs are flattened; clip paths are
# ignored (milsymbol uses them only for a few icons clipped by their own frame).

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
          "yellow": "#ffff00", "gray": "#808080", "grey": "#808080", "orange": "#ffa500", "purple": "#800080"}
_INHERITED = ("fill", "stroke", "stroke-width", "fill-opacity", "stroke-dasharray", "font-size",
              "font-weight", "text-anchor", "dominant-baseline")


def _colour(value: str | None) -> tuple[str | None, float]:
    """('#rrggbb' or None for none, alpha) of an SVG paint."""
    v = (value or "").strip().lower()
    if not v or v == "none" or v == "transparent":
        return None, 1.0
    if v.startswith("#"):
        h = v[1:]
        if len(h) == 3:
            h = "".join(c * 2 for c in h)
        return (f"#{h[:6]}", 1.0) if re.fullmatch(r"[0-9a-f]{6}", h[:6]) else ("#000000", 1.0)
    if v.startswith("rgb"):
        nums = [float(n) for n in _NUMBER.findall(v)]
        if len(nums) >= 3:
            r, g, b = (max(0, min(255, round(n))) for n in nums[:3])
            return f"#{r:02x}{g:02x}{b:02x}", (nums[3] if len(nums) > 3 else 1.0)
    return _NAMED.get(v, "#000000"), 1.0


class _Scanner:
    """Reads an SVG path's `d`: commands, numbers and arc flags (which may be written run together)."""

    def __init__(self, d: str):
        self.s, self.i = d, 0

    def _skip(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n,":
            self.i += 1

    def command(self) -> str | None:
        self._skip()
        if self.i < len(self.s) and self.s[self.i].isalpha():
            self.i += 1
            return self.s[self.i - 1]
        return None

    def has_number(self) -> bool:
        self._skip()
        return self.i < len(self.s) and self.s[self.i] in "+-.0123456789"

    def number(self) -> float:
        self._skip()
        m = _NUMBER.match(self.s, self.i)
        if not m:
            raise ValueError(f"bad SVG path near {self.s[self.i:self.i + 12]!r}")
        self.i = m.end()
        return float(m.group())

    def flag(self) -> bool:
        self._skip()
        self.i += 1
        return self.s[self.i - 1] == "1"


def _cubic(p0, p1, p2, p3, n: int = 10) -> list:
    t = np.linspace(0, 1, n + 1)[1:, None]
    return list((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3)


def _arc(p0, rx, ry, phi_deg, large, sweep, p1) -> list:
    """Points of an SVG elliptical arc (endpoint parameterisation -> centre, SVG spec F.6.5)."""
    if rx == 0 or ry == 0 or np.allclose(p0, p1):
        return [np.asarray(p1, float)]
    phi = math.radians(phi_deg)
    c, s = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = c * dx + s * dy, -s * dx + c * dy
    rx, ry = abs(rx), abs(ry)
    lam = (x1 / rx) ** 2 + (y1 / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx**2 * ry**2 - rx**2 * y1**2 - ry**2 * x1**2
    k = math.sqrt(max(0.0, num / (rx**2 * y1**2 + ry**2 * x1**2)))
    if large == sweep:
        k = -k
    cx1, cy1 = k * rx * y1 / ry, -k * ry * x1 / rx
    cx = c * cx1 - s * cy1 + (p0[0] + p1[0]) / 2
    cy = s * cx1 + c * cy1 + (p0[1] + p1[1]) / 2
    a0 = math.atan2((y1 - cy1) / ry, (x1 - cx1) / rx)
    a1 = math.atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx)
    delta = a1 - a0
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    t = a0 + delta * np.linspace(0, 1, max(4, int(abs(delta) / 0.2)) + 1)[1:]
    return list(np.c_[cx + rx * np.cos(t) * c - ry * np.sin(t) * s, cy + rx * np.cos(t) * s + ry * np.sin(t) * c])


def path_rings(d: str) -> list[tuple[np.ndarray, bool]]:
    """(points, closed) of each subpath of an SVG path `d`, curves flattened."""
    sc = _Scanner(d)
    rings: list[tuple[np.ndarray, bool]] = []
    pts: list = []
    cur = start = np.zeros(2)
    last_ctrl, cmd = None, None

    def flush(closed: bool) -> None:
        nonlocal pts
        if len(pts) >= 2:
            rings.append((np.array(pts, dtype=float), closed))
        pts = []

    while True:
        c = sc.command()
        if c is None:
            if cmd is None or not sc.has_number():
                break
            c = {"M": "L", "m": "l"}.get(cmd, cmd)  # numbers after a moveto are linetos
        cmd = c
        rel = c.islower()
        u = c.upper()
        base = cur if rel else np.zeros(2)
        if u == "Z":
            flush(True)
            cur, last_ctrl = start, None
            continue
        if u == "M":
            flush(False)
            cur = base + (sc.number(), sc.number())
            start, pts, last_ctrl = cur, [cur], None
        elif u == "L":
            cur = base + (sc.number(), sc.number())
            pts.append(cur)
            last_ctrl = None
        elif u in "HV":
            v = sc.number()
            cur = np.array([(cur[0] if rel else 0) + v, cur[1]] if u == "H" else [cur[0], (cur[1] if rel else 0) + v])
            pts.append(cur)
            last_ctrl = None
        elif u in "CS":
            p1 = (2 * cur - last_ctrl if last_ctrl is not None else cur) if u == "S" else base + (sc.number(), sc.number())
            p2 = base + (sc.number(), sc.number())
            p3 = base + (sc.number(), sc.number())
            pts += _cubic(cur, p1, p2, p3)
            cur, last_ctrl = p3, p2
        elif u in "QT":
            q = (2 * cur - last_ctrl if last_ctrl is not None else cur) if u == "T" else base + (sc.number(), sc.number())
            p3 = base + (sc.number(), sc.number())
            pts += _cubic(cur, cur + 2 / 3 * (q - cur), p3 + 2 / 3 * (q - p3), p3, 8)
            cur, last_ctrl = p3, q
        elif u == "A":
            rx, ry, rot = sc.number(), sc.number(), sc.number()
            large, sweep = sc.flag(), sc.flag()
            p1 = base + (sc.number(), sc.number())
            pts += _arc(cur, rx, ry, rot, large, sweep, p1)
            cur, last_ctrl = p1, None
        else:
            raise ValueError(f"SVG path command {c!r} not supported")
        if not pts:
            pts = [cur]
    flush(False)
    return rings


def _transform(text: str | None) -> np.ndarray:
    """3x3 affine matrix of an SVG transform list (translate, scale, rotate, matrix)."""
    m = np.eye(3)
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        a = [float(x) for x in _NUMBER.findall(args)]
        t = np.eye(3)
        if name == "translate":
            t[0, 2], t[1, 2] = a[0], (a[1] if len(a) > 1 else 0.0)
        elif name == "scale":
            t[0, 0], t[1, 1] = a[0], (a[1] if len(a) > 1 else a[0])
        elif name == "rotate":
            r = math.radians(a[0])
            cx, cy = (a[1], a[2]) if len(a) >= 3 else (0.0, 0.0)
            rot = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
            t = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]]) @ rot @ np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]])
        elif name == "matrix" and len(a) == 6:
            t = np.array([[a[0], a[2], a[4]], [a[1], a[3], a[5]], [0, 0, 1]])
        m = m @ t
    return m


def _apply(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return pts @ m[:2, :2].T + m[:2, 2]


def svg_items(svg: str) -> tuple[list[Item], tuple[float, float, float, float]]:
    """Display-list items of an SVG in its own units (1 unit = 1 mm), and its viewBox (x, y, w, h)."""
    root = ElementTree.fromstring(svg)
    vb = [float(v) for v in _NUMBER.findall(root.get("viewBox", ""))]
    if len(vb) != 4:
        vb = [0.0, 0.0, float(root.get("width", 100)), float(root.get("height", 100))]
    items: list[Item] = []
    inherited = {"fill": "black", "stroke": "none", "stroke-width": "1", "font-size": "12"}
    _walk(root, np.eye(3), inherited, items)
    return items, (vb[0], vb[1], vb[2], vb[3])


def _walk(node, m: np.ndarray, attrs: dict, out: list) -> None:
    for el in node:
        tag = el.tag.rsplit("}", 1)[-1]
        if tag in ("clipPath", "defs", "mask", "title", "desc"):
            continue
        a = dict(attrs)
        a.update({k: v for k, v in el.attrib.items() if k in _INHERITED})
        em = m @ _transform(el.get("transform"))
        if tag == "g":
            _walk(el, em, a, out)
        else:
            out.extend(_element(tag, el, em, a))


def _style(a: dict, scale: float, *, closed: bool = True) -> tuple[Style | None, Style | None]:
    """(fill style, stroke style) of an element's attributes."""
    fill, fill_alpha = _colour(a.get("fill"))
    stroke, _ = _colour(a.get("stroke"))
    width = float(_NUMBER.findall(a.get("stroke-width", "1"))[0]) * scale
    dash = tuple(float(v) * scale for v in _NUMBER.findall(a.get("stroke-dasharray", "")) or ()) or None
    opacity = float(a.get("fill-opacity", "1") or 1) * fill_alpha
    fs = Style(stroke=None, fill=fill, fill_opacity=opacity) if fill and closed else None
    ss = Style(stroke=stroke, width=width, dash=dash, round_joins=True) if stroke and width > 0 else None
    return fs, ss


def _element(tag: str, el, m: np.ndarray, a: dict) -> list[Item]:
    scale = math.sqrt(abs(np.linalg.det(m[:2, :2]))) or 1.0
    num = lambda k, d=0.0: float(el.get(k, d))  # noqa: E731
    rings: list[tuple[np.ndarray, bool]] = []
    if tag == "path":
        rings = path_rings(el.get("d", ""))
    elif tag == "circle" and scale and abs(m[0, 1]) < 1e-9 and abs(m[0, 0] - m[1, 1]) < 1e-9:
        fs, ss = _style(a, scale)
        centre = tuple(_apply(m, np.array([[num("cx"), num("cy")]]))[0])
        style = Style(stroke=ss.stroke if ss else None, width=ss.width if ss else 0.0, fill=fs.fill if fs else None,
                      fill_opacity=fs.fill_opacity if fs else 1.0)
        return [Circle(centre, num("r") * scale, style)]
    elif tag in ("circle", "ellipse"):
        rx = num("r") if tag == "circle" else num("rx")
        ry = num("r") if tag == "circle" else num("ry")
        t = np.linspace(0, 2 * math.pi, 37)[:-1]
        rings = [(np.c_[num("cx") + rx * np.cos(t), num("cy") + ry * np.sin(t)], True)]
    elif tag == "rect":
        x, y, w, h = num("x"), num("y"), num("width"), num("height")
        rings = [(np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]), True)]
    elif tag in ("line", "polyline", "polygon"):
        if tag == "line":
            pts = np.array([[num("x1"), num("y1")], [num("x2"), num("y2")]])
        else:
            pts = np.array([float(v) for v in _NUMBER.findall(el.get("points", ""))]).reshape(-1, 2)
        rings = [(pts, tag == "polygon")]
    elif tag == "text":
        text = "".join(el.itertext()).strip()
        if not text:
            return []
        fill, _ = _colour(a.get("fill"))
        x, y = _apply(m, np.array([[num("x"), num("y")]]))[0]
        size = float(_NUMBER.findall(a.get("font-size", "12"))[0]) * scale
        anchor = {"middle": "middle", "end": "end"}.get(a.get("text-anchor", ""), "start")
        baseline = "middle" if a.get("dominant-baseline") in ("middle", "central") else "alphabetic"
        return [Text(float(x), float(y), text, size=size / PT, colour=fill or INK,
                     bold=a.get("font-weight") == "bold", anchor=anchor, baseline=baseline)]
    rings = [(_apply(m, r), closed) for r, closed in rings if len(r) >= 2]
    if not rings:
        return []
    fs, ss = _style(a, scale)
    items: list[Item] = []
    if fs is not None:  # SVG fills open subpaths too, as if closed
        items.append(Path([r for r, _ in rings], fs, closed=True))
    if ss is not None:
        closed_rings = [r for r, c in rings if c]
        open_rings = [r for r, c in rings if not c]
        if closed_rings:
            items.append(Path(closed_rings, ss, closed=True))
        if open_rings:
            items.append(Path(open_rings, ss, closed=False))
    return items


@dataclass(frozen=True)
class _Template:
    items: list[Item]  # SVG units
    box: tuple[float, float, float, float]  # viewBox as x0, y0, x1, y1
    anchor: tuple[float, float]  # SVG units


@lru_cache(maxsize=64)
def _template(key_or_sidc: str) -> _Template:
    image = render_symbol(key_or_sidc, 100.0)
    items, (vx, vy, vw, vh) = svg_items(image.svg)
    ax = vx + image.anchor[0] * vw / image.width
    ay = vy + image.anchor[1] * vh / image.height
    return _Template(items, (vx, vy, vx + vw, vy + vh), (ax, ay))


def _moved(item: Item, k: float, dx: float, dy: float) -> Item:
    """*item* scaled by *k* about the origin, then shifted by (dx, dy)."""
    if isinstance(item, Path):
        s = item.style
        style = replace(s, width=s.width * k, dash=tuple(v * k for v in s.dash) if s.dash else None)
        return Path([r * k + (dx, dy) for r in item.rings], style, item.closed)
    if isinstance(item, Circle):
        return Circle((item.centre[0] * k + dx, item.centre[1] * k + dy), item.radius * k,
                      replace(item.style, width=item.style.width * k))
    if isinstance(item, Text):
        return replace(item, x=item.x * k + dx, y=item.y * k + dy, size=item.size * k)
    return Group([_moved(i, k, dx, dy) for i in item.items], dict(item.meta), item.title)


def symbol_items(key_or_sidc: str, x: float, y: float, *, height: float = SYMBOL_MM
                 ) -> tuple[list[Item], tuple[float, float, float, float]]:
    """The milsymbol symbol as paper items with its anchor on (x, y) mm, and its box (x0, y0, x1, y1).
    *height* is the height of a unit frame (milsymbol's 100 units); pins and flags are taller."""
    t = _template(key_or_sidc)
    k = height / 100.0
    dx, dy = x - t.anchor[0] * k, y - t.anchor[1] * k
    box = (t.box[0] * k + dx, t.box[1] * k + dy, t.box[2] * k + dx, t.box[3] * k + dy)
    return [_moved(i, k, dx, dy) for i in t.items], box


# =================================================================== placing things on a crowded sheet

Box = tuple[float, float, float, float]


def item_box(item: Item) -> Box | None:
    """Paper bounding box of an item (texts measured with the PDF's font metrics)."""
    if isinstance(item, Path):
        pts = [r for r in item.rings if len(r)]
        if not pts:
            return None
        a = np.concatenate(pts)
        return (float(a[:, 0].min()), float(a[:, 1].min()), float(a[:, 0].max()), float(a[:, 1].max()))
    if isinstance(item, Circle):
        (x, y), r = item.centre, item.radius
        return (x - r, y - r, x + r, y + r)
    if isinstance(item, Text):
        return plan_symbols.text_box(item.x, item.y, item.text, item.size, bold=item.bold, anchor=item.anchor,
                                     baseline=item.baseline)
    boxes = [b for b in (item_box(i) for i in item.items) if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass
class _Placer:
    """Where symbols and labels may go. Exit badges and access markers must stay readable, and so must
    what the overlay placed already (`hard`); room labels and grid letters should (`soft`)."""

    hard: Occupancy  # the plan's features first, then what the overlay placed
    soft: Occupancy
    area: Box  # the plan area of the sheet: nothing is placed outside it
    features: list[Box] = field(default_factory=list)

    @classmethod
    def for_drawing(cls, d: Drawing, area: Box, bands: Sequence[Box] = ()) -> _Placer:
        hard, soft = Occupancy(pad=0.5), Occupancy(pad=0.3)
        for layer, occ in (("features", hard), ("labels", soft)):
            for item in d.layers[layer]:
                b = item_box(item)
                if b is not None:
                    occ.take(b)
        for b in bands:  # the grid's letters and numbers, printed after the overlay
            soft.take(b)
        return cls(hard, soft, area, list(hard.boxes))

    def inside(self, b: Box) -> bool:
        x0, y0, x1, y1 = self.area
        return b[0] >= x0 and b[1] >= y0 and b[2] <= x1 and b[3] <= y1

    def choose(self, boxes: Sequence[Box], *, stay: bool = False) -> int | None:
        """Index of the first box free of everything, else the first clear of exits and symbols, else
        None. With *stay*, the first box (a symbol on its own position) wins when it covers no exit."""
        if stay and self.inside(boxes[0]) and self.hard.free(boxes[0]):
            return 0
        for test in (lambda b: self.hard.free(b) and self.soft.free(b), self.hard.free):
            for i, b in enumerate(boxes):
                if self.inside(b) and test(b):
                    return i
        return None

    def least_bad(self, boxes: Sequence[Box]) -> int:
        """When nothing is free: the box covering no exit badge, then little of the symbols and labels
        placed (they weigh most: a far label on a hairline beats a hidden symbol), of room labels and
        grid letters, and near (boxes come nearest first)."""
        exits = len(self.features)

        def over(b: Box, others: Sequence[Box]) -> list[float]:
            return [max(0.0, min(b[2], o[2]) - max(b[0], o[0])) * max(0.0, min(b[3], o[3]) - max(b[1], o[1]))
                    for o in others]

        def cost(i: int, b: Box) -> float:
            hard = over(b, self.hard.boxes)
            return (sum(hard[:exits]) * 1e6 + 5 * sum(hard[exits:]) + sum(over(b, self.soft.boxes)) / 3 + 0.5 * i
                    + (0.0 if self.inside(b) else 1e4))

        return int(np.argmin([cost(i, b) for i, b in enumerate(boxes)]))

    def take(self, b: Box) -> None:
        self.hard.take(b)


def _offsets(step: float, rings: int = 3) -> list[tuple[float, float]]:
    dirs = [(1, 0), (-1, 0), (0, -1), (0, 1), (0.7, -0.7), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7)]
    return [(0.0, 0.0)] + [(dx * step * r, dy * step * r) for r in range(1, rings + 1) for dx, dy in dirs]


def _shift(b: Box, dx: float, dy: float) -> Box:
    return (b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy)


def _text_block(lines: Sequence[tuple[str, float, bool, str]], x: float, y: float, anchor: str
                ) -> tuple[list[Item], Box]:
    """Lines (text, size pt, bold, colour) stacked with their top-left / top-centre / top-right at (x, y),
    on a white halo."""
    heights = [size * PT * 1.2 for _, size, _, _ in lines]
    width = max(text_width(t, s, bold=b) for t, s, b, _ in lines)
    x0 = x if anchor == "start" else x - width / 2 if anchor == "middle" else x - width
    box = (x0 - 0.5, y - 0.2, x0 + width + 0.5, y + sum(heights) + 0.2)
    items: list[Item] = [rectangle(box[0], box[1], box[2] - box[0], box[3] - box[1], HALO)]
    top = y
    for (t, s, b, colour), h in zip(lines, heights, strict=True):
        items.append(Text(x, top + h / 2, t, size=s, bold=b, colour=colour, anchor=anchor, baseline="middle"))
        top += h
    return items, box


def _label_near(placer: _Placer, target: Box, lines, gap: float = 1.2) -> tuple[list[Item], Box]:
    """A label block beside *target* (right, left, below, above, then farther out): the first free spot,
    else the least bad one (a marker's label is never dropped)."""
    x0, y0, x1, y1 = target
    _, (_, by0, _, by1) = _text_block(lines, 0.0, 0.0, "start")
    h = by1 - by0
    cy, cx = (y0 + y1) / 2 - h / 2, (x0 + x1) / 2
    spots = [(x1 + gap, cy, "start"), (x0 - gap, cy, "end"), (cx, y1 + gap, "middle"), (cx, y0 - gap - h, "middle")]
    for r in range(1, 6):
        d = r * (h + gap)
        spots += [(x1 + gap, cy - d, "start"), (x1 + gap, cy + d, "start"), (x0 - gap, cy - d, "end"),
                  (x0 - gap, cy + d, "end"), (cx, y1 + gap + d, "middle"), (cx, y0 - gap - h - d, "middle")]
    blocks = [_text_block(lines, x, y, a) for x, y, a in spots]
    i = placer.choose([b for _, b in blocks])
    i = placer.least_bad([b for _, b in blocks]) if i is None else i
    items, box = blocks[i]
    placer.take(box)
    if i >= 4:  # not beside its target: a hairline says whose label it is
        a, b = _nearest_points(box, target)
        items = [polyline([a, b], Style(stroke=lines[0][3], width=0.2)), *items]
    return items, box


def _nearest_points(a: Box, b: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    """The closest pair of points of two boxes (for leader lines)."""
    def clamp(v, lo, hi):
        return min(max(v, lo), hi)
    cb = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
    pa = (clamp(cb[0], a[0], a[2]), clamp(cb[1], a[1], a[3]))
    return pa, (clamp(pa[0], b[0], b[2]), clamp(pa[1], b[1], b[3]))


# =================================================================== the overlay of one storey


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


class _StoreyOverlay:
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
        placer = _Placer.for_drawing(d, area, self._bands(t))
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
        anchors += [(inner.x + dx, inner.y + dy) for dx, dy in _offsets(4.0, 2)]

        def place(placer: _Placer) -> None:
            blocks = [_text_block([(text, LABEL_PT, True, colour)], x, y - 1.5, "middle") for x, y in anchors]
            i = placer.choose([b for _, b in blocks])
            if i is None:
                return
            items, box = blocks[i]
            placer.take(box)
            d.add("scenario", Group(items, {"kind": "scenario_label", "ref": a.ref}))

        return [place]

    # -- routes ---------------------------------------------------------------------------------
    def _route(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: _Placer) -> list:
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
            line, *arrows = _arrow_line(pts, colour)
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
                _label_near(placer, (px - 1.3, py - 1.3, px + 1.3, py + 1.3), [(text, TEAM_PT, True, colour)])[0],
                {"kind": "scenario_storey_change", "ref": a.ref, "text": text})))
        if a.label and paper_runs:
            longest = max(paper_runs, key=_length)
            mx, my = _point_along(longest, 0.5)
            later.append(lambda placer: d.add("scenario", Group(
                _label_near(placer, (mx - 1.0, my - 1.0, mx + 1.0, my + 1.0), _lines(a.label, a.team, colour))[0],
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
    def _marker(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: _Placer) -> list:
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
        offsets = _offsets(step, 4)
        # A symbol stays on its position unless it would cover an exit or another symbol.
        i = placer.choose([_shift(box0, dx, dy) for dx, dy in offsets], stay=True)
        dx, dy = offsets[placer.least_bad([_shift(box0, *o) for o in offsets]) if i is None else i]
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
        return [lambda placer: d.add("scenario", Group(_label_near(placer, box, lines)[0],
                                                       {"kind": "scenario_label", "ref": a.ref}))]

    # -- notes ------------------------------------------------------------------------------------
    def _note(self, d: Drawing, t: PaperTransform, a: Annotation, rec: SheetRecord, placer: _Placer) -> None:
        if not a.label:
            return
        rec.note("note")
        x, y = t.point(*a.position[:2])
        lines = wrap(a.label, 6.5, 42.0)
        lh = 6.5 * PT * 1.25
        w = max(text_width(s, 6.5) for s in lines) + 2.4
        h = lh * len(lines) + 1.6
        box0 = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        offsets = _offsets(max(w, h) * 0.6)
        boxes = [_shift(box0, *o) for o in offsets]
        i = placer.choose(boxes)
        dx, dy = offsets[placer.least_bad(boxes) if i is None else i]
        bx0, by0, bx1, by1 = _shift(box0, dx, dy)
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


def _arrow_line(pts: np.ndarray, colour: str) -> list[Item]:
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


def wrap(text: str, size: float, width: float, *, bold: bool = False, max_lines: int = 4) -> list[str]:
    """*text* broken into lines of at most *width* mm (the last one shortened with an ellipsis)."""
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for word in para.split():
            trial = f"{line} {word}".strip()
            if text_width(trial, size, bold=bold) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = fit_text(lines[-1] + " …", size, width, bold=bold)
    return [fit_text(s, size, width, bold=bold) for s in lines]


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
            number=ph.index + 1, count=len(self.phases) or "?", name=ph.name, time=ph.time_label) if ph else tr("no phase")
        return tr("scenario {name!r}, {phase}").format(name=self.state.scenario.name, phase=where)

    # -- texts -----------------------------------------------------------------------------------
    def phase_title(self) -> str:
        """"PHASE 2/4 · H+00:05 · Entry" (or "BEFORE THE FIRST PHASE")."""
        ph = self.state.phase
        if ph is None:
            return tr("BEFORE THE FIRST PHASE")
        of = f"/{len(self.phases)}" if self.phases else ""
        return tr("PHASE {number}  ·  {time}  ·  {name}").format(number=f"{ph.index + 1}{of}", time=ph.time_label,
                                                                 name=ph.name)

    # -- hooks -----------------------------------------------------------------------------------
    def overlay(self, storey: int, layout: SheetLayout | None = None, grid=None) -> _StoreyOverlay:
        """The drawing callback for *storey*'s sheet; with the sheet's *layout* and the venue's *grid*,
        labels keep inside the plan area and off the grid's letters."""
        area, band = None, 0.0
        if layout is not None:
            area, band = layout.plan_box, layout.paper.label_band
        return _StoreyOverlay(self, storey, area, grid, band)

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
        lines = [(fit_text(st.phase.notes.replace("\n", " "), 8.5, width - 6, bold=True), True)] if (
            st.phase and st.phase.notes) else []
        if st.scenario.description:
            lines.append((fit_text(st.scenario.description.replace("\n", " "), 7.5, width - 6), False))
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
        head = tr("Phase {number}: {name}").format(number=ph.index + 1, name=ph.name) if ph else tr("Before the first phase")
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
            "route": (lambda cx, cy: _arrow_line(np.array([[cx - 3.5, cy], [cx + 3.5, cy]]), INK), tr("Route, arrow: way")),
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
    return [_moved(i, scale, dx, dy) for i in items]


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
    from venueplans.ops.scenarios import (
        load_annotations,
        load_phases,
        resolve_phase,
        resolve_scenario,
        scenario_state,
    )
    from venueplans.ops.signoff import EditRefused

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
                      printed: datetime | None = None, extent: Extent | None = None) -> Briefing:
    """The venue's briefing with the phase drawn on every storey sheet (see `ScenarioPrint`); *extent*
    defaults to the print's own."""
    extent = extent if extent is not None else sp.extent
    layout = briefing_layout(vp, paper_name, extent=extent)
    storeys = [pl.storey.index for pl in vp.plans]
    briefing = build_briefing(vp, paper_name=paper_name, printed=printed, overlays=sp.overlays(storeys, layout, vp.grid),
                              extent=extent, cover_block=sp.cover_block)
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
