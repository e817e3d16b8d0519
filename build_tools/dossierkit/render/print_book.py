"""The whole PDF book as data: cover, hand-written pages, one chapter per kind.

Each kind's chapter (title, place and layout) comes from the kind registry
(``Kind.chapter``).  The book's Typst
template (``assets/book.typ``) lays out that data; nothing a contributor
wrote is ever Typst markup (see :mod:`dossierkit.render.print_markdown`).

A failure while an entry is turned into data names the entry and its file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from dossierkit.errors import DossierError, Problem
from dossierkit.render.directives import render_page_links
from dossierkit.render.graph import edge_styles, network_svg
from dossierkit.render.print_entries import EntryBuilder, anchor, badges, shift_headings
from dossierkit.render.print_markdown import markdown_nodes, text_of
from dossierkit.render.print_positions import CHAPTER_ID, positions_chapter
from dossierkit.render.page_paths import POSITIONS_PAGE
from dossierkit.schema.kinds import KINDS, KINDS_BY_FOLDER, KINDS_BY_NAME
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier


@dataclass(frozen=True)
class Chapter:
    """A kind's chapter: its kind, title and layout (from the kind registry)."""

    kind: str
    title: str
    layout: str  # entries | chronology | glossary | references


BOOK: tuple[Chapter, ...] = tuple(
    Chapter(k.name, k.chapter.title, k.chapter.layout)
    for k in sorted((k for k in KINDS if k.chapter), key=lambda k: k.chapter.order))
# The network is printed on a landscape page, and only when its labels come
# out at least this size there; otherwise the chapter says where to find it.
MIN_LABEL_PT = 8.0
NETWORK_FONT = 24  # label size in SVG units
NETWORK_BOX_MM = (257.0, 118.0)  # the room on a landscape A4 page under the heading, above the legend


