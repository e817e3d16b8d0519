"""The stance matrix at 10,000 entries with 5,000 positions stays usable (issue 22).

A synthetic dossier (``dossier synth --entries 10000``) gives the page its
data; the page is the generated one, written with the site's own HTML parts,
its stylesheet and script, without building the other 10,000 pages.  What is
checked is the shape of the work, never a time: the matrix draws one page
of cells (25 actors by a few entries), pages through the rest, filters, and
opens a history.  Speed is measured by ``make bench``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from types import SimpleNamespace

import pytest

from browser_support import guarded_page, serve

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "positions"


@pytest.fixture(scope="module")
def large_matrix(tmp_path_factory) -> Path:
    """A site folder holding the matrix page of a 10,000-entry synthetic dossier, and its assets."""
    from dossierkit import load_dossier
    from dossierkit.devtools.synth import write_synthetic
    from dossierkit.plugin.urls import page_href
    from dossierkit.render.position_styles import positions_css
    from dossierkit.render.page_paths import POSITIONS_PAGE
    from dossierkit.render.positions_page import write_positions_page
    from dossierkit.render.site import SiteHtml, _written
    from dossierkit.render.slots import HeadingStyle, render_parts
    from dossierkit.render.styles import site_css

    base = tmp_path_factory.mktemp("large")
    write_synthetic(base / "project", 10_000, seed=1)
    dossier = load_dossier(base / "project" / "dossier", root=base / "project")
    assert len(dossier.positions) >= 4_900
    page = _written(POSITIONS_PAGE, SiteHtml(page_href(SimpleNamespace(use_directory_urls=True))),
                    lambda fmt, out: write_positions_page(dossier, fmt, out))
    parts = render_parts(page.parts, "", HeadingStyle())
    site = base / "site"
    (site / "positions").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text(site_css(dossier.vocabulary) + positions_css(dossier.vocabulary),
                                              encoding="utf-8")
    script = resources.files("dossierkit").joinpath("assets", "positions.js").read_text(encoding="utf-8")
    (site / "assets" / "positions.js").write_text(script, encoding="utf-8")
    (site / "positions" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Who stands where</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="../assets/site.css"></head><body><main class="md-typeset">'
        f"<h1>Who stands where</h1>{parts.head}{parts.tail}{parts.late}</main>"
        '<script src="../assets/positions.js"></script></body></html>', encoding="utf-8")
    return site


def test_the_matrix_of_5000_positions_draws_one_page_at_a_time(browser, large_matrix):
    from playwright.sync_api import expect  # (here: without Playwright the browser fixture skips)

    with serve(large_matrix) as base, guarded_page(browser) as (page, outside):
        page.goto(base + "positions/")
        page.locator(".dossier-matrix-table").wait_for(timeout=60000)
        rows = page.locator(".dossier-matrix-table tbody tr")
        assert rows.count() == 25
        assert page.locator(".dossier-matrix-table td").count() <= 25 * 8  # never 5,000 cells
        pagers = page.locator(".dossier-matrix-pager").all_inner_texts()
        assert pagers[0].startswith("Entries 1–") and pagers[1].startswith("Actors 1–25 of ")
        # Every row has a position on one of the entries shown: no page is a grid of empty cells.
        for i in range(rows.count()):
            assert rows.nth(i).locator(".dossier-matrix-cell").count() >= 1
        first = rows.first.locator("th").inner_text()
        page.get_by_role("button", name="Next actors").click()
        assert page.locator(".dossier-matrix-pager").nth(1).inner_text().startswith("Actors 26–50 of ")
        assert rows.first.locator("th").inner_text() != first
        # Find one actor among 2,000 by name, then open one of its histories.
        name = rows.first.locator("th").inner_text()
        page.locator(".dossier-matrix-controls input[type=search]").fill(name)
        assert name in rows.locator("th").all_inner_texts() and rows.count() <= 3
        page.locator(".dossier-matrix-cell").first.click()
        assert page.locator("dialog.dossier-matrix-dialog .dossier-matrix-history > li").count() >= 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "large-history.png"))
        page.keyboard.press("Escape")
        # (Under load the dialog may still be open, and the page behind it inert, when the next step runs.)
        page.locator("dialog.dossier-matrix-dialog").wait_for(state="hidden")
        # The dialog's close event comes after it hides and sends focus back to the cell that opened it.
        # Wait for that: otherwise it can take focus from the search box between the two steps of the
        # fill below (select the text, then press Delete), and the search is never cleared.
        expect(page.locator(".dossier-matrix-cell").first).to_be_focused()
        # Back in time: fewer positions had been stated by 2001.
        page.locator(".dossier-matrix-controls input[type=search]").fill("")
        expect(rows).to_have_count(25)  # every actor again, not only the one found by name
        page.locator(".dossier-matrix-asof input[type=date]").fill("2001-12-31")
        page.locator(".dossier-matrix-asof input[type=date]").dispatch_event("change")
        assert page.locator(".dossier-matrix-table td").count() <= 25 * 8
        expect(page.locator(".dossier-matrix-summary")).to_contain_text("as of 31 Dec 2001")
        page.screenshot(path=str(SHOTS / "large-2001.png"))
        assert outside == []
