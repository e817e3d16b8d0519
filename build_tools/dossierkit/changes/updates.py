"""The Updates page (``updates/``), its Atom feed and the ``dossier:latest-updates N`` directive.

The page lists the dossier's changes by day, newest first: each item links
to the entry and says what changed ("The Pact: status Proposed → Signed; 2
sources added"), with a link to the commit when the repository is known,
and the page links to its feed.  Nothing on either is fetched from elsewhere.

The feed (RFC 4287, ``updates/feed.xml``) is written by hand with XML
escaping (characters XML cannot carry are dropped); its ids are stable URNs
derived from the commit and the entry, and every date comes from a commit:
the same history gives the same feed, byte for byte.  Its links point at
the site itself (absolute with ``site_url``, else relative to the feed).
"""

from __future__ import annotations

import re
import uuid
from typing import Callable

from dossierkit.changes.site_history import NO_SEARCH, SiteHistory, Update, commit_link
from dossierkit.render.page_paths import UPDATES_PAGE
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import entry_link, md_text, page_path, rel_link
from dossierkit.structure.dossier import Dossier

MAX_ON_PAGE = 300  # updates listed on the page; older ones are in the repository's history
MAX_PER_COMMIT = 20  # updates of one commit listed before "and N more"


def shown_updates(history: SiteHistory, limit: int) -> tuple[list[Update], dict[str, int]]:
    """The newest ``limit`` updates, at most :data:`MAX_PER_COMMIT` per commit, and how many each commit left out."""
    shown: list[Update] = []
    per_commit: dict[str, int] = {}
    left_out: dict[str, int] = {}
    for update in history.updates:
        n = per_commit.get(update.sha, 0)
        per_commit[update.sha] = n + 1
        if n >= MAX_PER_COMMIT:
            left_out[update.sha] = left_out.get(update.sha, 0) + 1
        elif len(shown) < limit:
            shown.append(update)
    return shown, left_out


def _item(fmt, dossier: Dossier, history: SiteHistory, update: Update) -> str:
    entry = dossier.entries.get(update.entry_id) if update.entry_id else None
    name = fmt.link(entry) if entry is not None else fmt.plain(update.label)
    return f"{name} — {fmt.plain(update.text)}{commit_link(fmt, history, update.sha)}"


def write_updates(dossier: Dossier, history: SiteHistory, fmt, out: PageWriter) -> None:
    """The Updates page: an introduction, then the changes grouped by day, newest first."""
    out.heading(1, "Updates")
    intro = ("What changed in this dossier, newest first: every entry added, removed, renamed or changed, "
             "in the words of its page, as recorded in the dossier's history. "
             "To follow the changes in a feed reader, subscribe to the [Atom feed](feed.xml).")
    out.markdown(intro, "")
    if history.note:
        out.markdown(md_text(f"This site was built without a history: {history.note}."), "")
    shown, left_out = shown_updates(history, MAX_ON_PAGE)
    if not shown:
        out.markdown("*No change has been recorded yet.*", "")
        return
    day, items = None, []
    last_of_commit = {u.sha: i for i, u in enumerate(shown)}

    def flush() -> None:
        if items:
            out.block(fmt.bullets(items), late=True)

    for i, update in enumerate(shown):
        if update.day != day:
            flush()
            items = []
            day = update.day
            out.heading(2, day.human(), NO_SEARCH)
        items.append(_item(fmt, dossier, history, update))
        more = left_out.get(update.sha)
        if more and last_of_commit[update.sha] == i:
            items.append(fmt.plain(f"and {more} more change{'s' if more != 1 else ''} in the same commit")
                         + commit_link(fmt, history, update.sha))
    flush()
    if len(history.updates) - sum(left_out.values()) > len(shown):
        out.block(fmt.paragraph(fmt.plain("Older changes are in the dossier's repository history.")), late=True)


def latest_updates(dossier: Dossier, history: SiteHistory | None, page: str, count: int) -> str:
    """``<!-- dossier:latest-updates N -->``: the N newest updates as Markdown links from ``page``."""
    shown = shown_updates(history, count)[0] if history else []
    if not shown:
        return "*(no update recorded yet)*"
    lines = []
    for update in shown:
        entry = dossier.entries.get(update.entry_id) if update.entry_id else None
        name = entry_link(page, entry) if entry is not None else md_text(update.label)
        lines.append(f"- **{update.day.human()}** — {name}: {md_text(update.text)}")
    lines.append(f"- [All updates]({rel_link(page, UPDATES_PAGE)})")
    return "\n".join(lines)


# --- the Atom feed ------------------------------------------------------------

MAX_IN_FEED = 50
EPOCH = "1970-01-01T00:00:00Z"  # the feed's date when nothing has been recorded
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """``value`` as XML character data (characters XML cannot carry dropped)."""
    return _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value."""
    return '"' + _text(value).replace('"', "&quot;") + '"'


def _urn(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "dossierkit:" + ":".join(parts)))


def atom_feed(dossier: Dossier, history: SiteHistory, site_name: str, page_url: Callable[[str], str],
              site_url: str | None = None) -> str:
    """The feed; ``page_url(path)`` gives a page's URL from the site root (``actors/land-a/``)."""
    base = site_url.rstrip("/") + "/" if site_url else None

    def link(path: str) -> str:
        return base + path if base else "../" + path  # relative to updates/feed.xml

    shown, _ = shown_updates(history, MAX_IN_FEED)
    updated = shown[0].iso_time if shown else EPOCH
    feed_id = base + "updates/feed.xml" if base else _urn("feed", site_name)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"  <id>{_text(feed_id)}</id>", f"  <title>{_text(site_name + ': updates')}</title>",
             f"  <subtitle>{_text('What changed in the dossier, newest first.')}</subtitle>",
             f"  <updated>{updated}</updated>", f"  <author><name>{_text(site_name)}</name></author>",
             f'  <link rel="self" type="application/atom+xml" href={_attr(link("updates/feed.xml"))}/>',
             f'  <link rel="alternate" type="text/html" href={_attr(link(page_url("updates/index.md")))}/>',
             "  <generator>dossierkit</generator>"]
    for update in shown:
        lines += _entry(dossier, update, history, link, page_url)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(dossier: Dossier, update: Update, history: SiteHistory, link, page_url) -> list[str]:
    entry = dossier.entries.get(update.entry_id) if update.entry_id else None
    href = link(page_url(page_path(entry))) if entry is not None else link(page_url("updates/index.md"))
    title = f"{update.label}: {update.text}"
    out = ["  <entry>", f"    <id>{_urn('update', update.sha, update.kind, update.entry_id or update.label)}</id>",
           f"    <title>{_text(title)}</title>", f"    <updated>{update.iso_time}</updated>",
           f'    <link rel="alternate" type="text/html" href={_attr(href)}/>']
    commit = history.commit_url(update.sha)
    if commit:
        out.append(f'    <link rel="related" type="text/html" href={_attr(commit)}/>')
    out += [f"    <summary>{_text(update.day.human() + ': ' + title)}</summary>", "  </entry>"]
    return out
