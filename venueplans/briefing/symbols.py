"""Plan symbols in paper millimetres: exit badges, access markers, lifts, north arrow, scale bar.

Exits are the first thing a tactical team looks for, so they get the biggest symbol on the page: a green
disc with the exit number in bold white, and an arrow pointing the way out when the model knows it.
Access points are blue squares with their code and number (A3, G12, ME); every other feature kind is a
small disc in its kind's colour with its short code (`venueplans.model.features`).
"""

from __future__ import annotations

import math

import numpy as np

from venueplans.briefing.drawing import PT, Circle, Group, Path, Style, Text, arc_points, polyline
from venueplans.briefing.fonts import text_width
from venueplans.i18n import format_length, format_number, tr
from venueplans.model.features import FEATURE_KINDS, exit_name, feature_code

EXIT_RADIUS = 3.4  # mm
ACCESS_HEIGHT = 5.0
OTHER_RADIUS = 2.3
LIFT_SIZE = 4.6
WHITE = "#ffffff"
INK = "#1a1a1a"


def _text_colour(fill: str) -> str:
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return INK if (0.299 * r + 0.587 * g + 0.114 * b) > 170 else WHITE


def exit_badge(cx: float, cy: float, number: int | None, direction: tuple[float, float] | None,
               *, radius: float = EXIT_RADIUS) -> list:
    """Green disc with the number; an arrow outside it along *direction* (a unit paper vector)."""
    green = FEATURE_KINDS["exit"].colour
    items: list = []
    if direction is not None:
        dx, dy = direction
        px, py = -dy, dx
        tip = (cx + dx * (radius + 3.0), cy + dy * (radius + 3.0))
        base = (cx + dx * (radius - 0.2), cy + dy * (radius - 0.2))
        half = 1.9
        items.append(polyline([tip, (base[0] + px * half, base[1] + py * half),
                               (base[0] - px * half, base[1] - py * half)],
                              Style(stroke=WHITE, width=0.35, fill=green), closed=True))
    items.append(Circle((cx, cy), radius, Style(stroke=WHITE, width=0.45, fill=green)))
    label = feature_code("exit", number)
    size = 10.5 if len(label) <= 2 else 8.0
    items.append(Text(cx, cy, label, size=size, colour=WHITE, bold=True, anchor="middle", baseline="middle"))
    return items


def access_marker(cx: float, cy: float, kind: str, number: int | None) -> tuple[list, float, float]:
    """Blue (or purple) square with the code; returns (items, width, height)."""
    fk = FEATURE_KINDS[kind]
    label = feature_code(kind, number)
    size = 7.5
    w = max(ACCESS_HEIGHT, text_width(label, size, bold=True) + 1.8)
    h = ACCESS_HEIGHT
    box = polyline([(cx - w / 2, cy - h / 2), (cx + w / 2, cy - h / 2), (cx + w / 2, cy + h / 2),
                    (cx - w / 2, cy + h / 2)], Style(stroke=WHITE, width=0.4, fill=fk.colour), closed=True)
    text = Text(cx, cy, label, size=size, colour=_text_colour(fk.colour), bold=True, anchor="middle",
                baseline="middle")
    return [box, text], w, h


def lift_marker(cx: float, cy: float, size: float = LIFT_SIZE) -> list:
    """The conventional lift shaft: a square with a cross."""
    colour = FEATURE_KINDS["lift"].colour
    h = size / 2
    style = Style(stroke=colour, width=0.35, fill="#ffffff")
    return [
        polyline([(cx - h, cy - h), (cx + h, cy - h), (cx + h, cy + h), (cx - h, cy + h)], style, closed=True),
        polyline([(cx - h, cy - h), (cx + h, cy + h)], Style(stroke=colour, width=0.3)),
        polyline([(cx - h, cy + h), (cx + h, cy - h)], Style(stroke=colour, width=0.3)),
    ]


def small_marker(cx: float, cy: float, kind: str, number: int | None, *, radius: float = OTHER_RADIUS) -> list:
    fk = FEATURE_KINDS.get(kind)
    colour = fk.colour if fk else "#555555"
    label = feature_code(kind, number)
    size = 6.0 if len(label) <= 2 else 4.8
    return [
        Circle((cx, cy), radius, Style(stroke=WHITE, width=0.3, fill=colour)),
        Text(cx, cy, label, size=size, colour=_text_colour(colour), bold=True, anchor="middle", baseline="middle"),
    ]


SIGN_HEIGHT = 4.4  # ISO-style square signs (safe condition, fire equipment, intervention items)


def sign_marker(cx: float, cy: float, kind: str, number: int | None, *, height: float = SIGN_HEIGHT
                ) -> tuple[list, float, float]:
    """A square sign with its code: green (ISO 7010 E, safe condition) or red (F, fire equipment) with
    white letters, or white with a red edge and red letters for intervention items that have no public
    glyph (dry riser, cut-offs, fire panel...). Returns (items, width, height)."""
    fk = FEATURE_KINDS[kind]
    label = feature_code(kind, number)
    size = 6.0 if len(label) <= 2 else 5.0
    w = max(height, text_width(label, size, bold=True) + 1.4)
    if fk.shape == "intervention":
        style, ink = Style(stroke=fk.colour, width=0.5, fill=WHITE), fk.colour
    else:
        style, ink = Style(stroke=WHITE, width=0.35, fill=fk.colour), _text_colour(fk.colour)
    box = polyline([(cx - w / 2, cy - height / 2), (cx + w / 2, cy - height / 2), (cx + w / 2, cy + height / 2),
                    (cx - w / 2, cy + height / 2)], style, closed=True)
    return [box, Text(cx, cy, label, size=size, colour=ink, bold=True, anchor="middle", baseline="middle")], w, height


