"""The site's pages as a reader uses them, in Chromium at 1280 and 390 pixels, light and dark (issue 16).

Labelled badges linked to the legend; each item once; tooltips only where
a term is meant; search that finds a name in its own script; phones (no
page scrolling sideways, index tables as cards, the title whole); dark
mode (Material's toggle) with axe-core clean in both palettes; the home
page's newest check.  Screenshots of the pages the issue names, at both
sizes in both palettes, are kept in ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = {"home": "", "actor": "actors/masoud-pezeshkian/", "smda": "organisations/smda/",
         "term": "terms/collective-defence/", "timeline": "events/", "network": "graph/", "sources": "sources/"}
EVERY_KIND_OF_PAGE = [*PAGES.values(), "actors/", "organisations/", "obstacles/", "terms/", "status/",
                      "overview/", "methodology/", "format/vocabulary/", "events/doha-arab-islamic-summit/",
                      "sources/reuters-turkey-qatar-base/", "obstacles/historical-mistrust/"]

# Elements right of the screen that are not inside something that scrolls by itself.
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth, out = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= width + 1) continue;
        let p = el.parentElement, contained = false;
        while (p && p !== document.body) {
            const o = getComputedStyle(p).overflowX;
            if ((o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') && p.getBoundingClientRect().right <= width + 1) {
                contained = true; break;
            }
            p = p.parentElement;
        }
        if (!contained && getComputedStyle(el).visibility !== 'hidden') out.push(el.tagName + '.' + el.className);
    }
    return out.slice(0, 5);
}"""


def search(page, query: str) -> list[str]:
    """The result addresses for ``query``, best first, once Material's search worker is ready."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !/initializing/i.test(m.textContent); }", timeout=30000)
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=20)
    box.press("End")  # Material searches on key events; characters typed as text send none
    page.locator(".md-search-result__meta").filter(has_text="matching").wait_for(timeout=15000)
    return page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.parametrize("query, entry", [("مسعود پزشکیان", "/actors/masoud-pezeshkian/"), ("پاکستان", "/actors/pakistan/"),
                                          ("中国", "/actors/china/"), ("Россия", "/actors/russia/")])
def test_search_finds_a_name_in_its_own_script(reader, query, entry):
    results = search(reader(""), query)
    assert results and results[0] == entry, results[:5]


def test_search_ranks_entities_and_the_home_page_above_sources_and_shows_prose(reader):
    page = reader("")
    results = search(page, "nato")
    first_source = next(i for i, r in enumerate(results) if r.startswith("/sources/"))
    assert "/organisations/nato/" in results[:first_source] and "/" in results[:first_source]
    teaser = page.locator(".md-search-result__item").filter(
        has=page.locator('a[href*="organisations/nato/"]')).first.inner_text()
    assert "Field Value" not in teaser and "[1]" not in teaser and "Collective-defence alliance" in teaser


def test_badges_say_what_they_are_and_link_to_the_legend(reader):
    page = reader("organisations/")
    badge = page.locator(".dossier-index .dossier-status").first
    assert re.fullmatch(r"Status: \w[\w ]*", badge.inner_text())
    assert page.locator(".dossier-index .dossier-confidence").first.inner_text().startswith("Confidence: ")
    value = badge.get_attribute("data-status")
    badge.locator("a").click()
    page.wait_for_url(re.compile(rf"/status/#status-{value}$"))
    target = page.locator(f"#status-{value}")
    assert target.is_visible() and target.inner_text().startswith("Status: ")


def test_each_item_once_and_a_definition_once(reader):
    page = reader("actors/masoud-pezeshkian/")
    timeline = page.locator("h2#timeline + ul a").evaluate_all("els => els.map(a => a.href)")
    referenced = page.locator("h2#referenced-by + ul a").evaluate_all("els => els.map(a => a.href)")
    assert len(timeline) >= 7 and not set(timeline) & set(referenced)
    term = reader("terms/collective-defence/")
    text = term.locator("article").inner_text()
    assert text.count("An arrangement in which states commit in advance") == 1


def test_tooltips_only_where_a_term_is_meant(reader):
    page = reader("sources/")
    titles = page.locator(".dossier-index td:first-child abbr, .dossier-index td:nth-child(2) abbr")
    assert titles.count() == 0  # not in source titles nor in publishers ("Türkiye Today")
    page = reader("organisations/smda/")
    assert page.locator("article abbr", has_text="Mutual Defence Agreement").count() == 0  # in the pact's name
    assert page.locator("article p abbr", has_text="NATO").count() >= 1  # the term itself, in prose


@pytest.mark.parametrize("path", EVERY_KIND_OF_PAGE)
def test_no_page_scrolls_sideways_on_a_phone(reader, path):
    page = reader(path, "phone")
    assert page.evaluate(SIDEWAYS) == []


def test_index_tables_are_cards_on_a_phone_with_name_and_summary_visible(reader):
    page = reader("actors/", "phone")
    row = page.locator(".dossier-index tbody tr").first
    name, summary = row.locator("td").nth(0), row.locator("td").nth(2)
    for cell in (name, summary):
        box = cell.bounding_box()
        assert cell.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = row.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Type: "'  # each value says its column
    page.locator(".dossier-index th", has_text="Name").click()  # still sortable
    assert page.locator(".dossier-index th", has_text="Name").get_attribute("aria-sort") == "ascending"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_site_title_fits(reader, size):
    page = reader("", size)
    title = page.locator(".md-header__topic").first.locator(".md-ellipsis")
    cut = title.evaluate("el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1")
    assert not cut and title.inner_text().strip() == "Muslim NATO? A sourced dossier"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "actor", "smda", "term", "timeline", "network", "sources"])
def test_axe_clean_in_both_palettes(reader, axe_source, name, scheme):
    page = reader(PAGES[name], scheme=scheme)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_the_palette_toggle_switches_and_graphs_and_badges_follow(reader):
    page = reader("organisations/smda/")
    light = page.locator(".dossier-status").first.evaluate("el => getComputedStyle(el).backgroundColor")
    edge = page.locator("svg.dossier-fan-edges path").first.evaluate("el => getComputedStyle(el).stroke")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    assert page.locator(".dossier-status").first.evaluate("el => getComputedStyle(el).backgroundColor") != light
    assert page.locator("svg.dossier-fan-edges path").first.evaluate("el => getComputedStyle(el).stroke") != edge


def test_the_home_page_shows_the_newest_check(reader):
    text = reader("").locator("article").inner_text()
    assert "Last checked against its sources: 30 November 2026" in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_the_pages_a_reader_meets(reader, size, scheme):
    """Kept in test-artifacts/browser/ for people to look at (the fixture saves them)."""
    for path in PAGES.values():
        page = reader(path, size, scheme)
        assert page.evaluate(SIDEWAYS) == [], path
