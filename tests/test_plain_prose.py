"""Entry pages in plain prose: the HTML written without Python-Markdown is the HTML it makes.

``render/plain_prose.py`` writes plain bodies as HTML, and
``plugin/prose_pages.py`` the title's heading; a page whose title and body
are plain reaches MkDocs with no Markdown.  Here generated text full of the
characters that matter is rendered both ways, and sites are built both ways
(``DOSSIER_PROSE=0`` keeps every page's Markdown) and compared byte for byte.
"""

from __future__ import annotations

import logging
import random
import shutil

import markdown
import pytest
from hypothesis import given, settings, strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from dossierkit.loading.load import load_dossier
from dossierkit.plugin.headings import heading_style
from dossierkit.plugin.prose_pages import SAMPLES, ProsePage, TitleTemplate, prose_pages, prose_wanted
from dossierkit.render.context import SiteOptions, render_body
from dossierkit.plugin.urls import page_href
from dossierkit.render.entity_page import prose_body_html
from dossierkit.render.formats import HtmlFormat
from dossierkit.render.plain_prose import PUNCTUATION, is_plain_text, one_line
from dossierkit.render.site import SiteHtml, entry_pages
from dossierkit.render.slots import Heading, PageWriter
from dossierkit.render.text import page_path, rel_link
from sitebuild import ROOT, build_site, site_files

PAGE = "actors/pakistan.md"


@pytest.fixture(scope="module")
def shipped():
    return load_dossier(ROOT / "dossier", root=ROOT)


@pytest.fixture(scope="module")
def mkdocs_page(shipped, tmp_path_factory):
    """Renders a body on Pakistan's page through MkDocs (its links resolved among every entry's page),
    and writes it through the plain-prose path with the site's own link writer."""
    config = _config(tmp_path_factory.mktemp("mkdocs"), {"permalink": True})
    files = Files([_file(config, page_path(e)) for e in shipped])
    pakistan = files.get_file_from_path(PAGE)
    fmt = HtmlFormat(PAGE, page_href(config))

    def both(body: str) -> tuple[str | None, str]:
        page = Page(None, pakistan, config)
        page.markdown, page.meta = render_body(shipped, body, PAGE).rstrip() + "\n", {}
        page.render(config, files)
        return prose_body_html(shipped, body, fmt), page.content

    return both


_WORDS = ["word", "Word", "ĀBC", "قطر", "中文", "2015", "10,000", "[[iran]]", "[[qatar|Qatar's]]", "[[iran|two  words]]",
          "“Quoted”", "(aside)", "‘single’", '"plain"']
_JOINS = [" ", " ", " ", ", ", "; ", ": ", " – ", " — ", "/", "-", "%", "? ", ". ", "  "]
_OTHER = ["[[no-such-id]]", "1. ", "- ", "+ ", "* ", "# ", "> ", "    ", "\t", "  \n", "---", "===", "!", "![x]",
          "[[iran]](x)", "[", "]", "*", "_", "`", "<b>", "&amp;", "&", "\\", "{: .x}", "|", "~", "=", "!!! note", "\r",
          "\u00a0", "\u200d", "\u064e", "²", "]:", "Word:", "//", "javascript:", "[[iran\r]]", "[[iran|a\rb]]",
          "[[iran]]:", "[TOC]", "///Footnotes Go Here///", "\n", " ", *sorted(PUNCTUATION)]


def _body(rng: random.Random) -> str:
    """Lines of words, links and punctuation, in paragraphs; half the time with one piece that may
    make it something other than plain prose, anywhere in it."""
    lines = []
    for _ in range(rng.randint(1, 6)):
        words = rng.choice(_WORDS) + "".join(rng.choice(_JOINS) + rng.choice(_WORDS) for _ in range(rng.randint(0, 8)))
        lines.append(words + rng.choice(["", ".", "?", ")", " "]))
    body = "".join(line + rng.choice(["\n", "\n", "\n\n", "\n\n\n"]) for line in lines)
    if rng.random() < 0.5:
        at = rng.randint(0, len(body))
        body = body[:at] + rng.choice(_OTHER) + body[at:]
    return body


