"""Two installations on one machine: each has its own config folder (keys) and data folder (backups)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.ops.import_venue import import_venue

KEY_PASSPHRASE = "phrase de la clé"  # each installation's signing key is protected by it


@pytest.fixture(autouse=True)
def _quick_key_derivation(monkeypatch):
    """Keys made by these tests derive their secret cheaply (the work factor is stored in the key file)."""
    from venueplans.keys import signing_key

    monkeypatch.setattr(signing_key, "SCRYPT_N", 2**12)


class Installation:
    def __init__(self, root: Path, monkeypatch):
        self.root = root
        self.monkeypatch = monkeypatch
        self.catalogue = root / "catalogue.sqlite"

    @contextlib.contextmanager
    def active(self):
        """Run the body as this installation (its keys, its backups)."""
        with self.monkeypatch.context() as mp:
            mp.setenv("VENUEPLANS_CONFIG_DIR", str(self.root / "config"))
            mp.setenv("XDG_DATA_HOME", str(self.root / "data"))
            mp.setenv("VENUEPLANS_KEY_PASSPHRASE", KEY_PASSPHRASE)
            yield self

    def open(self):
        return open_catalogue(self.catalogue)


@pytest.fixture
def operator(tmp_path, monkeypatch):
    """The venue operator's installation, with one venue (Olympia) in its catalogue."""
    inst = Installation(tmp_path / "operator", monkeypatch)
    with inst.active(), inst.open() as cat:
        import_venue(cat, path="hall.ifc", name="Olympia", kind="concert-hall", city="Paris",
                     model=two_storey_building(seats=30))
    return inst


@pytest.fixture
def police(tmp_path, monkeypatch):
    inst = Installation(tmp_path / "police", monkeypatch)
    monkeypatch.setenv("VENUEPLANS_NO_SAMPLES", "1")
    return inst


def dump(path: Path) -> list[str]:
    """Everything in a catalogue, as SQL text: equal dumps mean an unchanged catalogue."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
