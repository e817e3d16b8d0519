"""An entry's neighbourhood graph, drawn as a fan: the entry on the left, its neighbours in a list.

A one-hop neighbourhood is a star, so it is drawn as one: the entry's name
and node on the left, one edge to each neighbour, and the neighbours one
per row on the right, grouped under the style of their edges (the
vocabulary's lifecycle groups, negative relations, mentions), each row
saying how it is connected.  The rows are HTML, so labels keep the page's
font size at any width and a long name is shortened by the browser (the
full name is its title); the edges are a narrow SVG beside them whose
height is that of the rows.  A graph of three neighbours is four rows
high, and one of forty is forty-odd rows high, on a desktop and on a phone.

The rows are a real list of links: the graph's list form for screen
readers and keyboards, with the SVG hidden from assistive technology.
Every contributed string is escaped.
"""

from __future__ import annotations

from typing import Callable

from dossierkit.render.graph_neighbours import neighbours
from dossierkit.render.graph_style import edge_specs, legend_html
from dossierkit.render.text import attr, html_text
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

HrefFor = Callable[[Entry], str]

ROW = 28  # px per row: the stylesheet gives every row of the list this height
GUTTER = 72  # px: the width of the edges' SVG
CENTRE_X, NODE_X = 9, 63  # the centre's node and the neighbours' nodes
MAX_NEIGHBOURS = 40
LONG_LABEL = 24  # characters: longer labels get their full text as a title (a phone may shorten them)


def _edge(style: str, y_from: float, y_to: float) -> str:
    mid = (CENTRE_X + NODE_X) / 2
    return (f'<path class="dossier-edge dossier-edge-{style}" '
            f'd="M{CENTRE_X + 8} {y_from:g} C{mid:g} {y_from:g} {mid:g} {y_to:g} {NODE_X - 7} {y_to:g}"/>')


def _node(kind: str, x: float, y: float, r: int) -> str:
    return f'<g class="dossier-node dossier-node-{kind}"><circle cx="{x}" cy="{y:g}" r="{r}"/></g>'


def _label_attrs(entry: Entry) -> str:
    title = f' title="{attr(entry.label)}"' if len(entry.label) > LONG_LABEL else ""
    return f' data-id="{entry.id}"{title}'


def neighbourhood_html(dossier: Dossier, entry_id: str, href_for: HrefFor) -> str | None:
    """The figure of ``entry_id``'s neighbourhood (see the module docstring), or None without neighbours."""
    centre = dossier.entries[entry_id]
    found = neighbours(dossier, entry_id)
    if not found:
        return None
    specs = edge_specs(dossier.vocabulary)
    shown = found[:MAX_NEIGHBOURS]
    rows: list[str] = []
    edges: list[str] = []
    nodes: list[str] = []
    count = len(shown) + len({n.style for n in shown}) + (1 if len(found) > len(shown) else 0)
    height = count * ROW
    middle = height / 2
    style = None
    for n in shown:
        if n.style != style:
            style = n.style
            rows.append(f'<li class="dossier-fan-group"><svg class="dossier-legend-mark" width="30" height="10" '
                        f'viewBox="0 0 30 10" aria-hidden="true"><line class="dossier-edge dossier-edge-{style}" '
                        f'x1="1" y1="5" x2="29" y2="5"/></svg> {html_text(specs[style].label)}</li>')
        y = len(rows) * ROW + ROW / 2
        edges.append(_edge(n.style, middle, y))
        nodes.append(_node(n.entry.kind.name, NODE_X, y, 6))
        rows.append(f'<li class="dossier-fan-row dossier-node-{n.entry.kind.name}">'
                    f'<a href="{attr(href_for(n.entry))}"{_label_attrs(n.entry)}>{html_text(n.entry.label)}</a>'
                    f'<span class="dossier-fan-how">{html_text("; ".join(n.how))}</span></li>')
    if len(found) > len(shown):
        rows.append(f'<li class="dossier-fan-more">and {len(found) - len(shown)} more, listed below</li>')
    nodes.append(_node(centre.kind.name, CENTRE_X, middle, 8))
    svg = (f'<svg class="dossier-graph-svg dossier-fan-edges" width="{GUTTER}" height="{height}" '
           f'viewBox="0 0 {GUTTER} {height}" aria-hidden="true" focusable="false">'
           f'{"".join(edges)}{"".join(nodes)}</svg>')
    what = f"{len(found)} connection" + ("" if len(found) == 1 else "s")
    body = (f'<div class="dossier-fan"><p class="dossier-fan-centre dossier-node-{centre.kind.name}">'
            f'<strong data-id="{centre.id}">{html_text(centre.label)}</strong></p>{svg}'
            f'<ul class="dossier-fan-rows" aria-label="{attr(f"Connections of {centre.label}: {what}")}">'
            f'{"".join(rows)}</ul></div>')
    return (f'<figure class="dossier-graph dossier-graph-fan" data-search-exclude>{body}'
            f'{legend_html(dossier.vocabulary, body, edges=False)}</figure>')
