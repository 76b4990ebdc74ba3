"""The example exercise: a four-phase scenario laid out from a venue's own exits, entrance and rooms.

`build_example_scenario` is what the sample venues ship with and what `venueplans scenario example`
makes for any venue. The walking path between rooms (`_ExampleLayout.path`) is a small Dijkstra over
the storey's doors; it will move onto the venue's walking network when that exists.
"""

from __future__ import annotations

import math
import re

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue import annotations as annotation_rows
from venueplans.catalogue.features import door_elements
from venueplans.i18n import N_, tr
from venueplans.ops.annotations import (
    add_area,
    add_marker,
    add_route,
    add_text,
    move_marker,
    scenario_changes,
)
from venueplans.ops.edit_support import UNSET, Added
from venueplans.ops.scenario_edits import add_phase, create_scenario

EXAMPLE_NAME = N_("Exercise: armed intruder in the auditorium")  # tr() when created
EXAMPLE_DESCRIPTION = N_(
    "Example exercise laid out from this venue's own plan. An armed individual is reported in the "
    "auditorium during a show. The outer cordon closes the main entrance; team Alpha enters by exit 1, "
    "team Bravo breaches exit 3; the casualty collection point is set up in the foyer and the public is "
    "evacuated through it."
)
_FOYER = re.compile(r"hall|foyer|lobby|entr[ée]e|vestibul|concourse|eingang", re.IGNORECASE)
_AUDITORIUM = [re.compile(p, re.IGNORECASE) for p in (
    r"parterre|stalls|orchestre|parkett",
    r"auditorium|salle|saal|zaal|arena|pitch|pelouse|terrain|tribune|gradin|stand|seating",
)]
ALPHA, BRAVO = "#0066cc", "#008080"


def _space_text(space) -> str:
    return f"{space.name} {space.long_name}"


def _door_centres(cat: Catalogue, venue_id: int, storey: int | None) -> list[tuple[float, float, float]]:
    """Floor centres of the doors on *storey* (from their stored triangles)."""
    import numpy as np

    doors = door_elements(cat, venue_id, storey)
    if not doors:
        return []
    geo = read.load_geometry(cat, venue_id, categories=["door"], storeys=None if storey is None else [storey])
    centres = []
    for b in geo.batches:
        for e in np.unique(b.elements):
            if int(e) in doors:
                pts = b.vertices[np.unique(b.triangles[b.elements == e])]
                lo, hi = pts.min(axis=0), pts.max(axis=0)
                centres.append((float(lo[0] + hi[0]) / 2, float(lo[1] + hi[1]) / 2, float(lo[2])))
    return centres


