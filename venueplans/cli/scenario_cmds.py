"""scenario list / show / export / import / example: exercise scenarios from the command line."""

from __future__ import annotations

import json
import sys

from venueplans.cli.context import catalogue_from_args
from venueplans.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("scenario", help=tr("exercise scenarios of a venue: list, show, export, import, example"))
    ssub = p.add_subparsers(dest="scenario_command", metavar="ACTION")
    p.set_defaults(func=lambda args: _usage(p))

    q = ssub.add_parser("list", help=tr("list a venue's scenarios"))
    q.add_argument("venue", help=tr("venue id or unique name"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)

    q = ssub.add_parser("show", help=tr("what the plan shows at a phase (markers, routes, areas, tracks)"))
    q.add_argument("venue", help=tr("venue id or unique name"))
    q.add_argument("scenario", help=tr("scenario id or name"))
    q.add_argument("--phase", help=tr("phase name or number (1 = first; default: the last phase)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_show)

    q = ssub.add_parser("export", help=tr("write a scenario as a JSON file (docs/scenario-format.md)"))
    q.add_argument("venue", help=tr("venue id or unique name"))
    q.add_argument("scenario", help=tr("scenario id or name"))
    q.add_argument("-o", "--output", required=True, metavar="FILE.json")
    q.set_defaults(func=cmd_export)

    q = ssub.add_parser("import", help=tr("add the scenario of a JSON file to a venue"))
    q.add_argument("venue", help=tr("venue id or unique name"))
    q.add_argument("file", help=tr("scenario file (.json)"))
    q.add_argument("--name", help=tr("import under this name instead of the file's"))
    q.add_argument("--replace", action="store_true", help=tr("replace the venue's scenario of the same name"))
    q.set_defaults(func=cmd_import)

    q = ssub.add_parser("example", help=tr("lay out the example exercise on a venue from its exits and rooms"))
    q.add_argument("venue", help=tr("venue id or unique name"))
    q.add_argument("--name", help=tr("scenario name (default: the example's)"))
    q.set_defaults(func=cmd_example)


def _usage(parser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _venue(cat, ref: str) -> int:
    from venueplans.catalogue import read

    return read.resolve_venue(cat, ref)


def cmd_list(args) -> int:
    from venueplans.ops.scenario_reads import list_scenarios, load_annotations, load_phases

    cat = catalogue_from_args(args)
    venue_id = _venue(cat, args.venue)
    rows = []
    for s in list_scenarios(cat, venue_id=venue_id):
        rows.append({"id": s.id, "name": s.name, "description": s.description,
                     "phases": len(load_phases(cat, scenario_id=s.id)),
                     "annotations": len(load_annotations(cat, scenario_id=s.id)), "updated": s.updated})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(tr("no scenarios"))
        return 0
    name, phases, annotations = tr("name"), tr("phases"), tr("annotations")
    print(f"{'id':>4}  {name:<48} {phases:>6} {annotations:>11}")
    for r in rows:
        print(f"{r['id']:>4}  {r['name'][:48]:<48} {r['phases']:>6} {r['annotations']:>11}")
    return 0


def cmd_show(args) -> int:
    from venueplans.ops.scenario_reads import load_phases, resolve_phase, resolve_scenario, scenario_state

    cat = catalogue_from_args(args)
    venue_id = _venue(cat, args.venue)
    sid = resolve_scenario(cat, venue_id=venue_id, ref=args.scenario)
    phase = resolve_phase(load_phases(cat, scenario_id=sid), args.phase or None)
    state = scenario_state(cat, scenario_id=sid, phase_id=phase.id if phase else None)
    if args.json:
        print(json.dumps(state.as_dict(), ensure_ascii=False, indent=2))
        return 0
    head = f"{state.scenario.name}"
    if state.phase:
        head += tr(" — phase {number} {name} ({time})").format(
            number=state.phase.index + 1, name=state.phase.name, time=state.phase.time_label)
    print(head)
    for item in state.items:
        a = item.annotation
        x, y, z = a.position
        moved = tr(", moved {count}x").format(count=len(item.track) - 1) if item.moved else ""
        what = a.symbol or a.type
        print(f"  {a.type:<6} {what:<26} {a.label[:30]:<30} {item.storey_name[:18]:<18} "
              f"({x:.1f}, {y:.1f}, {z:.1f}){moved}")
    return 0


def cmd_export(args) -> int:
    from venueplans.ops.scenario_json import export_scenario
    from venueplans.ops.scenario_reads import resolve_scenario

    cat = catalogue_from_args(args)
    venue_id = _venue(cat, args.venue)
    sid = resolve_scenario(cat, venue_id=venue_id, ref=args.scenario)
    print(export_scenario(cat, scenario_id=sid, path=args.output).message)
    return 0


def cmd_import(args) -> int:
    from venueplans.ops.edit_support import EditRefused
    from venueplans.ops.scenario_json import import_scenario

    cat = catalogue_from_args(args)
    venue_id = _venue(cat, args.venue)
    try:
        changes = import_scenario(cat, venue_id=venue_id, path=args.file, name=args.name, replace=args.replace)
    except EditRefused as exc:
        text = str(exc)
        if "already has a scenario named" in text or tr("already has a scenario named") in text:
            text += tr(" (--name NEW or --replace)")
        raise EditRefused(text) from None
    print(changes.message)
    for w in changes.warnings:
        print(tr("warning: {warning}").format(warning=w), file=sys.stderr)
    return 0


def cmd_example(args) -> int:
    from venueplans.ops.example_exercise import EXAMPLE_NAME, build_example_scenario

    cat = catalogue_from_args(args)
    venue_id = _venue(cat, args.venue)
    print(build_example_scenario(cat, venue_id=venue_id, name=args.name or EXAMPLE_NAME).message)
    return 0
