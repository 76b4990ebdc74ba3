"""Venue geometry on screen and in pictures: VTK only, no Qt.

- `scene.VenueScene`: the scene the desktop viewer drives (API in `venueplans.render.scene`'s docstring).
- `snapshot.snapshot` / `snapshot.thumbnail_png`: off-screen PNGs with the same scene code.
- `features`: exit / access / stair / lift markers and decluttered labels; `style`: colours and looks;
  `camera`: view presets and projection; `clipping`: section plane and box; `instances`: seats with a
  level of detail; `legend`: the key over pictures; `meshes`: numpy -> VTK without copies.

Imports are lazy: `import venueplans.render` loads nothing from VTK, and the modules import only the
`vtkmodules` they use (never `vtk` or pyvista as a whole), which keeps `venueplans render` quick to start.
"""

from __future__ import annotations

_EXPORTS = {
    "VenueScene": "venueplans.render.scene",
    "PickResult": "venueplans.render.scene",
    "SceneData": "venueplans.render.scene",
    "read_scene_data": "venueplans.render.scene",
    "snapshot": "venueplans.render.snapshot",
    "thumbnail_png": "venueplans.render.snapshot",
    "VIEW_PRESETS": "venueplans.render.camera",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'venueplans.render' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
