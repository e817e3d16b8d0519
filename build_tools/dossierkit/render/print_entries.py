"""One entry of the PDF book as data: headings, fields and body as nodes.

Every value here is data for the book's fixed Typst template
(``assets/book.typ``): contributed strings are JSON strings, never markup,
and the node types are those of :mod:`dossierkit.render.print_markdown`,
plus a few the book adds (``badge``, ``cite``, ``lang``, ``small``).  Each
layout (``entries``, ``chronology``, ``glossary``, ``references``; see
:data:`dossierkit.render.print_book.BOOK`) has its own builder below.
"""

from __future__ import annotations

import re
from typing import Any

from dossierkit.dates import human_range
from dossierkit.loading.wikilinks import replace_wikilinks
from dossierkit.render.context import period
from dossierkit.render.citations import Citations
from dossierkit.render.graph import PALETTE_HEX
from dossierkit.render.infobox import count_text, latest_counts, when
from dossierkit.render.print_markdown import Node, markdown_nodes, text_of
from dossierkit.render.styles import BADGE
from dossierkit.render.text import language_name, md_text, text_dir
from dossierkit.schema.kinds import Row
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

_LANG = re.compile(r"^([a-z]{2,3})(?:-([A-Z]{2}))?")


def anchor(entry: Entry) -> str:
    """The label of an entry in the book (a named destination in the PDF)."""
    return f"entry-{entry.id}"


def ref(entry: Entry, label: str | None = None) -> Node:
    """An internal link to ``entry`` with its label (or ``label``)."""
    return {"t": "ref", "to": anchor(entry), "c": [label or entry.label]}


def lang_span(text: str, code: str) -> Node:
    """``text`` in language ``code`` (shaped and set right to left where the script needs it)."""
    m = _LANG.match(code)
    node: dict[str, Any] = {"t": "lang", "c": [text], "d": text_dir(code)}
    if m:
        node["l"] = m.group(1)
        if m.group(2):
            node["r"] = m.group(2)
    return node


def _badge(label: str, colour: str, line: str) -> Node:
    """A badge in a palette colour: ``thick`` fills it, ``dashed``/``dotted`` set its border."""
    if line == "thick":
        return {"t": "badge", "v": label, "fg": "#ffffff", "bg": PALETTE_HEX[colour], "line": "solid"}
    return {"t": "badge", "v": label, "fg": BADGE[colour][0], "bg": None,
            "line": line if line in ("dashed", "dotted") else "solid"}


def badges(vocab: Vocabulary, status: str | None, confidence: str | None) -> list[Node]:
    """Status and confidence as labelled badges in the vocabulary's colours (the legend chapter explains them)."""
    out: list[Node] = []
    st = vocab.status(status)
    if st is not None:
        group = vocab.group_of(status)
        out.append(_badge(st.label, vocab.status_colour(st.value), group.line if group else "solid"))
    conf = vocab.get("confidence", confidence)
    if conf is not None:
        out.append(_badge(conf.label, conf.colour, conf.line))  # type: ignore[attr-defined]
    return out


def entry_badges(dossier: Dossier, entry: Entry) -> list[Node]:
    """The badges the entry's kind shows (status and/or confidence)."""
    shown = entry.kind.badges
    return badges(dossier.vocabulary, entry.status if "status" in shown else None,
                  entry.confidence if "confidence" in shown else None)


def _join(items: list[list[Node]], sep: str = ", ") -> list[Node]:
    out: list[Node] = []
    for i, item in enumerate(items):
        if i:
            out.append(sep)
        out.extend(item)
    return out


def _links(dossier: Dossier, ids) -> list[Node]:
    return _join([[ref(dossier.entries[i])] for i in ids if i in dossier.entries])


def _para(*inlines: Node) -> Node:
    return {"t": "p", "c": [n for n in inlines if n != ""]}


def _heading(level: int, text: str) -> Node:
    return {"t": "h", "l": level, "c": [text]}


def _bullets(items: list[list[Node]]) -> Node:
    return {"t": "ul", "c": [{"t": "li", "c": [_para(*item)]} for item in items]}


def _table(rows: list[list[list[Node]]], header: bool = False) -> Node:
    return {"t": "table", "h": int(header),
            "c": [{"t": "tr", "c": [{"t": "td", "c": cell} for cell in row]} for row in rows]}


