"""Venue-level use cases: remove, edit details, record an opening."""

from __future__ import annotations

from venueplans.catalogue import Catalogue, read, store
from venueplans.catalogue.db import now
from venueplans.i18n import tr
from venueplans.ops.changes import Changes
from venueplans.ops.identity import current_user


def remove_venue(cat: Catalogue, *, venue_id: int, who: str | None = None) -> Changes:
    """Delete a venue and everything that belongs to it. The audit trail keeps a record of the removal.

    A removed sample venue stays removed: seeding looks at the `samples_seeded` setting, not at the list.
    """
    venue = read.get_venue(cat, venue_id)
    with cat.atomic():
        store.delete_venue(cat, venue_id)
        store.add_audit(cat, venue_id, who=who or current_user(), action="remove", details={"name": venue.name})
    return Changes(venue_id=venue_id, catalogue=True, message=tr("removed venue {venue_id} ({name})").format(venue_id=venue_id, name=venue.name))


def mark_opened(cat: Catalogue, *, venue_id: int) -> None:
    """Remember when a venue was last opened, so the browser lists recent venues first."""
    if cat.read_only:
        return  # a field laptop's read-only catalogue: nothing to remember
    with cat.atomic():
        store.update_venue(cat, venue_id, last_opened=now())


def save_thumbnail(cat: Catalogue, *, venue_id: int, png: bytes) -> None:
    """Keep the picture the browser shows for the venue (the first frame the viewer drew)."""
    with cat.atomic():
        store.update_venue(cat, venue_id, thumbnail=png)
