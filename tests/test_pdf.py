"""The PDF book: text, outline, internal links, page numbers, scripts, safety, determinism."""

from __future__ import annotations

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
    dests = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") == "/Link" and "/Dest" in a:
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


def test_every_entry_title_appears(shipped):
    reader, dossier, _ = shipped
    text = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text_of(reader)))  # undo line breaks after hyphens
    missing = [e.id for e in dossier if re.sub(r"\s+", " ", e.label) not in text]
    assert missing == []


def test_outline_has_an_item_per_entry_and_chapter(shipped):
    reader, dossier, _ = shipped
    titles = outline_titles(reader.outline)
    for chapter in ("Contents", "Does a Muslim NATO exist?", "Methodology", "Actors", "Organisations", "Obstacles",
                    "Timeline", "Glossary", "Network", "Status legend", "Bibliography"):
        assert chapter in titles
    for entry in dossier:
        label = entry.label + (f" ({entry.data['abbreviation']})" if entry.data.get("abbreviation")
                               and entry.data["abbreviation"] not in entry.label else "")
        assert label in titles, entry.id


def test_relations_and_citations_are_internal_links(shipped):
    reader, dossier, _ = shipped
    dests = link_destinations(reader)
    named = set(reader.named_destinations)
    for rel in dossier.relations:
        assert f"entry-{rel.object}" in dests and f"entry-{rel.subject}" in dests
    for entry in dossier:
        for sid in entry.cited_sources():
            assert f"entry-{sid}" in dests  # citations point into the bibliography
        assert f"entry-{entry.id}" in named


def test_contents_show_page_numbers(shipped):
    reader, _dossier, _ = shipped
    contents = reader.pages[1].extract_text()
    assert re.search(r"Actors\s*\.{5,}\s*\d+", contents)
    assert re.search(r"Iran\s*\.{5,}\s*\d+", text_of(reader))


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
            assert unicodedata.normalize("NFKC", natives[lang]) in text, lang
    assert "ایران" in text


def test_fonts_are_the_bundled_ones(shipped):
    reader, _dossier, _ = shipped
    fonts = set()
    for page in reader.pages[:12]:
        resources = page["/Resources"].get_object()
        for font in (resources.get("/Font") or {}).get_object().values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    families = {f.split("+", 1)[-1] for f in fonts}
    assert {"Dossier-Serif", "Dossier-Naskh"} <= families
    # No glyph comes from whatever else the machine has: only bundled fonts and the CJK font `make` installs.
    assert all(f.startswith(("Dossier-", "WenQuanYi")) for f in families), families


def test_every_script_has_a_font(shipped):
    _reader, dossier, _ = shipped
    from dossierkit.render.print_document import PrintOptions, build_print_html
    from fontTools.ttLib import TTFont

    fonts = Path(__file__).resolve().parent.parent / "build_tools" / "dossierkit" / "assets" / "fonts"
    covered = set()
    for f in fonts.glob("*.ttf"):
        covered |= set(TTFont(str(f)).getBestCmap())
    wqy = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if wqy.exists():
        from fontTools.ttLib import TTCollection
        covered |= set(TTCollection(str(wqy)).fonts[0].getBestCmap())
    doc = build_print_html(dossier, PrintOptions(title="t"))
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", doc, flags=re.DOTALL))
    import html as _html
    missing = sorted({c for c in _html.unescape(text) if not c.isspace() and ord(c) not in covered})
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
    assert "refused to load" in capsys.readouterr().err  # the relative path reached the fetcher and was refused


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

    monkeypatch.setattr(pw, "build_print_html", boom)
    with pytest.raises(KeyboardInterrupt):
        pw.write_pdf(load_dossier(starter / "dossier", root=starter), out, pw.default_options("t", "", ()))
    assert out.read_bytes() == b"previous good pdf"
    assert not list(tmp_path.glob("*.partial"))
