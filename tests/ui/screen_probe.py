"""Run by tests/ui/test_small_screen.py in its own Xvfb screen: open every sample venue in the main window
as the app places it, select something on every storey, and record (JSON) where the window and its docks
are after each step, and which storey the 2D plan shows.

    python tests/ui/screen_probe.py CATALOGUE OUT.json SHOTS_DIR
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _cut_buttons(dock) -> list[str]:
    """The buttons of *dock* cut off at its left or right edge, or hidden behind a toolbar's "»", and the
    dock's content if it is wider than the dock (a horizontal scroll bar). The dock scrolls vertically on a
    768-pixel screen: a button below the fold is reachable, one beyond the right edge is not."""
    from PySide6.QtWidgets import QAbstractButton, QScrollArea

    cut = []
    content = dock.widget()
    if isinstance(content, QScrollArea):
        if content.horizontalScrollBar().maximum() > 0:
            cut.append(f"content {content.widget().minimumSizeHint().width()} px wide in {content.viewport().width()}")
        content = content.widget()
    for button in content.findChildren(QAbstractButton):
        if not button.isVisibleTo(dock):
            continue
        left = button.mapTo(dock, button.rect().topLeft()).x()
        if left < 0 or left + button.width() > dock.width() or button.objectName() == "qt_toolbar_ext_button":
            cut.append(button.text() or button.toolTip() or button.objectName())
    return cut


def main(catalogue: str, out: str, shots: str) -> int:
    from PySide6.QtWidgets import QApplication

    from venueplans.catalogue import open_catalogue, read
    from venueplans.i18n import setup_language
    from venueplans.ops.samples import seed_samples
    from venueplans.ops.scenario_reads import list_scenarios
    from venueplans.ui.app import _application
    from venueplans.ui.fit import place_on_screen
    from venueplans.ui.main_window import MainWindow
    from venueplans.ui.scene_port import PickResult

    setup_language()  # as the app starts: VENUEPLANS_LANG=fr for the French labels, the wider ones
    app, _ = _application()
    cat = open_catalogue(catalogue)
    seed_samples(cat)
    window = MainWindow(cat)
    place_on_screen(window)
    window.show()
    screen = window.screen().availableGeometry()
    steps: list[dict] = []

    def settle(until=lambda: True, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app.processEvents()
            if until():
                break
            time.sleep(0.01)
        for _ in range(10):
            app.processEvents()

    def record(step: str, **extra) -> None:
        g = window.frameGeometry()
        docks = {}
        for key, dock in window.docks.items():
            if dock.isVisible() and not dock.visibleRegion().isEmpty():  # a tab behind another: not shown
                top_left = dock.mapToGlobal(dock.rect().topLeft())
                docks[key] = [top_left.x(), top_left.y(), dock.width(), dock.height()]
        steps.append({"step": step, "window": [g.x(), g.y(), g.width(), g.height()], "docks": docks, **extra})

    settle()
    record("start")
    Path(shots).mkdir(parents=True, exist_ok=True)
    opened: list[int] = []
    window.venue_opened.connect(opened.append)  # the scene loads in the background (ui/ops_runner.py)
    for listing in read.list_venues(cat):
        vid = listing.id
        window.open_venue(vid)
        settle(lambda vid=vid: vid in opened and window.viewer._awaiting_first_frame is None)
        view = window.viewer.plotter
        record(f"open {listing.name}", view_logical=[view.width(), view.height()],
               view_pixels=list(view.ren_win.GetSize()), view_dpr=view.devicePixelRatioF())
        features = read.load_features(cat, vid, include_rejected=False)
        geometry = read.load_geometry(cat, vid)
        for storey in read.load_storeys(cat, vid):
            on_storey = [f for f in features if f.storey == storey.index]
            f = on_storey[0] if on_storey else None
            pick = PickResult(getattr(f, "element", None), tuple(f.position) if f else None, storey.index, None, f)
            if f is None:  # a storey without markers (the stadium roof): one of its elements
                batch = next(b for b in geometry.batches if b.storey == storey.index)
                pick = PickResult(int(batch.elements[0]), tuple(map(float, batch.vertices[0])), storey.index,
                                  batch.category)
            window._picked(pick)  # what a click on it in the 3D view does
            plan = window.plan_view
            settle(lambda plan=plan: plan.data is not None and plan.data.key == plan.current_key(), timeout=60)
            key = plan.current_key()
            record(f"select on {listing.name} / {storey.name}", selected_storey=storey.index,
                   plan_storey=key[1] if key else None,
                   plan_shown=bool(plan.data is not None and plan.data.key == key))
        scenarios = list_scenarios(cat, venue_id=vid)
        if scenarios:  # the theatre's example exercise: every button of the Scenario dock fully shown
            window.scenarios.open(scenarios[0].id)
            settle(lambda: window.scenarios.dock.isVisible())
            dock = window.scenarios.dock
            top_left = dock.mapToGlobal(dock.rect().topLeft())
            record(f"scenario on {listing.name}", cut=_cut_buttons(dock),
                   scenario_dock=[top_left.x(), top_left.y(), dock.width(), dock.height()])
            window.routes.dock.show()
            window.routes.dock.raise_()
            settle(lambda: window.routes.dock.isVisible())
            record(f"routes on {listing.name}", cut=_cut_buttons(window.routes.dock))
            window.scenarios.show_panel()
            settle()
        window.screenshot().save(str(Path(shots) / f"venue{vid}.png"))
    Path(out).write_text(json.dumps({"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
                                     "dpr": window.devicePixelRatioF(), "steps": steps}, indent=1))
    window.close()
    cat.close()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
