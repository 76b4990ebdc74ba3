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


if __name__ == "__main__":  # python -m venueplans.locale_build [DEST] (default: beside the sources)
    import sys

    for path in compile_catalogues(sys.argv[1] if len(sys.argv) > 1 else LOCALE_DIR):
        print(path)
