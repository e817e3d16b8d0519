"""The site's history for the plugin: read once per build, said once in the log.

The core (``changes/``) reads git and says each change in a reader's words;
this adapter gives MkDocs what comes of it: the History list on entry pages
(through ``SiteOptions.history``), the Updates page, its Atom feed and the
``dossier:latest-updates`` directive.  A build without a history (no git, a
shallow clone, ``history: false``) says why in one info line, never a
warning, so ``--strict`` builds still pass.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from dossierkit.changes.history import read_history
from dossierkit.changes.site_history import SiteHistory, site_history
from dossierkit.changes.updates import atom_feed, latest_updates, write_updates
from dossierkit.render.page_paths import FEED_FILE, UPDATES_PAGE
from dossierkit.plugin.urls import page_href
from dossierkit.render.formats import HtmlFormat
from dossierkit.render.site import GeneratedPage, SiteHtml
from dossierkit.render.slots import PageWriter
from dossierkit.structure.dossier import Dossier

log = logging.getLogger("mkdocs.plugins.dossier")


class History:
    """Holds the build's :class:`SiteHistory`; one instance lives as long as the plugin."""

    def __init__(self) -> None:
        self.site: SiteHistory = SiteHistory()
        self.said: set[str] = set()  # notes already logged (cleared by on_startup: once per command)

    def load(self, enabled: bool, dossier_dir: Path, dossier: Dossier, repo_url: str | None) -> SiteHistory:
        """Read the history (or not) for this build; log once why there is none."""
        if not enabled:
            self.site = SiteHistory(note="the history is turned off (history: false)")
        else:
            history = read_history(dossier_dir, dossier.vocabulary)
            self.site = site_history(history, dossier, repo_url)
            if history.computed:
                log.debug(f"dossier: history: {history.computed} commit(s) read from git, the rest from the cache")
        if self.site.note and self.site.note not in self.said:
            self.said.add(self.site.note)
            log.info(f"dossier: {self.site.note}")
        return self.site

    def directives(self, dossier: Dossier) -> dict:
        """Directives that need the history, for ``render_page_links``."""
        def latest(args: list[str], page: str) -> str:
            count = int(args[0]) if args and args[0].isdigit() else 3
            return latest_updates(dossier, self.site, page, count)

        return {"latest-updates": latest}

    def page(self, dossier: Dossier, html: SiteHtml) -> GeneratedPage:
        """The Updates page, with ready-made HTML parts."""
        out = PageWriter(slotted=True)
        write_updates(dossier, self.site, HtmlFormat(UPDATES_PAGE, html.href, html.mark), out)
        markdown, parts = out.finish()
        return GeneratedPage(UPDATES_PAGE, markdown, parts=parts)

    def feed(self, dossier: Dossier, config: MkDocsConfig) -> File:
        """The Atom feed of the Updates page."""
        return File.generated(config, FEED_FILE, content=self.feed_text(dossier, config))

    def feed_text(self, dossier: Dossier, config: MkDocsConfig) -> str:
        """The text of the Atom feed of the Updates page."""
        href = page_href(config)

        def page_url(src: str) -> str:
            url = href("index.md", src)  # relative to the site root
            return "" if url in (".", "./") else url

        return atom_feed(dossier, self.site, config.site_name, page_url, config.site_url or None)
