"""Reads: venues, their model and geometry, as model objects. Opening a venue never touches the source file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from venueplans.catalogue.codec import decode_arrays
from venueplans.catalogue.db import Catalogue, CatalogueError
from venueplans.i18n import tr
from venueplans.model import Element, Feature, SourceInfo, Space, Storey, Venue
from venueplans.model.features import ACCESS_KINDS
from venueplans.model.geometry import InstanceSet, MeshBatch

DOOR_CLASSES = ("IfcDoor", "IfcDoorStandardCase")


class VenueNotFound(CatalogueError):
    pass


def get_venue(cat: Catalogue, venue_id: int) -> Venue:
    row = cat.conn.execute("SELECT * FROM venues WHERE id = ?", (venue_id,)).fetchone()
    if row is None:
        raise VenueNotFound(tr("{path}: no venue with id {venue_id}").format(path=cat.path, venue_id=venue_id))
    return Venue(
        name=row["name"], kind=row["kind"], address=row["address"], city=row["city"], lat=row["lat"],
        lon=row["lon"], capacity=row["capacity"], contacts=row["contacts"], notes=row["notes"], id=row["id"],
        created=row["created"], updated=row["updated"], verified_by=row["verified_by"],
        verified_on=row["verified_on"],
    )


def resolve_venue(cat: Catalogue, ref: str | int) -> int:
    """A venue id from an id or a unique name (case-insensitive). Raises VenueNotFound with a clear reason."""
    text = str(ref).strip()
    if text.isdigit():
        if cat.conn.execute("SELECT 1 FROM venues WHERE id = ?", (int(text),)).fetchone():
            return int(text)
    rows = cat.conn.execute("SELECT id, name FROM venues WHERE name = ? COLLATE NOCASE", (text,)).fetchall()
    if len(rows) == 1:
        return int(rows[0]["id"])
    if len(rows) > 1:
        ids = ", ".join(str(r["id"]) for r in rows)
        raise VenueNotFound(tr("venue name {text!r} is ambiguous (ids {ids}); use the id").format(text=text, ids=ids))
    raise VenueNotFound(tr("no venue {text!r} in {path} (see `venueplans list`)").format(text=text, path=cat.path))


@dataclass
class VenueListing:
    id: int
    name: str
    kind: str
    city: str
    address: str
    storeys: int
    exits: int
    verified_by: str | None
    verified_on: str | None
    last_opened: str | None
    updated: str
    has_thumbnail: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "city": self.city, "address": self.address,
            "storeys": self.storeys, "exits": self.exits, "verified_by": self.verified_by,
            "verified_on": self.verified_on, "last_opened": self.last_opened, "updated": self.updated,
        }


def _fts_query(text: str) -> str:
    """Prefix search on every word ("sta par" finds "Stade de Paris"); quotes keep FTS syntax out."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words)


def list_venues(cat: Catalogue, search: str | None = None) -> list[VenueListing]:
    """Venues, recently opened first, then by name. *search* is a full-text query (prefix match per word)."""
    where, params = "", ()
    if search and search.strip():
        query = _fts_query(search)
        if not query:
            return []
        where, params = "WHERE v.id IN (SELECT rowid FROM venues_fts WHERE venues_fts MATCH ?)", (query,)
    rows = cat.conn.execute(
        f"""SELECT v.id, v.name, v.kind, v.city, v.address, v.verified_by, v.verified_on, v.last_opened,
                   v.updated, v.thumbnail IS NOT NULL AS has_thumb,
                   (SELECT count(*) FROM storeys s WHERE s.venue_id = v.id) AS n_storeys,
                   (SELECT count(*) FROM features f WHERE f.venue_id = v.id AND f.kind = 'exit'
                        AND coalesce(f.verified, 1) = 1) AS n_exits
            FROM venues v {where}
            ORDER BY v.last_opened IS NULL, v.last_opened DESC, v.name COLLATE NOCASE""",
        params,
    ).fetchall()
    return [
        VenueListing(
            r["id"], r["name"], r["kind"], r["city"], r["address"], r["n_storeys"], r["n_exits"], r["verified_by"],
            r["verified_on"], r["last_opened"], r["updated"], bool(r["has_thumb"]),
        )
        for r in rows
    ]


