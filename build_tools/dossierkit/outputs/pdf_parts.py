"""The PDF book in parts: the front (cover and contents) and slices of the body.

Typst keeps every laid-out page in memory until it writes the file (about
1.3 MB a page in this book), so a book of thousands of pages is laid out in
parts of about :data:`PART_BYTES` of data each, every part in its own
process, and the parts are joined (:mod:`dossierkit.outputs.pdf_join`).

A part holds whole chapters where they fit; a larger chapter is cut between
two entries, and the part that continues it starts on a fresh page (its
template repeats the chapter's heading, hidden, for the tag tree).

Every heading and reference item with a label is a *mark*: a named
destination, a bookmark, and, up to the contents' depth, a contents line.
Laying a part out once (:func:`numbering` reads what it measured) gives its
page count and where each mark landed, which numbers every page and every
contents line before the parts are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PART_BYTES = 400_000  # of JSON per body part: about 60 pages of entries
PAGE_BYTES = 6_000  # what a page-layout chapter (a hand-written page, the legend, the network) counts for, at least
BOOK_KEYS = ("title", "subtitle", "edition", "version", "entries", "lang")


@dataclass(frozen=True)
class Mark:
    """A labelled place in the book: its label, title and outline level."""

    label: str
    title: str
    level: int


@dataclass(frozen=True)
class Placed:
    """A mark where the layout put it: page number in the book, position on the page (pt from the top left)."""

    mark: Mark
    part: int  # index of the part
    page: int  # number of the page in the book (1 = the cover)
    x: float
    y: float


def chapter_marks(chapter: dict) -> list[Mark]:
    """The marks of a chapter, in order: the chapter, then its items (and the chronology's years)."""
    marks = [Mark(chapter["id"], chapter["title"], 1)]
    if chapter["layout"] in ("page", "landscape"):
        return marks
    year = None
    for item in chapter["c"]:
        if chapter["layout"] == "chronology":
            if item["year"] != year:
                year = item["year"]
                marks.append(Mark(f"{chapter['id']}-{year}", year, 2))
            marks.append(Mark(item["id"], item["title"], 3))
        else:
            marks.append(Mark(item["id"], item["title"], 2))
    return marks


def book_marks(book: dict) -> list[Mark]:
    """Every mark of the book in reading order."""
    return [m for chapter in book["chapters"] for m in chapter_marks(chapter)]


def _weight(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def split_body(book: dict, limit: int | None = None) -> list[list[dict]]:
    """The chapters cut into parts of at most ``limit`` (default :data:`PART_BYTES`) bytes of data.

    A single item larger than that is a part of its own.
    """
    limit = limit or PART_BYTES
    parts: list[list[dict]] = []
    current: list[dict] = []
    size = 0

    def flush() -> None:
        nonlocal current, size
        if current:
            parts.append(current)
        current, size = [], 0

    for chapter in book["chapters"]:
        if chapter["layout"] in ("page", "landscape"):
            weight = max(PAGE_BYTES, _weight([n for n in chapter["c"] if not (isinstance(n, dict) and "svg" in n)]))
            if size + weight > limit:
                flush()
            current.append(chapter)
            size += weight
            continue
        items = chapter["c"]
        start = 0
        for i, item in enumerate(items):
            weight = _weight(item)
            if size + weight > limit and (current or i > start):
                if i > start:
                    current.append(_slice(chapter, start, i))
                flush()
                start = i
            size += weight
        current.append(_slice(chapter, start, len(items)))
    flush()
    return parts


def _slice(chapter: dict, start: int, end: int) -> dict:
    """Items ``start:end`` of a chapter; a slice that continues the chapter says so (and the open year)."""
    piece = {**chapter, "c": chapter["c"][start:end]}
    if start:
        piece["cont"] = True
        if chapter["layout"] == "chronology" and chapter["c"][start - 1]["year"] == chapter["c"][start]["year"]:
            piece["year"] = chapter["c"][start]["year"]
    return piece


def hidden_headings(chapters: list[dict]) -> int:
    """How many hidden headings the template puts at the start of a part (see ``book.typ``)."""
    if not chapters or not chapters[0].get("cont"):
        return 0
    return 2 if "year" in chapters[0] else 1


def make_parts(book: dict, toc_depth: int, limit: int | None = None) -> list[dict]:
    """The front part and the body parts, each a JSON-ready document for ``book.typ``."""
    head = {k: book[k] for k in BOOK_KEYS}
    contents = [{"to": m.label, "t": m.title, "l": m.level} for m in book_marks(book) if m.level <= toc_depth]
    front = {**head, "front": True, "contents": contents, "chapters": []}
    return [front] + [{**head, "chapters": chapters} for chapters in split_body(book, limit)]


def place(part: dict, index: int, measured: dict, first: int) -> list[Placed]:
    """The marks of part ``index`` where its layout put them, its pages numbered from ``first``.

    ``measured`` is what laying the part out reported: ``{"pages": n,
    "marks": [[label, page in the part, x, y], ...]}``.  Raises
    ``RuntimeError`` if a mark of the data is missing from the layout.
    """
    where = {label: (p, x, y) for label, p, x, y in measured["marks"]}
    placed = []
    for mark in (mk for chapter in part["chapters"] for mk in chapter_marks(chapter)):
        if chapter_is_cont(part, mark):
            continue
        if mark.label not in where:
            raise RuntimeError(f"the layout lost the mark {mark.label!r}")
        p, x, y = where[mark.label]
        placed.append(Placed(mark, index, first + p - 1, x, y))
    return placed


def numbering(parts: list[dict], measured: list[dict]) -> tuple[list[int], int, list[Placed]]:
    """First page of each part, the page count, and every mark placed (see :func:`place`)."""
    firsts, page = [], 1
    for m in measured:
        firsts.append(page)
        page += m["pages"]
    placed = [p for index, (part, m) in enumerate(zip(parts, measured)) for p in place(part, index, m, firsts[index])]
    return firsts, page - 1, placed


def chapter_is_cont(part: dict, mark: Mark) -> bool:
    """Whether ``mark`` is the heading of a chapter (or year) that this part only continues (it is hidden)."""
    first = part["chapters"][0] if part["chapters"] else {}
    if not first.get("cont"):
        return False
    return mark.label == first["id"] or ("year" in first and mark.label == f"{first['id']}-{first['year']}")


def part_numbers(part: dict, first: int, total: int, placed: list[Placed]) -> dict:
    """The numbers a part prints: its first page and, for the front, the page count and each contents line's page."""
    numbers: dict = {"first": first}
    if part.get("front"):
        wanted = {line["to"] for line in part["contents"]}
        numbers["total"] = total
        numbers["pages"] = {p.mark.label: p.page for p in placed if p.mark.label in wanted}
    return numbers
