"""Relationship graphs rendered at build time as static SVG.

Two views: an entry's neighbourhood (its relations and backlinks, one hop),
and the whole network of actors, organisations and obstacles.  Layouts are
deterministic (no randomness, sorted inputs, rounded coordinates), every node
links to its page, and line styles show a relation's status (see
the vocabulary and the legend).  Every contributed string is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from dossierkit.render.text import attr, html_text
from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME
from dossierkit.schema.vocabulary import NEGATIVE_STYLE, Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import Relation

HrefFor = Callable[[Entry], str]

# Line styles and colours come from the vocabulary: a relation's edge takes
# the style of its status's lifecycle group, a negative relation ("not a
# member of") the negative style, a relation without a status its type's own
# line.  Presentation attributes go into the SVG itself, so that the graph
# looks the same wherever it goes (browsers, the PDF, a file on its own).
PALETTE_HEX = {  # line and node-border colour of each palette name (render/styles.py has the badge colours)
    "amber": "#b36b00", "blue": "#1f5fa8", "green": "#1b6b3a", "grey": "#777777", "orange": "#e65100",
    "red": "#b71c1c", "purple": "#7b1fa2", "teal": "#00796b", "indigo": "#3949ab", "brown": "#6d4c41",
    "slate": "#455a64",
}
PALETTE_FILL = {  # node fill
    "amber": "#fff6e0", "blue": "#e6f0fb", "green": "#ecf7ef", "grey": "#fafafa", "orange": "#fff3e0",
    "red": "#fdecec", "purple": "#f3e5f5", "teal": "#e0f2f1", "indigo": "#e8eaf6", "brown": "#efebe9",
    "slate": "#eceff1",
}
LINE_DASH = {"solid": "", "thick": "", "dashed": "7 4", "dotted": "2 3", "dashdot": "8 3 2 3"}
PLAIN, MENTION = "plain", "mention"
MAX_NEIGHBOURS = 36
MAX_NETWORK_NODES = 150
NODE_ORDER = ("organisation", "actor", "obstacle", "event", "term", "source")  # neighbours, then rings, in this order
RING_RADII = ((210, 150), (400, 290), (530, 420))


def line_paint(colour: str, line: str) -> str:
    """SVG presentation attributes of an edge drawn in ``colour`` and ``line`` style."""
    width = {"thick": "3", "solid": "2"}.get(line, "1.5")
    dash = LINE_DASH.get(line, "")
    return f'stroke="{PALETTE_HEX[colour]}" stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def edge_styles(vocab: Vocabulary) -> dict[str, tuple[str, str]]:
    """Edge class -> (paint attributes, legend text), in legend order."""
    styles = {g.value: (line_paint(g.colour, g.line), g.label) for g in vocab.lifecycle_groups}
    negatives = [r.label for r in vocab.relation_types if r.negative]
    styles[NEGATIVE_STYLE] = (line_paint("red", "dashdot"), "Negative relation" + (f" ({', '.join(negatives)})" if negatives else ""))
    styles[PLAIN] = ('stroke="#9a9a9a" stroke-width="1.5"', "Relation without a status")
    styles[MENTION] = ('stroke="#c4c4c4" stroke-width="1" stroke-dasharray="1 3"', "Mentioned by (backlink)")
    return styles


def node_paint(kind) -> str:
    """SVG presentation attributes of a node of ``kind``."""
    return f'fill="{PALETTE_FILL[kind.colour]}" stroke="{PALETTE_HEX[kind.colour]}"'


@dataclass
class _Node:
    entry: Entry
    x: float
    y: float
    anchor: str = "middle"
    dy: float = 0.0
    centre: bool = False


@dataclass
class _Edge:
    a: str
    b: str
    style: str
    title: str


def _style(relation: Relation, vocab: Vocabulary) -> str:
    """The edge class of a relation: negative, its lifecycle group, or plain."""
    if relation.type.negative:
        return NEGATIVE_STYLE
    group = vocab.group_of(relation.status)
    return group.value if group else PLAIN


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _place_label(node: _Node, cx: float, cy: float) -> None:
    dx, dy = node.x - cx, node.y - cy
    dist = math.hypot(dx, dy) or 1.0
    cos, sin = dx / dist, dy / dist
    node.anchor = "start" if cos > 0.35 else "end" if cos < -0.35 else "middle"
    node.dy = 22.0 if sin >= 0 else -14.0
    if node.anchor != "middle":
        node.dy = 4.0


def _ring(entries: list[Entry], cx: float, cy: float, rx: float, ry: float, offset: float = 0.0) -> list[_Node]:
    """Nodes evenly spaced on an ellipse (wider than tall: labels run sideways)."""
    nodes = []
    n = len(entries)
    for i, e in enumerate(entries):
        angle = offset + 2 * math.pi * i / max(n, 1) - math.pi / 2
        nodes.append(_Node(e, round(cx + rx * math.cos(angle), 1), round(cy + ry * math.sin(angle), 1)))
    return nodes


def _label_xy(n: _Node) -> tuple[float, float, str]:
    if n.centre:
        return n.x, round(n.y + 28, 1), "middle"
    x = n.x + (10 if n.anchor == "start" else -10 if n.anchor == "end" else 0)
    return round(x, 1), round(n.y + n.dy, 1), n.anchor


def _view_box(nodes: list[_Node], font: float) -> tuple[float, float, float, float]:
    """Bounding box of nodes and (estimated) labels, so nothing is clipped."""
    xs, ys = [], []
    for n in nodes:
        x, y, anchor = _label_xy(n)
        w = len(_short(n.entry.label)) * font * 0.58
        left = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
        xs += [n.x - 12, n.x + 12, left, left + w]
        ys += [n.y - 12, n.y + 12, y - font, y + font * 0.4]
    pad = 8
    return (round(min(xs) - pad, 1), round(min(ys) - pad, 1),
            round(max(xs) - min(xs) + 2 * pad, 1), round(max(ys) - min(ys) + 2 * pad, 1))


def _svg(nodes: list[_Node], edges: list[_Edge], title: str, href_for: HrefFor, font: float,
         vocab: Vocabulary, paint: bool = True) -> str:
    """The SVG text.  ``paint`` adds presentation attributes (colours, dashes)
    for renderers without the site's stylesheet (the PDF); the site's own
    graphs are painted by CSS classes and stay small."""
    pos = {n.entry.id: n for n in nodes}
    styles = edge_styles(vocab) if paint else {}
    x0, y0, w, h = _view_box(nodes, font)
    out = [f'<svg class="dossier-graph-svg" xmlns="http://www.w3.org/2000/svg" viewBox="{x0} {y0} {w} {h}" '
           f'font-size="{font}" aria-labelledby="graph-title"><title id="graph-title">{html_text(title)}</title>']
    out.append('<g class="dossier-edges">')
    for e in edges:
        a, b = pos[e.a], pos[e.b]
        extra = f' {styles[e.style][0]} fill="none"' if paint else ""
        out.append(f'<line class="dossier-edge dossier-edge-{e.style}"{extra} '
                   f'x1="{a.x}" y1="{a.y}" x2="{b.x}" y2="{b.y}"><title>{html_text(e.title)}</title></line>')
    out.append('</g><g class="dossier-nodes">')
    for n in nodes:
        e = n.entry
        x, y, anchor = _label_xy(n)
        short = _short(e.label)
        circle_paint = f' stroke-width="2" {node_paint(e.kind)}' if paint else ""
        text_paint = ' fill="#222222"' if paint else ""
        tip = f"<title>{html_text(e.label)}</title>" if short != e.label else ""
        out.append(
            f'<a href="{attr(href_for(e))}" class="dossier-node dossier-node-{e.kind.name}" data-id="{e.id}">{tip}'
            f'<circle cx="{n.x}" cy="{n.y}" r="{11 if n.centre else 7}"{circle_paint}/>'
            f'<text x="{x}" y="{y}" text-anchor="{anchor}"{text_paint}>{html_text(short)}</text></a>')
    out.append("</g></svg>")
    return "".join(out)


def neighbourhood_svg(dossier: Dossier, entry_id: str, href_for: HrefFor, paint: bool = False) -> str | None:
    """The SVG of one entry and its one-hop neighbours, or None if it has none.

    Neighbours are the entries it has relations with and the actors,
    organisations, obstacles and terms that mention it (events and sources
    are listed in the page's own sections instead)."""
    centre = dossier.entries[entry_id]
    styles: dict[str, tuple[str, str]] = {}
    for view in dossier.relations_of(entry_id):
        style = _style(view.relation, dossier.vocabulary)
        title = f"{view.label}: {dossier.entries[view.other].label}"
        current = styles.get(view.other)
        if current is None or current[0] == PLAIN:
            styles[view.other] = (style, title)
    for ref in dossier.backlinks.get(entry_id, []):
        # Events and sources have their own sections (timeline, citations); as
        # graph nodes they would crowd out the relations the graph is for.
        if dossier.entries[ref].kind.backlink_node:
            styles.setdefault(ref, (MENTION, f"mentioned by {dossier.entries[ref].label}"))
    if not styles:
        return None
    kind_order = {k: i for i, k in enumerate(NODE_ORDER)}
    others = sorted((dossier.entries[i] for i in styles), key=lambda e: (kind_order[e.kind.name], e.label.casefold(), e.id))
    shown = others[:MAX_NEIGHBOURS]
    single = len(shown) <= 20
    width, height = 1000, 540 if single else 680
    cx, cy = width / 2, height / 2
    if single:
        nodes = _ring(shown, cx, cy, 290, 200)
    else:
        nodes = (_ring(shown[:14], cx, cy, 200, 130)
                 + _ring(shown[14:], cx, cy, 370, 270, offset=math.pi / max(len(shown) - 14, 1)))
    for n in nodes:
        _place_label(n, cx, cy)
    nodes.append(_Node(centre, cx, cy, centre=True))
    edges = [_Edge(entry_id, e.id, *styles[e.id]) for e in shown]
    title = f"Connections of {centre.label}" + (f" (first {MAX_NEIGHBOURS} of {len(others)})" if len(others) > len(shown) else "")
    return _svg(nodes, edges, title, href_for, 14, dossier.vocabulary, paint)


def network_svg(dossier: Dossier, href_for: HrefFor, paint: bool = False, font: float = 16) -> str | None:
    """The whole network of actors, organisations and obstacles, in rings by kind
    (None when no two of them are related); ``font`` is the label size in SVG units."""
    degree: dict[str, int] = {}
    rels = [r for r in dossier.relations
            if dossier.entries[r.subject].kind.in_network and dossier.entries[r.object].kind.in_network]
    for r in rels:
        degree[r.subject] = degree.get(r.subject, 0) + 1
        degree[r.object] = degree.get(r.object, 0) + 1
    if not degree:
        return None
    candidates = sorted(degree, key=lambda i: (-degree[i], i))[:MAX_NETWORK_NODES]
    keep = set(candidates)
    rels = [r for r in rels if r.subject in keep and r.object in keep]
    width, height = 1300, 1000
    cx, cy = width / 2, height / 2
    ring_kinds = [k for k in NODE_ORDER if KINDS_BY_NAME[k].in_network]
    radii = {k: RING_RADII[min(i, len(RING_RADII) - 1)] for i, k in enumerate(ring_kinds)}
    angle: dict[str, float] = {}
    nodes: list[_Node] = []
    neighbours: dict[str, list[str]] = {}
    for r in rels:
        neighbours.setdefault(r.subject, []).append(r.object)
        neighbours.setdefault(r.object, []).append(r.subject)
    for kind in ring_kinds:
        members = sorted((dossier.entries[i] for i in keep if dossier.entries[i].kind.name == kind), key=lambda e: e.id)
        if angle:  # order by the mean angle of already placed neighbours: fewer crossings
            def bary(e: Entry) -> tuple:
                placed = [angle[o] for o in neighbours.get(e.id, []) if o in angle]
                if not placed:
                    return (1, 0.0, e.id)
                return (0, round(math.atan2(sum(math.sin(a) for a in placed), sum(math.cos(a) for a in placed)), 6), e.id)
            members.sort(key=bary)
        # Half a step of offset on the outer rings keeps their labels off the inner ones'.
        offset = 0.0 if kind == ring_kinds[0] else math.pi / max(len(members), 1)
        ring = _ring(members, cx, cy, *radii[kind], offset=offset)
        for n in ring:
            angle[n.entry.id] = math.atan2(n.y - cy, n.x - cx)
            _place_label(n, cx, cy)
        nodes += ring
    seen: dict[tuple[str, str], _Edge] = {}
    for r in rels:
        key = tuple(sorted((r.subject, r.object)))
        style = _style(r, dossier.vocabulary)
        if key not in seen or seen[key].style == PLAIN:
            seen[key] = _Edge(r.subject, r.object, style,
                              f"{dossier.entries[r.subject].label} {r.type.label} {dossier.entries[r.object].label}")
    title = "Network of organisations, actors and obstacles"
    if len(degree) > len(keep):
        title += f" (the {len(keep)} most connected of {len(degree)})"
    return _svg(nodes, [seen[k] for k in sorted(seen)], title, href_for, font, dossier.vocabulary, paint)


def legend_html(vocab: Vocabulary, svg: str | None = None) -> str:
    """An HTML legend of the line styles and node colours; with ``svg``, only those drawn in it."""
    styles = edge_styles(vocab)
    shown = [s for s in styles if svg is None or f"dossier-edge-{s}" in svg]
    rows = "".join(
        f'<li><svg class="dossier-legend-mark" width="46" height="10" viewBox="0 0 46 10" aria-hidden="true">'
        f'<line class="dossier-edge dossier-edge-{style}" {styles[style][0]} x1="2" y1="5" x2="44" y2="5"/></svg> '
        f'{html_text(styles[style][1])}</li>'
        for style in shown)
    kinds = "".join(
        f'<li><svg class="dossier-legend-mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f'<g class="dossier-node dossier-node-{k.name}"><circle cx="8" cy="8" r="6" stroke-width="2" {node_paint(k)}/></g>'
        f'</svg> {k.name.capitalize()}</li>'
        for k in KINDS if svg is None or f"dossier-node-{k.name}" in svg)
    return f'<div class="dossier-graph-legend"><ul>{rows}</ul><ul>{kinds}</ul></div>'
