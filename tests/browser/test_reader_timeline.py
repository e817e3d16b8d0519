"""The timeline as a reader navigates it, in Chromium at 1280 and 390 pixels (issue 16).

An overview axis of eras and years, with the density of events, that
jumps to a period and is in reach on a phone; a filter grouped by actors,
organisations and tags, kept in the address and restored from it; counts
in correct English; hidden years hidden from the contents too.  And a
timeline of 5,000 events that still works.
"""

from __future__ import annotations

import re

import pytest

from browser_support import guarded_page, serve
from conftest import ARTIFACTS
from sitebuild import ROOT

pytestmark = pytest.mark.browser


def visible_events(page) -> list[str]:
    return page.locator(".dossier-event:not(.dossier-hidden)").evaluate_all("els => els.map(e => e.id)")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_overview_shows_eras_years_and_density_and_jumps_to_a_year(reader, size):
    page = reader("events/", size)
    eras = page.locator(".dossier-axis-era-name").all_inner_texts()
    assert eras == ["Earlier alliances", "The IMCTC years", "After the Saudi–Pakistan pact"]
    bars = page.locator(".dossier-axis-year").evaluate_all("""els => els.map(li => ({
        year: li.dataset.year, height: li.querySelector('.dossier-axis-bar').getBoundingClientRect().height,
        label: li.querySelector('a').getAttribute('aria-label')}))""")
    heights = {b["label"]: b["height"] for b in bars}
    assert heights["1949: 1 event"] < max(heights.values())  # a busy year has a taller bar
    assert any(re.fullmatch(r"2025: \d+ events", b["label"]) for b in bars)
    link = page.locator('.dossier-axis-year[data-year="2016"] a')
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(r"#year-2016$"))
    heading = page.locator("#year-2016").bounding_box()
    axis = page.locator(".dossier-axis").bounding_box()
    assert axis["y"] + axis["height"] <= heading["y"] < 400  # below the sticky axis, at the top of the screen
    assert page.locator(".dossier-axis").is_visible()  # the year bar stays in reach
    page.wait_for_function("() => document.querySelector('.dossier-axis-year[data-year=\"2016\"]')"
                           ".classList.contains('is-current')", timeout=5000)  # the year being read is marked


def test_the_filter_is_grouped_kept_in_the_address_and_counts_in_english(reader):
    page = reader("events/")
    labels = page.locator(".dossier-timeline-filter label").all_inner_texts()
    assert labels == ["Actors", "Organisations", "Tags"]
    items = page.locator(".dossier-event").count()
    total = page.locator(".dossier-event:not(.dossier-position-event)").count()  # positions shown, not counted
    assert total < items
    page.locator("#dossier-timeline-actor").select_option("id:qatar")
    assert re.search(r"[?&]actor=qatar(&|$)", page.url)
    shown = visible_events(page)
    assert 0 < len(shown) < items
    events_shown = page.locator(".dossier-event:not(.dossier-hidden):not(.dossier-position-event)").count()
    assert page.locator(".dossier-timeline-count").inner_text() == f"Showing {events_shown} of {total} events."
    page.locator("#dossier-timeline-organisation").select_option("id:imctc")
    assert re.search(r"actor=qatar&organisation=imctc", page.url)
    both = visible_events(page)
    assert len(both) == 1 and f"of {total} events" in page.locator(".dossier-timeline-count").inner_text()
    page.get_by_role("button", name="Show all").click()
    assert len(visible_events(page)) == items and "?" not in page.url


def test_a_filtered_view_is_restored_from_its_address(reader):
    page = reader("events/?actor=masoud-pezeshkian&tag=diplomacy")
    assert page.locator("#dossier-timeline-actor").input_value() == "id:masoud-pezeshkian"
    assert page.locator("#dossier-timeline-tag").input_value() == "tag:diplomacy"
    groups = page.locator(".dossier-event:not(.dossier-hidden)").evaluate_all(
        "els => els.map(e => e.dataset.groups.split(' '))")
    assert groups and all("id:masoud-pezeshkian" in g and "tag:diplomacy" in g for g in groups)
    old = reader("events/?filter=id:qatar")  # the address the first filter wrote
    assert old.locator("#dossier-timeline-actor").input_value() == "id:qatar"
    one = reader("events/?organisation=nato")
    assert one.locator(".dossier-timeline-count").inner_text() in ("Showing 1 of 63 events.",) or \
        re.fullmatch(r"Showing \d+ of 63 events\.", one.locator(".dossier-timeline-count").inner_text())


