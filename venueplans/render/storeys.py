"""Finding a storey the way people name it: by index ("0", "2") or by name ("Erdgeschoss", "level 1")."""

from __future__ import annotations

from venueplans.model import Storey


def find_storey(storeys: list[Storey], ref: int | str) -> int:
    """The index of the storey *ref* names: an index, an exact name or a unique name prefix (any case).

    Raises ValueError listing the storeys when nothing or more than one storey matches.
    """
    text = str(ref).strip()
    if text.lstrip("-").isdigit() and any(s.index == int(text) for s in storeys):
        return int(text)
    folded = text.casefold()
    found = [s for s in storeys if s.name.casefold() == folded]
    if not found and folded:
        found = [s for s in storeys if s.name.casefold().startswith(folded)]
    if len(found) == 1:
        return found[0].index
    names = ", ".join(f"{s.index}: {s.name}" for s in storeys) or "none"
    what = "is ambiguous" if found else "not found"
    raise ValueError(f"storey {text!r} {what} (storeys: {names})")
