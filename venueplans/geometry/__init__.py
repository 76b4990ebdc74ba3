"""numpy / shapely / trimesh geometry: batching, sections, 2D plans, numbering. No SQLite, no Qt, no VTK."""