def feature_symbol(kind: str, number: int | None, direction: tuple[float, float] | None = None):
    """(make(cx, cy) -> items, half width, half height) of a feature's plan symbol: the one drawing of
    each kind that the plans, the legend and the dossier share (docs/symbols.md)."""
    fk = FEATURE_KINDS.get(kind)
    shape = fk.shape if fk else "marker"
    if shape == "exit":
        reach = EXIT_RADIUS + (3.0 if direction is not None else 0.0)  # the arrow sticks out that far
        return (lambda cx, cy: exit_badge(cx, cy, number, direction)), reach, reach
    if shape == "access":
        _, w, h = access_marker(0, 0, kind, number)
        return (lambda cx, cy: access_marker(cx, cy, kind, number)[0]), w / 2, h / 2
    if shape == "lift":
        return (lambda cx, cy: lift_marker(cx, cy)), LIFT_SIZE / 2, LIFT_SIZE / 2
    if shape in ("safe", "fire", "intervention"):
        _, w, h = sign_marker(0, 0, kind, number)
        return (lambda cx, cy: sign_marker(cx, cy, kind, number)[0]), w / 2, h / 2
    return (lambda cx, cy: small_marker(cx, cy, kind, number)), OTHER_RADIUS, OTHER_RADIUS


def feature_title(f, cell: str | None = None) -> str:
    """"Exit 4 (C7)", "Key box (B2)": a symbol's accessible name."""
    fk = FEATURE_KINDS.get(f.kind)
    if f.kind == "exit":
        name = exit_name(f.number)
    else:
        name = (fk.title if fk else f.kind) + (f" {f.number}" if f.number is not None else "")
    return f"{name} ({cell})" if cell else name


def arrow(points: np.ndarray, colour: str, *, width: float = 0.45, head: float = 2.2) -> list:
    """A polyline with a filled arrow head at its last point (paper mm)."""
    pts = np.asarray(points, dtype=float)
    if len(pts) < 2:
        return []
    end, before = pts[-1], pts[-2]
    d = end - before
    n = float(np.hypot(*d))
    if n < 1e-6:
        return []
    d /= n
    p = np.array([-d[1], d[0]])
    base = end - d * head
    shaft = pts.copy()
    shaft[-1] = base
    return [
        Path([shaft], Style(stroke=colour, width=width), closed=False),
        Path([np.array([end, base + p * head * 0.45, base - p * head * 0.45])], Style(stroke=None, fill=colour)),
    ]


def north_arrow(cx: float, cy: float, size: float = 12.0) -> Group:
    """A north arrow: half-filled needle and an N above it."""
    h = size / 2
    w = size * 0.28
    left = polyline([(cx, cy - h), (cx - w, cy + h), (cx, cy + h * 0.55)], Style(stroke=INK, width=0.3, fill=INK),
                    closed=True)
    right = polyline([(cx, cy - h), (cx + w, cy + h), (cx, cy + h * 0.55)],
                     Style(stroke=INK, width=0.3, fill=WHITE), closed=True)
    n = Text(cx, cy - h - 1.2, "N", size=9, bold=True, anchor="middle")
    return Group([left, right, n], {"kind": "north_arrow"}, tr("North"))


def scale_bar(x: float, y: float, length_m: float, mm_per_m: float, *, segments: int = 4) -> Group:
    """Alternating black and white bar of *length_m* metres with 0 / middle / end labels below."""
    total = length_m * mm_per_m
    seg = total / segments
    h = 1.8
    items: list = []
    for i in range(segments):
        fill = INK if i % 2 == 0 else WHITE
        items.append(polyline([(x + i * seg, y), (x + (i + 1) * seg, y), (x + (i + 1) * seg, y + h),
                               (x + i * seg, y + h)], Style(stroke=INK, width=0.2, fill=fill), closed=True))
    for frac in (0.0, 0.5, 1.0):
        value = length_m * frac
        label = format_length(value, 2) if frac == 1.0 else format_number(value, 2)
        items.append(Text(x + total * frac, y + h + 3.2, label, size=6.5, anchor="middle"))
    return Group(items, {"kind": "scale_bar", "length_m": length_m}, tr("Scale bar {length}").format(length=format_length(length_m, 2)))


def swing_arc(hinge: tuple[float, float], closed_dir: tuple[float, float], open_dir: tuple[float, float],
              radius: float) -> np.ndarray:
    """Paper points of a door's swing: the quarter arc traced by the leaf's free edge."""
    a0 = math.atan2(closed_dir[1], closed_dir[0])
    a1 = math.atan2(open_dir[1], open_dir[0])
    delta = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi  # the short way round
    return arc_points(hinge, radius, a0, a0 + delta, step_deg=10)


def text_box(x: float, y: float, text: str, size: float, *, bold: bool = False, anchor: str = "middle",
             baseline: str = "middle") -> tuple[float, float, float, float]:
    """Paper bounding box (x0, y0, x1, y1) of a text item, for collision tests."""
    w = text_width(text, size, bold=bold)
    h = size * PT
    x0 = x - w / 2 if anchor == "middle" else (x - w if anchor == "end" else x)
    y0 = y - h / 2 if baseline == "middle" else y - h * 0.8
    return (x0, y0, x0 + w, y0 + h)
