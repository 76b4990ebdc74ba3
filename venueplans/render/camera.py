"""View presets, framing, and world <-> screen projection with numpy.

Presets name where the camera stands: "north" looks at the north facade from the north, "top" is the
plan (north up). The plan and the four elevations use a parallel projection, like drawings; "iso" is a
perspective view from the south-east, above. `fit` frames a box tightly (the box's corners, not its
bounding sphere, so a long stadium fills the picture).

`world_to_display` projects many points at once with the renderer's camera — what marker scaling,
label placement and the rendering tests use; it agrees with vtkCoordinate (checked in the tests).
Display coordinates are VTK's: pixels, origin at the bottom-left of the window.
"""

from __future__ import annotations

import math

import numpy as np

from venueplans.i18n import N_, tr

# direction from the focal point to the camera, view-up, parallel projection
VIEW_PRESETS: dict[str, tuple[tuple[float, float, float], tuple[float, float, float], bool]] = {
    "iso": ((0.62, -0.85, 0.72), (0.0, 0.0, 1.0), False),
    "top": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), True),
    "north": ((0.0, 1.0, 0.0), (0.0, 0.0, 1.0), True),
    "south": ((0.0, -1.0, 0.0), (0.0, 0.0, 1.0), True),
    "east": ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0), True),
    "west": ((-1.0, 0.0, 0.0), (0.0, 0.0, 1.0), True),
}
# What each preset is called in captions and menus: tr(VIEW_NAMES[preset]) where shown.
VIEW_NAMES = {"iso": N_("iso view"), "top": N_("top view"), "north": N_("north view"), "south": N_("south view"),
              "east": N_("east view"), "west": N_("west view")}
FIT_MARGIN = 1.06  # 6 % air around the venue


def set_view(renderer, preset: str, bounds, *, parallel: bool | None = None, keep_clear=None, pad_px=None) -> None:
    """Point the renderer's camera along *preset* and fit *bounds* (xmin, xmax, ymin, ymax, zmin, zmax)."""
    try:
        direction, up, default_parallel = VIEW_PRESETS[preset]
    except KeyError:
        raise ValueError(tr("unknown view {preset!r} (one of {value})").format(preset=preset, value=', '.join(VIEW_PRESETS))) from None
    cam = renderer.GetActiveCamera()
    cam.SetParallelProjection(default_parallel if parallel is None else parallel)
    d = np.asarray(direction, dtype=float)
    d /= np.linalg.norm(d)
    centre = _centre(bounds)
    cam.SetFocalPoint(*centre)
    cam.SetPosition(*(centre + d))
    cam.SetViewUp(*up)
    fit(renderer, bounds, keep_clear=keep_clear, pad_px=pad_px)


def fit(renderer, bounds, *, keep_clear: tuple[float, float] | None = None, pad_px=None) -> None:
    """Keep the view direction, move the camera so the box just fills the viewport.

    *keep_clear* = (width, height) in pixels of a top-left corner to leave free (the legend): the box is
    fitted beside it or below it, whichever shows the venue larger. *pad_px* = (left, bottom, right, top)
    pixels kept free around the box (room for the symbols and labels that stand on its edges).
    """
    cam = renderer.GetActiveCamera()
    if hasattr(cam, "is_set"):
        # A pyvista camera it believes unset is reset to pyvista's default view on the next
        # `plotter.camera` read (a keypress, the 2D plan's camera marker): this view is deliberate.
        cam.is_set = True
    centre = _centre(bounds)
    back = np.array(cam.GetPosition()) - np.array(cam.GetFocalPoint())
    back /= np.linalg.norm(back) or 1.0
    up = np.array(cam.GetViewUp())
    right = np.cross(up, back)
    right /= np.linalg.norm(right) or 1.0
    up = np.cross(back, right)
    corners = _corners(bounds)
    radius = max(float(np.linalg.norm(corners - centre, axis=1).max()), 0.5)
    tan_v = math.tan(math.radians(cam.GetViewAngle()) / 2.0)
    aspect = _aspect(renderer)
    best = None
    for region in _regions(renderer, keep_clear, pad_px):
        # start from the bounding sphere, then correct a few times from the projected corners
        focus, dist, scale = centre.copy(), radius / tan_v + radius, radius
        for _ in range(6):
            _place(cam, focus, back, up, dist, scale)
            ndc = _project(cam, aspect, corners)
            lo, hi = ndc.min(axis=0), ndc.max(axis=0)
            target_lo, target_hi = np.array(region[:2]) * 2 - 1, np.array(region[2:]) * 2 - 1
            factor = max(*((hi - lo) / (target_hi - target_lo))) * FIT_MARGIN
            du, dv = (target_lo + target_hi) / 2 - (lo + hi) / 2
            half_h = scale if cam.GetParallelProjection() else dist * tan_v
            focus = focus - right * (du * half_h * aspect) - up * (dv * half_h)
            if cam.GetParallelProjection():
                scale *= factor
            else:
                dist *= factor
        size = scale if cam.GetParallelProjection() else dist
        if best is None or size < best[0]:
            best = (size, focus, dist, scale)
    _, focus, dist, scale = best
    if cam.GetParallelProjection():
        dist = radius * 2.0 + 1.0
    _place(cam, focus, back, up, dist, scale)
    renderer.ResetCameraClippingRange(*bounds)


