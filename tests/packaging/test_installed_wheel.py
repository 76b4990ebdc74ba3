"""An installed venueplans is complete: the built wheel, installed outside the checkout, seeds the sample
venues into a new catalogue and renders them (the issue: `pip install .` once shipped no samples)."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, f"{cmd[:3]}... failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the test environment already has setuptools and babel, and no network is needed.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", str(REPO),
          "-w", str(out)], cwd=REPO)
    (found,) = out.glob("venueplans-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the checkout with the wheel installed; the third-party
    dependencies come from this environment's site-packages (a plain path in a .pth, so this
    environment's editable venueplans is not visible there)."""
    env_dir = tmp_path_factory.mktemp("fresh") / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    _run([base, "-m", "venv", "--without-pip", str(env_dir)])
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    Path(purelib, "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--ignore-installed", "-q", str(wheel)])
    return bindir


def _clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("VENUEPLANS_") and k not in ("PYTHONPATH", "COV_CORE_SOURCE")}
    env.update(VENUEPLANS_CONFIG_DIR=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"))
    return env


def test_the_wheel_carries_the_sample_venues(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "venueplans/resources/samples/theatre.vpbundle" in names
    assert "venueplans/resources/samples/stadium.vpbundle" in names
    # translations are compiled by the build, never committed
    po = sorted(REPO.glob("venueplans/locale/*/LC_MESSAGES/venueplans.po"))
    for path in po:
        assert f"venueplans/locale/{path.parts[-3]}/LC_MESSAGES/venueplans.mo" in names
    # Help > User guide: both languages and every picture they show
    guide = REPO / "docs" / "guide"
    shipped = sorted(p.relative_to(guide).as_posix() for p in guide.rglob("*") if p.suffix in (".md", ".png"))
    assert "fr.md" in shipped and "en.md" in shipped
    missing = [rel for rel in shipped if f"venueplans/guide/{rel}" not in names]
    assert not missing, f"the wheel lacks the user guide's {missing}"


def test_installed_app_seeds_both_samples_and_renders(installed, tmp_path):
    exe = str(installed / "venueplans")
    env = _clean_env(tmp_path)
    catalogue = tmp_path / "cat.sqlite"
    listed = _run([exe, "--catalogue", str(catalogue), "list", "--json"], cwd=tmp_path, env=env)
    venues = json.loads(listed.stdout)
    names = sorted(v["name"] for v in venues)
    assert len(venues) == 2, names
    where = _run([str(installed / "python"), "-c", "import venueplans; print(venueplans.__file__)"],
                 cwd=tmp_path, env=env).stdout.strip()
    assert not Path(where).is_relative_to(REPO), f"the test ran the checkout, not the wheel: {where}"
    guide = _run([str(installed / "python"), "-c", "from venueplans.paths import GUIDE; print(GUIDE / 'fr.md')"],
                  cwd=tmp_path, env=env).stdout.strip()
    assert Path(guide).is_file() and not Path(guide).is_relative_to(REPO), f"the installed guide is not found: {guide}"
    theatre = next(v for v in venues if v["kind"] == "theatre")
    png = tmp_path / "theatre.png"
    _run([exe, "--catalogue", str(catalogue), "render", str(theatre["id"]), "-o", str(png), "--size", "320x200"],
         cwd=tmp_path, env=env)
    import numpy as np
    from PIL import Image

    image = Image.open(png)
    assert image.size == (320, 200)
    colours = np.unique(np.asarray(image.convert("RGB")).reshape(-1, 3), axis=0)
    assert len(colours) > 50, "the render is blank"
