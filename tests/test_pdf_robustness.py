"""The PDF book survives any valid entry, names the entry when it cannot, and keeps only safe links."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit.cli.main import main

pypdf = pytest.importorskip("pypdf")
from pypdf import PdfReader  # noqa: E402

BIN = Path(sys.executable).parent
EPOCH = "1767225600"
# Generous limits for a shared machine: each takes about a second or two here
# (timings belong in `make bench`); before the Typst writer, the first crashed
# with a RecursionError and the second ran for minutes.
LIMIT_SECONDS = 120


def body_entry(text: str) -> str:
    return "id: land-b\nname: Land B\ntype: state\nsummary: x\nsources: [src-one]\nbody: " \
        + json.dumps(text, ensure_ascii=False) + "\n"


def biggest_entry(seed: int = 1) -> str:
    """An entry of almost 256 KiB (the loader's cap): a 50,000-character body of
    mixed scripts, Markdown punctuation and an emoji, and claims until the cap."""
    r = random.Random(seed)
    alphabet = "ایرانپاکستان汉字文本 *_[]()#$\\`>|-+<&𝔸😀\n"
    lines = body_entry("".join(r.choice(alphabet) for _ in range(50_000))).rstrip("\n").split("\n") + ["claims:"]
    size = sum(len(line.encode()) + 1 for line in lines)
    while True:
        text = "".join(r.choice(alphabet.strip()) for _ in range(900))
        block = f"  - text: {json.dumps(text, ensure_ascii=False)}\n    confidence: reported\n    sources: [src-one]"
        if size + len(block.encode()) + 1 > 256 * 1024 - 16:
            return "\n".join(lines) + "\n"
        lines.append(block)
        size += len(block.encode()) + 1


HOSTILE_BODIES = {
    "300-quote-markers": body_entry(">" * 300 + " deep"),
    "24000-emphasis-openers": body_entry("*a" * 12_000),
    "50000-brackets": body_entry("[" * 50_000),
    "deep-lists-and-quotes": body_entry("> - " * 40 + "deep"),
    "256-kib-entry": None,  # biggest_entry()
}


@pytest.mark.parametrize("case", sorted(HOSTILE_BODIES))
def test_a_hostile_body_renders_in_time(case, starter, tmp_path):
    text = HOSTILE_BODIES[case] if HOSTILE_BODIES[case] is not None else biggest_entry()
    path = starter / "dossier" / "actors" / "land-b.yml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= 256 * 1024
    out = tmp_path / "h.pdf"
    result = subprocess.run([str(BIN / "dossier"), "pdf", "-o", str(out)], cwd=starter, capture_output=True,
                            text=True, timeout=LIMIT_SECONDS, env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    text_ = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "Land B" in text_
    if case == "300-quote-markers":
        assert ">>>>>>>>>>" in text_ and "deep" in text_  # too deep to format: printed as written, nothing lost


def test_a_layout_failure_names_the_entry_and_its_file(starter, tmp_path, monkeypatch, capsys):
    from dossierkit.outputs import pdf_worker

    modes = []

    class Refusing(pdf_worker.Worker):  # Typst refuses any part that holds land-b (not the ones that link to it)
        def __init__(self, job):
            part = json.loads(Path(job["part"]).read_text(encoding="utf-8"))
            self.refuse = any(isinstance(item, dict) and item.get("id") == "entry-land-b"
                              for chapter in part["chapters"] for item in chapter["c"])
            modes.append(job["mode"])
            super().__init__(job)

        def answer(self):
            if self.refuse:
                raise pdf_worker.LayoutError("simulated layout failure")
            return super().answer()

    monkeypatch.setattr(pdf_worker, "Worker", Refusing)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "x.pdf"
    assert main(["pdf", "-q", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "dossier/actors/land-b.yml:1:1: error: the PDF cannot lay out this entry: simulated layout failure" in err
    assert err.count("cannot lay out") == 1  # only the entry that fails, found by laying out halves
    assert "both" in modes and "pdf" in modes and not out.exists()


PAGE = """# A hand-written page

[local file](file:///etc/passwd), [root](/etc/passwd), [up](../../root/.ssh/id_rsa),
[script](javascript:alert(1)), ![data](data:image/svg+xml;base64,PHN2Zz4=),
[web](https://example.org/), [mail](mailto:someone@example.org), [entry](actors/land-a.md),
[[land-a]].
"""


def test_unsafe_links_in_a_hand_written_page_are_dropped_with_a_warning(starter, tmp_path, monkeypatch, capsys):
    (starter / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      dossier_dir: dossier\n", "      dossier_dir: dossier\n      pdf_pages: [page.md]\n"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "p.pdf"
    assert main(["pdf", "-o", str(out), "-f", str(config)]) == 0
    err = capsys.readouterr().err
    for href in ("file:///etc/passwd", "/etc/passwd", "../../root/.ssh/id_rsa", "javascript:alert(1)",
                 "data:image/svg+xml;base64,PHN2Zz4="):
        assert f"docs/page.md:3:1: warning: link to {href!r} left out of the PDF" in err \
            or f"docs/page.md:4:1: warning: link to {href!r} left out of the PDF" in err, href
    assert "link to 'https://example.org/'" not in err and "link to 'mailto:" not in err
    reader = PdfReader(str(out))
    uris, dests = [], []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if "/A" in a:
                uris.append(str(a["/A"]["/URI"]))
            elif isinstance(a.get("/Dest"), str):
                dests.append(str(a["/Dest"]))
    assert {"https://example.org/", "mailto:someone@example.org"} <= set(uris)
    assert all(u.startswith(("https://", "http://", "mailto:")) for u in uris), uris
    assert "entry-land-a" in dests
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "local file" in text and "script" in text  # the text of a dropped link stays
    # --strict: the same page is an error, and nothing is written
    out.unlink()
    assert main(["pdf", "--strict", "-q", "-o", str(out), "-f", str(config)]) == 1
    assert "docs/page.md:3:1: error: link to 'file:///etc/passwd' left out of the PDF" in capsys.readouterr().err
    assert not out.exists()


def test_contributed_text_is_never_typst_code(starter, tmp_path, monkeypatch):
    evil = '#panic("pwned") ] $x^2$ \\\\ #read("/etc/passwd") <entry-land-a> @entry-land-a #{ 1 + 1 }'
    path = starter / "dossier" / "actors" / "land-b.yml"
    path.write_text(f"id: land-b\nname: {json.dumps(evil)}\ntype: state\nsummary: {json.dumps(evil)}\n"
                    f"sources: [src-one]\nbody: {json.dumps(evil)}\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "e.pdf"
    assert main(["pdf", "-q", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    text = " ".join(p.extract_text() for p in PdfReader(str(out)).pages).replace("\n", " ")
    assert text.count('#panic("pwned")') >= 3  # shown as text in the title, the summary and the body
    assert "root:" not in text
