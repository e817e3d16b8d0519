"""The Network page's graph: the most connected actors, organisations and obstacles, with their relations.

At most :data:`MAX_NODES` nodes are drawn, the most connected first, so
that the graph stays readable (and its layout cheap) at any size of
dossier; every other entry's page shows its own connections, and the page
says how many are left out and where to find them.  The layout
(``graph_layout``) puts each node in a cell of its own with its label, so
labels never overlap; the SVG is drawn at one pixel per unit, so labels
keep their size, and the page's script (``assets/network.js``) adds zoom,
panning, filters and highlighting.  Below the graph, the same nodes and
relations as a list, for screen readers and for anyone who prefers one.

Edges are ``<line>`` elements with the classes of their style and the ids
of their ends (``data-a``, ``data-b``); nodes are links with the class of
their kind, their full name as ``<title>`` and a label shortened to fit
their cell.  Every contributed string is escaped.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Callable

from dossierkit.render.graph_layout import force_layout, separate, snap_to_grid
from dossierkit.render.graph_style import PLAIN, edge_specs, legend_html, node_paint, relation_style
from dossierkit.render.text import attr, html_text
from dossierkit.schema.kinds import KINDS
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

HrefFor = Callable[[Entry], str]

MAX_NODES = 60
LABEL_CHARS = 24  # labels are shortened to this many characters (the full name is the node's title)
CHAR_WIDTH = 0.62  # a generous average glyph width, in font sizes: labels stay inside their cells
RADIUS = 7
DENSITY = 2.0  # the layout's area, in multiples of the area of its nodes' boxes


@dataclass(frozen=True)
class NetworkEdge:
    """One drawn edge: its ends, style and words ("Pakistan party to SMDA")."""

    a: str
    b: str
    style: str
    title: str


@dataclass(frozen=True)
class Network:
    """The drawn part of the network: nodes (most connected first), edges, and how many there are in all."""

    nodes: list[Entry]
    edges: list[NetworkEdge]
    total: int
    degree: dict[str, int]


def _core(degree: dict[str, int], rels, limit: int) -> list[str]:
    """Up to ``limit`` entries, most connected first, grown around the most connected one: the
    next is the most connected entry related to those already chosen (or, when none is, the most
    connected left), so that the drawn part is a connected core, not scattered hubs."""
    links: dict[str, set[str]] = {}
    for r in rels:
        links.setdefault(r.subject, set()).add(r.object)
        links.setdefault(r.object, set()).add(r.subject)
    ranked = sorted(degree, key=lambda i: (-degree[i], i))
    chosen: list[str] = []
    taken: set[str] = set()
    frontier: list[tuple[int, str]] = []
    rest = iter(ranked)
    while len(chosen) < min(limit, len(ranked)):
        while frontier and frontier[0][1] in taken:
            heapq.heappop(frontier)
        if frontier:
            node = heapq.heappop(frontier)[1]
        else:
            node = next(i for i in rest if i not in taken)
        chosen.append(node)
        taken.add(node)
        for other in links.get(node, ()):
            if other not in taken:
                heapq.heappush(frontier, (-degree[other], other))
    return chosen


def select_network(dossier: Dossier, limit: int = MAX_NODES) -> Network | None:
    """The ``limit`` most connected entries of the kinds drawn on the Network page, and their relations."""
    rels = [r for r in dossier.relations
            if dossier.entries[r.subject].kind.in_network and dossier.entries[r.object].kind.in_network
            and r.subject != r.object]
    degree: dict[str, int] = {}
    for r in rels:
        degree[r.subject] = degree.get(r.subject, 0) + 1
        degree[r.object] = degree.get(r.object, 0) + 1
    if not degree:
        return None
    keep = _core(degree, rels, limit)
    kept = set(keep)
    vocab = dossier.vocabulary
    order = {style: i for i, style in enumerate(edge_specs(vocab))}
    seen: dict[tuple[str, str], NetworkEdge] = {}
    for r in rels:
        if r.subject not in kept or r.object not in kept:
            continue
        key = (min(r.subject, r.object), max(r.subject, r.object))
        style = relation_style(r, vocab)
        words = f"{dossier.entries[r.subject].label} {r.type.label} {dossier.entries[r.object].label}"
        current = seen.get(key)
        if current is None or (current.style == PLAIN and style != PLAIN) or order[style] < order[current.style]:
            seen[key] = NetworkEdge(r.subject, r.object, style, words)
    return Network([dossier.entries[i] for i in keep], [seen[k] for k in sorted(seen)], len(degree), degree)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _place(dossier: Dossier, net: Network, font: float, aspect: float) -> tuple[dict[str, tuple[float, float]], int, int]:
    """Node positions (pixels) and the canvas size: a force layout with the nodes' boxes (circle and
    label) pushed apart, or, should that not settle, the same layout snapped to a grid of label-sized cells."""
    ids = [e.id for e in net.nodes]
    start = sorted(ids, key=lambda i: (dossier.entries[i].kind.name, i))  # kinds start side by side on the circle
    positions = force_layout(start, [(e.a, e.b) for e in net.edges], aspect)
    line = font * 1.9
    boxes = {e.id: (-RADIUS - 2, -line / 2, RADIUS + 5 + len(_short(e.label)) * CHAR_WIDTH * font + 4, line / 2)
             for e in net.nodes}
    # Stretch the layout to the canvas's shape, so that the nodes' boxes fill about half of it.
    area = sum((b[2] - b[0]) * (b[3] - b[1]) for b in boxes.values()) * DENSITY
    xs, ys = [p[0] for p in positions.values()], [p[1] for p in positions.values()]
    sx = math.sqrt(area * aspect) / max(max(xs) - min(xs), 1e-6)
    sy = math.sqrt(area / aspect) / max(max(ys) - min(ys), 1e-6)
    placed = separate({i: (x * sx, y * sy) for i, (x, y) in positions.items()}, boxes, ids)
    if placed is None:
        cell_w = 2 * RADIUS + 8 + LABEL_CHARS * CHAR_WIDTH * font + font
        grid = snap_to_grid(positions, ids, cell_w, line * 1.4, aspect)
        placed = {i: (c * cell_w, r * line * 1.4) for i, (c, r) in grid.cells.items()}
    pad = font
    x0 = min(placed[i][0] + boxes[i][0] for i in ids) - pad
    y0 = min(placed[i][1] + boxes[i][1] for i in ids) - pad
    at = {i: (round(x - x0, 1), round(y - y0, 1)) for i, (x, y) in placed.items()}
    width = math.ceil(max(at[i][0] + boxes[i][2] for i in ids) + pad)
    height = math.ceil(max(at[i][1] + boxes[i][3] for i in ids) + pad)
    return at, width, height


def network_svg(dossier: Dossier, href_for: HrefFor, paint: bool = False, font: float = 13,
                aspect: float = 4 / 3, net: Network | None = None) -> str | None:
    """The SVG of the network (None when no two drawable entries are related).

    ``font`` is the label size in SVG units (the site draws one unit per
    pixel); ``aspect`` the shape of the canvas (width / height); ``paint``
    adds presentation attributes (colours, dashes) for renderers without
    the site's stylesheet (the PDF).
    """
    net = net or select_network(dossier)
    if net is None:
        return None
    at, width, height = _place(dossier, net, font, aspect)
    specs = edge_specs(dossier.vocabulary)
    title = "Network of organisations, actors and obstacles"
    if net.total > len(net.nodes):
        title += f" (the {len(net.nodes)} most connected of {net.total})"
    out = [f'<svg class="dossier-graph-svg dossier-network-svg" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="{font:g}" '
           f'role="group" aria-labelledby="network-title"><title id="network-title">{html_text(title)}</title>',
           '<g class="dossier-edges">']
    for e in net.edges:
        (x1, y1), (x2, y2) = at[e.a], at[e.b]
        extra = f' {specs[e.style].paint()} fill="none"' if paint else ""
        out.append(f'<line class="dossier-edge dossier-edge-{e.style}"{extra} data-a="{e.a}" data-b="{e.b}" '
                   f'x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"><title>{html_text(e.title)}</title></line>')
    out.append('</g><g class="dossier-nodes">')
    for entry in net.nodes:
        x, y = at[entry.id]
        circle = f' stroke-width="2" {node_paint(entry.kind)}' if paint else ""
        text = ' fill="#222222"' if paint else ""
        out.append(f'<a href="{attr(href_for(entry))}" class="dossier-node dossier-node-{entry.kind.name}" '
                   f'data-id="{entry.id}" data-kind="{entry.kind.name}"><title>{html_text(entry.label)}</title>'
                   f'<circle cx="{x}" cy="{y}" r="{RADIUS}"{circle}/>'
                   f'<text x="{round(x + RADIUS + 5, 1)}" y="{y}" dy=".35em"{text}>{html_text(_short(entry.label))}</text></a>')
    out.append("</g></svg>")
    return "".join(out)


def network_list(dossier: Dossier, net: Network, href_for: HrefFor) -> str:
    """The drawn nodes and their relations as a list (the graph's list form), collapsed under a summary."""
    kept = {e.id for e in net.nodes}
    specs = edge_specs(dossier.vocabulary)
    items = []
    for entry in sorted(net.nodes, key=lambda e: (e.label.casefold(), e.id)):
        rels = []
        for view in dossier.relations_of(entry.id):
            if view.other in kept:
                style = specs[relation_style(view.relation, dossier.vocabulary)].label
                rels.append(f'{html_text(view.label)} <a href="{attr(href_for(dossier.entries[view.other]))}">'
                            f'{html_text(dossier.entries[view.other].label)}</a> ({html_text(style)})')
        items.append(f'<li><a href="{attr(href_for(entry))}">{html_text(entry.label)}</a> ({entry.kind.name}): '
                     + ("; ".join(rels) if rels else "no relation drawn") + "</li>")
    return (f'<details class="dossier-graph-list"><summary>The network as a list ({len(net.nodes)} entries)</summary>'
            f'<ul>{"".join(items)}</ul></details>')


def network_figure(dossier: Dossier, href_for: HrefFor, index_href: Callable[[str], str]) -> str | None:
    """The Network page's figure: the graph in a scrollable frame, its legend (which the
    page's script turns into filters), a note on what is left out, and the list form.
    ``index_href(kind)`` is the address of a kind's index page."""
    net = select_network(dossier)
    if net is None:
        return None
    svg = network_svg(dossier, href_for, net=net)
    note = ""
    if net.total > len(net.nodes):
        kinds = [k for k in KINDS if k.in_network]
        where = ", ".join(f'<a href="{attr(index_href(k.name))}">{html_text(k.plural.lower())}</a>' for k in kinds)
        note = (f'<p class="dossier-network-note">Drawn: the {len(net.nodes)} most connected of {net.total} '
                f"related entries. Every entry's own page shows its connections: find the others in the "
                f"indexes of {where}, or with the search.</p>")
    frame = (f'<div class="dossier-network-frame" tabindex="0" role="region" aria-label="Network graph: '
             f'scroll with the arrow keys; zoom with + and -">{svg}</div>')
    return (f'<figure class="dossier-graph dossier-graph-network" data-search-exclude>{frame}'
            f'{legend_html(dossier.vocabulary, svg)}{note}{network_list(dossier, net, href_for)}</figure>')
