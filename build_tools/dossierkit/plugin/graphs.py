"""The graphs of a page, as SVG put in place of their placeholders (after sanitizing).

An entry page may hold its neighbourhood graph, the network page the whole
network (``render/graph.py`` draws both); each is a placeholder in the
generated page until MkDocs hands the plugin the page's HTML.  Links in the
SVG are made from MkDocs' own files, so they are what MkDocs would write.
"""

from __future__ import annotations

import re

from mkdocs.structure.files import Files

from dossierkit.render.graph import neighbourhood_html, network_figure
from dossierkit.render.page_paths import kind_index_page
from dossierkit.render.text import page_path

GRAPH_RE = re.compile(r'<div class="dossier-graph" data-graph="([a-z0-9-]+)"></div>')


def graph_keys(text: str) -> list[str]:
    """The keys of the graph placeholders in ``text`` (an entry's id, or ``network``)."""
    return GRAPH_RE.findall(text) if "dossier-graph" in text else []


def graph_html(dossier, key: str, src: str, files: Files) -> str:
    """The figure that replaces the placeholder of graph ``key`` on page ``src`` ('' for none)."""
    by_path = files.src_uris  # (get_file_from_path makes a PurePath of each path it is given)
    page_file = by_path.get(src)

    def href_for(entry) -> str:
        target = by_path.get(page_path(entry))
        return target.url_relative_to(page_file) if target and page_file else "#"

    def index_href(kind: str) -> str:
        target = by_path.get(kind_index_page(kind))
        return target.url_relative_to(page_file) if target and page_file else "#"

    entry = dossier.entries.get(key)
    if key == "network":
        figure = network_figure(dossier, href_for, index_href)
    elif entry is not None and src == page_path(entry):  # only on its own page
        figure = neighbourhood_html(dossier, key, href_for)
    else:
        return ""
    return figure or ""


def insert_graphs(html: str, src: str, files: Files, dossier, ready: dict[str, str] | None = None) -> str:
    """``html`` with every graph placeholder replaced (``ready``: figures already drawn, by key)."""
    if "dossier-graph" not in html:
        return html

    def graph(m: re.Match) -> str:
        key = m.group(1)
        if ready is not None and key in ready:
            return ready[key]
        return graph_html(dossier, key, src, files)

    return GRAPH_RE.sub(graph, html)
