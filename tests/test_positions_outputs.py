"""Positions everywhere else data goes (issue 22): the JSON export, the positions CSV and the PDF book."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from positions_fixture import HOSTILE_NOTE, write_positions
from sitebuild import ROOT

BIN = Path(sys.executable).parent


def dossier_cmd(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "dossier"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture
def project(entries) -> Path:
    write_positions(entries)
    return entries.root


def test_json_export_lists_positions_with_their_citations(project):
    run = dossier_cmd("export", "--format", "json", cwd=project)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    positions = data["positions"]
    assert [(p["holder"], p["target"], p["date"]) for p in positions] == [  # in date order; a year before its months
        ("land-b", "pact", "2025-09"), ("land-a", "pact", "2025-09-17"), ("land-b", "pact", "2025-10-03"),
        ("land-b", "big-idea", "2026"), ("land-a", "mistrust", "2026-02-01")]
    hostile = next(p for p in positions if p["date"] == "2025-10-03")
    assert hostile["previous"] == "ambiguous" and hostile["position_label"] == "Supports"
    assert hostile["assessment"] == "two independent sources" and hostile["timeline"] is True
    assert hostile["note"] == HOSTILE_NOTE
    assert hostile["sources"][1] == {"source": "src-two", "quote": "بیانیه", "lang": "fa", "translation": "Statement",
                                     "translated_by": "dossier editors"}
    earlier = next(p for p in positions if p["date"] == "2025-09")
    assert earlier["until"] == "2025-10-03" and earlier["declared_in"] == "dossier/actors/land-b.yml"
    # The fields as written are kept too, so an export can be turned back into entries.
    land_b = next(e for e in data["entries"] if e["id"] == "land-b")
    assert land_b["fields"]["positions"][0] == {
        "target": "pact", "position": "ambiguous", "date": "2025-09", "office": "Foreign ministry spokesperson",
        "confidence": "reported", "sources": [{"source": "src-one", "quote": "We will study the implications of the pact.",
                                               "locator": "paragraph 2"}]}


def test_positions_csv_one_row_per_position_formulas_neutralised(project):
    run = dossier_cmd("export", "--format", "positions-csv", cwd=project)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 5
    assert list(rows[0]) == ["holder", "holder_label", "target", "target_label", "target_kind", "position",
                             "position_label", "date", "until", "previous", "by", "by_label", "office", "confidence",
                             "assessment", "note", "timeline", "sources", "quotes", "path"]
    hostile = next(r for r in rows if r["date"] == "2025-10-03")
    assert hostile["note"] == "'" + HOSTILE_NOTE  # a spreadsheet would run =HYPERLINK(...)
    assert hostile["quotes"].splitlines()[1] == "src-two: بیانیه (Statement)"
    assert hostile["sources"] == "src-one;src-two" and hostile["timeline"] == "true" and hostile["by"] == "person-c"


def test_positions_csv_written_to_a_file(project, tmp_path):
    out = tmp_path / "positions.csv"
    run = dossier_cmd("export", "--format", "positions-csv", "-o", str(out), cwd=project)
    assert run.returncode == 0, run.stderr
    assert out.read_text(encoding="utf-8").startswith("holder,holder_label,target,")


def test_unknown_export_format_is_a_usage_error(project):
    run = dossier_cmd("export", "--format", "positions-xls", cwd=project)
    assert run.returncode == 2 and "positions-csv" in run.stderr


@pytest.fixture(scope="module")
def shipped_pdf_text(tmp_path_factory) -> str:
    """The shipped dossier's PDF book as text, read the way poppler reads it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; `make test` installs it")
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    run = dossier_cmd("pdf", "-q", "--strict", "-o", str(out), cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader

    outline = [item.title for item in PdfReader(str(out)).outline if not isinstance(item, list)]
    assert "Who stands where" in outline
    return text


def test_pdf_has_the_matrix_as_tables(shipped_pdf_text):
    chapter = shipped_pdf_text[shipped_pdf_text.index("Where each actor stands on the proposals"):]
    chapter = chapter[:chapter.index("Status legend")]
    assert "Supports with conditions" in chapter and "Denies" in chapter
    rows = [line.split()[0] for line in chapter.splitlines() if line.startswith(" ") and line.strip()]
    for actor in ("Egypt", "India", "Indonesia", "Iran", "Iraq", "Oman", "Pakistan", "Qatar", "Russia", "Türkiye"):
        assert actor in rows, actor
    pakistan = next(line for line in chapter.splitlines() if line.strip().startswith("Pakistan"))
    assert pakistan.split()[1:3] == ["Supports", "17"]  # the IMCTC column first: the most positions
    assert "(was denies)" in chapter  # Türkiye on the SMDA: denied signing, then conditions


def test_pdf_entries_carry_their_positions(shipped_pdf_text):
    text = shipped_pdf_text
    pakistan = text[text.index("\nPakistan\nActor"):]
    pakistan = pakistan[:pakistan.index("\nSources\n")]
    assert "Positions" in pakistan and "On Saudi–Pakistan Strategic Mutual Defence Agreement" in " ".join(pakistan.split())
    assert "19 January 2026 Supports with conditions" in " ".join(pakistan.split())
    smda = text[text.index("Saudi–Pakistan Strategic Mutual Defence Agreement (SMDA)\nOrganisation"):]
    smda = " ".join(smda[:smda.index("\nSources\n")].split())
    assert "Who stands where" in smda and "India · since 18 September 2025" in smda
