"""Entry script of the frozen (PyInstaller) application: the same `venueplans` command as a pip install."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # the import worker is a spawned child: re-enter it, not the app
    from venueplans.launcher import main

    sys.exit(main())
