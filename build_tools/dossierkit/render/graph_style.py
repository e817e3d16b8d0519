"""How graphs draw things: colours (light and dark), line styles, edge classes and the legend.

A relation's edge takes the line style of its status's lifecycle group, a
negative relation ("not a member of") the negative style, a relation
without a status a plain line; the other edges say how two entries are
connected without a relation: one mentions the other, or takes part in an
event (or the event concerns it).  Every style has a legend text, and each
legend lists only the styles and kinds a graph draws.

The site paints graphs with CSS classes (``render/styles.py`` writes the
rules, with a variant for the dark palette); renderers without the site's
stylesheet (the PDF) ask for presentation attributes instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from dossierkit.render.text import html_text
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary import NEGATIVE_STYLE, Vocabulary

# Line and node-border colour of each palette name, on a light page; node fill.
PALETTE_HEX = {
    "amber": "#b36b00", "blue": "#1f5fa8", "green": "#1b6b3a", "grey": "#6e6e6e", "orange": "#c84a00",
    "red": "#b71c1c", "purple": "#7b1fa2", "teal": "#00796b", "indigo": "#3949ab", "brown": "#6d4c41",
    "slate": "#455a64",
}
PALETTE_FILL = {
    "amber": "#fff6e0", "blue": "#e6f0fb", "green": "#ecf7ef", "grey": "#fafafa", "orange": "#fff3e0",
    "red": "#fdecec", "purple": "#f3e5f5", "teal": "#e0f2f1", "indigo": "#e8eaf6", "brown": "#efebe9",
    "slate": "#eceff1",
}
# The same on Material's dark ("slate") palette: lighter lines, darker fills
# (each line colour has a contrast of at least 3:1 with the dark page).
PALETTE_DARK_HEX = {
    "amber": "#f0b44c", "blue": "#6ea8ff", "green": "#5cc98a", "grey": "#a3a3a3", "orange": "#ff9a52",
    "red": "#ff7a7a", "purple": "#c58af0", "teal": "#4dd0c0", "indigo": "#8c9eff", "brown": "#c9a08e",
    "slate": "#9fb3bf",
}
PALETTE_DARK_FILL = {
    "amber": "#3d2f12", "blue": "#14263f", "green": "#13301f", "grey": "#2a2c33", "orange": "#3d2412",
    "red": "#3d1616", "purple": "#2e1a3d", "teal": "#0f302d", "indigo": "#1c2245", "brown": "#30241f",
    "slate": "#232c31",
}
LINE_DASH = {"solid": "", "thick": "", "dashed": "7 4", "dotted": "2 3", "dashdot": "8 3 2 3"}
LINE_WIDTH = {"thick": 3.0, "solid": 2.0}  # other styles: 1.5

# Edge classes that are not lifecycle groups.
PLAIN, MENTION, PARTICIPANT, CONCERNS = "plain", "mention", "participant", "concerns"


@dataclass(frozen=True)
class EdgeStyle:
    """One edge class: its palette colour, line style and legend text."""

    colour: str
    line: str
    label: str

    def paint(self, dark: bool = False) -> str:
        """SVG presentation attributes of an edge drawn in this style."""
        return line_paint(self.colour, self.line, dark)


def line_paint(colour: str, line: str, dark: bool = False) -> str:
    """SVG presentation attributes of an edge drawn in ``colour`` and ``line`` style."""
    width = LINE_WIDTH.get(line, 1.5)
    dash = LINE_DASH.get(line, "")
    stroke = (PALETTE_DARK_HEX if dark else PALETTE_HEX)[colour]
    return f'stroke="{stroke}" stroke-width="{width:g}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def edge_specs(vocab: Vocabulary) -> Mapping[str, EdgeStyle]:
    """Edge class -> its style, in legend order: lifecycle groups, negative, then the rest.

    Made once per vocabulary (a build draws a graph on nearly every entry
    page, and asks three times for each), so the mapping is read-only."""
    known = _MADE.get("specs")
    if known is None or known[0] is not vocab:
        known = _MADE["specs"] = (vocab, MappingProxyType(_edge_specs(vocab)))
    return known[1]


# What was last made for a vocabulary, with the vocabulary (a frozen dataclass,
# compared by identity: hashing its every list would cost more than making them).
_MADE: dict[str, tuple] = {}


def _edge_specs(vocab: Vocabulary) -> dict[str, EdgeStyle]:
    specs = {g.value: EdgeStyle(g.colour, g.line, g.label) for g in vocab.lifecycle_groups}
    negatives = [r.label for r in vocab.relation_types if r.negative]
    specs[NEGATIVE_STYLE] = EdgeStyle("red", "dashdot", "Negative relation" + (f" ({', '.join(negatives)})" if negatives else ""))
    specs[PLAIN] = EdgeStyle("grey", "solid", "Relation without a status")
    specs[PARTICIPANT] = EdgeStyle("purple", "solid", "Took part in the event")
    specs[CONCERNS] = EdgeStyle("purple", "dotted", "The event concerns it")
    specs[MENTION] = EdgeStyle("grey", "dotted", "Mentions or is mentioned by")
    return specs


def edge_styles(vocab: Vocabulary) -> dict[str, tuple[str, str]]:
    """Edge class -> (light paint attributes, legend text), in legend order."""
    return {name: (spec.paint(), spec.label) for name, spec in edge_specs(vocab).items()}


def relation_style(relation, vocab: Vocabulary) -> str:
    """The edge class of a relation: negative, its status's lifecycle group, or plain."""
    if relation.type.negative:
        return NEGATIVE_STYLE
    group = vocab.group_of(relation.status)
    return group.value if group else PLAIN


