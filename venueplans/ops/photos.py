"""Photos attached to a feature: the key box, the door seen from the street, the chained gate.

A photo is part of the venue's plan: adding or removing one is audited and withdraws the sign-off,
like any feature edit. Files are checked by their first bytes (JPEG, PNG, WebP...), not their name,
and capped at `MAX_PHOTO_BYTES`. Refusals raise `EditRefused`.
"""

from __future__ import annotations

from pathlib import Path

from venueplans.catalogue import Catalogue, photos
from venueplans.catalogue.photos import PhotoInfo
from venueplans.i18n import tr
from venueplans.ops.changes import Changes
from venueplans.ops.edit_support import Added, EditRefused, who_or_current
from venueplans.ops.features import feature_name, get_feature, plan_changes
from venueplans.ops.signoff import record_plan_edit

MAX_PHOTO_BYTES = 20_000_000  # a phone JPEG is 2-8 MB; anything bigger is a mistake or a video


def _image_mime(data: bytes) -> str | None:
    """The image type told by the first bytes (what the file is, whatever its name says)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _refuse_non_image(name: str, data: bytes) -> str:
    mime = _image_mime(data)
    if mime:
        return mime
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif"):
        raise EditRefused(tr("{name}: HEIC/AVIF photos are not supported; save it as JPEG or PNG").format(name=name))
    hint = tr(" (a PDF document)") if data.startswith(b"%PDF") else ""
    raise EditRefused(tr("{name}: not a JPEG, PNG, WebP or GIF image{hint}").format(name=name, hint=hint))


def add_photo(
    cat: Catalogue,
    *,
    feature_id: int,
    path: str | Path | None = None,
    data: bytes | None = None,
    caption: str = "",
    who: str | None = None,
) -> Added:
    """Attach a photo to a feature: a file (*path*) or bytes (*data*, e.g. pasted from the clipboard).

    The type is read from the content's first bytes, not the name: JPEG, PNG, WebP and GIF are kept,
    anything else is refused with a one-line reason, as is a photo over MAX_PHOTO_BYTES.
    """
    if (path is None) == (data is None):
        raise EditRefused(tr("give a photo as path= or as data=, not both"))
    name = Path(path).name if path is not None else "photo"
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise EditRefused(tr("{name}: no such file").format(name=name))
        size = p.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise EditRefused(tr("{name}: {value:.1f} MB is over the {value2:.0f} MB limit for a photo").format(
                name=name, value=size / 1e6, value2=MAX_PHOTO_BYTES / 1e6))
        data = p.read_bytes()
    data = bytes(data or b"")
    if not data:
        raise EditRefused(tr("{name}: empty").format(name=name))
    if len(data) > MAX_PHOTO_BYTES:
        raise EditRefused(tr("{name}: {value:.1f} MB is over the {value2:.0f} MB limit for a photo").format(
            name=name, value=len(data) / 1e6, value2=MAX_PHOTO_BYTES / 1e6))
    mime = _refuse_non_image(name, data)
    venue_id, feature = get_feature(cat, feature_id)
    caption = (caption or "").strip()
    with cat.atomic():
        photo_id = photos.insert_photo(cat, feature_id, mime=mime, caption=caption, data=data)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who_or_current(who), action="photo.add",
                                       details={"feature": feature_id, "photo": photo_id, "mime": mime,
                                                "bytes": len(data), "caption": caption, "file": name})
    return plan_changes(venue_id, invalidated, tr("added a photo to {value}").format(value=feature_name(feature)), new_id=photo_id)


def remove_photo(cat: Catalogue, *, photo_id: int, who: str | None = None) -> Changes:
    info = photos.get_photo(cat, photo_id)
    if info is None:
        raise EditRefused(tr("no photo with id {photo_id}").format(photo_id=photo_id))
    venue_id, feature = get_feature(cat, info.feature_id)
    with cat.atomic():
        photos.delete_photo(cat, photo_id)
        invalidated = record_plan_edit(cat, venue_id=venue_id, who=who_or_current(who), action="photo.remove",
                                       details={"feature": info.feature_id, "photo": photo_id, "mime": info.mime,
                                                "bytes": info.size, "caption": info.caption})
    return plan_changes(venue_id, invalidated, tr("removed a photo of {value}").format(value=feature_name(feature)))


def list_photos(cat: Catalogue, *, feature_id: int) -> list[PhotoInfo]:
    return photos.list_photos(cat, feature_id)


def photo_data(cat: Catalogue, *, photo_id: int) -> tuple[str, bytes]:
    """(mime type, bytes) of a photo, for display or export."""
    found = photos.photo_data(cat, photo_id)
    if found is None:
        raise EditRefused(tr("no photo with id {photo_id}").format(photo_id=photo_id))
    return found
