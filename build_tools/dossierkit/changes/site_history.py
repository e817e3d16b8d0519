"""The history as readers see it: each entry's changes and the dossier's updates, in words.

:func:`site_history` takes the commits read from git (``changes/history.py``)
and today's dossier, follows renames back to today's ids, and says every
change in a reader's words with today's vocabulary and names.  Dates come
from the commits (UTC days), never from the clock, so the same history
always gives the same pages and feed.

:func:`write_history` writes the "History" list at the foot of an entry's
page: the newest changes, each with its date, what changed and a link to the
commit when the repository's address is known.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dossierkit.changes import facts as F
from dossierkit.changes.history import History
from dossierkit.changes.words import Words
from dossierkit.dates import PartialDate
from dossierkit.render.formats import HtmlFormat
from dossierkit.render.text import attr
from dossierkit.structure.dossier import Dossier

HISTORY_ITEMS = 5  # the newest changes listed; older ones are counted
NO_SEARCH = (("data-search-exclude", ""),)  # not in the search index, like the other lists of a page


@dataclass(frozen=True)
class Update:
    """One entry's change in one commit, ready to show.

    ``entry_id`` is the entry's id today (None when the entry no longer
    exists); ``label`` its name today (or as it was last written); ``text``
    what changed, in a reader's words.
    """

    sha: str
    time: int
    kind: str
    entry_id: str | None
    label: str
    text: str
    change: str

    @property
    def moment(self) -> datetime.datetime:
        """The commit's time, in UTC."""
        return datetime.datetime.fromtimestamp(self.time, tz=datetime.timezone.utc)

    @property
    def day(self) -> PartialDate:
        """The commit's day (UTC)."""
        m = self.moment
        return PartialDate(m.year, m.month, m.day)

    @property
    def iso_time(self) -> str:
        """The commit's time as RFC 3339 (``2025-09-17T10:00:00Z``)."""
        return self.moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SiteHistory:
    """Updates by entry (today's ids) and for the whole dossier, newest first."""

    entries: dict[str, list[Update]] = field(default_factory=dict)
    updates: list[Update] = field(default_factory=list)
    repo_url: str | None = None
    note: str = ""  # why there is no history, when there is none

    def commit_url(self, sha: str) -> str | None:
        """The web page of a commit, when the repository's address is known."""
        if not self.repo_url or not self.repo_url.startswith(("https://", "http://")):
            return None
        return f"{self.repo_url.rstrip('/')}/commit/{sha}"

    def write_section(self, out, fmt, entry) -> None:
        """The History list at the foot of ``entry``'s page: date, what changed, the commit."""
        write_history(out, fmt, self, entry)


def site_history(history: History, dossier: Dossier, repo_url: str | None = None) -> SiteHistory:
    """Every change of ``history`` in a reader's words, attached to today's entries (renames followed)."""
    out = SiteHistory(repo_url=repo_url, note=history.note)

    alias = {entry_id: entry_id for entry_id in dossier.entries}  # id at the time -> id today

    def label_of(entry_id: str) -> str | None:
        """Today's name of the entry that had ``entry_id`` at the time of the commit being read."""
        entry = dossier.entries.get(alias.get(entry_id, entry_id))
        return entry.label if entry else None

    words = Words(dossier.vocabulary, label_of)
    for commit in history.commits:  # newest first
        for change in commit.changes:
            today = alias.get(change.id)
            if change.change == F.REMOVED:
                today = None  # that entry is gone, even if its id was given to another later
            elif change.change == F.RENAMED and today is not None:
                alias[change.old_id] = today
            if change.change in (F.ADDED, F.RENAMED):
                alias.pop(change.id, None)  # before this commit the id was not this entry's
            label = dossier.entries[today].label if today in dossier.entries else None
            update = Update(commit.sha, commit.time, change.kind, today, label or change.label or change.id,
                            words.summary(change), change.change)
            out.updates.append(update)
            if today is not None:
                out.entries.setdefault(today, []).append(update)
    return out


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
    lines = [f"{fmt.strong(date_html(fmt, u))} — {fmt.plain(u.text)}{commit_link(fmt, history, u.sha)}"
             for u in items[:HISTORY_ITEMS]]
    older = items[HISTORY_ITEMS:]
    if older:
        first = older[-1]
        earlier = f"{len(older)} earlier change" + ("" if len(older) == 1 else "s")
        lines.append(fmt.plain(f"{earlier}, the first on {first.day.human()}"))
    out.block(fmt.bullets(lines), late=True)