def node_paint(kind, dark: bool = False) -> str:
    """SVG presentation attributes of a node of ``kind``."""
    fill, stroke = (PALETTE_DARK_FILL, PALETTE_DARK_HEX) if dark else (PALETTE_FILL, PALETTE_HEX)
    return f'fill="{fill[kind.colour]}" stroke="{stroke[kind.colour]}"'


_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')


def _class_names(markup: str) -> set[str]:
    """Every class name used in ``markup`` (one pass, rather than a search per name)."""
    return {name for value in _CLASS_ATTRIBUTE.findall(markup) for name in value.split()}


def legend_html(vocab: Vocabulary, drawn: str | None = None, edges: bool = True) -> str:
    """An HTML legend of the line styles and node kinds; with ``drawn`` (the graph's markup),
    only those it draws (their class names appear in it); ``edges=False`` leaves the line
    styles out (a graph that labels them itself)."""
    specs = edge_specs(vocab)
    used = _class_names(drawn) if drawn is not None else None
    shown = tuple(s for s in specs if edges and (used is None or f"dossier-edge-{s}" in used))
    kinds = tuple(k for k in KINDS if used is None or f"dossier-node-{k.name}" in used)
    made = _MADE.get("legends")
    if made is None or made[0] is not vocab:
        made = _MADE["legends"] = (vocab, {})
    key = (shown, tuple(k.name for k in kinds))  # (KINDS is fixed: a name stands for its kind)
    legend = made[1].get(key)
    if legend is None:  # a few legends, drawn thousands of times
        legend = made[1][key] = _legend(specs, shown, kinds)
    return legend


def _legend(specs: Mapping[str, EdgeStyle], shown: tuple[str, ...], kinds: tuple) -> str:
    rows = "".join(
        f'<li data-style="{style}"><svg class="dossier-legend-mark" width="46" height="10" viewBox="0 0 46 10" aria-hidden="true">'
        f'<line class="dossier-edge dossier-edge-{style}" {specs[style].paint()} x1="2" y1="5" x2="44" y2="5"/></svg> '
        f'{html_text(specs[style].label)}</li>'
        for style in shown)
    nodes = "".join(
        f'<li data-kind="{k.name}"><svg class="dossier-legend-mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">'
        f'<g class="dossier-node dossier-node-{k.name}"><circle cx="8" cy="8" r="6" stroke-width="2" {node_paint(k)}/></g>'
        f'</svg> {k.name.capitalize()}</li>'
        for k in kinds)
    return '<div class="dossier-graph-legend">' + (f"<ul>{rows}</ul>" if rows else "") + f"<ul>{nodes}</ul></div>"
