"""Positions in real builds (issue 22): the stance matrix page, entry pages, the timeline and its data.

The shipped dossier is built once (``shipped_site``); a starter project whose
actors take positions, one of them written by a hostile hand, is built too,
and every page of it is checked for what must never get through.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from positions_fixture import write_positions
from sitebuild import article, build_site, parse


def matrix_data(site: Path) -> dict:
    """The positions embedded in the matrix page, as its script reads them."""
    page = (site / "positions" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<div class="dossier-matrix-data" hidden>(.*?)</div>', page, re.S)
    assert m, "no embedded data"
    return json.loads(html.unescape(m.group(1)))


@pytest.fixture(scope="module")
def positions_site(tmp_path_factory):
    """The starter project with positions (``positions_fixture``), built strictly; returns the site folder."""
    import shutil
    from types import SimpleNamespace

    root = tmp_path_factory.mktemp("positions") / "project"
    shutil.copytree(Path(__file__).resolve().parent / "fixtures" / "starter", root)
    write_positions(SimpleNamespace(root=root, dossier=root / "dossier"))
    site = root / "site"
    assert build_site(root, site) == []
    return site


def test_the_matrix_page_is_in_the_nav_with_every_position(shipped_site):
    page = (shipped_site / "positions" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="who-stands-where">Who stands where' in page
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="positions/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Who stands where', home)
    data = matrix_data(shipped_site)
    assert len(data["positions"]) >= 40
    holders = {data["entries"][p[0]][0] for p in data["positions"]}
    on_three = {data["entries"][p[0]][0] for p in data["positions"]
                if data["entries"][p[1]][0] in ("regional-security-framework", "smda", "imctc")}
    assert len(on_three) >= 10 and {"pakistan", "iran", "saudi-arabia", "turkiye", "india"} <= holders
    assert [v[0] for v in data["values"]] == ["supports", "supports-with-conditions", "ambiguous", "opposes", "denies"]
    # Every position carries at least one quote, with its source.
    assert all(any(c[1] for c in p[11]) for p in data["positions"])


def test_the_static_table_links_every_cell_to_its_history(shipped_site):
    page = (shipped_site / "positions" / "index.html").read_text(encoding="utf-8")
    static = page[page.index('class="dossier-matrix-static"'):]
    assert static.count('<span class="dossier-matrix-actor" data-value="actors/') >= 10
    cells = re.findall(r'href="\.\./actors/([a-z0-9-]+)/#(position-[a-z0-9-]+)"', static)
    assert cells
    for actor, anchor in cells:
        assert anchor in parse(shipped_site / "actors" / actor / "index.html").ids, (actor, anchor)


def test_an_actor_page_lists_its_histories_with_the_latest_marked(shipped_site):
    text = article((shipped_site / "actors" / "pakistan" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<h2 data-search-exclude="" id="positions">Positions', text)  # lists entries: not indexed
    smda = text[text.index(">On Saudi–Pakistan Strategic Mutual Defence Agreement<"):]
    smda = smda[:smda.index("</ul>")]
    dates = re.findall(r'class="dossier-date">([^<]+)<', smda)
    assert dates == ["18 September 2025", "19 September 2025", "3 October 2025", "19 January 2026", "3 March 2026"]
    assert smda.count("(latest)") == 1 and "Supports with conditions" in smda
    assert "a primary source" in smda  # the Foreign Office's own transcript


def test_a_proposal_page_shows_who_stands_where_grouped(shipped_site):
    text = article((shipped_site / "organisations" / "smda" / "index.html").read_text(encoding="utf-8"))
    section = text[text.index('id="who-stands-where"'):]
    headings = re.findall(r"<h3[^>]*>([^<]+)<", section[:section.index("<h2", 10)])
    assert headings == ["Supports", "Supports with conditions", "Ambiguous"]
    assert "changed from Supports" in section  # Türkiye or Saudi Arabia
    assert re.search(r'>India</a> · since 18 September 2025', section)


def test_a_speaker_page_lists_the_positions_stated(shipped_site):
    text = article((shipped_site / "actors" / "khawaja-asif" / "index.html").read_text(encoding="utf-8"))
    assert re.search(r'<h2 data-search-exclude="" id="positions-stated">Positions stated', text)
    assert "for <a href=\"../pakistan/\">Pakistan</a> on" in text


def test_the_timeline_and_its_data_carry_the_marked_positions(shipped_site):
    timeline = (shipped_site / "events" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r'id="timeline-(position-[a-z0-9-]+)"', timeline)
    data = json.loads((shipped_site / "events" / "timeline.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in data["positions"]] == sorted(items, key=items.index) and len(items) >= 8
    india = next(p for p in data["positions"] if p["holder"] == "india")
    assert india["date"] == {"value": "2025-09-18", "precision": "day", "approximate": False, "text": "18 September 2025"}
    assert india["url"].endswith("actors/india/#" + india["id"])
    ics = (shipped_site / "events" / "timeline.ics").read_bytes().decode("utf-8")
    assert f"UID:{india['id']}@dossier" in ics
    assert "SUMMARY:Iran: Opposes (on Islamic Military Counter Terrorism Coalition) (date: December 2015)" in ics.replace("\r\n ", "")


def test_hostile_positions_stay_text_everywhere(positions_site):
    for page in positions_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "onerror=alert" not in text.replace("onerror=alert('note')&gt;", ""), page
        assert 'href="javascript:' not in text, page
    land_b = (positions_site / "actors" / "land-b" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert('office')&lt;/script&gt;" in land_b
    assert "&lt;img src=x onerror=alert('note')&gt;" in land_b
    data = matrix_data(positions_site)
    assert "<script>alert('quote')</script>" in json.dumps(data, ensure_ascii=False)  # kept as text, for textContent


def test_hostile_positions_on_the_timeline_and_in_its_data(positions_site):
    timeline = (positions_site / "events" / "index.html").read_text(encoding="utf-8")
    assert "timeline-position-land-b-pact-2025-10-03-1" in timeline and "<script>alert" not in timeline
    raw = (positions_site / "events" / "timeline.json").read_text(encoding="utf-8")
    assert "<" not in raw and "\\u003cscript\\u003e" in raw


def test_a_dossier_without_positions_says_so(tmp_path, starter):
    site = tmp_path / "site"
    assert build_site(starter, site) == []
    page = (site / "positions" / "index.html").read_text(encoding="utf-8")
    assert "No positions are recorded yet" in page and "dossier-matrix-data" not in page


def test_hostile_positions_parts_need_no_sanitizer_and_match_the_markdown(entries):
    """The positions sections and the matrix page are put in after the sanitizer: they must need none, and
    they say in HTML exactly what the exported Markdown says."""
    from test_html_slots import STYLES, _compare_both_forms, _markdown_links, _tokens

    from dossierkit import load_dossier
    from dossierkit.render.context import SiteOptions
    from dossierkit.render.sanitize import sanitize_html
    from dossierkit.render.site import SiteHtml, generate_pages
    from dossierkit.render.slots import render_parts
    from dossierkit.render.tooltips import Glossary

    write_positions(entries)
    dossier = load_dossier(entries.dossier, root=entries.root)
    pages = generate_pages(dossier, SiteOptions(), SiteHtml(_markdown_links, Glossary(dossier).mark_text))
    checked = 0
    for page in pages:
        rendered = render_parts(page.parts, "", STYLES["permalink"][1])
        for html_part in (rendered.head, rendered.tail, rendered.late):
            assert _tokens(sanitize_html(html_part)) == _tokens(html_part), page.path
            checked += "alert('office')" in html_part
    assert checked >= 3  # Land B's page, the pact's page, Person C's page (and the matrix's data)
    toc, style = STYLES["permalink"]
    assert _compare_both_forms(dossier, toc, style) > 10
