"""Failure behaviour: a failed or interrupted build never loses the last good site.

- ``make build`` builds the site, the PDF and the offline zip in
  ``build/site`` and swaps it into ``site/`` only when every step succeeded
  (``dossier swap-site``, :mod:`dossierkit.outputs.site_swap`).  Tested for real, with
  ``make``, on a copy of the starter project: a successful build; a build
  refused by validation; a build that MkDocs aborts only *after* writing
  every page (strict warnings: the case a bare ``mkdocs build`` gets wrong);
  a later step failing; Ctrl-C and ``kill -9`` in the middle.
- The swap itself, including a crash between its two renames.
- Single files (JSON/CSV export, offline zip, PDF) are written under a
  temporary name and renamed.
- ``mkdocs serve`` survives an invalid hand-written page and recovers.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dossierkit.outputs import site_swap
from dossierkit.cli.main import main
from dossierkit.errors import DossierError
from sitebuild import ROOT

BIN = Path(sys.executable).parent
STARTER = ROOT / "tests" / "fixtures" / "starter"
ENV = {k: v for k, v in os.environ.items()
       if k not in ("DOSSIER_REPO_URL", "DOSSIER_OFFLINE", "DOSSIER_DEBUG", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
ENV.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", SOURCE_DATE_EPOCH="1767225600")


def tree(root: Path) -> dict[str, str]:
    """Relative path -> content hash of every file (and "dir" for folders)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def fake_site(folder: Path, marker: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(f"<p>{marker}</p>", encoding="utf-8")
    (folder / "sub" / "page.html").write_text(marker, encoding="utf-8")
    return folder


# ------------------------------------------------------------------ the swap

def test_swap_into_an_empty_place(tmp_path):
    new = fake_site(tmp_path / "build" / "site", "new")
    site_swap.swap_site(new, tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "<p>new</p>"
    assert not new.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_swap_replaces_the_old_site_completely(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(site_swap, "_exchange", lambda a, b: False)
    old = fake_site(tmp_path / "site", "old")
    (old / "stale.html").write_text("gone after the swap")
    new = fake_site(tmp_path / "build" / "site", "new")
    site_swap.swap_site(new, old)
    assert tree(tmp_path / "site") == {"index.html": hashlib.sha256(b"<p>new</p>").hexdigest(), "sub": "dir",
                                       "sub/page.html": hashlib.sha256(b"new").hexdigest()}
    assert not new.exists() and not (tmp_path / "build" / "site.previous").exists()


def test_the_atomic_exchange_is_used_on_linux(tmp_path):
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux-only; elsewhere the two-rename fallback is used")
    a, b = fake_site(tmp_path / "a", "a"), fake_site(tmp_path / "b", "b")
    if not site_swap._exchange(a, b):
        pytest.skip("this file system has no RENAME_EXCHANGE; the two-rename fallback is tested above")
    assert (a / "index.html").read_text() == "<p>b</p>" and (b / "index.html").read_text() == "<p>a</p>"


def test_swap_refuses_an_incomplete_build(tmp_path):
    old = fake_site(tmp_path / "site", "old")
    before = tree(old)
    (tmp_path / "build" / "site").mkdir(parents=True)  # no index.html: mkdocs did not finish
    with pytest.raises(DossierError, match="not a built site"):
        site_swap.swap_site(tmp_path / "build" / "site", old)
    assert tree(old) == before


def test_interrupted_between_the_two_renames_the_old_site_is_put_back(tmp_path, monkeypatch):
    monkeypatch.setattr(site_swap, "_exchange", lambda a, b: False)
    old = fake_site(tmp_path / "site", "old")
    before = tree(old)
    new = fake_site(tmp_path / "build" / "site", "new")
    real_rename = Path.rename
    calls = []

    def rename(self, target):
        calls.append(self)
        if len(calls) == 2:  # site -> site.previous done; build/site -> site interrupted
            raise KeyboardInterrupt
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        site_swap.swap_site(new, old)
    monkeypatch.undo()
    assert tree(old) == before and new.exists()


def test_killed_between_the_two_renames_the_next_swap_recovers(tmp_path):
    old = fake_site(tmp_path / "site", "old")
    before = tree(old)
    backup = tmp_path / "build" / "site.previous"
    backup.parent.mkdir()
    old.rename(backup)  # the state a `kill -9` between the renames leaves
    assert site_swap.recover(tmp_path / "build" / "site", tmp_path / "site")
    assert tree(tmp_path / "site") == before
    (tmp_path / "site").rename(backup)
    site_swap.swap_site(fake_site(tmp_path / "build" / "site", "new"), tmp_path / "site")  # recovers first
    assert (tmp_path / "site" / "index.html").read_text() == "<p>new</p>"
    assert not backup.exists()


def test_swap_across_file_systems_changes_nothing(tmp_path, monkeypatch):
    old = fake_site(tmp_path / "site", "old")
    before = tree(old)
    new = fake_site(tmp_path / "build" / "site", "new")

    def cross_device(*_args):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(site_swap, "_exchange", cross_device)
    with pytest.raises(DossierError, match="same file system"):
        site_swap.swap_site(new, old)
    assert tree(old) == before and new.exists()


def test_swap_site_command(tmp_path, capsys):
    old = fake_site(tmp_path / "site", "old")
    assert main(["swap-site", str(tmp_path / "missing"), str(old)]) == 1
    assert "missing:1:1: error: not a built site" in capsys.readouterr().err
    fake_site(tmp_path / "build" / "site", "new")
    assert main(["swap-site", str(tmp_path / "build" / "site"), str(old)]) == 0
    assert (old / "index.html").read_text() == "<p>new</p>"


# ------------------------------------------------------------ make build

def make_build(project: Path, bin_dir: Path = BIN, **kw) -> subprocess.CompletedProcess:
    """`make build` in ``project``, with the test's own tools (install and system-deps skipped)."""
    return subprocess.run(["make", "--no-print-directory", "-o", "install", "-o", "system-deps", f"BIN={bin_dir}", "build"],
                          cwd=project, env=ENV, capture_output=True, text=True, timeout=300, **kw)


def fake_bin(tmp_path: Path, pdf_action: str) -> Path:
    """A BIN folder whose `dossier pdf` runs ``pdf_action`` (a shell command) first."""
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    for engine in ("mkdocs", "properdocs"):  # the Makefile's ENGINE, either one
        (folder / engine).symlink_to(BIN / engine)
    script = folder / "dossier"
    script.write_text(f'#!/bin/sh\nif [ "$1" = pdf ]; then {pdf_action}; fi\nexec "{BIN}/dossier" "$@"\n')
    script.chmod(0o755)
    return folder


def staged_index(root: Path) -> Path:
    """The home page in the staging folder that a failed build left (build/run-*/site)."""
    stages = sorted((root / "build").glob("run-*"))
    assert len(stages) == 1, stages
    return stages[0] / "site" / "index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A starter project after one successful `make build`, and its site's tree."""
    project = tmp_path_factory.mktemp("make") / "project"
    shutil.copytree(STARTER, project)
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    result = make_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, tree(project / "site")


@pytest.fixture
def project(built, tmp_path) -> tuple[Path, dict[str, str]]:
    """A fresh copy of the built project (site/ included) for one failure."""
    source, site_tree = built
    copy = tmp_path / "project"
    shutil.copytree(source, copy, symlinks=True)
    assert tree(copy / "site") == site_tree
    return copy, site_tree


def test_make_build_writes_the_site_the_pdf_and_the_offline_zip(built):
    project, site_tree = built
    assert {"index.html", "dossier.pdf", "dossier-offline.zip", "actors/land-a/index.html"} <= set(site_tree)
    assert (project / "site" / "dossier.pdf").read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(project / "site" / "dossier-offline.zip") as zf:
        names = zf.namelist()
    assert "dossier/index.html" in names and "dossier/dossier.pdf" in names
    assert [p.name for p in (project / "build").iterdir()] == [".lock"]  # the staging folder was swapped in
    assert not (project / "build" / "site.previous").exists()


def test_a_build_refused_by_validation_leaves_the_site(project):
    root, site_tree = project
    (root / "dossier" / "actors" / "land-b.yml").write_text("id: land-b\nname: [broken\n")
    result = make_build(root)
    assert result.returncode != 0
    assert "dossier/actors/land-b.yml:3:1: error: YAML syntax error" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree(root / "site") == site_tree


def test_a_build_aborted_after_writing_every_page_leaves_the_site(project):
    """Strict warnings abort MkDocs only after it has emptied and rewritten its
    output folder: straight into site/, the last good site would be gone."""
    root, site_tree = project
    (root / "docs" / "index.md").write_text("# Starter\n\nSee [[pact]] and [a missing page](missing.md).\n")
    result = make_build(root)
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
    assert tree(root / "site") == site_tree
    # What `make build` guards against: a bare strict build rewrites site/ although it fails.
    bare = subprocess.run([BIN / "mkdocs", "build", "--strict"], cwd=root, env=ENV, capture_output=True, text=True)
    assert bare.returncode != 0
    assert tree(root / "site") != site_tree


def test_a_failing_later_step_leaves_the_site(project, tmp_path):
    root, site_tree = project
    result = make_build(root, fake_bin(tmp_path, "echo 'pdf: simulated failure' >&2; exit 3"))
    assert result.returncode != 0 and "simulated failure" in result.stderr
    assert staged_index(root).is_file()  # the new pages were complete...
    assert tree(root / "site") == site_tree  # ...but site/ changes only when every step succeeded


@pytest.mark.parametrize("signal_name", ["INT", "KILL"], ids=["ctrl-c", "kill-9"])
def test_an_interrupted_build_leaves_the_site(project, tmp_path, signal_name):
    """Ctrl-C (SIGINT) or kill -9 of the whole `make build`, mid-way (after MkDocs wrote the new pages)."""
    root, site_tree = project
    result = make_build(root, fake_bin(tmp_path, f"kill -{signal_name} 0"), start_new_session=True)
    assert result.returncode != 0
    assert staged_index(root).is_file()
    assert tree(root / "site") == site_tree
    if signal_name == "INT":
        again = make_build(root)  # and the next build goes through
        assert again.returncode == 0, again.stdout + again.stderr
        assert tree(root / "site").keys() == site_tree.keys()


# --------------------------------------------------- files written atomically

def test_an_interrupted_export_keeps_the_previous_file(starter, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "export.json"
    out.write_text("previous good export")
    real_write = Path.write_text

    def interrupted_write(self, text, *args, **kwargs):
        real_write(self, text[: len(text) // 2], *args, **kwargs)  # half written, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", interrupted_write)
    assert main(["export", "--format", "json", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 130
    monkeypatch.undo()
    assert out.read_text() == "previous good export"
    assert list(folder.iterdir()) == [out]


def test_an_export_is_written_whole(starter, tmp_path):
    out = tmp_path / "out" / "export.csv"
    out.parent.mkdir()
    assert main(["export", "--format", "csv", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    assert out.read_text(encoding="utf-8").startswith("kind,id,label")
    assert sorted(p.name for p in out.parent.iterdir()) == ["export.csv"]


def test_an_interrupted_offline_pack_keeps_the_previous_zip(tmp_path, monkeypatch):
    from dossierkit.outputs import offline_pack
    site = fake_site(tmp_path / "site", "x")
    out = tmp_path / "dossier-offline.zip"
    out.write_bytes(b"previous good zip")
    real = zipfile.ZipFile.writestr

    def interrupted(self, info, data, *a, **k):
        real(self, info, data, *a, **k)
        raise KeyboardInterrupt

    monkeypatch.setattr(zipfile.ZipFile, "writestr", interrupted)
    with pytest.raises(KeyboardInterrupt):
        offline_pack.pack_site(site, out)
    assert out.read_bytes() == b"previous good zip"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier-offline.zip", "site"]


# ------------------------------------------------------------ mkdocs serve

def test_serve_survives_an_invalid_hand_written_page_and_recovers(starter):
    from test_serve import Server

    server = Server(starter)
    try:
        server.wait_for(lambda: "The Pact" in (server.get("") or ""), "first build")
        home = starter / "docs" / "index.md"
        good = home.read_text()
        home.write_text(good + "\nSee also [[land-z]].\n")
        server.wait_for(lambda: any("still serving the last good version" in line for line in server.log), "the error")
        assert any("docs/index.md:5:10: error: unknown id 'land-z'" in line for line in server.log), server.log
        assert "<h1" in (server.get("") or "") and "Land B" in (server.get("actors/land-b/") or "")  # still served
        assert server.proc.poll() is None
        home.write_text(good + "\nSee also [[land-b]].\n")
        server.wait_for(lambda: ">Land B</a>" in (server.get("") or ""), "recovery on the next valid save")
        assert not any("Traceback" in line for line in server.log)
    finally:
        server.stop()


def test_serve_keeps_the_last_good_version_of_an_invalid_page(starter):
    from test_serve import Server

    server = Server(starter)
    try:
        server.wait_for(lambda: "The Pact" in (server.get("") or ""), "first build")
        home = starter / "docs" / "index.md"
        home.write_text(home.read_text() + "\nSee also [[land-z]].\n")
        server.wait_for(lambda: any("still serving the last good version" in line for line in server.log), "the error")
        assert "The Pact" in (server.get("") or "")
    finally:
        server.stop()
