"""The "History" list at the foot of an entry's page: date, what changed, the commit."""

from __future__ import annotations

from dossierkit.render.formats import HtmlFormat
from dossierkit.render.text import attr

HISTORY_ITEMS = 5  # the newest changes listed; older ones are counted
NO_SEARCH = (("data-search-exclude", ""),)  # not in the search index, like the other lists of a page


def date_html(fmt, update) -> str:
    """The day of an update, as a ``<time>`` element on the site."""
    text = update.day.human()
    if isinstance(fmt, HtmlFormat):
        return f'<time datetime="{update.day.iso()}">{text}</time>'
    return text


def commit_link(fmt, history, sha: str) -> str:
    """`` (1a2b3c4)`` linked to the commit when the repository is known, else ''."""
    url = history.commit_url(sha)
    if url is None:
        return ""
    if isinstance(fmt, HtmlFormat):
        return f' (<a href="{attr(url)}" class="dossier-commit" title="The change in the repository">{sha[:7]}</a>)'
    return f" ([{sha[:7]}]({url}))"


def write_history(out, fmt, history, entry) -> None:
    """The newest changes of ``entry``, newest first; nothing when it has none."""
    items = history.entries.get(entry.id)
    if not items:
        return
    out.heading(2, "History", NO_SEARCH)
    lines = [f"{fmt.strong(date_html(fmt, u))} — {fmt.literal(u.text)}{commit_link(fmt, history, u.sha)}"
             for u in items[:HISTORY_ITEMS]]
    older = items[HISTORY_ITEMS:]
    if older:
        first = older[-1]
        earlier = f"{len(older)} earlier change" + ("" if len(older) == 1 else "s")
        lines.append(fmt.literal(f"{earlier}, the first on {first.day.human()}"))
    out.block(fmt.bullets(lines), late=True)
