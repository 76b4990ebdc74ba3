"""Venue packages (`.vpkg`): one zip holding one venue, a manifest and its signature.

    manifest.json   format version, the venue's identity and revision, the signer's public key, and the
                    SHA-256 and size of every other entry
    manifest.sig    Ed25519 signature of manifest.json's exact bytes
    venue.sqlite    the venue as a one-venue catalogue (bundle.py's export, scenarios optional)

This module reads and writes the zip and copies rows; it does not judge keys (ops/packages.py verifies the
signature with venueplans.keys before calling `copy_venue`). Everything read from a package is hostile
until proven otherwise: entry names, sizes and compression ratios are checked from the central directory
and again while reading, and the SQLite file is copied out, opened read-only with `trusted_schema=OFF`
(and SQLITE_DBCONFIG_DEFENSIVE where Python exposes `setconfig`, 3.12+), and only its plain tables are
read, never its views or triggers, column by known column.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import struct
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from venueplans.catalogue.bundle import export_bundle
from venueplans.catalogue.codec import decode_arrays
from venueplans.catalogue.db import Catalogue, CatalogueError, now
from venueplans.catalogue.schema import MIGRATIONS
from venueplans.i18n import tr

FORMAT = 1
SUFFIX = ".vpkg"
MANIFEST, SIGNATURE, DATABASE = "manifest.json", "manifest.sig", "venue.sqlite"
ENTRIES = (MANIFEST, SIGNATURE, DATABASE)
LIMITS = {MANIFEST: 1 << 20, SIGNATURE: 64, DATABASE: 1900 << 20}  # bytes, uncompressed (no zip64)
MAX_RATIO = 200  # uncompressed / compressed beyond this (and 1 MiB) is a zip bomb, not a venue

# Copy order respects foreign keys; the columns are the catalogue's own (a package never adds any).
MODEL_TABLES = ("source_models", "storeys", "elements", "spaces", "features", "geometry_batches",
                "geometry_instances")


class PackageError(CatalogueError):
    """A package is refused: one line naming the file and the reason; the catalogue is unchanged."""


@dataclass
class Package:
    path: Path
    manifest_bytes: bytes
    signature: bytes
    manifest: dict

    @property
    def venue(self) -> dict:
        return self.manifest.get("venue") or {}

    @property
    def signer(self) -> dict:
        return self.manifest.get("signer") or {}


def _refuse(path: Path, reason: str) -> PackageError:
    return PackageError(f"{path}: {reason}")


# ---------------------------------------------------------------- writing


def write_package(cat: Catalogue, venue_id: int, target: str | Path, *, uid: str, revision: str,
                  with_scenarios: bool, signer: dict, sign: Callable[[bytes], bytes]) -> dict:
    """Write venue *venue_id* to *target* as a signed package; returns the manifest.

    *signer* is {"key_id", "name", "public_key"} (base64) and *sign* signs the manifest bytes.
    """
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="venueplans-package-") as tmpdir:
        source = _writable_copy(cat, Path(tmpdir)) if cat.read_only else cat
        try:
            db = export_bundle(source, venue_id, Path(tmpdir) / DATABASE)
        finally:
            if source is not cat:
                source.close()
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if not with_scenarios:
                conn.execute("DELETE FROM scenarios")  # phases and annotations follow (ON DELETE CASCADE)
                # ...and so do the audit entries that name them (exercise plans are not for every eye).
                conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
                conn.execute("""DELETE FROM audit WHERE action LIKE 'scenario.%' OR action LIKE 'phase.%'
                                OR action LIKE 'annotation.%' OR details LIKE '%"scenarios"%'
                                OR details LIKE '%"annotations"%' OR details LIKE '%"phases"%'""")
            conn.execute("DROP TABLE bundle")  # its unkeyed digest is replaced by the signed manifest
            conn.execute("VACUUM")
            venue = conn.execute("SELECT name, verified_by, verified_on FROM venues").fetchone()
        finally:
            conn.close()
        data = db.read_bytes()
        manifest = {
            "format": FORMAT,
            "schema_version": len(MIGRATIONS),
            "exported_at": now(),
            "venue": {"uid": uid, "revision": revision, "name": venue[0], "verified_by": venue[1],
                      "verified_on": venue[2]},
            "with_scenarios": with_scenarios,
            "signer": signer,
            "entries": {DATABASE: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}},
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        signature = sign(manifest_bytes)
        try:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".vpkg-", suffix=SUFFIX)
        except OSError as exc:
            raise _refuse(target, tr("cannot write the package ({reason})").format(reason=exc.strerror or exc)) \
                from None
        try:
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
                zf.writestr(canonical_info(MANIFEST), manifest_bytes)
                zf.writestr(canonical_info(SIGNATURE), signature)
                info = canonical_info(DATABASE)
                info.file_size = len(data)
                with zf.open(info, "w") as out:
                    out.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            raise _refuse(target, tr("cannot write the package ({reason})").format(reason=exc.strerror or exc)) \
                from None
        finally:
            Path(tmp).unlink(missing_ok=True)
    return manifest


def _writable_copy(cat: Catalogue, folder: Path) -> Catalogue:
    """A plain scratch copy of a read-only catalogue: export_bundle attaches and writes a file."""
    from venueplans.catalogue.db import open_catalogue

    copy = folder / "source.sqlite"
    if cat.encrypted:
        from venueplans.catalogue.crypt import export_copy

        export_copy(cat.path, cat.passphrase, copy, None)
    else:
        dest = sqlite3.connect(copy)
        try:
            cat.conn.backup(dest)
        finally:
            dest.close()
    return open_catalogue(copy, backup_before_migrate=False)


# ---------------------------------------------------------------- reading

# Every package is written the same way, so any byte of the zip's own structure is checkable: entries
# back to back from offset 0, no extra fields or comments, fixed dates and attributes, local headers
# equal to the central directory. With the signed manifest covering the content, one byte changed
# anywhere in the file is refused.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_ATTR = 0o644 << 16
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_LOCAL_MAGIC, _CENTRAL_SIZE, _END_SIZE = b"PK\x03\x04", 46, 22


def canonical_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = _ATTR
    return info


def _check_layout(path: Path, zf: zipfile.ZipFile, fh) -> None:
    """Refuse any zip not laid out exactly as write_package lays it out."""
    offset = 0
    central = 0
    for info in zf.infolist():
        fixed = (info.date_time == _FIXED_DATE and info.external_attr == _ATTR and info.internal_attr == 0
                 and info.create_system == 3 and info.flag_bits == 0 and info.compress_type == zipfile.ZIP_DEFLATED
                 and not info.extra and not info.comment and info.volume == 0 and info.header_offset == offset
                 and info.create_version == info.extract_version == 20 and info.reserved == 0)
        fh.seek(offset)
        local = fh.read(_LOCAL.size)
        if not fixed or len(local) != _LOCAL.size:
            raise _refuse(path, tr("the zip structure was modified (entry {name!r})").format(name=info.filename))
        (magic, version, _os, flags, method, time, date, crc, csize, usize, nlen, elen) = _LOCAL.unpack(local)
        name = fh.read(nlen)
        expected = (_LOCAL_MAGIC, info.extract_version, 0, info.flag_bits, info.compress_type,
                    (info.date_time[3] << 11) | (info.date_time[4] << 5) | (info.date_time[5] // 2),
                    ((info.date_time[0] - 1980) << 9) | (info.date_time[1] << 5) | info.date_time[2],
                    info.CRC, info.compress_size, info.file_size, len(info.orig_filename.encode()), 0)
        if (magic, version, _os, flags, method, time, date, crc, csize, usize, nlen, elen) != expected or \
                name != info.orig_filename.encode():
            raise _refuse(path, tr("the zip structure was modified (entry {name!r})").format(name=info.filename))
        offset += _LOCAL.size + nlen + info.compress_size
        central += _CENTRAL_SIZE + nlen
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(zf.infolist()), len(zf.infolist()), central, offset, 0)
    fh.seek(0, os.SEEK_END)
    if zf.comment or zf.start_dir != offset or fh.tell() != offset + central + _END_SIZE:
        raise _refuse(path, tr("the zip structure was modified (directory)"))
    fh.seek(offset + central)
    if fh.read(_END_SIZE) != end:
        raise _refuse(path, tr("the zip structure was modified (directory)"))


def _safe_name(name: str) -> bool:
    p = PurePosixPath(name)
    return not ("\\" in name or "\x00" in name or p.is_absolute() or ".." in p.parts or ":" in name)


def _check_entries(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        if not _safe_name(info.filename):
            raise _refuse(path, tr("unsafe entry name {name!r} (path traversal): refused").format(
                name=info.filename))
        if info.filename not in ENTRIES:
            raise _refuse(path, tr("unexpected entry {name!r}: not a venue package").format(name=info.filename))
        if info.filename in infos:
            raise _refuse(path, tr("entry {name!r} appears twice: refused").format(name=info.filename))
        if info.file_size > LIMITS[info.filename]:
            raise _refuse(path, tr("entry {name!r} is too large ({size:,} bytes, at most {limit:,})").format(
                name=info.filename, size=info.file_size, limit=LIMITS[info.filename]))
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(path, tr("entry {name!r} expands {ratio:,} times (a zip bomb?): refused").format(
                name=info.filename, ratio=info.file_size // max(info.compress_size, 1)))
        infos[info.filename] = info
    missing = [n for n in (MANIFEST, SIGNATURE) if n not in infos]
    if missing:
        what = tr("unsigned package (no signature)") if SIGNATURE in missing else tr("no manifest")
        raise _refuse(path, tr("{what}: refused").format(what=what))
    return infos


def _read_limited(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, out=None) -> bytes:
    """The entry's bytes (or streamed to *out*), never more than it declared: a lying header is refused."""
    chunks, total = [], 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > info.file_size or total > LIMITS[info.filename]:
                    raise _refuse(path, tr("entry {name!r} is larger than it declares: refused").format(
                        name=info.filename))
                if out is None:
                    chunks.append(chunk)
                else:
                    out(chunk)
    except PackageError:
        raise
    except Exception as exc:  # noqa: BLE001 - BadZipFile, zlib.error, EOFError...: a damaged stream, not a bug
        raise _refuse(path, tr("damaged package ({reason})").format(reason=f"{exc}")) from None
    return b"".join(chunks)


