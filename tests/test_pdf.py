"""The PDF book: text, outline, internal links, page numbers, scripts, safety, determinism."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

pypdf = pytest.importorskip("pypdf")  # pinned in requirements.lock; a missing install fails loudly below
from pypdf import PdfReader  # noqa: E402

from dossierkit import load_dossier  # noqa: E402
from dossierkit.cli.main import main  # noqa: E402
from sitebuild import ROOT  # noqa: E402

EPOCH = "1767225600"  # 2026-01-01


def export(project: Path, out: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert main(["pdf", "-q", "-o", str(out), "-f", str(project / "mkdocs.yml")]) == 0
    return out


def text_of(reader: PdfReader) -> str:
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    return unicodedata.normalize("NFKC", re.sub(r"[ \t]+", " ", text))


def outline_titles(items) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, list):
            out += outline_titles(item)
        else:
            out.append(item.title)
    return out


def link_destinations(reader: PdfReader) -> set[str]:
    """Named destinations of the internal links (the contents' own links point at page positions)."""
    dests = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a and isinstance(a["/Dest"], str):
                dests.add(str(a["/Dest"]))
    return dests


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


def poppler_text(path: Path) -> str:
    """The book's text in logical order (poppler's pdftotext: `make test` installs it; required under CI)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) is missing; `make test` installs it")
        pytest.skip("pdftotext (poppler-utils) is missing")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out.stdout)  # directional marks


def test_every_entry_title_appears(shipped):
    _reader, dossier, path = shipped

    def norm(s: str) -> str:  # undo line breaks, also after hyphens; drop combining marks (Arabic vowels)
        s = "".join(c for c in unicodedata.normalize("NFC", s) if unicodedata.category(c) != "Mn")
        return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", s))

    text = norm(poppler_text(path))
    rtl = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

    def present(label: str) -> bool:
        if not rtl.search(label):
            return norm(label) in text
        # A right-to-left title that wraps is read line by line, with its commas moved: check its words.
        return all(word in text for word in re.findall(r"[^\W_]+", norm(label)))

    missing = [e.id for e in dossier if not present(e.label)]
    assert missing == []


def outline_count(items) -> int:
    return sum(outline_count(i) if isinstance(i, list) else 1 for i in items)


def flatten_outline(items):
    for item in items:
        if isinstance(item, list):
            yield from flatten_outline(item)
        else:
            yield item


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


def contents_lines(reader: PdfReader) -> list[tuple[str, int]]:
    """``(title, page)`` in order, from the contents pages: a title that wraps is joined to the line that
    ends in leader dots and its page number."""
    lines: list[tuple[str, int]] = []
    first_chapter = min(reader.get_destination_page_number(item) for item in flatten_outline(reader.outline))
    pending: list[str] = []
    for page in reader.pages[1:first_chapter]:  # the contents run from after the cover to the first chapter
        text = re.sub(r"\s*\d+ / \d+\s*$", "", page.extract_text().replace("\u2060", ""))  # the folio
        for line in text.splitlines()[1:]:  # [0]: the running head
            m = re.match(r"^\s*(.*?)\s*(?:\.\s*){4,}(\d+)\s*$", line)
            if m:
                lines.append((" ".join(pending + [m.group(1).strip()]).strip(), int(m.group(2))))
                pending = []
            elif line.strip() and line.strip() != "Contents" and not re.fullmatch(r"\d+ / \d+", line.strip()):
                pending.append(line.strip())  # a title that wraps (not the folio "2 / 208")
    return lines


def test_contents_page_numbers_match_the_pages(shipped):
    reader, dossier, _ = shipped
    toc = contents_lines(reader)
    assert ("Actors", 7) in toc or any(t == "Actors" for t, _ in toc)
    pages: dict[str, list[int]] = {}
    for item in flatten_outline(reader.outline):  # the outline is in the order of the contents
        # a title's own final full stop runs into the leader dots
        pages.setdefault(item.title.rstrip("."), []).append(reader.get_destination_page_number(item) + 1)
    checked = 0
    seen: dict[str, int] = {}
    for title, number in toc:
        title = title.rstrip(".")
        if title in pages:
            index = seen.get(title, 0)
            seen[title] = index + 1
            assert number == pages[title][index], title
            checked += 1
    assert checked >= len(dossier) * 4 // 5  # (titles pypdf reads in another order, or that wrap oddly, are not matched)


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
    n = len(reader.pages)
    page = reader.pages[n // 2].extract_text().replace("\x00", "")
    assert f"/ {n}" in page
    assert "Muslim NATO? A sourced dossier" in page


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
