"""Real MkDocs builds of the starter project, checked through the HTML they write."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from sitebuild import ROOT
from dossierkit import load_dossier
from sitebuild import article, build_site, page_file, parse, parse_text, resolve


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site) of one strict build of a copy of the starter project."""
    project = tmp_path_factory.mktemp("proj") / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "starter", project)
    site = project / "site"
    assert build_site(project, site) == []
    return project, site


def entry_url(entry) -> str:
    return f"{entry.kind.folder}/{entry.id}/"


def linked_urls(page_url: str, html: str) -> set[str]:
    """Site URLs that the links in ``html`` (found on ``page_url``) point to."""
    return {resolve(page_url, href)[0] for href in re.findall(r'href="([^"#]+)', html)}


def test_every_entry_has_a_page(site):
    project, out = site
    dossier = load_dossier(project / "dossier", root=project)
    for entry in dossier:
        html = page_file(out, entry_url(entry)).read_text(encoding="utf-8")
        assert re.search(r"<h1 id=\"[^\"]*\">" + re.escape(entry.label), html), entry.id


def test_blocks_left_out_of_search_are_back_on_every_page(site):
    """The badges and infoboxes that search never reads (render/slots.py) are on the pages, not their comments."""
    project, out = site
    dossier = load_dossier(project / "dossier", root=project)
    infoboxes = 0
    for entry in dossier:
        html = page_file(out, entry_url(entry)).read_text(encoding="utf-8")
        assert "dossier-unsearched-" not in html and 'class="dossier-badges" data-search-exclude>' in html, entry.id
        infoboxes += 'class="dossier-infobox" data-search-exclude>' in html
    assert infoboxes > 5
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not any("dossier-kind" in doc["text"] or "Last checked" in doc["text"] for doc in index["docs"])


def test_every_internal_link_works(site):
    _project, out = site
    checked = 0
    for html_file in out.rglob("index.html"):
        url = html_file.parent.relative_to(out).as_posix() + "/"
        url = "" if url == "./" else url
        links = parse(html_file)
        for href in links.hrefs:
            if href.startswith(("http://", "https://", "mailto:")):
                continue
            target, anchor = resolve(url, href)
            target_file = page_file(out, target)
            assert target_file.exists(), f"{url}: broken link {href}"
            if anchor and target_file.suffix == ".html":
                assert anchor in parse(target_file).ids, f"{url}: missing anchor {href}"
            checked += 1
    assert checked > 100


def test_relations_link_both_ways_with_labels(site):
    project, out = site
    dossier = load_dossier(project / "dossier", root=project)
    for rel in dossier.relations:
        for here, there, label in ((rel.subject, rel.object, rel.type.label), (rel.object, rel.subject, rel.type.inverse_label)):
            if rel.type.symmetric:
                label = rel.type.label
            url = entry_url(dossier.entries[here])
            html = article(page_file(out, url).read_text(encoding="utf-8"))
            section = html[html.index('id="relations"'):html.index("</ul>", html.index(f">{label[:1].upper() + label[1:]}</h3>"))]
            assert entry_url(dossier.entries[there]) in linked_urls(url, section)


def test_generated_sections_are_in_the_table_of_contents(site):
    """Generated headings are written as HTML, not Markdown: the plugin adds them to the TOC."""
    _project, out = site
    page = page_file(out, "actors/land-a/").read_text(encoding="utf-8")
    toc = page[page.index('aria-label="Table of contents"'):page.index('<div class="md-content"')]
    hrefs = re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', toc)
    # No "Referenced by": every entry that mentions land-a is in its Relations or Timeline already.
    assert hrefs == ["#connections", "#relations", "#affected-by", "#member-of", "#officials", "#rival-of",
                     "#timeline", "#sources"], hrefs
    html = article(page)
    assert re.search(r'<h2 data-search-exclude="" id="relations">Relations</h2>', html)
    assert re.search(r'<h3 data-search-exclude="" id="rival-of">Rival of</h3>', html)


def test_heading_style_follows_the_toc_options():
    from markdown.extensions.toc import slugify_unicode

    from dossierkit.plugin.headings import heading_style

    assert heading_style({}).permalink is None
    assert heading_style({"permalink": True}).permalink == "\u00b6"
    assert heading_style({"permalink": "true"}).permalink == "\u00b6"
    assert heading_style({"permalink": "#"}).permalink == "#"
    style = heading_style({"permalink": False, "toc_depth": "2-3", "baselevel": 2, "slugify": slugify_unicode,
                           "permalink_title": "", "separator": "_"})
    assert (style.permalink, style.toc_depth, style.baselevel, style.slugify, style.separator,
            style.permalink_title) == (None, (2, 3), 2, slugify_unicode, "_", "")
    assert heading_style({"toc_depth": 3}).toc_depth == (1, 3)


