"""Reads for the dossier's update table: the plan's sign-offs and the edits between them.

The audit trail is append-only (schema triggers); this reads the rows about the plan itself
(sign-offs, features, exits, photos, venue details), leaving out the exercise scenarios, which do not
change the plan a team carries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from venueplans.catalogue.db import Catalogue

# Audit actions that change (or vouch for) the printed plan.
PLAN_ACTION_PREFIXES = ("signoff", "feature.", "exits.", "photo.", "venue.")


@dataclass(frozen=True, slots=True)
class PlanEvent:
    at: str  # ISO 8601, UTC
    who: str
    action: str  # "signoff", "feature.edit", ...
    details: dict[str, Any]


def plan_events(cat: Catalogue, venue_id: int) -> list[PlanEvent]:
    """The venue's plan-related audit rows, oldest first."""
    clauses = " OR ".join("action = ?" if not p.endswith(".") else "action LIKE ?" for p in PLAN_ACTION_PREFIXES)
    args = [p if not p.endswith(".") else p + "%" for p in PLAN_ACTION_PREFIXES]
    rows = cat.conn.execute(
        f"SELECT at, who, action, details FROM audit WHERE venue_id = ? AND ({clauses} OR action LIKE 'signoff.%') "
        "ORDER BY id", (venue_id, *args)).fetchall()
    return [PlanEvent(r["at"], r["who"], r["action"], json.loads(r["details"] or "{}")) for r in rows]
