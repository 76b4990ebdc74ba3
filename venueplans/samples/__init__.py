"""Generators for the sample venues shipped in ``sample_venues/`` (a theatre and a stadium, IFC4).

Run ``python -m venueplans.samples --out sample_venues`` to regenerate them; output is byte-reproducible.
This package may import ifcopenshell, numpy, trimesh and shapely only (no Qt, no VTK, no other
venueplans package), so that it can run headless in a build step.
"""

from __future__ import annotations

from venueplans.samples.stadium import generate_stadium
from venueplans.samples.theatre import generate_theatre

__all__ = ["generate_stadium", "generate_theatre"]
