"""Regenerates the user guide's pictures (docs/guide/images/<lang>/) with the project's own commands.

    python docs/guide/make_screenshots.py [--lang fr en] [--out docs/guide/images]     (or: make guide-images)

On a fresh catalogue (the two sample venues, the theatre's example exercise) it runs, per language
(VENUEPLANS_LANG): `venueplans render` (3D pictures), `venueplans open VENUE --screenshot` under
`xvfb-run -a -s "-screen 0 1366x768x24"` (the desktop app at laptop size) and `venueplans plan` -> `pdftoppm`
(printed pages). Every picture is then reduced to a 256-colour, optimised PNG at most 1366 px wide, so
the whole set stays small (the guide ships inside the application). Needs xvfb-run and pdftoppm.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MAX_WIDTH = 1366
XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"]
THEATRE, STADIUM = "1", "2"  # ids of the sample venues in a fresh catalogue (theatre first)
GROUND = "Rez-de-chaussée"  # the theatre's ground floor (storey names come from the model)
EXERCISE, PHASE = "1", "2"  # the theatre's example exercise, its second phase


def venueplans(catalogue: Path, lang: str, *args: str, display: bool = False) -> None:
    env = dict(os.environ, VENUEPLANS_LANG=lang, PYTHONPATH=str(ROOT))
    env.pop("VENUEPLANS_NO_SAMPLES", None)
    cmd = [sys.executable, "-m", "venueplans", "--catalogue", str(catalogue), *args]
    if display:
        cmd = XVFB + cmd
    print("  $", " ".join(cmd[cmd.index("-m") + 1:] if not display else cmd), flush=True)
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def pdf_page(pdf: Path, page: int | str, out: Path, dpi: int = 60) -> None:
    """Page *page* (1-based, or "last") of *pdf* as PNG *out*."""
    if page == "last":
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        page = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(stem)], check=True)


def optimise(png: Path) -> None:
    """At most MAX_WIDTH px wide, 256 colours, optimised (screenshots and plans have few colours)."""
    image = Image.open(png).convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.LANCZOS)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        png, optimize=True)


def make(lang: str, out: Path, work: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    cat = work / f"catalogue-{lang}.sqlite"
    made: list[Path] = []

    def picture(name: str) -> Path:
        made.append(out / name)
        return out / name

    # 3D pictures, off-screen
    venueplans(cat, lang, "render", THEATRE, "-o", str(picture("theatre-ground-cut.png")), "--storey", GROUND,
               "--cut", "1.2", "--view", "top", "--size", "900x560")
    venueplans(cat, lang, "render", THEATRE, "-o", str(picture("theatre-xray.png")), "--xray", "--size", "900x560")
    venueplans(cat, lang, "render", STADIUM, "-o", str(picture("stadium-3d.png")), "--size", "900x560")
    # the desktop app at laptop size
    venueplans(cat, lang, "open", THEATRE, "--size", "1366x768", "--screenshot", str(picture("app-theatre.png")),
               display=True)
    venueplans(cat, lang, "open", THEATRE, "--scenario", EXERCISE, "--phase", PHASE, "--size", "1366x768",
               "--screenshot", str(picture("app-exercise.png")), display=True)
    # printed pages
    dossier = work / f"dossier-{lang}.pdf"
    venueplans(cat, lang, "plan", THEATRE, "-o", str(dossier), "--storey", GROUND)
    pdf_page(dossier, 1, picture("dossier-first-page.png"))
    pdf_page(dossier, "last", picture("dossier-ground-floor.png"))
    exercise = work / f"exercise-{lang}.pdf"
    venueplans(cat, lang, "plan", THEATRE, "-o", str(exercise), "--storey", GROUND, "--scenario", EXERCISE,
               "--phase", PHASE)
    pdf_page(exercise, "last", picture("exercise-ground-floor.png"))
    for png in made:
        optimise(png)
    return made


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lang", nargs="+", default=["fr", "en"], help="languages (default: fr en)")
    p.add_argument("--out", type=Path, default=HERE / "images", help="folder of the pictures")
    args = p.parse_args(argv)
    for tool in ("xvfb-run", "pdftoppm", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"make_screenshots: {tool} is missing (packaging/system-deps.sh test installs it)", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="venueplans-guide-") as tmp:
        made = []
        for lang in args.lang:
            print(f"{lang}:", flush=True)
            made += make(lang, args.out / lang, Path(tmp))
    total = sum(p.stat().st_size for p in made)
    print(f"{len(made)} pictures, {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
