"""Headings the plugin writes as HTML, made the way the site's ``toc`` extension makes them.

The dossier's generated sections reach the page as ready-made HTML
(``render/slots.py``), so their headings get ids, permalinks and entries in
the table of contents from here, following the ``toc`` options in
``mkdocs.yml`` (``permalink``, ``permalink_class``, ``permalink_title``,
``permalink_leading``, ``slugify``, ``separator``, ``baselevel``,
``toc_depth``).
"""

from __future__ import annotations

import logging

from markdown.extensions.toc import slugify as markdown_slugify
from markdown.util import parseBoolValue
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from dossierkit.render.slots import HeadingStyle

log = logging.getLogger("mkdocs.plugins.dossier")


def heading_style(toc: dict) -> HeadingStyle:
    """The ``toc`` extension's options that shape headings, for the headings we write as HTML."""
    for option in ("anchorlink", "anchorlink_class"):
        if toc.get(option):
            log.warning(f"dossier: markdown_extensions.toc.{option} is not applied to generated headings")
    permalink = toc.get("permalink", False)
    as_bool = parseBoolValue(permalink, False, preserve_none=True) if not isinstance(permalink, bool) else permalink
    text = "\u00b6" if as_bool is True else (None if as_bool is False or permalink in (None, "") else str(permalink))
    depth = toc.get("toc_depth", 6)
    top, bottom = (int(x) for x in depth.split("-")) if isinstance(depth, str) and "-" in depth else (1, int(depth))
    return HeadingStyle(
        slugify=toc.get("slugify") or markdown_slugify, separator=toc.get("separator", "-"), permalink=text,
        permalink_class=toc.get("permalink_class", "headerlink"),
        permalink_title=toc.get("permalink_title", "Permanent link"),
        permalink_leading=bool(parseBoolValue(toc.get("permalink_leading", False), False)),
        baselevel=int(toc.get("baselevel", 1)), toc_depth=(top, bottom))


def extend_toc(page: Page, items: list[tuple[int, str, str]]) -> None:
    """Add (level, id, title HTML) headings to the page's table of contents, nested by level."""
    for level, id_, title in items:
        siblings = page.toc.items
        while siblings and siblings[-1].level < level:
            siblings = siblings[-1].children
        siblings.append(AnchorLink(title, id_, level))
