"""The local venue catalogue: one SQLite file, no Qt.

Everything the app knows about venues lives here: metadata, the imported source, storeys, elements,
spaces, features (exits, access points...), pre-tessellated geometry, scenarios and the audit trail.
"""

from venueplans.catalogue.db import Catalogue, CatalogueError, default_catalogue_path, open_catalogue

__all__ = ["Catalogue", "CatalogueError", "default_catalogue_path", "open_catalogue"]
