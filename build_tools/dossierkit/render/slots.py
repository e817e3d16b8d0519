"""Generated pages in two forms: plain Markdown, or Markdown plus ready-made HTML.

:class:`PageWriter` collects a generated page.  In the plain form (the
export, the PDF) everything is Markdown.  In the site form only the title
and the Markdown that really needs an engine (an entry's contributed body,
an index page's introduction) stay Markdown; every generated block and
heading becomes a ready-made HTML *part*, because having Python-Markdown
parse and inline-process them was most of the build time (see
``docs/reference/benchmarks.md``).  An entry page whose title and body
are plain prose can have no Markdown at all (:class:`Prose`,
``render/plain_prose.py``).  Parts come in three groups, by where
they go in the page's HTML:

- ``head``: right after the title (badges, summary, infobox);
- ``tail``: after the Markdown (claims, membership counts), indexed by search;
- ``late``: at the very end, added only after the search plugin has indexed
  the page, because these lists of other entries are left out of the index
  anyway (headings marked ``data-search-exclude``) and parsing them was a
  large part of indexing.

A ``head`` or ``tail`` block that is one element left out of search as a
whole (the badges, the infobox: :class:`Unsearched`) can be *deferred*: the
page the search plugin reads holds an HTML comment in its place, and
:func:`restore_deferred` puts the element back after indexing.  Material's
parser gives an element marked ``data-search-exclude`` nothing but its
events, so the index is the same; parsing those tables was two thirds of
indexing an entry page.

:func:`render_parts` turns parts into HTML with heading ids and permalinks
made the way Python-Markdown's ``toc`` extension makes them (the adapter
passes the site's ``toc`` settings as a :class:`HeadingStyle`), and returns
the table-of-contents entries the adapter adds to the page.

Parts are written after the site's glossary tooltips and HTML sanitizer
have run over the Markdown-made HTML: they escape every contributed string
and carry their tooltips already (``HtmlFormat``), and a test checks that
they are exactly what the sanitizer would keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Union

from markdown.extensions.toc import slugify as _markdown_slugify
from markdown.extensions.toc import unique

from dossierkit.render.text import attr, html_text, md_text

# An id attribute, not data-id.  The pattern starts with the letter so that the
# search skips ahead to each "i"; a lookbehind in front was tried at every
# character of the page (a tenth of the plugin's work on a page's HTML).
_ID_RE = re.compile(r'i(?<![\w-]i)d="([^"]*)"')
_HEADING_END = re.compile(r"</h[1-6]>")


@dataclass(frozen=True)
class Heading:
    """A heading part: plain ``text`` and HTML attributes; an ``id`` among them is the
    heading's anchor (else one is made from the text, as the ``toc`` extension does)."""

    level: int
    text: str
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def late(self) -> bool:
        """Headings of sections left out of search go with the late parts."""
        return any(name == "data-search-exclude" for name, _ in self.attrs)

    def markdown(self) -> str:
        """The heading as a Markdown line, attributes as an ``attr_list``."""
        bits = []
        for name, value in self.attrs:
            if name == "class":
                bits += [f".{c}" for c in value.split()]
            elif name == "id":
                bits.append(f"#{value}")
            else:
                bits.append(f'{name}="{attr(value)}"' if value else name)
        suffix = f" {{ {' '.join(bits)} }}" if bits else ""
        return f"{'#' * self.level} {md_text(self.text)}{suffix}"


@dataclass(frozen=True)
class Unsearched:
    """A block that is one element marked ``data-search-exclude``, left out of search as a whole."""

    html: str


Part = Union[str, Heading, Unsearched]


@dataclass(frozen=True)
class Prose:
    """A page's title and body in plain prose (``render/plain_prose.py``): the plain title, and
    the body as the HTML Python-Markdown would make of it ('' for none).  The page then has no
    Markdown at all; the adapter writes the title's heading (``plugin/prose_pages.py``)."""

    title: str
    body_html: str = ""