def thumbnail(cat: Catalogue, venue_id: int) -> bytes | None:
    row = cat.conn.execute("SELECT thumbnail FROM venues WHERE id = ?", (venue_id,)).fetchone()
    return row[0] if row else None


def source_model(cat: Catalogue, venue_id: int) -> SourceInfo | None:
    r = cat.conn.execute(
        "SELECT * FROM source_models WHERE venue_id = ? ORDER BY id DESC LIMIT 1", (venue_id,)
    ).fetchone()
    if r is None:
        return None
    bbox = json.loads(r["bbox"]) if r["bbox"] else None
    return SourceInfo(
        file_name=r["file_name"], sha256=r["sha256"], format=r["format"], schema=r["schema"],
        importer=r["importer"], importer_version=r["importer_version"], unit=r["unit"], up_axis=r["up_axis"],
        origin=tuple(json.loads(r["origin"])), bbox=(tuple(bbox[0]), tuple(bbox[1])) if bbox else None,
        warnings=json.loads(r["warnings"]), stats=json.loads(r["stats"]),
    )


def venue_with_source(cat: Catalogue, sha256: str) -> list[int]:
    return [r[0] for r in cat.conn.execute("SELECT DISTINCT venue_id FROM source_models WHERE sha256 = ?", (sha256,))]


def load_storeys(cat: Catalogue, venue_id: int) -> list[Storey]:
    return [
        Storey(r["name"], r["elevation"], r["idx"], r["height"], r["guid"], bool(r["inferred"]), r["id"])
        for r in cat.conn.execute("SELECT * FROM storeys WHERE venue_id = ? ORDER BY idx", (venue_id,))
    ]


def feature_from_row(r) -> Feature:
    return Feature(
        kind=r["kind"], label=r["label"], storey=r["storey_idx"], position=(r["x"], r["y"], r["z"]),
        source=r["source"], element=r["element_idx"], number=r["number"],
        verified=None if r["verified"] is None else bool(r["verified"]), verify_reason=r["verify_reason"],
        width=r["width"], leads_to=r["leads_to"],
        direction=tuple(json.loads(r["direction"])) if r["direction"] else None, notes=r["notes"], id=r["id"],
    )


def load_features(cat: Catalogue, venue_id: int, *, include_rejected: bool = True) -> list[Feature]:
    sql = "SELECT * FROM features WHERE venue_id = ?"
    if not include_rejected:
        sql += " AND coalesce(verified, 1) = 1"
    sql += " ORDER BY kind, number IS NULL, number, storey_idx, id"
    return [feature_from_row(r) for r in cat.conn.execute(sql, (venue_id,))]


def get_feature(cat: Catalogue, feature_id: int) -> tuple[int, Feature]:
    r = cat.conn.execute("SELECT * FROM features WHERE id = ?", (feature_id,)).fetchone()
    if r is None:
        raise CatalogueError(tr("{path}: no feature with id {feature_id}").format(path=cat.path, feature_id=feature_id))
    return int(r["venue_id"]), feature_from_row(r)


def load_spaces(cat: Catalogue, venue_id: int) -> list[Space]:
    return [
        Space(
            name=r["name"], long_name=r["long_name"], storey=r["storey_idx"],
            footprint=[tuple(p) for p in json.loads(r["footprint"])], area=r["area"], guid=r["guid"],
            element=r["element_idx"], properties=json.loads(r["properties"]), id=r["id"],
        )
        for r in cat.conn.execute("SELECT * FROM spaces WHERE venue_id = ? ORDER BY storey_idx, name", (venue_id,))
    ]


