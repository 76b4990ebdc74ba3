"""Compiles the translation sources (`locale/<lang>/LC_MESSAGES/*.po`) to `.mo` with Babel.

Called by the build (wheel hook, PyInstaller spec) so installed and frozen apps load compiled
catalogues; `.mo` files are build products, never committed. Outside the layers, like i18n.py.
"""

from __future__ import annotations

from pathlib import Path

from venueplans.i18n import LOCALE_DIR


def compile_catalogues(dest_dir: Path | str, source_dir: Path | str = LOCALE_DIR) -> list[Path]:
    """Writes `<dest_dir>/<lang>/LC_MESSAGES/<domain>.mo` for every `.po` under *source_dir*; returns them.

    Fuzzy entries are left out (as msgfmt does): an unreviewed translation is never shown."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    source_dir, dest_dir = Path(source_dir), Path(dest_dir)
    written = []
    for po in sorted(source_dir.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang, domain=po.stem)
        mo = dest_dir / po.relative_to(source_dir).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog)
        written.append(mo)
    return written




def update_catalogues(template: Path | str, source_dir: Path | str = LOCALE_DIR, languages=("fr",)) -> None:
    """Merges the extracted *template* (.pot) into each language's .po (created when missing).

    New strings arrive untranslated (never fuzzy-guessed). A string that comes back after being dropped
    (moved between modules, branches merged in another order) gets its former translation back."""
    from babel.messages.pofile import read_po, write_po

    with Path(template).open("rb") as fh:
        pot = read_po(fh)
    for lang in languages:
        po = Path(source_dir) / lang / "LC_MESSAGES" / f"{pot.domain or 'venueplans'}.po"
        if po.is_file():
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=lang, domain="venueplans", project="venueplans")
        catalog.fuzzy = False  # the header is reviewed once, here
        catalog.project, catalog.version = "venueplans", ""
        catalog.last_translator = catalog.language_team = "venueplans maintainers"
        former = dict(catalog.obsolete)
        catalog.update(pot, no_fuzzy_matching=True)
        for old in former.values():
            entry = catalog.get(old.id, context=old.context)
            if entry is not None and not entry.string and old.string:
                entry.string = old.string
        for key in list(catalog.obsolete):  # revived ones are no longer obsolete
            message = catalog.obsolete[key]
            if catalog.get(message.id, context=message.context) is not None:
                del catalog.obsolete[key]
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as fh:
            write_po(fh, catalog, width=110, sort_by_file=True)


if __name__ == "__main__":
    # python -m venueplans.locale_build update TEMPLATE.pot   (make translations)
    # python -m venueplans.locale_build compile [DEST]        (build; default: beside the sources)
    import sys

    if sys.argv[1:2] == ["update"]:
        update_catalogues(sys.argv[2])
    else:
        for path in compile_catalogues(sys.argv[2] if len(sys.argv) > 2 else LOCALE_DIR):
            print(path)
