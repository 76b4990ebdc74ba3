"""`export VENUE -o FILE.vpkg` and the package half of `import FILE.vpkg` (signed venue hand-over)."""

from __future__ import annotations

import sys

from venueplans.cli import key_passphrase
from venueplans.cli.context import catalogue_from_args
from venueplans.i18n import tr

PACKAGE_SUFFIX = ".vpkg"


def register(sub) -> None:
    p = sub.add_parser("export", help=tr("write a venue to a signed package (.vpkg) for another installation"))
    p.add_argument("venue", help=tr("id or unique name"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.vpkg", help=tr("package file to write"))
    p.add_argument("--with-scenarios", action="store_true", help=tr("include the venue's scenarios"))
    key_passphrase.add_option(p)
    p.set_defaults(func=cmd_export)


def add_import_options(p) -> None:
    """Options of `import` that concern packages (the command itself is in catalogue_cmds)."""
    p.add_argument("--allow-untrusted", action="store_true",
                   help=tr("packages: accept a signature by a key this installation does not trust (audited)"))
    p.add_argument("--force", action="store_true",
                   help=tr("packages: import even when the catalogue holds a newer revision of the venue"))


def is_package(path: str) -> bool:
    return path.lower().endswith(PACKAGE_SUFFIX)


def cmd_export(args) -> int:
    from venueplans.catalogue import read
    from venueplans.ops.packages import export_package

    cat = catalogue_from_args(args, seed=False)
    venue_id = read.resolve_venue(cat, args.venue)  # an unknown venue is refused before the passphrase is asked
    changes = export_package(cat, venue_id=venue_id, target=args.output, with_scenarios=args.with_scenarios,
                             key_passphrase=key_passphrase.for_signing(args))
    print(changes.message)
    return 0


def cmd_import_package(args) -> int:
    from venueplans.cli.progress import ProgressBar
    from venueplans.ops.packages import import_package, verify_package

    verify_package(args.path, allow_untrusted=args.allow_untrusted)  # refused before the catalogue is opened
    cat = catalogue_from_args(args, seed=False, explicit_write=True)
    bar = ProgressBar(tr("importing"))
    try:
        changes = import_package(cat, args.path, allow_untrusted=args.allow_untrusted, force=args.force,
                                 progress=bar)
    finally:
        bar.close()
    print(changes.message)
    for warning in changes.warnings:
        print(tr("warning: {text}").format(text=warning), file=sys.stderr)
    return 0
