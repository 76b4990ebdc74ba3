"""Walking network speed on the sample stadium (40,000 seats): build, route query, storey distance map.

    python bench/bench_routes.py [--repeat 3]

Targets (issue 11): network built in at most 3 s, a route query in at most 50 ms, a storey's distance map
in at most 1 s. Prints the median of --repeat runs of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("VENUEPLANS_NO_SAMPLES", "1")

from venueplans.catalogue import open_catalogue  # noqa: E402
from venueplans.catalogue.bundle import import_bundle  # noqa: E402
from venueplans.geometry.walknet import build_network  # noqa: E402
from venueplans.ops import routes  # noqa: E402
from venueplans.ops.samples import SAMPLES, bundle_path  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cat = open_catalogue(Path(tmp) / "bench.sqlite")
        vid = import_bundle(cat, bundle_path(next(s for s in SAMPLES if s.key == "stadium")))
        t = time.perf_counter()
        inputs = routes.network_inputs(cat, vid)
        read_s = time.perf_counter() - t
        build_s = median_time(lambda: build_network(inputs), a.repeat)
        net = build_network(inputs)
        print(f"stadium network: {net.graph.number_of_nodes()} nodes, {net.graph.number_of_edges()} edges, "
              f"{len(net.regions)} regions")
        print(f"read from catalogue  {read_s * 1000:8.0f} ms")
        print(f"build (target 3 s)   {build_s * 1000:8.0f} ms   (read + build {1000 * (read_s + build_s):.0f} ms)")
        with cat.atomic():
            routes.rebuild_network(cat, venue_id=vid)
        routes.venue_network(cat, vid)  # load once (cached afterwards)
        queries = [("gate 3", "PC sécurité"), ("PC sécurité", None), ("Vomitoire 18", None),
                   ("N1.NB", "gate 7")]
        for origin, dest in queries:
            q = median_time(lambda o=origin, d=dest: routes.route(cat, venue_id=vid, origin=o, destination=d),
                            a.repeat * 3)
            print(f"route {origin} -> {dest or 'nearest exit'} (target 50 ms) {q * 1000:8.1f} ms")
        for storey in (0, 1, 2):
            m = median_time(lambda s=storey: routes.storey_distance_map(cat, venue_id=vid, storey=s), a.repeat)
            dm = routes.storey_distance_map(cat, venue_id=vid, storey=storey)
            print(f"distance map storey {storey} (target 1 s) {m * 1000:8.0f} ms   "
                  f"({dm.values.shape[1]} x {dm.values.shape[0]} cells of {dm.cell:.2f} m)")
        cat.close()


if __name__ == "__main__":
    main()
