"""Entry pages built in two processes (``plugin/parallel.py``) give the very same site.

The split starts on its own from 2,000 entry pages; ``DOSSIER_WORKERS=2``
forces it for the small dossiers used here, ``DOSSIER_WORKERS=1`` turns it
off.  Builds run as ``mkdocs build`` subprocesses, as users run them.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from dossierkit.plugin.parallel import PageSplit
from sitebuild import site_files, synth_project

BIN = Path(sys.executable).parent
SPLIT_MESSAGE = "entry pages in two processes"


def _build(project: Path, site: Path, workers: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600", "DOSSIER_WORKERS": workers}
    env.pop("DOSSIER_REPO_URL", None)
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return synth_project(tmp_path_factory.mktemp("parallel") / "synth", 150, 5)


def test_two_processes_write_the_same_site_as_one(project: Path, tmp_path: Path):
    serial, split = tmp_path / "serial", tmp_path / "split"
    one = _build(project, serial, "1")
    two = _build(project, split, "2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr[-2000:] + two.stderr[-2000:]
    assert SPLIT_MESSAGE not in one.stderr and SPLIT_MESSAGE in two.stderr
    assert "Page skipped" not in two.stderr  # pages built by the other process are not reported
    assert "excluded from the built site" not in two.stderr  # nor links to them, left out of this process's build
    assert "Template skipped" not in two.stderr  # the child leaves the theme's templates to the parent
    assert two.stderr.count("Building documentation to directory") == 1
    assert two.stderr.count("are not included in the \"nav\"") == one.stderr.count("are not included in the \"nav\"")
    serial_files, split_files = site_files(serial), site_files(split)
    assert serial_files.keys() == split_files.keys()
    different = [name for name in serial_files if serial_files[name] != split_files[name]]
    assert different == []
    index = split_files["search/search_index.json"].decode("utf-8")
    assert '"location":"actors/act-00000/' in index and '"location":"actors/act-00001/' in index  # both halves


def test_warnings_from_either_process_are_reported_once_and_count_for_strict(project: Path, tmp_path: Path):
    broken = tmp_path / "broken"
    subprocess.run(["cp", "-r", str(project), str(broken)], check=True)
    for name in ("act-00001", "act-00002"):  # neighbours: one page in each process
        path = broken / "dossier" / "actors" / f"{name}.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("body: |\n", "body: |\n  See [x](#no-such-anchor).\n", 1),
                        encoding="utf-8")
    config = broken / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    # Anchors that exist, on generated sections of pages each process renders: no warning either way.
    (broken / "docs" / "links.md").write_text(
        "# Links\n\n[a](actors/act-00001.md#sources) [b](actors/act-00002.md#relations) "
        "[c](actors/act-00002.md#cite-1) [d](events/index.md)\n", encoding="utf-8")
    for workers in ("1", "2"):
        run = _build(broken, tmp_path / f"site-{workers}", workers)
        assert run.returncode != 0
        for name in ("act-00001", "act-00002"):
            assert run.stderr.count(f"'actors/{name}.md' contains a link '#no-such-anchor'") == 1, (workers, run.stderr)
        assert "Doc file 'links.md'" not in run.stderr, run.stderr
        assert "Aborted with 2 warnings in strict mode!" in run.stdout + run.stderr


class _Config:
    _current_page = None


def test_a_failing_child_fails_the_build():
    split = PageSplit(["actors/a.md", "actors/b.md"])
    build_log = logging.getLogger("mkdocs.commands.build")
    filters = list(build_log.filters)
    split.start(_Config())
    if split.is_child:  # the forked copy of this test: report a failure, never return to pytest
        try:
            split.fail_child(RuntimeError("page b could not be rendered"))
        finally:
            os._exit(3)
    with pytest.raises(PluginError, match="second build process failed: RuntimeError: page b could not be rendered"):
        split.join(_Config(), files=None)
    assert build_log.filters == filters  # the parent's log is as it was


class _Search:
    class search_index:  # noqa: N801 - the shape of Material's search plugin
        entries: list = []


def test_only_known_plugins_allow_a_split(monkeypatch):
    import threading

    from dossierkit.plugin.parallel import can_split

    monkeypatch.setattr(threading, "active_count", lambda: 1)  # pytest may run threads; the check is not the point
    monkeypatch.setenv("DOSSIER_WORKERS", "2")

    class Config:
        plugins = {"material/search": _Search(), "dossier": object(), "material/offline": object()}
        nav = None

    pages = [f"actors/a-{i}.md" for i in range(10)]
    assert can_split(pages, Config)
    # An entry page named in the nav, in any form MkDocs finds it by (a leading slash: absolute
    # links relative to the docs folder), keeps the build in one process.
    for named in ("actors/a-3.md", "./actors//a-3.md", "/actors/a-3.md"):
        Config.nav = [{"Some": [named]}]
        assert not can_split(pages, Config), named
    Config.nav = None
    Config.plugins = {**Config.plugins, "material/tags": object()}
    assert not can_split(pages, Config)  # it might collect pages in on_post_build
    monkeypatch.setenv("DOSSIER_WORKERS", "1")
    Config.plugins = {"dossier": object()}
    assert not can_split(pages, Config)


def test_entry_pages_in_the_nav_keep_the_build_in_one_process(project: Path, tmp_path: Path):
    # Each process would show the other's entries in the nav without their titles (from a review).
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(original + "  - Some:\n    - ./actors/act-00002.md\n    - ./actors/act-00003.md\n", encoding="utf-8")
    try:
        serial, split = tmp_path / "serial", tmp_path / "split"
        one, two = _build(project, serial, "1"), _build(project, split, "2")
    finally:
        config.write_text(original, encoding="utf-8")
    assert one.returncode == 0 and two.returncode == 0, one.stderr[-2000:] + two.stderr[-2000:]
    assert site_files(serial) == site_files(split)
    assert SPLIT_MESSAGE not in two.stderr
