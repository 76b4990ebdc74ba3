"""The shared selection drawn in both views: its outline on the plan (`geometry_path`, world metres to a
scene path) and, in 3D, amber actors from render/highlight.py lifted with the exploded storeys."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from venueplans.render.highlight import HighlightLayer, element_meshes, feature_meshes
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
    """The shared selection drawn amber in the 3D view (`render.highlight`), lifted with exploded storeys."""

    def __init__(self, viewer):
        self.viewer = viewer
        self.layer = HighlightLayer()
        self.storey: int | None = None

    @property
    def actors(self) -> list:
        return self.layer.actors

    def _target(self):
        scene = getattr(self.viewer.scene, "scene", None)  # render.scene.VenueScene behind the adapter
        return getattr(scene, "overlay", None) or self.viewer.plotter.renderer

    def clear(self) -> None:
        self.layer.clear()

    def show(self, selection: Selection | None, state: ViewState) -> None:
        self.clear()
        viewer = self.viewer
        if selection is None or viewer.cat is None or viewer.venue_id is None:
            viewer.request_render()
            return
        meshes = []
        if selection.element is not None:
            storeys = {s.index: s for s in state.storeys}
            meshes += element_meshes(viewer.cat, viewer.venue_id, selection.element, selection.category,
                                     selection.storey, storeys)
        feature = next((f for f in getattr(viewer.scene, "features", []) if selection.feature_id is not None
                        and f.id == selection.feature_id), None)
        if feature is not None:
            meshes += feature_meshes(feature.position, viewer.scene.bounds)
        self.storey = selection.storey
        self.layer.show(self._target(), meshes)
        self.relift(state)

    def relift(self, state: ViewState) -> None:
        """Follow the exploded storeys (each storey is lifted by its rank times the gap)."""
        if not self.actors:
            return
        order = state.indices
        self.layer.lift((order.index(self.storey) if self.storey in order else 0) * state.explode)
        self.viewer.request_render()
