"""`venueplans render VENUE -o out.png`: a venue drawn off-screen, exactly as the desktop viewer draws it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from venueplans.i18n import tr
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR

VIEWS = ("iso", "top", "north", "south", "east", "west")
MAX_SIDE = 8192


def register(sub) -> None:
    p = sub.add_parser(
        "render", help=tr("render a venue to a PNG picture (no display needed)"),
        description=tr("Render a venue off-screen to PNG: exits green with their numbers, entrances and access "
                       "points blue, stairs orange, lifts brown, with a key. Works without a display."),
    )
    p.add_argument("venue", help=tr("venue id or unique name"))
    p.add_argument("-o", "--output", required=True, metavar="OUT.png", help=tr("PNG file to write"))
    p.add_argument("--storey", metavar="NAME", help=tr("isolate this storey (name or index); the others are ghosted"))
    p.add_argument("--hide-others", action="store_true", help=tr("with --storey: hide the other storeys, not ghost them"))
    p.add_argument("--view", choices=VIEWS, default="iso", help=tr("camera preset (default iso; top = plan, north up)"))
    p.add_argument("--size", default="1280x800", metavar="WxH", help=tr("picture size in pixels (default 1280x800)"))
    p.add_argument("--xray", action="store_true", help=tr("translucent walls, slabs and roofs"))
    p.add_argument("--cut", nargs="?", type=float, const=PLAN_CUT_ABOVE_FLOOR, metavar="HEIGHT",
                   help=tr("cut away everything higher than HEIGHT metres above the floor of --storey "
                           "(the lowest storey without it); HEIGHT defaults to 1.2"))
    p.add_argument("--no-legend", action="store_true", help=tr("no key, title or north arrow"))
    p.set_defaults(func=cmd_render)


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text or "")
    if not m:
        raise ValueError(tr("bad --size {text!r}: expected WIDTHxHEIGHT, e.g. 1280x800").format(text=text))
    w, h = int(m.group(1)), int(m.group(2))
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise ValueError(tr("bad --size {text!r}: each side must be 16 to {max} pixels").format(text=text, max=MAX_SIDE))
    return w, h


def check_output(path: Path) -> Path:
    """Fail before any rendering if the picture could not be written."""
    if path.suffix.lower() != ".png":
        raise ValueError(tr("{path}: the output must be a .png file").format(path=path))
    if path.is_dir():
        raise ValueError(tr("{path}: is a folder, not a file").format(path=path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ValueError(tr("{path}: folder {folder} does not exist").format(path=path, folder=parent))
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ValueError(tr("{path}: not writable (permission denied)").format(path=path))
    return path


def cmd_render(args) -> int:
    from venueplans.catalogue import read
    from venueplans.cli.context import catalogue_from_args
    from venueplans.cli.main import CliError

    try:
        size = parse_size(args.size)
        out = check_output(Path(args.output))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if args.cut is not None and not (-50.0 <= args.cut <= 500.0):
        raise CliError(tr("bad --cut {cut:g}: expected metres above the floor, e.g. 1.2").format(cut=args.cut))
    if args.hide_others and args.storey is None:
        raise CliError(tr("--hide-others needs --storey"))
    cat = catalogue_from_args(args)
    venue_id = read.resolve_venue(cat, args.venue)
    if args.storey is not None:
        _check_storey(read.load_storeys(cat, venue_id), args.storey, read.get_venue(cat, venue_id).name)

    from venueplans.render.snapshot import snapshot

    try:
        snapshot(
            cat, venue_id, out, storey=args.storey, view=args.view, size=size, xray=args.xray, cut=args.cut,
            legend=not args.no_legend, storey_mode="hide" if args.hide_others else "ghost",
        )
    except ValueError as exc:
        raise CliError(str(exc)) from None
    print(out)
    return 0


def _check_storey(storeys, ref: str, venue: str) -> None:
    """The scene's own lookup, done before paying for loading the geometry."""
    from venueplans.cli.main import CliError
    from venueplans.model import find_storey

    try:
        find_storey(storeys, ref)
    except ValueError as exc:
        raise CliError(f"{venue}: {exc}") from None
