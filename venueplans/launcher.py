"""The `venueplans` entry point: the GUI with no arguments (or `open`), the command line otherwise.

Lives above both `ui` and `cli` so that neither imports the other, and imports each lazily so a
command-line run never loads Qt.
"""

from __future__ import annotations

import os
import sys

from venueplans.i18n import setup_language, tr

GUI_COMMANDS = {"open"}


def _wants_gui(argv: list[str]) -> bool:
    from venueplans.cli.main import split_global_options

    _, rest = split_global_options(argv)
    return not rest or rest[0] in GUI_COMMANDS


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("VENUEPLANS_GRAPHICS_PROBE"):  # a frozen app testing OpenGL for itself (ui/graphics.py)
        from venueplans.ui.graphics import PROBE_CODE

        exec(compile(PROBE_CODE, "graphics-probe", "exec"), {})  # noqa: S102 - our own constant code
        return 0
    if _wants_gui(argv):
        try:
            from venueplans.ui.app import main as gui_main
        except ImportError as exc:
            setup_language()
            print("venueplans: " + tr("the desktop interface is not available ({reason})").format(reason=exc), file=sys.stderr)
            return 2
        return gui_main(argv)
    from venueplans.cli.main import main as cli_main

    return cli_main(argv)