@dataclass(frozen=True)
class SiteParts:
    """The ready-made HTML of a page in the site form; see the module docstring."""

    head: tuple[Part, ...] = ()
    tail: tuple[Part, ...] = ()
    late: tuple[Part, ...] = ()
    prose: Prose | None = None

    def __bool__(self) -> bool:
        return bool(self.head or self.tail or self.late or self.prose)

    def key(self) -> str:
        """A text that changes whenever the parts do (for change tracking)."""
        return "\x00".join(p if isinstance(p, str) else repr(p)
                            for g in (self.head, self.tail, self.late, (self.prose,)) for p in g)


class PageWriter:
    """Collects a page: all Markdown, or (``slotted``) Markdown plus :class:`SiteParts`."""

    def __init__(self, slotted: bool = False):
        self.slotted = slotted
        self.lines: list[str] = []
        self.groups: dict[str, list[Part]] = {"head": [], "tail": [], "late": []}
        self._titled = False
        self._after_markdown = False
        self._prose: Prose | None = None

    def _add(self, part: Part, late: bool) -> None:
        if late:
            self.groups["late"].append(part)
        elif self.groups["late"]:
            raise ValueError("a searchable part cannot follow a late one: the site puts late parts last")
        else:
            self.groups["tail" if self._after_markdown else "head"].append(part)

    def markdown(self, *lines: str) -> None:
        """Lines that stay Markdown in both forms (bodies, introductions)."""
        if self.slotted and self.groups["late"]:
            raise ValueError("Markdown cannot follow a late part: the site puts late parts last")
        if self._prose is not None:
            raise ValueError("a page in plain prose has no Markdown")
        self.lines.extend(lines)
        if self._titled:
            self._after_markdown = True

    def prose_title(self, title: str) -> None:
        """The page's title in plain prose, in place of its Markdown title (site form only; see
        :class:`Prose`): the page then has no Markdown, and its body, if any, is :meth:`prose_body`."""
        if not self.slotted or self.lines or self._titled or any(self.groups.values()):
            raise ValueError("a plain-prose title opens a page in the site form")
        self._prose = Prose(title)
        self._titled = True

    def prose_body(self, body_html: str) -> None:
        """The body of a page titled by :meth:`prose_title`, as Python-Markdown would make it."""
        if self._prose is None or self._prose.body_html or self._after_markdown or self.groups["late"]:
            raise ValueError("a plain-prose body follows a plain-prose title, once, before any late part")
        self._prose = Prose(self._prose.title, body_html)
        self._after_markdown = True

    def heading(self, level: int, text: str, attrs: tuple[tuple[str, str], ...] = ()) -> None:
        """A heading of plain ``text``; in the site form only the title (level 1) stays Markdown."""
        heading = Heading(level, text, attrs)
        if level == 1 and self._prose is not None:
            raise ValueError("a page in plain prose has its title already")
        if not self.slotted or level == 1:
            self.lines += [heading.markdown(), ""]
            self._titled = True
        else:
            self._add(heading, heading.late)

    def block(self, text: str, late: bool = False, searched: bool = True) -> None:
        """A block already written in the page's format (nothing for an empty one).

        ``searched=False``: the block is a single element marked ``data-search-exclude``
        (see :class:`Unsearched`)."""
        if not text:
            return
        if self.slotted:
            self._add(text if searched or late else Unsearched(text), late)
        else:
            self.lines += [text, ""]

    def finish(self) -> tuple[str, SiteParts]:
        """The page's Markdown and, in the site form, its parts."""
        parts = SiteParts(*(tuple(self.groups[g]) for g in ("head", "tail", "late")), prose=self._prose)
        return "\n".join(self.lines), parts


@dataclass(frozen=True)
class HeadingStyle:
    """How the site's ``toc`` extension writes headings (its options of the same names)."""

    slugify: Callable[[str, str], str] = _markdown_slugify
    separator: str = "-"
    permalink: str | None = None  # the link's text; None for no permalink
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    permalink_leading: bool = False
    baselevel: int = 1
    toc_depth: tuple[int, int] = (1, 6)  # heading levels listed in the table of contents


