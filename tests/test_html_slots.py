"""The site's ready-made HTML says exactly what the exported Markdown says.

Entry pages, kind indexes and the timeline are written twice from the same
section functions: as Markdown (``dossier export``, the PDF) and, for the
site, as Markdown (title and body) plus ready-made HTML parts.  Python-
Markdown's rendering of the first must equal the second, assembled the way
the site assembles it: same elements, attributes, text, heading ids and
table of contents.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys

import markdown
import pytest

from dossierkit.loading.load import load_dossier
from dossierkit.render.context import SiteOptions
from dossierkit.render.formats import HtmlFormat, MarkdownFormat
from dossierkit.render.sanitize import sanitize_html
from dossierkit.render.site import SiteHtml, generate_pages
from dossierkit.render.slots import (Heading, HeadingStyle, PageWriter, SiteParts, Unsearched, insert_after_title,
                                     render_parts, restore_deferred)
from dossierkit.render.text import rel_link
from dossierkit.render.tooltips import Glossary
from sitebuild import ROOT

EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition"]
STYLES = {  # the toc extension's options, and the same as a HeadingStyle
    "plain": ({}, HeadingStyle()),
    "permalink": ({"permalink": True}, HeadingStyle(permalink="&para;")),
    "leading, custom, base 2": ({"permalink": "#", "permalink_leading": True, "permalink_title": "", "baselevel": 2},
                                HeadingStyle(permalink="#", permalink_leading=True, permalink_title="", baselevel=2)),
}


def _convert(text: str, toc: dict) -> tuple[str, list[tuple[int, str, str]]]:
    """HTML and flattened (level, id, name) table of contents, as Python-Markdown makes them."""
    md = markdown.Markdown(extensions=EXTENSIONS + ["toc"], extension_configs={"toc": toc})
    html = md.convert(text)
    flat: list[tuple[int, str, str]] = []

    def walk(tokens):
        for t in tokens:
            flat.append((t["level"], t["id"], t["name"]))
            walk(t["children"])

    walk(md.toc_tokens)
    return html, flat


def _site(markdown_text: str, parts: SiteParts, toc: dict, style: HeadingStyle):
    """The page as the site assembles it: Markdown-made HTML, then the parts."""
    html, flat = _convert(markdown_text, toc)
    rendered = render_parts(parts, html, style)
    html = insert_after_title(html, rendered.head) + "\n" + rendered.tail + "\n" + rendered.late
    return html, flat + rendered.toc


def _nested_toc(markdown_text: str, toc: dict, extra=()) -> list:
    """The page's table of contents as MkDocs holds it, with ``extra`` headings added by the plugin."""
    from types import SimpleNamespace

    from mkdocs.structure.toc import get_toc

    from dossierkit.plugin.headings import extend_toc

    md = markdown.Markdown(extensions=EXTENSIONS + ["toc"], extension_configs={"toc": toc})
    md.convert(markdown_text)
    page = SimpleNamespace(toc=get_toc(md.toc_tokens))
    extend_toc(page, list(extra))

    def tree(items):
        return [(i.level, i.id, i.title, tree(i.children)) for i in items]

    return tree(page.toc.items)


def _tokens(html: str) -> list[tuple]:
    """The elements, attributes and text of ``html``, however they are spelled."""
    from html.parser import HTMLParser

    class Tokens(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[tuple] = []

        def handle_starttag(self, tag, attrs):
            # a boolean attribute may be written bare, empty or as its own name (md_in_html)
            self.out.append(("start", tag, sorted((k, "" if v in (None, k) else v) for k, v in attrs)))

        def handle_endtag(self, tag):
            self.out.append(("end", tag))

        def handle_data(self, data):
            if data.strip():
                self.out.append(("text", data.strip()))

    parser = Tokens()
    parser.feed(html)
    parser.close()
    return parser.out


def _markdown_links(from_page: str, to_page: str) -> str:
    return rel_link(from_page, to_page)  # the link the Markdown form writes, so both forms compare


@pytest.fixture(scope="module")
def shipped():
    return load_dossier(ROOT / "dossier", root=ROOT)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The starter project with the hostile-input corpus's accepted entries (issue 8)."""
    spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "tests" / "hostile" / "corpus.py")
    corpus = sys.modules.setdefault("hostile_corpus", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(corpus)
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "starter", project)
    for rel, text in corpus.HOSTILE_FILES.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text, encoding="utf-8")
    return load_dossier(project / "dossier", root=project)


def _compare_both_forms(dossier, toc: dict, style: HeadingStyle, options=SiteOptions()) -> int:
    plain = {p.path: p for p in generate_pages(dossier, options)}
    compared = 0
    for page in generate_pages(dossier, options, SiteHtml(_markdown_links)):
        if not page.parts:
            assert page.markdown == plain[page.path].markdown, page.path
            continue
        html, toc_items = _site(page.markdown, page.parts, toc, style)
        want_html, want_toc = _convert(plain[page.path].markdown, toc)
        assert _tokens(html) == _tokens(want_html), page.path
        assert toc_items == want_toc, page.path
        rendered = render_parts(page.parts, _convert(page.markdown, toc)[0], style)
        assert _nested_toc(page.markdown, toc, rendered.toc) == _nested_toc(plain[page.path].markdown, toc), page.path
        compared += 1
    return compared


