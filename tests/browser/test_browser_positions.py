"""The stance matrix in a real Chromium (issue 22): the matrix, a history, the as-of date, the keyboard, a phone.

Screenshots of each step land in ``test-artifacts/positions/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_support import guarded_page

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "positions"


def shot(page, name: str, selector: str | None = None) -> None:
    """Save a screenshot of the page (or of one element) for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if selector:
        page.locator(selector).first.screenshot(path=str(SHOTS / f"{name}.png"))
    else:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_matrix(page, query: str = "") -> None:
    page.goto(page.base + "positions/" + query)
    page.locator(".dossier-matrix-table").wait_for(timeout=15000)


def cell(page, actor: str, column: int):
    """The cell of ``actor``'s row in the matrix's ``column`` (1 = the first entry)."""
    row = page.locator(".dossier-matrix-table tbody tr", has=page.locator("th", has_text=re.compile(f"^{actor}$")))
    return row.locator("td").nth(column - 1)


def value_and_date(button) -> list[str]:
    """What a cell shows: its position and its date."""
    return [button.locator(".dossier-matrix-value").inner_text(), button.locator(".dossier-matrix-date").inner_text()]


def header_texts(page) -> list[str]:
    return page.locator(".dossier-matrix-table thead th a").all_inner_texts()


def test_the_matrix_shows_the_latest_positions(page):
    open_matrix(page)
    assert page.locator(".dossier-matrix-static").is_hidden()
    assert header_texts(page)[:2] == ["IMCTC", "SMDA"]  # the entries most positions are about come first
    smda = cell(page, "Pakistan", 2).locator("button")
    assert value_and_date(smda) == ["Supports", "3 Mar 2026"] and "↻" in smda.inner_text()
    assert "changed from Supports with conditions" in smda.get_attribute("aria-label")
    assert cell(page, "India", 1).inner_text() == "–"
    assert re.match(r"13 actors, \d+ entries and \d+ positions as they stand", page.locator(".dossier-matrix-summary").inner_text())
    shot(page, "matrix")


