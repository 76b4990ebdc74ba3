"""Image helpers for rendering tests: frames as numpy, colours at points, baselines under a tolerance.

Baselines live in tests/render/baselines/*.png. `VENUEPLANS_UPDATE_BASELINES=1 pytest tests/render`
rewrites them (look at them before committing). A mismatch saves the rendered image and the difference
next to the test's tmp_path and says where.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

BASELINES = Path(__file__).parent / "baselines"
UPDATE = os.environ.get("VENUEPLANS_UPDATE_BASELINES", "") not in ("", "0")
MEAN_TOLERANCE = 3.0  # mean absolute difference per channel, 0..255 (text and llvmpipe versions vary a little)
PIXEL_TOLERANCE = 0.02  # share of pixels allowed to differ by more than 48 in some channel


def frame(scene) -> np.ndarray:
    """Render and return the frame as (H, W, 3) uint8, top row first."""
    from venueplans.render.snapshot import capture

    scene.render()
    return capture(scene.window)


def pixel(image: np.ndarray, x: float, y: float, radius: int = 1) -> np.ndarray:
    """Mean RGB around display point (x, y) (VTK convention: origin bottom-left)."""
    h, w, _ = image.shape
    row, col = int(round(h - 1 - y)), int(round(x))
    patch = image[max(row - radius, 0) : row + radius + 1, max(col - radius, 0) : col + radius + 1]
    return patch.reshape(-1, 3).mean(axis=0)


def is_exit_green(rgb) -> bool:
    r, g, b = (float(v) for v in rgb)
    return g > 110 and g - r > 60 and g - b > 30


def read_png(path: Path) -> np.ndarray:
    from vtkmodules.util.numpy_support import vtk_to_numpy
    from vtkmodules.vtkIOImage import vtkPNGReader

    reader = vtkPNGReader()
    reader.SetFileName(str(path))
    reader.Update()
    img = reader.GetOutput()
    w, h, _ = img.GetDimensions()
    return vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)[::-1, :, :3].copy()


def write_png(path: Path, image: np.ndarray) -> None:
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonDataModel import vtkImageData
    from vtkmodules.vtkIOImage import vtkPNGWriter

    h, w, _ = image.shape
    data = vtkImageData()
    data.SetDimensions(w, h, 1)
    flat = np.ascontiguousarray(image[::-1]).reshape(-1, 3)
    data.GetPointData().SetScalars(numpy_to_vtk(flat, deep=True))
    writer = vtkPNGWriter()
    writer.SetCompressionLevel(9)
    writer.SetFileName(str(path))
    writer.SetInputData(data)
    writer.Write()


def assert_matches_baseline(image: np.ndarray, name: str, out_dir: Path) -> None:
    path = BASELINES / f"{name}.png"
    if UPDATE:
        BASELINES.mkdir(exist_ok=True)
        write_png(path, image)
        return
    assert path.exists(), f"no baseline {path}; create it with VENUEPLANS_UPDATE_BASELINES=1 (and look at it)"
    expected = read_png(path)
    assert expected.shape == image.shape, f"{name}: size {image.shape[1::-1]} != baseline {expected.shape[1::-1]}"
    diff = np.abs(image.astype(np.int16) - expected.astype(np.int16))
    mean = float(diff.mean())
    share = float((diff.max(axis=2) > 48).mean())
    if mean > MEAN_TOLERANCE or share > PIXEL_TOLERANCE:
        write_png(out_dir / f"{name}-actual.png", image)
        write_png(out_dir / f"{name}-diff.png", np.clip(diff * 4, 0, 255).astype(np.uint8))
        raise AssertionError(
            f"{name}: differs from its baseline (mean {mean:.2f} > {MEAN_TOLERANCE} or {share:.1%} pixels "
            f"> {PIXEL_TOLERANCE:.0%}); see {out_dir}/{name}-actual.png and -diff.png"
        )
