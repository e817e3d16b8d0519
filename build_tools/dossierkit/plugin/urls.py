"""URLs as MkDocs makes them, for the HTML the plugin writes itself."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import get_relative_url

from dossierkit.render.text import page_path


def page_href(config: MkDocsConfig):
    """Page source path -> page source path: the relative URL MkDocs would link with."""
    directory_urls = config.use_directory_urls

    def url(src: str) -> str:
        stem = src[:-3]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[:-5]
            return (folder or "./") if directory_urls else stem + ".html"
        return stem + "/" if directory_urls else stem + ".html"

    def href(from_page: str, to_page: str) -> str:
        return get_relative_url(url(to_page), url(from_page))

    return href


def entry_url(config: MkDocsConfig):
    """Entry -> URL from the site root (absolute when ``site_url`` is set)."""
    base = config.site_url or ""

    def url_for(entry) -> str:
        path = page_path(entry)[:-3]
        return base + (path + "/" if config.use_directory_urls else path + ".html")

    return url_for
