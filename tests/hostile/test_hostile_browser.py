"""Hostile content in a real Chromium: every tooltip hovered, nothing runs (issue 18).

Material's ``content.tooltips`` put a ``title`` attribute into the page as
HTML, and made one from the text of a navigation or table-of-contents item
cut short by an ellipsis; a glossary definition, a link title or a heading
written by a contributor ran as script on hover.  The site now shows
tooltips from text (``dossier.js``) and the plugin refuses the feature.

Each page of the hostile project (both rounds of the corpus) is opened in
the site, the Markdown export built by plain MkDocs, and the offline copy
from ``file://``; every element with a ``title`` (one per distinct title),
every truncated navigation and contents item is hovered; then no dialog
may have opened (every payload calls ``alert``), no ``<img src=x>`` or
``<svg onload>`` may be in the document, and no request may have left the
machine.  A control build with ``content.tooltips`` on shows that the same
hover does run the script there, so the check can fail.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from browser_support import guarded_page, serve
from harness import BIN, ENV

pytestmark = pytest.mark.browser

HOVER_MS = 100  # per element: tooltips (ours, and Material's in the control build) show at once
PAGES = ("meta/", "mmd-meta/", "hostile/", "actors/land-d/", "actors/land-f/", "actors/land-e/", "sources/src-md/",
         "sources/src-evil/", "terms/", "terms/tooltip-term/", "events/", "events/ev-md/", "events/ev-evil/",
         "organisations/evil-org/", "actors/", "sources/", "graph/")
# Anything a payload would have put into the document: its images, handlers and scripts.
INJECTED = """() => document.querySelectorAll('img[src="x"], [onerror], [onload], [onmouseover], [onclick]').length
    + Array.from(document.querySelectorAll('script, iframe')).filter(
        el => (el.textContent + (el.getAttribute('srcdoc') || '')).includes('alert(')).length"""


def hover_everything(page) -> int:
    """Hover one element per distinct title in the content, and every visible item cut by an
    ellipsis (navigation, contents, header); return how many were hovered."""
    targets = page.evaluate("""() => {
        const seen = new Set(), out = [];
        document.querySelectorAll('.md-content [title]').forEach((el, i) => {
            const t = el.getAttribute('title');
            if (!seen.has(t)) { seen.add(t); el.setAttribute('data-hover-target', String(out.length)); out.push(t); }
        });
        document.querySelectorAll('.md-ellipsis').forEach(el => {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0) { el.setAttribute('data-hover-target', String(out.length)); out.push(null); }
        });
        return out.length;
    }""")
    for i in range(targets):
        element = page.locator(f'[data-hover-target="{i}"]')
        element.scroll_into_view_if_needed(timeout=2000)
        box = element.bounding_box()
        if box is None:
            continue
        page.mouse.move(box["x"] + min(5, box["width"] / 2), box["y"] + box["height"] / 2)
        page.wait_for_timeout(HOVER_MS)
    page.wait_for_timeout(300)
    return targets


def visit(page, url: str) -> tuple[list[str], int]:
    """Open ``url``, hover everything; return the dialogs that opened and the hover count."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    hovered = hover_everything(page)
    injected = page.evaluate(INJECTED)
    assert injected == 0, f"{url}: {injected} injected element(s)"
    return dialogs, hovered


@pytest.fixture(scope="module")
def hostile_site(content):
    """The hostile project's site on a loopback port."""
    with serve(content.project / "site") as base:
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_hovering_every_tooltip_runs_nothing(browser, hostile_site, path):
    with guarded_page(browser) as (page, outside):
        dialogs, hovered = visit(page, hostile_site + path)
    assert dialogs == [], f"script ran on {path}: {dialogs}"
    assert hovered > 0
    assert outside == [], outside


def test_the_tooltip_shows_the_definition_as_text(browser, hostile_site):
    with guarded_page(browser) as (page, _outside):
        page.goto(hostile_site + "events/ev-md/")
        abbr = page.locator("article abbr.dossier-term", has_text="TTP").first
        title = abbr.get_attribute("title")
        assert title == ("Tooltip Pact: <img src=x onerror=alert('definition-tooltip')> "
                         "<svg onload=alert('definition-svg')>")
        abbr.hover()
        tip = page.locator(".dossier-tooltip")
        tip.wait_for(state="visible", timeout=5000)
        assert tip.inner_text() == title  # the markup shown as the text it is
        assert tip.evaluate("el => el.children.length") == 0
        assert page.evaluate(INJECTED) == 0


def test_the_markdown_export_hovered_in_plain_mkdocs(browser, content):
    with serve(content.out / "md" / "site") as base, guarded_page(browser) as (page, outside):
        for path in ("meta/", "hostile/", "actors/land-d/", "actors/land-f/", "sources/src-md/", "terms/"):
            dialogs, _ = visit(page, base + path)
            assert dialogs == [], f"script ran on the export's {path}: {dialogs}"
        assert outside == []


def test_the_offline_copy_hovered_from_the_file_system(browser, content, tmp_path):
    with zipfile.ZipFile(content.out / "dossier-offline.zip") as zf:
        zf.extractall(tmp_path)
    root = tmp_path / "dossier"
    with guarded_page(browser) as (page, outside):
        for name in ("meta.html", "actors/land-f.html", "terms/index.html", "events/ev-md.html"):
            dialogs, hovered = visit(page, (root / name).as_uri())
            assert dialogs == [] and hovered > 0, (name, dialogs)
        assert outside == []


def test_control_material_tooltips_would_run_the_script(browser, content, tmp_path):
    """The same export with Material's content.tooltips on (and without the site's script):
    hovering runs the payloads, so the checks above can fail, and the plugin is right to refuse
    the feature: a link title, and the text of a heading cut short in the contents."""
    project = tmp_path / "md"
    shutil.copytree(content.out / "md", project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    # Material alone: without the site's script, which parks every title before Material could read it.
    text = config.read_text(encoding="utf-8")
    assert "extra_javascript:\n- assets/dossier/dossier.js\n" in text
    config.write_text(text.replace("  font: false\n", "  font: false\n  features:\n  - content.tooltips\n").replace(
        "extra_javascript:\n- assets/dossier/dossier.js\n", ""), encoding="utf-8")
    result = subprocess.run([BIN / "mkdocs", "build", "-q"], cwd=project, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as base, guarded_page(browser) as (page, _outside):
        dialogs, _ = visit_unchecked(page, base + "meta/")
    assert {"docs-link-title", "docs-toc"} <= set(dialogs), dialogs  # a link title, and a heading cut short


def visit_unchecked(page, url: str) -> tuple[list[str], int]:
    """:func:`visit` without the check on injected elements (for the control build)."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    return dialogs, hover_everything(page)


def test_the_plugin_refuses_material_tooltips(starter: Path):
    config = starter / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    - content.action.edit\n", "    - content.action.edit\n    - content.tooltips\n"), encoding="utf-8")
    result = subprocess.run([BIN / "mkdocs", "build", "--strict"], cwd=starter, env=ENV, capture_output=True, text=True)
    assert result.returncode == 1
    assert "theme.features: content.tooltips renders every title attribute as HTML" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and not (starter / "site").exists()
