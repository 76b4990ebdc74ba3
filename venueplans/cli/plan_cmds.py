"""`venueplans plan VENUE -o FILE.pdf|svg|png [--storey NAME ...] [--paper A4|A3] [--cut HEIGHT]
[--scenario NAME|ID [--phase NAME|NUMBER]] [--route FROM [TO] ...] [--avoid PLACE ...]`

The output format follows the suffix:
- .pdf: the intervention dossier — reflex sheet, site plan (faces A-D), exits and access points tables,
  one plan sheet per storey (all storeys, or the --storey ones; an empty one is left out), update table
  (`venueplans.briefing.dossier`, what File > Print / export dossier… writes too);
- .svg / .png: one plan sheet per file. With a single storey (one --storey, or a one-storey venue) the
  file is written as named; with several, one file per storey named `<stem>-<index>-<storey>.<suffix>`
  next to it (out-0-ground.svg, out-1-first.svg...). The written paths are printed.

With --scenario, one phase of an exercise scenario (the last, or --phase) is drawn over every sheet and
named on the cover and in each sheet's header (`venueplans.briefing.scenario_overlay`).

With --route FROM [TO] (repeatable; without TO, to the nearest way out; --avoid PLACE, repeatable, for every
route), the PDF shows each walking route over the storeys it crosses and a route cards page after the storey plans (`venueplans.briefing.routes_layer`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from venueplans.cli.context import catalogue_from_args
from venueplans.i18n import tr

FORMATS = (".pdf", ".svg", ".png")


def register(sub) -> None:
    p = sub.add_parser(
        "plan",
        help=tr("print storey plans: the briefing PDF, or one SVG/PNG sheet per storey"),
        description=tr("Export gridded, numbered storey plans. PDF: the intervention dossier (reflex sheet, "
                       "site plan with faces A-D, exits and access points tables, one page per storey, update table). "
                       "SVG/PNG: one sheet per storey; several storeys give FILE-<index>-<storey>.svg|png."),
    )
    p.add_argument("venue", help=tr("venue id or unique name"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=tr("output .pdf, .svg or .png"))
    p.add_argument("--storey", action="append", metavar="NAME",
                   help=tr("storey name or index (repeatable; default: all storeys)"))
    p.add_argument("--paper", default="A4", type=str.upper, choices=("A4", "A3"), help=tr("sheet size (landscape)"))
    p.add_argument("--cut", type=float, default=None, metavar="HEIGHT",
                   help=tr("section height above each storey's floor, metres (default 1.2)"))
    p.add_argument("--dpi", type=int, default=150, help=tr("PNG resolution (default 150)"))
    p.add_argument("--scenario", metavar="NAME|ID", help=tr("draw this exercise scenario over the plans"))
    p.add_argument("--phase", metavar="NAME|NUMBER",
                   help=tr("the scenario's phase to draw: name or number (1 = first; default: the last)"))
    p.add_argument("--route", action="append", nargs="+", metavar="PLACE", default=[],
                   help=tr("PDF: draw the walking route FROM [TO] (default: the nearest way out) and add its "
                           "route card (repeatable)"))
    p.add_argument("--avoid", action="append", default=[], metavar="PLACE",
                   help=tr("with --route: a place every route must avoid (a blocked stair, a door, zone:LABEL; "
                           "repeatable)"))
    p.set_defaults(func=cmd_plan)


def slug(text: str) -> str:
    """A file-name-safe form of a storey name: 'Rez-de-chaussée' -> 'rez-de-chaussee'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "storey"


def per_storey_paths(output: Path, storeys: list) -> list[Path]:
    """Output paths for SVG/PNG sheets: *output* itself for one storey, else one suffixed file each."""
    if len(storeys) == 1:
        return [output]
    return [output.with_name(f"{output.stem}-{s.index}-{slug(s.name)}{output.suffix}") for s in storeys]


