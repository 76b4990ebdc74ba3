"""Names, labels and notes typed in the app or on the command line are held to the limits of scenario
files (ops/scenario_limits.py): one line, nothing written."""

from __future__ import annotations

import pytest

from tests.packages.conftest import dump
from venueplans.ops.annotations import add_marker, add_text, edit_annotation
from venueplans.ops.edit_support import EditRefused
from venueplans.ops.scenario_edits import (
    add_phase,
    create_scenario,
    describe_scenario,
    duplicate_scenario,
    edit_phase,
    rename_scenario,
)
from venueplans.ops.scenario_limits import TEXT_LIMITS


@pytest.fixture
def scenario(cat, hall) -> int:
    return create_scenario(cat, venue_id=hall, name="Exercice nuit").id


def refused(cat, call, *words):
    """*call* is refused in one line holding *words*, and the catalogue is unchanged."""
    cat.conn.commit()
    before = dump(cat.path)
    with pytest.raises(EditRefused) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text and all(w in text for w in words), text
    assert dump(cat.path) == before
    return text


def test_scenario_names_and_descriptions_are_limited(cat, hall, scenario):
    long_name = "N" * (TEXT_LIMITS["name"] + 1)
    text = refused(cat, lambda: create_scenario(cat, venue_id=hall, name=long_name), "scenario's name",
                   f"{TEXT_LIMITS['name']:,}")
    assert long_name not in text  # the refusal names the field, it does not echo 201 characters
    refused(cat, lambda: rename_scenario(cat, scenario_id=scenario, name=long_name), "scenario's name")
    refused(cat, lambda: duplicate_scenario(cat, scenario_id=scenario, name=long_name), "scenario's name")
    refused(cat, lambda: rename_scenario(cat, scenario_id=scenario, name="Exercice\x1b[31m"), "control character")
    refused(cat, lambda: describe_scenario(cat, scenario_id=scenario, description="d" * 20_001),
            "scenario's description")
    refused(cat, lambda: create_scenario(cat, venue_id=hall, name="Autre", description="d" * 20_001),
            "scenario's description")
    rename_scenario(cat, scenario_id=scenario, name="N" * TEXT_LIMITS["name"])  # at the limit: accepted
    describe_scenario(cat, scenario_id=scenario, description="Ligne 1\nLigne 2\tsuite")  # line breaks are fine


def test_phase_names_and_notes_are_limited(cat, scenario):
    refused(cat, lambda: add_phase(cat, scenario_id=scenario, name="P" * 201), "phase's name")
    refused(cat, lambda: add_phase(cat, scenario_id=scenario, name="Entrée", notes="n" * 20_001), "phase's notes")
    pid = add_phase(cat, scenario_id=scenario, name="Entrée", notes="Porte 3\nfermée").id
    refused(cat, lambda: edit_phase(cat, phase_id=pid, name="P" * 201), "phase's name")
    refused(cat, lambda: edit_phase(cat, phase_id=pid, notes="n" * 20_001), "phase's notes")
    refused(cat, lambda: edit_phase(cat, phase_id=pid, notes="bip\x07"), "control character")


def test_annotation_labels_teams_and_notes_are_limited(cat, scenario):
    where = {"position": (5.0, 5.0), "storey": 0}
    refused(cat, lambda: add_marker(cat, scenario_id=scenario, symbol="friendly_team", label="L" * 1_001, **where),
            "label", "1,000")
    refused(cat, lambda: add_marker(cat, scenario_id=scenario, symbol="friendly_team", team="T" * 201, **where),
            "team")
    refused(cat, lambda: add_marker(cat, scenario_id=scenario, symbol="friendly_team", notes="n" * 20_001,
                                    **where), "notes")
    refused(cat, lambda: add_marker(cat, scenario_id=scenario, symbol="friendly_team", label="Alpha\x00",
                                    **where), "control character")
    refused(cat, lambda: add_text(cat, scenario_id=scenario, text="t" * 1_001, **where), "text of the note")
    note = add_text(cat, scenario_id=scenario, text="Portes\nenchaînées", **where).id  # a note may span lines
    marker = add_marker(cat, scenario_id=scenario, symbol="friendly_team", label="Alpha", **where).id
    refused(cat, lambda: edit_annotation(cat, annotation_id=marker, label="L" * 1_001), "label")
    refused(cat, lambda: edit_annotation(cat, annotation_id=marker, label="Alpha\nBravo"), "control character")
    refused(cat, lambda: edit_annotation(cat, annotation_id=note, notes="n" * 20_001), "notes")


def test_the_command_line_gets_the_same_one_line_refusal(cat, hall, scenario, tmp_path, monkeypatch, capsys):
    from venueplans.cli.main import main

    monkeypatch.setenv("VENUEPLANS_NO_SAMPLES", "1")
    cat.conn.commit()
    before = dump(cat.path)
    base = ["--catalogue", str(cat.path), "scenario"]
    assert main([*base, "example", str(hall), "--name", "E" * 201]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the scenario's name is 201 characters long (at most 200)" in err
    exported = tmp_path / "exercice.json"
    assert main([*base, "export", str(hall), "Exercice nuit", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main([*base, "import", str(hall), str(exported), "--name", "I" * 201]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the scenario's name is 201 characters long" in err
    assert main([*base, "import", str(hall), str(exported), "--name", "   "]) == 1
    assert "the scenario's name is blank" in capsys.readouterr().err
    assert dump(cat.path) == before
