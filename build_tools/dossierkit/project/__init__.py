"""The project around a dossier: finding it from ``mkdocs.yml``, new projects and new entries."""
