"""Rules about sources: every source is cited, and its title is the page's real headline."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from dossierkit.errors import Problem, ProblemSink, WARNING
from dossierkit.schema.kinds import BIBLIOGRAPHY
from dossierkit.structure.entry import Entry


def check_unused_sources(entries: dict[str, Entry]) -> list[Problem]:
    """A warning for every source entry that no entry cites."""
    cited: set[str] = set()
    for entry in entries.values():
        cited.update(entry.source_ids())
    return [
        Problem(e.path, e.line, 1, "source is not cited by any entry", WARNING)
        for e in entries.values()
        if e.kind.role == BIBLIOGRAPHY and e.id not in cited
    ]


def _slug_words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def check_title(source: Entry, sink: ProblemSink) -> None:
    """A warning when a source's title is a placeholder: bracketed, or the words of its address."""
    title = source.data["title"]
    if title.startswith("[") and title.endswith("]"):  # a title the cataloguer supplied: "[Report on ...]"
        sink.warning(source.doc.pos(("title",)), "title: looks like a placeholder (bracketed): give the page's own "
                                                 "headline, as the publisher spells it", "title")
        return
    url = source.data.get("url")
    if url:
        path = [p for p in unquote(urlsplit(url).path).split("/") if p]
        slug = _slug_words(path[-1].rsplit(".", 1)[0]) if path else []
        words = _slug_words(title)
        # Many headlines are their own address: only an address copied as it is (no capital letter) is a placeholder.
        if len(words) >= 3 and slug and words == slug and title == title.lower():
            sink.warning(source.doc.pos(("title",)), "title: the words of the page's address, not its headline: "
                                                     "give the headline as the publisher spells it", "title")
