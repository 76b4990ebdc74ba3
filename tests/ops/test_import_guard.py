"""An import finds out that the catalogue cannot be written before it spends minutes reading a model,
and makes its same-file and same-name checks where they still hold at commit."""

from __future__ import annotations

import sqlite3

import pytest

from tests.factories import two_storey_building
from venueplans.catalogue import open_catalogue
from venueplans.catalogue.db import Catalogue
from venueplans.catalogue.write_guard import write_problem, write_transaction
from venueplans.importers import ImportFailed
from venueplans.ops.import_venue import import_venue


@pytest.fixture
def read_only(tmp_path):
    """The catalogue as SQLite opens a file it may not write (a read-only file: it falls back to
    read-only mode; root would write a chmod 444 file anyway, so the mode is asked for here)."""
    path = tmp_path / "cat.sqlite"
    open_catalogue(path).close()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    conn.row_factory = sqlite3.Row
    yield Catalogue(path, conn)
    conn.close()


def test_a_read_only_catalogue_is_refused_before_the_model_is_read(read_only, tmp_path):
    model = tmp_path / "salle.ifc"
    model.write_text("ISO-10303-21;\n")  # never opened: the refusal comes first
    seen = []
    with pytest.raises(ImportFailed) as info:
        import_venue(read_only, path=model, progress=lambda f, m="": seen.append(m))
    assert str(info.value).startswith(f"salle.ifc: could not write the catalogue {read_only.path}: ")
    assert "readonly" in str(info.value)
    assert seen == []  # no reading started


def test_a_writable_catalogue_has_no_write_problem_and_is_left_unchanged(cat):
    before = cat.conn.execute("PRAGMA data_version").fetchone()[0], cat.schema_version
    assert write_problem(cat) is None
    assert (cat.conn.execute("PRAGMA data_version").fetchone()[0], cat.schema_version) == before
    assert not cat.conn.in_transaction


def test_the_same_file_check_runs_inside_the_write_transaction(cat, monkeypatch):
    """Another import commits the same file between the early check and the write: the late check,
    under the write lock, refuses, and only one venue exists."""
    from venueplans.ops import import_venue as module

    model = two_storey_building(sha="b" * 64)
    real_write = module.write_transaction
    calls = []

    def rival_first(c):
        if not calls:
            calls.append(1)
            import_venue(c, path="hall.ifc", name="Rival", model=two_storey_building(sha="b" * 64))
        return real_write(c)

    monkeypatch.setattr(module, "write_transaction", rival_first)
    with pytest.raises(ImportFailed) as info:
        import_venue(cat, path="hall.ifc", name="Mine", model=model)
    assert "already imported as venue 1 (Rival)" in str(info.value)
    assert [r[0] for r in cat.conn.execute("SELECT name FROM venues")] == ["Rival"]


def test_write_transaction_rolls_back_on_error(cat):
    with pytest.raises(RuntimeError), write_transaction(cat):
        cat.set_setting("probe", "1")
        raise RuntimeError("boom")
    assert cat.setting("probe") is None
