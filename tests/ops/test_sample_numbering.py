"""The numbers a team reads on the plans are the ones on the doors of the sample venues."""

import pytest

from venueplans.catalogue import open_catalogue, read
from venueplans.ops.import_venue import import_venue
from venueplans.paths import SAMPLE_VENUES


@pytest.fixture(scope="module")
def theatre(tmp_path_factory):
    path = SAMPLE_VENUES / "theatre.ifc"
    cat = open_catalogue(tmp_path_factory.mktemp("num") / "cat.sqlite")
    vid = import_venue(cat, path=path, kind="theatre").venue_id
    yield cat, vid
    cat.close()


def test_theatre_exits_carry_their_signage_numbers(theatre):
    cat, vid = theatre
    exits = {f.label: f.number for f in read.load_features(cat, vid) if f.kind == "exit"}
    for n in range(1, 11):
        assert exits[f"Sortie de secours {n}"] == n
    # The two exits without a number on their sign come after, clockwise; all numbers unique.
    assert sorted(exits.values()) == list(range(1, len(exits) + 1))
    assert {exits["Entrée principale"], exits["Entrée des artistes"]} == {11, 12}
