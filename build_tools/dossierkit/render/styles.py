"""The site's stylesheet: the fixed rules, and those that depend on the dossier (badge colours of
its vocabulary, graph lines, node colours), for Material's light and dark palettes.

The fixed rules are in ``assets/*.css`` (one file per part of the site);
:func:`site_css` joins them and appends the rules for the statuses,
confidence levels and lifecycle groups a dossier declares, so that another
dossier's words get their colours without a stylesheet of their own.  Each
palette colour has a light and a dark variant; the dark ones apply under
Material's dark scheme (``[data-md-color-scheme="slate"]``).  Values only
ever come from the vocabulary's checked names (palette colours, line
styles, slugs), never from free text.
"""

from __future__ import annotations

from importlib import resources

from dossierkit.render.graph_style import (
    LINE_DASH, LINE_WIDTH, PALETTE_DARK_FILL, PALETTE_DARK_HEX, PALETTE_FILL, PALETTE_HEX, edge_specs,
)
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary import Vocabulary

CSS_FILES = ("dossier.css", "graphs.css", "timeline.css", "phone.css")
DARK = '[data-md-color-scheme="slate"]'

# Badge text / background of each palette colour (WCAG AA on each other), on the light and the dark palette.
BADGE = {
    "amber": ("#7a4f00", "#fff6e0"), "blue": ("#084a8c", "#e6f0fb"), "green": ("#1b6b3a", "#ecf7ef"),
    "grey": ("#5c5c5c", "#f0f0f0"), "orange": ("#8a3b00", "#fff0e6"), "red": ("#9b1c1c", "#fdecec"),
    "purple": ("#6a1b9a", "#f3e5f5"), "teal": ("#00695c", "#e0f2f1"), "indigo": ("#283593", "#e8eaf6"),
    "brown": ("#5d4037", "#efebe9"), "slate": ("#37474f", "#eceff1"),
}
BADGE_DARK = {
    "amber": ("#ffd27a", "#3a2c0e"), "blue": ("#a9cbff", "#132740"), "green": ("#9be3b5", "#12301e"),
    "grey": ("#d6d6d6", "#2c2e35"), "orange": ("#ffc08f", "#3b220f"), "red": ("#ffb0b0", "#3d1515"),
    "purple": ("#e0b8ff", "#2d183b"), "teal": ("#8fe8dc", "#0e2f2b"), "indigo": ("#bac6ff", "#1b2143"),
    "brown": ("#e4c7b9", "#2f231e"), "slate": ("#c9d6de", "#222b30"),
}
FILLED_TEXT_DARK = "#10141a"  # text of a filled badge on the dark palette (its fill is a light colour)


def badge_rule(selector: str, colour: str, line: str, dark: bool = False) -> str:
    """One badge's colours: ``thick`` fills it, ``dashed``/``dotted`` set its border."""
    if line == "thick":
        fill = (PALETTE_DARK_HEX if dark else PALETTE_HEX)[colour]
        text = FILLED_TEXT_DARK if dark else "#fff"
        return f"{selector} {{ color: {text}; background: {fill}; border-color: {fill}; }}"
    fg, bg = (BADGE_DARK if dark else BADGE)[colour]
    border = f" border-style: {line};" if line in ("dashed", "dotted") and not dark else ""
    return f"{selector} {{{border} color: {fg}; background: {bg}; }}"


def _badges(vocab: Vocabulary, dark: bool) -> list[str]:
    prefix = f"{DARK} " if dark else ""
    rules = []
    for status in vocab.statuses:
        group = vocab.group_of(status.value)
        rules.append(badge_rule(f"{prefix}.dossier-status-{status.value}", vocab.status_colour(status.value),
                                group.line if group else "solid", dark))
    for conf in vocab.confidence:
        rules.append(badge_rule(f"{prefix}.dossier-confidence-{conf.value}", conf.colour, conf.line, dark))
    return rules


def _graphs(vocab: Vocabulary, dark: bool) -> list[str]:
    prefix = f"{DARK} " if dark else ""
    lines, fills = (PALETTE_DARK_HEX, PALETTE_DARK_FILL) if dark else (PALETTE_HEX, PALETTE_FILL)
    rules = []
    for style, spec in edge_specs(vocab).items():
        dash = LINE_DASH.get(spec.line, "")
        rules.append(f"{prefix}.dossier-edge-{style} {{ stroke: {lines[spec.colour]}; "
                     f"stroke-width: {LINE_WIDTH.get(spec.line, 1.5):g};" + (f" stroke-dasharray: {dash};" if dash else "") + " }")
    for kind in KINDS:
        rules.append(f"{prefix}.dossier-node-{kind.name} circle {{ fill: {fills[kind.colour]}; stroke: {lines[kind.colour]}; }}")
    return rules


def index_card_css() -> str:
    """On a phone, each cell of an index table (a card there) after the first says its column's heading."""
    rules = []
    for kind in KINDS:
        for n, column in enumerate(kind.index_columns[1:], start=2):
            if column.show == "badges" or column.field == "summary":
                continue  # a badge says what it is; a summary needs no heading
            rules.append(f'.md-typeset .dossier-index[data-kind="{kind.name}"] table td:nth-child({n})::before '
                         f'{{ content: "{column.heading}: "; color: var(--md-default-fg-color--light); }}')
    return "@media screen and (max-width: 44.984375em) {\n" + "\n".join(rules) + "\n}\n" if rules else ""


def vocabulary_css(vocab: Vocabulary) -> str:
    """Rules for the vocabulary's badges and graph lines, and the registry's node colours, in both palettes."""
    rules = ["/* Generated from the dossier's vocabulary (render/styles.py). */"]
    rules += _badges(vocab, dark=False) + _graphs(vocab, dark=False)
    rules += ["/* Material's dark palette. */"] + _badges(vocab, dark=True) + _graphs(vocab, dark=True)
    return "\n".join(rules) + "\n"


def site_css(vocab: Vocabulary) -> str:
    """The whole stylesheet of a dossier's site: the fixed files and :func:`vocabulary_css`."""
    assets = resources.files("dossierkit").joinpath("assets")
    fixed = "".join(assets.joinpath(name).read_text(encoding="utf-8") for name in CSS_FILES)
    return fixed + index_card_css() + vocabulary_css(vocab)
