"""A 1,500-seat Parisian "théâtre à l'italienne" (IFC4).

Plan (metres, x across the 40 m street front, y from the street at y=0 to the back at y=70):

    y  0-14  front of house: Billetterie, Hall d'entrée, Vestiaire, stair cores A and B; Bar above
    y 14-44  horseshoe auditorium: raked stalls (Parterre), orchestra pit, a balcony at +6 m,
             a ring corridor around it with the side exits
    y 44-62  stage raised 1.1 m under a 27 m fly tower (Gril technique at +18), wings each side
    y 62-70  backstage: dressing rooms, Arrière-scène, loading dock at truck-bed height

Basement (-4 m) under the front of house and the stage: plant rooms, orchestra-pit access.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from shapely.geometry import Point, Polygon
from shapely.geometry import box as rect
from shapely.ops import unary_union

from venueplans.samples.ifcbuild import IfcBuilder, boxes_mesh

STALLS_SEATS = 1000
BALCONY_SEATS = 500

HORSESHOE_CENTRE = (20.0, 31.0)
HORSESHOE_RADIUS = 15.0
FOCUS = (20.0, 44.5)  # where the seats look: the front of the stage


def horseshoe_line(segments: int = 12) -> list[tuple[float, float]]:
    """The auditorium wall: up the west side, round the back, down the east side to the proscenium."""
    cx, cy = HORSESHOE_CENTRE
    arc = [(cx + HORSESHOE_RADIUS * math.cos(a), cy + HORSESHOE_RADIUS * math.sin(a))
           for a in np.linspace(math.pi, 2 * math.pi, segments + 1)]
    return [(cx - HORSESHOE_RADIUS, 44.0), *arc, (cx + HORSESHOE_RADIUS, 44.0)]


def armchair() -> tuple[np.ndarray, np.ndarray]:
    """A theatre seat (pan, raked back, two side standards), facing +Y: 4 boxes, 48 triangles."""
    boxes = [
        ((-0.23, -0.20, 0.40), (0.23, 0.24, 0.48)),  # seat pan
        ((-0.23, -0.30, 0.40), (0.23, -0.22, 0.98)),  # back
        ((-0.27, -0.30, 0.00), (-0.23, 0.22, 0.68)),  # standards / armrests
        ((0.23, -0.30, 0.00), (0.27, 0.22, 0.68)),
    ]
    return boxes_mesh(boxes, lean={1: -0.07})


def dome(centre: tuple[float, float], radius: float, height: float, z: float, rings: int = 6, sectors: int = 24):
    """A closed faceted cupola (a squashed half-sphere) standing on *z*."""
    cx, cy = centre
    t = np.linspace(0, 2 * math.pi, sectors, endpoint=False)
    verts = [(cx, cy, z)]
    for k in range(rings):  # ring 0 is the rim
        phi = (math.pi / 2) * k / rings
        verts += [(cx + radius * math.cos(phi) * math.cos(a), cy + radius * math.cos(phi) * math.sin(a),
                   z + height * math.sin(phi)) for a in t]
    verts.append((cx, cy, z + height))
    top = len(verts) - 1
    tris = [(0, 1 + (s + 1) % sectors, 1 + s) for s in range(sectors)]  # floor disc, facing down
    for k in range(rings - 1):
        a0, b0 = 1 + k * sectors, 1 + (k + 1) * sectors
        for s in range(sectors):
            s1 = (s + 1) % sectors
            tris += [(a0 + s, a0 + s1, b0 + s1), (a0 + s, b0 + s1, b0 + s)]
    last = 1 + (rings - 1) * sectors
    tris += [(last + s, last + (s + 1) % sectors, top) for s in range(sectors)]
    return np.array(verts, float), np.array(tris, int)


def _facing(points: np.ndarray) -> np.ndarray:
    """Rotation (degrees) turning a seat's +Y towards the stage focus."""
    v = np.asarray(FOCUS) - points[:, :2]
    return np.degrees(np.arctan2(v[:, 1], v[:, 0])) - 90.0


