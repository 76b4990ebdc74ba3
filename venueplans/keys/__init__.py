"""Signing keys: this installation's Ed25519 key and the keys it trusts (no SQL, no Qt).

Venue packages are signed with the installation's private key, kept under a passphrase (signing_key.py); an import checks the signature against
the trusted keys before anything touches the catalogue. Keys live under `settings.config_dir()/keys`
(`VENUEPLANS_CONFIG_DIR` or XDG_CONFIG_HOME moves it, so two installations can share one machine).
"""

from venueplans.keys.keyring import (
    KeyPassphraseError,
    KeyringError,
    PublicKey,
    create_key,
    export_public_key,
    is_revoked,
    key_state,
    list_trusted,
    own_key,
    own_key_or_none,
    protect,
    rename_own_key,
    revoke,
    sign,
    trust,
    trusted_key,
    unlock,
    verify,
)
from venueplans.keys.signing_key import check_new_passphrase

__all__ = [
    "KeyPassphraseError", "KeyringError", "PublicKey", "check_new_passphrase", "create_key", "export_public_key", "is_revoked", "key_state",
    "list_trusted", "own_key", "own_key_or_none", "protect", "rename_own_key", "revoke", "sign", "trust",
    "trusted_key", "unlock", "verify",
]
