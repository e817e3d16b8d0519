"""What the plugin keeps between ``mkdocs serve`` rebuilds, and what it tells MkDocs.

MkDocs 1.6 keeps a plugin instance across the rebuilds of ``mkdocs serve``
when the plugin defines ``on_startup`` (documented), and with ``--dirty``
builds only the pages whose ``File.is_modified()`` is true (documented for
files on disk; for generated files the plugin sets it, as MkDocs' own API
allows by replacing the method on the file).  A rebuild then:

1. loads the dossier with an :class:`~dossierkit.loading.entry_cache.EntryCache`:
   only changed files are parsed and checked again;
2. updates the generated pages with
   :class:`~dossierkit.render.incremental.IncrementalPages`: only pages
   that read something the edit changed are rendered again, and a page
   whose content is unchanged keeps its MkDocs ``File`` (and so its
   ``Page``: see :meth:`ServeState.page_files`);
3. marks as modified only the pages whose output can differ: generated
   pages whose content changed, pages whose graphs changed (drawn again
   here and compared), and hand-written pages whose ``[[links]]`` and
   directives read something that changed (or whose file changed).  A
   changed glossary also changes the tooltips MkDocs-made HTML gets, so
   every page whose Markdown holds a word of a changed term is built; a
   changed configuration (``mkdocs.yml``, options, vocabulary) builds every
   page.  What the pages not built show of the others (titles, the
   navigation, links to files that came or went) is in ``plugin/serve_nav.py``;
4. does not have MkDocs write the sitemap again when it would be the same
   (:meth:`ServeState.sitemap_unchanged`: the same pages at the same
   addresses and dates, the engine's own template, no plugin but known
   ones): the sitemap of 10,000 pages took 0.07 s of each rebuild.  The
   theme's ``static_templates`` (a documented theme setting) is what MkDocs
   renders; the plugin leaves the sitemap out of it for that build;
5. after the build, gives Material's search plugin the index of the whole
   site: the entries of the pages built now and, for the others, those of
   their last build, in page order (what a clean build writes), and
   removes the pages that are gone, an entry's or a hand-written one (a dirty build never deletes).

Step 5 relies on Material's search plugin keeping its entries in
``search_index.entries`` and the previous index in ``search_index_prev``
(not an API; ``plugin/parallel.py`` relies on the first already).  With
another search plugin, the index is left to it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from importlib import resources

from jinja2 import TemplateNotFound

from mkdocs.structure.files import File, Files, InclusionLevel

from dossierkit.loading.entry_cache import EntryCache
from dossierkit.plugin.graphs import graph_html, graph_keys
from dossierkit.plugin.serve_nav import NavState, body_links_to_files, links_to_files
from dossierkit.render.incremental import IncrementalPages
from dossierkit.render.site import GeneratedPage
from dossierkit.render.tooltips import Glossary


log = logging.getLogger("mkdocs.plugins.dossier")
SITEMAP = "sitemap.xml"


@functools.lru_cache(maxsize=1)
def _engine_sitemap() -> str | None:
    """The engine's own sitemap template (what it reads is what the key of the sitemap holds)."""
    try:
        return (resources.files("mkdocs") / "templates" / SITEMAP).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return None


def unmodified() -> bool:
    """``File.is_modified`` of a file MkDocs need not build or write again."""
    return False


def _always() -> bool:
    return True


def _build_every_page(files: Files) -> int:
    """Have MkDocs build every page serve builds (drafts too); how many that is."""
    every_page = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for file in every_page:
        file.is_modified = _always  # type: ignore[method-assign]
    return len(every_page)


def _digest(figures: dict[str, str]) -> bytes:
    return hashlib.blake2b(repr(sorted(figures.items())).encode("utf-8")).digest()


