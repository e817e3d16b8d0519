"""Bodies that broke the PDF (issue 18, item 7), through the whole chain: validate, the site, ``dossier pdf``
and ``make build``.

- 300 ``>`` quote markers nest 300 block quotes: WeasyPrint's layout recursed
  until ``RecursionError`` naming no file.
- 24,000 characters of ``*a`` took minutes to lay out.

The PDF is now laid out by Typst from data (issue 17): both make a PDF, and
``make build`` succeeds.  A layout failure still names its entry
(``tests/test_pdf_robustness.py``); a write failure leaves the site as it was
(``tests/test_output_errors.py``).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from harness import BIN, ENV, assert_clean_output, new_project, run, write_files
from sitebuild import ROOT

DEEP_BODY = ">" * 300
SLOW_BODY = "*a" * 12_000
LAND_D = "dossier/actors/land-d.yml"


def entry_with_body(body: str) -> str:
    """A valid actor ``land-d`` whose body is ``body`` (on line 6)."""
    return f'id: land-d\nname: Land D\ntype: state\nsummary: A state.\nsources: [src-one]\nbody: "{body}"\n'


@pytest.mark.parametrize("body", [DEEP_BODY, SLOW_BODY], ids=["300-quotes", "24000-emphasis"])
def test_a_body_that_broke_the_pdf_makes_one(body, tmp_path_factory, previous_site):
    project, canary = new_project(tmp_path_factory.mktemp("body"), previous_site)
    write_files(project, canary, {LAND_D: entry_with_body(body)})
    assert run([BIN / "dossier", "validate", "--strict"], project).rc == 0
    out = project.parent / "out" / "dossier.pdf"
    pdf = run([BIN / "dossier", "pdf", "--strict", "-o", out], project)
    assert pdf.rc == 0, pdf.out
    assert out.read_bytes().startswith(b"%PDF")
    assert_clean_output(pdf.out, "dossier pdf")


def test_make_build_with_a_hostile_body_swaps_in_a_whole_site(tmp_path_factory, previous_site):
    project, canary = new_project(tmp_path_factory.mktemp("make"), previous_site)
    write_files(project, canary, {LAND_D: entry_with_body(DEEP_BODY)})
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    result = subprocess.run(["make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={BIN}",
                             "build"], cwd=project, env=ENV, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert (project / "site" / "dossier.pdf").read_bytes().startswith(b"%PDF")
    assert (project / "site" / "actors" / "land-d" / "index.html").is_file()
