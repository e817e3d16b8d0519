"""Shared machinery of the hostile-input tests: projects, runs, snapshots, inertness checks.

Every case gets a copy of the starter project with the hostile files, a
*previous site* in ``site/`` and a canary folder beside it; the real
command-line tools run in subprocesses.  :func:`build_content` builds the
accepted hostile content (both rounds of the corpus) into every output once:
the site, the offline copy and its zip, the PDF, and the JSON, CSV and
Markdown exports (the last built again by plain MkDocs).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from corpus import CANARY_MARKER, HOSTILE_DOCS_PAGE, HOSTILE_FILES, Expect, Symlink
from corpus_round2 import ROUND2_DOCS, ROUND2_FILES
from sitebuild import ROOT, parse_text
from test_site_build import assert_inert

STARTER = ROOT / "tests" / "fixtures" / "starter"
BIN = Path(sys.executable).parent
EPOCH = "1767225600"
ENV = {k: v for k, v in os.environ.items()
       if k not in ("DOSSIER_REPO_URL", "DOSSIER_OFFLINE", "DOSSIER_DEBUG", "MAKEFLAGS", "MFLAGS", "MAKELEVEL",
                    "DOSSIER_BUILD_LOCK", "DOSSIER_STAGE")}
ENV.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", SOURCE_DATE_EPOCH=EPOCH)
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$")
SUMMARY = re.compile(r"^(\d+ entries checked: )?\d+ error\(s\), \d+ warning\(s\)$")
SECRET_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
              f'<text x="0" y="20">{CANARY_MARKER}</text></svg>')
DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "link", "meta", "base", "form", "svg",
                  "math", "template", "audio", "video", "source"}


@dataclass
class Run:
    """One finished command: exit code, combined output, wall time."""

    rc: int
    out: str
    seconds: float


def run(args: list, cwd: Path, env: dict | None = None) -> Run:
    """Run a command (paths allowed) in ``cwd`` with the tests' environment."""
    start = time.monotonic()
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env or ENV, capture_output=True, timeout=180)
    out = (proc.stdout + proc.stderr).decode("utf-8", "backslashreplace")
    return Run(proc.returncode, out, time.monotonic() - start)


def snapshot(root: Path, skip: tuple[str, ...] = ()) -> dict[bytes, tuple]:
    """Every path under ``root`` (bytes, so any file name works) with its type and content hash."""
    out: dict[bytes, tuple] = {}
    base = os.fsencode(root)
    skipped = tuple(os.path.join(base, os.fsencode(s)) for s in skip)
    for folder, dirs, files in os.walk(base):
        if folder.startswith(skipped):
            continue
        for name in dirs + files:
            path = os.path.join(folder, name)
            if path in skipped:
                continue
            rel = os.path.relpath(path, base)
            if os.path.islink(path):
                out[rel] = ("link", os.readlink(path))
            elif os.path.isdir(path):
                out[rel] = ("dir",)
            else:
                with open(path, "rb") as fh:
                    out[rel] = ("file", hashlib.sha256(fh.read()).hexdigest())
    return out


