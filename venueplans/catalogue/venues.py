"""Venue look-ups the ops need beyond `catalogue.read`: name clashes, an empty catalogue."""

from __future__ import annotations

from venueplans.catalogue.db import Catalogue


def venue_named(cat: Catalogue, name: str, *, exclude: int | None = None) -> int | None:
    """The id of a venue called *name* (any case) other than *exclude*, if any."""
    row = cat.conn.execute("SELECT id FROM venues WHERE name = ? COLLATE NOCASE AND id IS NOT ? ORDER BY id",
                           (name, exclude)).fetchone()
    return int(row[0]) if row is not None else None


def count_venues(cat: Catalogue) -> int:
    return int(cat.conn.execute("SELECT count(*) FROM venues").fetchone()[0])
