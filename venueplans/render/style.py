"""How things look: category colours, the ghost and x-ray looks, lights and background.

The palette keeps the building quiet (warm greys, muted doors and stairs) so that the feature colours
from `model.features` — exits green, access points blue, stairs orange, lifts brown — are the only
saturated colours on screen. Everything is tuned for software OpenGL: no shadows, no depth peeling, no
multisampling (8x MSAA costs ~4x the frame time on llvmpipe), plain alpha blending for ghosts.
"""

from __future__ import annotations

from dataclasses import dataclass

CATEGORY_COLOURS = {
    "wall": "#e4dfd5",
    "slab": "#b3ada2",
    "roof": "#9a8f86",
    "door": "#a9794d",
    "window": "#a9cde6",
    "stair": "#d8c7a6",
    "space": "#cfe3ff",
    "furniture": "#8d96a0",
    "other": "#c4c4c4",
}
HIDDEN_BY_DEFAULT = frozenset({"space"})  # IfcSpace volumes would cover everything inside
CATEGORY_OPACITY = {"window": 0.55}

GHOST_COLOUR = "#b8bcc4"
GHOST_OPACITY = 0.12
XRAY_OPACITY = 0.22
XRAY_SOLID = frozenset({"door", "stair"})  # what x-ray keeps opaque: the way in, out, up and down

BACKGROUND_TOP = "#f7f8fa"
BACKGROUND_BOTTOM = "#d9dee5"
TEXT_COLOUR = "#1d232b"


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """'#rrggbb' -> floats in 0..1."""
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) / 255.0 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb8(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["other"])


@dataclass(frozen=True, slots=True)
class Look:
    """Surface parameters of one actor state."""

    colour: str
    opacity: float
    ambient: float = 0.28
    diffuse: float = 0.78
    cell_colours: bool = True  # draw the per-cell feature tints (exit doors green...)


def solid_look(category: str) -> Look:
    return Look(category_colour(category), CATEGORY_OPACITY.get(category, 1.0))


def ghost_look(category: str) -> Look:
    return Look(GHOST_COLOUR, GHOST_OPACITY, ambient=0.6, diffuse=0.4, cell_colours=False)


def xray_look(category: str) -> Look:
    if category in XRAY_SOLID:
        return solid_look(category)
    return Look(category_colour(category), XRAY_OPACITY, ambient=0.5, diffuse=0.5)


def apply_look(prop, look: Look) -> None:
    """Set a vtkProperty from a Look."""
    prop.SetColor(*rgb(look.colour))
    prop.SetOpacity(look.opacity)
    prop.SetAmbient(look.ambient)
    prop.SetDiffuse(look.diffuse)
    prop.SetSpecular(0.0)
    prop.SetInterpolationToFlat()


def setup_renderer(renderer) -> None:
    """Background gradient and two lights: a headlight plus a fixed sun from the south-east above.

    The sun gives walls and slabs different shades in every view (a headlight alone paints every face
    turned to the camera the same), which is what makes a building read as a building.
    """
    from vtkmodules.vtkRenderingCore import vtkLight

    renderer.SetBackground(*rgb(BACKGROUND_BOTTOM))
    renderer.SetBackground2(*rgb(BACKGROUND_TOP))
    renderer.GradientBackgroundOn()
    renderer.RemoveAllLights()
    renderer.AutomaticLightCreationOff()
    head = vtkLight()
    head.SetLightTypeToHeadlight()
    head.SetIntensity(0.55)
    renderer.AddLight(head)
    sun = vtkLight()
    sun.SetLightTypeToSceneLight()
    sun.SetPositional(False)
    sun.SetPosition(0.45, -0.6, 1.0)  # direction towards the light (scene light: position - focal point)
    sun.SetFocalPoint(0.0, 0.0, 0.0)
    sun.SetIntensity(0.6)
    renderer.AddLight(sun)
    renderer.UseDepthPeelingOff()


def setup_window(render_window) -> None:
    """Window settings every venue view wants on software OpenGL."""
    render_window.SetMultiSamples(0)
    render_window.SetAlphaBitPlanes(0)