def read_package(path: str | Path) -> Package:
    """The package's manifest and signature, checked for shape only (the signature is not verified here)."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(path, tr("no such file"))
    try:
        with open(path, "rb") as fh, zipfile.ZipFile(fh) as zf:
            infos = _check_entries(path, zf)
            _check_layout(path, zf, fh)
            manifest_bytes = _read_limited(path, zf, infos[MANIFEST])
            signature = _read_limited(path, zf, infos[SIGNATURE])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, tr("not a venue package (not a readable zip file)")) from None
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refuse(path, tr("the manifest is damaged or was modified (not valid JSON)")) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise _refuse(path, tr("the manifest is damaged or was modified (no format version)"))
    if manifest["format"] > FORMAT:
        raise _refuse(path, tr("package format {found} is newer than this venueplans understands ({known}): "
                               "update venueplans").format(found=manifest["format"], known=FORMAT))
    entries = manifest.get("entries")
    if not isinstance(entries, dict) or not isinstance(entries.get(DATABASE), dict):
        raise _refuse(path, tr("the manifest is damaged or was modified (no entry list)"))
    if not isinstance(manifest.get("signer"), dict) or not isinstance(manifest.get("venue"), dict):
        raise _refuse(path, tr("the manifest is damaged or was modified (no signer or venue)"))
    if len(signature) != 64:
        raise _refuse(path, tr("the signature is damaged or was modified"))
    return Package(path, manifest_bytes, signature, manifest)


def extract_database(pkg: Package, folder: Path) -> Path:
    """Copy venue.sqlite out of *pkg* into *folder*, checking its size and SHA-256 against the manifest."""
    expected = pkg.manifest["entries"][DATABASE]
    target = folder / DATABASE
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(pkg.path) as zf, open(target, "wb") as out:
            infos = _check_entries(pkg.path, zf)
            if DATABASE not in infos:
                raise _refuse(pkg.path, tr("entry {name!r} is missing").format(name=DATABASE))

            def write(chunk: bytes) -> None:
                digest.update(chunk)
                try:
                    out.write(chunk)
                except OSError as exc:  # a full disk is not a damaged package
                    raise _refuse(pkg.path, tr("cannot unpack the venue data into {folder} ({reason})").format(
                        folder=folder, reason=exc.strerror or exc)) from None

            _read_limited(pkg.path, zf, infos[DATABASE], write)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(pkg.path, tr("damaged package ({reason})").format(reason=exc)) from None
    if digest.hexdigest() != expected.get("sha256") or target.stat().st_size != expected.get("size"):
        raise _refuse(pkg.path, tr("entry {name!r} is damaged or was modified (SHA-256 mismatch)").format(
            name=DATABASE))
    return target


# ---------------------------------------------------------------- the package's SQLite, defensively


def open_defensive(pkg_path: Path, db: Path) -> sqlite3.Connection:
    """Open the extracted copy read-only, trusting nothing in its schema."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise _refuse(pkg_path, tr("unreadable venue data ({reason})").format(reason=exc)) from None
    try:
        if hasattr(conn, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):  # Python 3.12+
            conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA query_only = ON")
        conn.row_factory = sqlite3.Row
        if [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]:
            raise _refuse(pkg_path, tr("the venue data is damaged (SQLite quick_check failed)"))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise _refuse(pkg_path, tr("the venue data has schema version {v}, newer than this venueplans "
                                       "({known}): update venueplans").format(v=version, known=len(MIGRATIONS)))
    except sqlite3.Error as exc:
        conn.close()
        raise _refuse(pkg_path, tr("unreadable venue data ({reason})").format(reason=exc)) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    """Plain tables only: a view with a table's name is never read."""
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"SELECT * FROM pragma_table_info('{table}')")]