class ServeState:
    """Everything kept from one serve rebuild to the next (see the module docstring)."""

    def __init__(self) -> None:
        self.cache = EntryCache()
        self.pages = IncrementalPages()
        self.page_reads: dict[str, frozenset] = {}  # hand-written page -> what its links and directives read
        self.expansions: dict[str, tuple] = {}  # hand-written page -> (Markdown, shown path, first line, expanded)
        self.graphs: dict[str, tuple[frozenset, bytes]] = {}  # page -> (what its graphs read, their digest)
        self.ready: dict[str, dict[str, str]] = {}  # page -> its graphs drawn in on_files, for this build
        self.search: dict[str, list[dict]] = {}  # page URL -> its search index entries
        self.outputs: dict[str, str] = {}  # generated page -> the file it was written to
        self.data_files: dict[str, tuple[frozenset, object]] = {}  # data file -> (what it read, its content)
        self.built: set[str] = set()  # pages built by this build
        self.stamp: object = None  # the configuration of the last build
        self.glossary: tuple = ({}, {})  # the glossary's indexes at the last build
        self.everything = True  # this build builds every page (first build, new configuration)
        self.words: tuple[set, set] = (set(), set())  # first words of terms changed by this build (exact, folded)
        self.files: dict[str, tuple[tuple, File]] = {}  # generated page -> (what its File was made from, the File)
        self.files_settings: object = None  # the configuration those files were made with
        self.sitemap: object = None  # what the last build's sitemap was made from
        self.names: frozenset = frozenset()  # the known names of the last build (render/tooltip_names.py)
        self.names_changed = 0  # how many times a name that holds a term came or went
        self.included: dict[str, str] = {}  # page made from a repository file (include_pages) -> its text
        self.nav = NavState()  # the titles, navigation and files of the last build (plugin/serve_nav.py)
        self.came_or_went = False  # a file of the last build is gone, or a new one came

    def update(self, dossier, options, html, stamp, glossary: Glossary, extra) -> tuple[list[GeneratedPage], set[str]]:
        """The generated pages (rendered again where needed) and the paths whose content changed;
        notes whether the configuration or the glossary changed (see :meth:`mark`)."""
        self.everything = stamp != self.stamp
        exact, folded = glossary.exact, glossary.folded
        self.words = (_changed_words(self.glossary[0], exact), _changed_words(self.glossary[1], folded))
        names = _known_names(glossary)
        if not self.everything and names != self.names and _hold_terms(names ^ self.names, glossary):
            # A name that holds a term came or went: no tooltip inside it, in any text (tooltip_names.py).
            self.everything = True
            self.names_changed += 1
        self.stamp, self.glossary, self.names = stamp, (exact, folded), names
        return self.pages.update(dossier, options, html, (stamp, exact, folded, self.names_changed), extra)

    def mark(self, files: Files, pages: list[GeneratedPage], created: list[File], fresh: set[str],
             dossier, expand) -> int:
        """Mark which pages MkDocs must build (``--dirty``); see step 3 of the module docstring.

        ``expand(src, markdown, shown, first_line)`` expands a hand-written page's links and
        directives again (noting what it read), or gives None when they are wrong.
        Returns how many pages MkDocs will build."""
        self.ready = {}
        self.came_or_went = self.nav.files_came_or_went(files)
        if self.everything:  # a new configuration: every page, hand-written ones too
            return _build_every_page(files)
        building = 0
        for page, file in zip(pages, created):
            src = file.src_uri
            if src in fresh or src not in self.outputs or self._has_changed_terms(page.markdown) \
                    or self._graphs_changed(src, page, files, dossier) \
                    or self.came_or_went and body_links_to_files(dossier, src):
                building += 1  # new or changed: built
                continue
            file.is_modified = unmodified  # type: ignore[method-assign]
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):  # drafts too
            src = file.src_uri
            known = self.expansions.get(src)
            if self.came_or_went and file.generated_by is None and (known is None or links_to_files(known[0])):
                file.is_modified = _always  # type: ignore[method-assign]  # its links may point elsewhere now
                building += 1
                continue
            if file.generated_by is not None or not (self.pages.touched(self.page_reads.get(src))
                                                     or known is not None and self._has_changed_terms(known[3])):
                continue
            if known is None or self._has_changed_terms(known[3]) or expand(src, *known[:3]) != known[3]:
                file.is_modified = _always  # type: ignore[method-assign]
                building += 1
        return building

    def _has_changed_terms(self, markdown: str) -> bool:
        """Whether ``markdown`` may hold a term whose tooltip changed (MkDocs-made HTML is marked later)."""
        exact, folded = self.words
        if not exact and not folded:
            return False
        if any(word in markdown for word in exact):
            return True
        lowered = markdown.casefold() if folded else ""
        return any(word in lowered for word in folded)

    def _graphs_changed(self, src: str, page: GeneratedPage, files: Files, dossier) -> bool:
        known = self.graphs.get(src)
        if known is None:
            return True  # not built by this server yet
        reads, digest = known
        if not self.pages.touched(reads):
            return False
        keys = graph_keys(page.markdown + page.parts.key())
        if not keys and digest == _digest({}):
            return False
        figures, reads = self.draw(src, keys, files, dossier)
        self.graphs[src] = (reads, _digest(figures))
        if _digest(figures) == digest:
            return False
        self.ready[src] = figures
        return True

    def draw(self, src: str, keys: list[str], files: Files, dossier) -> tuple[dict[str, str], frozenset]:
        """The graphs ``keys`` of page ``src``, and what drawing them read."""
        tracked = self.pages.tracked(dossier)
        figures = {key: graph_html(tracked, key, src, files) for key in keys}
        return figures, frozenset(tracked.reads)

    def page_graphs(self, src: str, html: str, files: Files, dossier) -> dict[str, str]:
        """The graphs of a page being built (drawn in :meth:`mark` or now), noting what they read."""
        self.built.add(src)
        keys = graph_keys(html)
        if not keys:
            self.graphs[src] = (frozenset(), _digest({}))  # none: nothing read, nothing to draw again
            return {}
        figures = self.ready.pop(src, None)
        if figures is None or set(figures) != set(keys):
            figures, reads = self.draw(src, keys, files, dossier)
            self.graphs[src] = (reads, _digest(figures))
        return figures

    def page_files(self, config, pages: list[GeneratedPage], inclusion_of) -> list[File]:
        """The MkDocs ``File`` of each generated page: the last build's, when the page's content,
        its inclusion (``inclusion_of(page)``) and the configuration are the same.

        Making 10,000 ``File`` objects again, and MkDocs a ``Page`` and its
        canonical URL for each, was a fifth of a rebuild at 10,000 entries.
        A ``File`` made by ``File.generated`` holds its path, content and
        settings, and caches its URL and destination; MkDocs makes a
        ``Page`` only for a file whose ``File.page`` is not set (its
        documented way of making the pages outside the nav), so a kept file
        keeps its page, which holds what the same configuration gives it
        (title, URLs, edit link; pages outside the nav have no neighbours)
        and is read again and rendered when the page is built.  What the
        last build decided of the file (``is_modified``) is undone here;
        :meth:`mark` decides again.  Any change of configuration or date
        (``stamp``) makes every file anew."""
        kept: dict[str, tuple[tuple, File]] = {}
        settings = (self.stamp, config.site_dir)
        known_files = self.files if settings == self.files_settings else {}
        out = []
        for page in pages:
            inclusion = inclusion_of(page)
            made_from = (page.markdown, inclusion)
            known = known_files.get(page.path)
            if known is not None and known[0] == made_from:
                file = known[1]
                file.__dict__.pop("is_modified", None)  # File's own method again
            else:
                file = File.generated(config, page.path, content=page.markdown, inclusion=inclusion)
            kept[page.path] = (made_from, file)
            out.append(file)
        self.files, self.files_settings = kept, settings
        return out

    def data(self, path: str, make, dossier) -> tuple[object, bool]:
        """The content of a data file made by ``make(dossier)`` (made again only when what it
        read changed), and whether it differs from the last build's."""
        known = self.data_files.get(path)
        if known is not None and not self.pages.touched(known[0]):
            return known[1], False
        tracked = self.pages.tracked(dossier)
        content = make(tracked)
        self.data_files[path] = (frozenset(tracked.reads), content)
        return content, known is None or known[1] != content

    def included_file(self, config, path: str, content: str, dirty: bool) -> File:
        """A page made from a file of the repository (``include_pages``); with ``dirty``, MkDocs
        builds it again only when its text changed, or may hold a changed glossary term, or the
        configuration changed, or a file came or went.  Its title is kept as a hand-written page's
        (``plugin/serve_nav.py``)."""
        file = File.generated(config, path, content=content)
        if dirty and self.included.get(path) == content and not self.everything \
                and not (self.came_or_went and links_to_files(content)) and not self._has_changed_terms(content):
            file.is_modified = unmodified  # type: ignore[method-assign]
        self.included[path] = content
        return file

    def data_file(self, config, path: str, make, dossier, dirty: bool) -> File:
        """A generated data file made by ``make(dossier)``; with ``dirty``, MkDocs writes it only when it changed."""
        content, changed = self.data(path, make, dossier)
        file = File.generated(config, path, content=content)
        if dirty and not changed:
            file.is_modified = unmodified  # type: ignore[method-assign]
        return file

    def merge_search(self, search, pages: list[File]) -> None:
        """Give the search plugin the whole site's index (step 4 of the module docstring);
        ``pages``: every page the build had (see :meth:`finish`)."""
        by_url: dict[str, list[dict]] = {}
        for entry in search.search_index.entries:
            by_url.setdefault(entry["location"].split("#")[0], []).append(entry)
        merged, kept = [], {}
        for file in pages:
            url = file.url
            if url in (".", "./"):  # the home page: its page's URL is ""
                url = ""
            entries = by_url.get(url, []) if file.src_uri in self.built else self.search.get(url, [])
            kept[url] = entries
            merged += entries
        self.search = kept
        search.search_index.entries = merged
        if hasattr(search, "search_index_prev"):
            search.search_index_prev = None  # its own merge assumes a single changed page

    def finish(self, pages: list[File], site_dir: str) -> None:
        """After a build: remove the pages that are gone (an entry's, or a hand-written page's: a
        dirty build never deletes), remember where pages went (``pages``: every page the build
        had, drafts included, as ``Files.documentation_pages(inclusion=InclusionLevel.is_in_serve)``)."""
        outputs = {}
        for file in pages:
            src = file.src_uri  # where a page goes does not change while the server runs
            outputs[src] = self.outputs.get(src) or file.abs_dest_path
        for src, path in self.outputs.items():
            if src not in outputs:
                _remove_page(path, site_dir)
        self.nav.finish(pages, self.files)
        log.debug(f"dossier: rebuilt {len(self.built)} page(s); {self.pages.rendered} generated page(s) rendered again")
        self.outputs = outputs
        self.built = set()
        self.ready = {}
        for src in [s for s in self.graphs if s not in outputs and s not in self.page_reads]:
            del self.graphs[src]

    def check_nav(self, items: list, files: Files, read) -> int:
        """Build every page when the navigation this build shows differs from the last build's
        (``read(page)``: see :meth:`NavState.nav_changed <dossierkit.plugin.serve_nav.NavState.nav_changed>`);
        how many pages that is (0 when it is the same)."""
        if not self.nav.nav_changed(items, read, self.files, compare=not self.everything):
            return 0
        return _build_every_page(files)

    def sitemap_unchanged(self, config, files: Files, env, known_plugins: bool) -> bool:
        """Whether the sitemap this build would write is the one the last build wrote (still in
        the site folder): its template (the engine's own), the site's address and
        each page's address and date are the same, and every plugin is a known one
        (``known_plugins``: another might change the sitemap on every build)."""
        key = None
        try:
            source = env.loader.get_source(env, SITEMAP)[0] if known_plugins else None
        except TemplateNotFound:
            source = None
        if source is not None and source == _engine_sitemap():  # a project's own may read anything
            pages = tuple((f.src_uri, f.page.canonical_url, f.page.abs_url, f.page.update_date, f.page.is_link)
                          if f.page is not None else (f.src_uri,) for f in files.documentation_pages())
            key = (source, config.site_url, pages)
        written = os.path.join(config.site_dir, SITEMAP)
        same = key is not None and key == self.sitemap and os.path.isfile(written) and os.path.isfile(written + ".gz")
        self.sitemap = key
        return same

    def failed(self, files: Files | None) -> None:
        """After a failed build: the next one builds every page again, and still removes the
        pages that are gone (``files``: the failed build's, when it got that far: it may
        have written some of them)."""
        self.sitemap = None
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve) if files is not None else ():
            self.outputs.setdefault(file.src_uri, file.abs_dest_path)
        self.files = {}
        self.data_files = {}
        self.included = {}
        self.nav.forget()
        self.stamp = None  # so the next build builds every page, hand-written ones too
        self.built = set()
        self.ready = {}