class _ExampleLayout:
    """Where the example exercise puts things, worked out from the venue's features, spaces and doors.

    Every choice has a fallback so that any venue gets a sensible scenario: no main entrance -> exit 1
    -> the south side of the building; no foyer -> just inside the entrance; no auditorium -> the
    largest room of the entrance storey -> the building's centre; fewer than three exits -> the exits
    there are, or the entrance.
    """

    def __init__(self, cat: Catalogue, venue_id: int):
        from shapely.geometry import Point as SPoint
        from shapely.geometry import Polygon
        from shapely.geometry import box as rect
        from shapely.ops import unary_union

        from venueplans.ops.features import main_entrance

        self.SPoint = SPoint
        storeys = read.load_storeys(cat, venue_id)
        self.elevation = {s.index: s.elevation for s in storeys}
        features = [f for f in read.load_features(cat, venue_id) if f.verified is not False]
        spaces = read.load_spaces(cat, venue_id)
        src = read.source_model(cat, venue_id)
        bbox = src.bbox if src and src.bbox else None
        if bbox is None and features:
            xs, ys = [f.position[0] for f in features], [f.position[1] for f in features]
            bbox = ((min(xs), min(ys), 0.0), (max(xs), max(ys), 0.0))
        bbox = bbox or ((0.0, 0.0, 0.0), (20.0, 20.0, 0.0))
        self.centre = ((bbox[0][0] + bbox[1][0]) / 2, (bbox[0][1] + bbox[1][1]) / 2)
        size = max(4.0, min(bbox[1][0] - bbox[0][0], bbox[1][1] - bbox[0][1]))

        exits = sorted((f for f in features if f.kind == "exit"),
                       key=lambda f: (f.number is None, f.number or 0, f.id or 0))
        entrance = main_entrance(features) or (exits[0] if exits else None)
        if entrance is not None:
            self.storey = entrance.storey
            self.entrance = tuple(entrance.position[:3])
            self.out = self._outward(entrance)
        else:
            ground = min(storeys, key=lambda s: abs(s.elevation)) if storeys else None
            self.storey = ground.index if ground else None
            self.entrance = (self.centre[0], bbox[0][1], self.elevation.get(self.storey, 0.0))
            self.out = (0.0, -1.0)
        self.z = self.elevation.get(self.storey, self.entrance[2])
        self.along = (-self.out[1], self.out[0])
        self.cordon_radius = max(8.0, min(25.0, 0.4 * size))

        on_storey = [s for s in spaces if s.storey == self.storey and len(s.footprint) >= 3]
        polys = [(s, Polygon(s.footprint).buffer(0)) for s in on_storey]
        polys = [(s, p) for s, p in polys if not p.is_empty]
        e_pt = SPoint(self.entrance[:2])
        self.building = unary_union([p for _, p in polys]).buffer(0.3) if polys else rect(
            bbox[0][0], bbox[0][1], bbox[1][0], bbox[1][1])
        foyer = next((p for s, p in polys if _FOYER.search(_space_text(s))), None)
        if foyer is None and polys:
            near = min(polys, key=lambda sp: sp[1].distance(e_pt))
            foyer = near[1] if near[1].distance(e_pt) < 2.0 else None
        hall = None
        for pattern in _AUDITORIUM:
            hall = next((p for s, p in polys if pattern.search(_space_text(s)) and p is not foyer), None)
            if hall is not None:
                break
        if hall is None and polys:
            others = [p for _, p in polys if p is not foyer]
            hall = max(others, key=lambda p: p.area) if others else None
        self.foyer_shape = foyer
        self.rooms = [p for _, p in polys]
        self.hall_shape = hall
        inside = self.offset(self.entrance, -4.0)
        self.foyer = self._xy(foyer.representative_point()) if foyer is not None else inside[:2]
        if hall is not None:
            self.hall = self._xy(hall.representative_point())
        else:
            self.hall = self.centre
        self.exits = exits
        self.doors = _door_centres(cat, venue_id, self.storey)

    @staticmethod
    def _xy(point) -> tuple[float, float]:
        return (float(point.x), float(point.y))

    def _outward(self, f) -> tuple[float, float]:
        if f.direction is not None and math.hypot(*f.direction) > 1e-6:
            dx, dy = f.direction
        else:
            dx, dy = f.position[0] - self.centre[0], f.position[1] - self.centre[1]
        n = math.hypot(dx, dy)
        return (dx / n, dy / n) if n > 1e-6 else (0.0, -1.0)

    def offset(self, p, out: float = 0.0, along: float = 0.0, direction=None) -> tuple[float, float, float]:
        d = direction or self.out
        a = (-d[1], d[0])
        return (p[0] + d[0] * out + a[0] * along, p[1] + d[1] * out + a[1] * along, p[2] if len(p) > 2 else self.z)

    def exit_number(self, n: int):
        """Exit *n* of the entrance storey (a team walks in from the street), else the n-th exit of that
        storey in number order, else the last one there is; exits of any storey when it has none."""
        candidates = [f for f in self.exits if f.storey == self.storey] or self.exits
        found = next((f for f in candidates if f.number == n), None)
        if found is None and candidates:
            found = candidates[min(n, len(candidates)) - 1]
        return found

    def at(self, xy, storey=UNSET) -> tuple[float, float, float, int | None]:
        s = self.storey if storey is UNSET else storey
        return (round(xy[0], 2), round(xy[1], 2), round(self.elevation.get(s, self.z), 2), s)

    def cordon(self) -> list[tuple[float, float]]:
        """A half-ring of radius r in front of the main entrance, closed along the facade."""
        r, pts = self.cordon_radius, []
        for k in range(9):
            t = math.pi * k / 8  # from one side of the entrance, around the front, to the other
            out, along = math.sin(t) * r, math.cos(t) * r
            pts.append(self.offset(self.entrance, out, along)[:2])
        pts.append(self.offset(self.entrance, -0.5, -r)[:2])
        pts.insert(0, self.offset(self.entrance, -0.5, r)[:2])
        return [(round(x, 2), round(y, 2)) for x, y in pts]

    def _room_of(self, xy: tuple[float, float]) -> int | None:
        """Index in `rooms` of the room holding *xy*, else the nearest one within 3 m."""
        pt = self.SPoint(xy)
        best = min(range(len(self.rooms)), key=lambda i: self.rooms[i].distance(pt), default=None)
        return best if best is not None and self.rooms[best].distance(pt) < 3.0 else None

    def path(self, start: tuple[float, float], goal: tuple[float, float]) -> list[tuple[float, float]]:
        """Walking path from *start* to *goal* through the doors between rooms (shortest by distance).

        Rooms are the storey's spaces; a door links the rooms within 0.8 m of it. Without rooms, or
        when no chain of doors joins the two rooms, the path is the straight line.
        """
        import heapq

        a, b = self._room_of(start), self._room_of(goal)
        if a is None or b is None or a == b:
            return [start, goal]
        links = [(d[:2], {i for i, r in enumerate(self.rooms) if r.distance(self.SPoint(d[:2])) < 0.8})
                 for d in self.doors]
        links = [(xy, rooms) for xy, rooms in links if len(rooms) >= 2]
        dist = lambda p, q: math.hypot(p[0] - q[0], p[1] - q[1])  # noqa: E731
        # nodes: -1 = start, door indices; a door is reachable from a room it touches
        best = {-1: 0.0}
        previous: dict[int, int] = {}
        heap = [(0.0, -1)]
        done: set[int] = set()
        while heap:
            cost, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            here, rooms = (start, {a}) if node == -1 else links[node]
            if node != -1 and b in rooms:
                chain = [node]
                while chain[-1] in previous and previous[chain[-1]] != -1:
                    chain.append(previous[chain[-1]])
                return [start, *(links[i][0] for i in reversed(chain)), goal]
            for j, (xy, rooms_j) in enumerate(links):
                if j not in done and rooms & rooms_j:
                    c = cost + dist(here, xy)
                    if c < best.get(j, math.inf):
                        best[j], previous[j] = c, node
                        heapq.heappush(heap, (c, j))
        return [start, goal]

    def inside_hall(self, along: float, back: float = 0.0) -> tuple[float, float]:
        """A point of the auditorium shifted sideways (and away from the entrance), kept inside it."""
        p = self.offset((*self.hall, self.z), -back, along)[:2]
        if self.hall_shape is not None and not self.hall_shape.contains(self.SPoint(p)):
            return self.hall
        return p

    def ccp(self) -> tuple[float, float]:
        shift = 5.0
        if self.foyer_shape is not None:
            minx, miny, maxx, maxy = self.foyer_shape.bounds
            shift = min(6.0, 0.3 * max(maxx - minx, maxy - miny))
        p = self.offset((*self.foyer, self.z), 0.0, shift)[:2]
        if self.foyer_shape is not None and not self.foyer_shape.contains(self.SPoint(p)):
            return self.foyer
        return p


