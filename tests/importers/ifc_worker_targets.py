"""Stand-ins for the IFC reader that misbehave, run by the import worker in tests."""

import os
import time


def abort(**kwargs):
    """Die the way a segfaulting geometry kernel does: no exception, no result, a signal."""
    os.abort()


TRAP = "Mur piégé"  # the element the stand-ins below cannot tessellate


def _trapped_reader(on_trap, **kwargs):
    """The real reader, with a tessellator that behaves like a kernel bug on the product named TRAP:
    the batch iterator goes through the products before it, then hangs or crashes on it."""
    from venueplans.importers import ifc_read, ifc_tessellate, worker

    real = ifc_tessellate._iterate

    def iterate(f, products, *args):
        names = [p.Name for p in products]
        if TRAP not in names:
            return real(f, products, *args)
        before = products[: names.index(TRAP)]
        if before:
            real(f, before, *args)
        worker._flush(force=True)
        on_trap()

    ifc_tessellate._iterate = iterate
    return ifc_read.read_ifc(**kwargs)


def _hang():
    while True:
        time.sleep(1)  # a kernel stuck in a loop: no progress, no exit


def hang_on_trap(**kwargs):
    return _trapped_reader(_hang, **kwargs)


def crash_on_trap(**kwargs):
    return _trapped_reader(os.abort, **kwargs)


_HOG = """
import os, sys, time
parent = os.getppid()
data = b"x" * (int(sys.argv[1]) << 20)  # written, so resident
print("ready", flush=True)
while os.getppid() == parent:  # ends with the worker that started it
    time.sleep(0.1)
"""


def grandchild_hog(*, path: str, megabytes: int = 400, progress, **kwargs):
    """A reader that hands its work to a helper process (as a kernel or a converter might) which takes
    *megabytes* of memory: only a watch over the whole process tree sees it. The helper's command line
    ends with *path*, for the test to find it."""
    import subprocess
    import sys

    hog = subprocess.Popen([sys.executable, "-c", _HOG, str(megabytes), path], stdout=subprocess.PIPE, text=True)
    hog.stdout.readline()
    while True:
        time.sleep(1)  # wait for the helper, the way a reader waits for a converter


def abort_unless_safe_kernel(**kwargs):
    """A default kernel that crashes on the file, and an OCC kernel that reads it: the fallback's case."""
    from venueplans.importers import ifc, ifc_read

    if kwargs.get("kernel") != ifc.SAFE_KERNEL:
        os.abort()
    return ifc_read.read_ifc(**kwargs)
