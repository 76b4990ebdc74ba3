"""Project-wide test policy.

- Real models live in ../shared/venues (never copied here). Tests that need them use the
  `shared_venues` fixture: skipped with a reason on a fresh clone elsewhere, but a hard failure in CI
  (CI=true), where skipping would hide missing coverage.
- GUI tests (`@pytest.mark.gui`) need an X display (the test command runs pytest under xvfb-run). Same
  policy: skip locally without a display, fail in CI.
- The application never opens a network connection: any attempt during a test fails it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_VENUES = REPO.parent / "shared" / "venues"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} — CI must run this test, not skip it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_venues() -> Path:
    if not (SHARED_VENUES / "MANIFEST.tsv").is_file():
        _missing(f"real test models not found at {SHARED_VENUES} (../shared/venues beside the repo)")
    return SHARED_VENUES


def pytest_runtest_setup(item):
    if item.get_closest_marker("gui") and not os.environ.get("DISPLAY"):
        _missing("no X display (run the tests with the README's test command, which starts Xvfb)")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Tests read English unless they ask for French (`french` fixture): the system locale never decides.
    VENUEPLANS_LANG also reaches the command-line subprocesses."""
    from venueplans import i18n

    monkeypatch.setenv("VENUEPLANS_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def french(monkeypatch):
    """Everything in French for this test (in-process and subprocesses)."""
    from venueplans import i18n

    monkeypatch.setenv("VENUEPLANS_LANG", "fr")
    i18n.set_language("fr")
    return "fr"


class NetworkAttempt(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Fail on any Internet socket connection: venueplans is offline, always."""
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(kind):
        def connect(self, address, *args):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(address)
                raise NetworkAttempt(f"venueplans tried to open a network connection to {address!r}")
            return (real_connect if kind == "connect" else real_connect_ex)(self, address, *args)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guard("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", guard("connect_ex"))
    yield attempts
    assert not attempts, f"network connection attempted: {attempts}"
