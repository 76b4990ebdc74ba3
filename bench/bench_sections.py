"""Time the horizontal sections and storey plans of a 40,000-seat stadium.

    python bench/bench_sections.py                 # synthetic stadium (always available)
    python bench/bench_sections.py --catalogue C --venue NAME   # a venue already imported (real stadium)

Prints, per storey: triangles cut, section time (walls + other solids), full plan time (openings, stairs,
floor, seating blocks), seats and blocks, and the time to draw the sheet and write its PDF page.
Target: sections well under a second per storey.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from venueplans.geometry.plan2d import build_storey_plan
from venueplans.geometry.sections import section_meshes
from venueplans.model import Element, Feature, SourceInfo, Storey
from venueplans.model.geometry import BatchBuilder, InstanceSet
from venueplans.model.imported import ImportedModel


def oriented_box(cx, cy, angle, length, depth, z0, z1):
    """A box centred on (cx, cy), *length* along *angle* (radians), as (vertices, triangles)."""
    u = np.array([math.cos(angle), math.sin(angle)]) * length / 2
    v = np.array([-math.sin(angle), math.cos(angle)]) * depth / 2
    c = np.array([cx, cy])
    base = [c - u - v, c + u - v, c + u + v, c - u + v]
    verts = np.array([[*p, z0] for p in base] + [[*p, z1] for p in base], dtype=np.float32)
    tris = np.array([[0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
                     [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7]], dtype=np.uint32)
    return verts, tris


def cylinder(cx, cy, r, z0, z1, sides=24, rings=4):
    """A closed column tessellated like an IFC extrusion (*rings* bands up its height)."""
    a = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    zs = np.linspace(z0, z1, rings + 1)
    ring = np.c_[cx + r * np.cos(a), cy + r * np.sin(a)]
    verts = np.array([[x, y, z] for z in zs for x, y in ring] + [[cx, cy, z0], [cx, cy, z1]], dtype=np.float32)
    tris = []
    for k in range(rings):
        for i in range(sides):
            j = (i + 1) % sides
            a0, a1, b0, b1 = k * sides + i, k * sides + j, (k + 1) * sides + i, (k + 1) * sides + j
            tris += [[a0, a1, b1], [a0, b1, b0]]
    bottom, top = len(verts) - 2, len(verts) - 1
    for i in range(sides):
        j = (i + 1) % sides
        tris += [[bottom, j, i], [top, rings * sides + i, rings * sides + j]]
    return verts, np.array(tris, dtype=np.uint32)


def ellipse_point(a, b, t):
    return a * math.cos(t), b * math.sin(t)


def synthetic_stadium(seats: int = 40_000) -> ImportedModel:
    """An oval bowl, 3 storeys (concourses at 0, 8 and 16 m): ring walls, radial walls, columns, doors,
    stairs, exits, and *seats* instanced seats in tiered rows split into blocks by aisles."""
    storeys = [Storey(f"Level {i}", 8.0 * i, i, 8.0) for i in range(3)]
    elements: list[Element] = []
    builder = BatchBuilder()
    features: list[Feature] = []

    def add(cls, category, storey, geom):
        idx = len(elements)
        elements.append(Element(idx, f"g{idx}", cls, f"{cls} {idx}", storey, category))
        if geom is not None:
            builder.add(storey, category, *geom, element=idx)
        return idx

    A, B = 130.0, 100.0  # outer ellipse semi-axes
    for s in storeys:
        z = s.elevation
        add("IfcSlab", "slab", s.index, oriented_box(0, 0, 0, 2 * A, 2 * B, z - 0.4, z))
        for ring_a, ring_b, n in ((A, B, 360), (A - 12, B - 12, 300)):
            for i in range(n):
                t0, t1 = 2 * math.pi * i / n, 2 * math.pi * (i + 1) / n
                (x0, y0), (x1, y1) = ellipse_point(ring_a, ring_b, t0), ellipse_point(ring_a, ring_b, t1)
                length = math.hypot(x1 - x0, y1 - y0)
                if i % 9 == 4:  # a door in every ninth panel of the outer ring
                    if ring_a == A:
                        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
                        ang = math.atan2(y1 - y0, x1 - x0)
                        d = add("IfcDoor", "door", s.index, oriented_box(cx, cy, ang, 1.8, 0.5, z, z + 2.3))
                        if i % 27 == 4:
                            nx, ny = cx / A**2, cy / B**2
                            nn = math.hypot(nx, ny)
                            features.append(Feature("exit", f"Gate {len(features) + 1}", s.index, (cx, cy, z),
                                                    "synthetic", d, width=1.8, direction=(nx / nn, ny / nn)))
                    continue
                add("IfcWall", "wall", s.index, oriented_box((x0 + x1) / 2, (y0 + y1) / 2,
                                                             math.atan2(y1 - y0, x1 - x0), length + 0.05, 0.4, z, z + 7.5))
        for i in range(120):  # radial walls between the rings (toilets, kiosks, vomitories)
            t = 2 * math.pi * i / 120
            (xo, yo), (xi, yi) = ellipse_point(A - 0.5, B - 0.5, t), ellipse_point(A - 11.5, B - 11.5, t)
            add("IfcWall", "wall", s.index, oriented_box((xo + xi) / 2, (yo + yi) / 2, math.atan2(yo - yi, xo - xi),
                                                         math.hypot(xo - xi, yo - yi), 0.25, z, z + 3.5))
        for i in range(200):  # columns
            t = 2 * math.pi * (i + 0.5) / 200
            x, y = ellipse_point(A - 6, B - 6, t)
            add("IfcColumn", "other", s.index, cylinder(x, y, 0.35, z, z + 7.5))
        for i in range(16):  # stairs rising outwards, 20 steps each
            t = 2 * math.pi * (i + 0.25) / 16
            (x0, y0) = ellipse_point(A - 10, B - 10, t)
            ang = math.atan2(y0, x0)
            steps = [oriented_box(x0 + math.cos(ang) * 0.3 * k, y0 + math.sin(ang) * 0.3 * k, ang + math.pi / 2,
                                  2.0, 0.3, z, z + 0.2 * (k + 1)) for k in range(20)]
            verts = np.concatenate([v for v, _ in steps])
            tris = np.concatenate([tr + 8 * k for k, (_, tr) in enumerate(steps)])
            add("IfcStairFlight", "stair", s.index, (verts, tris))

    # Seats: 3 tiers (one per storey), rows along ellipses inside the inner ring, 40 blocks per row ring.
    seat_v, seat_t = oriented_box(0, 0, 0, 0.45, 0.45, 0, 0.45)
    extra = [oriented_box(0, -0.2, 0, 0.45, 0.06, 0.45, 0.9)]  # a backrest: 24 triangles per seat
    seat_v = np.concatenate([seat_v, extra[0][0]])
    seat_t = np.concatenate([seat_t, extra[0][1] + 8])
    per_storey = [seats // 2, seats // 4, seats - seats // 2 - seats // 4]
    instances = []
    for s, count in zip(storeys, per_storey, strict=True):
        transforms, ids = [], []
        row = 0
        while len(transforms) < count:
            a, b = A - 14 - row * 0.85, B - 14 - row * 0.85
            if b < 20:
                break
            perimeter = math.pi * (3 * (a + b) - math.sqrt((3 * a + b) * (a + 3 * b)))
            n_seats = int(perimeter / 0.5)
            for k in range(n_seats):
                t = 2 * math.pi * k / n_seats
                if ((t * 40 / (2 * math.pi)) % 1) * perimeter / 40 < 1.6:  # radial aisles: 40 blocks per tier
                    continue
                x, y = ellipse_point(a, b, t)
                m = np.eye(4, dtype=np.float32)
                ang = math.atan2(y / b**2, x / a**2) + math.pi / 2
                m[:2, :2] = [[math.cos(ang), -math.sin(ang)], [math.sin(ang), math.cos(ang)]]
                m[0, 3], m[1, 3], m[2, 3] = x, y, s.elevation + 0.4 * row
                transforms.append(m)
                ids.append(add("IfcFurniture", "furniture", s.index, None))
                if len(transforms) >= count:
                    break
            row += 1
            if row % 12 == 0:
                row += 2  # a cross aisle every 12 rows
        instances.append(InstanceSet(s.index, "furniture", seat_v, seat_t, np.array(transforms),
                                     np.array(ids, dtype=np.int32)))
    for n, f in enumerate(features, start=1):
        f.number = n
    src = SourceInfo("synthetic-stadium.ifc", "5" * 64, "ifc", importer="synthetic")
    return ImportedModel(src, storeys, elements, [], features, builder.build(), instances,
                         suggested_name="Synthetic stadium")


def run(model_storeys, batches, instances, features, spaces=(), properties=None) -> None:
    total_tris = sum(b.n_triangles for b in batches) + sum(i.n_triangles for i in instances)
    print(f"{len(model_storeys)} storeys, {total_tris:,} triangles "
          f"({sum(len(i.transforms) for i in instances):,} seats instanced)")
    print(f"{'storey':<14}{'cut tris':>10}{'section s':>11}{'plan s':>9}{'seats':>8}{'blocks':>8}{'doors':>7}{'stairs':>7}")
    for storey in model_storeys:
        z = storey.elevation + 1.2
        solid = [b for b in batches if b.category in ("wall", "other")]
        cut = sum(b.n_triangles for b in solid if b.vertices[:, 2].min() <= z <= b.vertices[:, 2].max())
        t0 = time.perf_counter()
        section_meshes([b for b in solid if b.category == "wall"], z).area()
        section_meshes([b for b in solid if b.category == "other"], z).area()
        t_section = time.perf_counter() - t0
        t0 = time.perf_counter()
        plan = build_storey_plan(storey, batches=batches, instances=instances, features=features, spaces=spaces,
                                 element_properties=properties)
        t_plan = time.perf_counter() - t0
        print(f"{storey.name[:13]:<14}{cut:>10,}{t_section:>11.3f}{t_plan:>9.3f}{plan.seats:>8,}"
              f"{len(plan.seating):>8}{len(plan.doors):>7}{len(plan.stairs):>7}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", help="catalogue holding the venue")
    parser.add_argument("--venue", help="venue id or name (with --catalogue)")
    parser.add_argument("--seats", type=int, default=40_000, help="synthetic stadium seats")
    args = parser.parse_args()
    if args.catalogue and args.venue:
        from venueplans.catalogue import open_catalogue, read

        cat = open_catalogue(args.catalogue, create=False)
        vid = read.resolve_venue(cat, args.venue)
        t0 = time.perf_counter()
        geo = read.load_geometry(cat, vid)
        print(f"read geometry in {time.perf_counter() - t0:.2f} s")
        run(read.load_storeys(cat, vid), geo.batches, geo.instances, read.load_features(cat, vid),
            read.load_spaces(cat, vid))
        return
    t0 = time.perf_counter()
    model = synthetic_stadium(args.seats)
    print(f"built synthetic stadium in {time.perf_counter() - t0:.1f} s")
    run(model.storeys, model.batches, model.instances, model.features)


if __name__ == "__main__":
    main()
