"""Python's garbage collector and the GUI thread: long-lived objects are frozen out of full collections.

A full (generation 2) collection walks every object the collector tracks, holding the GIL, in whichever
thread happened to allocate when it fell due. With a venue open the desktop app holds ~310,000 such
objects, most of them created by imports (VTK and PySide6 wrappers' method descriptors, modules'
functions and dicts), and walking them takes 100-140 ms on a 2-core laptop: a worker building the
stadium's plan set it off and the GUI thread, which needs the GIL for every event, stood still that long
(tests/ui/test_responsive.py; `bench/bench_plan_build.py --ballast` shows it without Qt).

Objects made by an import live as long as the process, so after each wave of imports (the app loads VTK,
pyvista and the plan code with the first venue, not at launch) `gc.freeze()` moves everything alive into
the permanent generation, which full collections skip: they then walk only what was made since, a few
ms. The op runner calls `freeze_after_imports()` as it hands work to a worker, on the GUI thread.
Reference counting still frees frozen objects as before; only those that end up in a reference cycle
are never reclaimed. Young garbage is collected first, and freezes happen only a few times per session,
so that stays bounded: after six venue switches (theatre and stadium), 175-1,400 objects, among them the
first venue's scene data caught in a closure cycle of the viewer (0.6-1.3 MB of mesh arrays); RSS steady.
"""

from __future__ import annotations

import gc
import sys

# New modules since the last freeze that make a wave worth freezing (the first venue brings ~1,000).
IMPORT_WAVE = 100

_modules_at_freeze = 0


def freeze_after_imports() -> bool:
    """Freeze the objects alive now when IMPORT_WAVE modules or more were imported since the last freeze;
    whether it did."""
    global _modules_at_freeze
    modules = len(sys.modules)
    if modules - _modules_at_freeze < IMPORT_WAVE:
        return False
    _modules_at_freeze = modules
    gc.collect(1)  # the young garbage first (a few ms): what is frozen is never reclaimed if it ends in a cycle
    gc.freeze()
    return True
