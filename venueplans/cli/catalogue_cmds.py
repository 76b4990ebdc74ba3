"""import / list / show / remove / check."""

from __future__ import annotations

import json
import sys

from venueplans.cli.context import catalogue_from_args
from venueplans.cli.progress import ProgressBar
from venueplans.i18n import format_date, tr
from venueplans.model import FEATURE_KINDS, VENUE_KIND_LABELS, VENUE_KINDS
from venueplans.model.messages import translated, translated_all


def register(sub) -> None:
    p = sub.add_parser("import", help=tr("import an IFC or mesh model as a venue"))
    p.add_argument("path", help=tr("model file: .ifc .ifczip .obj .stl .ply .gltf .glb"))
    p.add_argument("--name", help=tr("venue name (default: from the file)"))
    p.add_argument("--kind", choices=VENUE_KINDS, default="other")
    p.add_argument("--address", default="")
    p.add_argument("--city", default="")
    p.add_argument("--unit", choices=("m", "cm", "mm", "ft", "in"), help=tr("mesh files: length unit (default m)"))
    p.add_argument("--up", choices=("z", "y"), help=tr("mesh files: up axis (default y for glTF, z otherwise)"))
    p.add_argument("--replace", action="store_true", help=tr("replace the model of an existing venue"))
    from venueplans.cli.package_cmds import add_import_options

    add_import_options(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help=tr("list venues"))
    p.add_argument("--search", metavar="TEXT", help=tr("full-text search (name, kind, address, city, notes, rooms)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help=tr("show one venue"))
    p.add_argument("venue", help=tr("venue id or unique name"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("remove", help=tr("remove a venue"))
    p.add_argument("venue", help=tr("venue id or unique name"))
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("check", help=tr("check the catalogue (integrity, foreign keys, complete venues)"))
    p.add_argument("--quick", action="store_true", help=tr("quick check only, skip decoding geometry"))
    p.set_defaults(func=cmd_check)


def cmd_import(args) -> int:
    from venueplans.cli.package_cmds import cmd_import_package, is_package

    if is_package(args.path):
        return cmd_import_package(args)
    from venueplans.importers.worker import prefer_fork
    from venueplans.ops.import_venue import import_venue

    prefer_fork()  # the command line has no other threads: skip a fresh interpreter for the worker

    cat = catalogue_from_args(args)
    bar = ProgressBar(tr("importing"))
    try:
        changes = import_venue(
            cat, path=args.path, name=args.name, kind=args.kind, address=args.address, city=args.city,
            unit=args.unit, up=args.up, replace=args.replace, progress=bar,
        )
    finally:
        bar.close()
    print(changes.message)
    from venueplans.catalogue import read

    src = read.source_model(cat, changes.venue_id)
    if src and src.stats.get("storey_inference"):
        print(tr("storeys: {how}").format(how=translated(src.stats["storey_inference"])))
    for w in changes.warnings[:10]:
        print(tr("warning: {warning}").format(warning=w), file=sys.stderr)
    if len(changes.warnings) > 10:
        print(tr("warning: ... and {count} more (see `venueplans show`)").format(count=len(changes.warnings) - 10),
              file=sys.stderr)
    return 0


def cmd_list(args) -> int:
    from venueplans.catalogue import read

    cat = catalogue_from_args(args)
    venues = read.list_venues(cat, args.search)
    if args.json:
        print(json.dumps([v.as_json() for v in venues], ensure_ascii=False, indent=2))
        return 0
    if not venues:
        print(tr("no venues matching {text!r}").format(text=args.search) if args.search else tr("no venues"))
        return 0
    name, kind, city, storeys, exits = tr("name"), tr("kind"), tr("city"), tr("storeys"), tr("exits")
    print(f"{'id':>4}  {name:<36} {kind:<12} {city:<16} {storeys:>7} {exits:>5}  " + tr("verified"))
    for v in venues:
        verified = f"{v.verified_by} {format_date(v.verified_on)}" if v.verified_on else "-"
        print(f"{v.id:>4}  {v.name[:36]:<36} {tr(VENUE_KIND_LABELS.get(v.kind, v.kind))[:12]:<12} {v.city[:16]:<16} {v.storeys:>7} {v.exits:>5}  {verified}")
    return 0


def venue_report(cat, venue_id: int) -> dict:
    """Everything `show --json` prints."""
    from venueplans.catalogue import read

    venue = read.get_venue(cat, venue_id)
    src = read.source_model(cat, venue_id)
    storeys = read.load_storeys(cat, venue_id)
    names = {s.index: s.name for s in storeys}
    features = read.load_features(cat, venue_id)
    return {
        "id": venue.id, "name": venue.name, "kind": venue.kind, "address": venue.address, "city": venue.city,
        "lat": venue.lat, "lon": venue.lon, "capacity": venue.capacity, "contacts": venue.contacts,
        "notes": venue.notes, "created": venue.created, "updated": venue.updated,
        "verified_by": venue.verified_by, "verified_on": venue.verified_on,
        "source": None if src is None else {
            "file": src.file_name, "sha256": src.sha256, "format": src.format, "schema": src.schema,
            "importer": src.importer, "importer_version": src.importer_version, "unit": src.unit,
            "up_axis": src.up_axis, "origin": list(src.origin), "bbox": src.bbox,
            "stats": {k: translated(v) if k == "storey_inference" else v for k, v in src.stats.items()},
        },
        "storeys": [
            {"index": s.index, "name": s.name, "elevation": round(s.elevation, 3),
             "height": None if s.height is None else round(s.height, 3), "inferred": s.inferred}
            for s in storeys
        ],
        "warnings": translated_all(src.warnings) if src else [],  # stored language-neutral: the reader's
        "counts": read.venue_counts(cat, venue_id),
        "features": [
            {"id": f.id, "kind": f.kind, "label": f.label, "number": f.number, "storey": names.get(f.storey),
             "position": [round(c, 3) for c in f.position], "source": f.source, "verified": f.verified,
             "width": f.width, "leads_to": f.leads_to}
            for f in features
        ],
    }


def cmd_show(args) -> int:
    from venueplans.catalogue import read

    cat = catalogue_from_args(args)
    report = venue_report(cat, read.resolve_venue(cat, args.venue))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(tr("{name}  (id {id}, {kind})").format(name=report["name"], id=report["id"], kind=tr(VENUE_KIND_LABELS.get(report["kind"], report["kind"]))))
    if report["address"] or report["city"]:
        print(f"  {report['address']} {report['city']}".rstrip())
    if report["verified_on"]:
        print(tr("  verified by {who} on {date}").format(who=report["verified_by"], date=format_date(report["verified_on"])))
    from venueplans.ops.packages import package_signer

    signer = package_signer(cat, report["id"])
    if signer:
        print(f"  {signer}")
    src = report["source"]
    if src:
        print(tr("  source: {file} ({format})").format(
            file=src["file"], format=src["format"] + (" " + src["schema"] if src["schema"] else "")))
    c = report["counts"]
    print(tr("  {storeys} storeys, {spaces} spaces, {elements} elements, {triangles} triangles").format(**c))
    print(tr("  {exits} exits, {access_points} access points, {stairs} stairs, {lifts} lifts "
             "({doors} doors, {fire_exit_doors} marked FireExit)").format(**c))
    for s in report["storeys"]:
        line = tr("  storey {index}: {name} at {elevation:+.2f} m").format(**s)
        print(line + (tr(" (inferred)") if s["inferred"] else ""))
    for f in report["features"]:
        if f["kind"] in ("exit", "entrance", "access_point", "pedestrian_gate"):
            num = f"{f['number']:>3}" if f["number"] is not None else "  -"
            print(f"  {tr(FEATURE_KINDS[f['kind']].label)[:14]:<14}{num}  {f['label'][:40]:<40} {f['storey'] or '-':<20} [{f['source']}]")
    for w in report["warnings"][:5]:
        print(tr("  warning: {warning}").format(warning=w))
    return 0


def cmd_remove(args) -> int:
    from venueplans.catalogue import read
    from venueplans.ops.venues import remove_venue

    cat = catalogue_from_args(args, seed=False)
    print(remove_venue(cat, venue_id=read.resolve_venue(cat, args.venue)).message)
    return 0


def cmd_check(args) -> int:
    from pathlib import Path

    from venueplans.catalogue.check import check_catalogue, check_file, record_result
    from venueplans.catalogue.db import (
        CatalogueError,
        PassphraseError,
        default_catalogue_path,
        session_passphrase,
    )

    try:
        cat = catalogue_from_args(args, seed=False, explicit_write=True)
    except PassphraseError:
        raise
    except CatalogueError:  # too damaged to open: say what SQLite finds broken
        path = Path(args.catalogue) if args.catalogue else default_catalogue_path()
        if not path.exists():
            raise
        report = check_file(path, session_passphrase())
    else:
        path = cat.path
        report = check_catalogue(cat, full=not args.quick)
    record_result(path, report)
    if report.ok:
        print(tr("{path}: ok ({checks})").format(path=path, checks=", ".join(report.checked)))
        return 0
    for p in report.problems:
        print(f"{path}: {p}", file=sys.stderr)
    print(f"{path}: " + tr("damaged: changes are refused until you restore a backup (`venueplans restore FILE`)"),
          file=sys.stderr)
    return 1
