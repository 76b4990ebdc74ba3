"""Writes. Callers wrap them in `cat.atomic()`: an import, a removal or an edit is all or nothing."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from venueplans.catalogue.codec import encode_arrays
from venueplans.catalogue.db import Catalogue, now
from venueplans.i18n import tr
from venueplans.model import Feature, Venue
from venueplans.model.imported import ImportedModel

VENUE_FIELDS = ("name", "kind", "address", "city", "lat", "lon", "capacity", "contacts", "notes")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (set, tuple)):
        return list(value)
    return str(value)


def insert_venue(cat: Catalogue, venue: Venue, *, sample_key: str | None = None) -> int:
    stamp = now()
    row = {f: getattr(venue, f) for f in VENUE_FIELDS}
    row.update(created=stamp, updated=stamp, sample_key=sample_key)
    row["verified_by"], row["verified_on"] = venue.verified_by, venue.verified_on
    cur = cat.conn.execute(
        f"INSERT INTO venues ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
    )
    return int(cur.lastrowid)


def update_venue(cat: Catalogue, venue_id: int, **changes: Any) -> None:
    allowed = set(VENUE_FIELDS) | {"verified_by", "verified_on", "last_opened", "thumbnail"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(tr("cannot update venue field(s): {value}").format(value=', '.join(sorted(unknown))))
    if not changes:
        return
    changes = dict(changes)
    if "last_opened" not in changes and "thumbnail" not in changes:
        changes["updated"] = now()
    sets = ", ".join(f"{k} = ?" for k in changes)
    cat.conn.execute(f"UPDATE venues SET {sets} WHERE id = ?", (*changes.values(), venue_id))


def delete_venue(cat: Catalogue, venue_id: int) -> None:
    cat.conn.execute("DELETE FROM venues WHERE id = ?", (venue_id,))
    cat.conn.execute("DELETE FROM venues_fts WHERE rowid = ?", (venue_id,))


def delete_model(cat: Catalogue, venue_id: int) -> None:
    """Remove the imported model (source, storeys, elements, spaces, geometry, detected features).

    Features the user added or reviewed are kept: they are the operator's work, not the file's.
    """
    for table in ("source_models", "storeys", "elements", "spaces", "geometry_batches", "geometry_instances"):
        cat.conn.execute(f"DELETE FROM {table} WHERE venue_id = ?", (venue_id,))
    cat.conn.execute(
        "DELETE FROM features WHERE venue_id = ? AND source != 'user' AND verified IS NULL", (venue_id,)
    )


def write_model(cat: Catalogue, venue_id: int, model: ImportedModel) -> None:
    """Store everything an importer produced for *venue_id* (call inside `cat.atomic()`).

    Bulk rows go through `executemany`, not sqlite-utils' `insert_all`: on 100,000 elements that is
    0.44 s against 2.0 s (dicts, type checks and batching cost more than they save here).
    """
    src = model.source
    stamp = now()
    cat.conn.execute(
        """INSERT INTO source_models (venue_id, file_name, sha256, format, schema, importer, importer_version,
               unit, up_axis, origin, bbox, warnings, stats, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            venue_id, src.file_name, src.sha256, src.format, src.schema, src.importer, src.importer_version,
            src.unit, src.up_axis, _json(list(src.origin)), _json(src.bbox or model.bbox()),
            _json(src.warnings), _json(src.stats), stamp,
        ),
    )
    cat.conn.executemany(
        "INSERT INTO storeys (venue_id, idx, name, elevation, height, guid, inferred) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(venue_id, s.index, s.name, s.elevation, s.height, s.guid, int(s.inferred)) for s in model.storeys],
    )
    cat.conn.executemany(
        """INSERT INTO elements (venue_id, idx, guid, ifc_class, name, type_name, storey_idx, category, properties)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            (venue_id, e.index, e.guid, e.ifc_class, e.name or "", e.type_name or "", e.storey, e.category,
             _json(e.properties) if e.properties else "{}")
            for e in model.elements
        ),
    )
    cat.conn.executemany(
        """INSERT INTO spaces (venue_id, element_idx, guid, name, long_name, storey_idx, footprint, area, properties)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            (venue_id, s.element, s.guid, s.name or "", s.long_name or "", s.storey,
             _json([list(map(float, p)) for p in s.footprint]), float(s.area), _json(s.properties))
            for s in model.spaces
        ],
    )
    for f in model.features:
        insert_feature(cat, venue_id, f, stamp=stamp)
    for b in model.batches:
        blob = encode_arrays({"vertices": b.vertices, "triangles": b.triangles, "elements": b.elements})
        cat.conn.execute(
            """INSERT INTO geometry_batches (venue_id, storey_idx, category, n_vertices, n_triangles, data)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (venue_id, b.storey, b.category, int(b.vertices.shape[0]), b.n_triangles, blob),
        )
    for s in model.instances:
        blob = encode_arrays(
            {"vertices": s.vertices, "triangles": s.triangles, "transforms": s.transforms, "elements": s.elements}
        )
        cat.conn.execute(
            """INSERT INTO geometry_instances (venue_id, storey_idx, category, n_instances, n_triangles, data)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (venue_id, s.storey, s.category, int(s.transforms.shape[0]), int(s.triangles.shape[0]), blob),
        )


