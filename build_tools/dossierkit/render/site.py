"""The set of generated pages for a dossier, independent of any site engine."""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.render.context import SiteOptions
from dossierkit.render.entity_page import graph_placeholder, render_entry_page
from dossierkit.render.glossary_page import GLOSSARY_PAGE, render_glossary
from dossierkit.render.index_pages import render_kind_index, render_legend
from dossierkit.render.text import page_path
from dossierkit.render.timeline_page import TIMELINE_PAGE, render_timeline
from dossierkit.structure.dossier import Dossier

LEGEND_PAGE = "status.md"
GRAPH_PAGE = "graph.md"
INDEXED_KINDS = ("actor", "organisation", "obstacle", "source")


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its source path, Markdown, and the YAML file behind it."""

    path: str
    markdown: str
    entry_path: str | None = None


def index_pages(dossier: Dossier, options: SiteOptions = SiteOptions()) -> list[GeneratedPage]:
    """The kind indexes, timeline, glossary and legend (pages that list entries)."""
    from dossierkit.schema.kinds import KINDS_BY_NAME

    pages = [GeneratedPage(f"{KINDS_BY_NAME[k].folder}/index.md", render_kind_index(dossier, k)) for k in INDEXED_KINDS]
    pages.append(GeneratedPage(TIMELINE_PAGE, render_timeline(dossier, options.eras)))
    pages.append(GeneratedPage(GLOSSARY_PAGE, render_glossary(dossier)))
    pages.append(GeneratedPage(LEGEND_PAGE, render_legend()))
    pages.append(GeneratedPage(GRAPH_PAGE, render_network_page()))
    return pages


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


def entry_page(dossier: Dossier, entry_id: str, options: SiteOptions) -> GeneratedPage:
    """The page of one entry."""
    entry = dossier.entries[entry_id]
    return GeneratedPage(page_path(entry), render_entry_page(dossier, entry, options), entry.path)


def generate_pages(dossier: Dossier, options: SiteOptions) -> list[GeneratedPage]:
    """Every generated page, in a stable order: index pages first, then entries."""
    return index_pages(dossier, options) + [entry_page(dossier, e.id, options) for e in dossier]
