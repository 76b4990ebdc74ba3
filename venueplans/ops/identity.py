"""Who is editing: recorded in the audit trail and the sign-off."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    name = os.environ.get("VENUEPLANS_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
