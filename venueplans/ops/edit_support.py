"""What every editing op shares: a refused edit, the record of an addition, "leave as is", the audit.

- `EditRefused`: an edit the catalogue will not make; `str()` is one line saying why.
- `Added`: the `Changes` of an op that created something, with the new row's id.
- `UNSET`: "leave this field as it is" in edit ops (None is a value: "clear it").
- `audit()` appends to the append-only audit trail inside the change's own transaction;
  `audit_trail()` reads a venue's trail, oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from venueplans.catalogue import Catalogue, store
from venueplans.catalogue.audit import AuditEntry, audit_entries
from venueplans.errors import UserError
from venueplans.ops.changes import Changes
from venueplans.ops.identity import current_user


class EditRefused(UserError, ValueError):
    """An edit the catalogue will not make. `str()` is one line: what was refused and why."""


@dataclass(frozen=True)
class Added(Changes):
    """`Changes` of an op that created something: `id` is the new row (feature, photo, scenario...)."""

    id: int | None = None


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()  # "leave this field as it is" in edit ops (None is a value: "clear it")


def who_or_current(who: str | None) -> str:
    return (who or "").strip() or current_user()


def audit(cat: Catalogue, venue_id: int | None, *, who: str, action: str, details: dict | None = None) -> None:
    """Append one row to the audit trail (call inside the change's transaction)."""
    store.add_audit(cat, venue_id, who=who, action=action, details=details or {})


def audit_trail(cat: Catalogue, *, venue_id: int, since_id: int = 0) -> list[AuditEntry]:
    """The venue's audit trail, oldest first; *since_id* keeps only rows after that one."""
    return audit_entries(cat, venue_id, since_id=since_id)
