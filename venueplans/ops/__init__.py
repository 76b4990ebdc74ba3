"""Use cases, one verb each: `import_venue(cat, *, path, ...)`, `remove_venue(cat, *, venue_id)`...

Keyword-only arguments; each returns a small `Changes` record that the UI reacts to (Anki's OpChanges).
"""

from venueplans.ops.changes import Changes

__all__ = ["Changes"]
