"""The selection drawn in the 3D view: amber, in the scene's overlay layer so walls never hide it.

What is drawn for a selection: the element's own triangles (read back from the catalogue), a room
without geometry of its own as a prism (its footprint as a floor plate and the outline of its walls),
and on a feature a ring with a pole, sized to be seen from afar. `HighlightLayer` owns the actors and
follows the exploded storeys (`lift`). No Qt here: ui/plan_view.py decides what is selected.
"""

from __future__ import annotations

import numpy as np

from venueplans.model import Space, Storey

SELECTION_RGB = (255, 159, 10)  # amber (#ff9f0a): the selection colour of the 2D plan too
EDGE_RGB = (191, 107, 0)


def element_meshes(cat, venue_id: int, element: int, category: str | None, storey: int | None,
                   storeys: dict[int, Storey]) -> list[tuple[object, bool]]:
    """(mesh, is_lines) to highlight *element*: its triangles, or a room's prism."""
    from venueplans.catalogue import read

    if category is None or storey is None:
        e = read.get_element(cat, venue_id, element)
        if e is None:
            return []
        category, storey = category or e.category, storey if storey is not None else e.storey
    if category == "space":
        space = next((s for s in read.load_spaces(cat, venue_id) if s.element == element), None)
        return prism(space, storeys.get(space.storey)) if space is not None else []
    import pyvista as pv

    geo = read.load_geometry(cat, venue_id, storeys=[storey] if storey is not None else None, categories=[category])
    out = []
    for b in geo.batches:
        mask = np.asarray(b.elements) == element
        if mask.any():
            tris = np.asarray(b.triangles)[mask]
            used, inverse = np.unique(tris, return_inverse=True)
            faces = np.c_[np.full(len(tris), 3), inverse.reshape(-1, 3)].ravel()
            out.append((pv.PolyData(np.asarray(b.vertices)[used].astype(float), faces), False))
    return out


def feature_meshes(position, bounds) -> list[tuple[object, bool]]:
    """A ring around a feature (a door) and a pole above it, sized by the venue's extent."""
    import pyvista as pv

    x, y, z = position
    r = max(1.5, max(bounds[1] - bounds[0], bounds[3] - bounds[2]) / 45)
    return [(pv.Disc(center=(x, y, z + 0.05), inner=r * 0.6, outer=r, normal=(0, 0, 1), c_res=48), False),
            (pv.Line((x, y, z), (x, y, z + 3.0 * r)), True)]


def prism(space: Space, storey: Storey | None) -> list[tuple[object, bool]]:
    """A room without geometry of its own: its footprint as a floor plate and the outline of its walls."""
    import pyvista as pv

    if len(space.footprint) < 3:
        return []
    z0 = storey.elevation if storey else 0.0
    z1 = z0 + (storey.height if storey and storey.height else 3.0)
    ring = np.asarray(space.footprint, dtype=float)
    n = len(ring)
    floor = pv.PolyData(np.c_[ring, np.full(n, z0 + 0.05)], faces=np.r_[n, np.arange(n)])
    pts = np.r_[np.c_[ring, np.full(n, z0)], np.c_[ring, np.full(n, z1)]]
    segs = [(i, (i + 1) % n) for i in range(n)] + [(n + i, n + (i + 1) % n) for i in range(n)]
    segs += [(i, n + i) for i in range(n)]
    edges = pv.PolyData(pts, lines=np.c_[np.full(len(segs), 2), np.asarray(segs)].ravel())
    return [(floor, False), (edges, True)]


class HighlightLayer:
    """The highlight's actors in one renderer (the scene's overlay). `show(meshes, lift)`, `clear()`."""

    def __init__(self):
        self.actors: list = []
        self._renderer = None

    def clear(self) -> None:
        if self._renderer is not None:
            for actor in self.actors:
                self._renderer.RemoveActor(actor)
        self.actors, self._renderer = [], None

    def show(self, renderer, meshes: list[tuple[object, bool]], lift: float = 0.0) -> None:
        self.clear()
        self._renderer = renderer
        for mesh, lines in meshes:
            self.actors.append(self._actor(mesh, lines))
        self.lift(lift)

    def lift(self, metres: float) -> None:
        for actor in self.actors:
            actor.SetPosition(0.0, 0.0, metres)

    def _actor(self, mesh, lines: bool):
        from venueplans.render.meshes import flat_actor

        actor = flat_actor(mesh, tuple(c / 255 for c in SELECTION_RGB), line_width=4.0)
        prop = actor.GetProperty()
        if not lines:
            prop.SetOpacity(0.7)
            prop.EdgeVisibilityOn()
            prop.SetEdgeColor(*(c / 255 for c in EDGE_RGB))
        self._renderer.AddActor(actor)
        return actor