def _rows(src: sqlite3.Connection, dest_cols: list[str], table: str, where: str = "", params=()) -> list[dict]:
    """Rows of *table* in *src*, only the columns the catalogue has (quoted: hostile names are inert)."""
    have = set(_columns(src, table))
    cols = [c for c in dest_cols if c in have]
    sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{table}" {where}'
    return [dict(zip(cols, r, strict=True)) for r in src.execute(sql, params)]


def copy_venue(cat: Catalogue, pkg_path: Path, src: sqlite3.Connection, *, into: int | None = None,
               with_scenarios: bool = True, progress: Callable[[float, str], None] | None = None) -> int:
    """Copy the package's one venue into *cat* (the caller holds `cat.atomic()`); returns its id.

    *into* an existing venue: its model, features, photos, sign-off and audit trail are replaced or
    extended from the package; its notes and scenarios (local work) are kept, and the package's scenarios
    are added only where no local scenario has the same name.
    """
    needed = {"venues", *MODEL_TABLES, "feature_photos", "scenarios", "phases", "annotations", "audit"}
    missing = needed - _tables(src)
    if missing:
        raise _refuse(pkg_path, tr("the venue data lacks table(s) {names}").format(names=", ".join(sorted(missing))))
    conn = cat.conn
    dest_cols = {t: _columns(conn, t) for t in needed}
    venues = _rows(src, dest_cols["venues"], "venues")
    if len(venues) != 1:
        raise _refuse(pkg_path, tr("a package holds exactly one venue, this one has {n}").format(n=len(venues)))
    venue = venues[0]
    old_venue = venue.pop("id")
    venue.update(sample_key=None, last_opened=None)
    for table in ("geometry_batches", "geometry_instances"):  # geometry that does not decode is refused now
        for row in _rows(src, ["id", "data"], table):
            try:
                decode_arrays(row["data"])
            except Exception:  # noqa: BLE001 - any decode failure means damaged content
                raise _refuse(pkg_path, tr("the venue data is damaged (unreadable geometry)")) from None
    if into is None:
        venue_id = _insert(conn, "venues", venue)
        local_scenarios: set[str] = set()
    else:
        venue_id = into
        local = conn.execute("SELECT notes FROM venues WHERE id = ?", (into,)).fetchone()
        venue.pop("created", None)
        venue["notes"] = local["notes"]  # local notes stay
        conn.execute(f"UPDATE venues SET {', '.join(c + ' = ?' for c in venue)} WHERE id = ?",
                     (*venue.values(), into))
        for table in MODEL_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE venue_id = ?", (into,))  # photos follow the features
        local_scenarios = {r[0] for r in conn.execute("SELECT name FROM scenarios WHERE venue_id = ?", (into,))}
    feature_ids: dict[int, int] = {}
    for n, table in enumerate(MODEL_TABLES):
        if progress:
            progress(0.5 + 0.4 * n / len(MODEL_TABLES), tr("writing {table}").format(table=table))
        for row in _rows(src, dest_cols[table], table, "WHERE venue_id = ? ORDER BY id", (old_venue,)):
            old = row.pop("id")
            row["venue_id"] = venue_id
            new = _insert(conn, table, row)
            if table == "features":
                feature_ids[old] = new
    for row in _rows(src, dest_cols["feature_photos"], "feature_photos", "ORDER BY id"):
        row.pop("id")
        if row.get("feature_id") in feature_ids:
            row["feature_id"] = feature_ids[row["feature_id"]]
            _insert(conn, "feature_photos", row)
    if with_scenarios:
        _copy_scenarios(conn, src, dest_cols, old_venue, venue_id, skip=local_scenarios)
    seen = set()
    if into is not None:
        seen = {(r[0], r[1], r[2], r[3]) for r in conn.execute(
            "SELECT at, who, action, details FROM audit WHERE venue_id = ?", (into,))}
    for row in _rows(src, dest_cols["audit"], "audit", "ORDER BY id"):
        row.pop("id")
        if (row.get("at"), row.get("who"), row.get("action"), row.get("details")) in seen:
            continue  # an update brings only the entries this catalogue has not seen yet
        row["venue_id"] = venue_id
        _insert(conn, "audit", row)
    from venueplans.catalogue.store import reindex_venue

    reindex_venue(cat, venue_id)
    return venue_id


