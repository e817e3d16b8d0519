"""The generated pages kept between rebuilds, re-rendered only where an edit shows.

:class:`IncrementalPages` holds every generated page of the last rebuild
with the read keys it was rendered from (``structure.reads``).  Given the
newly loaded dossier, it compares it with the last one
(:func:`~dossierkit.structure.changed.changed_keys`) and renders again only
the pages that read a changed key, the pages of new entries and, when the
``stamp`` (everything else a page depends on: options, vocabulary,
glossary, history) differs, every page.  It says which pages' content
changed, so that a site engine rebuilds only those.
"""

from __future__ import annotations

from typing import Callable, Iterable

from dossierkit.render.context import SiteOptions
from dossierkit.render.site import GeneratedPage, SiteHtml, entry_page, index_page_makers
from dossierkit.render.text import page_path
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.changed import changed_keys
from dossierkit.structure.reads import KeptParts, TrackedDossier

# An extra page: (path, function of the (tracked) dossier that renders it).
ExtraPage = tuple[str, Callable[[object], GeneratedPage]]


class IncrementalPages:
    """Generated pages of the last rebuild and what each read; see the module docstring."""

    def __init__(self) -> None:
        self.dossier: Dossier | None = None
        self.stamp: object = None
        self.pages: dict[str, GeneratedPage] = {}
        self.reads: dict[str, frozenset] = {}
        self.changed: set[tuple] | None = None  # keys changed by the last update; None: everything
        self.parts: dict[str, dict] = {}  # page -> its parts kept with their reads (structure.reads.kept_part)
        self.rendered = 0  # pages rendered by the last update

    def touched(self, reads: Iterable[tuple] | None) -> bool:
        """Whether the last update changed anything that ``reads`` (a page's read keys) depends on."""
        if self.changed is None or reads is None:
            return True
        return not self.changed.isdisjoint(reads)

    def tracked(self, dossier: Dossier | None = None) -> TrackedDossier:
        """A dossier that notes reads (:class:`TrackedDossier`) for a page the caller renders itself."""
        return TrackedDossier(dossier if dossier is not None else self.dossier)

    def update(self, dossier: Dossier, options: SiteOptions, html: SiteHtml, stamp: object,
               extra: list[ExtraPage] = ()) -> tuple[list[GeneratedPage], set[str]]:
        """Every generated page, in the order of :func:`~dossierkit.render.site.generate_pages`
        followed by ``extra``; and the paths whose content is new or differs from the last update."""
        if self.dossier is None or stamp != self.stamp:
            self.changed = None
        elif dossier is self.dossier:
            self.changed = set()
        else:
            self.changed = changed_keys(self.dossier, dossier)
        tracked = TrackedDossier(dossier)
        makers: list[tuple[str, Callable[[], GeneratedPage]]] = list(index_page_makers(tracked, options, html))
        makers += [(page_path(e), lambda e=e: entry_page(tracked, e.id, options, html)) for e in dossier]
        makers += [(path, lambda make=make: make(tracked)) for path, make in extra]
        pages: list[GeneratedPage] = []
        fresh: set[str] = set()
        new_pages: dict[str, GeneratedPage] = {}
        new_reads: dict[str, frozenset] = {}
        new_parts: dict[str, dict] = {}
        self.rendered = 0
        for path, make in makers:
            old = self.pages.get(path)
            reads = self.reads.get(path)
            if old is None or self.touched(reads):
                tracked.begin()
                tracked.parts = KeptParts(self.parts.get(path, {}), self.changed)
                page = make()
                reads = frozenset(tracked.reads)
                if tracked.parts.used:
                    new_parts[path] = tracked.parts.used
                tracked.parts = None
                self.rendered += 1
                if old is None or old.markdown != page.markdown or old.parts != page.parts \
                        or old.entry_path != page.entry_path:
                    fresh.add(path)
            else:
                page = old
                if path in self.parts:
                    new_parts[path] = self.parts[path]
            pages.append(page)
            new_pages[path] = page
            new_reads[path] = reads
        self.dossier, self.stamp, self.pages, self.reads, self.parts = dossier, stamp, new_pages, new_reads, new_parts
        return pages, fresh

    def forget(self) -> None:
        """Drop everything (the next update renders every page)."""
        self.__init__()
