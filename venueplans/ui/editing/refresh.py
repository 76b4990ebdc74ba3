"""After an edit: the 3D markers, the header, the legend and the browser row show the new plan.

The scene is rebuilt from the catalogue (read and decoded on a worker, the actors built on the GUI thread;
20 ms for the 1,500-seat sample theatre: nothing is tessellated) because a feature also tints its door (an exit door
is green); the camera and everything the view state says (storeys, categories, x-ray, explode, cut)
are put back, so the user sees only the marker change.
"""

from __future__ import annotations

from venueplans.catalogue import read
from venueplans.i18n import N_
from venueplans.ui.ops_runner import QueryOp


def reload_scene(viewer, runner=None) -> None:
    """Rebuild *viewer*'s scene from the catalogue (off the GUI thread with a *runner*), keeping the camera
    and the view state."""
    if viewer.cat is None or viewer.venue_id is None:
        return
    if viewer.state.section_box:
        viewer.state.set_section_box(False)  # the box widget goes with the old scene
    viewer.load(viewer.cat, viewer.venue_id, runner=runner, keep_camera=True)


def refresh_venue_views(window, venue_id: int) -> None:
    """Header, legend counts and the browser's row (verified date, exits) of the venue on show; the
    counts are read on the window's op runner."""
    window.browser.refresh()
    if window.venue_id != venue_id:
        return

    def show(venue_and_counts) -> None:
        venue, counts = venue_and_counts
        if window.venue_id == venue_id:
            window.venue = venue
            window.header.set_venue(venue, counts)
            window.legend.set_counts(counts)

    QueryOp(window.ops, lambda cat: (read.get_venue(cat, venue_id), read.venue_counts(cat, venue_id)), show,
            context=N_("refresh")).channel("venue_counts").run_in_background()
