"""Write a `Drawing` as a standalone SVG file (hand-written: no dependency, predictable output).

Units are millimetres (`viewBox` in mm, `width`/`height` with the mm suffix), so the SVG prints at the
same scale as the PDF. Feature groups keep their metadata as `data-*` attributes and a `<title>`.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from venueplans.briefing.drawing import PT, Circle, Drawing, Group, Item, Style, Text
from venueplans.briefing.drawing import Path as PathItem
from venueplans.briefing.fonts import SVG_FONT_FAMILY

_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v) < 1e7 else f"{v:.0f}"


def _style_attrs(style: Style) -> str:
    parts = [f'fill="{style.fill or "none"}"']
    if style.fill and style.fill_opacity < 1:
        parts.append(f'fill-opacity="{_num(style.fill_opacity)}"')
    if style.stroke and style.width > 0:
        parts.append(f'stroke="{style.stroke}" stroke-width="{_num(style.width)}"')
        if style.dash:
            parts.append(f'stroke-dasharray="{" ".join(_num(d) for d in style.dash)}"')
        if style.round_joins:
            parts.append('stroke-linejoin="round" stroke-linecap="round"')
    else:
        parts.append('stroke="none"')
    return " ".join(parts)


def _path_data(item: PathItem) -> str:
    out = []
    for ring in item.rings:
        if len(ring) < 2:
            continue
        pts = np.round(np.asarray(ring, dtype=float), 2)
        head = f"M{_num(pts[0, 0])} {_num(pts[0, 1])}"
        body = " ".join(f"{_num(x)} {_num(y)}" for x, y in pts[1:])
        out.append(f"{head}L{body}{'Z' if item.closed else ''}")
    return "".join(out)


def _text(t: Text) -> str:
    size_mm = t.size * PT
    dy = 0.35 * size_mm if t.baseline == "middle" else 0.0
    attrs = [
        f'x="{_num(t.x)}"', f'y="{_num(t.y + dy)}"', f'font-size="{_num(size_mm)}"',
        f'fill="{t.colour}"', f'text-anchor="{_ANCHORS.get(t.anchor, "start")}"',
    ]
    if t.bold:
        attrs.append('font-weight="bold"')
    if t.rotation:
        attrs.append(f'transform="rotate({_num(-t.rotation)} {_num(t.x)} {_num(t.y)})"')
    return f"<text {' '.join(attrs)}>{escape(t.text)}</text>"


def _item(item: Item) -> str:
    if isinstance(item, PathItem):
        d = _path_data(item)
        if not d:
            return ""
        rule = ' fill-rule="evenodd"' if item.closed and item.style.fill else ""
        return f'<path d="{d}" {_style_attrs(item.style)}{rule}/>'
    if isinstance(item, Circle):
        cx, cy = item.centre
        return f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(item.radius)}" {_style_attrs(item.style)}/>'
    if isinstance(item, Text):
        return _text(item)
    if isinstance(item, Group):
        attrs = "".join(f" data-{k.replace('_', '-')}={quoteattr(str(v))}" for k, v in item.meta.items()
                        if v is not None)
        title = f"<title>{escape(item.title)}</title>" if item.title else ""
        inner = "".join(_item(child) for child in item.items)
        return f"<g{attrs}>{title}{inner}</g>"
    raise TypeError(f"not a drawing item: {type(item).__name__}")


def drawing_to_svg(drawing: Drawing) -> str:
    """The SVG document for *drawing*."""
    w, h = _num(drawing.width), _num(drawing.height)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" '
        f'font-family="{SVG_FONT_FAMILY}">',
    ]
    if drawing.title:
        out.append(f"<title>{escape(drawing.title)}</title>")
    for name, items in ((n, drawing.layers.get(n, [])) for n in drawing.layers):
        if not items:
            continue
        out.append(f'<g id="layer-{name}">')
        out.extend(s for s in (_item(i) for i in items) if s)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_svg(drawing: Drawing, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(drawing_to_svg(drawing), encoding="utf-8")
    return path