@pytest.mark.parametrize("style", STYLES, ids=str)
def test_site_html_equals_the_rendered_markdown(shipped, style):
    toc, heading_style = STYLES[style]
    assert _compare_both_forms(shipped, toc, heading_style) > 100  # every entry, the kind indexes, the timeline


def test_hostile_pages_have_the_same_html_in_both_forms(hostile):
    toc, style = STYLES["permalink"]
    options = SiteOptions(edit_base="https://example.org/edit/")
    assert _compare_both_forms(hostile, toc, style, options) > 10


def test_only_title_and_bodies_stay_markdown(shipped):
    for page in generate_pages(shipped, SiteOptions(), SiteHtml(_markdown_links)):
        if page.entry_path:
            entry = shipped.entries[page.path.rsplit("/", 1)[1][:-3]]
            headings = [line for line in page.markdown.splitlines() if line.startswith("#")]
            assert headings[0].startswith("# "), page.path
            if not entry.data.get("body"):
                assert page.markdown.strip() == headings[0], page.path


def test_parts_are_already_what_the_sanitizer_would_keep(hostile):
    """Parts are put in after the sanitizer has run: they must need none."""
    pages = generate_pages(hostile, SiteOptions(edit_base="https://example.org/edit/"),
                           SiteHtml(_markdown_links, Glossary(hostile).mark_text))
    checked = []
    for page in pages:
        rendered = render_parts(page.parts, "", STYLES["permalink"][1])
        for html in (rendered.head, rendered.tail, rendered.late):
            assert _tokens(sanitize_html(html)) == _tokens(html), page.path
            checked.append(html)
    assert any("alert('note')" in html for html in checked)  # the hostile relation note, escaped
    assert any("alert('summary')" in html for html in checked)


