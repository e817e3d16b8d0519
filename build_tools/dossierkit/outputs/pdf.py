"""The PDF writer: the book's data laid out by Typst in parts, joined into one tagged PDF.

An adapter like the MkDocs plugin: the core builds the book as data
(:mod:`dossierkit.render.print_book`); this module cuts it into parts
(:mod:`dossierkit.outputs.pdf_parts`), has each part laid out by Typst in
a process of its own, at most two at a time (:mod:`dossierkit.outputs.pdf_layout`,
:mod:`dossierkit.outputs.pdf_worker`): a part is measured (its page count
and where its headings and reference items land), then written with its
page numbers; the front (cover and contents) is written last, with the
page of every contents line.  Then the parts' PDFs are joined into one, with
one page tree, one structure tree, the outline, the named destinations, and
internal links resolved (:mod:`dossierkit.outputs.pdf_join`).

The template (``assets/book.typ``) is the only Typst source; contributed
text arrives as strings, so it is shown and never evaluated.  The compiler
sees only the bundled fonts (and Debian's CJK font) and an empty root
folder.  The PDF is tagged and PDF/UA-1 (Typst checks the rules it can in
every part: a title, alt text for the graph, heading levels that do not
skip, a font for every character); the same data and ``SOURCE_DATE_EPOCH``
give the same bytes.

When Typst fails, the entry that makes it fail is found by laying out
halves of the chapters, and the error names that entry and its file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import BinaryIO, Callable

from dossierkit import __version__
from dossierkit.errors import WARNING, DossierError, Problem, printable
from dossierkit.outputs.pdf_join import Joiner
from dossierkit.outputs.pdf_layout import InOrder, lay_out_parts
from dossierkit.outputs.pdf_parts import chapter_marks, hidden_headings, make_parts, numbering, part_numbers, place
from dossierkit.outputs import pdf_worker
from dossierkit.outputs.pdf_worker import LayoutError
from dossierkit.outputs.write_errors import discard, replace_atomically, temporary_name, writing
from dossierkit.render.print_book import BookWarning, PrintOptions, build_book
from dossierkit.structure.dossier import Dossier

Progress = Callable[[str], None]
CJK_FONTS = Path("/usr/share/fonts/truetype/wqy")  # Debian's fonts-wqy-microhei: too large to bundle
PDF_STANDARDS = ["ua-1"]
FULL_CONTENTS_UP_TO = 2000  # entries; larger books list chapters only (the bookmarks list every entry)


def edition_date() -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def layout_processes() -> int:
    """How many parts are laid out at a time: two on two cores or more, one with ``DOSSIER_WORKERS=1``."""
    if os.environ.get("DOSSIER_WORKERS") == "1":
        return 1
    return max(1, min(2, os.cpu_count() or 1))


class Layout:
    """Where the parts of one book are, and the jobs that lay them out (see :mod:`~dossierkit.outputs.pdf_worker`)."""

    def __init__(self, folder: Path, timestamp: int):
        assets = resources.files("dossierkit").joinpath("assets")
        self.base = {"template": str(assets.joinpath("book.typ")), "timestamp": timestamp,
                     "fonts": [str(assets.joinpath("fonts"))] + ([str(CJK_FONTS)] if CJK_FONTS.is_dir() else [])}
        self.folder = folder
        self.count = 0

    def store(self, part: dict) -> str:
        """Write a part's data to a file of its own; return its path."""
        self.count += 1
        path = self.folder / f"part-{self.count}.json"
        path.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return str(path)

    @staticmethod
    def pdf_path(path: str) -> Path:
        """Where the PDF of the part whose data is at ``path`` is written."""
        return Path(path.removesuffix(".json") + ".pdf")

    def job(self, path: str, mode: str, standards: list[str] | None = None, numbers: dict | None = None) -> dict:
        """A worker's job for the part at ``path``."""
        return {**self.base, "mode": mode, "part": path, "numbers": numbers or {},
                "standards": PDF_STANDARDS if standards is None else standards,
                "out": str(self.pdf_path(path))}


