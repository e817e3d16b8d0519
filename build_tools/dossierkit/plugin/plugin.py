"""The ``dossier`` MkDocs plugin: loads and validates the dossier on every build."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from dossierkit.build import load_dossier
from dossierkit.errors import DossierError
from dossierkit.plugin.config import DossierConfig

log = logging.getLogger("mkdocs.plugins.dossier")


class DossierPlugin(BasePlugin[DossierConfig]):
    """Reads ``dossier_dir`` and fails the build with located errors."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            self.dossier = load_dossier(root / self.config.dossier_dir, root=root)
        except DossierError as exc:
            raise PluginError("the dossier has errors:\n" + exc.report()) from None
        for warning in self.dossier.warnings:
            log.warning(warning.format())
        return config
