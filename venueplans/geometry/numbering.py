"""Exit numbering: clockwise from the main entrance, storey by storey.

A tactical team says "exit 4": the number must mean one door in the whole venue and be guessable from
the plan. Exits are numbered per storey in clockwise order (seen from above) around the building's
centre, starting at the bearing of the main entrance, storeys in ascending order, and the numbers run
on from one storey to the next so each is unique in the venue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence


def clockwise_order(
    points: Sequence[tuple[float, float]],
    centre: tuple[float, float],
    start: tuple[float, float] | None = None,
) -> list[int]:
    """Indices of *points* sorted clockwise around *centre*, beginning at the bearing of *start*.

    Without *start*, numbering begins at north (12 o'clock) like a clock face.
    """
    cx, cy = centre
    if start is None:
        start_angle = math.pi / 2
    else:
        start_angle = math.atan2(start[1] - cy, start[0] - cx)

    def clockwise_from_start(i: int) -> tuple[float, float]:
        x, y = points[i]
        angle = math.atan2(y - cy, x - cx)
        turned = (start_angle - angle) % (2 * math.pi)  # clockwise = decreasing math angle
        if turned > 2 * math.pi - 1e-9:
            turned = 0.0
        return (turned, math.hypot(x - cx, y - cy))

    return sorted(range(len(points)), key=clockwise_from_start)


def number_exits(
    exits: Sequence[tuple[int | None, float, float]],
    centre: tuple[float, float],
    entrance: tuple[float, float] | None = None,
    first: int = 1,
) -> list[int]:
    """Numbers for *exits* given as (storey index, x, y), in the input order."""
    numbers = [0] * len(exits)
    n = first
    storeys = sorted({s for s, _, _ in exits}, key=lambda s: -1 if s is None else s)
    for storey in storeys:
        members = [i for i, e in enumerate(exits) if e[0] == storey]
        order = clockwise_order([(exits[i][1], exits[i][2]) for i in members], centre, entrance)
        for k in order:
            numbers[members[k]] = n
            n += 1
    return numbers


_SIGN_NUMBER = re.compile(r"(?:^|\D)(\d{1,4})\s*$")


def signage_number(label: str) -> int | None:
    """The number at the end of an exit's name ("Sortie de secours 3", "Exit 12"), as painted on the door."""
    m = _SIGN_NUMBER.search(label or "")
    return int(m.group(1)) if m else None


def signage_numbers(labels: Sequence[str]) -> list[int | None]:
    """Numbers from the labels where they are unique; None where absent or used twice.

    Exits keep the numbers of the venue's own signage: a team reading "Sortie 3" on a door must find exit 3
    on the plan. Only exits without a usable number get clockwise numbers.
    """
    found = [signage_number(lab) for lab in labels]
    counts: dict[int, int] = {}
    for n in found:
        if n is not None:
            counts[n] = counts.get(n, 0) + 1
    return [n if n is not None and counts[n] == 1 and n > 0 else None for n in found]


def feature_numbers(
    exits: Sequence[tuple[str, int | None, float, float]],
    centre: tuple[float, float],
    entrance: tuple[float, float] | None = None,
    *,
    use_signage: bool = True,
    taken: set[int] | frozenset[int] = frozenset(),
) -> list[int]:
    """Numbers for the features of one kind (exits, gates...) given as (label, storey index, x, y): the
    venue's numbering rule, in one place.

    1. A feature whose label ends with a number no other of the kind uses keeps it (`signage_numbers`:
       "Sortie de secours 3", "Porte 7", "Vomitoire 07"), unless *use_signage* is False.
    2. The others are numbered clockwise from the main entrance, storey by storey (`number_exits`),
       from the highest kept number + 1 on.
    Numbers in *taken* (features of the kind already numbered) are not given again.
    """
    signs = signage_numbers([e[0] for e in exits]) if use_signage else [None] * len(exits)
    signs = [None if n in taken else n for n in signs]
    rest = [i for i, n in enumerate(signs) if n is None]
    first = max([n for n in signs if n is not None] + list(taken), default=0) + 1
    numbers = number_exits([exits[i][1:] for i in rest], centre, entrance, first)
    out = list(signs)
    for i, n in zip(rest, numbers, strict=True):
        out[i] = n
    return out
