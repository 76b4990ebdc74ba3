"""This installation's Ed25519 signing key, the public keys it trusts and the ones it revoked.

Layout under `config_dir()/keys/`:
  signing-key.json      the private key, sealed under a passphrase (signing_key.py, mode 0600), made by
                        `keys create` or the first export
  signing-key.pem       a key from before passphrases (PKCS#8 in clear) until `keys protect` seals it
  own.json              its display name
  trusted/<id>.json     public keys trusted with `venueplans keys trust`
  revoked.json          ids revoked with `venueplans keys revoke` (refused even with --allow-untrusted)

A key id is the first 16 hex digits of the SHA-256 of the raw public key: short enough to read aloud on
the phone when the operator and the police compare it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from venueplans.files import write_atomic
from venueplans.i18n import tr
from venueplans.keys import signing_key as sk
from venueplans.settings import config_dir

FILE_FORMAT = "venueplans-public-key"
MAX_KEY_FILE = 64 * 1024


class KeyringError(sk.SigningKeyError):
    """A key file or key id the user gave cannot be used. One line naming it and the reason."""


KeyPassphraseError = sk.KeyPassphraseError


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    name: str
    raw: bytes  # the 32-byte Ed25519 public key
    added: str = ""

    @property
    def fingerprint(self) -> str:
        """The id in groups of four, as read aloud: `3f2a 9c01 77be 04d1`."""
        return " ".join(self.key_id[i : i + 4] for i in range(0, len(self.key_id), 4))

    def as_json(self) -> dict:
        return {"format": FILE_FORMAT, "key_id": self.key_id, "name": self.name,
                "public_key": base64.b64encode(self.raw).decode("ascii"), "added": self.added}


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def keys_dir() -> Path:
    return config_dir() / "keys"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, mode=mode)


def _protected_path() -> Path:
    return keys_dir() / sk.PROTECTED_NAME


def _legacy_path() -> Path:
    return keys_dir() / sk.LEGACY_NAME


def key_state() -> str:
    """"none" (no key yet), "clear" (a key from before passphrases) or "protected"."""
    if _protected_path().exists():
        return "protected"
    return "clear" if _legacy_path().exists() else "none"


def create_key(passphrase: str) -> PublicKey:
    """Make this installation's key pair, protected by *passphrase* (refused when a key exists)."""
    sk.check_new_passphrase(passphrase)
    if key_state() != "none":
        raise KeyringError(tr("{path}: this installation already has a signing key").format(path=keys_dir()))
    if not sk.write_new(_protected_path(), sk.seal(Ed25519PrivateKey.generate(), passphrase)):
        raise KeyringError(tr("{path}: another process created the signing key meanwhile: try again").format(
            path=_protected_path()))
    return own_key()


def unlock(passphrase: str | None) -> Ed25519PrivateKey:
    """The private key: a protected one needs *passphrase* (KeyPassphraseError when missing or wrong);
    a key from before passphrases opens without one."""
    state = key_state()
    if state == "none":
        raise KeyringError(tr("this installation has no signing key yet (`venueplans keys create`)"))
    if state == "protected":
        sk.tighten(_protected_path())
        key = sk.open_protected(_protected_path(), passphrase)
        if _legacy_path().exists():  # `protect` was interrupted before it removed the clear copy
            try:
                same = sk.raw_public(sk.open_legacy(_legacy_path())) == sk.raw_public(key)
            except sk.SigningKeyError:
                same = False
            if same:
                sk.shred(_legacy_path())
        return key
    return sk.open_legacy(_legacy_path())


def protect(new_passphrase: str, *, passphrase: str | None = None) -> PublicKey:
    """Protect a key from before passphrases with *new_passphrase*, or change a protected key's
    passphrase (*passphrase* is the current one). The key itself, and so its id, stays the same."""
    sk.check_new_passphrase(new_passphrase)
    key = unlock(passphrase)
    sk.replace(_protected_path(), sk.seal(key, new_passphrase))
    if _legacy_path().exists():
        sk.shred(_legacy_path())
    return own_key()


def own_key_or_none() -> PublicKey | None:
    """This installation's public key (no passphrase needed), None before a key is created."""
    state = key_state()
    if state == "none":
        return None
    raw = sk.public_of(_protected_path()) if state == "protected" else sk.raw_public(sk.open_legacy(_legacy_path()))
    name = ""
    try:
        name = json.loads((keys_dir() / "own.json").read_text(encoding="utf-8")).get("name", "")
    except (OSError, ValueError, AttributeError):
        pass
    if not name:
        name = tr("venueplans on {host}").format(host=socket.gethostname())
    return PublicKey(key_id(raw), name, raw)


def own_key() -> PublicKey:
    """This installation's public key; KeyringError before a key is created."""
    key = own_key_or_none()
    if key is None:
        raise KeyringError(tr("this installation has no signing key yet (`venueplans keys create`)"))
    return key


def rename_own_key(name: str) -> PublicKey | None:
    name = name.strip()
    if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
        raise KeyringError(tr("key name must be 1 to 200 printable characters"))
    _write_atomic(keys_dir() / "own.json", json.dumps({"name": name}, ensure_ascii=False).encode("utf-8"))
    return own_key_or_none()


