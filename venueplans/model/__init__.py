"""Plain dataclasses describing a venue. No I/O, no third-party imports beyond the standard library."""

from venueplans.model.features import FEATURE_KINDS, FeatureKind, feature_kind
from venueplans.model.venue import (
    CATEGORIES,
    VENUE_KIND_LABELS,
    VENUE_KINDS,
    Element,
    Feature,
    SourceInfo,
    Space,
    Storey,
    StoreyNotFound,
    Venue,
    find_storey,
)

__all__ = [
    "CATEGORIES",
    "FEATURE_KINDS",
    "VENUE_KIND_LABELS",
    "VENUE_KINDS",
    "Element",
    "Feature",
    "FeatureKind",
    "SourceInfo",
    "Space",
    "Storey",
    "StoreyNotFound",
    "Venue",
    "feature_kind",
    "find_storey",
]
