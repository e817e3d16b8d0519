"""Fixtures for browser tests: a real headless Chromium driven by Playwright.

The ``browser`` fixture itself is in ``tests/conftest.py`` (the hostile-input
tests hover tooltips with it too); see ``tests/browser_support.py``.
Locally, the tests skip with a reason when Chromium or Playwright is missing;
under CI (``CI=true``) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import guarded_page, require, serve

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def served_site(shipped_site):
    """The shipped site on a loopback port; yields its base URL."""
    with serve(shipped_site) as base:
        yield base


@pytest.fixture
def page(browser, served_site, request):
    """A fresh page that refuses (and records) every request leaving the machine
    (anything but the local server, ``file:``, ``data:`` and ``blob:`` URLs).

    After the test it saves a screenshot under ``test-artifacts/browser/`` and
    asserts that no request went anywhere but the local server.
    """
    with guarded_page(browser) as (pg, outside):
        pg.base = served_site
        yield pg
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    assert outside == [], f"requests left the machine: {outside}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script (npm package, installed by `make test`)."""
    require(AXE.exists(), f"axe-core not installed at {AXE} (run: npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """The shipped dossier built as ``make offline`` does, zipped and unzipped again."""
    import zipfile

    from dossierkit.outputs.offline_pack import pack_site
    from sitebuild import ROOT, build_site

    base = tmp_path_factory.mktemp("offline")
    previous = os.environ.get("DOSSIER_OFFLINE")
    os.environ["DOSSIER_OFFLINE"] = "true"
    try:
        assert build_site(ROOT, base / "site") == []
    finally:
        if previous is None:
            del os.environ["DOSSIER_OFFLINE"]
        else:
            os.environ["DOSSIER_OFFLINE"] = previous
    pack_site(base / "site", base / "dossier-offline.zip")
    with zipfile.ZipFile(base / "dossier-offline.zip") as zf:
        zf.extractall(base / "unzipped")
    return base / "unzipped" / "dossier"
