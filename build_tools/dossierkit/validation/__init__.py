"""Validation across fields and entries (single-file schema checks live in :mod:`dossierkit.schema`)."""
