"""The audit trail: append-only (the schema's triggers refuse UPDATE and DELETE), read per venue.

Rows are written by `store.add_audit` inside the change's own transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from venueplans.catalogue.db import Catalogue


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    venue_id: int | None
    at: str  # ISO 8601, UTC
    who: str
    action: str  # "feature.reject", "signoff", "undo"...
    details: dict[str, Any]


def audit_entries(cat: Catalogue, venue_id: int, *, since_id: int = 0) -> list[AuditEntry]:
    """The venue's trail, oldest first; *since_id* keeps only rows after that one."""
    rows = cat.conn.execute(
        "SELECT id, venue_id, at, who, action, details FROM audit WHERE venue_id = ? AND id > ? ORDER BY id",
        (venue_id, since_id),
    ).fetchall()
    return [AuditEntry(r["id"], r["venue_id"], r["at"], r["who"], r["action"], json.loads(r["details"] or "{}"))
            for r in rows]


def last_audit_id(cat: Catalogue) -> int:
    """The id of the newest audit row of the whole catalogue (0 when empty)."""
    return int(cat.conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])
