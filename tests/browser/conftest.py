"""Fixtures for browser tests: a real headless Chromium driven by Playwright.

The ``browser`` fixture itself is in ``tests/conftest.py`` (the hostile-input
tests hover tooltips with it too); see ``tests/browser_support.py``.
Locally, the tests skip with a reason when Chromium or Playwright is missing;
under CI (``CI=true``) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import re
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


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def reader(browser, served_site, request):
    """Opens pages as a reader would: ``reader(path, size="desktop"|"phone", scheme="light"|"dark")``.

    Each page refuses (and records) requests leaving the machine; after the
    test, every page opened is saved as a screenshot under
    ``test-artifacts/browser/`` and no request may have gone anywhere but
    the local server.
    """
    from contextlib import ExitStack

    stack = ExitStack()
    opened: list[tuple[object, list[str], str]] = []

    def open_page(path: str, size: str = "desktop", scheme: str = "light"):
        pg, outside = stack.enter_context(guarded_page(browser, SIZES[size], color_scheme=scheme))
        pg.base = served_site
        pg.goto(served_site + path)
        pg.wait_for_load_state("load")
        slug = path.split("?")[0].strip("/").replace("/", "_") or "home"
        opened.append((pg, outside, f"{request.node.name}-{slug}-{size}-{scheme}"))
        return pg

    try:
        yield open_page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for pg, outside, name in opened:
            pg.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"), full_page=True)
            assert outside == [], f"requests left the machine: {outside}"
    finally:
        stack.close()