def _copy_scenarios(conn, src, dest_cols, old_venue: int, venue_id: int, *, skip: set[str]) -> None:
    scenario_ids: dict[int, int] = {}
    phase_ids: dict[int, int] = {}
    for row in _rows(src, dest_cols["scenarios"], "scenarios", "WHERE venue_id = ? ORDER BY id", (old_venue,)):
        old = row.pop("id")
        if row.get("name") in skip:
            continue
        row["venue_id"] = venue_id
        scenario_ids[old] = _insert(conn, "scenarios", row)
    for row in _rows(src, dest_cols["phases"], "phases", "ORDER BY id"):
        old = row.pop("id")
        if row.get("scenario_id") in scenario_ids:
            row["scenario_id"] = scenario_ids[row["scenario_id"]]
            phase_ids[old] = _insert(conn, "phases", row)
    for row in _rows(src, dest_cols["annotations"], "annotations", "ORDER BY id"):
        row.pop("id")
        if row.get("scenario_id") in scenario_ids:
            row["scenario_id"] = scenario_ids[row["scenario_id"]]
            row["phase_id"] = phase_ids.get(row.get("phase_id"))
            _insert(conn, "annotations", row)


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO main.{table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols]
    )
    return int(cur.lastrowid)


# ---------------------------------------------------------------- a venue's identity across catalogues


