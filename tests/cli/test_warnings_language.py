"""Import warnings are stored language-neutral and read in the reader's language: a venue imported by an
English-speaking operator shows its warnings in French to a French officer, and the other way round."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from venueplans import i18n
from venueplans.catalogue import open_catalogue, read
from venueplans.model.messages import joined, tr_later, tr_n_later, translated

# A small OBJ with a missing material library, a 2-vertex face and a nameless `usemtl`: three warnings.
OBJ = """mtllib nowhere.mtl
o block
v 0 0 0
v 4 0 0
v 4 3 0
v 0 3 0
v 0 0 2.5
usemtl
f 1 2 3
f 1 3 4
f 1 5
"""


def run(*args, catalogue, lang):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1", "VENUEPLANS_LANG": lang}
    return subprocess.run([sys.executable, "-m", "venueplans", "--catalogue", str(catalogue), *args],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def imported(tmp_path):
    def do(lang: str):
        model = tmp_path / "block.obj"
        model.write_text(OBJ, encoding="utf-8")
        catalogue = tmp_path / f"{lang}.sqlite"
        out = run("import", str(model), "--name", "Block", catalogue=catalogue, lang=lang)
        assert out.returncode == 0, out.stderr
        return catalogue, out
    return do


def shown_warnings(catalogue, lang) -> list[str]:
    out = run("show", "Block", "--json", catalogue=catalogue, lang=lang)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["warnings"]


def test_imported_in_english_the_warnings_read_in_french(imported):
    catalogue, out = imported("en")
    assert "material library 'nowhere.mtl' is missing" in out.stderr  # the importer's own language first
    french = " | ".join(shown_warnings(catalogue, "fr"))
    assert "bibliothèque de matériaux 'nowhere.mtl' absente" in french
    assert "1 face de moins de 3 sommets ignorée (la première à la ligne 11)" in french
    assert "instruction 'usemtl' sans nom de matériau ignorée" in french
    assert "missing" not in french and "skipped" not in french
    text = run("show", "Block", catalogue=catalogue, lang="fr").stdout
    assert "avertissement" in text.lower() and "bibliothèque de matériaux" in text


def test_imported_in_french_the_warnings_read_in_english(imported):
    catalogue, out = imported("fr")
    assert "bibliothèque de matériaux 'nowhere.mtl' absente" in out.stderr
    english = " | ".join(shown_warnings(catalogue, "en"))
    assert "material library 'nowhere.mtl' is missing (materials are not imported anyway)" in english
    assert "skipped 1 face with fewer than 3 vertices (first at line 11)" in english
    assert "absente" not in english


def test_the_catalogue_stores_the_source_text_and_its_fields(imported):
    catalogue, _ = imported("fr")
    with open_catalogue(catalogue) as cat:
        src = read.source_model(cat, read.resolve_venue(cat, "Block"))
    assert {"msg": "material library {name!r} is missing (materials are not imported anyway)",
            "args": {"name": "nowhere.mtl"}} in src.warnings


def test_warnings_stored_as_text_before_stay_readable(french):
    stored = "material library '00.mtl' is missing (materials are not imported anyway)"
    assert translated(stored) == stored
    assert translated(None) == ""


def test_plural_nested_and_joined_messages_follow_the_language(french):
    census = joined(tr_later("loaded {loaded:,} of {declared:,} entities", loaded=90, declared=100))
    lost = tr_n_later("{census}; {lost:,} entity is missing from the venue",
                      "{census}; {lost:,} entities are missing from the venue", 10, census=census, lost=10)
    assert translated(lost).startswith("90 entités chargées sur 100")
    log = joined("ifcopenshell GEO313: No plane angle unit encountered", tr_later(" ({count} times)", count=2))
    assert translated(log) == "ifcopenshell GEO313: No plane angle unit encountered (2 fois)"
    i18n.set_language("en")
    assert translated(log).endswith("(2 times)")
    assert translated(lost) == "loaded 90 of 100 entities; 10 entities are missing from the venue"


def test_a_broken_translation_falls_back_to_english_not_to_a_crash(monkeypatch):
    from venueplans.model import messages

    monkeypatch.setattr(messages, "tr", lambda text: "{wrong}")
    assert translated(tr_later("up axis {up!r} ignored", up="y")) == "up axis 'y' ignored"


def test_ifcopenshell_lines_stored_in_english_before_read_in_french(french):
    old = ("ifcopenshell GEO161: Self-intersections with 2 cycles detected (38 times); "
           "e.g. #6756=IfcSlab('3OBAJx17i546YVfj_B7GVe',#21937,'Dalle RDC')")
    assert translated(old) == ("ifcopenshell GEO161: Self-intersections with 2 cycles detected (38 fois) ; "
                               "p. ex. #6756=IfcSlab('3OBAJx17i546YVfj_B7GVe',#21937,'Dalle RDC')")
    assert translated("ifcopenshell GEO313: No plane angle unit encountered") == \
        "ifcopenshell GEO313: No plane angle unit encountered"
