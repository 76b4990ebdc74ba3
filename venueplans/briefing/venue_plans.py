"""Everything a briefing (or the app's plan view) needs about one venue, read from the catalogue once.

`load_venue_plans` reads the venue, its storeys, features, spaces and stored geometry, builds one
`StoreyPlan` per requested storey and the venue's reference grid (from the whole venue, so a cell means
the same place whichever storeys are printed).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from venueplans.catalogue import Catalogue, read
from venueplans.catalogue.plan_history import PlanEvent, plan_events
from venueplans.geometry.grid import ReferenceGrid, grid_for_bounds
from venueplans.geometry.plan2d import StoreyPlan, build_storey_plan, model_bounds
from venueplans.model import Feature, SourceInfo, Storey, Venue, find_storey
from venueplans.model.venue import PLAN_CUT_ABOVE_FLOOR

# Categories a plan reads from the catalogue (roofs, spaces' own solids are not drawn).
PLAN_CATEGORIES = ["wall", "slab", "door", "window", "stair", "furniture", "other"]


@dataclass
class VenuePlans:
    venue: Venue
    storeys: list[Storey]  # all storeys of the venue, lowest first
    plans: list[StoreyPlan]  # the requested ones, lowest first
    grid: ReferenceGrid
    features: list[Feature]  # every feature not rejected by review
    source: SourceInfo | None
    timings: dict[str, float] = field(default_factory=dict)
    site: StoreyPlan | None = None  # the site storey's plan when it is not among `plans` (the site plan)
    history: list[PlanEvent] = field(default_factory=list)  # sign-offs and plan edits (the update table)

    def storey_name(self, index: int | None) -> str:
        for s in self.storeys:
            if s.index == index:
                return s.name
        return "-"

    def cell_of(self, feature: Feature) -> str:
        return self.grid.cell_of(feature.position[0], feature.position[1])


def select_storeys(storeys: Sequence[Storey], wanted: Sequence[str] | None) -> list[Storey]:
    """Storeys by name (case-insensitive) or index; all of them when *wanted* is empty."""
    if not wanted:
        return list(storeys)
    chosen: list[Storey] = []
    for ref in wanted:
        storey = find_storey(storeys, ref)
        if storey not in chosen:
            chosen.append(storey)
    return sorted(chosen, key=lambda s: s.index)


def load_venue_plans(
    cat: Catalogue,
    venue_id: int,
    *,
    storeys: Sequence[str] | None = None,
    cut_height: float = PLAN_CUT_ABOVE_FLOOR,
) -> VenuePlans:
    """Read venue *venue_id* and build the plans of *storeys* (names or indices; default all)."""
    started = time.perf_counter()
    venue = read.get_venue(cat, venue_id)
    all_storeys = read.load_storeys(cat, venue_id)
    features = read.load_features(cat, venue_id, include_rejected=False)
    spaces = read.load_spaces(cat, venue_id)
    geometry = read.load_geometry(cat, venue_id, categories=PLAN_CATEGORIES)
    timings = {"read": time.perf_counter() - started}

    bounds = model_bounds(geometry.batches, geometry.instances, features, spaces) or (0.0, 0.0, 10.0, 10.0)
    grid = grid_for_bounds(bounds)
    door_ids = {int(e) for b in geometry.batches if b.category == "door" for e in set(b.elements.tolist())}
    properties = {}
    for index in sorted(door_ids):
        element = read.get_element(cat, venue_id, index)
        if element is not None:
            properties[index] = element.properties

    def plan_of(storey: Storey) -> StoreyPlan:
        t0 = time.perf_counter()
        plan = build_storey_plan(storey, batches=geometry.batches, instances=geometry.instances, features=features,
                                 spaces=spaces, element_properties=properties, cut_height=cut_height,
                                 storeys=all_storeys)
        timings[f"plan {storey.index}"] = time.perf_counter() - t0
        return plan

    chosen = select_storeys(all_storeys, storeys)
    plans = [plan_of(s) for s in chosen]
    site = None
    ground = _site_storey(all_storeys, features)
    if ground is not None and ground not in chosen:
        site = plan_of(ground)
    vp = VenuePlans(venue, all_storeys, plans, grid, features, read.source_model(cat, venue_id), timings,
                    site=site, history=plan_events(cat, venue_id))
    _note_exit_distances(cat, venue_id, vp)
    return vp


def _site_storey(storeys: Sequence[Storey], features: Sequence[Feature]) -> Storey | None:
    """The storey the site plan is drawn from: the main entrance's, else the one nearest ground level."""
    entrance = next((f for f in features if f.kind == "entrance" and f.storey is not None), None)
    for s in storeys:
        if entrance is not None and s.index == entrance.storey:
            return s
    return min(storeys, key=lambda s: abs(s.elevation), default=None)


def _note_exit_distances(cat: Catalogue, venue_id: int, vp: VenuePlans) -> None:
    """"24 m to exit 3" beside each stair down (briefing/routes_layer.py); a plan never fails for it.
    A plan without a stair down (a ground floor over no basement) needs no walking network: not loaded."""
    import logging

    if not any(lk.kind != "lift" and lk.below(plan.storey.index) is not None and plan.storey.index in lk.landings
               for plan in vp.plans for lk in plan.links):
        return
    from venueplans.briefing.routes_layer import annotate_ways_out

    try:
        annotate_ways_out(cat, venue_id, vp)
    except Exception:  # the walking network is an extra here: the plan stays printable without it
        logging.getLogger(__name__).exception("no exit distances for the stairs of venue %s", venue_id)
