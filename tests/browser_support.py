"""Real headless Chromium for tests: Debian's browser driven by Playwright.

Shared by ``tests/browser/`` and the hostile-input tests (``tests/hostile/``):
the ``browser`` fixture (``tests/conftest.py``) launches it; :func:`serve`
serves a built site on a loopback port; :func:`guarded_page` opens a page
that refuses, and records, every request leaving the machine.  Locally,
tests skip with a reason when Chromium or Playwright is missing; under CI
(``CI=true``) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` unless ``condition``; under ``CI=true``, fail instead."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true; `make test` installs it)")
    pytest.skip(reason)


def launch_browser() -> Iterator:
    """Yield a headless Chromium from Debian's package (the ``browser`` fixture)."""
    require(os.path.exists(CHROMIUM), f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@contextmanager
def guarded_page(browser, viewport: dict | None = None, **options) -> Iterator[tuple[object, list[str]]]:
    """A fresh page and the list of requests it tried to send off the machine (all refused).

    Only the local server, ``file:``, ``data:`` and ``blob:`` URLs are let through.
    ``options`` go to the browser context (``color_scheme="dark"``, ...).
    """
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **options)
    outside: list[str] = []

    def guard(route) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:", "file:")) or host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        yield context.new_page(), outside
    finally:
        context.close()
