"""The site's ready-made HTML says exactly what the exported Markdown says.

Entry pages, kind indexes and the timeline are written twice from the same
section functions: as Markdown (``dossier export``, the PDF) and, for the
site, as Markdown with placeholders plus HTML slots.  Python-Markdown's
rendering of the first must equal the second with its slots filled in.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys

import markdown
import pytest

from dossierkit.build import load_dossier
from dossierkit.render.context import SiteOptions
from dossierkit.render.formats import HtmlFormat, MarkdownFormat
from dossierkit.render.sanitize import sanitize_html
from dossierkit.render.site import SiteHtml, generate_pages
from dossierkit.render.slots import SLOT_RE, PageWriter, fill_slots
from dossierkit.render.text import rel_link
from dossierkit.render.tooltips import Glossary
from sitebuild import ROOT

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def _normal(html: str) -> str:
    """Layout whitespace between tags does not matter, nor how a boolean attribute
    is spelled (md_in_html writes ``a="a"``); everything else does."""
    html = re.sub(r'(data-search-exclude)(="[^"]*")?', r"\1", html)
    return re.sub(r">\s+<", "><", html).strip()


def _tokens(html: str) -> list[tuple]:
    """The elements, attributes and text of ``html``, however they are spelled."""
    from html.parser import HTMLParser

    class Tokens(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[tuple] = []

        def handle_starttag(self, tag, attrs):
            self.out.append(("start", tag, sorted((k, v or "") for k, v in attrs)))

        def handle_endtag(self, tag):
            self.out.append(("end", tag))

        def handle_data(self, data):
            if data.strip():
                self.out.append(("text", data))

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


@pytest.fixture(scope="module")
def both_forms(shipped):
    plain = {p.path: p for p in generate_pages(shipped, SiteOptions())}
    slotted = {p.path: p for p in generate_pages(shipped, SiteOptions(), SiteHtml(_markdown_links))}
    return plain, slotted


def test_every_page_has_both_forms_and_only_site_pages_have_slots(both_forms):
    plain, slotted = both_forms
    assert plain.keys() == slotted.keys()
    assert not any(p.slots for p in plain.values())
    with_slots = [p for p in slotted.values() if p.slots]
    assert len(with_slots) > 100  # every entry page, the kind indexes and the timeline
    for page in with_slots:
        assert len(SLOT_RE.findall(page.markdown)) == len(page.slots), page.path


def test_slotted_html_equals_the_rendered_markdown(both_forms):
    plain, slotted = both_forms
    compared = 0
    for path, page in plain.items():
        site = slotted[path]
        if not site.slots:
            assert site.markdown == page.markdown, path
            continue
        html = _convert(site.markdown)
        html = fill_slots(fill_slots(html, site.slots, late=False), site.slots, late=True)
        assert not SLOT_RE.search(html), path
        assert _normal(html) == _normal(_convert(page.markdown)), path
        compared += 1
    assert compared > 100


def test_tooltips_mark_contributed_text_but_never_link_labels(shipped):
    glossary = Glossary(shipped)
    term = next(t for t in shipped.by_kind["term"] if t.data.get("abbreviation"))
    abbreviation = term.data["abbreviation"]
    fmt = HtmlFormat("actors/x.md", _markdown_links, glossary.mark_text)
    marked = fmt.text(f"Talks at the {abbreviation} <b> & more")
    assert f'<abbr class="dossier-term" title="' in marked and f">{abbreviation}</abbr>" in marked
    assert "&lt;b&gt; &amp; more" in marked
    link = fmt.link(term, f"the {abbreviation}")
    assert "<abbr" not in link and link.endswith(f">the {abbreviation}</a>")


def test_placeholders_survive_sanitizing_and_unknown_ones_stay_put():
    out = PageWriter(slotted=True)
    out.block("<p>early</p>")
    out.block("<ul>\n<li>late</li>\n</ul>", late=True)
    text, slots = out.finish()
    html = sanitize_html(_convert(text))
    assert len(SLOT_RE.findall(html)) == 2
    early = fill_slots(html, slots, late=False)
    assert "<p>early</p>" in early and "late" not in early
    both = fill_slots(early, slots, late=True)
    assert "<li>late</li>" in both and not SLOT_RE.search(both)
    stray = '<div class="dossier-slot" data-slot="7"></div>'
    assert fill_slots(stray, slots, late=True) == stray
    assert fill_slots(stray, (), late=True) == stray


def test_markdown_form_writes_blocks_inline():
    out = PageWriter()
    out.heading(2, "Relations", " { data-search-exclude }")
    out.block(MarkdownFormat("a/b.md").bullets(["x", "y"]), late=True)
    out.block("")  # empty blocks leave nothing behind
    assert out.finish() == ("## Relations { data-search-exclude }\n\n- x\n- y\n", ())


def test_late_slots_are_already_what_the_sanitizer_would_keep(hostile):
    """Late slots are filled after the sanitizer has run: they must need none."""
    pages = generate_pages(hostile, SiteOptions(edit_base="https://example.org/edit/"),
                           SiteHtml(_markdown_links, Glossary(hostile).mark_text))
    late = [(p.path, s.html) for p in pages for s in p.slots if s.late]
    assert any("alert(&#x27;note&#x27;)" in html or "alert('note')" in html for _, html in late)
    for path, html in late:
        assert _tokens(sanitize_html(html)) == _tokens(html), path


def test_hostile_pages_have_the_same_html_in_both_forms(hostile):
    plain = {p.path: p for p in generate_pages(hostile, SiteOptions())}
    for page in generate_pages(hostile, SiteOptions(), SiteHtml(_markdown_links)):
        if page.slots:
            html = _convert(page.markdown)
            html = fill_slots(fill_slots(html, page.slots, late=False), page.slots, late=True)
            assert _normal(html) == _normal(_convert(plain[page.path].markdown)), page.path
