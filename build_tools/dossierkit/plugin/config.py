"""Typed configuration of the ``dossier`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class DossierConfig(base.Config):
    """Options under ``plugins: - dossier:`` in ``mkdocs.yml``."""

    dossier_dir = c.Type(str, default="dossier")
    """Folder holding the YAML entries, relative to ``mkdocs.yml``."""