class EntryBuilder:
    """Builds the nodes of entries; collects refused links as (entry, target)."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.refused: list[tuple[Entry, str]] = []

    def resolve(self, href: str) -> str | None:
        """Internal anchors the book has: ``#entry-<id>`` of an existing entry."""
        if href.startswith("#entry-") and href[7:] in self.dossier.entries:
            return href[1:]
        return None

    def body(self, entry: Entry, level: int) -> list[Node]:
        """The contributed body, with ``[[id]]`` as internal links; headings from ``level``."""
        text = entry.data.get("body")
        if not text:
            return []

        def wikilink(wl) -> str:
            target = self.dossier.get(wl.target)
            return md_text(wl.label or wl.target) if target is None else \
                f"[{md_text(wl.label or target.label)}](#{anchor(target)})"

        refused: list[str] = []
        nodes = markdown_nodes(replace_wikilinks(text, wikilink), self.resolve, refused)
        self.refused += [(entry, r) for r in refused]
        shift_headings(nodes, level)
        return nodes

    def cites(self, cites: Citations, citations) -> list[Node]:
        """Citation marks ``[n]`` (one per source) that link to the sources in the bibliography."""
        ids = dict.fromkeys(c.source for c in citations)
        return [{"t": "cite", "n": cites.numbers[s], "to": f"entry-{s}"} for s in ids if s in cites.numbers]

    def source_line(self, source: Entry) -> list[Node]:
        """``Publisher, “Title” (kind, date). https://...``: a source as cited by an entry."""
        d = source.data
        meta = [self.dossier.vocabulary.label("source_kinds", d["kind"]).lower()] + \
            ([d["published"].human()] if d.get("published") else [])
        line: list[Node] = [f"{d['publisher']}, “", ref(source, d["title"]), f"” ({', '.join(meta)})."]
        if d.get("url"):
            line += [" ", {"t": "a", "u": d["url"], "c": [d["url"]]}]
        return line

    # ------------------------------------------------------------------ layouts

    def full(self, entry: Entry) -> dict:
        """An entry of the ``entries`` layout: the whole page, as on the site."""
        d, dossier, cites = entry.data, self.dossier, Citations(entry)
        vocab = dossier.vocabulary
        blocks: list[Node] = []
        top = entry_badges(dossier, entry)
        blocks.append({"t": "p", "k": "meta", "c": _join([[{"t": "small", "c": [entry.kind.name.capitalize()]}]]
                                                          + [[b] for b in top], " ")})
        if entry.summary:
            blocks.append(_para({"t": "strong", "c": [entry.summary]}, *self.cites(cites, entry.citations)))
        rows = self.info_rows(entry)
        if rows:
            blocks.append(_table([[[label], value] for label, value in rows]))
        blocks += self.body(entry, 3)
        claims = d.get("claims") or []
        if claims:
            blocks.append(_heading(3, "Claims"))
            blocks.append(_bullets([[c["text"], " ", *badges(vocab, c.get("status"), c["confidence"]),
                                     *self.cites(cites, c["sources"])] for c in claims]))
        self._counts(blocks, entry, cites)
        from dossierkit.render.print_positions import position_blocks  # it builds on this module

        blocks += position_blocks(self, entry, cites)
        groups = dossier.grouped_relations(entry.id)
        if groups:
            blocks.append(_heading(3, "Relations"))
            for group in groups:
                blocks.append(_para({"t": "strong", "c": [group.heading]}))
                items = []
                for view in group.views:
                    rel = view.relation
                    item: list[Node] = [ref(dossier.entries[view.other])]
                    for extra in (period(rel.since, rel.until), rel.note or ""):
                        if extra:
                            item += [" · ", extra]
                    item += [" ", *badges(vocab, rel.status, rel.confidence), *self.cites(cites, rel.sources)]
                    items.append(item)
                blocks.append(_bullets(items))
        events = dossier.events_of(entry.id)
        if events:
            blocks.append(_heading(3, "Timeline"))
            blocks.append(_bullets([[{"t": "strong", "c": [ev.data["date"].human()]}, " — ", ref(ev), " ",
                                     *entry_badges(dossier, ev)] for ev in events]))
        back = dossier.backlinks.get(entry.id, [])
        if back:
            blocks.append(_heading(3, entry.kind.backlinks_heading))
            blocks.append(_para(*_links(dossier, back)))
        self._sources(blocks, cites)
        if entry.tags:
            blocks.append(_para({"t": "small", "c": ["Tags: " + ", ".join(entry.tags)]}))
        return {"id": anchor(entry), "title": title_of(entry), "c": blocks}

    def _counts(self, blocks: list[Node], entry: Entry, cites: Citations) -> None:
        counts = entry.data.get("counts") or []
        vocab = self.dossier.vocabulary
        default = vocab.count_series[0].value if vocab.count_series else ""
        for series in [s for s in vocab.count_series if any((c.get("series") or default) == s.value for c in counts)]:
            blocks.append(_heading(3, f"{series.label} over time"))
            blocks.append(_table([[["Date"], [series.unit.capitalize()], ["Note"]]] + [
                [[c["date"].human()], [count_text(c, series).rsplit(" (", 1)[0]],
                 [*badges(vocab, None, c.get("confidence")), " " if c.get("confidence") else "", c.get("note", ""),
                  *self.cites(cites, c["sources"])]]
                for c in sorted(counts, key=lambda c: c["date"].sort_key) if (c.get("series") or default) == series.value],
                header=True))

    def _sources(self, blocks: list[Node], cites: Citations, heading: bool = True) -> None:
        if cites.numbers:
            blocks.append(_heading(3, "Sources") if heading else {"t": "p", "k": "small", "c": ["Sources:"]})
            blocks.append({"t": "ol", "s": 1, "k": "sources",
                           "c": [{"t": "li", "c": [_para(*self.source_line(self.dossier.entries[sid]))]}
                                 for sid in cites.numbers]})

    def info_rows(self, entry: Entry) -> list[tuple[str, list[Node]]]:
        """The kind's infobox rows (the kind registry's ``infobox``): (label, value) rows."""
        rows: list[tuple[str, list[Node]]] = []
        for row in entry.kind.infobox:
            if row.show == "latest_counts":
                rows += [(label, [text]) for label, text in latest_counts(self.dossier, entry.data.get(row.field) or [])]
                continue
            value = self._row_value(entry, row)
            if any(v for v in value):
                rows.append((row.label, value))
        return rows

    def _row_value(self, entry: Entry, row: Row) -> list[Node]:
        d, show, vocab = entry.data, row.show, self.dossier.vocabulary
        value = d.get(row.field)
        if show == "badges":
            return entry_badges(self.dossier, entry)
        if show == "glossary_link" or value in (None, "", []):
            return []  # the glossary chapter is the book's glossary
        if show.startswith("vocab:"):
            return [vocab.label(show[6:], value)]
        if show == "text_list":
            return [", ".join(value)]
        if show == "date":
            return [when(value)]
        if show.startswith("date_range:"):
            return [human_range(value, d.get(show[11:]))]
        if show == "links":
            return _links(self.dossier, [value] if isinstance(value, str) else value)
        if show == "native_names":
            return _join([[lang_span(n["name"], n["lang"]), f" ({language_name(n['lang'])}"
                           + (f", {n['transliteration']}" if n.get("transliteration") else "") + ")"]
                          for n in value], "; ")
        if show == "language":
            return [language_name(value)]
        if show == "url":
            return [{"t": "a", "u": value, "c": [value]}]
        return [str(value)]

    def event(self, event: Entry) -> dict:
        """A row of the chronology: date, the event with its detail (once), status."""
        d, cites = event.data, Citations(event)
        detail: list[Node] = []
        if event.summary:
            detail.append(_para(event.summary, *self.cites(cites, event.citations)))
        facts: list[Node] = []
        if d.get("location"):
            facts += [f"Where: {d['location']}"]
        for key, label in (("participants", "Who"), ("concerns", "Concerns")):
            if d.get(key):
                facts += ([". "] if facts else []) + [f"{label}: ", *_links(self.dossier, d[key])]
        if facts:
            detail.append({"t": "p", "k": "small", "c": facts})
        detail += self.body(event, 4)
        for claim in d.get("claims") or []:
            detail.append(_para(claim["text"], " ", *badges(self.dossier.vocabulary, claim.get("status"),
                                                              claim["confidence"]),
                                *self.cites(cites, claim["sources"])))
        self._sources(detail, cites, heading=False)
        return {"id": anchor(event), "title": event.label, "date": human_range(d["date"], d.get("end")),
                "status": entry_badges(self.dossier, event), "c": detail}

    def term(self, term: Entry) -> dict:
        """A glossary item: the term, its definition and its notes."""
        d = term.data
        blocks: list[Node] = [_para(d["definition"])]
        notes: list[Node] = []
        if d.get("aliases"):
            notes.append(["Also written: " + ", ".join(d["aliases"])])
        if d.get("naming_note"):
            notes.append([d["naming_note"]])
        if d.get("related"):
            notes.append(["Related: ", *_links(self.dossier, d["related"])])
        if notes:
            blocks.append({"t": "p", "k": "small", "c": _join(notes, " · ")})
        blocks += self.body(term, 3)
        return {"id": anchor(term), "title": title_of(term), "c": blocks}

    def reference(self, source: Entry) -> dict:
        """A reference-list item: the reference (``ref``), then its quotes and who cites it (``c``).

        The reference reads: author, title, publisher, date, kind and
        language, address (with when it was read, and the archived copy).
        """
        d, vocab = source.data, self.dossier.vocabulary
        title = d["title"].strip()
        line: list[Node] = [f"{d['author']}. "] if d.get("author") else []
        line += [{"t": "em", "c": [title]}, " " if title[-1:] in ".?!" else ". ", d["publisher"]]
        line.append(f", {d['published'].human()}. " if d.get("published") else ". ")
        line.append(f"{vocab.label('source_kinds', d['kind'])}, in {language_name(d['language'])}.")
        if d.get("url"):
            line += [" ", {"t": "a", "u": d["url"], "c": [d["url"]]}]
            if d.get("accessed"):
                line.append(f" (accessed {d['accessed'].human()}{', archived copy' if d.get('archived') else ''})")
            line.append(".")
        if d.get("archive_url"):
            line += [" Archived copy: ", {"t": "a", "u": d["archive_url"], "c": [d["archive_url"]]}, "."]
        blocks: list[Node] = []
        for quote in citation_quotes(self.dossier, source):
            blocks.append({"t": "q", "c": quote_lines(quote["cite"], _join([[ref(e)] for e in quote["by"]]))})
        cited_by = self.dossier.citations.get(source.id, [])
        if cited_by:
            blocks.append({"t": "p", "k": "small", "c": ["Cited by: ", *_links(self.dossier, cited_by)]})
        if source.summary:
            blocks.append(_para(source.summary))
        blocks += self.body(source, 3)
        return {"id": anchor(source), "title": title, "ref": line, "c": blocks}


