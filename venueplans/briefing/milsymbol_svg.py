"""milsymbol's SVG as display-list items: the vector paths a tactical symbol is printed with.

svglib (a maintained SVG library) reads the SVG into reportlab shapes, the same drawing the 3D view
rasterises (`ops.symbol_raster`); this module walks those shapes into `Path`, `Circle` and `Text`
items in the SVG's own units, y down; `symbol_items` scales and places them. Curves are flattened.
svglib drops `dominant-baseline`, so it is read beside, one per <text>, in document order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from xml.etree import ElementTree

import numpy as np

from venueplans.briefing.drawing import PT, Circle, Group, Item, Path, Style, Text
from venueplans.model.symbol_drawing import render_symbol
from venueplans.ops.symbol_raster import svg_drawing

INK = "#1a1a1a"
SYMBOL_MM = 5.0  # height of a unit frame (milsymbol's 100 units) on paper

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

# reportlab path operators (reportlab.graphics.shapes): moveTo, lineTo, curveTo, closePath; their arity.
_ARGS = {0: 2, 1: 2, 2: 6, 3: 0}


def _compose(m: tuple, n: tuple) -> tuple:
    """The affine transform m ∘ n (reportlab's 6-tuples: x' = a x + c y + e, y' = b x + d y + f)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def _cubic(p0, p1, p2, p3, n: int = 10) -> np.ndarray:
    t = np.linspace(0, 1, n + 1)[1:, None]
    return (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3


def _paint(colour) -> tuple[str | None, float]:
    if colour is None:
        return None, 1.0
    return "#" + colour.hexval()[2:8].lower(), float(getattr(colour, "alpha", 1.0) or 1.0)


class _Walker:
    """Turns svglib's reportlab shapes into display items in the SVG's own units, y down."""

    def __init__(self, drawing, viewbox: tuple[float, float, float, float], baselines: list[str]):
        vx, vy, vw, vh = viewbox
        sx, sy = vw / drawing.width, vh / drawing.height
        # reportlab points (y up, origin bottom left) -> SVG units (y down, the viewBox's origin)
        self.out_m = (sx, 0.0, 0.0, -sy, vx, vy + vh)
        self.unit = math.sqrt(sx * sy)
        self.baselines = iter(baselines)
        self.items: list[Item] = []
        self.paths: list[list[tuple[np.ndarray, bool]]] = []  # each Path's subpaths, in order

    def walk(self, node, m: tuple) -> None:
        from reportlab.graphics import shapes

        m = _compose(m, tuple(node.transform)) if getattr(node, "transform", None) is not None else m
        if isinstance(node, shapes.Group):  # Drawing is a Group too
            for child in node.contents:
                self.walk(child, m)
            return
        full = _compose(self.out_m, m)
        scale = math.sqrt(abs(full[0] * full[3] - full[1] * full[2])) or 1.0

        def pts(xy) -> np.ndarray:
            a = np.asarray(xy, dtype=float).reshape(-1, 2)
            return np.c_[a[:, 0] * full[0] + a[:, 1] * full[2] + full[4], a[:, 0] * full[1] + a[:, 1] * full[3] + full[5]]

        if isinstance(node, shapes.String):
            fill, _ = _paint(node.fillColor)
            (x, y), = pts([[node.x, node.y]])
            anchor = {"middle": "middle", "end": "end"}.get(node.textAnchor, "start")
            middle = next(self.baselines, "") in ("middle", "central")
            self.items.append(Text(float(x), float(y), node.text, size=node.fontSize * scale / PT, colour=fill or INK,
                                   bold="Bold" in (node.fontName or ""), anchor=anchor,
                                   baseline="middle" if middle else "alphabetic"))
            return
        rings: list[tuple[np.ndarray, bool]] = []
        if isinstance(node, shapes.Circle) and abs(full[1]) < 1e-9 and abs(abs(full[0]) - abs(full[3])) < 1e-9:
            (cx, cy), = pts([[node.cx, node.cy]])
            fill, alpha = _paint(node.fillColor)
            stroke, _ = _paint(node.strokeColor)
            width = (node.strokeWidth or 0) * scale if stroke else 0.0
            self.items.append(Circle((float(cx), float(cy)), node.r * scale,
                                     Style(stroke=stroke, width=width, fill=fill,
                                           fill_opacity=alpha * float(getattr(node, "fillOpacity", 1) or 1))))
            return
        if isinstance(node, (shapes.Circle, shapes.Ellipse)):
            rx = node.r if isinstance(node, shapes.Circle) else node.rx
            ry = node.r if isinstance(node, shapes.Circle) else node.ry
            t = np.linspace(0, 2 * math.pi, 37)[:-1]
            rings = [(pts(np.c_[node.cx + rx * np.cos(t), node.cy + ry * np.sin(t)]), True)]
        elif isinstance(node, shapes.Rect):
            x, y, w, h = node.x, node.y, node.width, node.height
            rings = [(pts([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]), True)]
        elif isinstance(node, shapes.Line):
            rings = [(pts([[node.x1, node.y1], [node.x2, node.y2]]), False)]
        elif isinstance(node, (shapes.Polygon, shapes.PolyLine)):
            rings = [(pts(node.points), isinstance(node, shapes.Polygon))]
        elif isinstance(node, shapes.Path):
            rings = [(pts(r), closed) for r, closed in _path_rings(node)]
            self.paths.append(rings)
        rings = [(r, closed) for r, closed in rings if len(r) >= 2]
        if not rings:
            return
        fill, alpha = _paint(getattr(node, "fillColor", None))
        stroke, _ = _paint(getattr(node, "strokeColor", None))
        width = (getattr(node, "strokeWidth", 0) or 0) * scale
        dash = getattr(node, "strokeDashArray", None)
        if fill is not None:  # SVG fills open subpaths too, as if closed
            opacity = alpha * float(getattr(node, "fillOpacity", 1) or 1)
            self.items.append(Path([r for r, _ in rings], Style(stroke=None, fill=fill, fill_opacity=opacity), True))
        if stroke is not None and width > 0:
            style = Style(stroke=stroke, width=width, dash=tuple(v * scale for v in dash) if dash else None,
                          round_joins=True)
            for want in (True, False):
                chosen = [r for r, c in rings if c is want]
                if chosen:
                    self.items.append(Path(chosen, style, closed=want))


def _path_rings(path) -> list[tuple[np.ndarray, bool]]:
    """(points, closed) of each subpath of a reportlab Path, curves flattened (reportlab's own units)."""
    values = list(path.points)
    rings: list[tuple[np.ndarray, bool]] = []
    pts: list = []
    cur = start = np.zeros(2)
    i = 0
    for op in path.operators:
        args = values[i:i + _ARGS[op]]
        i += _ARGS[op]
        if op == 0:
            if len(pts) >= 2:
                rings.append((np.array(pts), False))
            cur = start = np.array(args, dtype=float)
            pts = [cur]
        elif op == 1:
            cur = np.array(args, dtype=float)
            pts.append(cur)
        elif op == 2:
            p1, p2, p3 = (np.array(args[k:k + 2], dtype=float) for k in (0, 2, 4))
            pts += list(_cubic(cur, p1, p2, p3))
            cur = p3
        else:
            if len(pts) >= 2:
                if np.allclose(pts[-1], start) and len(pts) > 2:
                    pts = pts[:-1]
                rings.append((np.array(pts), True))
            pts, cur = [start], start
    if len(pts) >= 2:
        rings.append((np.array(pts), False))
    return rings


def _viewbox(root) -> tuple[float, float, float, float]:
    vb = [float(v) for v in _NUMBER.findall(root.get("viewBox", ""))]
    if len(vb) != 4:
        vb = [0.0, 0.0, float(root.get("width", 100)), float(root.get("height", 100))]
    return (vb[0], vb[1], vb[2], vb[3])


def svg_items(svg: str) -> tuple[list[Item], tuple[float, float, float, float]]:
    """Display-list items of an SVG in its own units (1 unit = 1 mm), and its viewBox (x, y, w, h)."""
    root = ElementTree.fromstring(svg)
    viewbox = _viewbox(root)
    # svglib does not keep dominant-baseline: read it beside, in document order (one per <text>).
    baselines = [el.get("dominant-baseline", "") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "text"
                 and "".join(el.itertext()).strip()]
    drawing = svg_drawing(svg)
    walker = _Walker(drawing, viewbox, baselines)
    walker.walk(drawing, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return walker.items, viewbox


def path_rings(d: str) -> list[tuple[np.ndarray, bool]]:
    """(points, closed) of each subpath of an SVG path `d`, curves and arcs flattened (read by svglib)."""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000">'
           f'<path d="{d}" fill="none" stroke="black"/></svg>')
    drawing = svg_drawing(svg)
    walker = _Walker(drawing, _viewbox(ElementTree.fromstring(svg)), [])
    walker.walk(drawing, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return walker.paths[0] if walker.paths else []


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