@settings(max_examples=1500, deadline=None)
@given(st.randoms(use_true_random=False))
def test_a_plain_body_is_what_mkdocs_makes_of_it(mkdocs_page, rng):
    html, want = mkdocs_page(_body(rng))
    if html is not None:
        assert html == want


def test_the_comparison_is_mostly_of_plain_bodies(mkdocs_page):
    """The property above compares only plain bodies: many of those it is given are."""
    rng = random.Random(7)
    bodies = [_body(rng) for _ in range(400)]
    plain = [body for body in bodies if mkdocs_page(body)[0] is not None]
    assert len(plain) > 100 and sum(1 for body in plain if "\n\n" in body and "[[" in body) > 40
    for body in plain:
        html, want = mkdocs_page(body)
        assert html == want, body


@pytest.mark.parametrize("body", [
    "Office agency forum. See [[iran]]. See [[qatar|Qatar's envoy]].\nA second line (of the same paragraph).",
    "“Quoted” — and ‘single’ – 10,000 men; 45% of them: who?\n\n\n[[iran]] opens a paragraph.\n\n2015 was a year.",
    "قطر والسعودية 2025",
])
def test_ordinary_prose_is_plain(mkdocs_page, body):
    html, want = mkdocs_page(body)
    assert html is not None and html == want


@pytest.mark.parametrize("body", ["1. a list", "- a list", "a *word*", "a\n---", "x  \ny", "![[iran]]", "see [[iran]](x)",
                                  "a <b>tag</b>", "R&D", "[[no-such-id]]", "    code", "a\r\nb", "no\u00a0break",
                                  "Members: [[qatar]]: Doha: capital.", "[[iran\r]]", "[[iran]]:\nDoha: the capital."])
def test_anything_else_keeps_its_markdown(mkdocs_page, body):
    assert mkdocs_page(body)[0] is None


def test_plain_titles():
    assert is_plain_text("Islamic Military Counter Terrorism Coalition (IMCTC)")
    assert is_plain_text("2025 Saudi–Pakistan pact") and is_plain_text("“Muslim NATO”")
    for title in ("1. First", "- x", "# x", "a_b", "a*b*", "R&D", "<script>", "x [y]", "", "A!", "\u00a0x"):
        assert not is_plain_text(title), title


def _config(tmp_path, toc: dict, extensions=("attr_list", "md_in_html", "tables")):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"), markdown_extensions=[*extensions, {"toc": toc}])


def _file(config, path: str) -> File:
    return File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)


def _rendered(config, text: str, cls: type[Page] = Page) -> Page:
    page = cls(None, _file(config, "actors/x.md"), config)
    page.markdown, page.meta = text, {}
    page.render(config, Files([page.file]))
    return page


def _flat_toc(items) -> list[tuple]:
    return [(i.level, i.id, i.title, _flat_toc(i.children)) for i in items]


TOCS = [{}, {"permalink": True}, {"permalink": "#", "permalink_title": ""},
        {"permalink": True, "separator": "_"}, {"permalink": True, "toc_depth": "2-6"}]
_TITLE_CHARS = st.sampled_from(["A", "b", "é", "Ω", "ق", "中", "1", "2", *sorted(PUNCTUATION), "  "])


@pytest.mark.parametrize("toc", TOCS, ids=str)
def test_a_plain_title_is_the_heading_mkdocs_makes(tmp_path, toc):
    config = _config(tmp_path, toc)
    template = TitleTemplate.make(config, heading_style(toc))
    assert template is not None

    @settings(max_examples=300, deadline=None)
    @given(st.lists(_TITLE_CHARS, min_size=1, max_size=12).map("".join))
    def check(title):
        if not is_plain_text(one_line(title)):
            return
        want = _rendered(config, Heading(1, title).markdown() + "\n\nBody words.\n")
        got = _rendered(config, "")
        html = template.page_html(got, _writer_prose(one_line(title), "<p>Body words.</p>"))
        assert html == want.content
        assert _flat_toc(got.toc.items) == _flat_toc(want.toc.items)
        assert got.present_anchor_ids == want.present_anchor_ids
        assert got.links_to_anchors == {got.file if f is want.file else f: a for f, a in want.links_to_anchors.items()}
        assert one_line(title) == want.title  # the page's title, which the plugin puts in its metadata

    check()


