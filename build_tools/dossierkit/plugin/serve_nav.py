"""What a page a dirty rebuild does not build shows of the others: their titles and their files.

Every page shows the navigation, and the navigation shows the titles of the
pages in it.  MkDocs knows a page's title (the nav's, its front matter's, or
its first heading) only once it has read the page, and with ``--dirty`` it
reads only the pages it builds.  So, between the rebuilds of ``mkdocs serve``:

- a page a rebuild does not read gets the title and metadata it had when
  it was last read (:meth:`NavState.keep_titles`; ``Page.title`` is the
  field MkDocs itself sets from the nav);
- before the pages are read, the navigation this build will show is
  compared with the last build's (:meth:`NavState.nav_changed`): its
  sections, links and pages, and each page's title, icon and status.  A
  page whose file changed is read (and, when its title is its first
  heading, rendered) once more for that; when anything differs, every page
  is built;
- a page's links to other files (``[text](other.md)``, an image) change
  when the file they point to comes or goes, so a file that comes or goes
  builds again every hand-written page whose own Markdown has such a link
  (:func:`links_to_files`; its ``[[links]]`` and directives are followed
  by what they read, see ``serve_state.py``), and every entry page whose
  body links to a path of the site (which the loader warns of).

Drafts, which serve builds, are built with the rest.  A build that fails
leaves all this unknown: the next one builds every page (and still removes
the pages that are gone).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Container

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from dossierkit.plugin.search import entry_of_page
from dossierkit.render.front_matter import plain_title
from dossierkit.render.sanitize import local_link_targets

Shown = tuple  # (title, icon, status): what the navigation shows of a page


def shown(title, meta: dict) -> Shown:
    """What the navigation shows of a page with this title and metadata (Material: icon, status)."""
    return (title, meta.get("icon"), meta.get("status"))


class NavState:
    """The titles, navigation and files of the last build (see the module docstring)."""

    def __init__(self) -> None:
        self.titles: dict[str, tuple] = {}  # page not generated -> (title, metadata) when it was last read
        self.nav_key: tuple | None = None  # what the last build's navigation showed
        self.nav_items: list | None = None  # this build's navigation (its key is taken when the build ends)
        self.names: frozenset | None = None  # every file of the last build (src_uri)

    def files_came_or_went(self, files: Files) -> bool:
        """Whether a file of the last build is gone or a new one came (a page, an image...)."""
        names = frozenset(files.src_uris)
        changed = self.names is not None and names != self.names
        self.names = names
        return changed

    def nav_changed(self, items: list, read: Callable[[Page], Shown], generated: Container[str],
                    compare: bool = True) -> bool:
        """Whether the navigation this build shows (``items``) differs from the last build's.

        ``read(page)`` reads a page whose file changed, as MkDocs is about to,
        and gives what the navigation will show of it; a page whose file did
        not change shows what it showed (``generated``: the paths of the
        generated pages, whose ``Page`` is kept with its title).  ``compare=False``:
        every page is built anyway (nothing is read early)."""
        self.nav_items = items
        if self.nav_key is None or not compare:
            return False  # the first build, after a failed one, or a new configuration: every page is built

        def title_of(page: Page) -> Shown:
            if page.file.is_modified():
                return read(page)
            src = page.file.src_uri
            known = None if src in generated else self.titles.get(src)
            return shown(*known) if known is not None else shown(page.title, page.meta)

        return _key(items, title_of) != self.nav_key

    def finish(self, pages: list[File], generated: Container[str]) -> None:
        """After a good build: the titles of the pages it read (not the generated ones, whose
        paths are in ``generated``), and what its navigation showed."""
        for file in pages:
            src = file.src_uri
            if src in generated:
                continue
            page = file.page
            if page is not None and page.markdown is not None:
                self.titles[src] = (page.title, page.meta)
        items, self.nav_items = self.nav_items, None
        self.nav_key = _key(items, lambda page: shown(page.title, page.meta)) if items is not None else None

    def keep_titles(self, files: Files) -> None:
        """Give each page this build does not read the title and metadata it had when last read."""
        by_path = files.src_uris
        for src, (title, meta) in self.titles.items():
            file = by_path.get(src)
            page = file.page if file is not None else None
            if page is not None and page.markdown is None:
                page.title, page.meta = title, dict(meta)

    def forget(self) -> None:
        """After a failed build (pages may have been read, or written, and not recorded)."""
        self.nav_key = self.nav_items = self.names = None


def reader(config, files: Files, on_page_markdown, known_plugins: bool) -> Callable[[Page], Shown]:
    """``read(page)`` for :meth:`NavState.nav_changed`: reads a page whose file changed, as MkDocs
    is about to, with the plugin's ``on_page_markdown`` (its ``[[links]]`` expanded), and
    renders it when its title is its first heading (its warnings held back: MkDocs renders
    it again); what the navigation will show of it, the title as the plugin's
    ``on_page_content`` leaves it.  With another plugin than the known ones (which might
    change a title), such a page is taken as changed, unless the nav gives its title."""
    def read(page: Page) -> Shown:
        page.read_source(config)
        page.markdown = on_page_markdown(page.markdown, page=page, config=config, files=files)
        if "title" in vars(page):  # the nav's
            return shown(page.title, page.meta)
        if not known_plugins:
            return (object(),)  # equal to nothing: every page is built
        if "title" not in page.meta:
            with _quiet(logging.getLogger(type(page).__module__)):  # its warnings: when MkDocs renders it
                page.render(config, files)
        return shown(page.meta.get("title") or plain_title(page.title or ""), page.meta)

    return read


@contextlib.contextmanager
def _quiet(logger: logging.Logger):
    """``logger`` says nothing while the block runs."""
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


def links_to_files(markdown: str) -> bool:
    """Whether a page's own Markdown may link to a file of the site (a link, a reference, an image)."""
    return "](" in markdown or "]:" in markdown or "href=" in markdown or "src=" in markdown


def body_links_to_files(dossier, src: str) -> bool:
    """Whether the body of the entry whose page is ``src`` links to a path of the site (the loader
    warns of it; MkDocs resolves it, so it changes when that file comes or goes)."""
    entry = entry_of_page(dossier, src)
    body = entry.data.get("body") if entry is not None else None
    return bool(body) and links_to_files(body) and bool(local_link_targets(body))


def _key(items: list, title_of: Callable[[Page], Shown]) -> tuple:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append(("section", item.title, _key(item.children, title_of)))
        elif isinstance(item, Link):
            out.append(("link", item.title, item.url))
        else:
            out.append(("page", item.file.src_uri, title_of(item)))
    return tuple(out)
