"""The stylesheet of positions: ``assets/positions.css`` and a colour per position value.

Each value of the vocabulary's ``positions`` gets its palette colour as a
badge and as a matrix cell (``.dossier-position-<value>``); the colours are
those of the status badges (:data:`dossierkit.render.styles.BADGE`), so they
meet the same contrast.  Selectors are built from checked vocabulary values
only.
"""

from __future__ import annotations

from importlib import resources

from dossierkit.render.graph import PALETTE_HEX
from dossierkit.render.styles import BADGE
from dossierkit.schema.vocabulary import Vocabulary

ASSET = "positions.css"


def position_rules(vocab: Vocabulary) -> str:
    """One rule per position value: text and background of its badges and cells, a border in its full colour."""
    rules = ["/* Generated from the dossier's vocabulary (render/position_styles.py). */"]
    for value in vocab.positions:
        fg, bg = BADGE[value.colour]
        rules.append(f".dossier-position-{value.value} {{ color: {fg}; background: {bg}; "
                     f"border-color: {PALETTE_HEX[value.colour]}; }}")
    return "\n".join(rules) + "\n"


def positions_css(vocab: Vocabulary) -> str:
    """The whole stylesheet served as ``assets/dossier/positions.css``."""
    fixed = resources.files("dossierkit").joinpath("assets", ASSET).read_text(encoding="utf-8")
    return fixed + position_rules(vocab)