def printed_label_pt(svg: str, font: float = NETWORK_FONT) -> float:
    """The size in points of the graph's labels once scaled into :data:`NETWORK_BOX_MM`."""
    m = re.search(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"', svg)
    if not m:
        return 0.0
    scale = min(NETWORK_BOX_MM[0] / float(m.group(1)), NETWORK_BOX_MM[1] / float(m.group(2)))  # mm per unit
    return font * scale * 72 / 25.4


@dataclass(frozen=True)
class PrintOptions:
    """What the cover says and which hand-written pages open the book."""

    title: str
    subtitle: str = ""
    edition: str = ""
    version: str = ""
    intro_pages: tuple[tuple[str, str], ...] = ()  # (path in docs/, Markdown text)
    site_pages: frozenset[str] = field(default_factory=frozenset)  # pages of the site (links to them become text)


@dataclass
class BookWarning:
    """A link left out of the book: where it was, and what it pointed at."""

    path: str
    line: int
    message: str


def _page_resolver(dossier: Dossier, page: str, intro: dict[str, str], options: PrintOptions, quiet: list[str]):
    entry_link = re.compile(rf"^(?:{'|'.join(map(re.escape, KINDS_BY_FOLDER))})/([a-z0-9-]+)\.md(?:#.*)?$")
    chapters = {f"{KINDS_BY_NAME[c.kind].folder}/index.md": f"chapter-{c.kind}" for c in BOOK}
    chapters["status.md"] = "chapter-legend"
    chapters["graph.md"] = "chapter-network"
    chapters[POSITIONS_PAGE] = CHAPTER_ID

    def resolve(href: str) -> str | None:
        if href.startswith("#"):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
        if target.startswith("../") or href.startswith("/"):
            return None
        m = entry_link.match(target)
        if m and m.group(1) in dossier.entries:
            return f"entry-{m.group(1)}"
        if target in chapters:
            return chapters[target]
        if target in intro:
            return intro[target]
        if target in options.site_pages:
            quiet.append(href)  # a page of the site that is not in the book: its text stays, silently
        return None

    return resolve



def _intro_chapters(dossier: Dossier, options: PrintOptions, warnings: list[BookWarning]) -> list[dict]:
    intro = {path: f"intro-{i + 1}" for i, (path, _text) in enumerate(options.intro_pages)}
    chapters = []
    for path, text in options.intro_pages:
        expanded = render_page_links(dossier, text, path, f"docs/{path}", 1)
        refused: list[str] = []
        quiet: list[str] = []
        nodes = markdown_nodes(expanded, _page_resolver(dossier, path, intro, options, quiet), refused)
        for href in refused:
            if href not in quiet:
                line = next((i + 1 for i, ln in enumerate(text.splitlines()) if href in ln), 1)
                warnings.append(BookWarning(f"docs/{path}", line, f"link to {href!r} left out of the PDF "
                                            "(the book links only within itself and to http(s)/mailto addresses)"))
        title = path
        if nodes and isinstance(nodes[0], dict) and nodes[0].get("t") == "h" and nodes[0]["l"] == 1:
            title = text_of(nodes.pop(0)["c"]) or path
        shift_headings(nodes, 2)
        chapters.append({"id": intro[path], "title": title, "layout": "page", "c": nodes})
    return chapters


def _legend(vocab: Vocabulary) -> dict:
    def table(head: list[str], rows: list[list[list]]) -> dict:
        return {"t": "table", "h": 1, "c": [{"t": "tr", "c": [{"t": "td", "c": [h]} for h in head]}]
                + [{"t": "tr", "c": [{"t": "td", "c": cell} for cell in row]} for row in rows]}

    blocks = [
        {"t": "p", "c": ["Every organisation, relation, membership, event and claim carries a ", {"t": "strong",
         "c": ["status"]}, " from the dossier's vocabulary, and a ", {"t": "strong", "c": ["confidence"]},
         " that says how well sources support it."]},
        {"t": "h", "l": 2, "c": ["Status"]},
        table(["Badge", "Group", "Meaning"],
              [[badges(vocab, s.value, None), [vocab.label("lifecycle_groups", s.group)], [s.definition]]
               for s in vocab.statuses]),
        {"t": "h", "l": 2, "c": ["Confidence"]},
        table(["Badge", "Meaning"], [[badges(vocab, None, c.value), [c.definition]] for c in vocab.confidence]),
    ]
    if vocab.severities:
        blocks += [{"t": "h", "l": 2, "c": ["Severity"]},
                   table(["Severity", "Meaning"], [[[s.label], [s.definition]] for s in vocab.severities])]
    blocks += [
        {"t": "h", "l": 2, "c": ["Relations"]},
        {"t": "p", "c": ["Each relation is declared once and shown on both entries."]},
        table(["Relation", "Seen from the other side", "Meaning"],
              [[[r.label + (" (negative)" if r.negative else "")], [r.inverse_label or r.label], [r.definition]]
               for r in vocab.relation_types]),
    ]
    return {"id": "chapter-legend", "title": "Status legend", "layout": "page", "c": blocks}


def _network(dossier: Dossier) -> dict | None:
    svg = network_svg(dossier, lambda e: f"#{anchor(e)}", paint=True, font=NETWORK_FONT,
                      aspect=NETWORK_BOX_MM[0] / NETWORK_BOX_MM[1])
    if not svg:
        return None
    nodes = svg.count('class="dossier-node ')
    size = printed_label_pt(svg)
    if size < MIN_LABEL_PT:
        return {"id": "chapter-network", "title": "Network", "layout": "page", "c": [{"t": "p", "c": [
            f"The network of {nodes} organisations, actors and obstacles is too large to print with legible labels "
            f"(they would be {size:.1f} pt). Each entry's Relations section lists the same relations; the website "
            "draws the network."]}]}
    lines = svg.count("<line ")
    alt = (f"Network graph of {nodes} organisations, actors and obstacles (related ones drawn near each other) "
           f"joined by {lines} relations; line styles show each relation's status. "
           "Each entry's Relations section lists the same relations as text.")
    svg = svg.replace('<svg class="dossier-graph-svg"', '<svg font-family="Noto Serif" class="dossier-graph-svg"', 1)
    legend = [{"t": "line", "v": label, **_stroke(paint)} for style, (paint, label) in edge_styles(dossier.vocabulary).items()
              if f"dossier-edge-{style}" in svg]
    return {"id": "chapter-network", "title": "Network", "layout": "landscape", "c": [
        {"t": "p", "c": ["Actors, organisations and obstacles and how they are related; line styles show each "
                         "relation's status."]},
        {"t": "graph", "svg": svg, "alt": alt, "legend": legend, "h": NETWORK_BOX_MM[1]}]}


def _stroke(paint: str) -> dict:
    """SVG presentation attributes -> the line node's paint, thickness and dash."""
    attrs = dict(part.split("=", 1) for part in paint.split(" ") if "=" in part)
    dash = attrs.get("stroke-dasharray", "").strip('"')
    return {"paint": attrs["stroke"].strip('"'), "w": float(attrs["stroke-width"].strip('"')),
            "dash": "dotted" if dash in ("2 3", "1 3") else ("dashed" if dash else "solid")}


def _kind_chapter(builder: EntryBuilder, dossier: Dossier, chapter: Chapter) -> dict | None:
    entries = dossier.by_kind[chapter.kind]
    if not entries:
        return None
    if chapter.layout == "references":  # a reference list: by author, or by title where there is none
        entries = sorted(entries, key=lambda e: ((e.data.get("author") or e.label).casefold(), e.label.casefold(), e.id))
    build = {"entries": builder.full, "chronology": builder.event, "glossary": builder.term,
             "references": builder.reference}[chapter.layout]
    items = []
    for entry in entries:
        try:
            item = build(entry)
        except RecursionError:
            raise DossierError([Problem(entry.path, entry.line, 1, "the PDF cannot print this entry: it is "
                                        "nested too deeply")]) from None
        if chapter.layout == "chronology":
            item["year"] = str(entry.data["date"].year)
        items.append(item)
    return {"id": f"chapter-{chapter.kind}", "title": chapter.title, "layout": chapter.layout, "c": items}


def build_book(dossier: Dossier, options: PrintOptions) -> tuple[dict, list[BookWarning]]:
    """The book as JSON-ready data, and the links that were left out of it."""
    warnings: list[BookWarning] = []
    builder = EntryBuilder(dossier)
    chapters = _intro_chapters(dossier, options, warnings)
    references = None
    for chapter in BOOK:
        data = _kind_chapter(builder, dossier, chapter)
        if data is None:
            continue
        if chapter.layout == "references":
            references = data
        else:
            chapters.append(data)
    stances = positions_chapter(dossier)
    if stances:
        chapters.append(stances)
    network = _network(dossier)
    if network:
        chapters.append(network)
    chapters.append(_legend(dossier.vocabulary))
    if references:
        chapters.append(references)
    for entry, href in builder.refused:
        warnings.append(BookWarning(entry.path, entry.doc.pos(("body",))[0] if entry.data.get("body") else entry.line,
                                    f"body: link to {href!r} left out of the PDF"))
    book = {"title": options.title, "subtitle": options.subtitle, "edition": options.edition,
            "version": options.version, "entries": len(dossier), "lang": "en", "chapters": chapters}
    return book, warnings
