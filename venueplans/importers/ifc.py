"""Import IFC (.ifc, .ifczip) files: checks in the calling process, reading in a worker process.

An IFC file is an ISO 10303-21 ("STEP") text file: a HEADER naming the schema it follows
(`FILE_SCHEMA(('IFC4'))`), a DATA section of numbered entities, and the `END-ISO-10303-21;` line. An
.ifczip is a zip archive holding one such file.

Before any worker starts, this module refuses in one line what cannot work, without loading
ifcopenshell: a file that is not STEP, a schema ifcopenshell 0.9 cannot open (IFC2X_FINAL, a bare
'IFC4X3' that was never a published identifier), a file cut short (no `END-ISO-10303-21;`, which
ifcopenshell would otherwise load silently as half a building), and archives whose unpacked size is
absurd (zip bombs). The file itself is read by `ifc_read.read_ifc` in a child process
(`worker.run_isolated`): a crash, a hang or a memory blow-up there is an ImportFailed here. A crash
with the default kernel is retried once with OCC alone, the slow but mature kernel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from venueplans.i18n import tr
from venueplans.importers.errors import ImportFailed
from venueplans.importers.worker import WorkerLimits, WorkerLost, run_isolated
from venueplans.model.imported import ImportedModel
from venueplans.model.messages import Message, tr_later

# Schema identifiers ifcopenshell 0.9 opens (IFC4X3_ADD2 is the published IFC 4.3, ISO 16739-1:2024).
SUPPORTED_SCHEMAS = ("IFC2X3", "IFC4", "IFC4X3_ADD2")
SUPPORTED_TEXT = ", ".join(SUPPORTED_SCHEMAS)
FOOTER = b"END-ISO-10303-21;"
HEADER_BYTES = 64 << 10  # FILE_SCHEMA is in the first few hundred bytes; allow long FILE_NAME lists
TAIL_BYTES = 64 << 10  # exporters may append blank lines or comments after the footer

MAX_UNZIPPED = 4 << 30  # bytes: no real venue model comes near
MAX_RATIO = 200  # IFC text deflates ~5-15x; 1000x is a constructed archive
RATIO_MIN_SIZE = 64 << 20  # tiny members may compress absurdly well and harm nobody

READER = "venueplans.importers.ifc_read:read_ifc"  # tests point this at a crashing stand-in
SAFE_KERNEL = "opencascade"
MAX_LEFT_OUT = 20  # elements left out because they crash or hang the kernel; more is a broken file

_SCHEMA = re.compile(rb"FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'", re.IGNORECASE)


def import_ifc(
    path: str | Path,
    *,
    unit: str | None = None,
    up: str | None = None,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    limits: WorkerLimits | None = None,
    kernel: str | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ImportedModel:
    """Read an .ifc or .ifczip file. Raises ImportFailed with a one-line reason naming the file.

    *unit* and *up* exist for meshes: an IFC file declares its length unit and is Z-up by definition,
    so they are only checked (a conflicting value becomes a warning). *on_start* receives the worker's
    pid (tests use it to kill the worker).
    """
    path = Path(path)
    warnings = _option_warnings(unit, up)
    if path.suffix.lower() == ".ifczip":
        with tempfile.TemporaryDirectory(prefix="venueplans-ifczip-") as tmp:
            inner, note = _unzip(path, Path(tmp))
            if note:
                warnings.append(note)
            check_step_file(inner, shown_as=path)
            with _utf8_path(inner) as readable:
                return _read(readable, path, "ifczip", warnings, progress, cancelled, limits, kernel, on_start)
    check_step_file(path)
    with _utf8_path(path) as readable:
        return _read(readable, path, "ifc", warnings, progress, cancelled, limits, kernel, on_start)


@contextlib.contextmanager
def _utf8_path(path: Path):
    """*path*, or a copy ifcopenshell can open: a link under a UTF-8 name (ifcopenshell takes file names
    as UTF-8 and refuses a Latin-1 name copied from an old disk), or a copy without the UTF-8
    byte-order mark some editors add (ifcopenshell refuses a file that does not start with ISO-10303-21)."""
    with open(path, "rb") as fh:
        bom = fh.read(3) == b"\xef\xbb\xbf"
    try:
        os.fsencode(path).decode("utf-8")
        if not bom:
            yield path
            return
    except UnicodeDecodeError:
        pass
    with tempfile.TemporaryDirectory(prefix="venueplans-ifc-") as tmp:
        copy = Path(tmp) / "model.ifc"
        if bom:
            with open(path, "rb") as src, open(copy, "wb") as out:
                src.seek(3)
                shutil.copyfileobj(src, out, 1 << 20)
        else:
            try:
                os.link(path, copy)
            except OSError:
                shutil.copyfile(path, copy)
        yield copy


def check_step_file(path: Path, *, shown_as: Path | None = None) -> str:
    """The schema identifier of an IFC-SPF file, or ImportFailed saying why it cannot be imported."""
    shown = shown_as or path
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(HEADER_BYTES)
            fh.seek(max(0, size - TAIL_BYTES))
            tail = fh.read()
    except OSError as exc:
        raise ImportFailed(shown, tr("cannot read the file: {value}").format(value=exc.strerror or exc)) from None
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"ISO-10303-21;"):
        raise ImportFailed(shown, tr("not an IFC file: it does not start with ISO-10303-21;"))
    match = _SCHEMA.search(head)
    if match is None:
        raise ImportFailed(shown, tr("not an IFC file: its header has no FILE_SCHEMA"))
    schema = match.group(1).decode("ascii", "replace").strip().upper()
    if schema not in SUPPORTED_SCHEMAS:
        hint = (
            ": not a published identifier, IFC 4.3 files say IFC4X3_ADD2"
            if schema.startswith("IFC4X3")
            else ""
        )
        raise ImportFailed(shown, tr("unsupported IFC schema {schema}{hint} (supported: {SUPPORTED_TEXT})").format(schema=schema, hint=hint, SUPPORTED_TEXT=SUPPORTED_TEXT))
    if FOOTER not in tail:
        raise ImportFailed(shown, tr("truncated: the file ({size:,} bytes) ends before END-ISO-10303-21;").format(size=size))
    return schema


def _read(ifc_path, source, fmt, warnings, progress, cancelled, limits, kernel, on_start) -> ImportedModel:
    kwargs = {
        "path": str(ifc_path),
        "source_path": str(source),
        "source_format": fmt,
        "extra_warnings": list(warnings),
    }
    if kernel:
        kwargs["kernel"] = kernel

    def attempt(kw: dict) -> ImportedModel:
        return _without_bad_elements(kw, source, limits, progress, cancelled, on_start)

    try:
        return attempt(kwargs)
    except ImportFailed as exc:
        if exc.code != "crashed" or kernel == SAFE_KERNEL:
            raise
        # A kernel crash is a bug of the kernel on this file, not of the file: OCC alone may cope.
        warning = tr_later("the default geometry kernel crashed on this file; read again with {kernel}",
                           kernel=SAFE_KERNEL)
        return attempt({**kwargs, "kernel": SAFE_KERNEL, "extra_warnings": [*warnings, warning]})


def _without_bad_elements(kwargs, source, limits, progress, cancelled, on_start) -> ImportedModel:
    """Run the reader; when the worker crashes or stalls while tessellating, run it again without the
    element it was on. The first loss only tells that something went wrong: the next attempt goes
    element by element past what is known to work, so that the culprit is named and left out."""
    limits = limits or WorkerLimits()
    deadline = time.monotonic() + limits.time_limit  # for all attempts together
    left_out: dict[int, Message] = {}  # step id -> warning
    careful: set[int] | None = None
    while True:
        kw = {**kwargs, "left_out": dict(left_out), "careful": sorted(careful) if careful is not None else None}
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ImportFailed(source, tr("import took longer than {time_limit:.0f} s and was stopped").format(time_limit=limits.time_limit))
        try:
            return run_isolated(
                READER, kw, path=source, limits=dataclasses.replace(limits, time_limit=remaining),
                progress=progress, cancelled=cancelled, on_start=on_start,
            )
        except WorkerLost as exc:
            lost = exc
        except ImportFailed as exc:
            if exc.code == "timeout":  # say the limit, not what was left of it
                raise ImportFailed(
                    source, tr("import took longer than {time_limit:.0f} s and was stopped").format(time_limit=limits.time_limit)
                ) from None
            raise
        progressed = careful is None or bool(set(lost.done) - careful)
        if lost.element is None and not progressed:
            raise ImportFailed(source, lost.reason, code=lost.code) from None
        if lost.element is not None:
            key, name = lost.element
            why = (
                tr_later("its geometry made no progress for {seconds:.0f} s", seconds=limits.stall_limit)
                if lost.stalled
                else tr_later("the geometry kernel crashed on it")
            )
            left_out[key] = tr_later("{element} could not be tessellated ({why}): left out", element=name, why=why)
            if len(left_out) > MAX_LEFT_OUT:
                raise ImportFailed(
                    source,
                    tr("more than {n} elements could not be tessellated (the last: {element})").format(
                        n=MAX_LEFT_OUT, element=name
                    ),
                ) from None
        careful = (careful or set()) | set(lost.done)


def _unzip(archive: Path, dest: Path) -> tuple[Path, Message]:
    """Extract the .ifc member of *archive* into *dest*, refusing zip bombs; (path, warning or "")."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(archive, tr("not a readable zip archive: {exc}").format(exc=exc)) from None
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED:
            raise ImportFailed(
                archive,
                tr("archive would unpack to {value:.1f} GB (limit {value2:.0f} GB): refused as a possible zip bomb").format(value=total / 2 ** 30, value2=MAX_UNZIPPED / 2 ** 30),
            )
        for m in members:
            if m.file_size > RATIO_MIN_SIZE and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise ImportFailed(
                    archive,
                    tr("{filename} would unpack {value}x its packed size: refused as a possible zip bomb").format(filename=m.filename, value=m.file_size // max(m.compress_size, 1)),
                )
        ifcs = [
            m
            for m in members
            if m.filename.lower().endswith(".ifc") and not m.filename.startswith("__MACOSX/")
        ]
        if not ifcs:
            raise ImportFailed(archive, tr("the archive contains no .ifc file"))
        chosen = ifcs[0]
        target = dest / "model.ifc"
        # Copy with a running count: the sizes in the directory are the archive's claim, not a promise.
        limit, written = chosen.file_size, 0
        try:
            with zf.open(chosen) as src, open(target, "wb") as out:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > limit:
                        raise ImportFailed(
                            archive, tr("{filename} unpacks larger than the archive declares: refused").format(filename=chosen.filename)
                        )
                    out.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error, ValueError) as exc:
            # zlib.error: the member's deflated data is damaged (its CRC is never reached).
            raise ImportFailed(
                archive,
                tr("the archive is damaged: {member} cannot be unpacked ({detail})").format(
                    member=chosen.filename, detail=exc
                ),
            ) from None
        # Keep the member's own name for messages and the header check.
        named = dest / Path(chosen.filename).name
        shutil.move(target, named)
    note: Message = ""
    if len(ifcs) > 1:
        note = tr_later("the archive holds {n} .ifc files; imported the first, {name}", n=len(ifcs), name=chosen.filename)
    return named, note


def _option_warnings(unit: str | None, up: str | None) -> list[Message]:
    out: list[Message] = []
    if unit:
        out.append(tr_later("length unit {unit!r} ignored: an IFC file declares its own unit", unit=unit))
    if up and up.lower() not in ("z", "+z"):
        out.append(tr_later("up axis {up!r} ignored: IFC models are Z-up by definition", up=up))
    return out