def _search_sections(html: str) -> list[tuple]:
    """What Material's search parser makes of a page: each section's id, title, text and exclusion."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


@pytest.mark.parametrize("corpus", ["shipped", "hostile"])
def test_deferred_blocks_change_neither_the_search_index_nor_the_page(corpus, request):
    """Badges and infoboxes are comments while search reads the page: it indexes the same sections,
    and the page gets them back byte for byte."""
    dossier = request.getfixturevalue(corpus)
    toc, style = STYLES["permalink"]
    deferred = 0
    for page in generate_pages(dossier, SiteOptions(), SiteHtml(_markdown_links)):
        if not page.parts:
            continue
        html = _convert(page.markdown, toc)[0]
        whole = render_parts(page.parts, html, style)
        split = render_parts(page.parts, html, style, defer="dossier-unsearched-test")
        full = insert_after_title(html, whole.head) + ("\n" + whole.tail if whole.tail else "")
        searched = insert_after_title(html, split.head) + ("\n" + split.tail if split.tail else "")
        assert restore_deferred(searched, split.deferred) == full, page.path
        assert _search_sections(searched) == _search_sections(full), page.path
        assert split.anchor_ids() == whole.anchor_ids(), page.path
        if split.deferred:
            deferred += 1
            assert len(searched) < len(full) and "data-search-exclude" in full
    assert deferred > (50 if corpus == "shipped" else 5)


def test_deferred_blocks_are_single_excluded_elements_and_their_comments_must_survive():
    out = PageWriter(slotted=True)
    out.heading(1, "Title")
    out.block('<p class="b" data-search-exclude>badges</p>', searched=False)
    out.block('<div data-search-exclude><a id="x">table</a></div>', searched=False)
    out.block('<p>searched</p>')
    out.block('<p data-search-exclude>late</p>', late=True, searched=False)  # late parts are never searched
    _, parts = out.finish()
    assert parts.head == (Unsearched('<p class="b" data-search-exclude>badges</p>'),
                          Unsearched('<div data-search-exclude><a id="x">table</a></div>'), "<p>searched</p>")
    assert parts.late == ('<p data-search-exclude>late</p>',)
    rendered = render_parts(parts, "<h1>Title</h1>", HeadingStyle(), defer="w")
    assert rendered.head == "<!--w-0-->\n<!--w-1-->\n<p>searched</p>"
    assert "x" in rendered.anchor_ids()
    assert restore_deferred("<h1>Title</h1>" + rendered.head, rendered.deferred) == \
        "<h1>Title</h1>" + render_parts(parts, "<h1>Title</h1>", HeadingStyle()).head
    with pytest.raises(ValueError, match="<!--w-1-->"):
        restore_deferred("<h1>Title</h1><!--w-0-->", rendered.deferred)
    plain = PageWriter()
    plain.block("<p data-search-exclude>badges</p>", searched=False)
    assert plain.finish() == ("<p data-search-exclude>badges</p>\n", SiteParts())


def test_tooltips_mark_contributed_text_but_never_link_labels(shipped):
    glossary = Glossary(shipped)
    from dossierkit.render.glossary_page import glossary_items
    term = next(t for t in glossary_items(shipped) if t.data.get("abbreviation"))  # a term or an organisation
    abbreviation = term.data["abbreviation"]
    fmt = HtmlFormat("actors/x.md", _markdown_links, glossary.mark_text)
    marked = fmt.text(f"Talks at the {abbreviation} <b> & more")
    assert '<abbr class="dossier-term" title="' in marked and f">{abbreviation}</abbr>" in marked
    assert "&lt;b&gt; &amp; more" in marked
    link = fmt.link(term, f"the {abbreviation}")
    assert "<abbr" not in link and link.endswith(f">the {abbreviation}</a>")


def test_writer_groups_parts_by_place_and_keeps_their_order():
    out = PageWriter(slotted=True)
    out.heading(1, "Title <b>")
    out.block("<p>badges</p>")
    out.markdown("The body.", "")
    out.heading(2, "Claims")
    out.block("<ul><li>c</li></ul>")
    out.heading(2, "Relations", (("data-search-exclude", ""),))
    out.block("<ul><li>r</li></ul>", late=True)
    text, parts = out.finish()
    assert text == "# Title &lt;b&gt;\n\nThe body.\n"
    assert parts.head == ("<p>badges</p>",)
    assert parts.tail == (Heading(2, "Claims"), "<ul><li>c</li></ul>")
    assert parts.late == (Heading(2, "Relations", (("data-search-exclude", ""),)), "<ul><li>r</li></ul>")
    with pytest.raises(ValueError):
        out.block("<p>searchable after a late part</p>")
    with pytest.raises(ValueError):
        out.markdown("Markdown after a late part")


def test_heading_ids_are_unique_against_the_page_and_each_other():
    parts = SiteParts(tail=(Heading(2, "Sources"), Heading(2, "Sources")), late=(Heading(3, "Sources"),))
    rendered = render_parts(parts, '<h1 id="x">X</h1><h2 id="sources">Sources</h2>', HeadingStyle())
    assert [i for _, i, _ in rendered.toc] == ["sources_1", "sources_2", "sources_3"]
    assert insert_after_title('<h1 id="x">X</h1><p>body</p>', "<p>head</p>") == '<h1 id="x">X</h1>\n<p>head</p><p>body</p>'


def test_only_id_attributes_count_as_ids():
    """data-id, xid and an id at the very start: the same as the attribute rule, wherever the "id" falls."""
    page = 'id="first"<p data-id="sources" xid="claims" grid="x">A paragraph id="said"</p><h2 id="relations">R</h2>'
    parts = SiteParts(tail=(Heading(2, "First"), Heading(2, "Sources"), Heading(2, "Claims"), Heading(2, "Relations")))
    rendered = render_parts(parts, page, HeadingStyle())
    assert [i for _, i, _ in rendered.toc] == ["first_1", "sources", "claims", "relations_1"]
    late = SiteParts(late=('<span data-id="no">x</span><a id="cite-1">1</a>id="yes"',))
    assert render_parts(late, "", HeadingStyle()).anchor_ids() == {"cite-1", "yes"}


def test_rel_link_is_relpath_between_page_sources():
    """rel_link works out the way between two folders once; the result is relpath's, pair by pair, twice."""
    import itertools
    import posixpath

    pages = ["index.md", "status.md", "actors/iran.md", "actors/index.md", "a/b/c.md", "a/b/d.md", "a/x.md",
             "./a/x.md", "a//b/c.md", "a/./b/e.md", "a/b/../c/f.md", "../up.md", "x/", "..", "a/b/c/d/e.md",
             "/top.md", "/a/b.md"]
    for _ in range(2):
        for from_page, to_page in itertools.product(pages, pages):
            for anchor in ("", "cite-1"):
                if from_page == to_page:
                    expected = posixpath.basename(to_page)
                else:
                    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
                expected = f"#{anchor}" if anchor and from_page == to_page else \
                    (f"{expected}#{anchor}" if anchor else expected)
                assert rel_link(from_page, to_page, anchor) == expected, (from_page, to_page, anchor)


def test_markdown_form_writes_everything_inline():
    out = PageWriter()
    out.heading(2, "Relations", (("data-search-exclude", ""),))
    out.block(MarkdownFormat("a/b.md").bullets(["x", "y"]), late=True)
    out.block("")  # empty blocks leave nothing behind
    out.heading(2, "2025", (("class", "dossier-year"), ("data-year", "2025")))
    assert out.finish() == ("## Relations { data-search-exclude }\n\n- x\n- y\n\n"
                            '## 2025 { .dossier-year data-year="2025" }\n', SiteParts())