def _list_section(html: str, heading: str) -> str:
    """The list under the h2 ``heading`` ('' when the page has no such section)."""
    if f'id="{heading}"' not in html:
        return ""
    start = html.index(f'id="{heading}"')
    end = re.compile(r"<h2[ >]").search(html, start + 1)
    return html[start:end.start() if end else len(html)]


def test_every_backlink_is_present_once(site):
    """Every entry that mentions another is listed on its page, once: under Relations or the
    Timeline when it is there already, else under Referenced by (or Cited by, for a source)."""
    project, out = site
    dossier = load_dossier(project / "dossier", root=project)
    assert dossier.backlinks
    for target, referrers in dossier.backlinks.items():
        entry = dossier.entries[target]
        url = entry_url(entry)
        html = article(page_file(out, url).read_text(encoding="utf-8"))
        heading = "cited-by" if entry.kind.name == "source" else "referenced-by"
        listed = {name: linked_urls(url, _list_section(html, name)) for name in ("relations", "timeline", heading)}
        for ref in (dossier.citations[target] if entry.kind.name == "source" else referrers):
            where = [name for name, urls in listed.items() if entry_url(dossier.entries[ref]) in urls]
            assert len(where) == 1, (target, ref, where)


def test_citations_are_numbered_and_resolve(site):
    project, out = site
    dossier = load_dossier(project / "dossier", root=project)
    for entry in dossier:
        cited = entry.cited_sources()
        links = parse(page_file(out, entry_url(entry)))
        for n, sid in enumerate(cited, start=1):
            assert f"cite-{n}" in links.ids
            assert f"../../sources/{sid}/" in links.hrefs
        for href in links.hrefs:
            if href.startswith("#cite-"):
                assert href[1:] in links.ids


def test_source_citation_shows_publisher_kind_date_and_link(site):
    _project, out = site
    html = article(page_file(out, "organisations/pact/").read_text(encoding="utf-8"))
    assert "Daily Example, <cite>“First source”</cite> (news report, 17 September 2025)." in html
    assert 'href="https://example.org/one"' in html


def test_dates_keep_their_precision(site):
    _project, out = site
    html = article(page_file(out, "events/").read_text(encoding="utf-8"))
    shown = re.findall(r'<span class="dossier-date">([^<]*)</span>', html)
    assert shown == ["c. 2025", "17 September 2025", "June 2026"]


