"""Fixtures for browser tests: a real headless Chromium driven by Playwright.

Locally, the tests skip with a reason when Chromium or Playwright is missing;
under CI (``CI=true``) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true; `make test` installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium from Debian's package."""
    _require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _require(False, "Playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(shipped_site):
    """The shipped site on a loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(shipped_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture
def page(browser, served_site, request):
    """A fresh page that refuses (and records) every request leaving the machine
    (anything but the local server, ``file:``, ``data:`` and ``blob:`` URLs).

    After the test it saves a screenshot under ``test-artifacts/browser/`` and
    asserts that no request went anywhere but the local server.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "file:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.base = served_site
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert outside == [], f"requests left the machine: {outside}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The axe-core script (npm package, installed by `make test`)."""
    _require(AXE.exists(), f"axe-core not installed at {AXE} (run: npm ci --prefix tests/browser)")
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