def get_element(cat: Catalogue, venue_id: int, index: int) -> Element | None:
    r = cat.conn.execute("SELECT * FROM elements WHERE venue_id = ? AND idx = ?", (venue_id, index)).fetchone()
    if r is None:
        return None
    return Element(
        index=r["idx"], guid=r["guid"], ifc_class=r["ifc_class"], name=r["name"], storey=r["storey_idx"],
        category=r["category"], properties=json.loads(r["properties"]), type_name=r["type_name"],
    )


@dataclass
class VenueGeometry:
    batches: list[MeshBatch] = field(default_factory=list)
    instances: list[InstanceSet] = field(default_factory=list)

    @property
    def n_triangles(self) -> int:
        return sum(b.n_triangles for b in self.batches) + sum(i.n_triangles for i in self.instances)


def load_geometry(
    cat: Catalogue,
    venue_id: int,
    *,
    storeys: list[int] | None = None,
    categories: list[str] | None = None,
) -> VenueGeometry:
    """The venue's stored triangles, optionally only some storeys (indices) and categories."""
    where, params = ["venue_id = ?"], [venue_id]
    if storeys is not None:
        where.append(f"storey_idx IN ({', '.join('?' * len(storeys))})")
        params += list(storeys)
    if categories is not None:
        where.append(f"category IN ({', '.join('?' * len(categories))})")
        params += list(categories)
    cond = " AND ".join(where)
    geo = VenueGeometry()
    for r in cat.conn.execute(f"SELECT storey_idx, category, data FROM geometry_batches WHERE {cond} ORDER BY id", params):
        a = decode_arrays(r["data"])
        geo.batches.append(MeshBatch(r["storey_idx"], r["category"], a["vertices"], a["triangles"], a["elements"]))
    for r in cat.conn.execute(
        f"SELECT storey_idx, category, data FROM geometry_instances WHERE {cond} ORDER BY id", params
    ):
        a = decode_arrays(r["data"])
        geo.instances.append(
            InstanceSet(r["storey_idx"], r["category"], a["vertices"], a["triangles"], a["transforms"], a["elements"])
        )
    return geo


def venue_counts(cat: Catalogue, venue_id: int) -> dict[str, int]:
    """The numbers `show` prints: elements, triangles, storeys, doors, exits... (rejected features excluded)."""
    one = lambda sql, *p: cat.conn.execute(sql, (venue_id, *p)).fetchone()[0] or 0  # noqa: E731
    doors = ", ".join("?" * len(DOOR_CLASSES))
    kinds = ", ".join("?" * len(ACCESS_KINDS))
    live = "AND coalesce(verified, 1) = 1"
    return {
        "elements": one("SELECT count(*) FROM elements WHERE venue_id = ?"),
        "triangles": one("SELECT sum(n_triangles) FROM geometry_batches WHERE venue_id = ?")
        + one("SELECT sum(n_triangles * n_instances) FROM geometry_instances WHERE venue_id = ?"),
        "storeys": one("SELECT count(*) FROM storeys WHERE venue_id = ?"),
        "spaces": one("SELECT count(*) FROM spaces WHERE venue_id = ?"),
        "doors": one(f"SELECT count(*) FROM elements WHERE venue_id = ? AND ifc_class IN ({doors})", *DOOR_CLASSES),
        "fire_exit_doors": one(
            f"""SELECT count(*) FROM elements WHERE venue_id = ? AND ifc_class IN ({doors})
                AND json_extract(properties, '$.Pset_DoorCommon.FireExit') = 1""",
            *DOOR_CLASSES,
        ),
        "exits": one(f"SELECT count(*) FROM features WHERE venue_id = ? AND kind = 'exit' {live}"),
        "access_points": one(
            f"SELECT count(*) FROM features WHERE venue_id = ? AND kind IN ({kinds}) {live}", *sorted(ACCESS_KINDS)
        ),
        "stairs": one(f"SELECT count(*) FROM features WHERE venue_id = ? AND kind = 'stair' {live}"),
        "lifts": one(f"SELECT count(*) FROM features WHERE venue_id = ? AND kind = 'lift' {live}"),
    }
