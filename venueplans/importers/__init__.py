"""Importers turn a model file into an `ImportedModel`. No SQLite, no Qt, no VTK here."""

from venueplans.importers.errors import ImportCancelled, ImportFailed
from venueplans.importers.registry import SUPPORTED_SUFFIXES, import_file, importer_for

__all__ = ["SUPPORTED_SUFFIXES", "ImportCancelled", "ImportFailed", "import_file", "importer_for"]
