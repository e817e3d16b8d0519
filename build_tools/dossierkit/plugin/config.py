"""Typed configuration of the ``dossier`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class DossierConfig(base.Config):
    """Options under ``plugins: - dossier:`` in ``mkdocs.yml``."""

    dossier_dir = c.Type(str, default="dossier")
    """Folder holding the YAML entries, relative to ``mkdocs.yml``."""

    edit_uri = c.Optional(c.Type(str))
    """Edit path from ``repo_url`` to the project root, e.g. ``edit/main/``.
    Default: the site's ``edit_uri`` without its trailing docs folder."""

    include_pages = c.Type(dict, default={})
    """Repository files published as pages, ``{page path: file}``, e.g.
    ``{contributing.md: CONTRIBUTING.md}``; links to ``docs/...`` in them are
    rewritten for the site."""

    pdf_pages = c.Type(list, default=[])
    """Hand-written pages (paths in ``docs/``) that open the PDF book, in order."""

    eras = c.Type(list, default=[])
    """Named periods that group the timeline: ``[{title: ..., start: YYYY[-MM[-DD]], end: ...}]``."""

    maintainers = c.Type(list, default=[])
    """GitHub users or teams (``@login``, ``@org/team-name``) who review pull requests;
    ``dossier codeowners`` writes ``.github/CODEOWNERS`` from them."""

    sanitize = c.Type(bool, default=True)
    """Pass every page's HTML through the allowlist sanitizer (keep on)."""
