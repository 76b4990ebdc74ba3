"""The dossier's last page: the update table (versions of the plan) and the distribution list.

A *version* is a sign-off: someone checked the plan against the building on a date. The table lists
the plan as drawn from the model (the catalogue entry's creation), then each sign-off with what changed
since the previous one (features added, edited, confirmed, rejected, exits renumbered, venue details),
a withdrawn sign-off in red, and edits made since the last sign-off as an unsigned draft in red: the
reader sees at once whether the paper in hand is the plan someone vouched for.

The distribution list is a form: who holds a copy is not in the catalogue, so the rows are left to be
filled in by hand, with the print stamp that identifies this edition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from venueplans.briefing.drawing import Drawing, Group, Style, Text, polyline, rectangle
from venueplans.briefing.fonts import fit_text
from venueplans.briefing.sheets import INK, MUTED, RED, Paper
from venueplans.briefing.venue_plans import VenuePlans
from venueplans.catalogue.plan_history import PlanEvent
from venueplans.i18n import N_, tr, tr_n

BANNER = "#1f2a36"
ROW_H = 6.0

# How an edit is counted in "what changed" (English source, translated when shown).
CHANGE_WORDS = {
    "feature.add": (N_("{n} feature added"), N_("{n} features added")),
    "feature.edit": (N_("{n} feature edited"), N_("{n} features edited")),
    "feature.delete": (N_("{n} feature deleted"), N_("{n} features deleted")),
    "feature.confirm": (N_("{n} feature confirmed"), N_("{n} features confirmed")),
    "feature.reject": (N_("{n} feature rejected"), N_("{n} features rejected")),
    "feature.mark_exit": (N_("{n} exit marked"), N_("{n} exits marked")),
    "exits.renumber": (N_("exits renumbered"), N_("exits renumbered")),
    "photo.add": (N_("{n} photo added"), N_("{n} photos added")),
    "photo.remove": (N_("{n} photo removed"), N_("{n} photos removed")),
    "venue.details": (N_("venue details updated"), N_("venue details updated")),
}


@dataclass(frozen=True)
class Version:
    number: str  # "0", "1", ... or "-" for a draft / a withdrawal
    date: str
    by: str
    what: str
    alert: bool = False  # red: a withdrawn sign-off or unsigned edits


def _summary(edits: Counter) -> str:
    parts = []
    for action, n in edits.items():
        one, many = CHANGE_WORDS.get(action, (action, action))
        parts.append(tr_n(one, many, n).format(n=n))
    return ", ".join(parts)


def versions(vp: VenuePlans, events: Sequence[PlanEvent] | None = None) -> list[Version]:
    """The rows of the update table, oldest first."""
    events = vp.history if events is None else events
    created = (vp.venue.created or "")[:10]
    rows = [Version("0", created or "-", tr("building model"), tr("plan drawn from {file}").format(
        file=vp.source.file_name if vp.source else tr("the model")))]
    edits: Counter = Counter()
    last_edit = ""
    signed = 0
    for e in events:
        if e.action == "signoff":
            signed += 1
            what = _summary(edits) or tr("checked on site, no change")
            rows.append(Version(str(signed), str(e.details.get("on") or e.at[:10]), str(e.details.get("by") or e.who),
                                what))
            edits = Counter()
        elif e.action.startswith("signoff."):
            reason = e.details.get("reason") or e.details.get("cause") or ""
            text = tr("sign-off withdrawn") + (f": {reason}" if reason else "")
            rows.append(Version("-", e.at[:10], e.who, text, alert=True))
        else:
            edits[e.action] += 1
            last_edit = e.at[:10]
    if edits:
        rows.append(Version("-", last_edit, tr("(not signed)"), tr("draft: {changes}").format(changes=_summary(edits)),
                            alert=True))
    return rows


COLUMNS = ((N_("Version"), 0.09), (N_("Date"), 0.13), (N_("By"), 0.22), (N_("What changed"), 0.56))


def update_page(vp: VenuePlans, p: Paper, stamp: str, page: int, pages: int) -> Drawing:
    d = Drawing(p.width, p.height, title=tr("{venue} - update table").format(venue=vp.venue.name))
    m = p.margin
    d.add("frame", Text(m, m + 4, vp.venue.name, size=11, bold=True))
    y = m + 10
    d.add("frame", Text(m, y + 6, tr("Update table"), size=12, bold=True))
    y += 10
    width = p.width - 2 * m
    rows = versions(vp)
    bottom_table = p.height * 0.58
    y = _header(d, m, y, width)
    for i, v in enumerate(rows):
        if y + ROW_H > bottom_table and i < len(rows) - 1:
            d.add("frame", Text(m + 2, y + 4.2, tr("+ {n} earlier versions in the audit trail").format(
                n=len(rows) - i), size=8, colour=MUTED))
            y += ROW_H
            break
        items = []
        if i % 2:
            items.append(rectangle(m, y, width, ROW_H, Style(stroke=None, fill="#f1f3f5")))
        x = m
        for (title, frac), value in zip(COLUMNS, (v.number, v.date, v.by, v.what), strict=True):
            w = frac * width
            items.append(Text(x + 2, y + 4.2, fit_text(value, 8.5, w - 3, bold=title == "Version"), size=8.5,
                              bold=title == "Version", colour=RED if v.alert else INK))
            x += w
        d.add("frame", Group(items, {"kind": "version_row", "version": v.number, "alert": v.alert}))
        y += ROW_H

    y = max(y + 8, bottom_table + 4)
    d.add("frame", Text(m, y + 6, tr("Distribution list"), size=12, bold=True))
    d.add("frame", Text(m + 52, y + 6, tr("edition printed {stamp}: fill in who holds a copy").format(stamp=stamp),
                        size=8, colour=MUTED))
    y += 10
    cols = ((tr("Copy"), 0.08), (tr("Recipient"), 0.32), (tr("Service / unit"), 0.30), (tr("Date"), 0.14),
            (tr("Signature"), 0.16))
    d.add("frame", rectangle(m, y, width, 7, Style(stroke=None, fill=BANNER)))
    x = m
    for title, frac in cols:
        d.add("frame", Text(x + 2, y + 4.8, title, size=8.5, bold=True, colour="#ffffff"))
        x += frac * width
    y += 7
    n = 1
    while y + 7 <= p.height - m - p.footer:
        d.add("frame", polyline([(m, y + 7), (m + width, y + 7)], Style(stroke="#9aa3ad", width=0.2)))
        d.add("frame", Text(m + 2, y + 5, str(n), size=8.5, colour=MUTED))
        y += 7
        n += 1
    d.add("frame", Text(p.width - m, p.height - m, tr("Page {page} / {pages}").format(page=page, pages=pages),
                        size=7.5, bold=True, anchor="end"))
    d.add("frame", Text(m, p.height - m, tr("Printed {stamp}").format(stamp=stamp), size=7, colour=MUTED))
    return d


def _header(d: Drawing, x0: float, y: float, width: float) -> float:
    d.add("frame", rectangle(x0, y, width, 7, Style(stroke=None, fill=BANNER)))
    x = x0
    for title, frac in COLUMNS:
        d.add("frame", Text(x + 2, y + 4.8, tr(title), size=8.5, bold=True, colour="#ffffff"))
        x += frac * width
    return y + 7
