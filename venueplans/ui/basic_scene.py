"""A stand-in venue scene for the viewer, used while `venueplans.render` has no scene API yet.

It draws what the catalogue stores onto any pyvista plotter (the viewer's QtInteractor): one actor per
(storey, category) batch with an `element` cell array for picking, exit/entrance doors and stair/lift
cells tinted in their feature colours, feature markers (spheres) and labels ("E3") per storey. It
implements the `ScenePort` methods the viewer calls; once `render/` provides its scene, the viewer uses
that through `render_scene.py` and this module can go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyvista as pv
import vtk

from venueplans.catalogue import Catalogue, read
from venueplans.model import FEATURE_KINDS, Feature
from venueplans.ui.scene_port import PickResult

CATEGORY_COLOURS = {
    "wall": "#dcd7cc", "slab": "#a7a397", "roof": "#8d9096", "door": "#b07a45", "window": "#9ecae1",
    "stair": "#e8a33d", "space": "#cfe3ff", "furniture": "#7d858c", "other": "#bcbcbc",
}
CATEGORY_OPACITY = {"window": 0.45, "space": 0.18}
XRAY_OPACITY = 0.18
GHOST_OPACITY = 0.10
XRAY_KEEP_SOLID = {"door", "stair"}  # exits and circulation stay readable in x-ray
MARKER_KINDS_FIRST = ("exit", "entrance", "access_point", "pedestrian_gate", "vehicle_access", "stair", "lift")


def feature_code(f: Feature) -> str:
    kind = FEATURE_KINDS.get(f.kind)
    code = kind.code if kind else f.kind[:2].upper()
    return f"{code}{f.number}" if f.number is not None else code


@dataclass
class _Part:
    storey: int | None
    category: str
    actor: object
    mesh: pv.PolyData
    base_opacity: float


@dataclass
class _Markers:
    storey: int | None
    spheres: object
    labels: list
    features: list[Feature] = field(default_factory=list)


class BasicScene:
    """Venue geometry on a pyvista plotter. All methods render nothing; the viewer renders once after."""

    def __init__(self, plotter):
        self.plotter = plotter
        self.parts: list[_Part] = []
        self.markers: list[_Markers] = []
        self.features: list[Feature] = []
        self.storey_elevations: dict[int, float] = {}
        self.bounds: tuple[float, ...] = (0, 1, 0, 1, 0, 1)
        self._solid: set[int | None] = set()
        self._ghosted: set[int | None] = set()
        self._hidden_categories: set[str] = set()
        self._xray = False
        self._explode = 0.0
        self._section_height: float | None = None
        self._section_each_floor = False
        self._box_planes: vtk.vtkPlanes | None = None
        self._box_widget = None
        self.marker_radius = 0.5

    # --- loading ----------------------------------------------------------------------------------------
    def clear(self) -> None:
        self.section_box(False)
        for p in self.parts:
            self.plotter.remove_actor(p.actor, render=False)
        for m in self.markers:
            self.plotter.remove_actor(m.spheres, render=False)
            for label in m.labels:
                self.plotter.remove_actor(label, render=False)
        self.parts, self.markers, self.features = [], [], []

    def close(self) -> None:
        self.clear()

    def load(self, cat: Catalogue, venue_id: int) -> None:
        self.clear()
        storeys = read.load_storeys(cat, venue_id)
        self.storey_elevations = {s.index: s.elevation for s in storeys}
        self.features = read.load_features(cat, venue_id, include_rejected=False)
        tint = {f.element: FEATURE_KINDS[f.kind].colour for f in self.features
                if f.element is not None and f.kind in FEATURE_KINDS and f.kind in MARKER_KINDS_FIRST}
        geo = read.load_geometry(cat, venue_id)
        batches = list(geo.batches) + [inst.expanded() for inst in geo.instances]
        for b in batches:
            if not len(b.triangles):
                continue
            faces = np.asarray(b.triangles, dtype=np.int64)
            mesh = pv.PolyData.from_regular_faces(np.asarray(b.vertices, dtype=np.float32), faces)
            mesh.cell_data["element"] = np.asarray(b.elements, dtype=np.int32)
            colour = CATEGORY_COLOURS.get(b.category, CATEGORY_COLOURS["other"])
            opacity = CATEGORY_OPACITY.get(b.category, 1.0)
            kwargs = {"color": colour}
            if b.category in ("door", "stair") and tint:
                base = np.array(pv.Color(colour).int_rgb, dtype=np.uint8)
                rgb = np.tile(base, (mesh.n_cells, 1))
                for element, hexcol in tint.items():
                    sel = mesh.cell_data["element"] == element
                    if sel.any():
                        rgb[sel] = pv.Color(hexcol).int_rgb
                mesh.cell_data["rgb"] = rgb
                kwargs = {"scalars": "rgb", "rgb": True}
            actor = self.plotter.add_mesh(
                mesh, **kwargs, opacity=opacity, pickable=True, render=False, reset_camera=False,
                smooth_shading=False, show_scalar_bar=False,
            )
            self.parts.append(_Part(b.storey, b.category, actor, mesh, opacity))
        self.bounds = self._compute_bounds()
        diag = float(np.linalg.norm(np.subtract(self.bounds[1::2], self.bounds[0::2])))
        self.marker_radius = float(np.clip(diag / 90.0, 0.35, 4.0))
        self._build_markers()
        self._solid = {p.storey for p in self.parts} | {m.storey for m in self.markers}
        self._ghosted = set()
        self._apply_all()

    def _compute_bounds(self) -> tuple[float, ...]:
        if not self.parts:
            return (0.0, 1.0, 0.0, 1.0, 0.0, 1.0)
        lo = np.min([p.mesh.bounds[0::2] for p in self.parts], axis=0)
        hi = np.max([p.mesh.bounds[1::2] for p in self.parts], axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    def _build_markers(self) -> None:
        for m in self.markers:
            self.plotter.remove_actor(m.spheres, render=False)
            for label in m.labels:
                self.plotter.remove_actor(label, render=False)
        self.markers = []
        by_storey: dict[int | None, list[Feature]] = {}
        for f in self.features:
            if f.kind in FEATURE_KINDS:
                by_storey.setdefault(f.storey, []).append(f)
        for storey, feats in by_storey.items():
            lift = self._explode * self._rank(storey)
            r = self.marker_radius
            centres = np.array([[f.position[0], f.position[1], f.position[2] + 1.0 + r + lift] for f in feats])
            colours = np.array([pv.Color(FEATURE_KINDS[f.kind].colour).int_rgb for f in feats], dtype=np.uint8)
            cloud = pv.PolyData(centres)
            cloud.point_data["rgb"] = colours
            glyphs = cloud.glyph(geom=pv.Sphere(radius=r, theta_resolution=16, phi_resolution=12), scale=False,
                                 orient=False)
            spheres = self.plotter.add_mesh(glyphs, scalars="rgb", rgb=True, pickable=False, render=False,
                                            reset_camera=False, show_scalar_bar=False)
            # One label actor per kind so each label is framed in its kind's colour ("E3" on green).
            labels = []
            for kind in sorted({f.kind for f in feats}, key=lambda k: -_priority(k)):
                idx = [i for i, f in enumerate(feats) if f.kind == kind]
                labels.append(self.plotter.add_point_labels(
                    centres[idx] + np.array([0.0, 0.0, r * 1.2]), [feature_code(feats[i]) for i in idx],
                    font_size=15 if kind == "exit" else 13, bold=True, text_color="white",
                    shape_color=FEATURE_KINDS[kind].colour, shape_opacity=0.92, show_points=False,
                    always_visible=True, render=False, reset_camera=False, pickable=False,
                ))
            self.markers.append(_Markers(storey, spheres, labels, feats))

    # --- what is shown -------------------------------------------------------------------------------------
    def _rank(self, storey: int | None) -> int:
        order = sorted(self.storey_elevations)
        return order.index(storey) if storey in order else 0

    def show_storeys(self, solid: list[int], ghosted: list[int]) -> None:
        everything = set(self.storey_elevations)
        self._solid = set(solid)
        if self._solid >= everything:
            self._solid.add(None)  # unassigned (site) elements show with the whole building
        self._ghosted = set(ghosted)
        self._apply_all()

    def hide_categories(self, hidden: list[str]) -> None:
        self._hidden_categories = set(hidden)
        self._apply_all()

    def set_xray(self, on: bool) -> None:
        self._xray = bool(on)
        self._apply_all()

    def set_explode(self, metres: float) -> None:
        self._explode = float(metres)
        for p in self.parts:
            p.actor.SetPosition(0.0, 0.0, self._explode * self._rank(p.storey))
        self._build_markers()
        self._apply_all()
        self._apply_clipping()

    def _apply_all(self) -> None:
        for p in self.parts:
            shown = (p.storey in self._solid or p.storey in self._ghosted) and p.category not in self._hidden_categories
            p.actor.SetVisibility(shown)
            opacity = p.base_opacity
            if p.storey in self._ghosted and p.storey not in self._solid:
                opacity = min(opacity, GHOST_OPACITY)
                p.actor.SetPickable(False)
            else:
                p.actor.SetPickable(True)
                if self._xray and p.category not in XRAY_KEEP_SOLID:
                    opacity = min(opacity, XRAY_OPACITY)
            p.actor.GetProperty().SetOpacity(opacity)
        for m in self.markers:
            shown = m.storey in self._solid
            m.spheres.SetVisibility(shown)
            for label in m.labels:
                label.SetVisibility(shown)

    def visible_storeys(self) -> list[int]:
        """Storeys with at least one solid, visible actor (what a test or the status bar asks)."""
        return sorted({p.storey for p in self.parts if p.actor.GetVisibility() and p.storey is not None
                       and p.storey in self._solid})

    def visible_categories(self) -> list[str]:
        return sorted({p.category for p in self.parts if p.actor.GetVisibility()})

    # --- sections -----------------------------------------------------------------------------------------
    def set_section(self, height: float | None, *, each_floor: bool = False) -> None:
        """Cut everything above *height* (absolute z, or metres above each storey's floor); None: no cut."""
        self._section_height = height
        self._section_each_floor = each_floor
        self._apply_clipping()

    def section_box(self, on: bool) -> None:
        if self._box_widget is not None:
            self.plotter.clear_box_widgets()
            self._box_widget = None
        self._box_planes = None
        if on and self.parts:
            def changed(planes):
                self._box_planes = planes
                self._apply_clipping()

            self._box_widget = self.plotter.add_box_widget(
                changed, bounds=self.bounds, factor=1.0, rotation_enabled=False, use_planes=True, color="#0072ce",
                interaction_event="always",
            )
        self._apply_clipping()

    def _apply_clipping(self) -> None:
        for p in self.parts:
            mapper = p.actor.GetMapper()
            mapper.RemoveAllClippingPlanes()
            if self._section_height is not None:
                z = self._section_height + self._explode * self._rank(p.storey)
                if self._section_each_floor:
                    z += self.storey_elevations.get(p.storey, 0.0)
                plane = vtk.vtkPlane()
                plane.SetOrigin(0.0, 0.0, z)
                plane.SetNormal(0.0, 0.0, -1.0)
                mapper.AddClippingPlane(plane)
            if self._box_planes is not None:
                for i in range(self._box_planes.GetNumberOfPlanes()):
                    mapper.AddClippingPlane(self._box_planes.GetPlane(i))

    # --- camera -------------------------------------------------------------------------------------------
    def view(self, preset: str) -> None:
        directions = {
            "top": ((0, 0, 1), (0, 1, 0)), "iso": ((-1.0, -1.3, 1.0), (0, 0, 1)),
            "north": ((0, 1, 0.25), (0, 0, 1)), "south": ((0, -1, 0.25), (0, 0, 1)),
            "east": ((1, 0, 0.25), (0, 0, 1)), "west": ((-1, 0, 0.25), (0, 0, 1)),
        }
        if preset != "fit":
            vector, up = directions[preset]
            self.plotter.view_vector(vector, viewup=up, render=False)
        self.plotter.reset_camera(render=False, bounds=self.visible_bounds())
        self.plotter.renderer.ResetCameraClippingRange()

    def visible_bounds(self) -> tuple[float, ...]:
        shown = [p for p in self.parts if p.actor.GetVisibility()]
        if not shown:
            return self.bounds
        bounds = [p.actor.GetBounds() for p in shown]
        lo = np.min([b[0::2] for b in bounds], axis=0)
        hi = np.max([b[1::2] for b in bounds], axis=0)
        return (lo[0], hi[0], lo[1], hi[1], lo[2], hi[2])

    # --- picking --------------------------------------------------------------------------------------------
    def pick(self, x: int, y: int) -> PickResult | None:
        """What is under display pixel (x, y) (VTK coordinates: origin bottom left)."""
        feature = self._feature_near(x, y)
        picker = vtk.vtkCellPicker()
        picker.SetTolerance(0.0005)
        picker.PickFromListOn()
        for p in self.parts:
            if p.actor.GetVisibility() and p.actor.GetPickable():
                picker.AddPickList(p.actor)
        hit = picker.Pick(x, y, 0, self.plotter.renderer)
        part = None
        if hit:
            part = next((p for p in self.parts if p.actor is picker.GetActor()), None)
        if part is None and feature is None:
            return None
        point = tuple(float(c) for c in picker.GetPickPosition()) if part is not None else None
        element = None
        if part is not None and 0 <= picker.GetCellId() < part.mesh.n_cells:
            element = int(part.mesh.cell_data["element"][picker.GetCellId()])
            if point is not None:  # back to the model frame when exploded
                point = (point[0], point[1], point[2] - self._explode * self._rank(part.storey))
        return PickResult(
            element=element, point=point, storey=part.storey if part else feature.storey,
            category=part.category if part else None, feature=feature,
        )

    def feature_display_point(self, feature: Feature) -> tuple[float, float] | None:
        renderer = self.plotter.renderer
        for m in self.markers:
            if feature in m.features and m.spheres.GetVisibility():
                lift = self._explode * self._rank(m.storey)
                p = feature.position
                renderer.SetWorldPoint(p[0], p[1], p[2] + 1.0 + self.marker_radius + lift, 1.0)
                renderer.WorldToDisplay()
                dx, dy, _ = renderer.GetDisplayPoint()
                return (dx, dy)
        return None

    def _feature_near(self, x: int, y: int, pixels: float = 14.0) -> Feature | None:
        renderer = self.plotter.renderer
        best, best_d = None, pixels
        for m in self.markers:
            if not m.spheres.GetVisibility():
                continue
            lift = self._explode * self._rank(m.storey)
            for f in m.features:
                renderer.SetWorldPoint(f.position[0], f.position[1],
                                       f.position[2] + 1.0 + self.marker_radius + lift, 1.0)
                renderer.WorldToDisplay()
                dx, dy, _ = renderer.GetDisplayPoint()
                d = float(np.hypot(dx - x, dy - y))
                if d < best_d:
                    best, best_d = f, d
        return best


def _priority(kind: str) -> int:
    return len(MARKER_KINDS_FIRST) - MARKER_KINDS_FIRST.index(kind) if kind in MARKER_KINDS_FIRST else 0
