"""milsymbol's SVG as display-list items: the vector paths a tactical symbol is printed with.

milsymbol writes small SVGs: <path d>, <circle>, <text>, and <g> with translate / scale / rotate,
attributes inherited through groups. This reader turns them into `Path`, `Circle` and `Text` items
in SVG units; `symbol_items` scales and places them. Curves and arcs are flattened; clip paths are
ignored (milsymbol uses them only for a few icons clipped by their own frame).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np

from venueplans.briefing.drawing import PT, Circle, Group, Item, Path, Style, Text
from venueplans.ops.symbols import render_symbol

INK = "#1a1a1a"
SYMBOL_MM = 5.0  # height of a unit frame (milsymbol's 100 units) on paper

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


def moved(item: Item, k: float, dx: float, dy: float) -> Item:
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
    return Group([moved(i, k, dx, dy) for i in item.items], dict(item.meta), item.title)


def symbol_items(key_or_sidc: str, x: float, y: float, *, height: float = SYMBOL_MM
                 ) -> tuple[list[Item], tuple[float, float, float, float]]:
    """The milsymbol symbol as paper items with its anchor on (x, y) mm, and its box (x0, y0, x1, y1).
    *height* is the height of a unit frame (milsymbol's 100 units); pins and flags are taller."""
    t = _template(key_or_sidc)
    k = height / 100.0
    dx, dy = x - t.anchor[0] * k, y - t.anchor[1] * k
    box = (t.box[0] * k + dx, t.box[1] * k + dy, t.box[2] * k + dx, t.box[3] * k + dy)
    return [moved(i, k, dx, dy) for i in t.items], box
