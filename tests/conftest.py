"""Shared fixtures: a starter dossier to copy, and a writer for ad-hoc entries."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from sitebuild import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# "Today" for the rules that depend on it (a future date needs a planned
# status; an entry is due a new check): fixed, so that the fixtures' dates
# never go stale and every run checks the same thing.  Subprocesses inherit it.
TODAY = "2026-11-30"
os.environ["DOSSIER_TODAY"] = TODAY


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A copy of the small starter project; returns its root (holding dossier/)."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURES / "starter", target)
    return target


class EntryWriter:
    """Writes entry files into a project's dossier folder."""

    def __init__(self, root: Path):
        self.root = root
        self.dossier = root / "dossier"

    def write(self, rel: str, text: str | bytes) -> Path:
        """Write ``dossier/<rel>`` (text is dedented) and return its path."""
        path = self.dossier / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def entries(starter: Path) -> EntryWriter:
    """A writer over a fresh copy of the starter project."""
    return EntryWriter(starter)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The repository's own dossier, built once with ``mkdocs build --strict``."""
    from sitebuild import build_site

    site = tmp_path_factory.mktemp("shipped") / "site"
    warnings = build_site(ROOT, site)
    assert warnings == [], warnings
    return site


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium from Debian's package (see ``browser_support``)."""
    from browser_support import launch_browser

    yield from launch_browser()
