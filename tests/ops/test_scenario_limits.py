"""Scenario files are hostile input: limits refused in one line, nothing written, and a large file
imported in linear time."""

from __future__ import annotations

import json
import time

import pytest

from venueplans.ops.scenario_json import ScenarioFileError, import_scenario
from venueplans.ops.scenario_limits import (
    EXTENT_MARGIN,
    MAX_ANNOTATIONS,
    MAX_DEPTH,
    MAX_POINTS,
    ScenarioLimitError,
)
from venueplans.ops.scenario_reads import list_scenarios


def document(annotations=None, **scenario):
    return {
        "format": "venueplans-scenario", "version": 1, "venue": {"name": "Test Hall"},
        "storeys": [{"index": 0, "name": "Ground", "elevation": 0.0}],
        "scenario": {"name": "Exercice", "description": "", **scenario},
        "phases": [{"name": "Set-up", "time": "H+00:00", "notes": ""}],
        "annotations": annotations if annotations is not None else [marker()],
    }


def marker(x=5.0, y=5.0, **fields):
    return {"ref": "", "type": "marker", "phase": None, "storey": {"index": 0, "name": "Ground"},
            "symbol": "friendly_team", "label": "Alpha", "team": "", "colour": "", "notes": "",
            "points": [[x, y, 0.0, 0]], **fields}


def refused(cat, hall, doc_or_text) -> str:
    text = doc_or_text if isinstance(doc_or_text, str) else json.dumps(doc_or_text)
    with pytest.raises((ScenarioFileError, ScenarioLimitError)) as info:
        import_scenario(cat, venue_id=hall, text=text)
    assert list_scenarios(cat, venue_id=hall) == []  # nothing written
    message = str(info.value)
    assert "\n" not in message and message.startswith("scenario file: ")
    return message


def test_a_deeply_nested_file_is_refused_without_recursion_error(cat, hall):
    text = json.dumps(document())[:-1] + ', "x": ' + "[" * 200_000 + "]" * 200_000 + "}"
    assert refused(cat, hall, text) == f"scenario file: JSON nested more than {MAX_DEPTH} levels deep"


def test_brackets_inside_strings_do_not_count_as_nesting(cat, hall):
    doc = document([marker(notes="[" * 500 + "{" * 500)])
    assert import_scenario(cat, venue_id=hall, text=json.dumps(doc)).id


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (document(name="   "), "scenario: 'name' is blank"),
        (document(name="x" * 100_000), "scenario: 'name' is 100,000 characters long (at most 200)"),
        (document([marker(label="Alpha\x01")]), "annotations[0]: 'label' contains a control character (U+0001)"),
        (document([marker(label="Al\npha")]), "annotations[0]: 'label' contains a control character (U+000A)"),
        (document([marker(x=1e308)]), f"annotations[0].points[0]: point (1e+308, 5, 0) is more than "
                                     f"{EXTENT_MARGIN:,.0f} m outside the venue"),
        (document([marker(y=-5_000.0)]), "annotations[0].points[0]: point (5, -5000, 0) is more than"),
        (document([{**marker(), "type": "route", "symbol": "", "points": [[1.0, 1.0, 0.0, 0]] * (MAX_POINTS + 1)}]),
         f"annotations[0]: {MAX_POINTS + 1:,} points (at most {MAX_POINTS:,})"),
        (document([marker()] * (MAX_ANNOTATIONS + 1)),
         f"{MAX_ANNOTATIONS + 1:,} annotations (at most {MAX_ANNOTATIONS:,})"),
    ],
    ids=["blank-name", "long-name", "control-label", "newline-label", "1e308", "far", "points", "annotations"],
)
def test_limits_are_refused_in_one_line(cat, hall, doc, expected):
    assert refused(cat, hall, doc).startswith(f"scenario file: {expected}")


def test_non_finite_coordinates_are_refused(cat, hall):
    text = json.dumps(document()).replace("[5.0, 5.0, 0.0, 0]", "[NaN, 5.0, 0.0, 0]")
    assert "should be [x, y, z, storey index] in metres" in refused(cat, hall, text)


def test_line_breaks_are_fine_in_notes_and_in_a_text_note(cat, hall):
    text_note = {**marker(), "type": "text", "symbol": "", "label": "Ligne 1\nLigne 2"}
    doc = document([marker(notes="1. Entrer\n2. Sécuriser\tvite"), text_note])
    assert import_scenario(cat, venue_id=hall, text=json.dumps(doc)).id


def test_twenty_thousand_annotations_import_in_linear_time(cat, hall):
    def timed(n: int) -> float:
        markers = [marker(x=1 + i % 25, y=1 + i % 15, ref=f"m{i}", label=f"Equipe {i}") for i in range(n)]
        doc = document(markers, name=f"Grand exercice {n}")
        start = time.process_time()
        import_scenario(cat, venue_id=hall, text=json.dumps(doc))
        return time.process_time() - start

    small, large = timed(2_000), timed(20_000)
    # Ten times the annotations, at most about ten times the CPU time (a quadratic import took 100x).
    assert large < 20 * max(small, 0.05), (small, large)
