"""Signing keys: this installation's Ed25519 key and the keys it trusts (no SQL, no Qt).

Venue packages are signed with the installation's private key; an import checks the signature against
the trusted keys before anything touches the catalogue. Keys live under `settings.config_dir()/keys`
(`VENUEPLANS_CONFIG_DIR` or XDG_CONFIG_HOME moves it, so two installations can share one machine).
"""

from venueplans.keys.keyring import (
    KeyringError,
    PublicKey,
    export_public_key,
    is_revoked,
    list_trusted,
    own_key,
    rename_own_key,
    revoke,
    sign,
    trust,
    trusted_key,
    verify,
)

__all__ = [
    "KeyringError", "PublicKey", "export_public_key", "is_revoked", "list_trusted", "own_key", "rename_own_key",
    "revoke",
    "sign", "trust", "trusted_key", "verify",
]