def _place(cam, focus, back, up, dist, scale) -> None:
    cam.SetFocalPoint(*focus)
    cam.SetPosition(*(focus + back * dist))
    cam.SetViewUp(*up)
    cam.SetParallelScale(max(scale, 0.5))
    cam.SetClippingRange(max(dist * 1e-3, 1e-3), dist * 4.0 + 1.0)


def _project(cam, aspect: float, points: np.ndarray) -> np.ndarray:
    """(N,3) world points -> (N,2) normalised device coordinates for *cam*."""
    m = cam.GetCompositeProjectionTransformMatrix(aspect, -1, 1)
    mat = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    homo = np.c_[points, np.ones(len(points))] @ mat.T
    return homo[:, :2] / homo[:, 3:4]


def _regions(renderer, keep_clear, pad_px) -> list[tuple[float, float, float, float]]:
    """Candidate viewport regions (x0, y0, x1, y1 fractions) to fit into, clear of the top-left box."""
    width, height = renderer.GetSize()
    if width <= 0 or height <= 0:
        return [(0.0, 0.0, 1.0, 1.0)]
    left, bottom, right, top = (p / s for p, s in zip(pad_px or (0, 0, 0, 0), (width, height, width, height),
                                                        strict=True))
    full = (left, bottom, 1.0 - right, 1.0 - top)
    if full[2] - full[0] < 0.3 or full[3] - full[1] < 0.3:
        full = (0.0, 0.0, 1.0, 1.0)
    if not keep_clear:
        return [full]
    cw, ch = keep_clear[0] / width, keep_clear[1] / height
    regions = [(max(cw, full[0]), full[1], full[2], full[3]), (full[0], full[1], full[2], min(1.0 - ch, full[3]))]
    return [r for r in regions if r[2] - r[0] > 0.3 and r[3] - r[1] > 0.3] or [full]


def view_depth(renderer, points: np.ndarray) -> np.ndarray:
    """Distance of each point in front of the camera, along the view direction."""
    cam = renderer.GetActiveCamera()
    pos = np.array(cam.GetPosition())
    direction = np.array(cam.GetDirectionOfProjection())
    return (np.asarray(points, dtype=float) - pos) @ direction


def world_to_display(renderer, points: np.ndarray) -> np.ndarray:
    """(N,3) world points -> (N,3): display x, y in pixels (origin bottom-left) and NDC depth."""
    pts = np.asarray(points, dtype=float).reshape(-1, 3)
    cam = renderer.GetActiveCamera()
    m = cam.GetCompositeProjectionTransformMatrix(_aspect(renderer), -1, 1)
    mat = np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])
    homo = np.c_[pts, np.ones(len(pts))] @ mat.T
    w = homo[:, 3:4]
    w[w == 0] = 1e-12
    ndc = homo[:, :3] / w
    x0, y0, x1, y1 = renderer.GetViewport()
    width, height = renderer.GetRenderWindow().GetSize() if renderer.GetRenderWindow() else renderer.GetSize()
    px = (ndc[:, 0] + 1.0) / 2.0 * (x1 - x0) * width + x0 * width
    py = (ndc[:, 1] + 1.0) / 2.0 * (y1 - y0) * height + y0 * height
    return np.c_[px, py, ndc[:, 2]]


def _aspect(renderer) -> float:
    w, h = renderer.GetSize()
    return (w / h) if w > 0 and h > 0 else 1.0


def _centre(bounds) -> np.ndarray:
    b = np.asarray(bounds, dtype=float)
    return np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2])


def _corners(bounds) -> np.ndarray:
    b = bounds
    return np.array([[x, y, z] for x in b[0:2] for y in b[2:4] for z in b[4:6]], dtype=float)
