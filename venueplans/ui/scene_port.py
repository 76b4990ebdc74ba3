"""What the viewer asks of a venue scene (whatever draws it): the seam between ui/ and render/.

`make_scene(plotter)` returns the render layer's `VenueScene` behind `render_scene.RenderSceneAdapter`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from venueplans.catalogue import Catalogue
from venueplans.model import Feature


@dataclass
class PickResult:
    element: int | None  # element index within the venue
    point: tuple[float, float, float] | None  # world point on the surface, model frame (metres)
    storey: int | None
    category: str | None
    feature: Feature | None = None  # a marker under the cursor (exits win over geometry)


class ScenePort(Protocol):
    bounds: tuple[float, ...]

    def load(self, cat: Catalogue, venue_id: int) -> None: ...
    def show(self, data) -> None: ...  # render.scene.SceneData, read off the GUI thread
    def show_steps(self, data) -> Iterator[None]: ...  # show() a step at a time
    def clear(self) -> None: ...
    def close(self) -> None: ...
    def show_storeys(self, solid: list[int], ghosted: list[int]) -> None: ...
    def hide_categories(self, hidden: list[str]) -> None: ...
    def set_xray(self, on: bool) -> None: ...
    def set_explode(self, metres: float) -> None: ...
    def set_section(self, height: float | None, *, each_floor: bool = False) -> None: ...
    def section_box(self, on: bool) -> None: ...
    def view(self, preset: str) -> None: ...
    def pick(self, x: int, y: int) -> PickResult | None: ...
    def visible_storeys(self) -> list[int]: ...
    def visible_categories(self) -> list[str]: ...
    def feature_display_point(self, feature: Feature) -> tuple[float, float] | None: ...


def make_scene(plotter) -> ScenePort:
    from venueplans.ui.render_scene import RenderSceneAdapter

    return RenderSceneAdapter(plotter)
