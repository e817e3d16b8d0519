"""Positions on entry pages: an actor's histories, who stands where on a proposal, what a person stated.

Three sections, each written through the page's format (site HTML or
Markdown), after the claims and counts:

- on the page of an actor that holds positions, **Positions**: one history
  per entry it took positions on, oldest first, the latest marked;
- on the page of an entry that positions are about, **Who stands where**:
  the latest position of each actor, grouped by position (the vocabulary's
  order), with the date it holds from and what it changed from;
- on the page of a person who stated positions for others, **Positions
  stated**.

Each position carries its citation markers.  Positions are declared in the
holder's file, so on the other two pages their sources are added to the
page's reference list (numbered after the entry's own).  Like the other
sections that list entries (relations, events), they are left out of the
search index: each entry they name has its own page.
"""

from __future__ import annotations

from dossierkit.render.citations import Citations
from dossierkit.render.formats import Format
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import attr, confidence_badge, html_text
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.positions import Position

NO_SEARCH = (("data-search-exclude", ""),)  # as entity_page.NO_SEARCH (Material's attribute)


def position_badge(vocab: Vocabulary, value: str) -> str:
    """An HTML badge for a position value, its definition as the tooltip ('' for an unknown value)."""
    term = vocab.get("positions", value)
    if term is None:
        return ""
    return (f'<span class="dossier-badge dossier-position dossier-position-{value}" '
            f'title="{attr(term.definition)}">{html_text(term.label)}</span>')


def cite_any(cites: Citations, sources) -> str:
    """Citation markers for ``sources`` on a page whose entry does not cite them itself: they are
    numbered after the page's own sources, so its reference list includes them."""
    for cite in sources:
        cites.numbers.setdefault(cite.source, len(cites.numbers) + 1)
    return cites.refs(sources)


def speaker_text(dossier: Dossier, fmt: Format, position: Position) -> str:
    """Who stated it: the person's link and the office, as written ('' for neither)."""
    bits = []
    if position.by and position.by in dossier.entries:
        bits.append(fmt.link(dossier.entries[position.by]))
    if position.office:
        bits.append(("(" + fmt.text(position.office) + ")") if bits else fmt.text(position.office))
    return " ".join(bits)


def _reason(reason: str) -> str:
    """How well the sources support it, after the confidence badge (as ``entity_page.reason_html``)."""
    return f' <span class="dossier-reason">({reason})</span>' if reason else ""


def _evidence(dossier: Dossier, fmt: Format, p: Position, refs: str) -> list[str]:
    vocab = dossier.vocabulary
    reason = _reason(dossier.reason(p.holder, p.path))
    out = []
    if p.note:
        out.append(fmt.text(p.note))
    out.append(f"{confidence_badge(vocab, p.confidence)}{reason}{refs}")
    return out


def _history_item(dossier: Dossier, fmt: Format, p: Position, cites: Citations, latest: bool) -> str:
    vocab = dossier.vocabulary
    bits = [f'<span id="{attr(p.anchor)}" class="dossier-date">{p.date.human()}</span>',
            position_badge(vocab, p.value)]
    who = speaker_text(dossier, fmt, p)
    if who:
        bits.append(who)
    bits += _evidence(dossier, fmt, p, cites.refs(p.sources))
    text = " · ".join(b for b in bits if b)
    return text + (' <span class="dossier-latest">(latest)</span>' if latest else "")


def write_holder_section(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    """**Positions**: the entry's histories, one per entry they are about (see the module docstring)."""
    histories = dossier.positions.histories(entry.id)
    if not histories:
        return
    out.heading(2, "Positions", NO_SEARCH)
    out.block(fmt.paragraph("Where it stands, as its sources quote it. Each position holds until the next one "
                            "on the same entry; " + fmt.page_link("positions.md", "matrix", "compare every actor") + "."),
              late=True)
    for target_id, history in histories:
        target = dossier.entries[target_id]
        out.heading(3, f"On {target.label}", NO_SEARCH)
        items = [_history_item(dossier, fmt, p, cites, i == len(history) - 1) for i, p in enumerate(history)]
        out.block(fmt.paragraph("About " + fmt.link(target) + ":"), late=True)
        out.block(fmt.bullets(items), late=True)


def write_target_section(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    """**Who stands where**: the latest position of each actor on ``entry``, grouped by position."""
    standing = dossier.positions.standing(entry.id)
    if not standing:
        return
    vocab = dossier.vocabulary
    out.heading(2, "Who stands where", NO_SEARCH)
    out.block(fmt.paragraph("The latest position of each actor on it, with the day it was stated; each actor's page "
                            "has the whole history, and " + fmt.page_link("positions.md", "matrix", "the stance matrix")
                            + " compares them at any date."), late=True)
    order = {v: i for i, v in enumerate(vocab.values("positions"))}
    groups: dict[str, list[Position]] = {}
    for p in sorted(standing, key=lambda p: (order.get(p.value, len(order)), dossier.entries[p.holder].label.casefold())):
        groups.setdefault(p.value, []).append(p)
    for value, positions in groups.items():
        out.heading(3, vocab.label("positions", value), NO_SEARCH)
        items = []
        for p in positions:
            bits = [fmt.link(dossier.entries[p.holder]), f"since {p.date.human()}"]
            who = speaker_text(dossier, fmt, p)
            if who:
                bits.append(who)
            if p.changed:
                bits.append(f'<span class="dossier-changed">changed from {html_text(vocab.label("positions", p.previous))}'
                            "</span>")
            bits += _evidence(dossier, fmt, p, cite_any(cites, p.sources))
            items.append(" · ".join(b for b in bits if b))
        out.block(fmt.bullets(items), late=True)


def write_speaker_section(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    """**Positions stated**: positions this person stated for another actor, oldest first."""
    stated = [p for p in dossier.positions.by_speaker.get(entry.id, ()) if p.holder != entry.id]
    if not stated:
        return
    vocab = dossier.vocabulary
    out.heading(2, "Positions stated", NO_SEARCH)
    items = []
    for p in stated:
        bits = [f'<span class="dossier-date">{p.date.human()}</span>',
                f"for {fmt.link(dossier.entries[p.holder])} on {fmt.link(dossier.entries[p.target])}",
                position_badge(vocab, p.value)]
        if p.office:
            bits.append(fmt.text(p.office))
        bits.append(cite_any(cites, p.sources))
        items.append(" · ".join(b for b in bits if b))
    out.block(fmt.bullets(items), late=True)


def write_position_sections(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    """Every positions section that applies to ``entry`` (see the module docstring)."""
    if len(dossier.positions) == 0:
        return
    write_holder_section(out, fmt, dossier, entry, cites)
    write_target_section(out, fmt, dossier, entry, cites)
    write_speaker_section(out, fmt, dossier, entry, cites)
