"""Each item once per page, each thing one page, one paragraph said once (issue 16).

Checked on the shipped dossier's site, as a reader meets it: the lists of
an entry page (Relations, Timeline, Referenced by) never name the same
entry twice; a term's definition is printed once; no cell of an index
names an entry twice; no two entries have the same name; and no page says
the same paragraph twice.  (The browser tests check the same pages in
Chromium.)
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from dossierkit import load_dossier
from sitebuild import ROOT, article, page_file

LIST_SECTIONS = ("relations", "timeline", "referenced-by", "cited-by")


@pytest.fixture(scope="module")
def dossier():
    return load_dossier(ROOT / "dossier", root=ROOT)


def sections(html: str) -> dict[str, str]:
    """The page's h2 sections by id (each up to the next h2)."""
    parts = re.split(r'<h2[^>]*\sid="([^"]+)"', html)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def linked_pages(fragment: str) -> list[str]:
    """The entry pages a fragment links to, in order (page links only, not anchors or addresses)."""
    return [h for h in re.findall(r'<a href="((?:\.\./)+[a-z]+/[a-z0-9-]+/)"', fragment)]


_INLINE = re.compile(r"</?(?:a|abbr|span|strong|em|b|i|q|code|cite|small)\b[^>]*>")


def text(fragment: str) -> str:
    """The words of an HTML fragment, as a reader reads them."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", _INLINE.sub("", fragment))).split())


def test_each_entry_is_listed_once_per_page(shipped_site, dossier):
    for entry in dossier:
        html = article(page_file(shipped_site, f"{entry.kind.folder}/{entry.id}/").read_text(encoding="utf-8"))
        infobox = re.search(r'<div class="dossier-infobox".*?</div>', html, re.S)
        listed: list[str] = list(set(linked_pages(infobox.group(0)))) if infobox else []
        for sid, body in sections(html).items():
            if sid.split("_")[0] in LIST_SECTIONS:
                listed += set(linked_pages(body))  # two relations with one entry are two statements
        repeated = sorted({h for h in listed if listed.count(h) > 1})
        assert repeated == [], f"{entry.id}: listed twice: {repeated}"


def test_pezeshkian_events_are_listed_once(shipped_site, dossier):
    html = article(page_file(shipped_site, "actors/masoud-pezeshkian/").read_text(encoding="utf-8"))
    parts = sections(html)
    events = {f"../../events/{e.id}/" for e in dossier.events_of("masoud-pezeshkian")}
    assert len(events) >= 7 and events <= set(linked_pages(parts["timeline"]))
    assert not events & set(linked_pages(parts.get("referenced-by", "")))


def test_a_term_page_prints_its_definition_once(shipped_site, dossier):
    for term in dossier.terms:
        html = article(page_file(shipped_site, f"terms/{term.id}/").read_text(encoding="utf-8"))
        definition = " ".join(term.data["definition"].split())
        assert text(html).count(definition) == 1, term.id


def test_no_index_cell_names_an_entry_twice(shipped_site):
    for index in ("actors/", "organisations/", "obstacles/", "sources/"):
        html = article(page_file(shipped_site, index).read_text(encoding="utf-8"))
        for cell in re.findall(r"<td>(.*?)</td>", html, re.S):
            links = re.findall(r'href="([^"]+)"', cell)
            assert len(links) == len(set(links)), (index, links)


def test_each_thing_has_one_page(dossier):
    names: dict[str, list[str]] = {}
    for entry in dossier:
        if entry.kind.name == "source":
            continue  # two copies of one story are two sources (``republishes`` says so)
        names.setdefault(entry.label.casefold(), []).append(entry.id)
    assert {n: ids for n, ids in names.items() if len(ids) > 1} == {}


def test_no_page_says_a_paragraph_twice(shipped_site):
    for page in sorted(shipped_site.rglob("index.html")):
        html = article(page.read_text(encoding="utf-8"))
        seen: set[str] = set()
        for block in re.findall(r"<(p|li|td|dd)\b[^>]*>(.*?)</\1>", html, re.S):
            words = text(block[1])
            linked = sum(len(t) for t in re.findall(r"<a\b[^>]*>(.*?)</a>", block[1], re.S))
            if len(words) >= 60 and linked < len(words) / 2:  # prose, not a list of links
                assert words not in seen, f"{page.relative_to(shipped_site)}: said twice: {words[:80]}"
                seen.add(words)
