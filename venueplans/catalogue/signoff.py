"""What a sign-off depends on: the venue's current sign-off and the exits still to review."""

from __future__ import annotations

from venueplans.catalogue.db import Catalogue
from venueplans.catalogue.read import feature_from_row
from venueplans.model import Feature


def current_sign_off(cat: Catalogue, venue_id: int) -> tuple[str | None, str | None] | None:
    """(verified_by, verified_on) of the venue, None when there is no such venue."""
    row = cat.conn.execute("SELECT verified_by, verified_on FROM venues WHERE id = ?", (venue_id,)).fetchone()
    return (row["verified_by"], row["verified_on"]) if row is not None else None


def unreviewed_exits(cat: Catalogue, venue_id: int) -> list[Feature]:
    """Detected exits neither confirmed nor rejected, by number (unnumbered last), then id."""
    return [feature_from_row(r) for r in cat.conn.execute(
        "SELECT * FROM features WHERE venue_id = ? AND kind = 'exit' AND verified IS NULL "
        "ORDER BY number IS NULL, number, id", (venue_id,))]


def count_unreviewed_exits(cat: Catalogue, venue_id: int) -> int:
    return int(cat.conn.execute(
        "SELECT count(*) FROM features WHERE venue_id = ? AND kind = 'exit' AND verified IS NULL",
        (venue_id,)).fetchone()[0])