def write_files(project: Path, canary: Path, files: dict) -> None:
    """Write a case's files (``None`` deletes a file or folder; :class:`Symlink` makes a link)."""
    for rel, content in files.items():
        path = os.path.join(os.fsencode(project), rel if isinstance(rel, bytes) else os.fsencode(rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(content, Symlink) or content is None:  # replace whatever is there (a file or a folder)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            elif os.path.lexists(path):
                os.unlink(path)
        if isinstance(content, Symlink):
            os.symlink(content.target.format(canary=canary), path)
        elif content is None:
            continue
        elif isinstance(content, bytes):
            with open(path, "wb") as fh:
                fh.write(content)
        else:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(content.replace("{canary}", str(canary)))


def new_project(base: Path, previous_site: Path | None) -> tuple[Path, Path]:
    """A starter project (with a previous site) and a canary folder beside it."""
    project, canary = base / "project", base / "canary"
    shutil.copytree(STARTER, project)
    canary.mkdir()
    (canary / "secret.yml").write_text(f"id: secret\nname: {CANARY_MARKER}\n", encoding="utf-8")
    (canary / "secret.svg").write_text(SECRET_SVG, encoding="utf-8")
    if previous_site is not None:
        shutil.copytree(previous_site, project / "site")
    return project, canary


def reported(output: str, exp: Expect, *, anywhere: bool = False) -> bool:
    """Does ``output`` hold the located problem ``exp``?"""
    head = f"{exp.path}:{exp.line}:{exp.column}: {exp.severity}: " + (f"{exp.field}: " if exp.field else "")
    for line in output.splitlines():
        found = line.find(head) if anywhere else (0 if line.startswith(head) else -1)
        if found >= 0 and exp.needle in line[found + len(head):]:
            return True
    return False


def assert_clean_output(output: str, where: str) -> None:
    """No traceback, no "internal error", no raw control character in a tool's output."""
    assert "Traceback" not in output, f"{where}: traceback\n{output[-3000:]}"
    assert "internal error" not in output, f"{where}: internal error\n{output[-3000:]}"
    assert "\x1b" not in output and "\u202e" not in output, f"{where}: raw control character in the output"


def assert_inert_content(fragment: str, where: str) -> None:
    """``assert_inert`` (no script, no handler, no hostile scheme) and, for contributed
    content, no element that can load, style or submit anything, and no remote image."""
    assert_inert(fragment, where)
    for tag, attrs in parse_text(fragment).tags:
        if tag == "svg":  # the only SVG in content: the site's graphs and legend marks
            assert attrs.get("class", "").startswith(("dossier-graph-svg", "dossier-legend-mark")), (where, attrs)
            continue
        assert tag not in DANGEROUS_TAGS, (where, tag, attrs)
        assert "style" not in attrs, (where, tag, attrs)
        if tag == "img":
            assert not re.match(r"\s*(https?:)?//", attrs.get("src") or "", re.I), (where, attrs)


def visible_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (character references decoded)."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    p = P()
    p.feed(fragment)
    return " ".join(p.parts)


def article_of(page: Path) -> str:
    """The main content (Material's article) of a built page."""
    text = page.read_text(encoding="utf-8")
    start = text.index('<article class="md-content__inner')
    return text[start:text.index("</article>", start)]


@dataclass
class Content:
    """The hostile content project after every build: its folders, the runs and snapshots."""

    project: Path
    out: Path
    runs: dict[str, Run]
    before: dict
    after: dict


def build_content(folder: Path, previous_site: Path) -> Content:
    """The hostile content project (both rounds), built once into every output in ``folder``."""
    project, canary = new_project(folder, previous_site)
    write_files(project, canary, HOSTILE_FILES)
    write_files(project, canary, dict([HOSTILE_DOCS_PAGE]))
    write_files(project, canary, ROUND2_FILES)
    write_files(project, canary, ROUND2_DOCS)
    config = project / "mkdocs.yml"  # the offline plugin, as the shipped site has it (`make build`)
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - search\n", "  - search\n  - offline:\n      enabled: !ENV [DOSSIER_OFFLINE, false]\n"), encoding="utf-8")
    out = folder / "out"
    out.mkdir()
    skip = ("out", "project/site")  # the build folders
    before = snapshot(folder, skip=skip)
    dossier = BIN / "dossier"

    def exports() -> dict[str, Run]:
        runs = {"json": run([dossier, "export", "--format", "json", "-o", out / "export.json"], project),
                "csv": run([dossier, "export", "--format", "csv", "-o", out / "export.csv"], project),
                "markdown": run([dossier, "export", "--format", "markdown", "-o", out / "md"], project)}
        runs["markdown-build"] = run([BIN / "mkdocs", "build", "--strict"], out / "md")
        return runs

    def offline() -> dict[str, Run]:
        # As `make build` does: the offline copy (no directory URLs), zipped.
        env = dict(ENV, DOSSIER_OFFLINE="true")
        runs = {"offline-build": run([BIN / "mkdocs", "build", "--strict", "-d", out / "offline-site"], project, env)}
        runs["pack"] = run([dossier, "pack", out / "offline-site", "-o", out / "dossier-offline.zip"], project)
        return runs

    with ThreadPoolExecutor(max_workers=3) as pool:
        site = pool.submit(run, [BIN / "mkdocs", "build", "--strict"], project)
        pdf = pool.submit(run, [dossier, "pdf", "-o", out / "dossier.pdf"], project)
        rest = pool.submit(exports)
        zipped = pool.submit(offline)
        runs = {"validate": run([dossier, "validate", "--strict"], project), "build": site.result(),
                "pdf": pdf.result(), **rest.result(), **zipped.result()}
    return Content(project, out, runs, before, snapshot(folder, skip=skip))