def stalls_layout(target: int = STALLS_SEATS):
    """Curved rows centred on the stage focus, clipped by the horseshoe, with two radial aisles.

    Returns (seats as rows of (x, y, z, row, angle from the centre line), [(row band shape, floor level)]).
    """
    hs = Polygon(horseshoe_line())
    area = hs.intersection(rect(0, 0, 40, 40.6))  # stop 0.4 m short of the pit rail
    inner = hs.buffer(-0.9).intersection(rect(0, 0, 40, 40.2))  # 0.9 m side aisles
    seats, steps = [], []
    r, row, rise, pitch = 5.0, 0, 0.07, 0.9
    f = Point(FOCUS)
    while sum(len(s) for s in seats) < target:
        z = row * rise
        band = area.intersection(f.buffer(r + pitch / 2, 24).difference(f.buffer(r - pitch / 2, 24)))
        steps.append((band, z))
        n = int(math.pi * r / 0.52)
        phis = (np.arange(-n, n + 1) * 0.52 / r)
        pts = np.c_[FOCUS[0] + r * np.sin(phis), FOCUS[1] - r * np.cos(phis)]
        aisle = np.abs(np.abs(phis) - 0.36) * r  # distance along the row to one of the two radial aisles
        keep = (aisle > 0.8) & np.array([inner.contains(Point(p)) for p in pts])
        seats.append(np.c_[pts[keep], np.full(keep.sum(), z), np.full(keep.sum(), row), phis[keep]])
        if not keep.any() and row > 3:
            raise ValueError(f"the stalls cannot hold {target} seats")
        r += pitch
        row += 1
    seats[-1] = _trim(seats[-1], target - sum(len(s) for s in seats[:-1]))
    # the rest of the horseshoe behind the last row is a level cross-aisle at the top of the rake
    steps.append((area.difference(f.buffer(r - pitch / 2, 24)), (row - 1) * rise))
    return np.vstack(seats), steps


def _trim(row: np.ndarray, n: int) -> np.ndarray:
    """Keep the *n* seats of a last row nearest its centre line (last column is the seat's angle)."""
    order = np.argsort(np.abs(row[:, -1]), kind="stable")[:n]
    return row[np.sort(order)]


def balcony_layout(target: int = BALCONY_SEATS):
    """Rows following the horseshoe at +6 m, stepping down towards the front (gilded) rail.

    Storey level (0) is the rear walkway reached from the corridor doors; rows drop 0.4 m each towards
    the front. Returns (seats as (x, y, z, row, angle), steps, rail footprint, front row level).
    """
    hs = Polygon(horseshoe_line())
    cx, cy = HORSESHOE_CENTRE
    depth, front_offset = 0.85, 6.4
    aisles = np.radians([225, 270, 315])  # radial aisles in the curved part
    rows, offsets = [], []
    while sum(len(r) for r in rows) < target:  # row 0 is the front row
        off = front_offset - 0.5 - len(rows) * depth
        if off < 1.0:
            raise ValueError(f"the balcony cannot hold {target} seats")
        ring = hs.buffer(-off).exterior
        pts = np.array([ring.interpolate(d).coords[0] for d in np.arange(0.26, ring.length, 0.52)])
        pts = pts[pts[:, 1] < min(39.6, 44.0 - off - 0.5)]  # not along the polygon's closing edge
        polar = np.arctan2(pts[:, 1] - cy, pts[:, 0] - cx) % (2 * np.pi)
        to_aisle = np.min(np.abs(polar[:, None] - aisles[None, :]), axis=1) * (HORSESHOE_RADIUS - off)
        pts = pts[(to_aisle > 0.6) | (pts[:, 1] > cy)]
        theta = np.arctan2(pts[:, 0] - cx, -(pts[:, 1] - cy))  # angle from the back of the house
        rows.append(np.c_[pts, np.zeros(len(pts)), np.full(len(pts), len(rows)), theta])
        offsets.append(off)
    rows[-1] = _trim(rows[-1], target - sum(len(r) for r in rows[:-1]))
    n = len(rows)
    level = [-0.4 * (n - 1 - j) for j in range(n)]
    for j, r in enumerate(rows):
        r[:, 2] = level[j]
    clip = rect(0, 0, 40, 40)
    steps = [(hs.buffer(-(o - depth / 2)).difference(hs.buffer(-(o + depth / 2))).intersection(clip), z)
             for o, z in zip(offsets, level, strict=True)]
    steps.append((hs.difference(hs.buffer(-(offsets[-1] - depth / 2))).intersection(clip), 0.0))  # walkway
    rail = hs.buffer(-front_offset).difference(hs.buffer(-front_offset - 0.15)).intersection(clip)
    return np.vstack(rows), steps, rail, level[0]


