"""Measuring a sheet's legibility from its display list: the boxes of symbols and labels, and which
of them overlap. What the tests (and anyone doubting a crowded sheet) use to prove that no exit badge,
stair or access symbol and no label covers another.

A *mark* is one readable thing: a feature's symbol (layer "features", leader lines excepted), a room
or seating label (layer "labels", its text only, not its halo), a scenario marker, label or note.
"""

from __future__ import annotations

from dataclasses import dataclass

from venueplans.briefing.drawing import Circle, Drawing, Group, Item, Path, Text
from venueplans.briefing.placement import Box, item_box

MARK_LAYERS = {"features": None, "labels": None,
               "scenario": ("scenario_marker", "scenario_label", "scenario_note", "scenario_storey_change")}


@dataclass(frozen=True)
class Mark:
    layer: str
    kind: str  # the group's meta kind: exit, lift, space, seating, scenario_label...
    box: Box
    title: str


def _content_box(item: Item, texts_only: bool) -> Box | None:
    """Box of the readable part: texts only for labels (their halo may touch), else everything but
    open lines (leader lines and hairlines are not the mark)."""
    if isinstance(item, Group):
        boxes = [b for b in (_content_box(i, texts_only) for i in item.items) if b is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))
    if isinstance(item, Text):
        return item_box(item)
    if texts_only:
        return None
    if isinstance(item, Circle) or (isinstance(item, Path) and item.closed):
        return item_box(item)
    return None


def marks(d: Drawing) -> list[Mark]:
    out = []
    for layer, kinds in MARK_LAYERS.items():
        for item in d.layers[layer]:
            if not isinstance(item, Group):
                continue
            kind = str(item.meta.get("kind", ""))
            if kind == "leader" or (kinds is not None and kind not in kinds):
                continue
            texts_only = layer == "labels" or kind in ("scenario_label", "scenario_storey_change")
            box = _content_box(item, texts_only)
            if box is not None:
                out.append(Mark(layer, kind, box, item.title or kind))
    return out


def overlaps(d: Drawing, *, tolerance: float = 0.05) -> list[tuple[Mark, Mark]]:
    """Pairs of marks whose boxes overlap by more than *tolerance* mm in both directions."""
    ms = sorted(marks(d), key=lambda m: m.box[0])
    found = []
    for i, a in enumerate(ms):  # sweep along x: only boxes that start before this one ends
        for b in ms[i + 1:]:
            if b.box[0] >= a.box[2] - tolerance:
                break
            dx = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
            dy = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            if dx > tolerance and dy > tolerance:
                found.append((a, b))
    return found
