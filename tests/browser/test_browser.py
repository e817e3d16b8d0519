"""A reader's paths through the site, in a real headless Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def search(page, query: str) -> None:
    """Type ``query`` once Material's search worker has loaded the index."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && !/initializing/i.test(m.textContent); }", timeout=20000)
    page.locator("input.md-search__input").press_sequentially(query, delay=30)  # Material listens for keys
    meta.filter(has_text="matching").wait_for(timeout=15000)


def heading(page) -> str:
    """The page's h1 text without the permalink sign."""
    return page.locator("h1").inner_text().replace("¶", "").strip()


def test_home_to_actor_to_organisation(page):
    page.goto(page.base)
    assert "Is there a" in page.locator("h1").inner_text()
    page.locator("nav.md-nav--primary").get_by_role("link", name="Actors", exact=True).click()
    page.wait_for_url(re.compile(r"/actors/$"))
    page.locator(".dossier-index table").get_by_role("link", name="Pakistan", exact=True).click()
    page.wait_for_url(re.compile(r"/actors/pakistan/$"))
    assert heading(page) == "Pakistan"
    link = page.locator('h2#relations ~ ul a[href*="/organisations/"]').first
    target = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/organisations/[a-z0-9-]+/$"))
    assert heading(page).startswith(target)


def test_search_for_imctc_and_open_the_result(page):
    page.goto(page.base)
    search(page, "IMCTC")
    first = page.locator(".md-search-result__list .md-search-result__link").first
    first.wait_for(timeout=15000)
    assert re.search(r"organisations/imctc/", first.get_attribute("href"))  # the organisation ranks first
    first.click()
    page.wait_for_url(re.compile(r"/organisations/imctc/"))
    assert heading(page) == "Islamic Military Counter Terrorism Coalition (IMCTC)"


def test_sort_an_index_table(page):
    page.goto(page.base + "organisations/")
    table = page.locator(".dossier-index table")
    header = table.locator("thead th", has_text="Founded")

    def founded() -> list[str]:
        return [c for c in table.locator("tbody tr td:nth-child(4) [data-sort]").evaluate_all(
            "els => els.map(e => e.getAttribute('data-sort'))")]

    header.click()
    ascending = founded()
    assert ascending == sorted(ascending) and len(set(ascending)) > 2
    assert header.get_attribute("aria-sort") == "ascending"
    header.click()
    assert founded() == sorted(ascending, reverse=True)


def test_filter_an_index_by_status(page):
    page.goto(page.base + "organisations/")
    page.locator(".dossier-filter button", has_text="Floated").click()
    visible = page.locator(".dossier-index tbody tr:not(.dossier-hidden)")
    assert visible.count() >= 1
    statuses = visible.locator("[data-status]").evaluate_all("els => els.map(e => e.getAttribute('data-status'))")
    assert set(statuses) == {"floated"}
    page.locator(".dossier-filter button", has_text="All").click()
    assert page.locator(".dossier-index tbody tr.dossier-hidden").count() == 0


def test_without_javascript_every_row_is_visible(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(served_site + "organisations/")
    assert pg.locator(".dossier-index tbody tr").count() >= 9
    context.close()


@pytest.mark.parametrize("path", ["", "organisations/imctc/", "organisations/", "events/", "graph/", "terms/"])
def test_no_serious_accessibility_violations(page, axe_source, path):
    page.goto(page.base + path)
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)


def test_filter_the_timeline_to_one_actor(page):
    page.goto(page.base + "events/")
    events = page.locator(".dossier-event")
    total = events.count()
    page.locator("#dossier-timeline-actor").select_option("id:qatar")
    visible = page.locator(".dossier-event:not(.dossier-hidden)")
    assert 0 < visible.count() < total
    groups = visible.evaluate_all("els => els.map(e => e.getAttribute('data-groups'))")
    assert all("id:qatar" in g.split() for g in groups)
    assert "events" in page.locator(".dossier-timeline-count").inner_text()
    page.locator("#dossier-timeline-actor").select_option("")
    assert page.locator(".dossier-event:not(.dossier-hidden)").count() == total


def test_hover_an_abbreviation_to_see_its_definition(page):
    page.goto(page.base + "actors/kenya/")
    abbr = page.locator("article abbr.dossier-term", has_text="IMCTC").first
    definition = abbr.get_attribute("title")
    assert definition.startswith("IMCTC: Islamic Military Counter Terrorism Coalition. ")  # it leads to the organisation
    abbr.hover()
    tooltip = page.locator(".dossier-tooltip").filter(has_text="Islamic Military Counter Terrorism Coalition").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text() == definition  # the text, as written
    page.mouse.move(0, 0)
    tooltip.wait_for(state="detached", timeout=5000)
    assert abbr.get_attribute("title") == definition  # the browser's own tooltip is back


def test_click_a_graph_node_to_open_its_page(page):
    page.goto(page.base + "organisations/smda/")
    node = page.locator("figure.dossier-graph a[data-id='pakistan']")
    node.click()
    page.wait_for_url(re.compile(r"/actors/pakistan/$"))
    assert heading(page) == "Pakistan"


def test_network_page_nodes_link_to_pages(page):
    page.goto(page.base + "graph/")
    page.locator("a.dossier-node[data-id='imctc']").click()
    page.wait_for_url(re.compile(r"/organisations/imctc/$"))


def test_offline_copy_works_from_the_file_system(page, offline_copy):
    index = offline_copy / "index.html"
    assert not (offline_copy / "actors" / "iran" / "index.html").exists()  # no directory URLs
    page.goto(index.as_uri())
    assert "Is there a" in heading(page)
    search(page, "Pezeshkian")
    result = page.locator(".md-search-result__list .md-search-result__link").first
    assert "/actors/masoud-pezeshkian.html" in result.get_attribute("href")
    result.click()
    page.wait_for_url(re.compile(r"actors/masoud-pezeshkian\.html"))
    assert heading(page) == "Masoud Pezeshkian"
    assert page.url.startswith("file://")
