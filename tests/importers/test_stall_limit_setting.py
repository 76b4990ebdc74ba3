"""The import stall limit is a setting (File › Settings…, Advanced); $VENUEPLANS_IMPORT_STALL_LIMIT still wins."""

from __future__ import annotations

import json

import pytest

from venueplans import settings
from venueplans.importers.worker import STALL_ENV, WorkerLimits, stall_limit_setting


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv(STALL_ENV, raising=False)


def test_default_then_the_saved_setting_is_what_the_next_import_uses():
    assert WorkerLimits().stall_limit == 60.0
    prefs = settings.load()
    prefs.import_stall_limit_s = 150.0
    settings.save(prefs)
    assert WorkerLimits().stall_limit == 150.0  # read at each import, not when the module was loaded
    assert WorkerLimits(stall_limit=2).stall_limit == 2  # an explicit limit (tests, callers) still rules


def test_the_environment_variable_overrides_and_bad_values_fall_back(monkeypatch):
    prefs = settings.load()
    prefs.import_stall_limit_s = 150.0
    settings.save(prefs)
    monkeypatch.setenv(STALL_ENV, "7.5")
    assert stall_limit_setting() == 7.5
    for junk in ("soixante", "-3", "nan", "inf", "0"):
        monkeypatch.setenv(STALL_ENV, junk)
        assert stall_limit_setting() == 150.0, junk


def test_a_hand_edited_setting_is_read_and_kept_in_range(tmp_path):
    path = settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"import_stall_limit_s": 90}), encoding="utf-8")  # an int is fine
    assert settings.load().import_stall_limit_s == 90.0 and stall_limit_setting() == 90.0
    path.write_text(json.dumps({"import_stall_limit_s": 0.001}), encoding="utf-8")
    assert stall_limit_setting() == 5.0  # never so short that a healthy import is cut
    path.write_text(json.dumps({"import_stall_limit_s": "long"}), encoding="utf-8")
    assert stall_limit_setting() == 60.0  # a wrong type gives the default
