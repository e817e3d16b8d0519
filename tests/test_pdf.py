"""The PDF book: text, outline, internal links, page numbers, scripts, safety, determinism."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")  # pinned in requirements.lock; a missing install fails loudly below
from pypdf import PdfReader  # noqa: E402

from dossierkit import load_dossier  # noqa: E402
from dossierkit.cli.main import main  # noqa: E402
from pdf_checks import (  # noqa: E402
    blank_pages, contents_lines, contents_mismatches, flatten_outline, link_destinations, outline_count,
    missing_titles, outline_titles, structure_problems, text_of, wrong_folios,
)
from sitebuild import ROOT  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"

EPOCH = "1767225600"  # 2026-01-01


def read_title(project: Path) -> str:
    return re.search(r"^site_name: *\"?(.*?)\"?$", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


def export(project: Path, out: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["pdf", "-q", "-o", str(out), "-f", str(project / "mkdocs.yml")]) == 0
    return out


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The repository's dossier as a PDF (built once), with its reader and model."""
    out = tmp_path_factory.mktemp("pdf") / "dossier.pdf"
    mp = pytest.MonkeyPatch()
    try:
        export(ROOT, out, mp)
    finally:
        mp.undo()
    return PdfReader(str(out)), load_dossier(ROOT / "dossier", root=ROOT), out


def test_every_entry_title_appears(shipped):
    _reader, dossier, path = shipped
    assert missing_titles(dossier, path) == []


def test_outline_has_an_item_per_entry_and_chapter(shipped):
    reader, dossier, _ = shipped
    titles = outline_titles(reader.outline)
    chapters = ["Does a Muslim NATO exist?", "Methodology", "Actors", "Organisations", "Obstacles", "Timeline",
                "Glossary", "Who stands where", "Network", "Status legend", "Bibliography"]
    for chapter in chapters:
        assert chapter in titles
    for entry in dossier:
        label = entry.label + (f" ({entry.data['abbreviation']})" if entry.data.get("abbreviation")
                               and entry.data["abbreviation"] not in entry.label else "")
        assert label in titles, entry.id
    years = {e.data["date"].year for e in dossier.events}  # the chronology groups events by year
    assert outline_count(reader.outline) == len(chapters) + len(dossier) + len(years)


def test_relations_and_citations_are_internal_links(shipped):
    reader, dossier, _ = shipped
    dests = link_destinations(reader)
    named = set(reader.named_destinations)
    assert dests <= named  # every internal link resolves
    for rel in dossier.relations:
        assert f"entry-{rel.object}" in dests and f"entry-{rel.subject}" in dests
    for entry in dossier:
        for sid in entry.cited_sources():
            assert f"entry-{sid}" in dests  # citations point into the bibliography
        assert f"entry-{entry.id}" in named


def test_links_are_internal_or_http_or_mailto_only(shipped):
    reader, _dossier, _ = shipped
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            assert "/Dest" in a or a["/A"]["/S"] == "/URI", a  # (Typst's own contents links are /Dest arrays)
            if "/A" in a:
                uris.append(str(a["/A"]["/URI"]))
    assert uris and all(re.match(r"^(https?://|mailto:)", u) for u in uris)


def test_contents_page_numbers_match_the_pages(shipped):
    reader, dossier, _ = shipped
    assert any(title == "Actors" for title, _ in contents_lines(reader))
    checked, wrong = contents_mismatches(reader)
    assert wrong == []
    assert checked >= len(dossier) * 3 // 4  # (titles pypdf reads in another order are not matched)


def test_tagged_pdf_ua_with_the_language_set(shipped):
    reader, _dossier, _path = shipped
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Muslim NATO? A sourced dossier"
    xmp = root["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part(>|=\")1", xmp), xmp[:2000]


def test_the_network_graph_has_alt_text(shipped):
    _reader, _dossier, path = shipped
    assert re.search(rb"/Alt\(Network graph of \d+ organisations, actors and obstacles", path.read_bytes())


def test_running_headers_and_page_numbers(shipped):
    reader, _dossier, _ = shipped
    assert wrong_folios(reader) == []  # every page after the cover shows its own number
    chapter_of = {}
    for item in flatten_outline(reader.outline):
        if item.title in ("Actors", "Timeline", "Bibliography"):
            chapter_of[reader.get_destination_page_number(item)] = item.title
    for index, chapter in chapter_of.items():
        for page in (index, index + 1):  # the page a chapter starts on, and the next
            head = reader.pages[page].extract_text().splitlines()[0]
            assert head.startswith("Muslim NATO? A sourced dossier") and head.rstrip().endswith(chapter), head


