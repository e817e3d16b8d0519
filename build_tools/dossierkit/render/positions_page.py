"""The stance matrix page: who stands where, on what, since when.

Actors down, the entries they took positions on across; each cell is the
actor's latest position there, with its date and a mark when it changed.
The page holds three things:

- an introduction and the legend of the vocabulary's positions (Markdown);
- the data of every position (:mod:`dossierkit.render.positions_data`) as
  the text of a hidden element, for ``assets/positions.js``, which draws the
  matrix as it stood at any date, filters it by kind and type, pages it
  (never more than a page of cells at once), and opens a cell's history
  with its quotes in a dialog;
- a static table of the latest positions, at most :data:`STATIC_ROWS`
  actors by :data:`STATIC_COLUMNS` entries, for readers without JavaScript
  and for the Markdown export (the script hides it).  Its cells link to the
  positions on the actors' pages.
"""

from __future__ import annotations

from dossierkit.render.formats import Format
from dossierkit.render.position_sections import position_badge
from dossierkit.render.positions_data import matrix_json
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import html_text, md_text, page_path
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.positions import Position

STATIC_ROWS = 30
STATIC_COLUMNS = 8
NO_SEARCH = (("data-search-exclude", ""),)


def _legend(dossier: Dossier) -> list[str]:
    vocab = dossier.vocabulary
    rows = [f"| {position_badge(vocab, v.value)} | {md_text(v.definition)} |" for v in vocab.positions]
    return ["| Position | Meaning |", "|---|---|", *rows, ""]


def _cell(dossier: Dossier, fmt: Format, p: Position | None) -> str:
    if p is None:
        return "–"
    vocab = dossier.vocabulary
    label = f"{position_badge(vocab, p.value)} {p.date.human()}"
    if p.changed:
        label += (f' <span class="dossier-changed" title="changed from '
                  f'{html_text(vocab.label("positions", p.previous))}">↻</span>')
    return fmt.page_link(page_path(dossier.entries[p.holder]), p.anchor, label)


def static_table(dossier: Dossier, fmt: Format) -> tuple[str, str]:
    """The latest positions as a table (the first actors by name, the most-discussed entries) and a note."""
    index = dossier.positions
    counts: dict[str, int] = {}
    for (holder, target) in index.by_pair:
        counts[target] = counts.get(target, 0) + 1
    targets = sorted(counts, key=lambda t: (-counts[t], dossier.entries[t].label.casefold(), t))
    holders = sorted(index.by_holder, key=lambda h: (dossier.entries[h].label.casefold(), h))
    shown_targets, shown_holders = targets[:STATIC_COLUMNS], holders[:STATIC_ROWS]
    head = ["Actor"] + [fmt.link(dossier.entries[t]) for t in shown_targets]
    rows = []
    for h in shown_holders:
        holder = dossier.entries[h]
        name = f'<span class="dossier-matrix-actor" data-value="{page_path(holder)}">{fmt.link(holder)}</span>'
        rows.append([name] + [_cell(dossier, fmt, index.by_pair.get((h, t), [None])[-1]) for t in shown_targets])
    if len(shown_targets) < len(targets) or len(shown_holders) < len(holders):
        note = (f"This table shows the latest positions of the first {len(shown_holders)} of {len(holders)} actors "
                f"on the {len(shown_targets)} of {len(targets)} entries with the most positions. With JavaScript "
                "the matrix shows them all, page by page, as of any date; every actor's page lists all its positions.")
    else:
        note = ("The latest positions; ↻ marks a position that changed. With JavaScript the matrix can be "
                "filtered and shown as of any date, and a cell opens its history with the quotes.")
    return fmt.table(head, rows), note


def write_positions_page(dossier: Dossier, fmt: Format, out: PageWriter) -> None:
    """The stance matrix page (see the module docstring)."""
    out.heading(1, "Who stands where")
    out.markdown(
        "Where each actor stands on the proposals, organisations and obstacles of this dossier, as its sources "
        "quote them. Each cell is an actor's latest position on an entry, with the day it was stated; "
        "↻ marks a position that changed from an earlier one. A position holds until the next one.", "",
        "Choose a date to see the matrix as it stood then: a position known only to the month or the year "
        "counts from the end of that month or year. Open a cell for its history, who stated each position, "
        "and the words the sources quote.", "",
        "A position says what an actor said, not whether the thing exists: see each entry's status.", "",
        *_legend(dossier))
    if len(dossier.positions) == 0:
        out.markdown("No positions are recorded yet: an actor's `positions` list them "
                     "(see the entry format).", "")
        return
    table, note = static_table(dossier, fmt)
    out.heading(2, "Matrix", NO_SEARCH)
    out.block('<div class="dossier-matrix" data-search-exclude></div>', late=True)
    out.block(f'<div class="dossier-matrix-data" hidden>{html_text(matrix_json(dossier))}</div>', late=True)
    out.block(fmt.div('class="dossier-matrix-static"', [table, fmt.paragraph(note)]), late=True)
