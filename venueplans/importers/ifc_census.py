"""What an IFC file declares against what ifcopenshell loaded from it: silent data loss made visible.

ifcopenshell's parser does not stop at a damaged entity: it logs an error and carries on, and a stray
quote can swallow thousands of entities without an exception. A file cut short whose end marker was put
back loads as half a building. Three cheap checks catch these, run in the worker right after opening:

- the number of entity lines in the file (lines starting with `#`, counted in chunks, ~0.1 s per
  100 MB) against the number of entities loaded; when some are missing, a second pass finds the first
  missing one and its line number;
- references to entities the file does not contain (logged by ifcopenshell), grouped into one line;
- the parser's "at offset N" turned into "line N", the way a user opens a file in an editor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from venueplans.i18n import tr
from venueplans.model.messages import Message, joined, tr_later, tr_n_later, translated

_CHUNK = 16 << 20
_ENTITY = re.compile(rb"^[ \t]*#(\d+)[ \t]*=", re.MULTILINE)
_OFFSET = re.compile(r"\s+at offset (\d+)")
_MISSING_REF = re.compile(r"Instance reference #(\d+) used by instance #(\d+) .*not found")


@dataclass(frozen=True)
class Census:
    declared: int  # entity lines in the file
    loaded: int  # entities ifcopenshell holds
    first_missing: tuple[int, int] | None = None  # (instance number, line) of the first one dropped

    @property
    def lost(self) -> int:
        return max(0, self.declared - self.loaded)

    def summary(self) -> Message:
        """What was loaded of what the file declares (a message: `translated()` where shown)."""
        text = tr_later("loaded {loaded:,} of {declared:,} entities", loaded=self.loaded, declared=self.declared)
        if self.first_missing:
            ident, line = self.first_missing
            return joined(text, tr_later(": line {line:,} (#{ident}) could not be parsed", line=line, ident=ident))
        return text


def count_entity_lines(path: Path) -> int:
    """Lines of *path* that start with '#' (one per entity in every exporter's output)."""
    count, previous = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            count += chunk.count(b"\n#") + int(previous == b"\n" and chunk[:1] == b"#")
            previous = chunk[-1:]
    return count


def first_missing(path: Path, loaded: set[int]) -> tuple[int, int] | None:
    """(instance number, 1-based line) of the first entity line whose entity was not loaded."""
    line, tail = 1, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            block = tail + chunk
            cut = block.rfind(b"\n") + 1 or len(block)
            block, tail = block[:cut], block[cut:]
            for m in _ENTITY.finditer(block):
                if int(m.group(1)) not in loaded:
                    return int(m.group(1)), line + block.count(b"\n", 0, m.start())
            line += block.count(b"\n")
    if tail:
        m = _ENTITY.match(tail)
        if m and int(m.group(1)) not in loaded:
            return int(m.group(1)), line
    return None


def take_census(path: Path, loaded_ids) -> Census:
    """Compare the entity lines of *path* with *loaded_ids* (ifcopenshell's `file.entity_names()`)."""
    declared, loaded = count_entity_lines(path), len(loaded_ids)
    if declared <= loaded:
        return Census(declared, loaded)
    return Census(declared, loaded, first_missing(path, set(loaded_ids)))


def line_of(path: Path, offset: int) -> int:
    """1-based line number of byte *offset* in *path*."""
    line, done = 1, 0
    with open(path, "rb") as fh:
        while done < offset and (chunk := fh.read(min(_CHUNK, offset - done))):
            line += chunk.count(b"\n")
            done += len(chunk)
    return line


def with_lines(path: Path, message: str) -> Message:
    """*message* with ifcopenshell's "at offset N" replaced by "on line N" (in the reader's language)."""
    match = _OFFSET.search(message)
    if not match:
        return message
    where = tr_later("on line {line:,}", line=line_of(path, int(match.group(1))))
    return joined(f"{message[: match.start()]} ", where, message[match.end():])


def log_entries(log: str) -> list[dict]:
    """ifcopenshell's JSON log (`set_log_format_json`) as a list of entries; other lines are skipped."""
    entries = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return entries


def parse_error(path: Path, entries: list[dict]) -> str:
    """The first error the parser logged, with its line: what to say instead of "check logs"."""
    nul = _first_nul(path)
    if nul is not None:  # the parser's own message stops at the NUL: say what it is
        return tr("a NUL byte on line {line:,}: binary data in a text file").format(line=line_of(path, nul))
    for entry in entries:
        if entry.get("level") == "error" and entry.get("message"):
            return translated(with_lines(path, " ".join(str(entry["message"]).split())))
    return ""


def _first_nul(path: Path) -> int | None:
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            at = chunk.find(b"\0")
            if at >= 0:
                return done + at
            done += len(chunk)
    return None


def missing_references(path: Path, entries: list[dict]) -> tuple[Message, list[dict]]:
    """One warning for every "Instance reference #X ... not found" entry, and the other entries."""
    missing: dict[str, tuple[str, str]] = {}
    others = []
    for entry in entries:
        m = _MISSING_REF.search(str(entry.get("message", "")))
        if m is None:
            others.append(entry)
            continue
        missing.setdefault(m.group(1), (m.group(2), str(entry["message"])))
    if not missing:
        return "", others
    ident, (user, message) = next(iter(missing.items()))
    offset = _OFFSET.search(message)
    where = tr_later(" on line {line:,}", line=line_of(path, int(offset.group(1)))) if offset else ""
    n = len(missing)
    warning = tr_n_later(
        "{n} entity referred to is missing from the file (#{ident}, used by #{user}{where}): "
        "parts of the building may be missing; was the file cut short?",
        "{n} entities referred to are missing from the file (first #{ident}, used by #{user}{where}): "
        "parts of the building may be missing; was the file cut short?",
        n,
        n=n, ident=ident, user=user, where=where,
    )
    return warning, others
