"""Citations as a reader uses them, in real Chromium: hover and keyboard focus show the source and its
quote, the reference list links back, the target is highlighted on arrival, and all of it works from
``file://`` (the offline copy).

The project is the starter dossier with evidence on its citations: an English quote with a locator,
and a Persian quote with its translation.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser

PACT = """id: pact
name: The Pact
type: agreement
status: signed
confidence: confirmed
founded: 2025-09-17
summary: A signed bilateral agreement.
as_of: 2026-11-30
sources:
  - source: src-one
    quote: "The two states signed the pact on Wednesday."
    locator: paragraph 2
  - source: src-two
    quote: "پیمان امضا شد"
    lang: fa
    translation: "The pact was signed"
    translated_by: dossier editors
memberships:
  - member: land-a
    since: 2025-09-17
    sources:
      - source: src-one
        quote: "Land A is a party."
  - member: land-b
    since: 2025-09-17
    sources: [src-one]
claims:
  - text: The pact binds both parties to mutual defence.
    confidence: confirmed
    sources: [src-one, src-two]
"""


@pytest.fixture(scope="module")
def cite_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("cites") / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "starter", project)
    (project / "dossier" / "organisations" / "pact.yml").write_text(PACT, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def cite_site(cite_project) -> Path:
    site = cite_project / "site"
    assert build_site(cite_project, site) == []
    return site


@pytest.fixture(scope="module")
def cite_url(cite_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(cite_site))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/organisations/pact/"
    server.shutdown()


@pytest.fixture
def tab(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()


def preview(pg):
    return pg.locator("#dossier-cite-preview")


def test_hover_shows_the_source_and_the_quote(tab, cite_url):
    tab.goto(cite_url)
    marker = tab.locator("#cite-ref-1-1")
    assert preview(tab).count() == 0 or preview(tab).is_hidden()
    marker.hover()
    box = preview(tab)
    box.wait_for(state="visible")
    text = box.inner_text()
    assert "Daily Example" in text and "First source" in text and "17 September 2025" in text
    assert "The two states signed the pact on Wednesday." in text and "paragraph 2" in text
    assert marker.get_attribute("aria-describedby") == "dossier-cite-preview"
    tab.mouse.move(5, 5)
    box.wait_for(state="hidden")


def test_a_quote_in_another_language_shows_in_its_script_with_its_translation(tab, cite_url):
    tab.goto(cite_url)
    tab.locator("#cite-ref-2-1").hover()
    box = preview(tab)
    box.wait_for(state="visible")
    original = box.locator("q[lang='fa']")
    assert original.inner_text() == "پیمان امضا شد"
    assert original.get_attribute("dir") == "rtl"
    assert box.locator(".dossier-lang").text_content() == "Persian" and "The pact was signed" in box.inner_text()
    assert "translated by dossier editors" in box.inner_text()


def test_keyboard_focus_shows_the_preview_and_escape_closes_it(tab, cite_url):
    tab.goto(cite_url)
    tab.locator("#cite-ref-1-1").focus()
    box = preview(tab)
    box.wait_for(state="visible")
    assert tab.evaluate("document.activeElement.id") == "cite-ref-1-1"
    tab.keyboard.press("Escape")
    box.wait_for(state="hidden")
    assert tab.locator("#cite-ref-1-1").get_attribute("aria-describedby") is None


def test_one_marker_per_source_per_statement_and_back_links(tab, cite_url):
    tab.goto(cite_url)
    claim = tab.locator("h2#claims + ul li").first
    assert claim.locator(".dossier-cite a").all_inner_texts() == ["[1]", "[2]"]
    assert claim.locator(".dossier-cite a").first.get_attribute("aria-label") == "Source 1"
    assert "(two independent sources)" in claim.inner_text()
    # Source 1 is cited by the summary, the claim and two memberships: four markers, four back-links.
    markers = tab.locator('.dossier-cite a[data-cite="1"]')
    assert markers.count() == 4
    backs = tab.locator("#cite-1 ~ .dossier-backrefs a")
    assert backs.all_inner_texts() == ["a", "b", "c", "d"]
    backs.nth(2).click()
    tab.wait_for_function("location.hash === '#cite-ref-1-3'")
    assert tab.evaluate("getComputedStyle(document.querySelector('#cite-ref-1-3')).outlineStyle") == "solid"


def test_a_marker_leads_to_its_highlighted_reference(tab, cite_url):
    tab.goto(cite_url)
    tab.locator("#cite-ref-2-1").click()
    tab.wait_for_function("location.hash === '#cite-2'")
    item = tab.locator("li:has(> #cite-2)")
    assert item.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert item.locator("q[lang='fa']").inner_text() == "پیمان امضا شد"
    assert tab.locator("li:has(> #cite-1)").evaluate("el => getComputedStyle(el).outlineStyle") == "none"


def test_last_checked_and_the_reason_are_shown(tab, cite_url):
    tab.goto(cite_url)
    badges = tab.locator(".dossier-badges").inner_text()
    assert "Last checked 30 November 2026" in badges and "(two independent sources)" in badges


def test_previews_work_from_the_file_system(tab, cite_project, tmp_path):
    site = tmp_path / "offline"
    assert build_site(cite_project, site, use_directory_urls=False) == []  # as the offline copy is built
    outside: list[str] = []
    tab.route("**/*", lambda route: (route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                                     else (outside.append(route.request.url), route.abort())))
    tab.goto((site / "organisations" / "pact.html").as_uri())
    tab.locator("#cite-ref-1-1").hover()
    preview(tab).wait_for(state="visible")
    assert "The two states signed the pact on Wednesday." in preview(tab).inner_text()
    assert outside == []
