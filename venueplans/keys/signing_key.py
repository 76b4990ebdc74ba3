"""The installation's Ed25519 private key at rest, protected by a passphrase.

`signing-key.json` (mode 0600) holds the key's PKCS#8 DER encrypted with AES-256-GCM under a key derived
from the passphrase by scrypt (memory-hard, ~0.5 s per try), plus the public key in clear so that
`keys show`, `keys export` and the trust checks need no passphrase. The public key, format and KDF
parameters are the GCM associated data: editing any of them makes the passphrase check fail.

Why not PKCS#8 `BestAvailableEncryption`: cryptography writes it with PBKDF2 at 2,048 iterations, a
few microseconds per guess for whoever finds a lost laptop; PKCS#12 adds a MAC checked at 2,048 too.

A key written before passphrases existed (`signing-key.pem`, PKCS#8 in clear) still loads without one;
`protect()` (`venueplans keys protect`) rewrites it here and overwrites the clear file before removing it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from venueplans.errors import UserError
from venueplans.files import write_atomic
from venueplans.i18n import tr

FILE_FORMAT = "venueplans-signing-key"
PROTECTED_NAME = "signing-key.json"
LEGACY_NAME = "signing-key.pem"  # before passphrases: PKCS#8 in clear
MIN_PASSPHRASE = 8  # as for the catalogue's passphrase
SCRYPT_N = 2**17  # 128 MiB, ~0.5 s on a 2020 laptop; stored in the file, so it can grow later
SCRYPT_R, SCRYPT_P = 8, 1
MAX_FILE = 64 * 1024


class SigningKeyError(UserError):
    """The signing key cannot be read or written. One line naming the file and the reason."""


class KeyPassphraseError(SigningKeyError):
    """No passphrase, or a wrong one, for a protected signing key."""


def check_new_passphrase(passphrase: str | None) -> str:
    if not passphrase or len(passphrase) < MIN_PASSPHRASE:
        raise KeyPassphraseError(tr("the signing key's passphrase must have at least {n} characters").format(
            n=MIN_PASSPHRASE))
    return passphrase


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _aad(doc: dict) -> bytes:
    fields = {k: doc[k] for k in ("format", "version", "kdf", "n", "r", "p", "public_key")}
    return json.dumps(fields, sort_keys=True).encode("ascii")


def seal(key: Ed25519PrivateKey, passphrase: str) -> bytes:
    """The protected file's bytes for *key* under *passphrase*."""
    salt, nonce = os.urandom(16), os.urandom(12)
    doc = {"format": FILE_FORMAT, "version": 1, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
           "public_key": base64.b64encode(raw_public(key)).decode("ascii")}
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    sealed = AESGCM(_derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(nonce, der, _aad(doc))
    doc.update(salt=base64.b64encode(salt).decode("ascii"), nonce=base64.b64encode(nonce).decode("ascii"),
               sealed=base64.b64encode(sealed).decode("ascii"))
    return (json.dumps(doc, indent=2) + "\n").encode("ascii")


def _read_doc(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_FILE:
            raise ValueError("too large")
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT or doc.get("version") != 1:
            raise ValueError("wrong format")
        if doc.get("kdf") != "scrypt" or not all(isinstance(doc.get(k), int) for k in ("n", "r", "p")):
            raise ValueError("unknown key derivation")
        if not (2**10 <= doc["n"] <= 2**22 and 1 <= doc["r"] <= 32 and 1 <= doc["p"] <= 16):
            raise ValueError("key derivation out of bounds")  # a crafted file must not exhaust memory
        for name in ("public_key", "salt", "nonce", "sealed"):
            doc[name + "_bytes"] = base64.b64decode(doc[name], validate=True)
        if len(doc["public_key_bytes"]) != 32:
            raise ValueError("bad public key")
    except OSError as exc:
        raise SigningKeyError(f"{path}: {exc.strerror or exc}") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error):
        raise SigningKeyError(tr("{path}: damaged signing key file (restore it from a backup, or remove it to "
                                 "make a new key that others must trust again)").format(path=path)) from None
    return doc


def public_of(path: Path) -> bytes:
    """The 32-byte public key stored beside a protected key (no passphrase needed)."""
    return _read_doc(path)["public_key_bytes"]


def open_protected(path: Path, passphrase: str | None) -> Ed25519PrivateKey:
    doc = _read_doc(path)
    if not passphrase:
        raise KeyPassphraseError(tr("{path}: the signing key is protected by a passphrase and none was given"
                                    ).format(path=path))
    secret = _derive(passphrase, doc["salt_bytes"], doc["n"], doc["r"], doc["p"])
    try:
        der = AESGCM(secret).decrypt(doc["nonce_bytes"], doc["sealed_bytes"], _aad(doc))
    except InvalidTag:
        raise KeyPassphraseError(tr("{path}: wrong passphrase for the signing key").format(path=path)) from None
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, Ed25519PrivateKey) or raw_public(key) != doc["public_key_bytes"]:
        raise SigningKeyError(tr("{path}: not an Ed25519 signing key").format(path=path))
    return key


def open_legacy(path: Path) -> Ed25519PrivateKey:
    """A key from before passphrases (PKCS#8 PEM in clear)."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise SigningKeyError(f"{path}: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(tr("{path}: unreadable signing key ({reason})").format(path=path, reason=exc)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(tr("{path}: not an Ed25519 signing key").format(path=path))
    tighten(path)
    return key


def tighten(path: Path) -> None:
    """A private key readable by others (copied by hand, restored from a backup) is made 0600 again."""
    if os.name == "posix":
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except OSError:
            pass


def write_new(path: Path, data: bytes) -> bool:
    """Create *path* (0600 before it becomes visible); False when another process created it first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
    finally:
        Path(tmp).unlink(missing_ok=True)
    return True


def replace(path: Path, data: bytes) -> None:
    """Replace *path* atomically with *data*, 0600."""
    write_atomic(path, data, mode=0o600)


def shred(path: Path) -> None:
    """Overwrite a clear key before removing it (best effort: SSDs and backups may keep old blocks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            fh.write(os.urandom(size))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)
