"""Build hook: an installed venueplans carries what it reads at run time.

Everything else is declared in pyproject.toml. `build_py` copies `resources/` (the pre-tessellated sample
venues) and `docs/guide/` (the user guide, as `venueplans/guide`) into the package and compiles the
translation catalogues (`venueplans/locale/*/LC_MESSAGES/*.po`) to `.mo` files, which are built, never
committed. Editable installs read the source tree instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogues(source: Path, dest: Path) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/<domain>.po` under *source* to the same place under *dest*."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        mo = dest / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    return written


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = Path(self.build_lib) / "venueplans"
        shutil.copytree(HERE / "resources", package / "resources", dirs_exist_ok=True)
        shutil.copytree(HERE / "docs" / "guide", package / "guide", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.py", "__pycache__"))  # Help > User guide
        compile_catalogues(HERE / "venueplans" / "locale", package / "locale")


if __name__ == "__main__":  # also imported by packaging/venueplans.spec for compile_catalogues
    setup(cmdclass={"build_py": BuildPy})
