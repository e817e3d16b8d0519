"""The ``dossier`` plugin's options, declared to MkDocs from the core's one declaration.

The options and their meaning live in :mod:`dossierkit.project.options`
(:data:`~dossierkit.project.options.OPTIONS`), which the CLI reads too; here
MkDocs only learns their names, so that it accepts them, and the plugin
checks their values with the core's rules (located in ``mkdocs.yml``).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from dossierkit.project.options import OPTIONS

DossierConfig = type("DossierConfig", (base.Config,), {
    "__doc__": "Options under ``plugins: - dossier:`` in ``mkdocs.yml`` (see dossierkit.project.options).",
    "__module__": __name__,
    **{f.name: c.Optional(c.Type(object)) for f in OPTIONS.fields},
})
