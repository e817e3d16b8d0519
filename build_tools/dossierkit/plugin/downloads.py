"""The ``dossier:downloads`` directive: links to the PDF book and the offline copy of the site."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from dossierkit.render.directives import DOWNLOADS_PLACEHOLDER

PDF_FILE = "dossier.pdf"  # written by `make build` (dossier pdf)
OFFLINE_ZIP = "dossier-offline.zip"  # written by `make build` / `make offline` (dossier pack)


def insert_downloads(html: str, page_url: str, config: MkDocsConfig) -> str:
    """``html`` with ``dossier:downloads`` filled with links, relative to the page at ``page_url``."""
    if DOWNLOADS_PLACEHOLDER not in html:
        return html
    offline = not config.use_directory_urls and "material/offline" in config.plugins \
        and config.plugins["material/offline"].config.enabled
    links = [f'<a href="{get_relative_url(PDF_FILE, page_url)}" class="dossier-download">Download the PDF</a>']
    if not offline:  # the offline copy does not contain itself
        links.append(f'<a href="{get_relative_url(OFFLINE_ZIP, page_url)}" class="dossier-download">'
                     "Download the offline site (zip)</a>")
    return html.replace(DOWNLOADS_PLACEHOLDER, '<p class="dossier-downloads">' + " · ".join(links) + "</p>")
