"""What every page renderer needs besides the dossier: options and shared helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.project.options import Era
from dossierkit.render.sanitize import sanitize_markdown
from dossierkit.render.text import attr, entry_link, html_text, md_text
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.loading.wikilinks import WikiLink, replace_wikilinks


@dataclass(frozen=True)
class SiteOptions:
    """Options that change rendered pages.

    ``edit_base`` is the repository's edit address up to the project root
    (``https://github.com/OWNER/REPO/edit/main/``); an entry's edit link is
    ``edit_base + entry.path``.  Without it, pages name the YAML file instead.
    ``for_print`` leaves out what only makes sense on screen (graph
    placeholders, edit links).  ``eras`` group the timeline above its years.
    ``history`` writes an entry's History list (``write_section(out, fmt,
    entry)``; see ``changes/site_history.py``), when the site has one.
    """

    edit_base: str | None = None
    for_print: bool = False
    eras: tuple[Era, ...] = ()
    history: Any = None


def period(since: PartialDate | None, until: PartialDate | None) -> str:
    """``since June 2026``, ``until 2019``, ``2015 – 2019`` or ''."""
    if since and until:
        return f"{since.human()} – {until.human()}"
    if since:
        return f"since {since.human()}"
    if until:
        return f"until {until.human()}"
    return ""


def render_body(dossier: Dossier, text: str, from_page: str) -> str:
    """Contributed Markdown, made inert, with ``[[id]]`` turned into page links."""

    def link(wl: WikiLink) -> str:
        target = dossier.get(wl.target)
        if target is None:  # validation refuses this; keep the text if it ever happens
            return md_text(wl.label or wl.target)
        return entry_link(from_page, target, wl.label)

    return replace_wikilinks(sanitize_markdown(text), link)


def edit_line(entry: Entry, options: SiteOptions) -> str:
    """The "Edit this entry" line closing every entry page."""
    if options.edit_base:
        url = attr(options.edit_base + entry.path)
        return f'<p class="dossier-edit"><a href="{url}">Edit this entry</a> (<code>{html_text(entry.path)}</code>)</p>'
    return f'<p class="dossier-edit">Source file: <code>{html_text(entry.path)}</code></p>'