FEATURE_COLUMNS = (
    "kind", "label", "number", "storey_idx", "x", "y", "z", "element_idx", "source", "verified",
    "verify_reason", "width", "leads_to", "direction", "notes",
)


def _feature_row(f: Feature) -> tuple:
    x, y, z = (float(c) for c in f.position)
    verified = None if f.verified is None else int(bool(f.verified))
    direction = _json(list(f.direction)) if f.direction is not None else None
    return (
        f.kind, f.label or "", f.number, f.storey, x, y, z, f.element, f.source, verified,
        f.verify_reason or "", f.width, f.leads_to or "", direction, f.notes or "",
    )


def insert_feature(cat: Catalogue, venue_id: int, f: Feature, *, stamp: str | None = None) -> int:
    stamp = stamp or now()
    cols = ("venue_id", *FEATURE_COLUMNS, "created", "updated")
    cur = cat.conn.execute(
        f"INSERT INTO features ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        (venue_id, *_feature_row(f), stamp, stamp),
    )
    return int(cur.lastrowid)


def update_feature(cat: Catalogue, feature_id: int, f: Feature) -> None:
    sets = ", ".join(f"{c} = ?" for c in FEATURE_COLUMNS)
    cat.conn.execute(f"UPDATE features SET {sets}, updated = ? WHERE id = ?", (*_feature_row(f), now(), feature_id))


def delete_feature(cat: Catalogue, feature_id: int) -> None:
    cat.conn.execute("DELETE FROM features WHERE id = ?", (feature_id,))


def add_audit(cat: Catalogue, venue_id: int | None, *, who: str, action: str, details: dict | None = None) -> None:
    cat.conn.execute(
        "INSERT INTO audit (venue_id, at, who, action, details) VALUES (?, ?, ?, ?, ?)",
        (venue_id, now(), who, action, _json(details or {})),
    )


def reindex_venue(cat: Catalogue, venue_id: int) -> None:
    """Refresh the venue's full-text row (name, kind, address, city, notes, space names)."""
    row = cat.conn.execute(
        "SELECT name, kind, address, city, notes FROM venues WHERE id = ?", (venue_id,)
    ).fetchone()
    cat.conn.execute("DELETE FROM venues_fts WHERE rowid = ?", (venue_id,))
    if row is None:
        return
    spaces = " ".join(
        f"{r[0]} {r[1]}"
        for r in cat.conn.execute("SELECT name, long_name FROM spaces WHERE venue_id = ?", (venue_id,))
    )
    cat.conn.execute(
        "INSERT INTO venues_fts (rowid, name, kind, address, city, notes, spaces) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (venue_id, row["name"], row["kind"], row["address"], row["city"], row["notes"], spaces),
    )

