"""Builds that race (issue 18, item 6): one build at a time per project folder.

Two ``make build`` runs in one folder used to share ``build/site`` and the
PDF's temporary name: one swapped in a mixed site (new pages, old PDF), the
other failed on a vanished ``dossier.pdf.partial``.  Now ``make build`` holds
``build/.lock`` (``dossier locked``), each build stages in a folder of its
own, and the commands that write into ``site/`` take the same lock.  And
``build/`` or ``site/`` committed as a symbolic link is refused: a build
would write, and delete, wherever it points.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from sitebuild import ROOT

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items()
       if k not in ("DOSSIER_REPO_URL", "DOSSIER_OFFLINE", "DOSSIER_DEBUG", "MAKEFLAGS", "MFLAGS", "MAKELEVEL",
                    "DOSSIER_BUILD_LOCK", "DOSSIER_STAGE")}
ENV.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
MAKE = ["make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={BIN}", "build"]


@pytest.fixture
def project(starter: Path) -> Path:
    """The starter project with the Makefile."""
    shutil.copy(ROOT / "Makefile", starter / "Makefile")
    return starter


def start_build(project: Path, epoch: str) -> subprocess.Popen:
    """Start `make build` with its own SOURCE_DATE_EPOCH (which dates the PDF and the zip)."""
    return subprocess.Popen(MAKE, cwd=project, env=dict(ENV, SOURCE_DATE_EPOCH=epoch), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def pdf_date(pdf: bytes) -> str:
    """The creation date the PDF carries (from SOURCE_DATE_EPOCH)."""
    from pypdf import PdfReader

    return str(PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"])


def test_two_builds_in_one_folder_take_turns_and_leave_a_whole_site(project):
    first = start_build(project, "1767225600")  # 2026-01-01
    time.sleep(1.0)  # the first holds the lock by now
    second = start_build(project, "1798761600")  # 2027-01-01
    out_first, out_second = first.communicate(timeout=600)[0], second.communicate(timeout=600)[0]
    assert first.returncode == 0, out_first
    assert second.returncode == 0, out_second
    assert "is held by a build in progress" in out_second and "waiting for it to finish" in out_second
    assert "Traceback" not in out_first + out_second
    site = project / "site"
    pdf = (site / "dossier.pdf").read_bytes()
    with zipfile.ZipFile(site / "dossier-offline.zip") as zf:
        zipped_pdf = zf.read("dossier/dossier.pdf")
        year = zf.getinfo("dossier/index.html").date_time[0]
    # One build's site, whole: its PDF is the one in its own offline zip, both of the second build.
    assert zipped_pdf == pdf and pdf_date(pdf).startswith("D:2027") and year == 2027
    assert (site / "index.html").is_file() and (site / "actors" / "land-a" / "index.html").is_file()
    assert sorted(p.name for p in (project / "build").iterdir()) == [".lock"]  # staging folders gone


def test_a_pdf_written_into_the_site_waits_for_the_build(project):
    holder = subprocess.Popen(
        [BIN / "python", "-c", "import sys, time\nfrom pathlib import Path\n"
         "from dossierkit.outputs.build_lock import output_lock\n"
         "with output_lock(Path('.')):\n    print('holding', flush=True)\n    time.sleep(3)\n"],
        cwd=project, env=ENV, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    pdf = subprocess.run([BIN / "dossier", "pdf", "-q", "-o", "site/dossier.pdf"], cwd=project, env=ENV,
                         capture_output=True, text=True, timeout=300)
    holder.wait(timeout=30)
    assert pdf.returncode == 0, pdf.stderr
    assert f"build/.lock is held by a build in progress (pid {holder.pid})" in pdf.stderr
    assert time.monotonic() - started >= 2  # it waited
    assert (project / "site" / "dossier.pdf").read_bytes().startswith(b"%PDF-")
    assert [p.name for p in (project / "site").iterdir()] == ["dossier.pdf"]  # no temporary file left


def test_a_pdf_written_elsewhere_takes_no_lock(project, tmp_path):
    result = subprocess.run([BIN / "dossier", "pdf", "-q", "-o", tmp_path / "out.pdf"], cwd=project, env=ENV,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not (project / "build").exists()


@pytest.mark.parametrize("folder", ["build", "site"])
def test_output_folders_that_are_links_are_refused(project, tmp_path, folder):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "site").mkdir()
    (outside / "keep.txt").write_text("not the build's")
    (outside / "site" / "index.html").write_text("<p>someone else's</p>")
    os.symlink(outside, project / folder)
    result = subprocess.run(MAKE, cwd=project, env=ENV, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{folder}:1:1: error: is a symbolic link; a build writes and deletes here" in output, output
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt", "site"]
    assert (outside / "site" / "index.html").read_text() == "<p>someone else's</p>"


def test_swap_site_refuses_a_linked_site(tmp_path, capsys):
    from dossierkit.cli.main import main

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("elsewhere")
    os.symlink(outside, tmp_path / "site")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.html").write_text("new")
    assert main(["swap-site", str(tmp_path / "new"), str(tmp_path / "site")]) == 1
    assert "is a symbolic link; the site was not replaced" in capsys.readouterr().err
    assert (outside / "index.html").read_text() == "elsewhere" and (tmp_path / "site").is_symlink()
