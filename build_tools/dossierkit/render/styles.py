"""The stylesheet rules that depend on the dossier: badge colours of its vocabulary, graph lines, node colours.

``dossier.css`` holds everything fixed; :func:`site_css` appends the rules
for the statuses, confidence levels and lifecycle groups a dossier declares,
so that another dossier's words get their colours without a stylesheet of
their own.  Values only ever come from the vocabulary's checked names
(palette colours, line styles, slugs), never from free text.
"""

from __future__ import annotations

from importlib import resources

from dossierkit.render.graph import PALETTE_FILL, PALETTE_HEX, edge_styles
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary import Vocabulary

# Badge text / background of each palette colour (WCAG AA on each other).
BADGE = {
    "amber": ("#7a4f00", "#fff6e0"), "blue": ("#084a8c", "#e6f0fb"), "green": ("#1b6b3a", "#ecf7ef"),
    "grey": ("#5c5c5c", "#f0f0f0"), "orange": ("#8a3b00", "#fff0e6"), "red": ("#9b1c1c", "#fdecec"),
    "purple": ("#6a1b9a", "#f3e5f5"), "teal": ("#00695c", "#e0f2f1"), "indigo": ("#283593", "#e8eaf6"),
    "brown": ("#5d4037", "#efebe9"), "slate": ("#37474f", "#eceff1"),
}


def badge_rule(selector: str, colour: str, line: str) -> str:
    """One badge's colours: ``thick`` fills it, ``dashed``/``dotted`` set its border."""
    if line == "thick":
        return f"{selector} {{ color: #fff; background: {PALETTE_HEX[colour]}; border-color: {PALETTE_HEX[colour]}; }}"
    fg, bg = BADGE[colour]
    border = f" border-style: {line};" if line in ("dashed", "dotted") else ""
    return f"{selector} {{{border} color: {fg}; background: {bg}; }}"


def vocabulary_css(vocab: Vocabulary) -> str:
    """Rules for the vocabulary's badges and graph lines, and the registry's node colours."""
    rules = ["/* Generated from the dossier's vocabulary (render/styles.py). */"]
    for status in vocab.statuses:
        group = vocab.group_of(status.value)
        rules.append(badge_rule(f".dossier-status-{status.value}", vocab.status_colour(status.value),
                                group.line if group else "solid"))
    for conf in vocab.confidence:
        rules.append(badge_rule(f".dossier-confidence-{conf.value}", conf.colour, conf.line))
    for style, (paint, _) in edge_styles(vocab).items():
        attrs = dict(part.split("=", 1) for part in paint.split(" ") if "=" in part)
        stroke = attrs.get("stroke", '"#8a8a8a"').strip('"')
        width = attrs.get("stroke-width", '"1.5"').strip('"')
        dash = attrs.get("stroke-dasharray", "").strip('"')
        rules.append(f".dossier-edge-{style} {{ stroke: {stroke}; stroke-width: {width};"
                     + (f" stroke-dasharray: {dash};" if dash else "") + " }")
    for kind in KINDS:
        rules.append(f".dossier-node-{kind.name} circle {{ fill: {PALETTE_FILL[kind.colour]}; "
                     f"stroke: {PALETTE_HEX[kind.colour]}; }}")
    return "\n".join(rules) + "\n"


def site_css(vocab: Vocabulary) -> str:
    """The whole stylesheet of a dossier's site: ``dossier.css`` and :func:`vocabulary_css`."""
    fixed = resources.files("dossierkit").joinpath("assets", "dossier.css").read_text(encoding="utf-8")
    return fixed + vocabulary_css(vocab)

