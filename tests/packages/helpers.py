"""Building packages by hand: re-zipping with one part changed, or signing crafted content."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

from venueplans import keys
from venueplans.catalogue.package import canonical_info


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def rezip(target: Path, parts: dict[str, bytes], *, deflate: bool = False) -> Path:
    """A zip laid out as venueplans writes packages, holding *parts*; *deflate*: compressed as an
    attacker's zip bomb would be (venueplans itself stores its entries)."""
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in parts.items():
            info = canonical_info(name)
            if deflate:
                info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return target


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1 :]


def signed(target: Path, database: bytes, manifest: dict, **extra: bytes) -> Path:
    """A package holding *database*, with *manifest* completed and signed by the active installation."""
    from tests.packages.conftest import KEY_PASSPHRASE

    if keys.key_state() == "none":
        keys.create_key(KEY_PASSPHRASE)
    own = keys.own_key()
    manifest = {**manifest, "signer": {"key_id": own.key_id, "name": own.name,
                                       "public_key": base64.b64encode(own.raw).decode()}}
    manifest.setdefault("entries", {})["venue.sqlite"] = {"sha256": hashlib.sha256(database).hexdigest(),
                                                          "size": len(database)}
    raw = json.dumps(manifest).encode()
    return rezip(target, {"manifest.json": raw, "manifest.sig": keys.sign(raw, KEY_PASSPHRASE)[0], "venue.sqlite": database,
                          **extra})
