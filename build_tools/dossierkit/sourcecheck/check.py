"""What the checker concludes about each source and each quote.

For every source: its ``url`` is reachable, has moved (report the final
address), is gone (404/410, a name that does not resolve) with or without a
working ``archive_url``, was refused (outside the network boundary), or
could not be checked.  The archived copy is fetched only when it is needed:
the page is gone or unreadable, or a quote is missing from the live page.

For every citation with a ``quote``: found in the page's text, found only
in the archived copy (the page changed), not found, or not checked.
Findings about a source are located at its ``url`` line; findings about a
quote at the citation's ``quote`` line, naming the source's file and line.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from dossierkit.errors import ERROR, WARNING
from dossierkit.schema.citation import Cite
from dossierkit.sourcecheck.http_fetch import FAILED, GONE, OK, REFUSED
from dossierkit.sourcecheck.match import PageText
from dossierkit.sourcecheck.pages import Page
from dossierkit.sourcecheck.report import NOTE, Finding, QuoteResult, Report, SourceResult
from dossierkit.structure.dossier import SOURCE_KIND, Dossier
from dossierkit.structure.entry import Entry

PageOf = Callable[[str], Page]


@dataclass(frozen=True)
class QuoteRef:
    """A citation with a quote, and the entry and key path where it is written."""

    entry: Entry
    key_path: tuple
    cite: Cite

    @property
    def position(self) -> tuple[int, int]:
        """Line and column of the ``quote`` field."""
        return self.entry.doc.pos(self.key_path + ("quote",))


@dataclass(frozen=True)
class Item:
    """One source to check and the quotes to look for on its page."""

    source: Entry
    quotes: tuple[QuoteRef, ...]


def plan(dossier: Dossier, changed: set[Path] | None = None) -> list[Item]:
    """What to check: every source, or (``changed`` given) only what the changed files touch.

    With ``changed`` (absolute paths): the sources whose files changed and
    the sources cited by changed entries; the quotes in changed entries, and
    every quote of a changed source (its page may have changed under them).
    """
    root = Path(dossier.root)
    touched = None if changed is None else {
        e.id for e in dossier.entries.values() if (root / e.path).resolve() in changed}
    quotes: dict[str, list[QuoteRef]] = {}
    selected: set[str] = set()
    for entry in sorted(dossier.entries.values(), key=lambda e: e.path):
        for key_path, cite in entry.all_citations():
            if touched is None or entry.id in touched or cite.source in touched:
                if touched is not None:
                    selected.add(cite.source)
                if cite.quote:
                    quotes.setdefault(cite.source, []).append(QuoteRef(entry, key_path, cite))
    sources = dossier.by_kind[SOURCE_KIND]
    if touched is not None:
        sources = [s for s in sources if s.id in selected or s.id in touched]
    return [Item(s, tuple(quotes.get(s.id, ()))) for s in sorted(sources, key=lambda s: s.id)]


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _shorten(text: str, length: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "\u2026"


class _SourceCheck:
    """The checks of one source, fetching its archived copy only if needed."""

    def __init__(self, item: Item, page_of: PageOf):
        self.source, self.quotes, self.page_of = item.source, item.quotes, page_of
        data = self.source.data
        self.url, self.archive_url = data.get("url"), data.get("archive_url")
        self.result = SourceResult(self.source.id, self.source.path, self.source.line, self.url, self.archive_url)
        self._archive: Page | None = None
        self._texts: dict[str, PageText] = {}

    def add(self, key: str, severity: str, code: str, message: str, path: str | None = None,
            position: tuple[int, int] | None = None) -> None:
        line, column = position or self.source.doc.pos((key,))
        self.result.findings.append(Finding(path or self.source.path, line, column, message, severity,
                                            self.source.id, code))

    def archive(self) -> Page | None:
        if self.archive_url and self._archive is None:
            self._archive = self.page_of(self.archive_url)
            self.result.archive = "works" if self._archive.outcome == OK else "fails"
            if self._archive.outcome == REFUSED:
                self.add("archive_url", ERROR, "refused", f"source {self.source.id}: archived copy refused: "
                                                          f"{self._archive.reason}")
        return self._archive

    def text(self, page: Page | None) -> PageText | None:
        if page is None or page.outcome != OK or page.text is None:
            return None
        if page.url not in self._texts:
            self._texts[page.url] = PageText(page.text)
        return self._texts[page.url]

    def run(self) -> SourceResult:
        live = self.page_of(self.url) if self.url else None
        if live is not None:
            self.result.http_status, self.result.final_url = live.status, live.final_url
            self.result.reason, self.result.fetched = live.reason, live.fetched
        self._judge_source(live)
        for ref in self.quotes:
            self._judge_quote(ref, live)
        return self.result

    def _archive_clause(self) -> str:
        archive = self.archive()
        if archive is None:
            return ""
        return (f"; the archived copy works ({self.archive_url})" if archive.outcome == OK
                else f"; the archived copy failed too ({archive.reason})")

    def _judge_source(self, live: Page | None) -> None:
        sid = self.source.id
        if live is None:
            self.result.status = "no-address"
            if self.archive_url:
                self.add("archive_url", NOTE, "no-address", f"source {sid}: no url, only an archived copy"
                                                            f"{self._archive_clause()}")
            else:
                self.add("id", NOTE, "no-address", f"source {sid}: no address to check")
        elif live.outcome == OK and _strip_fragment(live.final_url or self.url) != _strip_fragment(self.url):
            self.result.status = "moved"
            self.add("url", WARNING, "moved", f"source {sid}: moved: {self.url} now leads to {live.final_url}; "
                                               "update url if this is the same page")
        elif live.outcome == OK:
            self.result.status = "reachable"
            self.add("url", NOTE, "reachable", f"source {sid}: reachable: {self.url}")
        elif live.outcome == GONE:
            self.result.status = "gone"
            clause = self._archive_clause()
            works = self.result.archive == "works"
            advice = clause or "; add an archive_url (e.g. from web.archive.org)"
            self.add("url", WARNING if works else ERROR, "gone-archived" if works else "gone",
                     f"source {sid}: gone ({live.reason}): {self.url}{advice}")
        elif live.outcome == REFUSED:
            self.result.status = "refused"
            self.add("url", ERROR, "refused", f"source {sid}: refused: {live.reason}{self._archive_clause()}")
        elif live.outcome == FAILED:
            self.result.status = "unreachable"
            self.add("url", WARNING, "unreachable", f"source {sid}: could not be checked ({live.reason}): "
                                                     f"{self.url}{self._archive_clause()}")
        else:
            self.result.status = "not-checked"
            self.add("url", WARNING, "not-checked", f"source {sid}: not checked: {live.reason}")

    def _judge_quote(self, ref: QuoteRef, live: Page | None) -> None:
        line = self.source.doc.pos(("url",) if self.url else ("id",))[0]
        where = f"source {self.source.id}, {self.source.path}:{line}"
        shown = _shorten(ref.cite.quote or "")
        result = QuoteResult(ref.entry.path, *ref.position, status="not-checked", quote=ref.cite.quote or "")
        self.result.quotes.append(result)

        def report(severity: str, status: str, message: str, checked_in: str | None) -> None:
            result.status, result.checked_in = status, checked_in
            self.add("", severity, f"quote-{status}", message, ref.entry.path, ref.position)

        live_text = self.text(live)
        if live_text is not None and live is not None:
            match = live_text.find(ref.cite.quote or "")
            if match.found:
                return report(NOTE, "found", f"quote found on {self.url} ({where})", self.url)
            archived = self.text(self.archive())
            if archived is not None and archived.find(ref.cite.quote or "").found:
                return report(WARNING, "archive-only", f"quote no longer on {self.url}, but found in the archived "
                                                       f"copy {self.archive_url} ({where}): \"{shown}\"",
                              self.archive_url)
            return report(ERROR, "missing", f"quote not found on {self.url} ({where}): \"{shown}\"; "
                                            f"{match.hint()}", self.url)
        archived = self.text(self.archive())
        if archived is not None:
            match = archived.find(ref.cite.quote or "")
            if match.found:
                return report(NOTE, "found", f"quote found in the archived copy {self.archive_url} ({where})",
                              self.archive_url)
            return report(ERROR, "missing", f"quote not found in the archived copy {self.archive_url} ({where}): "
                                            f"\"{shown}\"; {match.hint()}", self.archive_url)
        report(WARNING, "not-checked", f"quote not checked ({where}): {_why_no_text(live)}", None)


def _why_no_text(page: Page | None) -> str:
    if page is None:
        return "the source has no address"
    if page.outcome == OK:
        return f"the page has no text to search ({page.reason})"
    if page.outcome == GONE:
        return f"the page is gone ({page.reason}) and there is no working archived copy"
    if page.outcome == REFUSED:
        return "its address was refused"
    if page.outcome == FAILED:
        return f"the page could not be read ({page.reason})"
    return page.reason


def check_item(item: Item, page_of: PageOf) -> SourceResult:
    """Check one source and its quotes with pages from ``page_of``."""
    return _SourceCheck(item, page_of).run()


def check_dossier(dossier: Dossier, page_of: PageOf, jobs: int = 4, changed: set[Path] | None = None) -> Report:
    """Check the sources of ``dossier`` (all, or those ``changed`` touches) with ``jobs`` workers."""
    items = plan(dossier, changed)
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="check-sources") as pool:
        results = list(pool.map(lambda item: check_item(item, page_of), items))
    return Report(results, "all" if changed is None else "changed")
