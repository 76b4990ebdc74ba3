"""The "ways out" block of a storey sheet: the stairs, ramps and lifts leading off the storey.

An upper storey's exits are usually its stairs: each is listed with where it leads ("Escalier A down to
Rez-de-chaussée") and, when the walking network knows it, how far the nearest exit is from its foot
("24 m to exit 3"). A storey with neither an exit nor a way down is flagged in red, not left silent.
"""

from __future__ import annotations

from venueplans.briefing.drawing import Drawing, Group, Text
from venueplans.briefing.fonts import fit_text, text_width
from venueplans.geometry.circulation import VerticalLink
from venueplans.geometry.plan2d import StoreyPlan
from venueplans.i18n import tr

RED = "#c00000"
MUTED = "#555555"


def link_text(link: VerticalLink, storey: int) -> str:
    """'Escalier A down to Rez-de-chaussée, 24 m to exit 3' (the distance when the network set it)."""
    name = link.label or tr("Lift") if link.kind == "lift" else link.label or tr("Stair")
    lower, upper = link.below(storey), link.above(storey)
    if lower is not None:
        text = tr("{name} down to {storey}").format(name=name, storey=link.storey_name(lower))
    elif upper is not None:
        text = tr("{name} up to {storey}").format(name=name, storey=link.storey_name(upper))
    else:
        text = name
    note = link.extra.get("exit_note", {}).get(storey)
    return f"{text}, {note}" if note else text


def ways_down(plan: StoreyPlan) -> list[VerticalLink]:
    """Stairs and ramps (never lifts) that lead from this storey to another one (down, or up from a
    basement)."""
    return [lk for lk in plan.links if lk.kind != "lift" and lk.joins_storeys]


def no_way_out(plan: StoreyPlan) -> bool:
    """True when the storey has no exit and no stair or ramp off it (a finding for the operator)."""
    return not any(f.kind == "exit" for f in plan.features) and not ways_down(plan)


def distinct_links(links: list[VerticalLink]) -> list[VerticalLink]:
    """One entry per stair core: flights, landings and railings modelled as separate elements that overlap
    in plan and serve the same storeys are listed once (the named one first)."""
    kept: list[VerticalLink] = []
    for lk in sorted(links, key=lambda lk: (not lk.label, lk.kind == "lift")):
        if not any(k.kind == lk.kind and k.storeys == lk.storeys and k.footprint.buffer(0.5).intersects(lk.footprint)
                   for k in kept):
            kept.append(lk)
    return kept


def draw_ways_out(d: Drawing, plan: StoreyPlan, x: float, y: float, w: float, bottom: float) -> float:
    """The list under the exits list; returns the y below it."""
    links = sorted(distinct_links(plan.links), key=lambda lk: (lk.kind == "lift", lk.below(plan.storey.index) is None, lk.label))
    if no_way_out(plan):
        d.add("frame", Group([Text(x, y + 3, fit_text(tr("No exit and no stair down on this storey"), 7.5, w),
                                   size=7.5, colour=RED, bold=True)], {"kind": "finding", "finding": "no_way_out"}))
        y += 6
    if not links:
        return y
    d.add("frame", Text(x, y + 3, tr("Stairs and lifts ({count})").format(count=len(links)), size=9, bold=True))
    y += 5.5
    for lk in links:
        if y + 4.6 > bottom:
            break
        text = link_text(lk, plan.storey.index)
        lines = [text]
        if text_width(text, 7) > w and ", " in text:  # the distance to the exit goes on a second line
            head, tail = text.split(", ", 1)
            lines = [head, "   " + tail]
        colour = MUTED if lk.kind == "lift" else "#000000"
        items = [Text(x, y + 2.3 + 3.4 * i, fit_text(line, 7, w), size=7, colour=colour, baseline="middle")
                 for i, line in enumerate(lines)]
        d.add("frame", Group(items, {"kind": "way_out_row", "element": lk.element, "link_kind": lk.kind}))
        y += 4.6 + 3.4 * (len(lines) - 1)
    return y + 2
