"""Scenario annotations (markers, routes, areas, texts): typed reads and writes.

Geometry is stored as JSON [[x, y, z, storey], ...]; older rows without the storey take the
annotation's own.
"""

from __future__ import annotations

import json

from venueplans.catalogue.db import Catalogue
from venueplans.model.scenario import Annotation, Point


def _annotation(row) -> Annotation:
    storey = row["storey_idx"]
    points: list[Point] = []
    for p in json.loads(row["geometry"]):
        s = p[3] if len(p) > 3 else storey
        points.append((float(p[0]), float(p[1]), float(p[2]) if len(p) > 2 else 0.0, s))
    return Annotation(
        scenario_id=row["scenario_id"], type=row["type"], storey=storey, points=points, phase_id=row["phase_id"],
        symbol=row["symbol"], label=row["label"], team=row["team"], colour=row["colour"], notes=row["notes"],
        ref=row["ref"], id=row["id"],
    )


def _geometry(a: Annotation) -> str:
    return json.dumps([[x, y, z, s] for x, y, z, s in a.points], separators=(",", ":"))


def load_annotations(cat: Catalogue, scenario_id: int) -> list[Annotation]:
    """All annotations of the scenario in creation order (every phase)."""
    return [_annotation(r) for r in cat.conn.execute(
        "SELECT * FROM annotations WHERE scenario_id = ? ORDER BY id", (scenario_id,))]


def get_annotation(cat: Catalogue, annotation_id: int) -> Annotation | None:
    row = cat.conn.execute("SELECT * FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
    return _annotation(row) if row is not None else None


def refs_in_use(cat: Catalogue, scenario_id: int) -> set[str]:
    return {r[0] for r in cat.conn.execute("SELECT ref FROM annotations WHERE scenario_id = ?", (scenario_id,))}


def sharing_ref(cat: Catalogue, scenario_id: int, ref: str, *,
                exclude: int | None = None) -> list[tuple[int, str, int | None]]:
    """(id, type, phase_id) of the scenario's annotations with *ref*, except *exclude*."""
    return [(int(r["id"]), r["type"], r["phase_id"]) for r in cat.conn.execute(
        "SELECT id, type, phase_id FROM annotations WHERE scenario_id = ? AND ref = ? AND id IS NOT ?",
        (scenario_id, ref, exclude))]


def count_annotations(cat: Catalogue, scenario_id: int) -> int:
    return int(cat.conn.execute("SELECT count(*) FROM annotations WHERE scenario_id = ?",
                                (scenario_id,)).fetchone()[0])


def insert_annotation(cat: Catalogue, a: Annotation) -> int:
    return int(cat.db["annotations"].insert(
        {"scenario_id": a.scenario_id, "phase_id": a.phase_id, "storey_idx": a.storey, "type": a.type,
         "symbol": a.symbol, "label": a.label, "team": a.team, "colour": a.colour, "geometry": _geometry(a),
         "notes": a.notes, "ref": a.ref}).last_pk)


def update_annotation(cat: Catalogue, a: Annotation) -> None:
    """Write *a*'s phase, storey, symbol, texts, colour and points over row `a.id`."""
    cat.db["annotations"].update(a.id, {
        "phase_id": a.phase_id, "storey_idx": a.storey, "symbol": a.symbol, "label": a.label, "team": a.team,
        "colour": a.colour, "geometry": _geometry(a), "notes": a.notes})


def delete_annotation(cat: Catalogue, annotation_id: int) -> None:
    cat.db["annotations"].delete(annotation_id)
