"""`venueplans [--catalogue PATH] [--debug] [open [VENUE] [--scenario NAME [--phase N]] [--screenshot OUT.png]]`.

Opens (creating and seeding on first start) the catalogue, shows the main window on the venue list or
on VENUE, and with `--screenshot` saves the whole window once the 3D view has drawn its first frame (without
VENUE: once the venue list is shown) and exits 0 — scriptable under Xvfb. `--scenario` shows an exercise scenario at a `--phase` (number from 1
or name) in the Scenario panel and drawn in 3D. Uncaught exceptions are shown as one readable line, never fatal.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from venueplans import __version__
from venueplans.argparse_texts import translate_argparse
from venueplans.i18n import format_number, setup_language, tr

SCREENSHOT_TIMEOUT_MS = 120_000
SCREENSHOT_PNG_QUALITY = 50  # Qt's zlib level ~4: a 1600x1000 window in 0.09 s instead of 0.2 s, 6 % larger


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(tr("{text!r} is not WIDTHxHEIGHT, e.g. 1600x1000").format(text=text)) from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError(tr("{text!r}: width and height must be between 200 and 10000").format(text=text))
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="venueplans", description=tr("Offline 3D plans of venues (desktop app)."))
    parser.add_argument("--catalogue", metavar="PATH", help=tr("catalogue file (default: $VENUEPLANS_CATALOGUE "
                        "or the user data folder)"))
    parser.add_argument("--debug", action="store_true", help=tr("show tracebacks on errors"))
    parser.add_argument("--version", action="version", version=f"venueplans {__version__}")
    from venueplans.ui.protection import add_gui_options

    add_gui_options(parser)  # --read-only, --passphrase-file
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("open", help=tr("open the desktop application, optionally on one venue"))
    p.add_argument("venue", nargs="?", help=tr("venue id or unique name"))
    p.add_argument("--scenario", metavar="NAME", help=tr("show this exercise scenario (name or id) of VENUE"))
    p.add_argument("--phase", metavar="N", help=tr("the scenario's phase: number from 1 or name (default: the first)"))
    p.add_argument("--screenshot", metavar="OUT.png",
                   help=tr("save the window once drawn (the venue, else the venue list), then exit"))
    p.add_argument("--size", default=(1600, 1000), type=_size, help=tr("window size for --screenshot (default 1600x1000)"))
    return parser


def _application():
    """(QApplication, owned): an existing application (tests, an embedding host) is reused, not owned."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        return app, False
    app = QApplication(["venueplans"])
    app.setApplicationName("venueplans")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    return app, True


class _Loop:
    """The application's event loop, or a nested one when the QApplication is not ours: quitting a
    borrowed QApplication would leave it unable to run event loops afterwards."""

    def __init__(self, app, owned: bool):
        from PySide6.QtCore import QEventLoop

        self.app, self.owned = app, owned
        self.loop = None if owned else QEventLoop()

    def exec(self) -> int:
        return self.app.exec() if self.owned else self.loop.exec()

    def quit(self) -> None:
        (self.app if self.owned else self.loop).quit()


