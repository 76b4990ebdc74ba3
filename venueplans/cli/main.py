"""`venueplans [--catalogue PATH] [--debug] COMMAND ...`

Every failure is one line on stderr naming the file (or venue) and the reason, with a non-zero exit;
`--debug` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from venueplans import __version__
from venueplans.argparse_texts import translate_argparse
from venueplans.errors import UserError
from venueplans.errors import one_line as shared_one_line
from venueplans.i18n import setup_language, tr

# Modules that add sub-commands: each has `register(subparsers)` and sets `func` on its parsers.
COMMAND_MODULES = [
    "venueplans.cli.catalogue_cmds",
    "venueplans.cli.render_cmds",
    "venueplans.cli.plan_cmds",
    "venueplans.cli.scenario_cmds",
    "venueplans.cli.package_cmds",
    "venueplans.cli.keys_cmds",
    "venueplans.cli.protect_cmds",
    "venueplans.cli.route_cmds",
]


class CliError(UserError):
    """A user-facing failure: printed as one line."""


def split_global_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """(global options, the rest) — global options come before the sub-command."""
    head: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--catalogue", "--passphrase-file") and i + 1 < len(argv):
            head += argv[i : i + 2]
            i += 2
        elif arg.startswith(("--catalogue=", "--passphrase-file=")) or arg in (
                "--debug", "--version", "-h", "--help", "--read-only"):
            head.append(arg)
            i += 1
        else:
            break
    return head, argv[i:]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="venueplans",
        description=tr("Offline 3D and printable plans of theatres, stadiums and other venues. "
                       "With no command, starts the desktop application."),
    )
    parser.add_argument("--catalogue", metavar="PATH", help=tr("catalogue file (default: $VENUEPLANS_CATALOGUE "
                                                                       "or the user data folder)"))
    parser.add_argument("--debug", action="store_true", help=tr("show tracebacks on errors"))
    from venueplans.cli.protect_cmds import add_global_options

    add_global_options(parser)
    parser.add_argument("--version", action="version", version=f"venueplans {__version__}",
                        help=tr("show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # command group not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_language()
    translate_argparse()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        from venueplans.cli.protect_cmds import apply_global_options

        apply_global_options(args)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print(tr("venueplans: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the one place that turns failures into one line
        if args.debug:
            traceback.print_exc()
        print(f"venueplans: {one_line(exc)}", file=sys.stderr)
        return 1


def one_line(exc: BaseException) -> str:
    from venueplans.catalogue.db import describe_error

    return describe_error(exc) or shared_one_line(exc, internal_hint=tr(" (run with --debug for details)"))