def test_no_page_is_blank(shipped, tmp_path, monkeypatch):
    reader, _dossier, _ = shipped
    assert blank_pages(reader, "Muslim NATO? A sourced dossier") == []
    treaty = PdfReader(str(export(FIXTURES / "treaty", tmp_path / "treaty.pdf", monkeypatch)))
    assert blank_pages(treaty, read_title(FIXTURES / "treaty")) == []
    network = [i for i, p in enumerate(treaty.pages) if p.mediabox.width > p.mediabox.height]
    assert network and "Network" in treaty.pages[network[0]].extract_text()  # its landscape page, not a blank one


def test_the_structure_tree_is_whole(shipped):
    _reader, _dossier, path = shipped
    assert structure_problems(path) == []


def test_persian_urdu_and_arabic_names_are_extractable(shipped):
    reader, dossier, _ = shipped
    text = text_of(reader)
    natives = {n["lang"]: n["name"] for e in dossier for n in e.data.get("native_names", ())}
    for lang in ("fa", "ar", "ur"):
        if lang in natives:
            # pypdf reads a right-to-left run in visual order, so check word by word (poppler reads it whole)
            for word in unicodedata.normalize("NFKC", natives[lang]).split():
                assert word in text, (lang, word)
    assert "ایران" in text


def test_fonts_are_the_bundled_ones(shipped):
    reader, _dossier, _ = shipped
    fonts = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in (resources.get("/Font") or {}).get_object().values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    families = {f.split("+", 1)[-1].split("-")[0] for f in fonts}
    assert {"NotoSerif", "NotoNaskhArabic"} <= families
    # No glyph comes from whatever else the machine has: only bundled fonts and the CJK font `make` installs.
    assert families <= {"NotoSerif", "NotoNaskhArabic", "NotoSerifHebrew", "WenQuanYiMicroHei"}, families


def book_strings(value) -> list[str]:
    """Every string of the book's data that is printed (not the graph's SVG, node types or anchors)."""
    out, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            stack.extend(v[k] for k in v if k not in ("svg", "t", "s", "k", "id", "to", "l", "d", "r", "layout"))
        elif isinstance(v, list):
            stack.extend(v)
    return out


def test_every_script_has_a_font(shipped):
    _reader, dossier, _ = shipped
    from dossierkit.render.print_book import PrintOptions, build_book
    from fontTools.ttLib import TTFont

    fonts = Path(__file__).resolve().parent.parent / "build_tools" / "dossierkit" / "assets" / "fonts"
    covered = set()
    for f in fonts.glob("*.ttf"):
        covered |= set(TTFont(str(f)).getBestCmap())
    wqy = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if wqy.exists():
        from fontTools.ttLib import TTCollection
        covered |= set(TTCollection(str(wqy)).fonts[0].getBestCmap())
    book, _warnings = build_book(dossier, PrintOptions(title="t"))
    missing = sorted({c for c in "".join(book_strings(book)) if not c.isspace() and ord(c) not in covered})
    assert missing == []


def test_two_exports_are_byte_identical(starter, tmp_path, monkeypatch):
    a = export(starter, tmp_path / "a.pdf", monkeypatch)
    b = export(starter, tmp_path / "b.pdf", monkeypatch)
    assert a.read_bytes() == b.read_bytes()
    assert PdfReader(str(a)).metadata.creation_date.year == 2026


def test_hostile_entry_cannot_pull_a_local_file(starter, tmp_path, monkeypatch, capsys):
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">'
                      '<text x="0" y="20">SECRET-MARKER-7731</text></svg>', encoding="utf-8")
    (starter / "dossier" / "actors" / "land-b.yml").write_text(
        "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\nbody: |\n"
        f"  ![a]({secret.as_uri()})\n  ![b]({secret})\n  <img src=\"{secret.as_uri()}\">\n"
        f"  [c]: {secret.as_uri()}\n  ![d][c]\n  ![e](../../../../../../..{secret})\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "h.pdf"
    assert main(["pdf", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    assert b"SECRET-MARKER" not in out.read_bytes()
    assert "SECRET-MARKER" not in text_of(PdfReader(str(out)))
    assert "dossier/actors/land-b.yml" in capsys.readouterr().err  # each left-out link is reported with its file


def test_progress_is_shown(starter, tmp_path):
    exe = Path(sys.executable).parent / "dossier"
    result = subprocess.run([str(exe), "pdf", "-o", str(tmp_path / "p.pdf")], cwd=starter,
                            capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("pdf: ")]
    assert lines[0] == "pdf: building the print document (12 entries)"
    assert "pdf: laying out pages" in lines and lines[-1].startswith("pdf: done: ")


def test_an_interrupted_export_leaves_no_partial_file(starter, tmp_path, monkeypatch):
    import dossierkit.outputs.pdf as pw

    out = tmp_path / "x.pdf"
    out.write_bytes(b"previous good pdf")

    def boom(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(pw, "build_book", boom)
    with pytest.raises(KeyboardInterrupt):
        pw.write_pdf(load_dossier(starter / "dossier", root=starter), out, pw.default_options("t", "", ()))
    assert out.read_bytes() == b"previous good pdf"
    assert not list(tmp_path.glob("*.partial"))