def no_display() -> str:
    """Why the desktop app cannot show a window here, or "" (Qt would abort with a page of text)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return ""
    return tr("no display to open the desktop application on (DISPLAY is not set); the command line "
              "works without one: venueplans --help")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_language()  # the `language` setting, else the system's
    translate_argparse()
    args = build_parser().parse_args(argv)
    venue = getattr(args, "venue", None)
    screenshot = getattr(args, "screenshot", None)
    scenario, phase = getattr(args, "scenario", None), getattr(args, "phase", None)
    if (scenario and not venue) or (phase and not scenario):
        print("venueplans: " + tr("--scenario needs a VENUE, --phase needs a --scenario"), file=sys.stderr)
        return 2

    from venueplans import settings as user_settings
    from venueplans.ui import graphics, logfile

    missing = no_display()
    if missing:
        print(f"venueplans: {missing}", file=sys.stderr)
        return 2
    prefs = user_settings.load()
    if _qt_app_missing():
        graphics.prepare_environment(prefs.graphics)  # software OpenGL must be chosen before Qt starts
    graphics.start_probe(prefs.graphics)  # a child process tests OpenGL while the window is being built
    owns_log = logfile.installed_path() is None
    logfile.install()
    try:
        return _run(args, venue, screenshot, scenario, phase, prefs)
    finally:
        if owns_log:
            logfile.uninstall()


def _qt_app_missing() -> bool:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() is None


def _run(args, venue, screenshot, scenario, phase, prefs) -> int:
    from venueplans.catalogue import read
    from venueplans.ops.samples import seed_samples
    from venueplans.ui import errors
    from venueplans.ui.protection import application, open_for_gui

    try:
        args.catalogue = args.catalogue or os.environ.get("VENUEPLANS_CATALOGUE") or prefs.catalogue_path or None
        cat = open_for_gui(args, _application)  # asks for the passphrase of an encrypted catalogue
        seed_samples(cat)
        venue_id = read.resolve_venue(cat, venue) if venue else None
    except Exception as exc:  # noqa: BLE001 - one line, non-zero exit
        print(f"venueplans: {errors.one_line(exc)}", file=sys.stderr)
        errors.log.error("cannot start: %s", errors.one_line(exc), exc_info=exc)
        return 1

    app, owned = application(_application)
    from venueplans.ui.qt_translation import install_qt_translator

    install_qt_translator(app)
    loop = _Loop(app, owned)
    previous_hook = errors.install_excepthook()
    from PySide6.QtCore import Qt

    from venueplans.ui.main_window import MainWindow

    window = MainWindow(cat)
    outcome = {"code": 0}
    if screenshot:
        window.memory.active = False  # a scripted run: the user's saved layout stays as it was
        window.resize(*args.size)
        _arm_screenshot(app, loop, window, Path(screenshot), outcome, home=venue_id is None)
    else:
        from venueplans.ui.fit import place_on_screen

        place_on_screen(window)  # 1440x900 where it fits, else the whole (laptop) screen
        window.memory.restore()  # then where the user left it (kept on screen)
    if not owned:
        window.destroyed.connect(loop.quit)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def failed(exc: BaseException) -> None:
        print(f"venueplans: {errors.one_line(exc)}", file=sys.stderr)
        if args.debug:
            import traceback

            traceback.print_exception(exc)

    def open_scenario(_venue_id: int) -> None:  # the venue's scene is loaded in the background first
        try:
            window.scenarios.open(scenario, phase)
        except Exception as exc:  # noqa: BLE001
            failed(exc)
            outcome["code"] = 1
            window.close()
            loop.quit()

    if venue_id is not None:
        try:
            if scenario:
                window.venue_opened.connect(open_scenario, Qt.ConnectionType.SingleShotConnection)
            window.open_venue(venue_id)  # before show(): the first layout and paint are the venue's page
        except Exception as exc:  # noqa: BLE001
            failed(exc)
            errors.log.error("cannot open %s: %s", venue, errors.one_line(exc), exc_info=exc)
            return 1
    window.show()
    try:
        code = loop.exec()
    finally:
        sys.excepthook = previous_hook
        cat.close()
    return outcome["code"] or code


def since_launch() -> float | None:
    """Seconds since this process started, from the kernel's own clock (Linux: /proc, 10 ms ticks), so that
    `open --screenshot` can say when the first frame came; None where that is not available."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            started = int(fh.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime, in clock ticks
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - started / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _arm_screenshot(app, loop: _Loop, window, out: Path, outcome: dict, *, home: bool = False) -> None:
    """When the first frame is drawn and the 2D plan is on screen (*home*: when the venue list is shown):
    let the widgets settle, save the window, quit."""
    from PySide6.QtCore import QTimer

    def save(_seconds: float = 0.0, launched: float | None = None) -> None:
        try:
            app.processEvents()
            image = window.screenshot()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(out), "PNG", SCREENSHOT_PNG_QUALITY):
                raise OSError(tr("{path}: could not write the PNG").format(path=out))
            what = tr("venue list") if home else tr("first frame {seconds} s").format(seconds=format_number(_seconds, 2))
            if launched is not None and not home:
                what += ", " + tr("{seconds} s after launch").format(seconds=format_number(launched, 2))
            print(f"{out}: {image.width()}x{image.height()}, {what}")
        except Exception as exc:  # noqa: BLE001
            from venueplans.ui.errors import one_line

            print(f"venueplans: {one_line(exc)}", file=sys.stderr)
            outcome["code"] = 1
        finally:
            window.close()
            loop.quit()

    def timeout() -> None:
        print("venueplans: " + tr("no frame drawn within {seconds:.0f} s").format(seconds=SCREENSHOT_TIMEOUT_MS / 1000),
              file=sys.stderr)
        outcome["code"] = 1
        window.close()
        loop.quit()

    if home:
        QTimer.singleShot(0, save)  # runs once the event loop has shown and painted the window
    else:
        # The 3D view's first frame and the 2D plan (built on a worker meanwhile), whichever comes last.
        frame: dict = {}

        def maybe_save(*_args) -> None:
            if "seconds" in frame and window.plan_view.settled() and not frame.get("saving"):
                frame["saving"] = True
                QTimer.singleShot(0, lambda: save(frame["seconds"], frame["launched"]))

        window.viewer.first_frame.connect(lambda s: (frame.update(seconds=s, launched=since_launch()), maybe_save()))
        window.plan_view.plan_shown.connect(maybe_save)
        window.plan_view.plan_settled.connect(maybe_save)
    timer = QTimer(window, singleShot=True, interval=SCREENSHOT_TIMEOUT_MS)
    timer.timeout.connect(timeout)
    timer.start()
    window.plan_view.unattended = True  # no plans of other storeys built ahead
