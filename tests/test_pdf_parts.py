"""The PDF book laid out in parts, each in its own process, and joined: still one whole book.

Big books are cut into parts of about ``PART_BYTES`` of data; here the
shipped dossier is cut into small parts so that every chapter layout is cut
somewhere, and the joined book must be the book: every page numbered, every
heading a bookmark and a link target, the contents right, one valid
structure tree, and the same bytes however the parts were scheduled.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("pypdf")
from pypdf import PdfReader  # noqa: E402

import dossierkit.outputs.pdf_join as pdf_join  # noqa: E402
import dossierkit.outputs.pdf_parts as pdf_parts  # noqa: E402
from dossierkit import load_dossier  # noqa: E402
from dossierkit.cli.main import main  # noqa: E402
from dossierkit.outputs.pdf import FULL_CONTENTS_UP_TO  # noqa: E402
from dossierkit.render.print_book import PrintOptions, build_book  # noqa: E402
from pdf_checks import (  # noqa: E402
    blank_pages, contents_mismatches, element_types, flatten_outline, heading_titles, link_destinations, outline_count,
    missing_titles, structure_problems, text_of, wrong_folios,
)
from sitebuild import ROOT  # noqa: E402

EPOCH = "1767225600"
SMALL = 25_000  # bytes of data per part: a dozen parts for the shipped dossier
TITLE = "Muslim NATO? A sourced dossier"


def export(project: Path, out: Path, monkeypatch, part_bytes: int | None = None) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    if part_bytes:
        monkeypatch.setattr(pdf_parts, "PART_BYTES", part_bytes)
    assert main(["pdf", "-q", "-o", str(out), "-f", str(project / "mkdocs.yml")]) == 0
    return out


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The shipped dossier as one body part and in small parts: (whole, parts, dossier)."""
    folder = tmp_path_factory.mktemp("parts")
    mp = pytest.MonkeyPatch()
    try:
        whole = export(ROOT, folder / "whole.pdf", mp)
        parts = export(ROOT, folder / "parts.pdf", mp, SMALL)
    finally:
        mp.undo()
    return whole, parts, load_dossier(ROOT / "dossier", root=ROOT)


def test_small_parts_cut_every_kind_of_chapter(books):
    _whole, _parts, dossier = books
    book, _ = build_book(dossier, PrintOptions(title=TITLE))
    parts = pdf_parts.make_parts(book, 2, SMALL)
    continued = [p["chapters"][0] for p in parts[1:] if p["chapters"][0].get("cont")]
    layouts = {c["layout"] for c in continued}
    assert {"entries", "chronology", "references"} <= layouts
    assert any("year" in c for c in continued)  # a part that starts inside a year of the chronology
    assert len(parts) > 8


def test_the_book_in_parts_has_every_page_mark_and_link(books):
    whole, parts, dossier = books
    a, b = PdfReader(str(whole)), PdfReader(str(parts))
    chapters = 10 + (1 if len(dossier.positions) else 0)  # front matter, kinds, back matter; 'Who stands where'
    assert outline_count(b.outline) == outline_count(a.outline) == len(dossier) + chapters + len(
        {e.data["date"].year for e in dossier.events})
    assert [i.title for i in b.outline if not isinstance(i, list)] == \
        [i.title for i in a.outline if not isinstance(i, list)]
    assert link_destinations(b) <= set(b.named_destinations)
    assert {f"entry-{e.id}" for e in dossier} <= set(b.named_destinations)
    checked, wrong = contents_mismatches(b)
    assert wrong == [] and checked >= len(dossier) * 3 // 4
    assert wrong_folios(b) == [] and blank_pages(b, TITLE) == []
    assert missing_titles(dossier, parts) == []
    assert b.trailer["/Root"]["/Lang"] == "en" and b.metadata.title == TITLE
    assert len(b.pages) > len(a.pages)  # each part starts on a fresh page


def test_the_joined_structure_tree_is_whole(books):
    whole, parts, _dossier = books
    assert structure_problems(parts) == []
    # the parts' hidden headings (repeated for PDF/UA) are gone: as many headings as in the book in one piece
    a, b = element_types(whole), element_types(parts)
    assert {k: v for k, v in b.items() if k.startswith("H")} == {k: v for k, v in a.items() if k.startswith("H")}
    assert b["Document"] == 1


def test_the_checks_catch_a_join_that_does_not_renumber_the_parent_tree(starter, tmp_path, monkeypatch):
    real = pdf_join.Renumber.__init__
    monkeypatch.setattr(pdf_join.Renumber, "__init__", lambda self, part, base, key_base, prefix, dropped:
                        real(self, part, base, 0, prefix, dropped))
    broken = export(starter, tmp_path / "broken.pdf", monkeypatch, 2_000)
    assert any("parent tree" in p for p in structure_problems(broken))


def test_same_bytes_however_the_parts_are_scheduled(starter, tmp_path, monkeypatch):
    two = export(starter, tmp_path / "two.pdf", monkeypatch, 2_000).read_bytes()
    again = export(starter, tmp_path / "again.pdf", monkeypatch, 2_000).read_bytes()
    monkeypatch.setenv("DOSSIER_WORKERS", "1")
    one = export(starter, tmp_path / "one.pdf", monkeypatch, 2_000).read_bytes()
    assert two == again == one
    assert len(PdfReader(str(tmp_path / "two.pdf")).pages) > 6


def test_big_books_list_chapters_only_in_the_contents():
    book = {"title": "t", "subtitle": "", "edition": "", "version": "", "entries": 3, "lang": "en", "chapters": [
        {"id": "chapter-actor", "title": "Actors", "layout": "entries",
         "c": [{"id": f"entry-a{i}", "title": f"A{i}", "c": []} for i in range(3)]}]}
    front = pdf_parts.make_parts(book, 1)[0]
    assert [line["to"] for line in front["contents"]] == ["chapter-actor"]
    assert FULL_CONTENTS_UP_TO == 2000


def test_contributed_strings_cross_the_join_unchanged(starter, tmp_path, monkeypatch):
    # what the joiner rewrites outside strings, inside a title: references, keys, IDs, parentheses, escapes
    name = r"Land ) B (( 12 0 R /ID(U1x0y0) /StructParent 7 \ /Headers[(U2x0y0)] (end"
    (starter / "dossier" / "actors" / "land-b.yml").write_text(
        f"id: land-b\nname: {json.dumps(name)}\ntype: state\nsummary: {json.dumps(name)}\nsources: [src-one]\n",
        encoding="utf-8")
    path = export(starter, tmp_path / "s.pdf", monkeypatch, 2_000)
    reader = PdfReader(str(path))
    assert structure_problems(path) == []
    assert name in heading_titles(path)
    assert name in [item.title for item in flatten_outline(reader.outline)]
    assert name in re.sub(r"\s+", " ", text_of(reader))