def venue_origin(cat: Catalogue, venue_id: int) -> dict | None:
    row = cat.conn.execute("SELECT * FROM venue_origin WHERE venue_id = ?", (venue_id,)).fetchone()
    return dict(row) if row else None


def lock_for_write(cat: Catalogue) -> None:
    """Take the write lock now (inside cat.atomic()): what is read next cannot go stale before the writes."""
    cat.conn.execute("UPDATE venue_origin SET uid = uid WHERE 0")


def venue_by_uid(cat: Catalogue, uid: str) -> int | None:
    row = cat.conn.execute("SELECT venue_id FROM venue_origin WHERE uid = ?", (uid,)).fetchone()
    return int(row[0]) if row else None


def ensure_uid(cat: Catalogue, venue_id: int, new_uid: str) -> str:
    """The venue's identity, recorded as *new_uid* the first time it leaves this catalogue."""
    origin = venue_origin(cat, venue_id)
    if origin:
        return origin["uid"]
    if cat.read_only:  # cannot record one: derive it from what does not change
        created = cat.conn.execute("SELECT created FROM venues WHERE id = ?", (venue_id,)).fetchone()[0]
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"venueplans:{cat.path.resolve()}:{venue_id}:{created}"))
    with cat.atomic():
        cat.conn.execute("INSERT INTO venue_origin (venue_id, uid) VALUES (?, ?)", (venue_id, new_uid))
    return new_uid


def record_origin(cat: Catalogue, venue_id: int, *, uid: str, revision: str, key_id: str, key_name: str,
                  trusted: bool) -> None:
    cat.conn.execute(
        """INSERT INTO venue_origin (venue_id, uid, revision, key_id, key_name, trusted, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(venue_id) DO UPDATE SET uid = excluded.uid, revision = excluded.revision,
               key_id = excluded.key_id, key_name = excluded.key_name, trusted = excluded.trusted,
               imported_at = excluded.imported_at""",
        (venue_id, uid, revision, key_id, key_name, int(trusted), now()),
    )
