"""URLs as MkDocs makes them, for the HTML the plugin writes itself."""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from dossierkit.render.text import page_path


def edit_base(config: MkDocsConfig, edit_uri: str | None) -> str | None:
    """The address an entry's YAML path is put after for its "edit" link (None without a
    ``repo_url``): ``edit_uri`` (the plugin's option), or MkDocs' own ``edit_uri`` less its
    ``docs/`` folder, since entries live beside ``docs/``, not in it."""
    if not config.repo_url:
        return None
    if edit_uri is None:
        edit_uri = config.edit_uri or ""
        docs_name = Path(config.docs_dir).name + "/"
        if edit_uri.endswith(docs_name):
            edit_uri = edit_uri[: -len(docs_name)]
    return config.repo_url.rstrip("/") + "/" + edit_uri.lstrip("/")


def page_href(config: MkDocsConfig):
    """Page source path -> page source path: the relative URL MkDocs would link with.

    The result is ``mkdocs.utils.get_relative_url`` of the two pages' URLs.  A
    build makes about 230,000 of these links at 10,000 entries, so each page's
    URL is split into folders once, not once per link.
    """
    directory_urls = config.use_directory_urls
    known: dict[str, tuple[list[str], list[str], bool]] = {}

    def url(src: str) -> str:
        stem = src[:-3]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[:-5]
            return (folder or "./") if directory_urls else stem + ".html"
        return stem + "/" if directory_urls else stem + ".html"

    def parts(src: str) -> tuple[list[str], list[str], bool]:
        """The page's folders as a link's source and as its target, and whether its URL ends in a slash."""
        found = known.get(src)
        if found is None:
            target = url(src)
            folder, _, name = target.rpartition("/")
            found = known[src] = (_folders(folder if "." in name else target), _folders(target), target.endswith("/"))
        return found

    def href(from_page: str, to_page: str) -> str:
        source, (_, target, slash) = parts(from_page)[0], parts(to_page)
        common = 0
        for a, b in zip(source, target):
            if a != b:
                break
            common += 1
        relative = "/".join([".."] * (len(source) - common) + target[common:]) or "."
        return relative + "/" if slash else relative

    return href


def _folders(url: str) -> list[str]:
    """A site URL's parts, normalised as ``get_relative_url`` does (``..`` never above the root)."""
    path = posixpath.normpath(url if url.startswith("/") else "/" + url)[1:]
    return path.split("/") if path else []


def entry_url(config: MkDocsConfig):
    """Entry -> URL from the site root (absolute when ``site_url`` is set)."""
    base = config.site_url or ""

    def url_for(entry) -> str:
        path = page_path(entry)[:-3]
        return base + (path + "/" if config.use_directory_urls else path + ".html")

    return url_for
