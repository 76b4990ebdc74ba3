"""Feature reads and writes beyond `read.load_features`/`store.insert_feature`: numbering and doors."""

from __future__ import annotations

from venueplans.catalogue.db import Catalogue, now
from venueplans.catalogue.read import DOOR_CLASSES


def numbers_in_use(cat: Catalogue, venue_id: int, kind: str, *, exclude: int | None = None) -> dict[int, int]:
    """{number: feature id} of the live (not rejected) features of *kind*, except *exclude*."""
    rows = cat.conn.execute(
        "SELECT id, number FROM features WHERE venue_id = ? AND kind = ? AND number IS NOT NULL "
        "AND coalesce(verified, 1) = 1 AND id IS NOT ?",
        (venue_id, kind, exclude),
    )
    return {r["number"]: r["id"] for r in rows}


def set_numbers(cat: Catalogue, numbers: dict[int, int | None]) -> None:
    """Give each feature id its number (None: unnumbered), stamping them updated."""
    stamp = now()
    cat.conn.executemany("UPDATE features SET number = ?, updated = ? WHERE id = ?",
                         [(n, stamp, fid) for fid, n in numbers.items()])


def exit_of_door(cat: Catalogue, venue_id: int, element: int) -> int | None:
    """The id of the exit (reviewed or not) placed on door element *element*, if any."""
    row = cat.conn.execute(
        "SELECT id FROM features WHERE venue_id = ? AND element_idx = ? AND kind = 'exit' ORDER BY id",
        (venue_id, element),
    ).fetchone()
    return int(row[0]) if row is not None else None


def door_elements(cat: Catalogue, venue_id: int, storey: int | None) -> set[int]:
    """Indices of the door elements on *storey* (IFC doors, or elements classified as doors)."""
    marks = ", ".join("?" * len(DOOR_CLASSES))
    return {r[0] for r in cat.conn.execute(
        f"SELECT idx FROM elements WHERE venue_id = ? AND storey_idx IS ? AND (ifc_class IN ({marks}) "
        "OR category = 'door')", (venue_id, storey, *DOOR_CLASSES))}
