"""The Atom feed of the Updates page (RFC 4287): ``updates/feed.xml``.

Every value is written by hand with XML escaping (characters XML cannot
carry are dropped), ids are stable URNs derived from the commit and the
entry, and every date comes from a commit: the same history gives the same
feed, byte for byte.  Links point at the site itself (absolute with
``site_url``, else relative to the feed), never elsewhere.
"""

from __future__ import annotations

import re
import uuid
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from dossierkit.changes.site_history import SiteHistory, Update
from dossierkit.changes.updates import shown_updates
from dossierkit.render.text import page_path
from dossierkit.structure.dossier import Dossier

MAX_IN_FEED = 50
EPOCH = "1970-01-01T00:00:00Z"  # the feed's date when nothing has been recorded
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


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
