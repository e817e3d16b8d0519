"""A full disk, a read-only output folder, a missing permission (issue 18, item 7).

Every command that writes (``pdf``, ``pack``, ``export``, ``swap-site``) and
the MkDocs plugin end with one line that names the path and says what to do,
exit 1, and lose nothing: the previous file or site stays whole and no
temporary file is left behind.  Failures are simulated where they happen
(``OSError(ENOSPC)`` from the writer, which carries no file name), and made
real: a read-only folder (``chmod`` for a normal user; root ignores
permissions, so as root a read-only tmpfs is mounted), and a full tmpfs.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dossierkit.cli.main import main
from dossierkit.outputs import site_swap
from dossierkit.outputs.write_errors import describe_os_error
from sitebuild import ROOT, build_site

BIN = Path(sys.executable).parent
ENV = {k: v for k, v in os.environ.items() if k not in ("DOSSIER_BUILD_LOCK", "DOSSIER_STAGE", "DOSSIER_OFFLINE")}
ENV.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
FULL = OSError(errno.ENOSPC, "No space left on device")  # as write() raises it: no file name


def one_line(err: str) -> str:
    """The single line a failed write prints (and nothing else)."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in err and "internal error" not in err
    return lines[0]


def test_messages_name_the_path_and_what_to_do():
    assert describe_os_error(FULL, "site/dossier.pdf") == (
        "site/dossier.pdf: no space left on device; the disk is full: free some space, then run the command again")
    read_only = OSError(errno.EROFS, "Read-only file system", "/mnt/out/x.json")
    assert describe_os_error(read_only).startswith("/mnt/out/x.json: read-only file system; the file system is read-only")
    denied = PermissionError(errno.EACCES, "Permission denied", "out/x.csv")
    assert "permission denied: make the folder writable for you" in describe_os_error(denied)


def full_disk(*_args, **_kwargs):
    """A writer that finds the disk full."""
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_on_a_full_disk(starter, tmp_path, monkeypatch, capsys, fmt):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"export.{fmt}"
    out.write_text("previous good export")
    monkeypatch.setattr(Path, "write_text", full_disk)
    assert main(["export", "--format", fmt, "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 1
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert line == f"dossier: {out}: no space left on device; the disk is full: free some space, then run the command again"
    assert out.read_text() == "previous good export"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


def test_markdown_export_on_a_full_disk(starter, tmp_path, monkeypatch, capsys):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "md"
    monkeypatch.setattr(Path, "write_text", full_disk)
    assert main(["export", "--format", "markdown", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 1
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert "no space left on device; the disk is full" in line and str(out.parent) in line
    assert list(out.parent.iterdir()) == []  # nothing half-written


def test_pdf_on_a_full_disk(starter, tmp_path, monkeypatch, capsys):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "dossier.pdf"
    out.write_bytes(b"%PDF- previous")
    real_open = Path.open

    def open_on_a_full_disk(self, mode="r", *args, **kwargs):
        if "w" in mode and self.parent == out.parent:  # the book's temporary file beside the output
            full_disk()
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_on_a_full_disk)
    assert main(["pdf", "-q", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 1
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert line == f"dossier: {out}: no space left on device; the disk is full: free some space, then run the command again"
    assert out.read_bytes() == b"%PDF- previous" and [p.name for p in out.parent.iterdir()] == ["dossier.pdf"]


def test_pack_on_a_full_disk(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>")
    out = tmp_path / "dossier-offline.zip"
    out.write_bytes(b"previous zip")
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    assert main(["pack", str(site), "-o", str(out)]) == 1
    monkeypatch.undo()
    assert "no space left on device" in one_line(capsys.readouterr().err)
    assert out.read_bytes() == b"previous zip" and sorted(p.name for p in tmp_path.iterdir()) == [out.name, "site"]


def test_swap_site_on_a_read_only_file_system(tmp_path, monkeypatch, capsys):
    for name, marker in (("site", "old"), ("build/site", "new")):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "index.html").write_text(marker)

    def read_only(*_args):
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / "site"))

    monkeypatch.setattr(site_swap, "_exchange", read_only)
    assert main(["swap-site", str(tmp_path / "build" / "site"), str(tmp_path / "site")]) == 1
    monkeypatch.undo()
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"dossier: {tmp_path / 'site'}: read-only file system; the file system is read-only")
    assert (tmp_path / "site" / "index.html").read_text() == "old"


def test_the_plugin_on_a_full_disk(starter, tmp_path, monkeypatch):
    """MkDocs writes pages with mkdocs.utils.write_file: the build stops with one line naming the folder."""
    from mkdocs import utils
    from mkdocs.exceptions import Abort

    monkeypatch.setattr(utils, "write_file", full_disk)
    with pytest.raises(Abort) as raised:
        build_site(starter, tmp_path / "site")
    assert str(raised.value) == (f"dossier: {tmp_path / 'site'}: no space left on device; "
                                 "the disk is full: free some space, then run the command again")


# ----------------------------------------------------------- real folders

def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return result.returncode == 0


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder nobody may write into: chmod for a normal user; a read-only tmpfs for root."""
    folder = tmp_path / "read-only"
    if os.geteuid() != 0:
        folder.mkdir()
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if not _mount(folder, "ro,size=64k"):
        pytest.skip("running as root, which ignores permissions, without the right to mount a read-only tmpfs")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs, which a site does not fit in (root only: mounting needs it)."""
    folder = tmp_path / "tiny"
    if os.geteuid() != 0 or not _mount(folder, "size=256k"):
        pytest.skip("a real full disk needs root to mount a small tmpfs; the simulated ENOSPC tests cover the rest")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a real command in ``cwd``."""
    return subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_export_into_a_read_only_folder(starter, read_only_folder):
    result = cli(BIN / "dossier", "export", "--format", "json", "-o", read_only_folder / "export.json", cwd=starter)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert str(read_only_folder) in line
    assert "read-only" in line or "permission denied" in line


def test_mkdocs_build_into_a_read_only_folder(starter, read_only_folder):
    result = cli(BIN / "mkdocs", "build", "--strict", "-d", read_only_folder / "site", cwd=starter)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert f"dossier: {read_only_folder / 'site'}" in output, output[-2000:]


def test_make_build_on_a_full_disk_keeps_the_site(starter, tiny_disk, tmp_path):
    """`make build` with its staging folder on a full disk: one line, exit 1, site/ unchanged."""
    shutil.copy(ROOT / "Makefile", starter / "Makefile")
    (starter / "site").mkdir()
    (starter / "site" / "index.html").write_text("<p>last good site</p>")
    refused = cli("make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={BIN}", "build-steps",
                  cwd=starter)
    assert refused.returncode != 0  # the steps run only under `make build`, which gives them a staging folder
    result = subprocess.run(["make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={BIN}",
                             "build-steps"], cwd=starter, env=dict(ENV, DOSSIER_STAGE=str(tiny_disk)),
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"dossier: {tiny_disk / 'site'}" in output and "no space left on device; the disk is full" in output, \
        output[-2000:]
    assert "Traceback" not in output
    assert (starter / "site" / "index.html").read_text() == "<p>last good site</p>"
