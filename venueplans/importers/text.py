"""Text from hostile files made safe to print and to store.

Python decodes undecodable bytes (a flipped byte in an IFC string, a Latin-1 file name on a UTF-8
system) into lone surrogates ('\\udce9'); printing or storing them in SQLite then raises
UnicodeEncodeError far from the file that caused it. Every text an importer hands on goes through
`clean`: valid text is unchanged, an undecodable byte becomes U+FFFD.
"""

from __future__ import annotations

import dataclasses
from typing import Any


def clean(text: str) -> str:
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        # surrogateescape restores the original bytes; surrogates that were never bytes become '?'.
        raw = text.encode("utf-8", "surrogateescape") if _escaped_only(text) else text.encode("utf-8", "replace")
        return raw.decode("utf-8", "replace")


def _escaped_only(text: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def scrub(value: Any, _depth: int = 0) -> Any:
    """*value* with every string in it cleaned: strings, lists, tuples, dicts and dataclasses (in place
    for lists, dicts and dataclasses). numpy arrays and other objects are left alone."""
    if isinstance(value, str):
        return clean(value)
    if _depth > 12:
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = scrub(item, _depth + 1)
    elif isinstance(value, tuple):
        return tuple(scrub(item, _depth + 1) for item in value)
    elif isinstance(value, dict):
        for key in list(value):
            fixed = scrub(value.pop(key), _depth + 1)
            value[clean(key) if isinstance(key, str) else key] = fixed
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            if isinstance(current, (str, list, tuple, dict)) or dataclasses.is_dataclass(current):
                setattr(value, f.name, scrub(current, _depth + 1))
    return value
