"""Round two of the hostile corpus (issue 18), checked where each payload lands.

The accepted content of ``corpus_round2.py`` is built with round one's
(``conftest.content``): Markdown in names, native names, transliterations,
source titles, publishers and addresses; link and image titles; a heading cut
short in the table of contents; a glossary definition and hand-written pages
with hostile front matter and ``title`` attributes.  Each must be inert, and
shown as the text that was written, in the site (``<title>``, ``<meta>``,
the header, the navigation), the search index, ``timeline.json``/``.ics``,
the graphs' SVG ``<title>``, the JSON, CSV and Markdown exports, the PDF and
the offline zip.  (The same pages are hovered in Chromium in
``test_hostile_browser.py``.)
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from corpus import CANARY_MARKER
from harness import article_of, assert_inert_content, visible_text
from test_site_build import assert_inert


class _Head(HTMLParser):
    """The <title> text and the <meta> contents of a page, decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.meta, self._in_title = "", {}, False
        self.svg_titles: list[str] = []
        self._svg, self._svg_title = 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title, self._svg_title = not self._svg, bool(self._svg)
            if self._svg:
                self.svg_titles.append("")
        elif tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content")
        elif tag == "svg":
            self._svg += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = self._svg_title = False
        elif tag == "svg":
            self._svg -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._svg_title:
            self.svg_titles[-1] += data


