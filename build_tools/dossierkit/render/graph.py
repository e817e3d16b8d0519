"""Relationship graphs, rendered at build time: an entry's neighbourhood and the whole network.

- ``graph_style``: colours (light and dark), line styles, edge classes, the legend;
- ``graph_neighbours`` and ``graph_fan``: an entry's one-hop neighbourhood, drawn as a fan
  (its neighbours in rows beside it, grouped by the style of their edges);
- ``graph_layout`` and ``graph_network``: the Network page (the most connected entries in a
  layout that keeps labels apart), also drawn into the PDF.

Layouts are deterministic (no randomness, sorted inputs, rounded
coordinates), every node links to its page, and every contributed string
is escaped.  This module gathers what other renderers import.
"""

from __future__ import annotations

from dossierkit.render.graph_fan import neighbourhood_html
from dossierkit.render.graph_neighbours import has_neighbours, neighbours
from dossierkit.render.graph_network import network_figure, network_svg, select_network
from dossierkit.render.graph_style import (
    LINE_DASH, MENTION, PALETTE_DARK_FILL, PALETTE_DARK_HEX, PALETTE_FILL, PALETTE_HEX, PLAIN, edge_specs,
    edge_styles, legend_html, line_paint, node_paint, relation_style,
)

__all__ = [
    "LINE_DASH", "MENTION", "PALETTE_DARK_FILL", "PALETTE_DARK_HEX", "PALETTE_FILL", "PALETTE_HEX", "PLAIN",
    "edge_specs", "edge_styles", "has_neighbours", "legend_html", "line_paint", "neighbourhood_html", "neighbours",
    "network_figure", "network_svg", "node_paint", "relation_style", "select_network",
]
