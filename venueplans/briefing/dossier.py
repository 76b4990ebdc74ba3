"""Writing the intervention dossier with chosen options: the one entry point the app's File > Print /
export dossier… and the command line share.

    options = DossierOptions(storeys=["Rez-de-chaussée"], paper="A3", scenario=2, phase=3,
                             routes=[("salle 12", None, ["exit 2"])])
    result = write_dossier(cat, venue_id, options, "dossier.pdf", progress=report, cancelled=stop.is_set)

Long work reports progress (fraction, what) and stops at the next page when *cancelled* says so,
raising `DossierCancelled` and leaving no file behind (the PDF is written to a temporary file in the
same folder, then renamed).

Routes: each (from, to or None = the nearest way out, places to avoid) is computed with `ops.routes.route`
(an unknown place raises its one-line UserError), drawn over the storey sheets it crosses, and summed up
on a route cards page after the storey plans; `route_results` adds routes already computed (the one shown
in the window's Routes dock).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from venueplans.briefing.briefing import Briefing, build_briefing
from venueplans.briefing.pdf import pdf_bytes
from venueplans.briefing.routes_layer import route_cards_page, route_overlays
from venueplans.briefing.scenario_print import load_scenario_print, scenario_briefing
from venueplans.briefing.venue_plans import load_venue_plans
from venueplans.errors import UserError
from venueplans.files import write_atomic
from venueplans.i18n import tr
from venueplans.ops.routes import route


class DossierCancelled(UserError):
    """The user stopped the export; nothing was written."""


@dataclass
class DossierOptions:
    storeys: Sequence[str] | None = None  # storey names or indices; None: all of them
    paper: str = "A4"
    scenario: str | int | None = None  # a scenario id or name to draw over the plans
    phase: str | int | None = None  # its phase (name or number, 1 = first; None: the last)
    printed: datetime | None = None
    routes: Sequence[tuple[str, str | None, Sequence[str]]] = ()  # (from, to or None: nearest way out, avoid)
    route_results: Sequence = ()  # RouteResults already computed, drawn as they are


@dataclass
class DossierResult:
    path: Path | None
    pages: int
    roles: list[str] = field(default_factory=list)
    pdf: bytes = b""


def build_dossier(cat, venue_id: int, options: DossierOptions, *,
                  progress: Callable[[float, str], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> tuple[Briefing, str]:
    """(the dossier's pages, its title) with *options*."""
    report = progress or (lambda _f, _m: None)
    stop = cancelled or (lambda: False)

    def step(fraction: float, what: str) -> None:
        if stop():
            raise DossierCancelled(tr("export cancelled: nothing was written"))
        report(fraction, what)

    step(0.0, tr("Reading the venue"))
    sp = None
    if options.scenario is not None:
        sp = load_scenario_print(cat, venue_id, scenario=options.scenario, phase=options.phase)
    vp = load_venue_plans(cat, venue_id, storeys=list(options.storeys) if options.storeys else None)
    results = list(options.route_results)
    for origin, destination, avoid in options.routes:
        step(0.05, tr("Finding the route from {origin}").format(origin=origin))
        results.append(route(cat, venue_id=venue_id, origin=origin, destination=destination or None,
                             avoid=list(avoid or ())))
    overlays = route_overlays(vp, results) if results else None
    appendix = [(route_cards_page(results, vp.venue.name, options.paper), "routes", tr("Route cards"))] \
        if results else []

    def inner(fraction: float, what: str) -> None:
        step(0.1 + 0.8 * fraction, what)

    if sp is None:
        briefing = build_briefing(vp, paper_name=options.paper, printed=options.printed, progress=inner,
                                  overlays=overlays, appendix=appendix)
    else:
        briefing = scenario_briefing(vp, sp, paper_name=options.paper, printed=options.printed, progress=inner,
                                     overlays=overlays, appendix=appendix)
    return briefing, tr("{venue} - intervention dossier").format(venue=vp.venue.name)


def write_dossier(cat, venue_id: int, options: DossierOptions, path: str | Path | None, *,
                  progress: Callable[[float, str], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> DossierResult:
    """Build the dossier and write it to *path* (PDF); with *path* None, keep the bytes (printing)."""
    briefing, title = build_dossier(cat, venue_id, options, progress=progress, cancelled=cancelled)
    if cancelled is not None and cancelled():
        raise DossierCancelled(tr("export cancelled: nothing was written"))
    if progress:
        progress(0.92, tr("Writing the PDF"))
    data = pdf_bytes(briefing.pages, title=title, subject=tr("Intervention dossier"))
    out = None
    if path is not None:
        out = write_atomic(path, data)
    if progress:
        progress(1.0, tr("Done"))
    return DossierResult(out, len(briefing.pages), list(briefing.roles), data)
