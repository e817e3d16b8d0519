"""The engines: the shipped dossier on MkDocs 1.6 and on ProperDocs, the export on Zensical, no banner.

- ProperDocs (the maintained fork of MkDocs 1.x) loads the plugin from its
  ``mkdocs.plugins`` entry point and runs Material unchanged: the shipped
  dossier builds with ``--strict`` and gives the same site as MkDocs, file
  for file and byte for byte, but for the ``generator`` tag.
- ``dossier build`` and ``dossier serve`` run either engine with nothing
  set by the user, and Material's end-of-life banner never shows; the
  banner test checks that the banner does show with ``mkdocs`` itself, so
  that it is not vacuous.
- The Markdown export builds with Zensical, Material's successor, which runs
  no third-party plugin (tested where Zensical installs; it is pinned in
  requirements.lock).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dossierkit.cli.main import main
from sitebuild import ROOT, site_files

BIN = Path(sys.executable).parent
BANNER = "Material for MkDocs reaches end of life"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
QUIET = ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")


def run(argv: list[str], cwd: Path, timeout: int = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """``argv`` with the environment a user has (no variable that silences a banner), plus ``env``."""
    env = {**{k: v for k, v in os.environ.items() if k not in QUIET}, **(env or {})}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def build_day(site: Path) -> int:
    """The build date MkDocs stamped into ``sitemap.xml.gz`` (the gzip header's time, bytes 4-8)."""
    return int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")


def test_properdocs_builds_the_shipped_dossier_strictly_as_mkdocs_does(shipped_site, tmp_path):
    site = tmp_path / "site"
    # The same build date as the shipped site's (which may have been built the day before, when
    # the suite runs across midnight): MkDocs stamps the day into the sitemap's gzip header.
    result = run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                  "-d", str(site)], cwd=ROOT, env={"SOURCE_DATE_EPOCH": str(build_day(shipped_site))})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr and BANNER not in result.stderr
    ours, theirs = site_files(site), site_files(shipped_site)
    assert sorted(ours) == sorted(theirs)
    html = (site / "index.html").read_bytes()
    assert b'content="mkdocs-ProperDocs 1.6.7, mkdocs-material-' in html
    different = [name for name in ours if GENERATOR.sub(b"", ours[name]) != GENERATOR.sub(b"", theirs[name])]
    assert different == []


@pytest.mark.parametrize("engine", ["properdocs", "mkdocs"])
def test_dossier_build_runs_each_engine_without_a_banner(starter, tmp_path, engine):
    dossier = str(BIN / "dossier")
    result = run([dossier, "build", "--strict", "--engine", engine, "-d", str(tmp_path / "site")], cwd=starter)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"dossier: build with {engine}" in result.stderr
    assert BANNER not in result.stderr + result.stdout and "MkDocs 2.0" not in result.stderr
    assert (tmp_path / "site" / "organisations" / "pact" / "index.html").is_file()


def test_the_banner_test_can_see_the_banner(starter, tmp_path):
    """Run as `mkdocs build` with no variable set, Material prints the banner: the test above is not vacuous."""
    result = run([str(BIN / "mkdocs"), "build", "-d", str(tmp_path / "site")], cwd=starter)
    assert result.returncode == 0, result.stderr[-3000:]
    assert BANNER in result.stderr


def test_dossier_build_stops_with_the_engines_status_and_an_unknown_engine_is_refused(starter, tmp_path, capsys,
                                                                                      monkeypatch):
    (starter / "docs" / "index.md").write_text("See [[no-such-entry]].\n", encoding="utf-8")
    result = run([str(BIN / "dossier"), "build", "--strict", "-d", str(tmp_path / "site")], cwd=starter)
    assert result.returncode == 1
    assert "docs/index.md:1:5: error: unknown id 'no-such-entry' in [[...]] link" in result.stderr
    monkeypatch.chdir(starter)
    monkeypatch.setenv("DOSSIER_ENGINE", "hugo")
    assert main(["build"]) == 1
    assert "DOSSIER_ENGINE:1:1: error: unknown engine 'hugo': choose properdocs or mkdocs" in capsys.readouterr().err


def test_dossier_serve_serves_the_site(starter):
    """`dossier serve` runs the engine's live server on the project, then stops with Ctrl-C."""
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in QUIET}
    process = subprocess.Popen([str(BIN / "dossier"), "serve", "-a", f"127.0.0.1:{port}"], cwd=starter, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    try:
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/organisations/pact/", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        assert page is not None and "The Pact" in page, process.poll()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output = process.communicate(timeout=60)[0]
    assert process.returncode in (0, -signal.SIGINT, 130), output[-2000:]
    assert BANNER not in output


@pytest.mark.parametrize(("given", "dirty"), [([], True), (["--dirty"], True), (["--no-dirty"], False)])
def test_dossier_serve_rebuilds_only_what_changed_unless_told_not_to(starter, monkeypatch, given, dirty):
    """`dossier serve` asks the engine for what `make serve` runs (`serve --dirty`): the incremental
    rebuilds of the live preview; `--no-dirty` rebuilds the whole site on every change."""
    from dossierkit.cli import engine_commands

    commands: list[list[str]] = []

    class Engine:
        def __init__(self, argv, **kwargs):
            commands.append(list(argv))

        def wait(self):
            return 0

    monkeypatch.setattr(engine_commands.subprocess, "Popen", Engine)
    monkeypatch.chdir(starter)
    assert main(["serve", *given]) == 0
    assert len(commands) == 1 and "serve" in commands[0]
    assert ("--dirty" in commands[0]) is dirty, commands[0]


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                    reason="zensical does not install here (it is pinned in requirements.lock)")
def test_the_markdown_export_builds_with_zensical(tmp_path, starter):
    out = tmp_path / "export"
    assert main(["export", "--format", "markdown", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    result = run([str(BIN / "zensical"), "build"], cwd=out, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = out / "site"
    for page in ("index.html", "actors/land-a/index.html", "organisations/pact/index.html", "events/index.html",
                 "terms/index.html", "status/index.html", "events/timeline.json"):
        assert (site / page).is_file(), page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="organisations/pact/"' in home  # [[pact]] in the hand-written page, expanded by the export
    assert "assets/dossier/dossier.css" in home
    pact = (site / "organisations" / "pact" / "index.html").read_text(encoding="utf-8")
    assert "land-a" in pact  # relations and citations are in the page's Markdown: kept
    # What the plugin adds while it builds is lost: the graphs stay empty placeholders.
    graph = (site / "graph" / "index.html").read_text(encoding="utf-8")
    assert '<div class="dossier-graph" data-graph="network"></div>' in graph


def test_ci_builds_with_each_engine():
    """The pull-request workflow runs `make build` once per engine, and the Makefile builds with $(ENGINE)."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    matrices = [job for job in workflow["jobs"].values() if "engine" in job.get("strategy", {}).get("matrix", {})]
    assert len(matrices) == 1 and matrices[0]["strategy"]["matrix"]["engine"] == ["properdocs", "mkdocs"]
    build = next(step for step in matrices[0]["steps"] if step.get("run", "").strip() == "make build")
    assert build["env"]["ENGINE"] == "${{ matrix.engine }}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^ENGINE \?= properdocs$", makefile, re.M)
    assert makefile.count("$(BIN)/$(ENGINE) build --strict -f mkdocs.yml") == 3  # site, offline (make build, make offline)
    assert "$(BIN)/mkdocs " not in makefile