def test_hidden_years_are_hidden_from_the_contents_and_the_axis(reader):
    page = reader("events/?actor=masoud-pezeshkian")
    hidden = page.locator("h3.dossier-year.dossier-hidden").evaluate_all("els => els.map(h => h.id)")
    assert "year-1949" in hidden and "year-2025-2" not in hidden
    contents = page.locator(".md-sidebar--secondary .md-nav--secondary")  # the contents beside the page
    assert contents.is_visible()
    assert contents.locator('a[href="#year-1949"]').is_hidden()
    assert contents.locator('a[href="#year-2024"]').is_visible()
    assert contents.locator('a[href="#era-1"]').is_hidden()  # an era left empty
    assert page.locator('.dossier-axis-year[data-year="1949"]').evaluate("li => li.classList.contains('is-empty')")
    drawer = page.locator(".md-sidebar--primary .md-nav--secondary a[href='#year-1949']")  # the phone's contents
    assert drawer.count() == 0 or drawer.evaluate("a => a.closest('li').classList.contains('dossier-hidden')")


def test_the_year_bar_is_in_reach_on_a_phone(reader):
    page = reader("events/", "phone")
    axis = page.locator(".dossier-axis")
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    box = axis.bounding_box()
    assert box["y"] < 120 and box["width"] <= 390  # stuck under the header, inside the screen
    last = page.locator(".dossier-axis-year").last
    last.scroll_into_view_if_needed()  # it scrolls sideways by itself, the page does not
    last.locator("a").click()
    page.wait_for_url(re.compile(r"#year-2026$"))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_five_thousand_events_stay_usable(browser, tmp_path_factory):
    """A synthetic dossier of 12,500 entries holds 5,000 events.  Its timeline page (the
    generator's HTML, the site's stylesheet and script, without the theme) lists them all,
    filters them and jumps to a year.  Speed is make bench's business: the limits here only
    guard against a hang on a loaded machine."""
    import markdown

    from dossierkit.devtools.synth import write_synthetic
    from dossierkit.loading.load import load_dossier
    from dossierkit.render.context import SiteOptions
    from dossierkit.render.site import SiteHtml, index_pages
    from dossierkit.render.slots import HeadingStyle, insert_after_title, render_parts
    from dossierkit.render.styles import site_css
    from dossierkit.render.text import rel_link
    from dossierkit.render.page_paths import TIMELINE_PAGE

    project = tmp_path_factory.mktemp("big") / "p"
    write_synthetic(project, 12500, seed=1)
    dossier = load_dossier(project / "dossier", root=project)
    assert len(dossier.events) == 5000
    page_data = next(p for p in index_pages(dossier, SiteOptions(), SiteHtml(rel_link)) if p.path == TIMELINE_PAGE)
    body = markdown.markdown(page_data.markdown, extensions=["attr_list", "md_in_html", "tables", "toc"])
    parts = render_parts(page_data.parts, body, HeadingStyle())
    html = insert_after_title(body, parts.head) + parts.tail + parts.late
    site = project / "out"
    (site / "events").mkdir(parents=True)
    script = (ROOT / "build_tools" / "dossierkit" / "assets" / "timeline.js").read_text(encoding="utf-8")
    (site / "events" / "index.html").write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><style>{site_css(dossier.vocabulary)}</style></head>"
        f"<body><article class='md-typeset'>{html}</article><script>{script}</script></body></html>", encoding="utf-8")
    with serve(site) as base, guarded_page(browser) as (page, outside):
        page.goto(base + "events/", timeout=120000)
        events = ".dossier-event:not(.dossier-position-event)"
        assert page.locator(events).count() == 5000
        assert page.locator(".dossier-position-event").count() > 0  # the synthetic positions put on the timeline
        first = page.locator("#dossier-timeline-actor option").nth(1).get_attribute("value")
        page.locator("#dossier-timeline-actor").select_option(first, timeout=120000)
        count = page.locator(".dossier-timeline-count").inner_text()
        assert re.fullmatch(r"Showing \d+ of 5000 events\.", count), count
        assert 0 < len(visible_events(page)) < 5000
        last = page.locator(".dossier-axis-year a").last
        last.click()
        assert page.url.endswith(last.get_attribute("href"))
        page.screenshot(path=str(ARTIFACTS / "timeline-5000-events.png"))
        assert outside == []


def test_the_filter_and_the_network_work_in_the_offline_copy(browser, offline_copy):
    """From a folder (file://), without a server: the same scripts, nothing fetched."""
    with guarded_page(browser) as (page, outside):
        page.goto((offline_copy / "events" / "index.html").as_uri())
        total = page.locator(".dossier-event").count()
        page.locator("#dossier-timeline-actor").select_option("id:qatar")
        assert 0 < len(visible_events(page)) < total
        page.goto((offline_copy / "graph.html").as_uri())
        page.get_by_role("button", name="Zoom in").click()
        assert page.locator("figure.dossier-graph-network").get_attribute("data-zoom") == "1.25"
        assert outside == []