def _lay_out(layout: Layout, parts: list[dict], paths: list[str], out: BinaryIO, say: Progress) -> int:
    """Lay out every part (see :mod:`~dossierkit.outputs.pdf_layout`) and join them into ``out``; return the pages.

    The body parts are joined in a thread of their own as they are written;
    the front, written last, is joined last.  PDF/UA-1 refuses a character
    that no bundled font can show (an emoji, a script the fonts lack); such
    a part is written tagged but without the claim, and then so is the
    front (whose metadata makes the claim for the book), and the reason is
    reported.
    """
    labels = {m.label for part in parts for chapter in part["chapters"] for m in chapter_marks(chapter)}
    joiner = Joiner(out, labels)

    def join(index: int, measured: dict, first: int) -> None:
        joiner.add(index, layout.pdf_path(paths[index]), place(parts[index], index, measured, first),
                   hidden_headings(parts[index]["chapters"]), first - 1)
        say(f"laid out part {index} of {len(parts) - 1} (pages {first}-{first + measured['pages'] - 1})")

    in_order = InOrder(len(parts) - 1, join)
    try:
        measured, notes = lay_out_parts(layout.job(paths[0], "measure"),
                                        [layout.job(path, "both") for path in paths[1:]], layout_processes(),
                                        in_order.put)
    except BaseException:
        in_order.abort()
        raise
    in_order.close()
    _firsts, total, placed = numbering(parts, measured)
    refused = [note for note in notes if note]
    numbers = part_numbers(parts[0], 1, total, placed)
    note = pdf_worker.typeset(layout.job(paths[0], "pdf", [] if refused else None, numbers))["ua"]
    if refused or note:
        say(f"note: written as a tagged PDF without the PDF/UA-1 claim: {printable((refused or [note])[0][:200])}")
    say(f"writing {total} pages")
    joiner.finish(layout.pdf_path(paths[0]), placed, total)
    return total


def _failing_entries(layout: Layout, parts: list[dict]) -> list[str]:
    """Anchors of the entries that make the layout fail, found by laying out halves of each chapter."""
    head = {k: v for k, v in parts[0].items() if k not in ("front", "contents", "chapters")}

    def fails(chapter: dict, items: list) -> bool:
        path = layout.store({**head, "chapters": [{**chapter, "c": items, "cont": False}]})
        try:
            pdf_worker.typeset(layout.job(path, "pdf", []))
            return False
        except LayoutError:
            return True

    found: list[str] = []
    for chapter in (c for part in parts[1:] for c in part["chapters"]):
        if chapter["layout"] in ("page", "landscape") or not chapter["c"] or not fails(chapter, chapter["c"]):
            continue
        work = [chapter["c"]]
        while work:
            items = work.pop()
            if len(items) == 1:
                found.append(items[0]["id"])
            else:
                half = len(items) // 2
                work += [part for part in (items[half:], items[:half]) if fails(chapter, part)]
    return found


def _layout_error(dossier: Dossier, layout: Layout, parts: list[dict], exc: LayoutError) -> DossierError:
    message = " ".join(exc.message.split())[:300]
    problems = []
    for anchor in _failing_entries(layout, parts):
        entry = dossier.get(anchor.removeprefix("entry-"))
        if entry is not None:
            problems.append(Problem(entry.path, entry.line, 1, f"the PDF cannot lay out this entry: {message}"))
    return DossierError(problems or [Problem("dossier pdf", 1, 1, f"the PDF layout failed: {message}")])


def _report(warnings: list[BookWarning], strict: bool, say: Progress) -> None:
    problems = [Problem(w.path, w.line, 1, w.message, severity="error" if strict else WARNING) for w in warnings]
    if strict and problems:
        raise DossierError(problems)
    for p in sorted(problems):
        say(p.format())


def write_pdf(dossier: Dossier, output: Path, options: PrintOptions, progress: Progress | None = None,
              strict: bool = False) -> int:
    """Render the dossier to ``output``; return the number of pages.

    Links the book leaves out are warnings (errors with ``strict``).  The file
    is written to a temporary name and renamed, so an interrupted export
    never leaves a half-written PDF behind.
    """
    say = progress or (lambda message: None)
    start = time.monotonic()
    say(f"building the print document ({len(dossier)} entries)")
    book, warnings = build_book(dossier, options)
    _report(warnings, strict, say)
    parts = make_parts(book, 2 if len(dossier) <= FULL_CONTENTS_UP_TO else 1)
    del book
    partial = temporary_name(output)  # unique: two builds never share a partial file
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as folder:
        layout = Layout(Path(folder), int(edition_date().timestamp()))
        paths = [layout.store(part) for part in parts]
        say("laying out pages")
        try:
            with writing(output):  # a full disk or a read-only folder: one line naming the path
                output.parent.mkdir(parents=True, exist_ok=True)
                with partial.open("wb") as out:
                    total = _lay_out(layout, parts, paths, out, say)
        except LayoutError as exc:
            discard(partial)
            raise _layout_error(dossier, layout, parts, exc) from None
        except BaseException:
            discard(partial)
            raise
    replace_atomically(partial, output)
    say(f"done: {output} ({total} pages, {time.monotonic() - start:.1f} s)")
    return total


def stderr_progress(message: str) -> None:
    """Progress lines on standard error (``pdf: ...``)."""
    print(f"pdf: {message}", file=sys.stderr, flush=True)


def default_options(title: str, subtitle: str, intro_pages: tuple[tuple[str, str], ...],
                    site_pages: frozenset[str] = frozenset()) -> PrintOptions:
    """Print options with today's (or ``SOURCE_DATE_EPOCH``'s) edition date."""
    date = edition_date()
    return PrintOptions(title=title, subtitle=subtitle, edition=f"{date.day} {date:%B %Y}",
                        version=__version__, intro_pages=intro_pages, site_pages=site_pages)