@dataclass
class RenderedParts:
    """HTML of each group of parts, and (level, id, title HTML) of their headings for the TOC."""

    head: str = ""
    tail: str = ""
    late: str = ""
    toc: list[tuple[int, str, str]] = field(default_factory=list)
    deferred: dict[str, str] = field(default_factory=dict)  # comment in head or tail -> the element it stands for

    def anchor_ids(self) -> set[str]:
        """Every ``id`` in the parts (headings, citations, timeline events), for link checking."""
        ids = set(_ID_RE.findall(self.head)) | set(_ID_RE.findall(self.tail)) | set(_ID_RE.findall(self.late))
        for html in self.deferred.values():
            ids.update(_ID_RE.findall(html))
        return ids


def render_parts(parts: SiteParts, page_html: str, style: HeadingStyle, defer: str | None = None) -> RenderedParts:
    """HTML for ``parts`` of a page whose Markdown-made HTML is ``page_html``.

    Heading ids are slugs made unique against every id already in
    ``page_html`` and against each other, in page order, as the ``toc``
    extension does.  With ``defer`` (a word no page can hold: the adapter
    makes one per build), each :class:`Unsearched` block of the head and
    tail is written as a comment naming ``defer``; see :func:`restore_deferred`.
    """
    used = set(_ID_RE.findall(page_html))
    out = RenderedParts()

    def render(group: tuple[Part, ...]) -> str:
        html = []
        for part in group:
            if isinstance(part, str):
                html.append(part)
                continue
            if isinstance(part, Unsearched):
                if defer is None:
                    html.append(part.html)
                else:
                    comment = f"<!--{defer}-{len(out.deferred)}-->"
                    out.deferred[comment] = part.html
                    html.append(comment)
                continue
            level = min(6, part.level + style.baselevel - 1)
            given = dict(part.attrs).get("id")
            if given:
                used.add(given)
            id_ = given or unique(style.slugify(part.text, style.separator), used)
            title = html_text(part.text)
            inner = title
            if style.permalink is not None:
                link = (f'<a class="{attr(style.permalink_class)}" href="#{attr(id_)}"'
                        + (f' title="{attr(style.permalink_title)}"' if style.permalink_title else "")
                        + f">{style.permalink}</a>")
                inner = link + title if style.permalink_leading else title + link
            attrs = "".join(f' {name}="{attr(value)}"' for name, value in part.attrs if name != "id")
            html.append(f'<h{level}{attrs} id="{attr(id_)}">{inner}</h{level}>')
            if style.toc_depth[0] <= level <= style.toc_depth[1]:
                out.toc.append((level, id_, title))
        return "\n".join(html)

    out.head, out.tail, out.late = render(parts.head), render(parts.tail), render(parts.late)
    return out


def restore_deferred(page_html: str, deferred: dict[str, str]) -> str:
    """``page_html`` with each deferred element (:attr:`RenderedParts.deferred`) back in place of its comment.

    Raises ``ValueError`` naming a comment that is no longer there (something
    between the two changed the page's HTML)."""
    for comment, html in deferred.items():
        at = page_html.find(comment)
        if at < 0:
            raise ValueError(f"the placeholder {comment} of a block left out of search is gone from the page")
        page_html = page_html[:at] + html + page_html[at + len(comment):]
    return page_html


def insert_after_title(page_html: str, html: str) -> str:
    """``html`` placed right after the page's title: its first heading, which the
    Markdown starts with (an ``<h1>``, or lower with the ``toc`` extension's
    ``baselevel``); first when there is none."""
    if not html:
        return page_html
    end = _HEADING_END.search(page_html)
    at = end.end() if end else 0
    return page_html[:at] + "\n" + html + page_html[at:]
