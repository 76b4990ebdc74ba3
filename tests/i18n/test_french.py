"""French as a user gets it: language choice, number and date formats, the command line, the catalogues."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import subprocess
import sys

from venueplans import i18n, settings
from venueplans.locale_build import compile_catalogues, update_catalogues


def test_lengths_numbers_and_dates_follow_the_language(french):
    assert i18n.format_length(12.5) == "12,5 m"
    assert i18n.format_length(0.9, 2, exact=True) == "0,90 m"
    assert i18n.format_length(3.5, 2, exact=True, signed=True) == "+3,50 m"
    assert i18n.format_number(12345.5).replace("\u202f", " ").replace("\u00a0", " ") == "12 345,5"
    assert i18n.format_date("2026-12-02") == "2 décembre 2026"
    assert i18n.format_datetime(dt.datetime(2026, 12, 2, 6, 10)) == "2 décembre 2026 à 06:10"
    i18n.set_language("en")
    assert i18n.format_length(12.5) == "12.5 m"
    assert i18n.format_date(dt.date(2026, 12, 2)) == "2026-12-02"  # ISO: unambiguous for every English reader
    assert i18n.format_date("not a date") == "not a date"


def test_french_texts_come_from_the_po_source(french):
    assert i18n.tr("Exits") == "Sorties de secours"
    assert i18n.tr_n("{count} venue", "{count} venues", 1).format(count=1) == "1 site"
    assert i18n.tr_n("{count} venue", "{count} venues", 3).format(count=3) == "3 sites"
    assert i18n.tr("a text nobody marked") == "a text nobody marked"  # unknown texts stay readable


def test_the_setting_overrides_the_system_and_the_environment_overrides_both(monkeypatch):
    monkeypatch.delenv("VENUEPLANS_LANG", raising=False)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert i18n.choose_language("") == "fr"
    assert i18n.choose_language("en") == "en"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.choose_language("") == "en"
    assert i18n.choose_language("fr") == "fr"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.choose_language("") == "fr"  # French first when the system asks for neither
    monkeypatch.setenv("VENUEPLANS_LANG", "en")
    assert i18n.choose_language("fr") == "en"


def test_setup_language_reads_the_saved_setting(monkeypatch, tmp_path):
    monkeypatch.delenv("VENUEPLANS_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.setenv("VENUEPLANS_CONFIG_DIR", str(tmp_path))
    settings.save(settings.Settings(language="fr"))
    assert i18n.setup_language() == "fr"
    assert i18n.tr("Legend") == "Légende"


def _cli(*args, lang):
    env = {**os.environ, "VENUEPLANS_NO_SAMPLES": "1", "VENUEPLANS_LANG": lang}
    return subprocess.run([sys.executable, "-m", "venueplans", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_command_line_speaks_french(tmp_path):
    helped = _cli("plan", "--help", lang="fr")
    assert helped.returncode == 0
    assert "usage : venueplans plan" in helped.stdout
    assert "afficher cette aide et quitter" in helped.stdout
    assert "identifiant ou nom unique du site" in helped.stdout
    missing = _cli("--catalogue", str(tmp_path / "c.sqlite"), "show", "Nulle part", lang="fr")
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("venueplans: aucun site 'Nulle part'")
    bad = _cli("render", "x", "-o", str(tmp_path / "x.jpg"), lang="fr")
    assert "la sortie doit être un fichier .png" in bad.stderr
    english = _cli("--catalogue", str(tmp_path / "c.sqlite"), "show", "Nowhere", lang="en")
    assert "no venue 'Nowhere'" in english.stderr


def test_the_build_compiles_every_catalogue_to_mo(tmp_path):
    written = compile_catalogues(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["fr/LC_MESSAGES/venueplans.mo"]
    with written[0].open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext("Legend") == "Légende"


def test_a_string_that_comes_back_gets_its_former_translation(tmp_path):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "venueplans.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        '#~ msgid "Key box"\n#~ msgstr "Boîte à clés"\n\n'
        'msgid "Gone"\nmsgstr "Parti"\n', encoding="utf-8")
    pot = tmp_path / "venueplans.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                   'msgid "Key box"\nmsgstr ""\n\nmsgid "New text"\nmsgstr ""\n', encoding="utf-8")
    update_catalogues(pot, tmp_path)
    text = (folder / "venueplans.po").read_text(encoding="utf-8")
    assert 'msgid "Key box"\nmsgstr "Boîte à clés"' in text  # revived
    assert 'msgid "New text"\nmsgstr ""' in text  # new: untranslated, never guessed
    assert '#~ msgid "Gone"' in text


def test_a_source_checkout_compiles_once_and_follows_edits(tmp_path, monkeypatch):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "venueplans.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Legend"\nmsgstr "Légende"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n._catalogue("fr").gettext("Legend") == "Légende"
    mo = folder / "venueplans.mo"
    assert mo.is_file()  # kept for the next start
    po.write_text(po.read_text(encoding="utf-8").replace("Légende", "Légende du plan"), encoding="utf-8")
    os.utime(po, (mo.stat().st_mtime + 10, mo.stat().st_mtime + 10))
    assert i18n._catalogue("fr").gettext("Legend") == "Légende du plan"  # the edited source wins


def test_a_french_first_start_gets_the_example_exercise_in_french(tmp_path, monkeypatch, french):
    from venueplans.catalogue import open_catalogue, read
    from venueplans.ops.samples import seed_samples
    from venueplans.ops.scenario_reads import list_scenarios, load_phases

    monkeypatch.delenv("VENUEPLANS_NO_SAMPLES", raising=False)
    with open_catalogue(tmp_path / "c.sqlite") as cat:
        theatre = next(v for v in seed_samples(cat) if read.get_venue(cat, v).kind == "theatre")
        scenarios = list_scenarios(cat, venue_id=theatre)
        assert [s.name for s in scenarios] == [i18n.tr("Exercise: armed intruder in the auditorium")]
        assert scenarios[0].name.startswith("Exercice")
        phases = [p.name for p in load_phases(cat, scenario_id=scenarios[0].id)]
        assert len(phases) == 4 and "Entry" not in phases and "Set-up" not in phases
