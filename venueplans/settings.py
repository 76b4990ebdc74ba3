"""The user's settings: one JSON file in the platformdirs config folder (honours XDG_CONFIG_HOME).

Qt-free so the command line and the desktop app read the same values. Unknown keys are kept (a newer
version's settings survive an older one); a missing or unreadable file gives the defaults, never an error.
`VENUEPLANS_CONFIG_DIR` overrides the folder (tests, two installations on one machine).

Like errors.py and paths.py this module sits outside the layers: every layer may import it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from venueplans.files import write_atomic

APP = "venueplans"


def config_dir() -> Path:
    """Where settings and keys live."""
    override = os.environ.get("VENUEPLANS_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    """Where the catalogue, its backups and the trusted keys live (honours XDG_DATA_HOME)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    """Where the rotating log file lives."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP, appauthor=False))


@dataclass
class Settings:
    language: str = ""  # "" = follow the system locale; else "fr" or "en"
    units: str = "m"  # lengths shown in metres ("m") or feet ("ft")
    walking_pace_m_s: float = 1.2  # routes: time beside each length; stairs are slower
    catalogue_path: str = ""  # "" = the default in data_dir()
    graphics: str = "auto"  # "auto" | "software" (safe graphics) | "2d" (no 3D view)
    read_only: bool = False  # field laptops: no editing, packages imported only by an explicit command
    import_stall_limit_s: float = 60.0  # imports: an element making no progress this long is left out
    extra: dict = field(default_factory=dict)  # keys this version does not know, kept as they were


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load() -> Settings:
    """The saved settings, or the defaults when there are none or the file cannot be read."""
    try:
        raw = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name for f in fields(Settings)} - {"extra"}
    defaults = Settings()
    values = {}
    for name in known:
        if name in raw and isinstance(raw[name], type(getattr(defaults, name))):
            values[name] = raw[name]
        elif isinstance(getattr(defaults, name), float) and type(raw.get(name)) is int:
            values[name] = float(raw[name])
    extra = {k: v for k, v in raw.items() if k not in known}
    return Settings(**values, extra=extra)


def save(settings: Settings) -> Path:
    """Write *settings* atomically (a crash never leaves half a file)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(settings)
    data.update(data.pop("extra"))
    return write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
