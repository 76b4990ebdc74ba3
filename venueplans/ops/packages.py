"""Handing a venue over: export it as a signed package, import a package after checking who signed it.

Import order matters: the zip's shape, the manifest, the signature (against the trusted keys), then the
SHA-256 of the venue data, then a defensive read of that data; only then one transaction of the catalogue.
Any refusal before that point leaves the catalogue untouched, byte for byte.
"""

from __future__ import annotations

import base64
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from venueplans import keys
from venueplans.catalogue import Catalogue, read, store
from venueplans.catalogue import package as pkgs
from venueplans.catalogue.package import PackageError
from venueplans.i18n import tr
from venueplans.ops.changes import Changes
from venueplans.ops.identity import current_user


@dataclass(frozen=True)
class Signer:
    key_id: str
    name: str
    trusted: bool

    def describe(self) -> str:
        fingerprint = " ".join(self.key_id[i : i + 4] for i in range(0, len(self.key_id), 4))
        text = tr("package signed by key '{name}', {fingerprint}").format(name=self.name, fingerprint=fingerprint)
        return text if self.trusted else text + " " + tr("(NOT trusted)")


def export_package(cat: Catalogue, *, venue_id: int, target: str | Path, with_scenarios: bool = False,
                   who: str | None = None, key_passphrase: str | None = None, unlocked=None) -> Changes:
    """Write venue *venue_id* to *target* (.vpkg), signed with this installation's key, unlocked with
    *key_passphrase* (the key is made with it when the installation has none yet), or *unlocked* already
    (`keys.unlock`, as the GUI's passphrase dialog did). A missing or wrong passphrase is refused before
    anything is written."""
    venue = read.get_venue(cat, venue_id)
    private = unlocked if unlocked is not None else _signing_key(target, key_passphrase)
    uid = pkgs.ensure_uid(cat, venue_id, str(uuid.uuid4()))
    own = keys.own_key()
    signer = {"key_id": own.key_id, "name": own.name, "public_key": base64.b64encode(own.raw).decode("ascii")}
    manifest = pkgs.write_package(cat, venue_id, target, uid=uid, revision=venue.updated, signer=signer,
                                  with_scenarios=with_scenarios, sign=private.sign)
    if not cat.read_only:  # a read-only catalogue cannot record the export
        with cat.atomic():
            store.add_audit(cat, venue_id, who=who or current_user(), action="package-export",
                            details={"file": Path(target).name, "key_id": own.key_id, "revision": venue.updated,
                                     "with_scenarios": with_scenarios,
                                     "sha256": manifest["entries"][pkgs.DATABASE]["sha256"]})
    return Changes(venue_id=venue_id, message=tr("exported venue {id} ({name}) to {path}; {signer}").format(
        id=venue_id, name=venue.name, path=target, signer=Signer(own.key_id, own.name, True).describe()))


def _signing_key(target: str | Path, passphrase: str | None):
    if keys.key_state() == "none":
        keys.create_key(passphrase)  # too short a passphrase: one line, no key, nothing written
    try:
        return keys.unlock(passphrase)
    except keys.KeyPassphraseError as exc:
        raise keys.KeyPassphraseError(tr("{path}: nothing exported: {reason}").format(path=target, reason=exc)
                                      ) from None


def verify_package(path: str | Path, *, allow_untrusted: bool = False) -> tuple[pkgs.Package, Signer]:
    """Read *path* and check its signature; raises PackageError unless it is signed by a trusted key
    (or, with *allow_untrusted*, by any key that is not revoked — a tampered package is always refused)."""
    pkg = pkgs.read_package(path)
    path = pkg.path
    kid, name, public = (pkg.signer.get(k) for k in ("key_id", "name", "public_key"))
    if not isinstance(kid, str) or not isinstance(public, str):
        raise PackageError(tr("{path}: unsigned package (no signer in the manifest): refused").format(path=path))
    try:
        raw = base64.b64decode(public, validate=True)
    except ValueError:
        raise PackageError(tr("{path}: the manifest is damaged or was modified (bad signer key)").format(
            path=path)) from None
    if keys.keyring.key_id(raw) != kid:
        raise PackageError(tr("{path}: the manifest is damaged or was modified (signer id mismatch)").format(
            path=path))
    if keys.is_revoked(kid):
        raise PackageError(tr("{path}: signed by key {id}, which was revoked: refused").format(path=path, id=kid))
    trusted = keys.trusted_key(kid)
    key_raw = trusted.raw if trusted else raw
    if not keys.verify(key_raw, pkg.signature, pkg.manifest_bytes):
        raise PackageError(tr("{path}: bad signature: the package was modified after signing, refused").format(
            path=path))
    if trusted is None and not allow_untrusted:
        raise PackageError(tr("{path}: signed by key '{name}' ({id}), which this installation does not trust: "
                              "`venueplans keys trust` its public key, or use --allow-untrusted").format(
                                  path=path, name=name, id=kid))
    return pkg, Signer(kid, trusted.name if trusted else str(name or "?"), trusted is not None)