def cmd_plan(args) -> int:
    from venueplans.briefing import (
        StoreyNotFound,
        build_briefing,
        load_venue_plans,
        render_png,
        single_storey_sheet,
        write_pdf,
        write_svg,
    )
    from venueplans.briefing.png import PngUnavailable
    from venueplans.briefing.routes_layer import route_cards_page, route_overlays
    from venueplans.briefing.scenario_overlay import load_scenario_print, scenario_briefing, scenario_sheet
    from venueplans.catalogue import read
    from venueplans.cli.main import CliError
    from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
    from venueplans.ops.routes import route

    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise CliError(tr("{path}: unsupported output type {suffix}; use .pdf, .svg or .png").format(
            path=output, suffix=suffix or tr("(none)")))
    if not output.parent.is_dir():
        raise CliError(tr("{path}: folder {folder} does not exist").format(path=output, folder=output.parent))
    cut = PLAN_CUT_ABOVE_FLOOR if args.cut is None else args.cut
    if not 0.05 <= cut <= 20:
        raise CliError(tr("--cut {cut:g}: the section height must be between 0.05 and 20 m above the floor").format(cut=cut))

    if args.phase is not None and not args.scenario:
        raise CliError(tr("--phase needs --scenario (the scenario whose phase to draw)"))

    for places in args.route:
        if len(places) > 2:
            raise CliError(tr("--route {places}: give a starting place and at most one destination").format(
                places=" ".join(places)))
    if args.avoid and not args.route:
        raise CliError(tr("--avoid needs --route (the routes that must avoid these places)"))
    if args.route and suffix != ".pdf":
        raise CliError(tr("--route: routes are printed in the PDF dossier (give a .pdf file)"))

    cat = catalogue_from_args(args)
    venue_id = read.resolve_venue(cat, args.venue)
    try:
        sp = load_scenario_print(cat, venue_id, scenario=args.scenario, phase=args.phase) if args.scenario else None
    except LookupError as exc:
        raise CliError(str(exc)) from None
    try:
        vp = load_venue_plans(cat, venue_id, storeys=args.storey, cut_height=cut)
    except StoreyNotFound as exc:
        raise CliError(tr("venue {venue!r}: {reason}").format(venue=args.venue, reason=exc)) from None
    if not vp.plans:
        raise CliError(tr("venue {venue!r} has no storeys to plan").format(venue=vp.venue.name))

    if suffix == ".pdf":
        results = [route(cat, venue_id=venue_id, origin=places[0], destination=places[1] if len(places) > 1 else None,
                         avoid=args.avoid)
                   for places in args.route]
        overlays = route_overlays(vp, results) if results else None
        appendix = [(route_cards_page(results, vp.venue.name, args.paper), "routes", tr("Route cards"))] \
            if results else []
        if sp is None:
            briefing = build_briefing(vp, paper_name=args.paper, overlays=overlays, appendix=appendix)
        else:
            briefing = scenario_briefing(vp, sp, paper_name=args.paper, overlays=overlays, appendix=appendix)
        write_pdf(briefing.pages, output, title=tr("{venue} - briefing").format(venue=vp.venue.name),
                  subject=tr("Pre-incident plans"))
        drawn = f"; {sp.summary()}" if sp else ""
        if results:
            drawn += "; " + tr("{n} route card(s)").format(n=len(results))
        print(tr("wrote {path} ({pages} pages: reflex sheet, {sites} site plan, {tables} table page(s), "
                 "{plans} storey plan(s), update table; scale 1:{scale:g} on {paper}{scenario})").format(
            path=output, pages=len(briefing.pages), sites=briefing.roles.count("site"),
            tables=briefing.roles.count("tables"), plans=len(vp.plans) - len(briefing.omitted),
            scale=briefing.layout.transform.scale, paper=args.paper, scenario=drawn))
        return 0
    for i, path in enumerate(per_storey_paths(output, [p.storey for p in vp.plans])):
        if sp is None:
            sheet = single_storey_sheet(vp, i, paper_name=args.paper)
        else:
            sheet = scenario_sheet(vp, i, sp, paper_name=args.paper)
        if suffix == ".svg":
            write_svg(sheet, path)
        else:
            try:
                render_png(sheet, path, dpi=args.dpi)
            except PngUnavailable as exc:
                raise CliError(f"{path}: {exc}") from None
        print(tr("wrote {path} ({storey})").format(path=path, storey=vp.plans[i].storey.name))
    return 0