def generate_theatre(path: str | Path, *, seed: str = "venueplans-theatre-v1") -> Path:
    path = Path(path)
    b = IfcBuilder(project="Théâtre à l'italienne (exemple)", site="Parcelle du théâtre",
                   building="Théâtre municipal", seed=seed,
                   description="Sample venue generated by venueplans.samples; fictitious, not a real building.")
    ss = b.storey("Sous-sol", -4.0, 4.0)
    rdc = b.storey("Rez-de-chaussée", 0.0, 6.0, entrance=True)
    r1 = b.storey("Premier étage", 6.0, 12.0)
    gril = b.storey("Gril technique", 18.0, 9.0)

    hs_pts = horseshoe_line()
    horseshoe = Polygon(hs_pts)
    pit = rect(10, 41, 30, 44)
    core_a, core_b, core_c = rect(0, 7, 9, 14), rect(31, 7, 40, 14), rect(0, 44, 6, 52)
    stair_a, stair_b, stair_c = rect(0.5, 7.5, 8.4, 10.5), rect(31.6, 7.5, 39.5, 10.5), rect(2.6, 45.6, 5.6, 51.8)
    lift_a, lift_q = rect(0.55, 10.95, 2.55, 13.25), rect(36.95, 66.15, 39.65, 69.65)
    ext = {"thickness": 0.5, "style": "facade", "external": True}
    exits = 0

    def exit_door(wall, at, leads_from: str, *, sill=0.0, width=1.8):
        nonlocal exits
        exits += 1
        return b.door(wall, at, width, 2.4, f"Sortie de secours {exits}", sill=sill, external=True, fire_exit=True,
                      reference=f"SS{exits}", description=f"Depuis {leads_from} vers la rue")

    # ------------------------------------------------------------------ basement (-4.0)
    h = 3.7
    front = b.walls_along(ss, [(0, 0), (40, 0), (40, 14), (23, 14), (23, 41), (17, 41), (17, 14), (0, 14)], h,
                          closed=True, name="Mur enterré", thickness=0.4, style="concrete", external=True)
    b.walls_along(ss, [(0, 44), (34, 44), (34, 62), (6, 62), (6, 52), (0, 52)], h, closed=True,
                  name="Mur enterré scène", thickness=0.4, style="concrete", external=True)
    w9 = b.wall(ss, (9, 0), (9, 14), h, name="Cloison escalier A")
    w7 = b.wall(ss, (0, 7), (9, 7), h, name="Cloison réserve")
    w22 = b.wall(ss, (22, 0), (22, 14), h, name="Cloison chaufferie", thickness=0.3, style="concrete")
    w31 = b.wall(ss, (31, 0), (31, 14), h, name="Cloison TGBT", thickness=0.3, style="concrete")
    wfosse = b.wall(ss, (17, 14), (23, 14), h, name="Cloison accès fosse")
    wsc = b.wall(ss, (6, 44), (6, 52), h, name="Cloison dessous de scène")
    b.door(w9, 12, 1.4, 2.1, "Porte escalier A - sous-sol")
    b.door(w7, 4.5, 0.9, 2.1, "Porte réserve")
    b.door(w22, 7, 1.2, 2.1, "Porte chaufferie", description="Porte coupe-feu, local à risques")
    b.door(w31, 7, 1.2, 2.1, "Porte local TGBT", description="Tableau général basse tension")
    b.door(wfosse, 3, 1.4, 2.1, "Porte accès fosse")
    b.door(front[4], 3, 1.0, 2.0, "Porte fosse d'orchestre", sill=1.5)
    b.door(wsc, 1.0, 1.0, 2.1, "Porte dessous de scène")
    b.slab(ss, unary_union([rect(0, 0, 40, 14), rect(17, 14, 23, 41), rect(0, 44, 34, 62)]), 0.0, 0.3,
           "Radier sous-sol", style="concrete")
    for code, name, shape, kw in [
        ("S.01", "Réserve", rect(0, 0, 9, 7), {}),
        ("S.02", "Escalier A", core_a, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("S.03", "Local technique", rect(9, 0, 22, 14), {"public": False}),
        ("S.04", "Chaufferie", rect(22, 0, 31, 14), {"public": False}),
        ("S.05", "Local TGBT", rect(31, 0, 40, 14), {"public": False}),
        ("S.06", "Accès fosse d'orchestre", rect(17, 14, 23, 41), {"public": False}),
        ("S.07", "Dessous de scène", rect(6, 44, 34, 62), {"public": False}),
        ("S.08", "Escalier C", core_c, {"object_type": "Cage d'escalier", "fire_exit": True}),
    ]:
        b.space(ss, code, name, shape, 3.7, **kw)
    b.stair(ss, (1.9, 7.5), 0.0, [4.0, 6.0], "Escalier A", serves=[rdc, r1])
    b.stair(ss, (5.6, 47.0), math.pi / 2, [4.0, 6.0, 12.0], "Escalier C (service)", width=1.4, gap=0.2,
            flight_rise=2.0, serves=[rdc, r1, gril])
    b.stair(ss, (20.6, 37.73), math.pi / 2, [1.5], "Escalier de la fosse", width=1.2, landing=0.6)
    b.lift(ss, (0.8, 11.2), 0.0, 13.0, "Ascenseur public", car=(1.5, 1.8), serves=[rdc, r1], capacity=13)

    # ------------------------------------------------------------------ ground floor (0.0)
    h = 6.0
    south = b.wall(rdc, (0, 0), (40, 0), h, name="Façade principale - RDC", **ext)
    east = b.wall(rdc, (40, 0), (40, 70), h, name="Façade est - RDC", **ext)
    north = b.wall(rdc, (40, 70), (0, 70), h, name="Façade arrière - RDC", **ext)
    west = b.wall(rdc, (0, 70), (0, 0), h, name="Façade ouest - RDC", **ext)
    for i, x in enumerate((4.5, 35.5)):
        b.window(south, x, 1.6, 2.6, f"Fenêtre RDC {i + 1}", sill=1.0)
    b.door(south, 20, 3.6, 3.2, "Entrée principale", external=True, fire_exit=True, reference="EP",
           description="Entrée du public, 3 vantaux")
    exit_door(south, 12, "le hall d'entrée")
    exit_door(south, 28, "le hall d'entrée")
    exit_door(east, 12, "l'escalier B")
    exit_door(east, 24, "le couloir de ceinture est")
    exit_door(east, 38, "le couloir de ceinture est")
    exit_door(east, 53, "la coulisse cour (perron extérieur)", sill=1.1)
    exit_door(west, 70 - 38, "le couloir de ceinture ouest")
    exit_door(west, 70 - 24, "le couloir de ceinture ouest")
    exit_door(west, 70 - 12, "l'escalier A")
    exit_door(west, 70 - 45.3, "l'escalier C (service)")
    b.door(west, 70 - 63.5, 1.0, 2.2, "Entrée des artistes", external=True, fire_exit=True, reference="EA",
           description="Accès du personnel et des artistes, loges")
    b.door(north, 40 - 35, 3.5, 4.0, "Porte du quai", sill=1.1, external=True, operation="ROLLINGUP",
           reference="QD", description="Rideau métallique du quai de déchargement (hauteur de plateau camion)")

    part = {"thickness": 0.2}
    wb = b.wall(rdc, (9, 0), (9, 14), h, name="Cloison billetterie", **part)
    wv = b.wall(rdc, (31, 0), (31, 14), h, name="Cloison vestiaire", **part)
    b.wall(rdc, (0, 7), (9, 7), h, name="Cloison escalier A", **part)
    b.wall(rdc, (31, 7), (40, 7), h, name="Cloison escalier B", **part)
    w14 = b.wall(rdc, (0, 14), (40, 14), h, name="Mur hall - salle", thickness=0.4)
    u = b.walls_along(rdc, hs_pts, h, name="Mur de la salle - RDC", thickness=0.3, style="wall")
    pros = b.wall(rdc, (6, 44), (34, 44), 18.0, name="Mur du cadre de scène", thickness=0.6, style="facade")
    pw = b.wall(rdc, (0, 44), (6, 44), h, name="Mur escalier C", thickness=0.4)
    b.wall(rdc, (34, 44), (40, 44), h, name="Mur coulisse cour", thickness=0.4)
    b.wall(rdc, (0, 52), (6, 52), h, name="Cloison escalier C", **part)
    fx6 = b.wall(rdc, (6, 44), (6, 62), h, name="Mur de scène jardin", thickness=0.5, style="facade")
    fx34 = b.wall(rdc, (34, 44), (34, 62), h, name="Mur de scène cour", thickness=0.5, style="facade")
    w62 = b.wall(rdc, (0, 62), (40, 62), h, name="Mur du lointain", thickness=0.4)
    b.wall(rdc, (10, 62), (10, 70), h, name="Cloison loges", **part)
    w30 = b.wall(rdc, (30, 62), (30, 70), h, name="Cloison quai", **part)
    w65 = b.wall(rdc, (0, 65), (10, 65), h, name="Cloison couloir des loges", **part)
    b.wall(rdc, (5, 65), (5, 70), h, name="Cloison entre loges", **part)
    b.walls_along(rdc, [(10, 44), (10, 41), (30, 41), (30, 44)], 3.5, z=-2.5, name="Mur de fosse",
                  thickness=0.2, style="parquet")
    b.door(wb, 3.5, 0.9, 2.2, "Porte billetterie")
    b.door(wb, 12, 1.6, 2.4, "Porte escalier A - hall")
    b.door(wv, 3.5, 2.0, 2.4, "Porte vestiaire")
    b.door(wv, 12, 1.6, 2.4, "Porte escalier B - hall")
    b.door(w14, 4.5, 1.4, 2.4, "Porte escalier A - couloir")
    b.door(w14, 14, 2.0, 2.6, "Porte salle ouest")
    b.door(w14, 26, 2.0, 2.6, "Porte salle est")
    b.door(w14, 35.5, 1.4, 2.4, "Porte escalier B - couloir")
    for i, (wall, at) in enumerate([(u[0], 5), (u[0], 11), (u[-1], 3), (u[-1], 9)]):
        b.door(wall, at, 1.6, 2.4, f"Porte parterre {i + 1}")
    b.opening(pros, 14, 14.0, 10.0, sill=1.1, name="Cadre de scène")
    b.door(pw, 3, 1.2, 2.2, "Porte escalier C")
    b.opening(fx6, 13, 8.0, 4.5, sill=1.1, name="Dégagement coulisse jardin")
    b.opening(fx34, 9, 8.0, 4.5, sill=1.1, name="Dégagement coulisse cour")
    b.door(w62, 3, 1.0, 2.2, "Porte loges - coulisse", sill=1.1)
    b.opening(w62, 20, 14.0, 4.5, sill=1.1, name="Ouverture arrière-scène")
    b.door(w62, 37, 2.4, 3.5, "Porte quai - coulisse cour", sill=1.1)
    b.door(w30, 4, 3.0, 4.0, "Porte quai - arrière-scène", sill=1.1, operation="DOUBLE_DOOR_SLIDING")
    b.door(w65, 2.5, 0.9, 2.1, "Porte loge 1")
    b.door(w65, 7.5, 0.9, 2.1, "Porte loge 2")

    stalls, stall_steps = stalls_layout()
    raked = unary_union([shape for shape, _ in stall_steps])
    ground = rect(0, 0, 40, 70).difference(unary_union([raked, pit, stair_a, stair_c, lift_a, rect(6, 44, 34, 62)]))
    b.slab(rdc, ground, 0.0, 0.3, "Dalle RDC")
    b.stepped_slab(rdc, stall_steps, 0.0, "Gradins du parterre", style="carpet", base=-0.3)
    b.slab(rdc, rect(6, 44, 34, 62), 1.1, 0.3, "Plancher de scène", style="stage")
    b.slab(rdc, unary_union([rect(0, 52, 6, 62), rect(34, 44, 40, 62), rect(10, 62, 40, 70)]).difference(lift_q),
           1.1, 1.1, "Estrade des coulisses et du quai", style="parquet")
    b.slab(rdc, pit, -2.5, 0.3, "Fond de fosse", style="parquet")
    corridor = rect(0, 14, 40, 44).difference(horseshoe)
    for code, name, shape, kw in [
        ("R0.01", "Billetterie", rect(0, 0, 9, 7), {}),
        ("R0.02", "Hall d'entrée", rect(9, 0, 31, 14), {"occupancy": 500}),
        ("R0.03", "Vestiaire", rect(31, 0, 40, 7), {}),
        ("R0.04", "Escalier A", core_a, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("R0.05", "Escalier B", core_b, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("R0.06", "Couloir de ceinture", corridor, {"object_type": "Circulation", "fire_exit": True}),
        ("R0.07", "Parterre", horseshoe.difference(pit), {"occupancy": STALLS_SEATS, "height": 15.0}),
        ("R0.08", "Fosse d'orchestre", pit, {"z": -2.5, "height": 3.5, "occupancy": 60}),
        ("R0.09", "Escalier C", core_c, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("R0.10", "Scène", rect(6, 44, 34, 62), {"z": 1.1, "height": 16.9, "public": False}),
        ("R0.11", "Coulisse jardin", rect(0, 52, 6, 62), {"z": 1.1, "height": 4.9, "public": False}),
        ("R0.12", "Coulisse cour", rect(34, 44, 40, 62), {"z": 1.1, "height": 4.9, "public": False}),
        ("R0.13", "Couloir des loges", rect(0, 62, 10, 65), {"public": False}),
        ("R0.14", "Loge 1", rect(0, 65, 5, 70), {"public": False}),
        ("R0.15", "Loge 2", rect(5, 65, 10, 70), {"public": False}),
        ("R0.16", "Arrière-scène", rect(10, 62, 30, 70), {"z": 1.1, "height": 4.9, "public": False}),
        ("R0.17", "Quai de déchargement", rect(30, 62, 40, 70), {"z": 1.1, "height": 4.9, "public": False}),
    ]:
        b.space(rdc, code, name, shape, kw.pop("height", 6.0), **kw)
    b.stair(rdc, (38.1, 10.5), math.pi, [6.0], "Escalier B", serves=[r1])
    b.stair(rdc, (2.4, 64.9), -math.pi / 2, [1.1], "Escalier des loges", width=1.2, landing=0.7, fire_exit=False)
    b.lift(rdc, (37.2, 66.4), 0.0, 7.9, "Monte-décors", z=1.1, car=(2.2, 3.0), serves=[r1],
           object_type="Monte-charge", capacity=20)

    # ------------------------------------------------------------------ first floor (+6.0)
    h = 6.0
    s1 = b.wall(r1, (0, 0), (40, 0), h, name="Façade principale - étage", **ext)
    for i, (y0, y1, hh) in enumerate([(0, 14, 6), (14, 44, 10), (44, 70, 6)]):  # auditorium part rises to +16
        b.wall(r1, (40, y0), (40, y1), hh, name=f"Façade est - étage {i + 1}", **ext)
    for i, (y0, y1, hh) in enumerate([(0, 14, 6), (14, 44, 10), (44, 52, 12), (52, 70, 6)]):  # stair C to +18
        b.wall(r1, (0, y1), (0, y0), hh, name=f"Façade ouest - étage {i + 1}", **ext)
    b.wall(r1, (40, 70), (0, 70), h, name="Façade arrière - étage", **ext)
    for i, x in enumerate((4.5, 12.5, 16.5, 20, 23.5, 27.5, 35.5)):
        b.window(s1, x, 1.8 if 9 < x < 31 else 1.4, 3.6 if 9 < x < 31 else 2.4, f"Fenêtre du foyer {i + 1}",
                 sill=0.6 if 9 < x < 31 else 1.2)
    wb1 = b.wall(r1, (9, 0), (9, 14), h, name="Cloison bureau", **part)
    ws1 = b.wall(r1, (31, 0), (31, 14), h, name="Cloison sanitaires", **part)
    b.wall(r1, (0, 7), (9, 7), h, name="Cloison escalier A - étage", **part)
    b.wall(r1, (31, 7), (40, 7), h, name="Cloison escalier B - étage", **part)
    w141 = b.wall(r1, (0, 14), (40, 14), 10.0, name="Mur foyer - salle", thickness=0.4)
    u1 = b.walls_along(r1, hs_pts, 10.0, name="Mur de la salle - étage", thickness=0.3)
    b.wall(r1, (0, 44), (6, 44), 12.0, name="Mur escalier C - étage", thickness=0.4)
    b.wall(r1, (34, 44), (40, 44), h, name="Mur passerelle cour", thickness=0.4)
    c521 = b.wall(r1, (0, 52), (6, 52), 12.0, name="Cloison escalier C - étage", **part)
    fly = [b.wall(r1, p, q, 12.0, name=f"Cage de scène - étage {i + 1}", thickness=0.5, style="facade")
           for i, (p, q) in enumerate([((6, 44), (6, 62)), ((34, 44), (34, 62)), ((6, 62), (34, 62))])]
    l62 = b.wall(r1, (0, 62), (6, 62), h, name="Cloison loges étage", **part)
    r62 = b.wall(r1, (34, 62), (40, 62), h, name="Cloison atelier", **part)
    w101 = b.wall(r1, (10, 62), (10, 70), h, name="Cloison loges - atelier", **part)
    b.door(wb1, 3.5, 0.9, 2.2, "Porte bureau")
    b.door(wb1, 12, 1.6, 2.4, "Porte escalier A - foyer")
    b.door(ws1, 3.5, 1.2, 2.2, "Porte sanitaires")
    b.door(ws1, 12, 1.6, 2.4, "Porte escalier B - foyer")
    b.door(w141, 4.5, 1.4, 2.4, "Porte escalier A - couloir balcon")
    b.door(w141, 14, 2.0, 2.6, "Porte balcon ouest")
    b.door(w141, 26, 2.0, 2.6, "Porte balcon est")
    b.door(w141, 35.5, 1.4, 2.4, "Porte escalier B - couloir balcon")
    for i, k in enumerate((2, 4, 7, 9)):
        b.door(u1[k + 1], math.dist(hs_pts[k + 1], hs_pts[k + 2]) / 2, 1.4, 2.3, f"Porte balcon {i + 1}")
    b.door(c521, 4, 1.0, 2.1, "Porte passerelle jardin")
    b.door(l62, 3, 1.0, 2.1, "Porte loges étage")
    b.door(w101, 4, 1.2, 2.1, "Porte atelier")
    b.door(r62, 3, 1.0, 2.1, "Porte passerelle cour - atelier")
    b.opening(fly[0], 13, 8.0, 2.2, sill=1.0, name="Vue passerelle jardin")
    b.opening(fly[1], 9, 8.0, 2.2, sill=1.0, name="Vue passerelle cour")

    balcony, balcony_steps, parapet, front_z = balcony_layout()
    b.slab(r1, rect(0, 0, 40, 14).difference(unary_union([stair_a, stair_b, lift_a])), 0.0, 0.3, "Plancher du foyer")
    b.slab(r1, corridor, 0.0, 0.3, "Plancher du couloir de balcon")
    b.stepped_slab(r1, balcony_steps, 0.35, "Gradins du balcon", style="carpet")
    b.element("IfcRailing", r1, "Garde-corps du balcon", b.extrusions(parapet, front_z - 0.35, 1.35),
              style="gilt", predefined="BALUSTRADE")
    b.slab(r1, unary_union([rect(0, 52, 6, 62), rect(34, 44, 40, 62)]), 0.0, 0.25, "Passerelles latérales",
           style="concrete")
    b.slab(r1, rect(0, 62, 40, 70).difference(lift_q), 0.0, 0.3, "Plancher arrière-scène étage")
    balcony_shape = unary_union([s for s, _ in balcony_steps])
    for code, name, shape, kw in [
        ("R1.01", "Bureau de l'administration", rect(0, 0, 9, 7), {"public": False}),
        ("R1.02", "Bar", rect(9, 0, 31, 14), {"occupancy": 300, "object_type": "Foyer-bar"}),
        ("R1.03", "Sanitaires", rect(31, 0, 40, 7), {}),
        ("R1.04", "Escalier A", core_a, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("R1.05", "Escalier B", core_b, {"object_type": "Cage d'escalier", "fire_exit": True}),
        ("R1.06", "Couloir du balcon", corridor, {"object_type": "Circulation", "fire_exit": True}),
        ("R1.07", "Balcon", balcony_shape, {"z": front_z - 0.35, "height": 10.0 - front_z,
                                             "occupancy": BALCONY_SEATS}),
        ("R1.08", "Escalier C", core_c, {"object_type": "Cage d'escalier", "fire_exit": True, "height": 12.0}),
        ("R1.09", "Passerelle jardin", rect(0, 52, 6, 62), {"public": False}),
        ("R1.10", "Passerelle cour", rect(34, 44, 40, 62), {"public": False}),
        ("R1.11", "Loges de l'étage", rect(0, 62, 10, 70), {"public": False}),
        ("R1.12", "Atelier costumes", rect(10, 62, 40, 70), {"public": False}),
    ]:
        b.space(r1, code, name, shape, kw.pop("height", 6.0), **kw)

    # ------------------------------------------------------------------ fly tower (+18.0) and roofs
    h = 9.0
    fly_top = [b.wall(gril, p, q, h, name=f"Cage de scène - gril {i + 1}", thickness=0.5, style="facade")
               for i, (p, q) in enumerate([((6, 44), (6, 62)), ((6, 62), (34, 62)), ((34, 62), (34, 44)),
                                           ((34, 44), (6, 44))])]
    b.walls_along(gril, [(6, 44), (0, 44), (0, 52), (6, 52)], 3.5, name="Édicule escalier C",
                  thickness=0.3, style="facade", external=True)
    b.door(fly_top[0], 7, 1.0, 2.1, "Porte du gril")
    b.slab(gril, rect(6, 44, 34, 62), 0.0, 0.25, "Plancher du gril", style="concrete")
    b.space(gril, "G.01", "Gril technique", rect(6, 44, 34, 62), 9.0, public=False)
    b.space(gril, "G.02", "Escalier C", core_c, 3.5, object_type="Cage d'escalier", fire_exit=True)
    b.slab(gril, rect(6, 44, 34, 62), 9.3, 0.3, "Toiture de la cage de scène", ifc_class="IfcRoof",
           predefined="FLAT_ROOF", style="roof")
    b.slab(gril, core_c, 3.8, 0.3, "Toiture de l'édicule", ifc_class="IfcRoof", predefined="FLAT_ROOF", style="roof")
    b.slab(r1, rect(0, 0, 40, 14), 6.3, 0.3, "Toiture du foyer", ifc_class="IfcRoof", predefined="FLAT_ROOF",
           style="roof")
    b.slab(r1, unary_union([rect(0, 44, 40, 70)]).difference(unary_union([rect(6, 44, 34, 62), core_c])), 6.3, 0.3,
           "Toiture des coulisses", ifc_class="IfcRoof", predefined="FLAT_ROOF", style="roof")
    b.slab(r1, rect(0, 14, 40, 44), 10.3, 0.3, "Toiture de la salle", ifc_class="IfcRoof", predefined="FLAT_ROOF",
           style="roof")
    b.element("IfcRoof", r1, "Coupole de la salle", [b.faceset(*dome(HORSESHOE_CENTRE, 9.0, 3.5, 10.3))],
              style="dome", predefined="DOME_ROOF", kind="Tessellation")

    # ------------------------------------------------------------------ seats
    chair = b.furniture_type("Fauteuil d'orchestre", *armchair(), "velvet")
    b.seats(rdc, chair, stalls[:, :3], _facing(stalls), _numbered(stalls, "Parterre"))
    b.seats(r1, chair, balcony[:, :3], _facing(balcony), _numbered(balcony, "Balcon"))

    b.write(path)
    return path


def _numbered(seats: np.ndarray, area: str) -> list[str]:
    """Seat names "<area> R<row>-<n>", numbered left to right within each row."""
    names = [""] * len(seats)
    for row in np.unique(seats[:, 3]):
        idx = np.flatnonzero(seats[:, 3] == row)
        idx = idx[np.argsort(seats[idx, 4])]
        for n, i in enumerate(idx):
            names[i] = f"{area} R{int(row) + 1:02d}-{n + 1:03d}"
    return names
