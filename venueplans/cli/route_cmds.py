"""`venueplans route VENUE --from PLACE [--to PLACE] [--avoid PLACE ...] [--json]` and
`venueplans distances VENUE [--storey S] [--json]`.

Places: a room (number or name), a feature label ("exit 4", "gate 3", "PC sécurité"), a grid cell
("C7@Niveau 1"), coordinates ("12.5,30@Balcon"); see `venueplans.ops.places`. Without --to, the route
leads to the nearest way out. JSON formats: docs/routes.md.
"""

from __future__ import annotations

import json

from venueplans.cli.context import catalogue_from_args
from venueplans.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("route", help=tr("walking route between two places, or to the nearest way out"),
                       description=tr("The walking route from a place to another (or, without --to, to the nearest "
                       "exit an operator has not rejected), with its length, time, storeys and the doors and "
                       "stairs it passes."))
    p.add_argument("venue", help=tr("venue id or unique name"))
    p.add_argument("--from", dest="origin", required=True, metavar="PLACE",
                   help=tr("room, feature label (exit 4, gate 3), grid cell (C7@storey) or x,y[@storey]"))
    p.add_argument("--to", dest="destination", metavar="PLACE", help=tr("destination (default: the nearest way out)"))
    p.add_argument("--avoid", action="append", default=[], metavar="PLACE",
                   help=tr("an exit, door, stair or scenario area (zone:LABEL) not to use (repeatable)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON (docs/routes.md)"))
    p.add_argument("--plan", metavar="FILE.pdf", help=tr("also print the briefing with the route drawn over the "
                   "storeys it crosses, their distance maps and a route card"))
    p.add_argument("--to-scenario", metavar="NAME|ID",
                   help=tr("add the route to this exercise scenario as a route annotation (editable afterwards)"))
    p.add_argument("--phase", metavar="NAME|NUMBER", help=tr("the scenario's phase for it (default: the last)"))
    p.set_defaults(func=cmd_route)

    d = sub.add_parser("distances", help=tr("every room's walking distance to its nearest way out, and findings"),
                       description=tr("Walking distance from every room to its nearest way out; rooms that reach "
                       "none, rooms beyond the usual limits (40 m with two exits, 30 m from a dead end) and "
                       "dead ends are listed for the operator."))
    d.add_argument("venue", help=tr("venue id or unique name"))
    d.add_argument("--storey", metavar="NAME", help=tr("only this storey (name or index)"))
    d.add_argument("--json", action="store_true", help=tr("print JSON (docs/routes.md)"))
    d.set_defaults(func=cmd_distances)


def cmd_route(args) -> int:
    from venueplans.catalogue import read
    from venueplans.ops.routes import route

    cat = catalogue_from_args(args)
    venue_id = read.resolve_venue(cat, args.venue)
    result = route(cat, venue_id=venue_id, origin=args.origin, destination=args.destination, avoid=args.avoid)
    if args.plan:
        _write_plan(cat, venue_id, result, args.plan)
    if args.to_scenario:
        _add_to_scenario(cat, venue_id, result, args.to_scenario, args.phase)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return 0
    print(result.summary())
    if result.confirmed is not True and args.destination is None:
        print(tr("note: this exit has not been confirmed by an operator"))
    return 0


def _write_plan(cat, venue_id: int, result, output: str) -> None:
    from pathlib import Path

    from venueplans.briefing import load_venue_plans, write_pdf
    from venueplans.briefing.routes_layer import route_briefing
    from venueplans.cli.main import CliError

    path = Path(output)
    if path.suffix.lower() != ".pdf":
        raise CliError(tr("{path}: the route plan is a PDF (give a .pdf file)").format(path=path))
    if not path.parent.is_dir():
        raise CliError(tr("{path}: folder {folder} does not exist").format(path=path, folder=path.parent))
    vp = load_venue_plans(cat, venue_id, storeys=[str(i) for i in result.route.storeys])
    briefing = route_briefing(cat, venue_id, vp, [result])
    write_pdf(briefing.pages, path, title=tr("{venue} - route").format(venue=vp.venue.name), subject=result.summary())


def _add_to_scenario(cat, venue_id: int, result, scenario: str, phase: str | None) -> None:
    import sys

    from venueplans.ops.routes import route_to_scenario
    from venueplans.ops.scenario_reads import load_phases, resolve_phase, resolve_scenario

    scenario_id = resolve_scenario(cat, venue_id=venue_id, ref=scenario)
    chosen = resolve_phase(load_phases(cat, scenario_id=scenario_id), phase)
    added = route_to_scenario(cat, result=result, scenario_id=scenario_id,
                              phase_id=chosen.id if chosen is not None else None)
    print(added.message, file=sys.stderr)


def cmd_distances(args) -> int:
    from venueplans.catalogue import read
    from venueplans.ops.routes import distances

    cat = catalogue_from_args(args)
    venue_id = read.resolve_venue(cat, args.venue)
    result = distances(cat, venue_id=venue_id, storey=args.storey)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    storey = None
    for row in result["rooms"]:
        if row["storey"] != storey:
            storey = row["storey"]
            print(storey)
        print(tr("  {name}: {distance} m to {exit} (straight line {straight} m)").format(
            name=row["name"], distance=row["distance_m"], exit=row["nearest_exit"], straight=row["straight_m"]))
    for row in result["unreachable"]:
        print(tr("unreachable: {name} ({storey}): {reason}").format(**row))
    for f in result["findings"]:
        print(tr("finding: {message}").format(message=f["message"]))
    return 0
