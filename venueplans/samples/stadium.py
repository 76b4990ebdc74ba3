"""A football stadium bowl (IFC4): 40,000 seats on two tiers by default, any size on demand.

Everything in the stands is laid out by two coordinates on a rounded rectangle around the pitch
(:class:`Bowl`): ``s``, the distance along the base curve from the middle of the south-west corner
running anticlockwise, and ``d``, the offset outwards from it. Each tier is a stack of rows stepping
up and out; vomitories cut through a tier from a concourse behind it (one storey per concourse) and
open onto the rows half way up. Seats are mapped IfcFurniture; rows are filled in until the requested
count is reached, the last row from the centre of the long stands outwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.geometry import box as rect
from shapely.ops import unary_union

from venueplans.samples.ifcbuild import IfcBuilder, boxes_mesh, flights

PITCH = (105.0, 68.0)
ROW_DEPTH, SEAT_PITCH, AISLE, MOUTH = 0.8, 0.5, 1.2, 3.0
MIN_ROWS = 12
STANDS = ("Sud", "Est", "Nord", "Ouest")


class Bowl:
    """The rounded rectangle (half extents a, b; corner radius r) that the stands are offset from."""

    def __init__(self, a: float = 60.0, b: float = 42.0, r: float = 20.0):
        self.a, self.b, self.r = a, b, r
        hx, hy = self.hx, self.hy = a - r, b - r
        q = math.pi * r / 2
        # (kind, base length, data): arcs (cx, cy, start angle), lines (x0, y0, dx, dy)
        self.segs = [
            ("arc", q / 2, (-hx, -hy, 1.25 * math.pi)),
            ("line", 2 * hx, (-hx, -b, 1.0, 0.0)),
            ("arc", q, (hx, -hy, 1.5 * math.pi)),
            ("line", 2 * hy, (a, -hy, 0.0, 1.0)),
            ("arc", q, (hx, hy, 0.0)),
            ("line", 2 * hx, (hx, b, -1.0, 0.0)),
            ("arc", q, (-hx, hy, 0.5 * math.pi)),
            ("line", 2 * hy, (-a, hy, 0.0, -1.0)),
            ("arc", q / 2, (-hx, -hy, math.pi)),
        ]
        self.starts = np.cumsum([0.0] + [seg[1] for seg in self.segs])
        self.perimeter = float(self.starts[-1])
        # stands run from corner diagonal to corner diagonal
        self.stand_starts = np.array([0.0, q + 2 * hx, 2 * q + 2 * hx + 2 * hy, 3 * q + 4 * hx + 2 * hy])
        self.stand_centres = self.stand_starts + np.array([q / 2 + hx, q / 2 + hy, q / 2 + hx, q / 2 + hy])

    def _scales(self, d: float) -> np.ndarray:
        return np.array([(self.r + d) / self.r if k == "arc" else 1.0 for k, _, _ in self.segs])

    def length(self, d: float) -> float:
        return 4 * (self.hx + self.hy) + 2 * math.pi * (self.r + d)

    def frame(self, s) -> tuple[np.ndarray, np.ndarray]:
        """Base points and outward unit normals at base positions *s*."""
        s = np.mod(np.atleast_1d(np.asarray(s, float)), self.perimeter)
        idx = np.clip(np.searchsorted(self.starts, s, side="right") - 1, 0, len(self.segs) - 1)
        xy, n = np.zeros((len(s), 2)), np.zeros((len(s), 2))
        for k, (kind, _, data) in enumerate(self.segs):
            m = idx == k
            t = s[m] - self.starts[k]
            if kind == "line":
                x0, y0, dx, dy = data
                xy[m] = np.c_[x0 + t * dx, y0 + t * dy]
                n[m] = (dy, -dx)
            else:
                cx, cy, a0 = data
                ang = a0 + t / self.r
                n[m] = np.c_[np.cos(ang), np.sin(ang)]
                xy[m] = np.c_[cx, cy] + self.r * n[m]
        return xy, n

    def point(self, s, d) -> np.ndarray:
        xy, n = self.frame(s)
        return xy + np.asarray(d, float).reshape(-1, 1) * n

    def u_of_s(self, s, d: float) -> np.ndarray:
        """Distance along the curve offset by *d* of base positions *s*."""
        s = np.mod(np.atleast_1d(np.asarray(s, float)), self.perimeter)
        sc = self._scales(d)
        ustart = np.cumsum([0.0] + [seg[1] * k for seg, k in zip(self.segs, sc, strict=True)])
        idx = np.clip(np.searchsorted(self.starts, s, side="right") - 1, 0, len(self.segs) - 1)
        return ustart[idx] + (s - self.starts[idx]) * sc[idx]

    def s_of_u(self, u, d: float) -> np.ndarray:
        sc = self._scales(d)
        ustart = np.cumsum([0.0] + [seg[1] * k for seg, k in zip(self.segs, sc, strict=True)])
        u = np.mod(np.atleast_1d(np.asarray(u, float)), ustart[-1])
        idx = np.clip(np.searchsorted(ustart, u, side="right") - 1, 0, len(self.segs) - 1)
        return self.starts[idx] + (u - ustart[idx]) / sc[idx]

    def outline(self, d: float, per_quarter: int = 8) -> list[tuple[float, float]]:
        """Closed polyline (first point not repeated) at offset *d*: straights whole, arcs in facets."""
        s = [0.0]
        for k, (kind, length, _) in enumerate(self.segs):
            steps = max(1, round(per_quarter * length / (math.pi * self.r / 2))) if kind == "arc" else 1
            s += list(self.starts[k] + length * np.arange(1, steps + 1) / steps)
        pts = self.point(np.array(s[:-1]), d)
        return [(float(x), float(y)) for x, y in pts]

    def ring(self, d0: float, d1: float) -> Polygon:
        core = rect(-self.hx, -self.hy, self.hx, self.hy)
        return core.buffer(self.r + d1, quad_segs=12).difference(core.buffer(self.r + d0, quad_segs=12))

    def sector(self, s0: float, s1: float, d0: float, d1: float) -> Polygon:
        s = np.unique(np.r_[np.arange(s0, s1, 2.0), s1, [x for x in self.starts if s0 < x < s1]])
        outer, inner = self.point(s, d1), self.point(s[::-1], d0)
        return Polygon(np.vstack([outer, inner])).buffer(0)

    def radial_rect(self, s: float, d0: float, d1: float, width: float) -> Polygon:
        (xy,), (n,) = self.frame(s)
        t = np.array([-n[1], n[0]])
        a, b = xy + d0 * n, xy + d1 * n
        return Polygon([a - t * width / 2, a + t * width / 2, b + t * width / 2, b - t * width / 2])

    def stand(self, s) -> np.ndarray:
        return np.searchsorted(self.stand_starts, np.mod(np.atleast_1d(s), self.perimeter), side="right") - 1

    def tangent_angle(self, s: float) -> float:
        _, (n,) = self.frame(s)
        return math.atan2(n[0], -n[1])


@dataclass
class Tier:
    index: int
    d0: float  # offset of the front of row 0
    z0: float  # level of row 0's tread
    rise: float
    rows: int = 0
    mouth: int = 0  # row the vomitories open onto
    vomitories: tuple[float, ...] = ()

    def z(self, row):
        return self.z0 + self.rise * np.asarray(row)

    @property
    def d_back(self) -> float:
        return self.d0 + self.rows * ROW_DEPTH

    @property
    def concourse(self) -> float:
        return float(self.z(self.mouth))

    @property
    def top(self) -> float:
        return float(self.z(self.rows - 1))

    def mouth_rows(self) -> range:
        """Rows cut by the vomitory mouths: below the 7th row above the mouth there is no headroom."""
        return range(self.mouth, self.mouth + 7)


def bucket_seat() -> tuple[np.ndarray, np.ndarray]:
    """A stadium bucket seat on a pedestal, facing +Y: 3 boxes, 36 triangles."""
    return boxes_mesh([
        ((-0.22, -0.16, 0.40), (0.22, 0.22, 0.46)),
        ((-0.22, -0.22, 0.44), (0.22, -0.16, 0.82)),
        ((-0.04, -0.12, 0.00), (0.04, 0.10, 0.40)),
    ], lean={1: -0.06})


def _row_seats(bowl: Bowl, tier: Tier, row: int, cuts: list[tuple[float, float, range]]):
    """Seat positions of one row: (u, s) arrays, aisles and cuts left free."""
    d = tier.d0 + row * ROW_DEPTH + 0.45
    length = bowl.length(d)
    n = int(length / SEAT_PITCH)
    u = (np.arange(n) + 0.5) * length / n
    keep = np.ones(n, bool)
    for s_c, width, rows in cuts:
        if row in rows:
            gap = np.abs(u - bowl.u_of_s(s_c, d)[0])
            gap = np.minimum(gap, length - gap)
            keep &= gap > width / 2 + SEAT_PITCH / 2
    return u[keep], bowl.s_of_u(u[keep], d), d


def _layout_tier(bowl: Bowl, tier: Tier, target: int, n_vom: int, extra_cuts) -> np.ndarray:
    """Choose rows, mouth row and vomitories for *tier*; return its seats as (s, d, row) rows."""
    spacing = bowl.perimeter / n_vom
    vom = (np.arange(n_vom) + 0.5 + 0.5 * (tier.index % 2)) * spacing
    for s_c, width, _ in extra_cuts:  # keep vomitories clear of tunnels
        vom = np.where(np.abs(vom - s_c) < width / 2 + 3.0, vom + (width / 2 + 3.5), vom)
    tier.vomitories = tuple(float(v) for v in vom)
    aisles = np.sort(np.r_[vom, vom + spacing / 2])
    per_row = bowl.length(tier.d0 + 10) / SEAT_PITCH - len(aisles) * (AISLE / SEAT_PITCH + 1)
    tier.mouth = min(8, max(MIN_ROWS, math.ceil(target / per_row)) // 3)
    cuts = [(float(a), AISLE, range(10**6)) for a in aisles]
    cuts += [(float(v), MOUTH, tier.mouth_rows()) for v in vom] + list(extra_cuts)
    rows, total = [], 0
    while total < target or len(rows) < MIN_ROWS:
        _, s, d = _row_seats(bowl, tier, len(rows), cuts)
        rows.append(np.c_[s, np.full(len(s), d), np.full(len(s), len(rows))])
        total += len(s)
    tier.rows = len(rows)
    seats = np.vstack(rows)
    if len(seats) > target:  # drop from the back rows' ends: keep those nearest a long stand's centre
        centres = bowl.stand_centres[[0, 2]]
        off = np.min(np.abs(seats[:, 0:1] - centres[None, :]), axis=1)
        order = np.lexsort((off, -seats[:, 2]))  # back row first, its ends first
        drop = order[: len(seats) - target]
        seats = np.delete(seats, np.sort(drop), axis=0)
    return seats


def _seat_names(bowl: Bowl, tier: Tier, seats: np.ndarray) -> list[str]:
    """"T1 B07 R12 S015": tier, block between aisles, row from the front, seat within block row."""
    spacing = bowl.perimeter / len(tier.vomitories)
    aisles = np.sort(np.r_[tier.vomitories, np.array(tier.vomitories) + spacing / 2] % bowl.perimeter)
    block = np.searchsorted(aisles, seats[:, 0]) % len(aisles) + 1
    order = np.lexsort((seats[:, 0], block, seats[:, 2]))
    names = [""] * len(seats)
    last, n = None, 0
    for i in order:
        key = (block[i], seats[i, 2])
        n = n + 1 if key == last else 1
        last = key
        names[i] = f"T{tier.index + 1} B{block[i]:02d} R{int(seats[i, 2]) + 1:02d} S{n:03d}"
    return names


def _door_on(b: IfcBuilder, walls: list, outline: list, xy, width: float, height: float, name: str, **kw):
    """Put a door in whichever facet of a closed wall ring lies nearest *xy*."""
    i, at, length = _nearest_facet(outline, xy)
    at = min(max(at, width / 2 + 0.2), length - width / 2 - 0.2)  # keep it clear of the facet's ends
    return b.door(walls[i], at, width, height, name, **kw)


def _nearest_facet(outline: list, xy) -> tuple[int, float, float]:
    """(index, distance along, length) of the facet of a closed polyline nearest to *xy*."""
    a = np.asarray(outline, float)
    seg = np.roll(a, -1, axis=0) - a
    length = np.hypot(seg[:, 0], seg[:, 1])
    t = np.clip(np.einsum("ij,ij->i", np.asarray(xy, float) - a, seg) / length**2, 0, 1)
    dist = np.hypot(*(a + seg * t[:, None] - np.asarray(xy, float)).T)
    i = int(np.argmin(dist))
    return i, float(t[i] * length[i]), float(length[i])


def _room_row(b: IfcBuilder, storey, y_in: float, y_out: float, cuts: list[float], rooms: list, height: float,
              *, style: str = "wall"):
    """Rooms side by side between two lines of constant y, partition walls shared, doors on the y_out side."""
    lo, hi = cuts[0], cuts[-1]
    b.wall(storey, (lo, y_in), (hi, y_in), height, name=f"Mur {rooms[0][1]} - fond", style=style)
    outer = b.wall(storey, (lo, y_out), (hi, y_out), height, name=f"Mur {rooms[0][1]} - façade", style=style)
    for x in cuts:
        b.wall(storey, (x, y_in), (x, y_out), height, name="Cloison", style=style, thickness=0.2)
    spaces = []
    for (x0, x1), (code, name, kw) in zip(zip(cuts, cuts[1:], strict=False), rooms, strict=True):
        kw = dict(kw)
        width = kw.pop("door", 1.2)
        b.door(outer, (x0 + x1) / 2 - lo, width, 2.2, f"Porte {name}")
        spaces.append(b.space(storey, code, name, rect(x0, min(y_in, y_out), x1, max(y_in, y_out)), height,
                              **kw))
    return spaces


def pitch_markings() -> list[Polygon]:
    L, W, t = PITCH[0] / 2, PITCH[1] / 2, 0.12

    def frame(x0, y0, x1, y1):
        return rect(x0, y0, x1, y1).difference(rect(x0 + t, y0 + t, x1 - t, y1 - t))

    lines = [frame(-L, -W, L, W), rect(-t / 2, -W, t / 2, W),
             Point(0, 0).buffer(9.15 + t / 2, 16).difference(Point(0, 0).buffer(9.15 - t / 2, 16))]
    for sx in (-1, 1):
        for depth, half in ((16.5, 20.16), (5.5, 9.16)):
            x0, x1 = sorted((sx * L, sx * (L - depth)))
            lines.append(frame(x0, -half, x1, half))
    return [unary_union(lines)]


def generate_stadium(path: str | Path, *, seats: int = 40000, tiers: int = 2,
                     seed: str = "venueplans-stadium-v1") -> Path:
    """Write a stadium with exactly *seats* seats on *tiers* tiers to *path* (IFC4)."""
    if seats < 1 or tiers < 1:
        raise ValueError("a stadium needs at least one seat and one tier")
    path = Path(path)
    bowl = Bowl()
    b = IfcBuilder(project="Stade (exemple)", site="Parcelle du stade", building="Stade municipal", seed=seed,
                   description=f"Sample venue generated by venueplans.samples: {seats} seats on {tiers} tier(s);"
                               " fictitious, not a real stadium.")
    s_tunnel = float(bowl.stand_centres[0])  # players' tunnel, south stand centre
    s_service = float(bowl.stand_centres[3])  # emergency vehicle tunnel, west end
    tunnels = [(s_tunnel, 4.0, range(0, 7)), (s_service, 4.5, range(0, 9))]

    # ---------------------------------------------------------------- tiers
    n_vom = max(4, min(16, round(seats / tiers / 1700)))
    layout, all_tiers = [], []
    for t in range(tiers):
        share = seats // tiers + (1 if t < seats % tiers else 0)
        if t == 0:
            tier = Tier(0, 0.0, 0.8, 0.40)
        else:
            prev = all_tiers[-1]
            tier = Tier(t, prev.d_back + 2.0, prev.top + 2.5, 0.52)
        layout.append(_layout_tier(bowl, tier, share, n_vom, tunnels if t == 0 else []))
        all_tiers.append(tier)
    d_face = all_tiers[-1].d_back + 10.0
    top = all_tiers[-1].top + 1.5
    z_roof = all_tiers[-1].top + 6.0

    levels = [0.0] + [t.concourse for t in all_tiers]
    names = ["Niveau 0 - Parvis et terrain"] + [
        f"Niveau {i + 1} - " + ("Coursive" if tiers == 1 else {0: "Coursive basse", tiers - 1: "Coursive haute"}.get(
            i, f"Coursive {i + 1}")) for i in range(tiers)]
    heights = np.diff(levels + [top])  # up to the next concourse, the last one up to the top of the façade
    storeys = [b.storey(n, z, (levels + [z_roof])[i + 1] - z, entrance=(i == 0))
               for i, (n, z) in enumerate(zip(names, levels, strict=True))]
    roof_storey = b.storey("Toiture", z_roof, 1.0)
    ground = storeys[0]

    # ---------------------------------------------------------------- pitch and ground level
    L, W = PITCH[0] / 2, PITCH[1] / 2
    b.slab(ground, rect(-L, -W, L, W), 0.0, 0.3, "Pelouse", style="grass")
    b.slab(ground, Polygon(bowl.outline(0.0, 12)).difference(rect(-L, -W, L, W)), 0.0, 0.3, "Aire de dégagement",
           style="track")
    b.element("IfcBuildingElementProxy", ground, "Tracés du terrain", b.extrusions(pitch_markings()[0], 0.0, 0.01),
              style="paving").ObjectType = "Marquage au sol"
    b.space(ground, "T.01", "Aire de jeu", rect(-L, -W, L, W), 3.0, public=False, object_type="Terrain")
    b.slab(ground, bowl.ring(0.0, d_face), 0.0, 0.3, "Dalle Niveau 0", style="concrete")
    b.slab(ground, bowl.ring(d_face, d_face + 14.0), 0.0, 0.3, "Dalle du parvis", style="paving")
    b.space(ground, "P.01", "Parvis", bowl.ring(d_face + 0.3, d_face + 14.0), 3.0, external=True,
            object_type="Parvis", occupancy=seats // 4)

    # front wall (pitch side) of the lower tier, with the two tunnel mouths
    low = all_tiers[0]
    front_pts = bowl.outline(0.0)
    front = b.walls_along(ground, front_pts, low.z0 + 1.0, closed=True, name="Mur de front de tribune",
                          thickness=0.3, style="concrete")
    for s_c, width, label in ((s_tunnel, 4.0, "Débouché du tunnel des joueurs"),
                              (s_service, 4.5, "Débouché du tunnel de service")):
        i, at, _ = _nearest_facet(front_pts, bowl.point(s_c, 0.0)[0])
        b.opening(front[i], at, width, min(3.0, low.z0 + 0.9), name=label)

    # ---------------------------------------------------------------- stands, vomitories, concourses
    chair = b.furniture_type("Siège coque", *bucket_seat(), "seat_blue")
    vom_no = 0
    for tier, seat_rows, storey in zip(all_tiers, layout, storeys[1:], strict=True):
        e = tier.concourse
        label = "basse" if tier.index == 0 else ("haute" if tier.index == tiers - 1 else f"{tier.index + 1}")
        tier_name = f"Tribune {label}" if tiers > 1 else "Tribune"
        mouths = [bowl.radial_rect(v, tier.d0 + tier.mouth * ROW_DEPTH, tier.d_back + 0.1, MOUTH)
                  for v in tier.vomitories]
        cut_here = tunnels if tier.index == 0 else []
        steps = []
        for r in range(tier.rows):
            band = bowl.ring(tier.d0 + r * ROW_DEPTH, tier.d0 + (r + 1) * ROW_DEPTH)
            holes = [m for m in mouths if r in tier.mouth_rows()]
            holes += [bowl.radial_rect(s_c, -0.5, 12.0, w + 0.4) for s_c, w, rr in cut_here if r in rr]
            if holes:
                band = band.difference(unary_union(holes))
            steps.append((band, float(tier.z(r)) - e))
        b.stepped_slab(storey, steps, tier.rise + 0.25, f"Gradins - {tier_name}", style="concrete")
        if tier.index > 0:
            b.element("IfcRailing", storey, f"Garde-corps - {tier_name}",
                      b.extrusions(bowl.ring(tier.d0 - 0.15, tier.d0), tier.z0 - e - tier.rise - 0.25, 1.35 + tier.rise),
                      style="concrete", predefined="BALUSTRADE")
        back_pts = bowl.outline(tier.d_back)
        back = b.walls_along(storey, back_pts, tier.top + 1.1 - e, closed=True, name=f"Mur arrière - {tier_name}",
                             thickness=0.3, style="concrete")

        # seats, in this tier's concourse storey
        xy, n = bowl.frame(seat_rows[:, 0])
        pos = xy + seat_rows[:, 1:2] * n
        z = tier.z(seat_rows[:, 2]) - e
        facing = np.degrees(np.arctan2(-n[:, 1], -n[:, 0])) - 90.0
        b.seats(storey, chair, np.c_[pos, z], facing, _seat_names(bowl, tier, seat_rows))

        # stand spaces with their capacities
        stand_of = bowl.stand(seat_rows[:, 0])
        for k, stand in enumerate(STANDS):
            s0, s1 = bowl.stand_starts[k], (list(bowl.stand_starts[1:]) + [bowl.perimeter])[k]
            b.space(storey, f"{stand[0]}{tier.index + 1}.T", f"{tier_name} {stand}",
                    bowl.sector(s0, s1, tier.d0, tier.d_back), tier.top - tier.z0 + 3.5, z=tier.z0 - e - 0.5,
                    occupancy=int((stand_of == k).sum()), object_type="Tribune")

        # vomitories: passage under the rows from the concourse door to the mouth
        nearest = np.argmin(np.abs(((seat_rows[:, :1] - np.array(tier.vomitories)[None, :]) + bowl.perimeter / 2)
                                   % bowl.perimeter - bowl.perimeter / 2), axis=1)
        d_mouth = tier.d0 + tier.mouth * ROW_DEPTH
        for j, s_v in enumerate(tier.vomitories):
            vom_no += 1
            vname = f"Vomitoire {vom_no:02d}"
            stand = STANDS[int(bowl.stand(s_v)[0])]
            passage = bowl.radial_rect(s_v, d_mouth, tier.d_back, 2.4)
            b.space(storey, vname, f"{vname} - {tier_name} {stand}", passage, 2.6, object_type="Vomitoire",
                         occupancy=int((nearest == j).sum()), fire_exit=True)
            b.slab(storey, bowl.radial_rect(s_v, d_mouth, tier.d_back, MOUTH), 0.0, 0.3, f"{vname} - sol")
            (base,), (nv,) = bowl.frame(s_v)
            tv = np.array([-nv[1], nv[0]])
            for side in (-1, 1):
                p0 = base + d_mouth * nv + side * (MOUTH / 2 + 0.1) * tv
                p1 = p0 + 7 * ROW_DEPTH * nv
                b.wall(storey, tuple(p0), tuple(p1), tier.rise * 7 + 1.1, name=f"{vname} - mur latéral",
                       thickness=0.2, style="concrete")
            _door_on(b, back, back_pts, bowl.point(s_v, tier.d_back)[0], 2.4, 2.4, f"{vname} - porte",
                     reference=f"V{vom_no:02d}",  # internal: the exits are the gates, not counted twice
                     description=f"Entre la coursive et la {tier_name.lower()} {stand}")

    # ---------------------------------------------------------------- façade, gates, cores
    e1 = levels[1]
    face_pts = bowl.outline(d_face)
    facade = {}
    for i, st in enumerate(storeys):
        z_to = levels[i + 1] if i + 1 < len(levels) else top
        facade[i] = b.walls_along(st, face_pts, z_to - levels[i], closed=True, name=f"Façade - {st.Name}",
                                  thickness=0.4, style="facade", external=True)
    gate_h = min(3.6, e1 - 0.4)
    gates = []
    for k, stand in enumerate(STANDS):
        half = bowl.hx if k % 2 == 0 else bowl.hy
        for side in (-1, 1):
            gates.append((float(bowl.stand_centres[k] + side * min(14.0, half * 0.35)), stand))
    gates.sort()
    for i, (s_g, stand) in enumerate(gates):
        _door_on(b, facade[0], face_pts, bowl.point(s_g, d_face)[0], 5.0, gate_h, f"Porte {i + 1}",
                 predefined="GATE", operation="DOUBLE_DOOR_SLIDING", external=True, fire_exit=True,
                 reference=f"P{i + 1}", description=f"Accès public - Tribune {stand}")
    _door_on(b, facade[0], face_pts, bowl.point(s_service, d_face)[0], 4.5, min(4.0, e1 - 0.3),
             "Accès véhicules de secours", predefined="GATE", operation="ROLLINGUP", external=True,
             fire_exit=False, reference="AV", description="Tunnel de service vers l'aire de jeu (ambulances, pompiers)")

    hops = [levels[i + 1] - levels[i] for i in range(tiers)]
    cores, core_no = [], 0
    for k, stand in enumerate(STANDS):
        half = bowl.hx if k % 2 == 0 else bowl.hy
        for side in (-1, 1):
            core_no += 1
            s_c = float(bowl.stand_centres[k] + side * min(half - 5.0, max(half * 0.6, 22.0)))
            cores.append((s_c, core_no, stand, side == -1))
    holes = []
    for s_c, no, stand, with_lift in cores:
        ang = bowl.tangent_angle(s_c)
        run = max(n for n, _, _ in flights(hops)) * 0.28
        origin = bowl.point(s_c - run / 2, d_face - 0.8)[0]
        b.stair(ground, tuple(origin), ang, hops, f"Escalier {no}", width=1.8, landing=1.8,
                serves=storeys[1:])
        holes.append(bowl.radial_rect(s_c, d_face - 4.7, d_face - 0.7, run + 3.8))
        for i, st in enumerate(storeys):
            b.space(st, f"E{no}.{i}", f"Escalier {no} - Tribune {stand}",
                    bowl.radial_rect(s_c, d_face - 4.7, d_face - 0.7, run + 3.8), heights[i],
                    object_type="Cage d'escalier", fire_exit=True)
        if with_lift:  # beside the core, on the side of the stand's centre
            s_l = s_c + (run / 2 + 3.0) * (1.0 if s_c < bowl.stand_centres[STANDS.index(stand)] else -1.0)
            b.lift(ground, tuple(bowl.point(s_l - 0.8, d_face - 1.0)[0]), ang, levels[-1] + 3.5,
                   f"Ascenseur {stand}", car=(1.6, 2.4), serves=storeys[1:], capacity=21,
                   firefighting=(stand == "Sud"))
            holes.append(bowl.radial_rect(s_l, d_face - 3.65, d_face - 0.75, 2.3))
    hole = unary_union(holes)

    # ---------------------------------------------------------------- rooms
    def y_of(d, north):
        return (bowl.b + d) * (1 if north else -1)

    d_r0, d_r1 = 8.0, min(max(low.d_back, 14.0), d_face - 5.5)
    hx = bowl.hx
    x = [-min(28.0, hx - 4), -14.0, -5.0]
    _room_row(b, ground, y_of(d_r0, False), y_of(d_r1, False), [x[0], x[1], x[2]],
              [("N0.01", "Vestiaires visiteurs", {"public": False, "door": 1.4, "object_type": "Vestiaires"}),
               ("N0.02", "Vestiaires arbitres", {"public": False, "object_type": "Vestiaires"})], e1 - 0.3)
    _room_row(b, ground, y_of(d_r0, False), y_of(d_r1, False), [5.0, 19.0, min(28.0, hx - 4)],
              [("N0.03", "Vestiaires domicile", {"public": False, "door": 1.4, "object_type": "Vestiaires"}),
               ("N0.04", "Poste de secours 1", {"door": 1.6, "object_type": "Poste de secours"})], e1 - 0.3)
    b.space(ground, "N0.05", "Tunnel des joueurs", bowl.radial_rect(s_tunnel, -0.2, d_r1, 4.0), 2.6,
            public=False, object_type="Circulation")
    b.space(ground, "N0.06", "Tunnel de service", bowl.radial_rect(s_service, -0.2, d_face, 4.5), 3.8,
            public=False, object_type="Circulation")
    _room_row(b, ground, y_of(d_r0, True), y_of(d_r1, True), [-5.0, 5.0],
              [("N0.07", "Poste de secours 2", {"door": 1.6, "object_type": "Poste de secours"})], e1 - 0.3)
    rooms_n0 = unary_union([rect(x[0], y_of(d_r1, False), min(28.0, hx - 4), y_of(d_r0, False)),
                            rect(-5, y_of(d_r0, True), 5, y_of(d_r1, True)),
                            bowl.radial_rect(s_tunnel, -0.2, d_r1, 4.0), bowl.radial_rect(s_service, -0.2, d_face, 4.5)])
    upper = storeys[-1]
    top_band = (all_tiers[-1].d_back + 0.5, d_face - 5.0)
    _room_row(b, upper, y_of(top_band[0] + 0.5, False), y_of(min(top_band[0] + 6.5, d_face - 0.6), False),
                   [-5.0, 5.0], [("PC.01", "PC sécurité", {"public": False, "object_type": "Poste de commandement"})],
                   3.2)
    # Rooms against the facade open onto the concourse (the y_out side), not onto the facade.
    _room_row(b, storeys[1], y_of(d_face - 0.6, True), y_of(d_face - 6.6, True), [-5.0, 5.0],
              [("N1.PS", "Poste de secours 3", {"door": 1.6, "object_type": "Poste de secours"})], 3.2)
    for i, st in enumerate(storeys[1:], start=1):
        for north in (False, True):
            _room_row(b, st, y_of(d_face - 0.6, north), y_of(d_face - 6.6, north), [-15.0, -7.0],
                      [(f"N{i}.{'N' if north else 'S'}B", f"Buvette {'Nord' if north else 'Sud'}",
                        {"door": 2.4, "object_type": "Buvette"})], 3.2)
            _room_row(b, st, y_of(d_face - 0.6, north), y_of(d_face - 6.6, north), [7.0, 15.0],
                      [(f"N{i}.{'N' if north else 'S'}W", f"Sanitaires {'Nord' if north else 'Sud'}",
                        {"object_type": "Sanitaires"})], 3.2)

    # concourse floors and spaces
    for i, (tier, st) in enumerate(zip(all_tiers, storeys[1:], strict=True)):
        band = bowl.ring(tier.d_back, d_face)
        b.slab(st, band.difference(hole), 0.0, 0.3, f"Dalle - {st.Name}", style="concrete")
        for k, stand in enumerate(STANDS):
            s0, s1 = bowl.stand_starts[k], (list(bowl.stand_starts[1:]) + [bowl.perimeter])[k]
            area = bowl.sector(s0, s1, tier.d_back, d_face).difference(hole)
            b.space(st, f"C{i + 1}.{stand[0]}", f"Coursive {st.Name.split(' - ')[1].split()[-1]} - {stand}"
                    if tiers > 1 else f"Coursive - {stand}", area, heights[i + 1],
                    object_type="Circulation", occupancy=int(area.area / 2), fire_exit=True)
    for k, stand in enumerate(STANDS):
        s0, s1 = bowl.stand_starts[k], (list(bowl.stand_starts[1:]) + [bowl.perimeter])[k]
        area = bowl.sector(s0, s1, d_r0, d_face).difference(unary_union([hole, rooms_n0]))
        b.space(ground, f"D0.{stand[0]}", f"Déambulatoire {stand}", area, e1 - 0.3, object_type="Circulation",
                fire_exit=True)

    # ---------------------------------------------------------------- roof
    canopy = bowl.ring(6.0, d_face + 1.5)
    b.element("IfcRoof", roof_storey, "Couverture des tribunes", b.extrusions(canopy, 0.0, 0.8), style="canopy",
              predefined="FREEFORM")
    for i, s_p in enumerate(np.arange(24) * bowl.perimeter / 24 + bowl.perimeter / 48):
        p = bowl.point(s_p, d_face + 0.6)[0]
        b.element("IfcColumn", roof_storey, f"Poteau de toiture {i + 1}",
                  [b.box(-0.4, -0.4, top - z_roof, 0.4, 0.4, 0.0)], style="concrete", origin=(p[0], p[1], 0),
                  predefined="COLUMN")
    b.write(path)
    return path
