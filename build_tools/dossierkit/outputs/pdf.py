"""The PDF writer: WeasyPrint over the print document, with nothing fetched.

An adapter like the MkDocs plugin: the core builds the print document
(:mod:`dossierkit.render.print_document`); this module lays it out with
WeasyPrint (imported only here) through a URL fetcher that serves the bundled
fonts and refuses everything else, so a hostile entry cannot pull a local
file or a remote resource into the PDF.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Callable

from dossierkit import __version__
from dossierkit.errors import DossierError, Problem
from dossierkit.outputs.write_errors import discard, replace_atomically, temporary_name, writing
from dossierkit.render.print_document import PrintOptions, build_print_html
from dossierkit.structure.dossier import Dossier

FONT_SCHEME = "dossierkit-font:"
Progress = Callable[[str], None]


def edition_date() -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fonts = resources.files("dossierkit").joinpath("assets", "fonts")

    class RestrictedFetcher(URLFetcher):
        """Serves ``dossierkit-font:NAME`` from the bundled fonts; refuses every other URL."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=set(), fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):  # noqa: D102 - see class docstring
            if url.startswith(FONT_SCHEME):
                name = url[len(FONT_SCHEME):]
                if "/" not in name and "\\" not in name and name.endswith(".ttf"):
                    font = fonts.joinpath(name)
                    if font.is_file():
                        return URLFetcherResponse(url, font.read_bytes(), {"Content-Type": "font/ttf"})
            self.refused.append(url)
            raise ValueError(f"dossierkit: refusing to fetch {url!r} (the PDF loads nothing from outside)")

    return RestrictedFetcher


def _quiet_weasyprint() -> None:
    # Refused fetches are expected (hostile input); report them ourselves, once.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)


def write_pdf(dossier: Dossier, output: Path, options: PrintOptions, progress: Progress | None = None) -> int:
    """Render the dossier to ``output``; return the number of pages.

    The file is written to a temporary name and renamed, so an interrupted
    export never leaves a half-written PDF behind.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise DossierError([Problem(str(output), 1, 1, f"the PDF writer needs WeasyPrint and Pango: {exc}")]) from None
    say = progress or (lambda message: None)
    _quiet_weasyprint()
    start = time.monotonic()
    say(f"building the print document ({len(dossier)} entries)")
    created = edition_date().strftime("%Y-%m-%dT%H:%M:%SZ")
    fetcher = _fetcher_class()()

    def render(document_html: str):
        return HTML(string=document_html, base_url="dossierkit-print:/", url_fetcher=fetcher).render()

    try:
        document_html = build_print_html(dossier, options).replace(
            "</title>", f'</title><meta name="dcterms.created" content="{created}">'
                        f'<meta name="dcterms.modified" content="{created}">', 1)
        say("laying out pages")
        document = render(document_html)
    except DossierError:
        raise
    except (RecursionError, Exception) as exc:  # noqa: BLE001 - a failure names the entry that causes it
        say(f"the layout failed ({type(exc).__name__}); looking for the entry that causes it")
        from dossierkit.outputs.pdf_failures import locate_failure

        css = resources.files("dossierkit").joinpath("assets", "print.css").read_text("utf-8")
        raise locate_failure(dossier, options, render, css, exc) from None
    pages = len(document.pages)
    say(f"writing {pages} pages")
    partial = temporary_name(output)  # unique: two builds never share a partial file
    try:
        with writing(output):
            output.parent.mkdir(parents=True, exist_ok=True)
            document.write_pdf(partial, uncompressed_pdf=False)
    except BaseException:
        discard(partial)
        raise
    replace_atomically(partial, output)
    refused = sorted(set(fetcher.refused))
    for url in refused:
        say(f"refused to load {url!r}")
    say(f"done: {output} ({pages} pages, {time.monotonic() - start:.1f} s)")
    return pages


def stderr_progress(message: str) -> None:
    """Progress lines on standard error (``pdf: ...``)."""
    print(f"pdf: {message}", file=sys.stderr, flush=True)


def default_options(title: str, subtitle: str, intro_pages: tuple[tuple[str, str], ...]) -> PrintOptions:
    """Print options with today's (or ``SOURCE_DATE_EPOCH``'s) edition date."""
    date = edition_date()
    return PrintOptions(title=title, subtitle=subtitle, edition=f"{date.day} {date:%B %Y}",
                        version=__version__, intro_pages=intro_pages)