def _writer_prose(title: str, body_html: str):
    """A :class:`Prose` as the writer makes it."""
    out = PageWriter(slotted=True)
    out.prose_title(title)
    out.prose_body(body_html)
    return out.finish()[1].prose


def test_settings_it_does_not_know_keep_the_markdown(tmp_path):
    assert prose_wanted(_config(tmp_path, {}))
    assert not prose_wanted(_config(tmp_path, {}, extensions=("attr_list", "smarty")))
    # A toc marker that a paragraph of plain prose could be.
    assert not prose_wanted(_config(tmp_path, {"marker": "Contents"}))
    assert prose_wanted(_config(tmp_path, {"marker": ""}))
    # A slugify that keeps the title's case (the template cannot tell the text from the id), or
    # makes ids that are also in the heading's markup ("d" is in id= and href=: only the second
    # sample page shows it).
    for slugify in (lambda text, sep: text, lambda text, sep: "a", lambda text, sep: "d" if text[0] == "D" else "x"):
        toc = {"slugify": slugify}
        assert TitleTemplate.make(_config(tmp_path, toc), heading_style(toc)) is None
    # Where MkDocs' page title is not the heading's text, the template is not used: a permalink
    # before the text, or a base level that makes the title an h2 (the title is then the file
    # name's), or a permalink of another class (then its text is part of the title).
    for toc, title in (({"permalink": "#", "permalink_leading": True}, "X"), ({"baselevel": 2}, "X"),
                       ({"permalink": "#", "permalink_class": "x"}, "Heading#")):
        config = _config(tmp_path, toc)
        assert _rendered(config, "# Heading\n").title == title
        assert TitleTemplate.make(config, heading_style(toc)) is None


