"""Entry pages in plain prose, given to MkDocs without Markdown (``mkdocs build`` only).

An entry page whose title and body are plain prose (``render/plain_prose.py``)
reaches MkDocs as an empty page: Python-Markdown has nothing to do, and the
plugin puts in, before anything reads the page's HTML, what it would have
made of ``# Title`` and the body: the title's heading, its entry in the table
of contents, its anchor, and the page's title.

The heading is copied from one MkDocs renders once a build, with the site's
own Markdown settings (:class:`TitleTemplate`): the level (``baselevel``),
the permalink and its place, whether the ``toc`` lists it.  Only the text and
the id change from page to page; the id is made as the ``toc`` extension makes
it (the site's ``slugify`` and ``separator``, unique on the page, where it is
the first).

This is used only when every Markdown extension is one whose output on plain
prose is known (:data:`KNOWN_EXTENSIONS`: a ``smarty`` would curl its quotes)
and every plugin is one the dossier knows (another might read the Markdown);
``mkdocs serve`` keeps the Markdown (its change tracking reads it), and
``DOSSIER_PROSE=0`` turns the path off.  Built both ways, a site is byte for
byte the same (tested).

Such a page is a :class:`ProsePage`: MkDocs' :class:`~mkdocs.structure.pages.Page`
whose ``render`` gives an empty page what MkDocs' own gives it, without
building a Python-Markdown instance with every extension for nothing
(0.2 ms a page, 2 s of CPU at 10,000 entries).  Material's blog plugin
subclasses ``Page`` the same way.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from markdown.extensions.toc import unique
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from dossierkit.plugin.headings import extend_toc
from dossierkit.plugin.parallel import nav_paths, only_known_plugins
from dossierkit.render.slots import HeadingStyle, Prose

# Extensions whose output on plain prose (and on a heading of it) is the text as written.
# (Not footnotes: its place marker, "///Footnotes Go Here///", is plain prose.)
KNOWN_EXTENSIONS = frozenset(
    name for short in ("toc", "tables", "admonition", "attr_list", "md_in_html", "fenced_code", "sane_lists")
    for name in (short, f"markdown.extensions.{short}"))
TOC_MARKERS = ("[TOC]", "")  # the toc's own marker (not plain: it has brackets), or none
SAMPLES = (("Dossierkitmarker", "Bodymarker"), ("Prosekitsample", "Bodysample"))  # title, body
TEMPLATE_PAGE = "dossier-prose-template.md"
TITLE = object()  # in a template's pieces: where the title's text goes
_AMP = re.compile(r"&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);)", re.I)  # as Python-Markdown's serializer


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own, whose level decides links_to_anchors


class ProsePage(Page):
    """An entry page in plain prose, whose Markdown is empty: rendering it needs no Python-Markdown.

    ``render`` sets what MkDocs' ``Page.render`` sets for a page with no text
    (Python-Markdown returns an empty string for blank Markdown before any
    extension runs); a test compares the two.  A page that has text after all
    (another plugin gave it some) is rendered by MkDocs' own ``render``.
    """

    def render(self, config, files) -> None:
        """Render the page: nothing to convert when its Markdown is blank (see the class docstring)."""
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}


def prose_pages(files: Files, config, sources: list[str]) -> None:
    """Give the files of ``sources`` (entry pages in plain prose) :class:`ProsePage` objects.

    Done in ``on_files``: MkDocs keeps a page a plugin has set (``File.page``)
    and makes plain pages for the others.  Only pages the plugin leaves out of
    the navigation (``NOT_IN_NAV``) are given one: a page left out of this build
    (``parallel.py``: the other process builds it) keeps none, and one named in
    the ``nav`` setting keeps MkDocs' own (the nav's title for it is given there).
    """
    in_nav = nav_paths(config.nav) if config.nav else set()
    by_path = files.src_uris
    for src in sources:
        file = by_path.get(src)
        if file is not None and file.page is None and file.inclusion is InclusionLevel.NOT_IN_NAV and src not in in_nav:
            ProsePage(None, file, config)


def prose_wanted(config) -> bool:
    """Whether this build's Markdown settings allow pages in plain prose (see the module docstring):
    known extensions, and no ``toc`` marker that a paragraph of plain prose could be."""
    if os.environ.get("DOSSIER_PROSE") == "0":
        return False
    toc = (config.mdx_configs or {}).get("toc") or {}
    return toc.get("marker", "[TOC]") in TOC_MARKERS and \
        all(isinstance(ext, str) and ext in KNOWN_EXTENSIONS for ext in config.markdown_extensions)


def prose_template(config, style: HeadingStyle) -> "TitleTemplate | None":
    """The title template of a build that may have pages in plain prose (see the module docstring), or None."""
    if not prose_wanted(config) or not only_known_plugins(config):
        return None
    return TitleTemplate.make(config, style)


def _escape_attribute(text: str) -> str:
    """As Python-Markdown's serializer escapes an attribute value (an ``&`` that starts an entity is kept)."""
    return _AMP.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class TitleTemplate:
    """The title heading MkDocs makes with this site's settings, in pieces around its text and id."""

    pieces: tuple[object, ...]  # literal HTML, TITLE (where the text goes) or the marker's id, in order
    marker_id: str
    toc_level: int | None  # the heading's level in the table of contents; None if it is not listed
    style: HeadingStyle
    self_link: bool  # the permalink, a link to the heading's own anchor that MkDocs notes for checking

    @classmethod
    def make(cls, config, style: HeadingStyle) -> "TitleTemplate | None":
        """Render the template page through MkDocs; None if the result is not what this module expects
        (then every page keeps its Markdown).  A second page, with another title, must come out as
        the template fills it in (so that an odd ``slugify`` cannot pass)."""
        made = [cls._sample(config, style, title, body) for title, body in SAMPLES]
        first, second = made
        if first is None or second is None:
            return None
        template = first[0]
        page, html = Page(None, second[1].file, config), second[2]
        page.toc, page.present_anchor_ids, page.links_to_anchors = type(second[1].toc)([]), set(), {}
        title, body = SAMPLES[1]
        if template.page_html(page, Prose(title, f"<p>{body}</p>")) != html:
            return None
        same = [(i.level, i.id, i.title) for i in page.toc.items] == [(i.level, i.id, i.title) for i in second[1].toc.items]
        if not same or page.present_anchor_ids != second[1].present_anchor_ids \
                or page.links_to_anchors != (second[1].links_to_anchors or {}):
            return None
        return template

    @classmethod
    def _sample(cls, config, style: HeadingStyle, title: str, body: str):
        """(the template its page gives, the page, its HTML), or None."""
        text = f"# {title}\n\n{body}\n"
        # (not File.generated: this file is never read, and never part of the site)
        file = File(TEMPLATE_PAGE, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        page = Page(None, file, config)
        page.markdown, page.meta = text, {}
        page.render(config, Files([file]))
        marker_id = unique(style.slugify(title, style.separator), set())
        html, paragraph = page.content or "", f"\n<p>{body}</p>"
        if (not html.endswith(paragraph) or not marker_id or marker_id in title or title in marker_id
                or page.title != title or page.present_anchor_ids != {marker_id}):
            return None
        heading = html[: -len(paragraph)]
        if heading.count(title) != 1:
            return None
        pieces = tuple(TITLE if p == title else p
                       for p in re.split(f"({re.escape(title)}|{re.escape(marker_id)})", heading) if p)
        items = page.toc.items
        if len(items) > 1 or (items and (items[0].title != title or items[0].id != marker_id or items[0].children)):
            return None
        anchors = page.links_to_anchors or {}
        if anchors and anchors != {file: {marker_id: f"#{marker_id}"}}:
            return None
        template = cls(pieces, marker_id, items[0].level if items else None, style, bool(anchors))
        return template, page, html

    def page_html(self, page: Page, prose: Prose) -> str:
        """The HTML Python-Markdown would make of the page; sets its table of contents and anchors
        as MkDocs would have (its title is set by the plugin with the page's metadata)."""
        id_ = unique(self.style.slugify(prose.title, self.style.separator), set())
        escaped_id = _escape_attribute(id_)
        html = "".join(prose.title if p is TITLE else escaped_id if p == self.marker_id else p for p in self.pieces)
        if self.toc_level is not None:
            extend_toc(page, [(self.toc_level, id_, prose.title)])
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.add(id_)
        if self.self_link and page.links_to_anchors is not None:
            page.links_to_anchors.setdefault(page.file, {})[id_] = f"#{id_}"
        return html + "\n" + prose.body_html if prose.body_html else html