def import_package(cat: Catalogue, path: str | Path, *, allow_untrusted: bool = False, force: bool = False,
                   who: str | None = None, progress: Callable[[float, str], None] | None = None) -> Changes:
    """Add (or update) the venue in package *path*. All or nothing; refusals leave *cat* unchanged."""
    report = progress or (lambda fraction, message: None)
    report(0.0, tr("checking the signature"))
    pkg, signer = verify_package(path, allow_untrusted=allow_untrusted)
    uid, revision = str(pkg.venue.get("uid") or ""), str(pkg.venue.get("revision") or "")
    if not uid:
        raise PackageError(tr("{path}: the manifest is damaged or was modified (no venue identity)").format(
            path=pkg.path))
    with tempfile.TemporaryDirectory(prefix="venueplans-import-") as tmpdir:
        report(0.1, tr("checking the venue data"))
        db = pkgs.extract_database(pkg, Path(tmpdir))
        src = pkgs.open_defensive(pkg.path, db)
        try:
            existing = pkgs.venue_by_uid(cat, uid)
            mode = "new"
            if existing is not None:
                mode = _update_mode(cat, pkg, existing, revision, force)
                _backup_before_replace(cat)
            report(0.5, tr("writing to the catalogue"))
            with cat.atomic():
                pkgs.lock_for_write(cat)  # then re-check: another import of this venue may have won the race
                if pkgs.venue_by_uid(cat, uid) != existing:
                    raise PackageError(tr("{path}: another process imported this venue meanwhile; run the import "
                                          "again").format(path=pkg.path))
                venue_id = pkgs.copy_venue(cat, pkg.path, src, into=existing, progress=report,
                                           with_scenarios=bool(pkg.manifest.get("with_scenarios", True)))
                pkgs.record_origin(cat, venue_id, uid=uid, revision=revision, key_id=signer.key_id,
                                   key_name=signer.name, trusted=signer.trusted)
                store.add_audit(cat, venue_id, who=who or current_user(), action="package-import",
                                details={"file": pkg.path.name, "mode": mode, "key_id": signer.key_id,
                                         "key_name": signer.name, "trusted": signer.trusted,
                                         "allow_untrusted": allow_untrusted, "forced": force,
                                         "revision": revision})
        finally:
            src.close()
    name = read.get_venue(cat, venue_id).name
    warnings = []
    if mode == "new":
        twins = [r for r in read.list_venues(cat) if r.name.casefold() == name.casefold() and r.id != venue_id]
        if twins:
            warnings.append(tr("a different venue named {name} was already in the catalogue (id {id}): both are "
                               "kept, refer to them by id").format(name=name, id=twins[0].id))
    if mode == "new":
        message = tr("imported venue {id} ({name}); {signer}")
    else:
        message = tr("updated venue {id} ({name}) from the package, local scenarios and notes kept; {signer}")
    return Changes(venue_id=venue_id, catalogue=True, venue=True, geometry=True, features=True,
                   scenarios=True, message=message.format(id=venue_id, name=name, signer=signer.describe()),
                   warnings=warnings)


def _update_mode(cat: Catalogue, pkg: pkgs.Package, venue_id: int, revision: str, force: bool) -> str:
    origin = pkgs.venue_origin(cat, venue_id) or {}
    local = origin.get("revision") or read.get_venue(cat, venue_id).updated
    if revision > local:
        return "update"
    if force:
        return "forced-older" if revision < local else "forced-same"
    if revision == local:
        raise PackageError(tr("{path}: venue {id} already has this revision ({revision}); use --force to import "
                              "it again").format(path=pkg.path, id=venue_id, revision=revision))
    raise PackageError(tr("{path}: older than venue {id} in the catalogue (package {revision}, catalogue "
                          "{local}); use --force to go back to it").format(
                              path=pkg.path, id=venue_id, revision=revision, local=local))


def _backup_before_replace(cat: Catalogue) -> None:
    from venueplans.catalogue.backup import automatic_backup

    automatic_backup(cat, "before-package-import")


def package_signer(cat: Catalogue, venue_id: int) -> str | None:
    """"package signed by key 'NAME', 3f2a …" for a venue that came from a package, else None."""
    origin = pkgs.venue_origin(cat, venue_id)
    if not origin or not origin.get("key_id"):
        return None
    return Signer(origin["key_id"], origin["key_name"], bool(origin["trusted"])).describe()
