"""Photos attached to features (a door seen from the street, a chained gate): typed reads and writes."""

from __future__ import annotations

from dataclasses import dataclass

from venueplans.catalogue.db import Catalogue, now


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    id: int
    feature_id: int
    mime: str
    caption: str
    size: int  # bytes
    created: str


_INFO = "SELECT id, feature_id, mime, caption, length(data) AS size, created FROM feature_photos"


def _info(r) -> PhotoInfo:
    return PhotoInfo(r["id"], r["feature_id"], r["mime"], r["caption"], r["size"], r["created"])


def insert_photo(cat: Catalogue, feature_id: int, *, mime: str, caption: str, data: bytes) -> int:
    return int(cat.db["feature_photos"].insert(
        {"feature_id": feature_id, "mime": mime, "caption": caption, "data": data, "created": now()}).last_pk)


def get_photo(cat: Catalogue, photo_id: int) -> PhotoInfo | None:
    row = cat.conn.execute(f"{_INFO} WHERE id = ?", (photo_id,)).fetchone()
    return _info(row) if row is not None else None


def list_photos(cat: Catalogue, feature_id: int) -> list[PhotoInfo]:
    return [_info(r) for r in cat.conn.execute(f"{_INFO} WHERE feature_id = ? ORDER BY id", (feature_id,))]


def count_photos(cat: Catalogue, feature_id: int) -> int:
    return int(cat.conn.execute("SELECT count(*) FROM feature_photos WHERE feature_id = ?",
                                (feature_id,)).fetchone()[0])


def photo_data(cat: Catalogue, photo_id: int) -> tuple[str, bytes] | None:
    """(mime type, bytes), None when there is no such photo."""
    row = cat.conn.execute("SELECT mime, data FROM feature_photos WHERE id = ?", (photo_id,)).fetchone()
    return (row["mime"], bytes(row["data"])) if row is not None else None


def delete_photo(cat: Catalogue, photo_id: int) -> None:
    cat.db["feature_photos"].delete(photo_id)