def test_a_cell_opens_its_history_with_the_quotes(page):
    open_matrix(page)
    button = cell(page, "Türkiye", 2).locator("button")
    button.click()
    dialog = page.locator("dialog.dossier-matrix-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("h2").inner_text() == "Türkiye on Saudi–Pakistan Strategic Mutual Defence Agreement"
    items = dialog.locator(".dossier-matrix-history > li")
    assert items.count() == 2
    assert items.nth(0).locator("strong").inner_text().strip() == "15 January 2026"
    assert "Denies" in items.nth(0).inner_text() and "we have not signed any agreement" in items.nth(0).inner_text()
    assert "(shown in the matrix)" in items.nth(1).inner_text() and "Hürriyet" in items.nth(1).inner_text()
    link = items.nth(0).locator(".dossier-matrix-more a")
    assert re.search(r"actors/turkiye/#position-turkiye-smda-2026-01-15-\d+$", link.get_attribute("href"))
    shot(page, "history")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    page.wait_for_function("document.activeElement.classList.contains('dossier-matrix-cell')", timeout=5000)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Türkiye on Saudi–Pakistan")


def test_the_matrix_as_it_stood_on_a_chosen_day(page):
    open_matrix(page)
    latest = page.locator(".dossier-matrix-summary").inner_text()
    page.locator(".dossier-matrix-asof input[type=date]").fill("2025-12-31")
    page.locator(".dossier-matrix-asof input[type=date]").dispatch_event("change")
    assert page.locator(".dossier-matrix-asof-text").inner_text() == "31 Dec 2025"
    assert page.locator(".dossier-matrix-summary").inner_text() != latest
    assert "Türkiye" in page.locator(".dossier-matrix-table tbody th").all_inner_texts()  # its IMCTC position of 2015
    assert value_and_date(cell(page, "Pakistan", 2).locator("button")) == ["Supports", "3 Oct 2025"]
    assert cell(page, "Türkiye", 2).inner_text() == "–"  # nothing said on the SMDA before January 2026
    assert "as-of=2025-12-31" in page.url
    shot(page, "as-of-2025-12-31")
    # The slider's first stop: only what had been said by then.
    page.locator("#dossier-matrix-range").fill("0")
    assert page.locator(".dossier-matrix-table tbody tr").count() == 1
    page.get_by_role("button", name="Latest").click()
    assert page.locator(".dossier-matrix-summary").inner_text() == latest


def test_a_shared_link_opens_the_matrix_on_its_day(page):
    open_matrix(page, "?as-of=2016-01-01")
    assert page.locator(".dossier-matrix-asof-text").inner_text() == "1 Jan 2016"
    assert header_texts(page) == ["IMCTC", "Joint Arab military force (Egyptian proposal)"]


def test_filters_by_kind_type_and_name(page):
    open_matrix(page)
    select = page.locator(".dossier-matrix-controls select").first
    select.select_option(label="Organisations: Agreement")
    assert header_texts(page) == ["SMDA"]
    select.select_option("")
    page.locator(".dossier-matrix-controls input[type=search]").fill("pak")
    assert page.locator(".dossier-matrix-table tbody th").all_inner_texts() == ["Pakistan"]


def test_the_keyboard_moves_between_cells_and_opens_a_history(page):
    open_matrix(page)

    def focused() -> str:
        return page.evaluate("document.activeElement.getAttribute('aria-label') || ''")

    cell(page, "Indonesia", 1).locator("button").focus()
    page.keyboard.press("ArrowDown")  # the next row with a position in this column
    assert focused().startswith("Iran on Islamic Military Counter Terrorism Coalition: Opposes")
    page.keyboard.press("ArrowRight")
    assert focused().startswith("Iran on Saudi–Pakistan Strategic Mutual Defence Agreement: Ambiguous")
    page.keyboard.press("ArrowDown")  # Iraq and Oman said nothing on the SMDA: Pakistan did
    assert focused().startswith("Pakistan on Saudi–Pakistan")
    page.keyboard.press("Home")
    assert focused().startswith("Pakistan on Islamic Military Counter Terrorism Coalition")
    assert page.locator(".dossier-matrix-cell[tabindex='0']").count() == 1  # one tab stop for the whole grid
    page.keyboard.press("Enter")
    page.locator("dialog.dossier-matrix-dialog").wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('dossier-matrix-close')")
    shot(page, "keyboard-history")
    page.keyboard.press("Enter")  # the close button
    page.locator("dialog.dossier-matrix-dialog").wait_for(state="hidden")
    page.wait_for_function("document.activeElement.classList.contains('dossier-matrix-cell')", timeout=5000)
    assert focused().startswith("Pakistan on Islamic Military Counter Terrorism Coalition")
    page.keyboard.press("Tab")  # out of the grid in one step
    assert not page.evaluate("document.activeElement.classList.contains('dossier-matrix-cell')")


def test_a_phone_width(browser, served_site):
    with guarded_page(browser, {"width": 390, "height": 844}) as (pg, outside):
        pg.goto(served_site + "positions/")
        pg.locator(".dossier-matrix-table").wait_for(timeout=15000)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        table = pg.locator(".dossier-matrix-table").bounding_box()
        assert table["x"] >= 0 and table["x"] + table["width"] <= 390
        assert len(header_texts(pg)) <= 3 and pg.get_by_role("button", name="Next entries").is_visible()
        shot(pg, "phone")
        pg.locator(".dossier-matrix-cell").first.click()
        box = pg.locator("dialog.dossier-matrix-dialog").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        shot(pg, "phone-history")
        assert outside == []


def test_an_actor_history_on_its_page(page):
    page.goto(page.base + "actors/turkiye/")
    headings = page.locator("article h3").all_inner_texts()
    assert "On Saudi–Pakistan Strategic Mutual Defence Agreement" in [h.replace("¶", "").strip() for h in headings]
    history = page.locator("article li", has=page.locator("[id^='position-turkiye-smda-']"))
    assert history.count() == 2 and "(latest)" in history.nth(1).inner_text()
    history.nth(0).locator("sup.dossier-cite a").first.hover()  # the citation preview shows the quote
    assert "we have not signed any agreement" in page.locator("#dossier-cite-preview").inner_text()
    page.goto(page.base + "organisations/smda/")
    assert page.locator("h2#who-stands-where").is_visible()
    shot(page, "smda-who-stands-where", "article")


def test_without_javascript_the_static_table_remains(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(served_site + "positions/")
    static = pg.locator(".dossier-matrix-static table")
    assert static.is_visible() and static.locator("tbody tr").count() == 13
    assert pg.locator(".dossier-matrix-data").is_hidden()
    context.close()


def test_no_serious_accessibility_violations_in_the_matrix(page, axe_source):
    open_matrix(page)
    cell(page, "Pakistan", 2).locator("button").click()
    page.locator("dialog.dossier-matrix-dialog").wait_for(state="visible")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_the_matrix_works_from_the_offline_copy(page, offline_copy):
    page.goto((offline_copy / "positions.html").as_uri())
    page.locator(".dossier-matrix-table").wait_for(timeout=15000)
    actor = page.locator(".dossier-matrix-table tbody th a", has_text="Pakistan")
    assert actor.get_attribute("href") == "actors/pakistan.html"
    cell(page, "Pakistan", 2).locator("button").click()
    source = page.locator("dialog.dossier-matrix-dialog .dossier-matrix-source a").first
    assert re.fullmatch(r"sources/[a-z0-9-]+\.html", source.get_attribute("href"))
    more = page.locator("dialog.dossier-matrix-dialog .dossier-matrix-more a").first
    more.click()
    page.wait_for_url(re.compile(r"actors/pakistan\.html#position-pakistan-smda-"))
    assert page.url.startswith("file://")