def sign(data: bytes, passphrase: str | None = None) -> tuple[bytes, PublicKey]:
    """Ed25519 signature of *data* with this installation's key (see `unlock`), and that key."""
    return unlock(passphrase).sign(data), own_key()


def verify(raw_public: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _parse_key_file(path: Path) -> PublicKey:
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise KeyringError(tr("{path}: not a venueplans public key (file too large)").format(path=path))
        data = path.read_bytes()
    except OSError as exc:
        raise KeyringError(f"{path}: {exc.strerror or exc}") from None
    try:
        if data.lstrip().startswith(b"-----BEGIN PUBLIC KEY"):
            pub = serialization.load_pem_public_key(data)
            if not isinstance(pub, Ed25519PublicKey):
                raise ValueError("not Ed25519")
            raw = pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return PublicKey(key_id(raw), path.stem, raw)
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            raise ValueError("wrong format")
        raw = base64.b64decode(doc["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
        name = str(doc.get("name") or path.stem)[:200]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error):
        raise KeyringError(tr("{path}: not a venueplans public key").format(path=path)) from None
    if doc.get("key_id") not in (None, key_id(raw)):
        raise KeyringError(tr("{path}: the key id does not match the key (damaged file?)").format(path=path))
    return PublicKey(key_id(raw), name, raw)


def export_public_key(target: str | Path) -> PublicKey:
    """Write this installation's public key to *target*, for the receiving side to `keys trust`."""
    key = own_key()
    doc = key.as_json()
    doc.pop("added")
    try:
        _write_atomic(Path(target), (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise KeyringError(f"{target}: {exc.strerror or exc}") from None
    return key


def _trusted_dir() -> Path:
    return keys_dir() / "trusted"


def _load_trusted(path: Path) -> PublicKey | None:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        raw = base64.b64decode(doc["public_key"], validate=True)
        return PublicKey(key_id(raw), str(doc.get("name", "")), raw, str(doc.get("added", "")))
    except (OSError, ValueError, KeyError, TypeError, binascii.Error):
        return None  # a damaged entry trusts nothing


def list_trusted() -> list[PublicKey]:
    """Keys trusted on this installation, this installation's own key first (once it has one)."""
    own = own_key_or_none()
    keys = [own] if own is not None else []
    folder = _trusted_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            key = _load_trusted(path)
            if key is not None and key.key_id == path.stem and (own is None or key.key_id != own.key_id):
                keys.append(key)
    return keys


def trusted_key(kid: str) -> PublicKey | None:
    """The trusted key with id *kid* (this installation's own key counts), or None."""
    if is_revoked(kid):
        return None
    return next((k for k in list_trusted() if k.key_id == kid), None)


def trust(path: str | Path, *, name: str | None = None) -> PublicKey:
    """Trust the public key in *path* (as written by `keys export`), under *name* if given."""
    key = _parse_key_file(Path(path))
    if name is not None:
        name = name.strip()
        if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
            raise KeyringError(tr("key name must be 1 to 200 printable characters"))
    key = PublicKey(key.key_id, name or key.name, key.raw, _now())
    if is_revoked(key.key_id):
        _set_revoked([r for r in _revoked() if r.get("key_id") != key.key_id])  # trusting again un-revokes
    _write_atomic(_trusted_dir() / f"{key.key_id}.json",
                  json.dumps(key.as_json(), ensure_ascii=False, indent=2).encode("utf-8"))
    return key


def _revoked() -> list[dict]:
    try:
        doc = json.loads((keys_dir() / "revoked.json").read_text(encoding="utf-8"))
        return [r for r in doc if isinstance(r, dict)] if isinstance(doc, list) else []
    except (OSError, ValueError):
        return []


def _set_revoked(entries: list[dict]) -> None:
    _write_atomic(keys_dir() / "revoked.json", json.dumps(entries, ensure_ascii=False, indent=2).encode("utf-8"))


def is_revoked(kid: str) -> bool:
    return any(r.get("key_id") == kid for r in _revoked())


def revoke(kid_prefix: str) -> PublicKey:
    """Stop trusting the key whose id starts with *kid_prefix* (spaces ignored); packages it signed are refused."""
    prefix = kid_prefix.replace(" ", "").lower()
    own = own_key_or_none()
    others = [k for k in list_trusted() if own is None or k.key_id != own.key_id]
    matches = [k for k in others if k.key_id.startswith(prefix)] if len(prefix) >= 4 else []
    if not matches:
        raise KeyringError(tr("no trusted key with id {id} (see `venueplans keys list`)").format(id=kid_prefix))
    if len(matches) > 1:
        raise KeyringError(tr("key id {id} is ambiguous: give more digits").format(id=kid_prefix))
    key = matches[0]
    _set_revoked([*_revoked(), {"key_id": key.key_id, "name": key.name, "revoked_at": _now()}])
    (_trusted_dir() / f"{key.key_id}.json").unlink(missing_ok=True)
    return key
