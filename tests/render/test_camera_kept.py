"""A chosen view stays chosen: pyvista resets a camera it believes unset on the next `plotter.camera`
read (a keypress handler, the 2D plan's camera marker), which made the app jump to pyvista's default view."""

import numpy as np
import pyvista as pv


def test_a_view_preset_survives_pyvista_camera_reads(opengl, hall):
    from venueplans.render.scene import VenueScene

    cat, vid = hall
    plotter = pv.Plotter(off_screen=True, window_size=(640, 400))
    try:
        scene = VenueScene(plotter)
        scene.load(cat, vid)
        scene.set_view("top")
        before = np.array(plotter.renderer.camera.GetPosition())
        assert plotter.camera.GetParallelProjection()  # the read a key handler does
        assert np.allclose(plotter.renderer.camera.GetPosition(), before)
        assert np.allclose(plotter.renderer.camera.GetViewUp(), (0, 1, 0))  # still north-up top view
    finally:
        plotter.close()
