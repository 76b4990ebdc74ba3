from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """What an operation changed, so views refresh only what they must."""

    venue_id: int | None = None
    venue: bool = False  # metadata (name, address, sign-off...)
    catalogue: bool = False  # the list of venues
    geometry: bool = False
    features: bool = False
    scenarios: bool = False
    message: str = ""
    warnings: list[str] = field(default_factory=list)
