"""The shared selection drawn in both views: its outline on the plan (`geometry_path`, world metres to a
scene path) and, in 3D, amber actors from render/highlight.py lifted with the exploded storeys."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from venueplans.i18n import N_
from venueplans.render.highlight import HighlightLayer, element_meshes, feature_meshes
from venueplans.ui.ops_runner import OpRunner, QueryOp
from venueplans.ui.view_state import Selection, ViewState


def geometry_path(geom, *, closed: bool = True) -> QPainterPath:
    """World geometry as a scene path (scene = world metres with y pointing down)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            for ring in (part.exterior, *part.interiors):
                path.addPolygon(QPolygonF([QPointF(px, -py) for px, py in np.asarray(ring.coords)[:, :2]]))
                path.closeSubpath()
        elif part.geom_type in ("MultiPolygon", "GeometryCollection", "MultiLineString"):
            path.addPath(geometry_path(part))
        elif part.geom_type in ("LineString", "LinearRing"):
            pts = np.asarray(part.coords)[:, :2]
            path.moveTo(pts[0, 0], -pts[0, 1])
            for px, py in pts[1:]:
                path.lineTo(px, -py)
    return path


class Highlight3D:
    """The shared selection drawn amber in the 3D view (`render.highlight`), lifted with exploded storeys.

    A feature's ring is drawn at once; an element's own triangles are read from the catalogue by a
    `QueryOp` on *runner* (a newer selection drops an older read), without a runner at once."""

    def __init__(self, viewer, runner: Callable[[], OpRunner | None] | None = None):
        self.viewer = viewer
        self.runner = runner or (lambda: None)
        self.layer = HighlightLayer()
        self.storey: int | None = None
        self._meshes: list = []
        self._state: ViewState | None = None

    @property
    def actors(self) -> list:
        return self.layer.actors

    def _target(self):
        scene = getattr(self.viewer.scene, "scene", None)  # render.scene.VenueScene behind the adapter
        return getattr(scene, "overlay", None) or self.viewer.plotter.renderer

    def clear(self) -> None:
        runner = self.runner()
        if runner is not None:
            runner.supersede("highlight")  # an element still being read is no longer wanted
        self._meshes = []
        self.layer.clear()

    def show(self, selection: Selection | None, state: ViewState) -> None:
        self.clear()
        viewer = self.viewer
        self._state = state
        if not viewer.has_3d:  # 2D-only mode (ui/graphics.py): the plan shows the selection
            return
        if selection is None or viewer.cat is None or viewer.venue_id is None:
            viewer.request_render()
            return
        self.storey = selection.storey
        feature = next((f for f in getattr(viewer.scene, "features", []) if selection.feature_id is not None
                        and f.id == selection.feature_id), None)
        if feature is not None:
            self._add(feature_meshes(feature.position, viewer.scene.bounds))
        if selection.element is None:
            return
        storeys = {s.index: s for s in state.storeys}
        venue_id, args = viewer.venue_id, (selection.element, selection.category, selection.storey, storeys)
        runner = self.runner()
        if runner is None:
            self._add(element_meshes(viewer.cat, venue_id, *args))
            return
        QueryOp(runner, lambda cat: element_meshes(cat, venue_id, *args),
                lambda meshes: self._add(meshes) if self.viewer.venue_id == venue_id else None,
                context=N_("selection")).channel("highlight").run_in_background()

    def _add(self, meshes: list) -> None:
        self._meshes = self._meshes + list(meshes)
        self.layer.show(self._target(), self._meshes)
        if self._state is not None:
            self.relift(self._state)
        else:
            self.viewer.request_render()

    def relift(self, state: ViewState) -> None:
        """Follow the exploded storeys (each storey is lifted by its rank times the gap)."""
        if not self.actors:
            return
        order = state.indices
        self.layer.lift((order.index(self.storey) if self.storey in order else 0) * state.explode)
        self.viewer.request_render()
