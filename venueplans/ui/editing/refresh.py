"""After an edit: the 3D markers, the header, the legend and the browser row show the new plan.

The scene is rebuilt from the catalogue (20 ms for the 1,500-seat sample theatre: geometry blobs are
decoded as numpy views, nothing is tessellated) because a feature also tints its door (an exit door
is green); the camera and everything the view state says (storeys, categories, x-ray, explode, cut)
are put back, so the user sees only the marker change.
"""

from __future__ import annotations

from venueplans.catalogue import read


def reload_scene(viewer) -> None:
    """Rebuild *viewer*'s scene from the catalogue, keeping the camera and the view state."""
    if viewer.cat is None or viewer.venue_id is None:
        return
    cam = viewer.plotter.camera
    saved = (cam.position, cam.focal_point, cam.up, cam.view_angle, cam.parallel_projection, cam.parallel_scale)
    st, scene = viewer.state, viewer.scene
    scene.load(viewer.cat, viewer.venue_id)
    scene.show_storeys(st.visible_storeys(), st.ghosted_storeys())
    scene.hide_categories(st.hidden_categories())
    scene.set_xray(st.xray)
    scene.set_explode(st.explode)
    scene.set_section(st.cut_height(), each_floor=st.section_each_floor)
    if st.section_box:
        st.set_section_box(False)  # the box widget went with the old scene
    cam.position, cam.focal_point, cam.up = saved[:3]
    cam.view_angle, cam.parallel_projection, cam.parallel_scale = saved[3:]
    viewer.plotter.renderer.ResetCameraClippingRange()
    viewer.request_render()


def refresh_venue_views(window, venue_id: int) -> None:
    """Header, legend counts and the browser's row (verified date, exits) of the venue on show."""
    if window.venue_id != venue_id:
        window.browser.refresh()
        return
    venue = read.get_venue(window.cat, venue_id)
    counts = read.venue_counts(window.cat, venue_id)
    window.header.set_venue(venue, counts)
    window.legend.set_counts(counts)
    window.browser.refresh()