def quote_lines(cite, by: list[Node]) -> list[Node]:
    """A quote a citation carries: the words (in their language), where on the page, the translation and
    who made it, and the entries that quote it."""
    words: list[Node] = ["“", lang_span(cite.quote, cite.lang) if cite.lang else cite.quote, "”"]
    if cite.locator:
        words.append(f" ({cite.locator})")
    lines = [_para(*words)]
    if cite.translation:
        lines.append(_para(f"“{cite.translation}” (translated from {language_name(cite.lang)}"
                           + (f" by {cite.translated_by}" if cite.translated_by else "") + ")"))
    lines.append({"t": "p", "k": "small", "c": ["Quoted in ", *by]})
    return lines


def citation_quotes(dossier: Dossier, source: Entry) -> list[dict]:
    """Every distinct quote of ``source`` that a citation carries, once: ``{"cite", "by"}`` (the entries that
    quote it, in order)."""
    quotes: dict[tuple, dict] = {}
    for eid in dossier.citations.get(source.id, []):
        entry = dossier.entries[eid]
        for _path, cite in entry.all_citations():
            if cite.source == source.id and cite.quote:
                found = quotes.setdefault((cite.quote, cite.locator, cite.translation), {"cite": cite, "by": []})
                if entry not in found["by"]:
                    found["by"].append(entry)
    return list(quotes.values())


def title_of(entry: Entry) -> str:
    """The entry's heading: its label, with the abbreviation readers know it by."""
    abbreviation = entry.data.get("abbreviation")
    return f"{entry.label} ({abbreviation})" if abbreviation and abbreviation not in entry.label else entry.label


def shift_headings(nodes: list[Node], first: int) -> None:
    """Renumber body headings from level ``first`` without skipping a level (PDF/UA)."""
    ordered: list[dict] = []
    work = list(reversed(nodes))
    while work:  # document order, without recursion
        n = work.pop()
        if isinstance(n, dict):
            if n.get("t") == "h":
                ordered.append(n)
            work.extend(reversed(n.get("c", ())))
    if not ordered:
        return
    lowest = min(h["l"] for h in ordered)
    last = first - 1
    for h in ordered:
        level = max(first, min(first + h["l"] - lowest, last + 1, 6))
        h["l"] = last = level


__all__ = ["EntryBuilder", "anchor", "ref", "badges", "entry_badges", "lang_span", "title_of", "shift_headings",
           "text_of", "citation_quotes"]
