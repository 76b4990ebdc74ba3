"""Build hook: an installed venueplans carries what it reads at run time.

Everything else is declared in pyproject.toml. `build_py` copies `resources/` (the pre-tessellated sample
venues) and `docs/guide/` (the user guide, as `venueplans/guide`) into the package and compiles the
translation catalogues (`venueplans/locale/*/LC_MESSAGES/*.po`) to `.mo` files, which are built, never
committed. Editable installs read the source tree instead.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def compile_catalogues(source: Path, dest: Path) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/<domain>.po` under *source* to the same place under *dest*, with
    the app's own compiler (`venueplans.locale_build`: fuzzy entries left out), imported from this tree."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from venueplans.locale_build import compile_catalogues as compile_po

    return compile_po(dest, source)


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
