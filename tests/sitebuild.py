"""Helpers for tests that run a real MkDocs build and read the HTML it wrote."""

from __future__ import annotations

import logging
import posixpath
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site (to compare two builds byte for byte)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def synth_project(root: Path, entries: int, seed: int) -> Path:
    """A synthetic project of ``entries`` entries, written into ``root`` by ``dossier synth``."""
    subprocess.run([str(Path(sys.executable).parent / "dossier"), "synth", "--entries", str(entries), "--seed", str(seed),
                    str(root)], check=True, capture_output=True)
    return root


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def build_site(project: Path, site_dir: Path, **overrides) -> list[str]:
    """Build ``project`` into ``site_dir`` like ``mkdocs build --strict``.

    Returns the warnings logged (a strict build with warnings raises).
    """
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True, **overrides)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
    return capture.records


class Links(HTMLParser):
    """Collects hrefs, ids and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []  # contents of <script> and <style> elements
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if a.get("id"):
            self.ids.add(a["id"])
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def parse(path: Path) -> Links:
    """Parse one HTML file."""
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def parse_text(html: str) -> Links:
    """Parse an HTML string."""
    p = Links()
    p.feed(html)
    return p


def page_file(site: Path, url: str) -> Path:
    """The HTML file behind a directory URL (``actors/iran/``)."""
    return site / url / "index.html" if url.endswith("/") or url == "" else site / url


def resolve(page_url: str, href: str) -> tuple[str, str]:
    """(target URL, anchor) of a relative ``href`` found on ``page_url``."""
    path, _, anchor = href.partition("#")
    if not path:
        return page_url, anchor
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    joined = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return ("" if joined in (".", "./") else joined), anchor


def article(html: str) -> str:
    """The page's main content (Material's article element)."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.index("</article>", start)]
