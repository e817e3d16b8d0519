"""Positions in the PDF book: the stance matrix as tables, and the histories in each entry.

Data for the book's fixed template (``assets/book.typ``), in the node types
of :mod:`dossierkit.render.print_entries`: nothing here is Typst markup.

- :func:`positions_chapter`: "Who stands where", the legend of the
  vocabulary's positions and the matrix of the latest positions, in tables
  of at most :data:`COLUMNS` entries (a portrait page's width), for the
  :data:`MAX_TARGETS` entries with the most positions; every entry's own
  section lists who stands where on it.
- :func:`position_blocks`: an entry's sections, as on its web page (an
  actor's histories, who stands where on a proposal, what a person stated).
"""

from __future__ import annotations

from dossierkit.render.citations import Citations
from dossierkit.render.print_entries import badges, ref
from dossierkit.render.print_markdown import Node
from dossierkit.render.styles import BADGE
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.positions import Position

CHAPTER_ID = "chapter-positions"
COLUMNS = 5
MAX_TARGETS = 40


def position_badge(vocab: Vocabulary, value: str) -> list[Node]:
    """A position's badge in its palette colour (the chapter's legend explains it)."""
    term = vocab.get("positions", value)
    if term is None:
        return []
    colour = getattr(term, "colour", "grey")
    return [{"t": "badge", "v": term.label, "fg": BADGE[colour][0], "bg": None, "line": "solid"}]


def _para(*inlines: Node) -> Node:
    return {"t": "p", "c": [n for n in inlines if n != ""]}


def _table(rows: list[list[list[Node]]], header: bool) -> Node:
    return {"t": "table", "h": int(header), "c": [{"t": "tr", "c": [{"t": "td", "c": cell} for cell in row]} for row in rows]}


def _who(dossier: Dossier, p: Position) -> list[Node]:
    out: list[Node] = []
    if p.by and p.by in dossier.entries:
        out.append(ref(dossier.entries[p.by]))
    if p.office:
        out.append(f" ({p.office})" if out else p.office)
    return out


def _cites(builder, cites: Citations, p: Position) -> list[Node]:
    for cite in p.sources:  # sources of positions declared in another entry's file join this entry's list
        cites.numbers.setdefault(cite.source, len(cites.numbers) + 1)
    return builder.cites(cites, p.sources)


def _item(builder, cites: Citations, p: Position, first: list[Node]) -> list[Node]:
    dossier = builder.dossier
    item: list[Node] = list(first)
    who = _who(dossier, p)
    if who:
        item += [" · ", *who]
    if p.note:
        item += [" · ", p.note]
    item += [" ", *badges(dossier.vocabulary, None, p.confidence), *_cites(builder, cites, p)]
    return item


def position_blocks(builder, entry: Entry, cites: Citations) -> list[Node]:
    """The positions sections of ``entry``'s page in the book ([] when it has none)."""
    dossier = builder.dossier
    index, vocab = dossier.positions, dossier.vocabulary
    blocks: list[Node] = []
    histories = index.histories(entry.id)
    if histories:
        blocks.append({"t": "h", "l": 3, "c": ["Positions"]})
        for target, history in histories:
            blocks.append(_para({"t": "strong", "c": ["On "]}, ref(dossier.entries[target])))
            blocks.append({"t": "ul", "c": [{"t": "li", "c": [_para(*_item(builder, cites, p, [
                {"t": "strong", "c": [p.date.human()]}, " ", *position_badge(vocab, p.value)]))]} for p in history]})
    standing = index.standing(entry.id)
    if standing:
        blocks.append({"t": "h", "l": 3, "c": ["Who stands where"]})
        order = {v: i for i, v in enumerate(vocab.values("positions"))}
        standing.sort(key=lambda p: (order.get(p.value, len(order)), dossier.entries[p.holder].label.casefold()))
        for value in dict.fromkeys(p.value for p in standing):
            group = [p for p in standing if p.value == value]
            blocks.append(_para(*position_badge(vocab, value)))
            blocks.append({"t": "ul", "c": [{"t": "li", "c": [_para(*_item(builder, cites, p, [
                ref(dossier.entries[p.holder]), f" · since {p.date.human()}"]
                + ([f" · changed from {vocab.label('positions', p.previous)}"] if p.changed else [])))]}
                for p in group]})
    stated = [p for p in index.by_speaker.get(entry.id, ()) if p.holder != entry.id]
    if stated:
        blocks.append({"t": "h", "l": 3, "c": ["Positions stated"]})
        blocks.append({"t": "ul", "c": [{"t": "li", "c": [_para(
            {"t": "strong", "c": [p.date.human()]}, " for ", ref(dossier.entries[p.holder]), " on ",
            ref(dossier.entries[p.target]), " ", *position_badge(vocab, p.value), *_cites(builder, cites, p))]}
            for p in stated]})
    return blocks


def _cell(dossier: Dossier, p: Position | None) -> list[Node]:
    if p is None:
        return ["–"]
    out = [*position_badge(dossier.vocabulary, p.value), " ", p.date.human()]
    if p.changed:
        out.append(f" (was {dossier.vocabulary.label('positions', p.previous).lower()})")
    return out


def positions_chapter(dossier: Dossier) -> dict | None:
    """The "Who stands where" chapter: legend and matrix tables (None without positions)."""
    index, vocab = dossier.positions, dossier.vocabulary
    if not len(index):
        return None
    counts: dict[str, int] = {}
    for (_holder, target) in index.by_pair:
        counts[target] = counts.get(target, 0) + 1
    targets = sorted(counts, key=lambda t: (-counts[t], dossier.entries[t].label.casefold(), t))
    blocks: list[Node] = [
        _para("Where each actor stands on the proposals, organisations and obstacles of this dossier, as its "
              "sources quote it: the latest position of each actor, with the day it was stated, and the one it "
              "changed from. A position holds until the next one; each actor's entry gives the whole history "
              "with its sources, and each proposal's entry who stands where on it."),
        _table([[["Position"], ["Meaning"]]] + [[position_badge(vocab, v.value), [v.definition]] for v in vocab.positions],
               header=True),
    ]
    if len(targets) > MAX_TARGETS:
        blocks.append(_para(f"The tables show the {MAX_TARGETS} of {len(targets)} entries with the most positions."))
    shown = targets[:MAX_TARGETS]
    for start in range(0, len(shown), COLUMNS):
        chunk = shown[start:start + COLUMNS]
        holders = sorted({h for (h, t) in index.by_pair if t in chunk}, key=lambda h: dossier.entries[h].label.casefold())
        # Plain text: a header row repeats on each page of a long table, and a repeat is an artifact, not content.
        head = [["Actor"]] + [[dossier.entries[t].data.get("abbreviation") or dossier.entries[t].label] for t in chunk]
        rows = [[[ref(dossier.entries[h])]] + [_cell(dossier, index.by_pair.get((h, t), [None])[-1]) for t in chunk]
                for h in holders]
        blocks.append(_table([head] + rows, header=True))
    return {"id": CHAPTER_ID, "title": "Who stands where", "layout": "page", "c": blocks}


__all__ = ["position_blocks", "positions_chapter", "position_badge", "CHAPTER_ID"]