# (MkDocs adds toc, tables and fenced_code to every site's extensions.)
@pytest.mark.parametrize("extensions", [("attr_list", "md_in_html", "tables", "toc"), ()], ids=str)
@pytest.mark.parametrize("log_level", [logging.INFO, logging.DEBUG])
def test_a_prose_page_renders_as_mkdocs_renders_it(tmp_path, extensions, log_level, monkeypatch):
    """ProsePage skips Python-Markdown for blank Markdown: what it sets is what MkDocs' Page sets."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), markdown_extensions=list(extensions))
    monkeypatch.setattr(logging.getLogger("mkdocs.structure.pages"), "level", log_level)
    made = []
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text, convert=markdown.Markdown.convert:
                        made.append(text) or convert(self, text))
    for text in ("", "\n", " \t\n\n", "# A title\n\nA [link](#a-title) and <b id=x>html</b>.\n"):
        want = _rendered(config, text)
        assert made.pop() == text
        got = _rendered(config, text, ProsePage)
        assert made == ([text] if text.strip() else [])  # Python-Markdown only for text
        made.clear()
        assert (got.content, got.title, got._title_from_render, got.present_anchor_ids) == \
               (want.content, want.title, want._title_from_render, want.present_anchor_ids)
        assert _flat_toc(got.toc.items) == _flat_toc(want.toc.items) and type(got.toc) is type(want.toc)
        assert got.links_to_anchors == {got.file if f is want.file else f: a
                                        for f, a in (want.links_to_anchors or {}).items()} or \
               got.links_to_anchors is want.links_to_anchors is None
        assert (got.links_to_anchors is None) == (log_level == logging.DEBUG)
    with pytest.raises(RuntimeError):  # as MkDocs' own: a page that was never read
        ProsePage(None, _file(config, "actors/y.md"), config).render(config, Files([]))


def test_pages_named_in_the_nav_or_left_out_stay_mkdocs_own(tmp_path):
    config = _config(tmp_path, {})
    config.nav = ["index.md", {"Named": [{"An entry": "/actors/named.md"}, "./actors//dotted.md"]}]
    files = Files([File(f"actors/{name}.md", src_dir=None, dest_dir=config.site_dir, inclusion=inclusion,
                        use_directory_urls=config.use_directory_urls) for name, inclusion in (
        ("plain", InclusionLevel.NOT_IN_NAV), ("named", InclusionLevel.NOT_IN_NAV), ("dotted", InclusionLevel.NOT_IN_NAV),
        ("elsewhere", InclusionLevel.EXCLUDED), ("made", InclusionLevel.NOT_IN_NAV), ("other", InclusionLevel.NOT_IN_NAV),
        ("listed", InclusionLevel.INCLUDED))])
    made = Page(None, files.src_uris["actors/made.md"], config)  # a page another plugin made
    prose_pages(files, config, ["actors/plain.md", "actors/named.md", "actors/dotted.md", "actors/elsewhere.md",
                                "actors/made.md", "actors/listed.md"])
    pages = {file.src_uri: file.page for file in files}
    assert type(pages["actors/plain.md"]) is ProsePage and pages["actors/made.md"] is made
    assert pages["actors/named.md"] is None and pages["actors/dotted.md"] is None
    assert pages["actors/elsewhere.md"] is None and pages["actors/other.md"] is None and pages["actors/listed.md"] is None


def test_the_writer_keeps_a_prose_page_whole():
    out = PageWriter(slotted=True)
    out.prose_title("Title")
    out.block("<p>badges</p>")
    out.prose_body("<p>Body</p>")
    out.block("<p>claims</p>")
    markdown_text, parts = out.finish()
    assert markdown_text == "" and parts.head == ("<p>badges</p>",) and parts.tail == ("<p>claims</p>",)
    assert parts.prose.title == "Title" and parts.prose.body_html == "<p>Body</p>"
    for misuse in (lambda w: w.markdown("x"), lambda w: w.heading(1, "Again"), lambda w: w.prose_title("Again")):
        writer = PageWriter(slotted=True)
        writer.prose_title("Title")
        with pytest.raises(ValueError):
            misuse(writer)
    with pytest.raises(ValueError):
        PageWriter().prose_title("Markdown form")
    writer = PageWriter(slotted=True)
    writer.prose_title("Title")
    writer.block("<ul><li>late</li></ul>", late=True)
    with pytest.raises(ValueError):
        writer.prose_body("<p>Body</p>")


def test_most_shipped_entries_are_plain_prose(shipped):
    pages = entry_pages(shipped, SiteOptions(), SiteHtml(rel_link, prose=True))
    prose = [p for p in pages if p.parts.prose]
    assert len(prose) > len(pages) * 0.8 and sum(1 for p in prose if p.parts.prose.body_html) > 50
    assert all(p.markdown == "" for p in prose)
    assert all(not p.parts.prose for p in entry_pages(shipped, SiteOptions(), SiteHtml(rel_link)))


@pytest.mark.parametrize("project", ["shipped", "hostile"])
def test_a_site_is_the_same_with_and_without_markdown_for_plain_prose(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    if project == "shipped":
        root = ROOT
    else:
        import importlib.util
        import sys
        spec = importlib.util.spec_from_file_location("hostile_corpus", ROOT / "tests" / "hostile" / "corpus.py")
        corpus = sys.modules.setdefault("hostile_corpus", importlib.util.module_from_spec(spec))
        spec.loader.exec_module(corpus)
        root = tmp_path / "project"
        shutil.copytree(ROOT / "tests" / "fixtures" / "starter", root)
        for rel, text in corpus.HOSTILE_FILES.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
    written, blank = [], []
    page_html, render = TitleTemplate.page_html, ProsePage.render
    monkeypatch.setattr(TitleTemplate, "page_html", lambda self, page, prose: written.append(prose.title)
                        or page_html(self, page, prose))
    monkeypatch.setattr(ProsePage, "render", lambda self, config, files: blank.append(self.markdown)
                        or render(self, config, files))
    sites, counts = {}, {}
    for prose in ("0", "1"):
        monkeypatch.setenv("DOSSIER_PROSE", prose)
        build_site(root, tmp_path / f"site-{prose}")
        sites[prose], counts[prose] = site_files(tmp_path / f"site-{prose}"), (len(written), len(blank))
    # Pages given without Markdown (and the template's own check, once a build), every one
    # rendered without Python-Markdown.
    assert counts["0"] == (0, 0) and counts["1"][0] > (300 if project == "shipped" else 5)
    assert written.count(SAMPLES[1][0]) == 1 and counts["1"][1] == counts["1"][0] - 1 and set(blank) == {""}
    assert sites["0"].keys() == sites["1"].keys()
    assert [path for path in sites["0"] if sites["0"][path] != sites["1"][path]] == []
