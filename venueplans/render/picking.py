"""Picking in a venue scene: what is under a display point. A feature's marker wins over geometry; then
the nearest of VTK's cell pick (with a cell locator on big meshes) and a ray test against GPU-instanced
seats, which VTK's picker does not see. The result names the element by its index within the venue.

`PickResult` is the one pick record of the app (ui/scene_port.py re-exports it). `ScenePicking` is a
mixin of `render.scene.VenueScene`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from venueplans.model import Feature
from venueplans.render.instances import first_hit

LOCATOR_CELLS = 200_000  # meshes this big get a cell locator for picking (brute force: ~0.4 s per million)


@dataclass
class PickResult:
    element: int | None
    point: tuple[float, float, float] | None
    storey: int | None
    category: str | None
    feature: Feature | None = None
    # element: index within the venue; point: on the surface, model frame (metres); feature: a marker hit


class ScenePicking:
    def pick(self, x: float, y: float) -> PickResult | None:
        if self._layer is not None and self._features_on:
            f = self._layer.hit(x, y)
            if f is not None:
                element_category = next((p.category for p in self._parts if f.element is not None
                                         and p.storey == f.storey and not p.instanced
                                         and np.any(p.elements == f.element)), None)
                return PickResult(f.element, tuple(map(float, f.position)), f.storey, element_category, f)
        from vtkmodules.vtkRenderingCore import vtkCellPicker

        picker = vtkCellPicker()
        picker.SetTolerance(0.0005)
        picker.PickFromListOn()
        glyphs = []
        for p in self._parts:
            if p.actor.GetVisibility() and p.actor.GetPickable():
                if p.glyph_positions is not None:
                    glyphs.append(p)
                else:
                    picker.AddPickList(p.actor)
                    if p.elements.shape[0] >= LOCATOR_CELLS:
                        picker.AddLocator(p.locator())
        best = None  # (distance from the eye, part, element, world point)
        eye, direction = self._pick_ray(x, y)
        if picker.Pick(x, y, 0, self.renderer):
            part = self._actor_part.get(id(picker.GetActor()))
            cell = picker.GetCellId()
            if part is not None and 0 <= cell < len(part.elements):
                world = np.array(picker.GetPickPosition())
                best = (float((world - eye) @ direction), part, int(part.elements[cell]), world)
        for part in glyphs:  # GPU-instanced seats: VTK's cell picker does not see them
            lift = np.array([0.0, 0.0, self._lift(part.storey)])
            section = self._section_of(part.storey)
            kept = section.contains_points(part.glyph_positions) if section.active else None
            hit = first_hit(part.instances, part.inverse_transforms(), eye - lift, direction, kept)
            if hit is not None and (best is None or hit[1] < best[0]):
                best = (hit[1], part, int(part.elements[hit[0]]), eye + direction * hit[1])
        if best is None:
            return None
        _, part, element, world = best
        model = np.asarray(world) - (0.0, 0.0, self._lift(part.storey))
        return PickResult(element, tuple(float(v) for v in model), part.storey, part.category)

    def _pick_ray(self, x: float, y: float) -> tuple[np.ndarray, np.ndarray]:
        """World origin and unit direction of the ray under display point (x, y)."""
        ends = []
        for z in (0.0, 1.0):
            self.renderer.SetDisplayPoint(x, y, z)
            self.renderer.DisplayToWorld()
            w = np.array(self.renderer.GetWorldPoint())
            ends.append(w[:3] / (w[3] or 1.0))
        direction = ends[1] - ends[0]
        return ends[0], direction / (np.linalg.norm(direction) or 1.0)
