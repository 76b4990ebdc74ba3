"""What the 2D plan dock shows, no widgets here: one storey's plan built off the GUI thread (`PlanData`,
`build_plan_data`), what a click hits on it (`hit_element`, `element_geometry`), which cut height it
shows (`plan_cut`) and where the 3D camera stands on it (`camera_on_plan`). ui/plan_view.py draws it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import shapely

from venueplans.briefing import Drawing, PaperTransform, draw_plan, load_venue_plans
from venueplans.catalogue import Catalogue, read
from venueplans.geometry.grid import ReferenceGrid
from venueplans.geometry.plan2d import SpacePlan, StoreyPlan
from venueplans.model import Space, Storey
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR
from venueplans.ui.plan_painter import PX_PER_MM, Op, prepare
from venueplans.ui.view_state import ViewState

GEOMETRY_MM_PER_M = 10.0  # the building's display list at 1:100: its 0.1 mm simplification is 1 cm
GEOMETRY_LAYERS = ("floor", "spaces", "seating", "structure", "walls", "openings", "stairs", "grid")


# --- the plan of one storey, built off the GUI thread -----------------------------------------------------
@dataclass
class PlanData:
    venue_id: int
    storey: Storey
    cut: float  # metres above the storey's floor
    plan: StoreyPlan
    grid: ReferenceGrid
    spaces: list[tuple[SpacePlan, Space | None]]  # each room drawn, with the catalogue's space (element)
    geometry: list[Op]  # the building's display list, prepared for painting
    seconds: float  # time to build

    @property
    def key(self) -> tuple[int, int, float]:
        return (self.venue_id, self.storey.index, self.cut)


def geometry_transform(grid: ReferenceGrid) -> PaperTransform:
    return PaperTransform(grid.x0, grid.y0, 0.0, 0.0, GEOMETRY_MM_PER_M)


def build_plan_data(cat: Catalogue, venue_id: int, storey_index: int, cut: float) -> PlanData:
    """Read and cut one storey, and prepare the building's paint operations (no fonts: thread-safe)."""
    started = time.perf_counter()
    vp = load_venue_plans(cat, venue_id, storeys=[str(storey_index)], cut_height=cut)
    plan = next((p for p in vp.plans if p.storey.index == storey_index), None)
    if plan is None:  # a storey *named* like another's index: take them all and pick
        vp = load_venue_plans(cat, venue_id, cut_height=cut)
        plan = next(p for p in vp.plans if p.storey.index == storey_index)
    spaces = [s for s in read.load_spaces(cat, venue_id) if s.storey == storey_index]
    drawing = Drawing(1.0, 1.0)
    draw_plan(drawing, plan, geometry_transform(vp.grid), grid=vp.grid)
    ops = prepare([item for layer in GEOMETRY_LAYERS for item in drawing.layers[layer]],
                  cosmetic_px_per_mm=PX_PER_MM)
    return PlanData(venue_id, plan.storey, cut, plan, vp.grid, match_spaces(plan.spaces, spaces), ops,
                    time.perf_counter() - started)


def match_spaces(drawn: list[SpacePlan], spaces: list[Space]) -> list[tuple[SpacePlan, Space | None]]:
    """The catalogue space behind each drawn room: same number and name, else the one around its anchor."""
    out = []
    for sp in drawn:
        same = [s for s in spaces if (s.name or "").strip() == sp.number and (s.long_name or "").strip() == sp.name]
        if len(same) != 1:
            point = shapely.Point(sp.anchor)
            same = [s for s in (same or spaces) if len(s.footprint) >= 3
                    and shapely.make_valid(shapely.Polygon(s.footprint)).buffer(0.05).contains(point)]
        out.append((sp, same[0] if same else None))
    return out


def plan_cut(state: ViewState, storey: Storey) -> float:
    """Metres above *storey*'s floor to cut its plan: the section panel's cut when it falls within the
    storey (a plan stack cuts every storey at 1.2 m), otherwise the architectural 1.2 m."""
    if state.section and not state.section_each_floor:
        above = state.section_height - storey.elevation
        top = storey.height if storey.height and storey.height > 0.5 else 4.0
        if 0.1 <= above <= top - 0.05:
            return round(above, 2)
    return PLAN_CUT_ABOVE_FLOOR


# --- selection and hit-testing on the plan (world metres) ------------------------------------------------
def _union(geoms) -> shapely.Geometry | None:
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return shapely.union_all(geoms) if geoms else None


def element_geometry(data: PlanData, element: int) -> shapely.Geometry | None:
    """What the plan draws for *element*: its cut walls, door gap, stair or room outline."""
    plan = data.plan
    for section in (plan.walls, plan.structure):
        hit = section.polygons[section.elements == element] if len(section.elements) else []
        if len(hit):
            return _union(list(hit))
    door = next((d for d in plan.doors if d.element == element), None)
    if door is not None:
        return door.gap
    stair = next((s for s in plan.stairs if s.element == element), None)
    if stair is not None and not stair.outline.is_empty:
        return stair.outline
    room = next((sp for sp, s in data.spaces if s is not None and s.element == element), None)
    return room.outline if room is not None else None


