"""Messages stored language-neutral and translated when they are read.

An import warning is kept in the catalogue for as long as the venue, and read by people in other
languages than the one active at import time. So the importers do not store translated text but the
English source text (the gettext msgid) with its named fields, as plain JSON:

    tr_later("{n} door(s) carry {prop} = {value!r} ...", n=3, prop="FireExit", value="FireExit")
    -> {"msg": "{n} door(s) carry ...", "args": {"n": 3, "prop": "FireExit", "value": "FireExit"}}
    tr_n_later("{n} element is in no storey", "{n} elements are in no storey", 4, n=4)
    -> {"msg": ..., "plural": ..., "n": 4, "args": {"n": 4}}
    joined(a, b)  -> {"join": [a, b]}          # parts translated one by one, then concatenated

A field may itself be a message (a dict): it is translated too. Plain strings are shown as they are,
so warnings stored before this format (text in the importer's language) are still readable.
`translated(value)` gives the text in the current language; call it where the text is shown.
Extraction: `tr_later` and `tr_n_later:1,2` are keywords of `make translations`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from venueplans.i18n import tr, tr_n

Message = str | dict[str, Any]


def tr_later(msgid: str, /, **args: Any) -> dict[str, Any]:
    """*msgid* (English source text with named fields) and its fields, translated when shown."""
    return {"msg": msgid, "args": args} if args else {"msg": msgid}


def tr_n_later(singular: str, plural: str, n: int, /, **args: Any) -> dict[str, Any]:
    """The singular/plural pair chosen by *n* when shown, with its fields."""
    out: dict[str, Any] = {"msg": singular, "plural": plural, "n": int(n)}
    if args:
        out["args"] = args
    return out


def joined(*parts: Message) -> Message:
    """*parts* shown one after the other (each translated on its own); empty parts are dropped."""
    kept = [p for p in parts if p]
    return kept[0] if len(kept) == 1 else {"join": kept}


def translated(value: Message | None) -> str:
    """*value* as text in the current language (a stored plain string as it is)."""
    if isinstance(value, str):
        old = _OLD_LOG_LINE.match(value)
        return _render(_old_log_line(old)) if old else value
    return _render(value)


def _render(value: Message | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # a part or a field: data, shown as it is
        return value
    if not isinstance(value, dict):
        return str(value)
    if "join" in value:
        return "".join(_render(p) for p in value["join"])
    msgid = str(value.get("msg", ""))
    args = {k: _render(v) if isinstance(v, dict) else v for k, v in (value.get("args") or {}).items()}
    if "plural" in value:
        text = tr_n(msgid, str(value["plural"]), int(value.get("n", 1)))
    else:
        text = tr(msgid)
    try:
        return text.format(**args)
    except (KeyError, IndexError, ValueError, TypeError):
        try:  # a translation with a broken field: the English text, still with its values
            return msgid.format(**args)
        except (KeyError, IndexError, ValueError, TypeError):
            return msgid


# ifcopenshell's log lines were stored as English text (an f-string, whatever the language) before warnings
# were stored as messages: catalogues and sample bundles from then show their venueplans parts translated.
_OLD_LOG_LINE = re.compile(r"^(?P<head>ifcopenshell [^:]*: .*?)(?: \((?P<count>\d+) times\))?(?:; e\.g\. (?P<instance>.*))?$")


def _old_log_line(match: re.Match) -> Message:
    count, instance = match.group("count"), match.group("instance")
    return joined(match.group("head"), tr_later(" ({count} times)", count=int(count)) if count else "",
                  tr_later("; e.g. {instance}", instance=instance) if instance else "")


def translated_all(values: Iterable[Message]) -> list[str]:
    """Every message of *values* as text in the current language."""
    return [translated(v) for v in values]


def identity(value: Message) -> str:
    """A key that is equal for equal messages (messages are dicts, which cannot be set members)."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def unique(values: Iterable[Message]) -> list[Message]:
    """*values* without repeats, in their order."""
    seen: dict[str, Message] = {}
    for v in values:
        seen.setdefault(identity(v), v)
    return list(seen.values())
