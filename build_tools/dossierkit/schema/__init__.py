"""The entry format: vocabularies, field types and kinds (one source of truth)."""

from dossierkit.schema.kinds import KINDS, KINDS_BY_FOLDER, KINDS_BY_NAME, Kind

__all__ = ["KINDS", "KINDS_BY_FOLDER", "KINDS_BY_NAME", "Kind"]
