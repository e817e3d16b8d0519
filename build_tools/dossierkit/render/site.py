"""The set of generated pages for a dossier, independent of any site engine."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from dossierkit.render.context import SiteOptions
from dossierkit.render.entity_page import graph_placeholder, render_entry_page, render_entry_page_slotted
from dossierkit.render.formats import Format, Href, HtmlFormat, MarkdownFormat
from dossierkit.render.glossary_page import render_glossary
from dossierkit.render.index_pages import render_legend, write_kind_index
from dossierkit.render.page_paths import (
    GLOSSARY_PAGE, GRAPH_PAGE, LEGEND_PAGE, POSITIONS_PAGE, TIMELINE_PAGE, indexed_kinds, kind_index_page, page_path)
from dossierkit.render.positions_page import write_positions_page
from dossierkit.render.slots import PageWriter, SiteParts
from dossierkit.render.timeline_page import write_timeline
from dossierkit.structure.dossier import Dossier


@dataclass(frozen=True)
class SiteHtml:
    """How a site engine wants generated HTML: its links and its tooltips.

    ``href`` maps (from page, to page) source paths to a relative URL;
    ``mark(text, own=None)`` adds glossary tooltips to escaped contributed
    text, except for the term that the entry ``own`` defines (optional).
    ``prose``: entry pages whose title and body are plain prose get them as
    HTML, with no Markdown (``render/plain_prose.py``); the engine must then
    write the title's heading (``SiteParts.prose``).
    """

    href: Href
    mark: Callable[..., str] | None = None
    prose: bool = False


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its source path, Markdown, the YAML file behind it,
    and its ready-made HTML parts when rendered for a site (see ``slots``)."""

    path: str
    markdown: str
    entry_path: str | None = None
    parts: SiteParts = SiteParts()


def _written(path: str, html: SiteHtml | None, write) -> GeneratedPage:
    """Run ``write(fmt, out)`` for the page at ``path``: plain Markdown, or with ``html`` slotted HTML."""
    out = PageWriter(slotted=html is not None)
    fmt: Format = MarkdownFormat(path) if html is None else HtmlFormat(path, html.href, html.mark)
    write(fmt, out)
    markdown, parts = out.finish()
    return GeneratedPage(path, markdown, parts=parts)



def index_page_makers(dossier: Dossier, options: SiteOptions = SiteOptions(),
                      html: SiteHtml | None = None) -> list[tuple[str, Callable[[], GeneratedPage]]]:
    """(path, function that renders it) of each page of :func:`index_pages`, in order."""
    makers: list[tuple[str, Callable[[], GeneratedPage]]] = [
        (kind_index_page(k.name),
         lambda k=k: _written(kind_index_page(k.name), html, lambda fmt, out: write_kind_index(dossier, k.name, fmt, out)))
        for k in indexed_kinds()]
    makers.append((TIMELINE_PAGE, lambda: _written(TIMELINE_PAGE, html,
                                                   lambda fmt, out: write_timeline(dossier, options.eras, fmt, out))))
    makers.append((GLOSSARY_PAGE, lambda: GeneratedPage(GLOSSARY_PAGE, render_glossary(dossier))))
    makers.append((LEGEND_PAGE, lambda: GeneratedPage(LEGEND_PAGE, render_legend(dossier.vocabulary))))
    makers.append((GRAPH_PAGE, lambda: GeneratedPage(GRAPH_PAGE, render_network_page())))
    makers.append((POSITIONS_PAGE, lambda: _written(POSITIONS_PAGE, html,
                                                    lambda fmt, out: write_positions_page(dossier, fmt, out))))
    return makers


def index_pages(dossier: Dossier, options: SiteOptions = SiteOptions(),
                html: SiteHtml | None = None) -> list[GeneratedPage]:
    """The kind indexes, timeline, glossary and legend (pages that list entries)."""
    return [make() for _, make in index_page_makers(dossier, options, html)]


def render_network_page() -> str:
    """The page that shows the whole network (the graph itself is added by the adapter)."""
    return "\n".join([
        "---", "hide:", "  - toc", "---", "",  # Material: give the graph the full width
        "# Network", "",
        "How the actors, organisations and obstacles of this dossier are related. "
        "Line styles show each relation's status; click a node to open its page. "
        "Every relation is also listed, with its dates and sources, on the pages of both entries.", "",
        graph_placeholder("network"), "",
    ])


def entry_page(dossier: Dossier, entry_id: str, options: SiteOptions, html: SiteHtml | None = None) -> GeneratedPage:
    """The page of one entry: plain Markdown, or with ``html`` Markdown plus HTML parts."""
    entry = dossier.entries[entry_id]
    path = page_path(entry)
    if html is None:
        return GeneratedPage(path, render_entry_page(dossier, entry, options), entry.path)
    mark = functools.partial(html.mark, own=entry.id) if html.mark else None  # no tooltip for its own term
    markdown, parts = render_entry_page_slotted(dossier, entry, options, HtmlFormat(path, html.href, mark), html.prose)
    return GeneratedPage(path, markdown, entry.path, parts)


def entry_pages(dossier: Dossier, options: SiteOptions, html: SiteHtml | None = None,
                only: Callable[[str], bool] | None = None) -> list[GeneratedPage]:
    """The entries' pages, in the dossier's order; with ``only``, those whose path it refuses are
    listed but left empty (another process renders them)."""
    return [entry_page(dossier, e.id, options, html) if only is None or only(page_path(e))
            else GeneratedPage(page_path(e), "", e.path) for e in dossier]


def generate_pages(dossier: Dossier, options: SiteOptions, html: SiteHtml | None = None,
                   only: Callable[[str], bool] | None = None) -> list[GeneratedPage]:
    """Every generated page, in a stable order: index pages first, then entries.

    Without ``html`` every page is plain Markdown (``dossier export``).  A
    site adapter passes ``html`` to get pages whose generated sections are
    ready-made HTML parts (see ``slots``).  ``only``: see :func:`entry_pages`.
    """
    return index_pages(dossier, options, html) + entry_pages(dossier, options, html, only)
