"""The PDF writer: the book's data laid out by Typst, with nothing read from outside.

An adapter like the MkDocs plugin: the core builds the book as data
(:mod:`dossierkit.render.print_book`); this module hands that data, as one
JSON string in ``sys.inputs``, to the fixed template ``assets/book.typ`` and
compiles it with the ``typst`` package (imported only here):

- the template is the only Typst source; contributed text arrives as
  strings, so it is shown and never evaluated;
- the compiler sees only the bundled fonts (and Debian's CJK font), no
  system font, and an empty root folder: there is no file it could read;
- the PDF is tagged and PDF/UA-1 (Typst checks the rules it can: a title,
  alt text for the graph, heading levels that do not skip), and the same
  data and ``SOURCE_DATE_EPOCH`` give the same bytes;
- internal links are laid out as ``dossier-anchor:`` addresses and turned
  into links to named destinations afterwards (:mod:`dossierkit.outputs.pdf_links`).

When Typst fails, the entry that makes it fail is found by compiling halves
of the book, and the error names that entry and its file.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Callable

from dossierkit import __version__
from dossierkit.errors import WARNING, DossierError, Problem, printable
from dossierkit.outputs.pdf_links import resolve_anchor_links
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


def _compiler_parts():
    try:
        import typst
    except ImportError as exc:
        raise DossierError([Problem("dossier pdf", 1, 1, f"the PDF writer needs the typst package: {exc}")]) from None
    assets = resources.files("dossierkit").joinpath("assets")
    paths = [str(assets.joinpath("fonts"))] + ([str(CJK_FONTS)] if CJK_FONTS.is_dir() else [])
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=paths)
    return typst, fonts, assets.joinpath("book.typ").read_bytes()


def typeset(book: dict, timestamp: int, standards: list[str] | None = None) -> bytes:
    """Lay out ``book`` (data from :func:`build_book`) and return Typst's PDF, links not yet resolved.

    Raises ``typst.TypstError`` when the layout fails.
    """
    typst, fonts, template = _compiler_parts()
    with tempfile.TemporaryDirectory(prefix="dossier-pdf-") as empty_root:
        compiler = typst.Compiler(template, root=empty_root, font_paths=fonts, ignore_system_fonts=True,
                                  sys_inputs={"book": json.dumps(book, ensure_ascii=False, separators=(",", ":"))})
        return compiler.compile(format="pdf", timestamp=timestamp,
                                pdf_standards=PDF_STANDARDS if standards is None else standards)


def compile_book(book: dict, timestamp: int, say: Progress) -> bytes:
    """The finished PDF: PDF/UA-1 where the text allows it, links resolved.

    PDF/UA-1 refuses a character that no bundled font can show (an emoji, a
    script the fonts lack); such a book is still tagged, but is written
    without the PDF/UA claim, and the reason is reported.
    """
    try:
        pdf = typeset(book, timestamp)
    except Exception as exc:
        text = str(getattr(exc, "message", exc))
        if not text.startswith("PDF/UA-1 error"):
            raise
        say(f"note: written as a tagged PDF without the PDF/UA-1 claim: {printable(' '.join(text.split())[:200])}")
        pdf = typeset(book, timestamp, standards=[])
    return resolve_anchor_links(pdf)


def _failing_entries(book: dict, timestamp: int) -> list[str]:
    """Anchors of the entries that make the layout fail, found by compiling halves of each chapter."""
    def fails(chapter: dict, items: list) -> bool:
        try:
            typeset({**book, "chapters": [{**chapter, "c": items}], "toc_depth": 1}, timestamp, standards=[])
            return False
        except Exception as exc:  # noqa: BLE001 - typst.TypstError, by name (the binding is imported lazily)
            if type(exc).__name__ != "TypstError":
                raise
            return True

    found: list[str] = []
    for chapter in book["chapters"]:
        if chapter["layout"] in ("page", "landscape") or not fails(chapter, chapter["c"]):
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


def _layout_error(dossier: Dossier, book: dict, timestamp: int, exc: Exception) -> DossierError:
    message = " ".join(str(getattr(exc, "message", exc)).split())[:300]
    problems = []
    for anchor in _failing_entries(book, timestamp):
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
    book["toc_depth"] = 2 if len(dossier) <= FULL_CONTENTS_UP_TO else 1
    timestamp = int(edition_date().timestamp())
    say("laying out pages")
    try:
        pdf = compile_book(book, timestamp, say)
    except Exception as exc:  # only Typst's own errors are about the content
        if type(exc).__name__ != "TypstError":
            raise
        raise _layout_error(dossier, book, timestamp, exc) from None
    pages = len(re.findall(rb"/Type/Page(?![a-zA-Z])", pdf))
    say(f"writing {pages} pages")
    partial = temporary_name(output)  # unique: two builds never share a partial file
    try:
        with writing(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(pdf)
    except BaseException:
        discard(partial)
        raise
    replace_atomically(partial, output)
    say(f"done: {output} ({pages} pages, {time.monotonic() - start:.1f} s)")
    return pages


def stderr_progress(message: str) -> None:
    """Progress lines on standard error (``pdf: ...``)."""
    print(f"pdf: {message}", file=sys.stderr, flush=True)


def default_options(title: str, subtitle: str, intro_pages: tuple[tuple[str, str], ...],
                    site_pages: frozenset[str] = frozenset()) -> PrintOptions:
    """Print options with today's (or ``SOURCE_DATE_EPOCH``'s) edition date."""
    date = edition_date()
    return PrintOptions(title=title, subtitle=subtitle, edition=f"{date.day} {date:%B %Y}",
                        version=__version__, intro_pages=intro_pages, site_pages=site_pages)