def _known_names(glossary: Glossary) -> frozenset:
    """Every known name (a tuple of words) of the glossary's index of names."""
    return frozenset(name for by_length in glossary.names.values() for names in by_length.values() for name in names)


def _hold_terms(names: frozenset, glossary: Glossary) -> bool:
    """Whether a word of one of ``names`` (or its stem before "'s") is a word of a term: only
    then can a name change where tooltips go (a term starts inside it, or "X's" reads as "X")."""
    exact = {w for by_length in glossary.exact.values() for terms in by_length.values() for words in terms for w in words}
    folded = {w for by_length in glossary.folded.values() for terms in by_length.values() for words in terms
              for w in words}
    for name in names:
        for word in name:
            for form in (word, word[:-2]) if word.endswith(("'s", "’s")) else (word,):
                if form in exact or form.casefold() in folded:
                    return True
    return False


def _changed_words(old: dict, new: dict) -> set[str]:
    """First words of the terms whose tooltip differs between two glossary indexes (``tooltips.Index``)."""
    return {first for first in old.keys() | new.keys() if old.get(first) != new.get(first)}


def _remove_page(path: str, site_dir: str) -> None:
    """Remove a page's file and the folders below ``site_dir`` that held only it."""
    top = os.path.abspath(site_dir)
    try:
        os.remove(path)
        folder = os.path.dirname(os.path.abspath(path))
        while folder.startswith(top + os.sep) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    except OSError:
        pass
