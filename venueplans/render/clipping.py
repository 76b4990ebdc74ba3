"""Section plane and section box, done by the GPU: mapper clipping planes, nothing re-computed.

A *section* cuts the venue horizontally and removes everything above: at 1.2 m over a storey's floor it
turns the 3D model into a floor plan that still has depth (doors, stairs, furniture below the cut stay).
A *section box* keeps only what lies inside an axis-aligned box. Both combine into at most six planes
(OpenGL's limit for VTK mappers): the box's top face and the section plane fold into one plane.

Planes are in world coordinates; when storeys are pulled apart (exploded), each storey's actors get the
same planes shifted by that storey's lift, so a cut stays at the same height inside every storey.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    """Model-frame clipping: keep z <= *height* and, with a *box*, only what lies inside it."""

    height: float | None = None
    box: tuple[float, float, float, float, float, float] | None = None

    @property
    def active(self) -> bool:
        return self.height is not None or self.box is not None

    def planes(self, lift: float = 0.0) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
        """(origin, inward normal) pairs, shifted up by *lift* metres. VTK keeps the side the normal points to."""
        out = []
        top = self.height
        if self.box is not None:
            x0, x1, y0, y1, z0, z1 = self.box
            top = z1 if top is None else min(top, z1)
            out += [
                ((x0, 0.0, 0.0), (1.0, 0.0, 0.0)),
                ((x1, 0.0, 0.0), (-1.0, 0.0, 0.0)),
                ((0.0, y0, 0.0), (0.0, 1.0, 0.0)),
                ((0.0, y1, 0.0), (0.0, -1.0, 0.0)),
                ((0.0, 0.0, z0 + lift), (0.0, 0.0, 1.0)),
            ]
        if top is not None:
            out.append(((0.0, 0.0, top + lift), (0.0, 0.0, -1.0)))
        return out

    def contains_z(self, z: float) -> bool:
        """Whether a model-frame height survives the cut (feature markers above it are hidden)."""
        if self.height is not None and z > self.height + 1e-6:
            return False
        if self.box is not None and not (self.box[4] - 1e-6 <= z <= self.box[5] + 1e-6):
            return False
        return True

    def contains_points(self, points):
        """Vectorised `contains` for (N,3) model-frame points."""
        import numpy as np

        p = np.asarray(points, dtype=float).reshape(-1, 3)
        keep = np.ones(len(p), dtype=bool)
        if self.height is not None:
            keep &= p[:, 2] <= self.height + 1e-6
        if self.box is not None:
            lo, hi = np.array(self.box[0::2]), np.array(self.box[1::2])
            keep &= np.all((p >= lo - 1e-6) & (p <= hi + 1e-6), axis=1)
        return keep

    def contains(self, point) -> bool:
        x, y, z = point
        if not self.contains_z(z):
            return False
        if self.box is not None:
            x0, x1, y0, y1 = self.box[:4]
            return x0 <= x <= x1 and y0 <= y <= y1
        return True


def apply_section(mapper, section: Section, lift: float = 0.0) -> None:
    """Replace *mapper*'s clipping planes with *section*'s (none when inactive)."""
    from vtkmodules.vtkCommonDataModel import vtkPlane

    mapper.RemoveAllClippingPlanes()
    for origin, normal in section.planes(lift):
        plane = vtkPlane()
        plane.SetOrigin(*origin)
        plane.SetNormal(*normal)
        mapper.AddClippingPlane(plane)


def clip_bounds(bounds, section: Section):
    """*bounds* reduced to what a section keeps (for framing a cut view)."""
    b = list(bounds)
    if section.box is not None:
        for i in range(3):
            b[2 * i] = max(b[2 * i], section.box[2 * i])
            b[2 * i + 1] = min(b[2 * i + 1], section.box[2 * i + 1])
    if section.height is not None:
        b[5] = min(b[5], section.height)
    if b[1] < b[0] or b[3] < b[2] or b[5] < b[4]:
        return tuple(bounds)
    return tuple(b)