def hit_element(data: PlanData, x: float, y: float, tol: float) -> tuple[int | None, str, Space | None] | None:
    """(element, category, space) under world point (x, y): doors, stairs, walls, other solids, rooms."""
    plan, point = data.plan, shapely.Point(x, y)
    for door in plan.doors:
        if door.element is not None and door.gap.distance(point) <= tol:
            return door.element, "door", None
    for stair in plan.stairs:
        if stair.element is not None and not stair.outline.is_empty and stair.outline.distance(point) <= tol:
            return stair.element, "stair", None
    for section, category in ((plan.walls, "wall"), (plan.structure, "other")):
        if len(section.polygons):
            d = shapely.distance(section.polygons, point)
            i = int(np.argmin(d))
            if d[i] <= tol:
                return int(section.elements[i]), category, None
    rooms = [(sp, s) for sp, s in data.spaces if sp.outline.contains(point)]
    if rooms:
        sp, space = min(rooms, key=lambda r: r[0].outline.area)
        return (space.element if space is not None else None), "space", space
    return None


def element_category(data: PlanData, element: int | None) -> str | None:
    if element is None:
        return None
    if any(d.element == element for d in data.plan.doors):
        return "door"
    if any(s.element == element for s in data.plan.stairs):
        return "stair"
    return None


# --- the camera seen from above ----------------------------------------------------------------------
@dataclass
class CameraOnPlan:
    eye: tuple[float, float]
    heading: float | None  # radians, 0 = east, anticlockwise; None when looking (nearly) straight down
    half_fov: float  # horizontal half-angle of the view, radians
    footprint: np.ndarray  # (n, 2) the floor area seen (corners of the view on the floor plane)
    reach: float  # horizontal distance from the eye to the point looked at, metres

    def outline(self, *, steps: int = 12) -> np.ndarray:
        """What to draw: looking down, the floor area seen; otherwise a wedge from the eye to the point
        looked at (a footprint seen from far off at a low angle is a sliver that says little)."""
        if self.heading is None:
            return self.footprint
        a = self.heading + np.linspace(-self.half_fov, self.half_fov, steps)
        arc = np.c_[self.eye[0] + self.reach * np.cos(a), self.eye[1] + self.reach * np.sin(a)]
        return np.r_[[self.eye], arc]


def camera_on_plan(position, focal, up, view_angle: float, parallel: bool, parallel_scale: float, aspect: float,
                   floor_z: float, max_distance: float) -> CameraOnPlan:
    """Where a 3D camera stands and what it sees, projected on the floor plane z = *floor_z*."""
    eye, focal, up = (np.asarray(v, dtype=float) for v in (position, focal, up))
    forward = focal - eye
    dist = float(np.linalg.norm(forward)) or 1.0
    forward /= dist
    right = np.cross(forward, up)
    right /= np.linalg.norm(right) or 1.0
    true_up = np.cross(right, forward)
    horizontal = float(np.hypot(forward[0], forward[1]))
    heading = math.atan2(forward[1], forward[0]) if horizontal > 0.2 else None  # > ~78 deg down: "looking down"
    tan_v = math.tan(math.radians(view_angle) / 2)
    half_fov = math.atan(parallel_scale * aspect / dist) if parallel else math.atan(tan_v * aspect)
    corners = []
    for u, v in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        if parallel:
            origin = eye + right * u * parallel_scale * aspect + true_up * v * parallel_scale
            direction = forward
        else:
            origin = eye
            direction = forward + right * u * tan_v * aspect + true_up * v * tan_v
        point = None
        if direction[2] < -1e-9:
            t = (floor_z - origin[2]) / direction[2]
            if t > 0:
                point = origin + direction * t
        flat = direction[:2]
        if (point is None or np.hypot(*(point[:2] - eye[:2])) > max_distance) and np.hypot(*flat) > 1e-9:
            point = np.r_[origin[:2] + flat / np.hypot(*flat) * max_distance, floor_z]
        if point is not None:
            corners.append(point[:2])
    reach = min(max(float(np.hypot(*(focal[:2] - eye[:2]))), 3.0), max_distance)
    return CameraOnPlan((float(eye[0]), float(eye[1])), heading, half_fov,
                        np.asarray(corners, dtype=float).reshape(-1, 2), reach)


def storey_rank(state: ViewState, index: int | None) -> int:
    """The storey's place from the bottom: exploded storeys are lifted by rank x gap."""
    order = state.indices
    return order.index(index) if index in order else 0
