"""venueplans: offline 3D and printable plans of public venues for intervention forces."""

__version__ = "0.1.0"
