"""The render layer's `VenueScene` behind the viewer's `ScenePort` (a thin adapter, no drawing here).

Adds what the desktop needs on top of the render API: an interactive section box (a pyvista box widget
whose bounds feed `VenueScene.set_section_box`) and a feature's on-screen position for tests.
"""

from __future__ import annotations

import logging

from venueplans.catalogue import Catalogue
from venueplans.model import CATEGORIES
from venueplans.ui.scene_port import PickResult

log = logging.getLogger(__name__)


class RenderSceneAdapter:
    def __init__(self, plotter):
        from venueplans.render.scene import VenueScene

        self.plotter = plotter
        self.scene = VenueScene(plotter, seats="lod", labels=True, legend=False)
        self._box_widget = None

    # --- data ---------------------------------------------------------------------------------------------
    @property
    def bounds(self) -> tuple[float, ...]:
        return tuple(self.scene.bounds)

    @property
    def features(self):
        return self.scene.features

    def load(self, cat: Catalogue, venue_id: int) -> None:
        self.section_box(False)
        self.scene.load(cat, venue_id)

    def show(self, data) -> None:
        """Build from `render.scene.SceneData` read elsewhere (a worker thread): VTK work only."""
        self.section_box(False)
        self.scene.show(data)

    def show_steps(self, data):
        """`show` as steps (an iterator) the viewer spreads over event-loop turns."""
        self.section_box(False)
        return self.scene.show_steps(data)

    def clear(self) -> None:
        self.section_box(False)
        self.scene.clear()

    def close(self) -> None:
        self.section_box(False)
        self.scene.close()

    # --- state ----------------------------------------------------------------------------------------------
    def show_storeys(self, solid: list[int], ghosted: list[int]) -> None:
        self.scene.show_storeys(solid, ghosted)

    def hide_categories(self, hidden: list[str]) -> None:
        hidden = set(hidden)
        for category in set(CATEGORIES) | set(self.scene.categories):
            self.scene.set_category_visible(category, category not in hidden)

    def set_xray(self, on: bool) -> None:
        self.scene.set_xray(on)

    def set_explode(self, metres: float) -> None:
        self.scene.explode(metres)

    def set_section(self, height: float | None, *, each_floor: bool = False) -> None:
        try:
            self.scene.set_section(height, above_each_floor=each_floor)
        except TypeError:  # a render layer without plan stacks: a single cut
            self.scene.set_section(height)

    def section_box(self, on: bool) -> None:
        if self._box_widget is not None:
            self._box_widget.Off()
            self._box_widget.SetInteractor(None)
            self._box_widget = None
        if not on:
            self.scene.set_section_box(None)
            return
        start = self.scene.visible_bounds()
        self.scene.set_section_box(start)

        from vtkmodules.vtkCommonDataModel import vtkPolyData
        from vtkmodules.vtkInteractionWidgets import vtkBoxWidget

        from venueplans.render.style import rgb

        widget = vtkBoxWidget()
        widget.SetInteractor(self.plotter.iren)
        widget.SetPlaceFactor(1.0)
        widget.PlaceWidget(start)
        widget.RotationEnabledOff()
        widget.GetOutlineProperty().SetColor(*rgb("#0072ce"))
        widget.GetOutlineProperty().SetLineWidth(2)
        box = vtkPolyData()

        def moved(*_args) -> None:  # when the drag ends: re-cutting a stadium on every mouse move is too slow
            try:
                widget.GetPolyData(box)
                self.scene.set_section_box(box.GetBounds())
            except Exception:  # noqa: BLE001 - a VTK widget callback must never raise
                log.exception("section box update failed")

        widget.AddObserver("EndInteractionEvent", moved)
        widget.On()
        self._box_widget = widget

    # --- camera and picking ------------------------------------------------------------------------------------
    def view(self, preset: str) -> None:
        if preset == "fit":
            self.scene.fit()
        else:
            self.scene.set_view(preset)

    def pick(self, x: int, y: int) -> PickResult | None:
        return self.scene.pick(x, y)

    def visible_storeys(self) -> list[int]:
        return sorted(self.scene.visible_storeys())

    def visible_categories(self) -> list[str]:
        return self.scene.visible_categories()

    def feature_display_point(self, feature) -> tuple[float, float] | None:
        """Display position (VTK pixels) of *feature*'s symbol in the last frame, None when not drawn."""
        layer = getattr(self.scene, "_layer", None)  # wanted from render/: a public symbol-position query
        if layer is None:
            return None
        centres = layer.symbol_centres()
        for f, c in zip(layer.features, centres, strict=True):
            if f is feature or (f.id is not None and f.id == feature.id):
                return None if c[0] != c[0] else (float(c[0]), float(c[1]))
        return None
