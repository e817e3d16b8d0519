"""The print document: the whole dossier as one HTML book for the PDF writer.

Built from the same page renderers as the site (so the PDF and the site say
the same thing), converted with Python-Markdown, sanitized, and re-linked:
links between entries become ``#entry-<id>`` anchors inside the document,
and numbered citations point into the bibliography.  No MkDocs, no network.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources

import markdown
from markdown.extensions.toc import TocExtension, slugify

from dossierkit.render.context import SiteOptions
from dossierkit.render.directives import render_page_links
from dossierkit.render.entity_page import Citations, render_entry_page
from dossierkit.render.front_matter import split_front_matter
from dossierkit.render.graph import legend_html, network_svg
from dossierkit.render.index_pages import render_legend
from dossierkit.render.sanitize import sanitize_html
from dossierkit.render.text import html_text
from dossierkit.schema.kinds import KINDS_BY_FOLDER, KINDS_BY_NAME
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

PRINT_OPTIONS = SiteOptions(for_print=True)
CHAPTER_KINDS = ("actor", "organisation", "obstacle")
_FOLDERS = "|".join(re.escape(k) for k in KINDS_BY_FOLDER)
_ENTRY_LINK = re.compile(rf'href="(?:\.\./|\./)*(?:{_FOLDERS})/([a-z0-9-]+)\.md(?:#[^"]*)?"')
_INDEX_LINK = re.compile(rf'href="(?:\.\./|\./)*({_FOLDERS})/index\.md(?:#term-([a-z0-9-]+))?"')
_OTHER_MD_LINK = re.compile(r'<a href="(?!#|https?:|mailto:)[^"]*">(.*?)</a>', re.DOTALL)
_CITE_LINK = re.compile(r'href="#cite-(\d+)"')
_CITE_ANCHOR = re.compile(r'<span id="cite-\d+"></span>')


@dataclass(frozen=True)
class PrintOptions:
    """What the cover says and which hand-written pages open the book."""

    title: str
    subtitle: str = ""
    edition: str = ""
    version: str = ""
    intro_pages: tuple[tuple[str, str], ...] = ()  # (source path, Markdown text)


def _markdown(text: str, baselevel: int, prefix: str) -> str:
    def slug(value: str, separator: str) -> str:
        return f"{prefix}-{slugify(value, separator)}"

    md = markdown.Markdown(extensions=[
        "tables", "attr_list", "md_in_html", TocExtension(baselevel=baselevel, slugify=slug)])
    return md.convert(text)


def _relink(fragment: str, entry: Entry | None = None) -> str:
    """Turn site links into links inside the document."""
    fragment = _ENTRY_LINK.sub(lambda m: f'href="#entry-{m.group(1)}"', fragment)

    def index(m: re.Match) -> str:
        if m.group(2):
            return f'href="#entry-{m.group(2)}"'
        return f'href="#chapter-{KINDS_BY_FOLDER[m.group(1)].name}"'

    fragment = _INDEX_LINK.sub(index, fragment)
    if entry is not None:
        numbers = {n: sid for sid, n in Citations(entry).numbers.items()}
        fragment = _CITE_LINK.sub(lambda m: f'href="#entry-{numbers.get(int(m.group(1)), "")}"', fragment)
    fragment = _CITE_ANCHOR.sub("", fragment)
    return _OTHER_MD_LINK.sub(r"\1", fragment)  # links to pages that are not in the book: keep the text


def entry_html(dossier: Dossier, entry: Entry, baselevel: int) -> str:
    """One entry as an ``<article>`` for the book."""
    body = _markdown(render_entry_page(dossier, entry, PRINT_OPTIONS), baselevel, entry.id)
    return f'<article class="entry entry-{entry.kind.name}" id="entry-{entry.id}">' \
           f'{_relink(sanitize_html(body), entry)}</article>'


def intro_html(dossier: Dossier, path: str, text: str, anchor: str = "intro") -> str:
    """A hand-written page as HTML for the book (its front matter left out, as on the site)."""
    page = split_front_matter(text)
    return _relink(sanitize_html(_markdown(render_page_links(dossier, page.body, path, path, page.body_line), 1, anchor)))


def _toc(chapters: list[tuple[str, str, list[Entry]]]) -> str:
    items = []
    for anchor, title, entries in chapters:
        sub = "".join(f'<li><a href="#entry-{e.id}">{html_text(e.label)}</a></li>' for e in entries)
        items.append(f'<li><a href="#{anchor}">{html_text(title)}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
    return f'<nav class="toc"><h1 id="contents">Contents</h1><ol>{"".join(items)}</ol></nav>'


def build_print_html(dossier: Dossier, options: PrintOptions, stylesheet: str | None = None) -> str:
    """The complete HTML document of the book."""
    css = stylesheet if stylesheet is not None else resources.files("dossierkit").joinpath("assets", "print.css").read_text("utf-8")
    chapters: list[tuple[str, str, list[Entry]]] = []
    parts: list[str] = []

    for i, (path, text) in enumerate(options.intro_pages):
        anchor = f"intro-{i + 1}"
        content = intro_html(dossier, path, text, anchor)
        title_m = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.DOTALL)
        title = html.unescape(re.sub(r"<[^>]+>", "", title_m.group(1))) if title_m else path
        parts.append(f'<section class="chapter intro" id="{anchor}">{content}</section>')
        chapters.append((anchor, title, []))

    for kind in CHAPTER_KINDS:
        entries = dossier.by_kind[kind]
        if not entries:
            continue
        title = KINDS_BY_NAME[kind].plural
        body = "".join(entry_html(dossier, e, 2) for e in entries)
        parts.append(f'<section class="chapter" id="chapter-{kind}"><h1>{title}</h1>{body}</section>')
        chapters.append((f"chapter-{kind}", title, entries))

    if dossier.events:
        body, year = [], None
        for ev in dossier.events:
            if ev.data["date"].year != year:
                year = ev.data["date"].year
                body.append(f'<h2 class="year" id="year-{year}">{year}</h2>')
            body.append(entry_html(dossier, ev, 3))
        parts.append(f'<section class="chapter timeline" id="chapter-event"><h1>Timeline</h1>{"".join(body)}</section>')
        chapters.append(("chapter-event", "Timeline", dossier.events))

    if dossier.by_kind["term"]:
        body = "".join(entry_html(dossier, t, 2) for t in dossier.by_kind["term"])
        parts.append(f'<section class="chapter glossary" id="chapter-term"><h1>Glossary</h1>{body}</section>')
        chapters.append(("chapter-term", "Glossary", dossier.by_kind["term"]))

    network = network_svg(dossier, lambda e: f"#entry-{e.id}", paint=True)
    if network:
        # SVG text does not inherit the page's font in WeasyPrint: name the bundled one.
        svg = network.replace(
            '<svg class="dossier-graph-svg"', '<svg font-family="Dossier Serif" class="dossier-graph-svg"', 1)
        parts.append('<section class="chapter network" id="chapter-network"><h1>Network</h1>'
                     "<p>Actors, organisations and obstacles and how they are related; line styles show "
                     f"each relation's status.</p>{svg}{legend_html()}</section>")
        chapters.append(("chapter-network", "Network", []))

    legend = _relink(sanitize_html(_markdown(render_legend(), 1, "legend")))
    parts.append(f'<section class="chapter legend" id="chapter-legend">{legend}</section>')
    chapters.append(("chapter-legend", "Status legend", []))

    if dossier.by_kind["source"]:
        body = "".join(entry_html(dossier, s, 2) for s in dossier.by_kind["source"])
        parts.append(f'<section class="chapter bibliography" id="chapter-source"><h1>Bibliography</h1>{body}</section>')
        chapters.append(("chapter-source", "Bibliography", dossier.by_kind["source"]))

    cover = (f'<section class="cover"><h1>{html_text(options.title)}</h1>'
             + (f'<p class="subtitle">{html_text(options.subtitle)}</p>' if options.subtitle else "")
             + f'<p class="edition">Edition of {html_text(options.edition)} · {len(dossier)} entries'
             + (f" · dossierkit {html_text(options.version)}" if options.version else "") + "</p>"
             + '<p class="notice">Every statement in this book cites its sources; statuses distinguish '
               "ideas that were floated or proposed from texts that were signed and institutions that operate.</p>"
             + "</section>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="en"><head><meta charset="utf-8"><title>{html_text(options.title)}</title>'
            f'<meta name="generator" content="dossierkit {html_text(options.version)}">'
            f"<style>{css}</style></head><body>"
            + cover + _toc(chapters) + "".join(parts) + "</body></html>\n")