def head_of(path: Path) -> _Head:
    """The parsed head (and SVG titles) of a built page."""
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_front_matter_is_text_in_every_template_slot(content):
    page = content.project / "site" / "meta" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert_inert(html, str(page))
    head = head_of(page)
    assert head.title == "</title><script>alert('fm-title')</script> - Starter dossier"  # shown as text
    assert head.meta["description"] == "\"><script>alert('fm-description')</script>"
    assert head.meta["author"] == "\"><img src=x onerror=alert('fm-author')>"
    header = html[html.index('data-md-component="header-topic"'):]
    topic = re.search(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', header)
    assert topic and topic.group(1) == "&lt;/title&gt;&lt;script&gt;alert(&#x27;fm-title&#x27;)&lt;/script&gt;"
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    assert "<script>alert" not in nav
    mmd = content.project / "site" / "mmd-meta" / "index.html"
    assert_inert(mmd.read_text(encoding="utf-8"), str(mmd))
    assert head_of(mmd).title == "<script>alert('mmd-title')</script> - Starter dossier"


def shown(page: Path) -> str:
    """The visible text of a page's article without white space (glossary marks split words)."""
    return re.sub(r"\s+", "", visible_text(article_of(page)))


def squash(text: str) -> str:
    """``text`` without white space, to compare with :func:`shown`."""
    return re.sub(r"\s+", "", text)


NAMES_SHOWN = ("[click](javascript:alert('native-md'))", "![x](y){: onerror=alert('translit')} <b>t</b>",
               "[hq](javascript:alert('hq'))", "\uff1d1+1 [name-md](javascript:alert('name-md'))")
SOURCE_SHOWN = ("https://a.example/[url-md](javascript:alert%281%29){:onclick=alert%281%29}",
                "![p](x){: onerror=alert('publisher')}")


def test_markdown_in_names_and_addresses_is_text_on_the_site(content):
    site = content.project / "site"
    land_f = shown(site / "actors" / "land-f" / "index.html")
    assert all(squash(text) in land_f for text in NAMES_SHOWN), land_f
    source = shown(site / "sources" / "src-md" / "index.html")
    assert all(squash(text) in source for text in SOURCE_SHOWN), source


def test_graph_titles_are_text(content):
    """The full names of shortened graph labels (SVG <title> on the Network page, a title
    attribute in a neighbourhood's rows) are text: escaped, never markup."""
    from sitebuild import parse_text

    network = content.project / "site" / "graph" / "index.html"
    neighbour = content.project / "site" / "actors" / "land-a" / "index.html"
    name = "\uff1d1+1 [name-md](javascript:alert('name-md'))"
    titles = head_of(network).svg_titles
    assert any(t.startswith(name) for t in titles), titles
    for path in (network, neighbour):
        for block in re.findall(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S):
            assert "<" not in block, block
    rows = [a for t, a in parse_text(article_of(neighbour)).tags if t == "a" and a.get("data-id") == "land-f"]
    assert rows and rows[0]["title"] == name  # the attribute's text, decoded, is the name as written


def test_search_index_holds_the_text_escaped(content):
    index = json.loads((content.project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"] == "meta/" for d in index["docs"])
    for doc in index["docs"]:
        assert_inert_content(doc["title"], doc["location"])
        assert_inert_content(doc["text"], doc["location"])


def test_timeline_data_is_exact(content):
    events = {e["id"]: e for e in json.loads(
        (content.project / "site" / "events" / "timeline.json").read_text(encoding="utf-8"))["events"]}
    assert events["ev-md"]["title"] == "[event-md](javascript:alert('event-md')) TTP"
    ics = (content.project / "site" / "events" / "timeline.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:[event-md](javascript:alert('event-md')) TTP\r\n" in ics


def test_json_export_keeps_every_value_as_written(content):
    data = json.loads((content.out / "export.json").read_text(encoding="utf-8"))
    fields = {e["id"]: e["fields"] for e in data["entries"]}
    assert fields["land-f"]["native_names"][0]["name"] == "[click](javascript:alert('native-md'))"
    assert fields["src-md"]["url"] == "https://a.example/[url-md](javascript:alert%281%29){:onclick=alert%281%29}"


def test_markdown_export_escapes_names_and_addresses_for_markdown(content):
    site = content.out / "md" / "site"
    for page, texts in ((site / "actors" / "land-f" / "index.html", NAMES_SHOWN),
                        (site / "sources" / "src-md" / "index.html", SOURCE_SHOWN)):
        assert_inert_content(article_of(page), f"export: {page}")
        assert all(squash(text) in shown(page) for text in texts), shown(page)


def test_markdown_export_of_hand_written_pages_with_front_matter(content):
    exported = (content.out / "md" / "docs" / "meta.md").read_text(encoding="utf-8")
    assert exported.startswith("---\ntitle: '&lt;/title&gt;&lt;script&gt;alert(&#x27;fm-title&#x27;)&lt;/script&gt;'\n")
    assert "<script" not in exported and "<span" not in exported
    page = content.out / "md" / "site" / "meta" / "index.html"
    assert_inert(page.read_text(encoding="utf-8"), "export: docs/meta.md")
    head = head_of(page)
    assert head.title.startswith("</title><script>alert('fm-title')</script>")
    assert head.meta["description"] == "\"><script>alert('fm-description')</script>"
    assert_inert_content(article_of(page), "export: docs/meta.md")
    mmd = content.out / "md" / "site" / "mmd-meta" / "index.html"
    assert_inert(mmd.read_text(encoding="utf-8"), "export: docs/mmd-meta.md")


def test_pdf_shows_round_two_as_text(content):
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(str(content.out / "dossier.pdf")).pages)
    assert "alert('native-md')" in text and "alert('definition-tooltip')" in text
    assert CANARY_MARKER not in text


@pytest.fixture(scope="module")
def unzipped(content, tmp_path_factory) -> Path:
    """The offline zip of the hostile project, unpacked (checking its names on the way)."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(content.out / "dossier-offline.zip") as zf:
        for info in zf.infolist():
            assert info.filename.startswith("dossier/") and ".." not in info.filename.split("/"), info.filename
            assert (info.external_attr >> 16) & 0o170000 in (0, 0o100000), f"not a plain file: {info.filename}"
        zf.extractall(target)
    return target / "dossier"


def test_offline_zip_is_inert(unzipped):
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert_inert(html, str(page))
        assert CANARY_MARKER not in html
        if '<article class="md-content__inner' in html:
            assert_inert_content(article_of(page), str(page))
    index = json.loads((unzipped / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(d["location"].startswith("actors/land-f") for d in index["docs"])
    for doc in index["docs"]:
        assert_inert_content(doc["title"], doc["location"])
        assert_inert_content(doc["text"], doc["location"])


def test_every_round_two_payload_reached_the_site_as_text(content):
    """The corpus is exercised: each payload is in the built site, shown (decoded) as the text it is."""
    import html as html_module

    from corpus_round2 import ROUND2_PAYLOADS

    site = content.project / "site"
    text = html_module.unescape("".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html")))
    needles = {label: f"alert('{label}')" for label in ROUND2_PAYLOADS}
    needles["url-md"] = "[url-md](javascript:alert%281%29)"  # an address: no quotes allowed
    missing = [label for label, needle in needles.items() if needle not in text]
    assert missing == []