def build_example_scenario(cat: Catalogue, *, venue_id: int, name: str = EXAMPLE_NAME,
                           who: str | None = None) -> Added:
    """Lay out the example exercise on a venue from its own exits, entrance and rooms (one transaction).

    Four phases: Set-up (H+00:00: cordon around the main entrance, entry control point, command post,
    observation post, teams Alpha and Bravo staged outside exits 1 and 3), Entry (H+00:05: Alpha in by
    exit 1 along a route through the foyer to the auditorium, Bravo breaching exit 3), Contact
    (H+00:12: hostile, hostage and civilians in the auditorium, a danger zone over it) and Evacuation
    (H+00:20: casualty collection point in the foyer, civilians and hostage moved there along an
    evacuation route). On the sample theatre the foyer is "Hall d'entrée" and the auditorium
    "Parterre"; any venue gets the closest equivalents (see `_ExampleLayout`).
    """
    venue = read.get_venue(cat, venue_id)
    L = _ExampleLayout(cat, venue_id)
    e1, e3 = L.exit_number(1), L.exit_number(3)
    door1 = (tuple(e1.position[:3]), e1.storey, L._outward(e1)) if e1 else (L.entrance, L.storey, L.out)
    door3 = (tuple(e3.position[:3]), e3.storey, L._outward(e3)) if e3 else door1
    label1 = tr("exit {number}").format(number=e1.number) if e1 and e1.number else tr("the main entrance")
    label3 = tr("exit {number}").format(number=e3.number) if e3 and e3.number else label1

    def outside(door, metres):
        pos, storey, d = door
        return L.at(L.offset(pos, metres, 0.0, d)[:2], storey)

    with cat.atomic():
        sid = create_scenario(cat, venue_id=venue_id, name=tr(name) if name == EXAMPLE_NAME else name,
                              description=tr(EXAMPLE_DESCRIPTION), who=who).id
        setup = add_phase(cat, scenario_id=sid, name=tr("Set-up"), time_offset="H+00:00", who=who,
                          notes=tr("Outer cordon around the main entrance; teams stage outside their entries.")).id
        entry = add_phase(cat, scenario_id=sid, name=tr("Entry"), time_offset="H+00:05", who=who,
                          notes=tr("Alpha enters by {exit1}; Bravo breaches {exit3}.").format(exit1=label1, exit3=label3)).id
        contact = add_phase(cat, scenario_id=sid, name=tr("Contact"), time_offset="H+00:12", who=who,
                            notes=tr("Hostile located in the auditorium with a hostage; public sheltering.")).id
        evac = add_phase(cat, scenario_id=sid, name=tr("Evacuation"), time_offset="H+00:20", who=who,
                         notes=tr("Casualty collection point in the foyer; the public leaves through it.")).id
        s = L.storey

        add_area(cat, scenario_id=sid, kind="cordon", points=[L.at(p) for p in L.cordon()], storey=s,
                 phase_id=setup, label=tr("Outer cordon"), ref="cordon", who=who)
        gate = L.offset(L.entrance, L.cordon_radius, 0.0)
        add_marker(cat, scenario_id=sid, symbol="cordon_entry_point", position=L.at(gate[:2]), storey=s,
                   phase_id=setup, label=tr("ECP"), ref="ecp", who=who)
        add_marker(cat, scenario_id=sid, symbol="command_post", storey=s, phase_id=setup, label=tr("CP"),
                   position=L.at(L.offset(L.entrance, L.cordon_radius + 6.0, 6.0)[:2]), ref="cp", who=who)
        add_marker(cat, scenario_id=sid, symbol="observation_post", storey=s, phase_id=setup, label=tr("OP"),
                   position=L.at(L.offset(L.entrance, 0.6 * L.cordon_radius, -0.6 * L.cordon_radius)[:2]),
                   ref="op", who=who)
        add_text(cat, scenario_id=sid, text=tr("No entry without CP clearance"), storey=s, phase_id=setup,
                 position=L.at(L.offset(L.entrance, L.cordon_radius + 2.0, -4.0)[:2]), ref="note-cordon", who=who)
        add_marker(cat, scenario_id=sid, symbol="friendly_team", position=outside(door1, 4.0), storey=door1[1],
                   phase_id=setup, label=tr("Alpha"), team="Alpha", colour=ALPHA, ref="alpha", who=who)
        add_marker(cat, scenario_id=sid, symbol="friendly_team", position=outside(door3, 4.0), storey=door3[1],
                   phase_id=setup, label=tr("Bravo"), team="Bravo", colour=BRAVO, ref="bravo", who=who)

        in1, in3 = outside(door1, -3.0), outside(door3, -3.0)
        move_marker(cat, scenario_id=sid, ref="alpha", phase_id=entry, position=in1, storey=door1[1], who=who)
        add_marker(cat, scenario_id=sid, symbol="breach_point", position=L.at(door3[0][:2], door3[1]),
                   storey=door3[1], phase_id=entry, label=tr("Breach {exit3}").format(exit3=label3), team="Bravo", ref="breach", who=who)
        move_marker(cat, scenario_id=sid, ref="bravo", phase_id=entry, position=in3, storey=door3[1], who=who)
        axis = [outside(door1, 4.0)] + [L.at(p, door1[1]) for p in L.path(in1[:2], L.hall)]
        add_route(cat, scenario_id=sid, points=axis, storey=door1[1], phase_id=entry, label=tr("Alpha axis"),
                  team="Alpha", colour=ALPHA, ref="alpha-axis", who=who)

        hostile = L.inside_hall(0.0, 3.0)
        add_marker(cat, scenario_id=sid, symbol="hostile", position=L.at(hostile), storey=s, phase_id=contact,
                   label=tr("Armed individual"), ref="hostile", who=who)
        add_marker(cat, scenario_id=sid, symbol="hostage", position=L.at(L.inside_hall(1.5, 3.5)), storey=s,
                   phase_id=contact, label=tr("Hostage"), ref="hostage", who=who)
        for k, along in enumerate((-4.0, 4.0), start=1):
            add_marker(cat, scenario_id=sid, symbol="civilian", position=L.at(L.inside_hall(along, -2.0)),
                       storey=s, phase_id=contact, label=tr("Public group {number}").format(number=k), ref=f"civilians-{k}", who=who)
        if L.hall_shape is not None:
            zone = L.hall_shape.simplify(0.5)
            ring = list(zone.exterior.coords)[:-1] if zone.geom_type == "Polygon" else []
        else:
            ring = []
        if len(ring) < 3 or len(ring) > 64:
            ring = [L.offset((*hostile, L.z), 6 * math.cos(t), 6 * math.sin(t))[:2]
                    for t in (i * math.pi / 4 for i in range(8))]
        add_area(cat, scenario_id=sid, kind="danger_zone", points=[L.at(p) for p in ring], storey=s,
                 phase_id=contact, label=tr("Danger zone"), ref="danger", who=who)
        move_marker(cat, scenario_id=sid, ref="alpha", phase_id=contact, position=L.at(L.inside_hall(-3.0, -5.0)),
                    storey=s, who=who)
        move_marker(cat, scenario_id=sid, ref="bravo", phase_id=contact, position=L.at(L.foyer), storey=s, who=who)

        ccp = L.ccp()
        add_marker(cat, scenario_id=sid, symbol="casualty_collection_point", position=L.at(ccp), storey=s,
                   phase_id=evac, label=tr("CCP"), ref="ccp", who=who)
        back = L.path(L.hall, ccp)
        add_route(cat, scenario_id=sid, points=[L.at(p) for p in back], storey=s, phase_id=evac,
                  label=tr("Evacuation route"), colour="#00a651", ref="evac-route", who=who)
        for k, along in enumerate((-3.0, 3.0), start=1):
            move_marker(cat, scenario_id=sid, ref=f"civilians-{k}", phase_id=evac,
                        position=L.at((ccp[0] + L.along[0] * along, ccp[1] + L.along[1] * along)), storey=s,
                        who=who)
        move_marker(cat, scenario_id=sid, ref="hostage", phase_id=evac,
                    position=L.at((ccp[0] - L.out[0] * 2.5, ccp[1] - L.out[1] * 2.5)), storey=s, who=who)
    n = annotation_rows.count_annotations(cat, sid)
    return scenario_changes(venue_id, tr("laid out {name!r} on {name2}: 4 phases, {n} annotations").format(
        name=tr(name) if name == EXAMPLE_NAME else name, name2=venue.name, n=n), sid)
