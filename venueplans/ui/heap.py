"""Python's garbage collector and the GUI thread: long-lived objects are frozen out of full collections.

A full (generation 2) collection walks every object the collector tracks, holding the GIL, in whichever
thread happened to allocate when it fell due. With a venue open the desktop app holds ~310,000 such
objects, most of them created by imports (VTK and PySide6 wrappers' method descriptors, modules'
functions and dicts), and walking them takes 100-140 ms on a 2-core laptop: a worker building the
stadium's plan set it off and the GUI thread, which needs the GIL for every event, stood still that long
(tests/ui/test_responsive.py; `bench/bench_plan_build.py --ballast` shows it without Qt).

`gc.freeze()` moves the objects alive into the permanent generation, which full collections skip; they
then walk only what was made since, a few ms. The op runner calls `keep_collections_short()` each time
it hands work to a worker (on the GUI thread), which freezes:
- after each wave of imports (the app loads VTK, pyvista and the plan code with the first venue, not at
  launch): objects made by an import live as long as the process; young garbage is collected first;
- right after a full collection that took SLOW_COLLECTION_S or more (a long session's caches and undo
  history): everything left then is alive, and the next full collection is short again.
Reference counting still frees frozen objects as before; only those that later end up in a reference
cycle are never reclaimed. Freezes are rare, so that stays bounded: after six venue switches (theatre and
stadium), 175-1,400 objects, among them the first venue's scene data caught in a closure cycle of the
viewer (0.6-1.3 MB of mesh arrays); RSS steady.
"""

from __future__ import annotations

import gc
import sys
import time

# New modules since the last freeze that make a wave worth freezing (the first venue brings ~1,000).
IMPORT_WAVE = 100
SLOW_COLLECTION_S = 0.020

_modules_at_freeze = 0
_watching = False
_collection_started = 0.0


def keep_collections_short() -> bool:
    """Watch full collections (once), and freeze the objects alive now when IMPORT_WAVE modules or more
    were imported since the last freeze; whether it froze."""
    global _modules_at_freeze, _watching
    if not _watching:
        _watching = True
        gc.callbacks.append(_after_collection)
    modules = len(sys.modules)
    if modules - _modules_at_freeze < IMPORT_WAVE:
        return False
    _modules_at_freeze = modules
    gc.collect(1)  # the young garbage first (a few ms): what is frozen is never reclaimed if it ends in a cycle
    gc.freeze()
    return True


def _after_collection(phase: str, info: dict) -> None:
    global _collection_started
    if phase == "start":
        _collection_started = time.perf_counter()
    elif info.get("generation") == 2 and time.perf_counter() - _collection_started >= SLOW_COLLECTION_S:
        gc.freeze()  # only live objects are left right after a full collection