def test_entity_pages_stay_out_of_the_sidebar(site):
    _project, out = site
    home = (out / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "actors/land-a/" not in nav


def test_index_page_lists_status_and_dates(site):
    _project, out = site
    html = article(page_file(out, "organisations/").read_text(encoding="utf-8"))
    assert 'class="dossier-index"' in html
    assert 'data-status="proposed"' in html and 'data-status="signed"' in html
    assert '<span data-sort="2025-09-17">17 September 2025</span>' in html


def test_nothing_is_written_into_docs(site):
    project, _out = site
    assert sorted(p.relative_to(project / "docs").as_posix() for p in (project / "docs").rglob("*")) == ["index.md"]


def test_edit_links_point_at_the_yaml_file(tmp_path, starter):
    (starter / "mkdocs.yml").write_text((starter / "mkdocs.yml").read_text()
                                         + "repo_url: https://github.com/example/dossier\nedit_uri: edit/main/docs/\n")
    assert build_site(starter, tmp_path / "site") == []
    html = (tmp_path / "site" / "actors" / "land-a" / "index.html").read_text(encoding="utf-8")
    assert html.count('href="https://github.com/example/dossier/edit/main/dossier/actors/land-a.yml"') == 2  # button + link
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/dossier/edit/main/docs/index.md"' in home


def test_without_repo_url_pages_name_the_file(site):
    _project, out = site
    html = article(page_file(out, "actors/land-a/").read_text(encoding="utf-8"))
    assert "Source file: <code>dossier/actors/land-a.yml</code>" in html


def test_two_builds_are_byte_identical(tmp_path, starter, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build_site(starter, tmp_path / "a")
    build_site(starter, tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b and len(files_a) > 20
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_unknown_id_in_a_hand_written_page_fails_with_file_and_line(tmp_path, starter, caplog):
    build_site(starter, tmp_path / "site")
    good = (tmp_path / "site" / "index.html").read_bytes()
    (starter / "docs" / "extra.md").write_text("---\ntitle: Extra\n---\n# Extra\n\nSee [[land-z]].\n")
    with pytest.raises(Abort):
        build_site(starter, tmp_path / "site")
    assert "docs/extra.md:6:5: error: unknown id 'land-z' in [[...]] link (did you mean" in caplog.text
    assert (tmp_path / "site" / "index.html").read_bytes() == good  # last good site left in place


def test_invalid_entry_fails_the_build_with_its_location(tmp_path, entries, caplog):
    entries.write("actors/land-d.yml", "id: land-d\nname: D\ntype: stat\nsummary: x\nsources: [src-one]\n")
    with pytest.raises(Abort):
        build_site(entries.root, tmp_path / "site")
    assert "dossier/actors/land-d.yml:3:1: error: type: 'stat' is not one of" in caplog.text


def test_home_page_directives_and_links(site):
    _project, out = site
    html = article((out / "index.html").read_text(encoding="utf-8"))
    assert '<a href="organisations/pact/">The Pact</a>' in html
    assert '<a href="organisations/big-idea/">the idea</a>' in html


HOSTILE_BODY = """\
<script>alert('body')</script>
<img src=x onerror="alert('img')">
<iframe src="https://evil.example/"></iframe>
<style>body{display:none}</style>
<svg><script>alert('svg')</script></svg>
<!-- hidden text -->
[click](javascript:alert('md'))
[data](data:text/html;base64,PHNjcmlwdD4=)
[file](file:///etc/passwd)
[ref][r]

[r]: javascript:alert('ref')
"""


def assert_inert(html: str, where: str) -> None:
    """No tag in ``html`` can run script or load a hostile address."""
    links = parse_text(html)
    for tag, attrs in links.tags:
        assert tag not in {"iframe", "object", "embed", "frame"}, (where, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower()
                assert scheme not in {"javascript", "data", "file", "vbscript"}, (where, tag, value)
    for script in links.scripts:
        assert "alert(" not in script and "display:none" not in script, where


def test_hostile_entry_is_neutralised_in_html_and_search(tmp_path, entries):
    entries.write("actors/land-d.yml", "id: land-d\nname: \"</title><script>alert('name')</script>\"\ntype: state\n"
                  "summary: \"<img src=x onerror=alert('sum')>\"\nsources: [src-one]\nbody: |\n"
                  + "".join("  " + line + "\n" for line in HOSTILE_BODY.splitlines()))
    assert build_site(entries.root, tmp_path / "site") == []
    for path in (tmp_path / "site").rglob("*.html"):
        assert_inert(path.read_text(encoding="utf-8"), str(path))
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d["location"].startswith("actors/land-d/")]
    assert docs
    for doc in index["docs"]:  # Material shows titles and text from the index as HTML
        assert_inert(doc["title"], doc["location"])
        assert_inert(doc["text"], doc["location"])
    page = (tmp_path / "site" / "actors" / "land-d" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert('name')&lt;/script&gt; - " in page  # shown as text, not run
    assert "hidden text" in page  # an HTML comment cannot hide text from readers


def test_markdown_export_builds_with_plain_mkdocs(tmp_path, starter):
    from dossierkit.cli.main import main

    out = tmp_path / "export"
    assert main(["export", "--format", "markdown", "-o", str(out), "-f", str(starter / "mkdocs.yml")]) == 0
    assert "dossier" not in (out / "mkdocs.yml").read_text().split("plugins:")[1].split("markdown_extensions")[0]
    assert (out / "docs" / "actors" / "land-a.md").is_file()
    assert build_site(out, tmp_path / "site") == []
    assert (tmp_path / "site" / "actors" / "land-a" / "index.html").is_file()
    home = (out / "docs" / "index.md").read_text()
    assert "[The Pact](organisations/pact.md)" in home


def test_shipped_project_builds_strict_with_no_warnings(tmp_path):
    assert build_site(ROOT, tmp_path / "site") == []
    assert not (ROOT / "docs" / "actors").exists()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_generated_links_are_the_urls_mkdocs_would_write(directory_urls):
    """The plugin writes generated links itself: they must equal MkDocs' own relative URLs."""
    from types import SimpleNamespace

    from mkdocs.structure.files import File

    from dossierkit.plugin.urls import page_href

    href = page_href(SimpleNamespace(use_directory_urls=directory_urls))
    paths = ["index.md", "actors/index.md", "actors/iran.md", "organisations/imctc.md", "terms/index.md",
             "graph.md", "format/index.md", "format/actor.md", "a/b/c/deep.md", "a/b/index.md", "a/bc.md",
             "v1.2/notes.md", "v1.2/index.md", "actors/iran-2.md"]
    files = {p: File(p, "docs", "site", directory_urls) for p in paths}
    for _ in range(2):  # the second time from what href keeps of each page
        for a in paths:
            for b in paths:
                assert href(a, b) == files[b].url_relative_to(files[a]), (a, b)
