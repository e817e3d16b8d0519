"""The PDF book's bibliography is a reference list: one hanging-indented reference per source, with its quotes.

Each reference reads author, title, publisher, date, kind and language,
address; under it, every quote a citation carries (with its locator, and
for another language the original, its translation and who translated it)
where it is quoted; then who cites the source.  The sources are not headed sections, yet each keeps a
bookmark and a link target.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("pypdf")
from pypdf import PdfReader  # noqa: E402

from dossierkit.cli.main import main  # noqa: E402
from pdf_checks import flatten_outline, heading_titles, link_destinations, structure_problems  # noqa: E402

EPOCH = "1767225600"
QUOTED = """id: land-a
name: Land A
type: state
summary: A state.
native_names:
  - name: ایران
    lang: fa
sources:
  - source: src-one
    quote: "the beginning of a regional security system"
    locator: paragraph 3
  - source: src-two
    quote: "امنیت منطقه‌ای"
    lang: fa
    translation: "regional security"
    translated_by: dossier editors
    locator: section 2
relations:
  - type: rival_of
    target: land-b
    sources: [src-one]
"""


@pytest.fixture
def book(starter: Path, tmp_path: Path, monkeypatch) -> tuple[PdfReader, Path]:
    """The starter dossier with an author and two quotes (one Persian, translated), as a PDF."""
    (starter / "dossier" / "actors" / "land-a.yml").write_text(QUOTED, encoding="utf-8")
    source = starter / "dossier" / "sources" / "src-one.yml"
    source.write_text(source.read_text(encoding="utf-8") + "author: Jane Doe\naccessed: 2025-09-18\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "b.pdf"
    assert main(["pdf", "-q", "--strict", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    return PdfReader(str(out)), out


def bibliography_text(reader: PdfReader) -> str:
    pages = [p.extract_text() for p in reader.pages if p.extract_text().splitlines()[0].endswith("Bibliography")]
    return unicodedata.normalize("NFKC", re.sub(r"\s+", " ", " ".join(pages)))


def test_each_source_is_one_reference_in_order(book):
    reader, _ = book
    text = bibliography_text(reader)
    first = "Jane Doe. First source. Daily Example, 17 September 2025. News report, in English. " \
            "https://example.org/one (accessed 18 September 2025)."
    second = "Second source. Example Review, June 2026. Analysis / opinion, in English. https://example.org/two."
    squeezed = re.sub(r"\s", "", text)  # (an address may break across lines)
    first, second = re.sub(r"\s", "", first), re.sub(r"\s", "", second)
    assert first in squeezed and second in squeezed
    assert squeezed.index(first) < squeezed.index(second)  # by author, or by title where there is none


def test_quotes_with_locator_translation_and_translator(book):
    reader, _ = book
    text = bibliography_text(reader)
    assert "“the beginning of a regional security system” (paragraph 3) Quoted in Land A" in text
    assert "“regional security” (translated from Persian by dossier editors) Quoted in Land A" in text
    assert "section 2)" in text  # (pypdf puts the parenthesis after a right-to-left quote out of order)
    # pypdf reads a right-to-left run piece by piece (and turns a two-letter piece around): check the words
    assert "امنیت" in text and "منطقه" in text


def test_sources_are_bookmarks_and_link_targets_not_headings(book):
    reader, path = book
    outline = list(flatten_outline(reader.outline))
    titles = [item.title for item in outline]
    start = titles.index("Bibliography")
    assert titles[start + 1:start + 3] == ["First source", "Second source"]
    named = reader.named_destinations
    for sid in ("src-one", "src-two"):
        assert f"entry-{sid}" in named and f"entry-{sid}" in link_destinations(reader)  # cited from the entries
        page = reader.get_destination_page_number(named[f"entry-{sid}"])
        assert reader.pages[page].extract_text().splitlines()[0].endswith("Bibliography")
    assert not {"First source", "Second source"} & set(heading_titles(path))
    assert structure_problems(path) == []
