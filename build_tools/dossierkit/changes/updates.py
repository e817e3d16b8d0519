"""The Updates page (``updates/``) and the ``dossier:latest-updates N`` directive.

The page lists the dossier's changes by day, newest first: each item links
to the entry and says what changed ("The Pact: status Proposed → Signed; 2
sources added"), with a link to the commit when the repository is known,
and the page links to its Atom feed (``changes/feed.py``).  Nothing on it
is fetched from elsewhere.
"""

from __future__ import annotations

from dossierkit.changes.entry_history import NO_SEARCH, commit_link, date_html
from dossierkit.changes.site_history import SiteHistory, Update
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import entry_link, md_text, rel_link
from dossierkit.structure.dossier import Dossier

UPDATES_PAGE = "updates/index.md"
FEED_FILE = "updates/feed.xml"
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
    name = fmt.link(entry) if entry is not None else fmt.literal(update.label)
    return f"{name} — {fmt.literal(update.text)}{commit_link(fmt, history, update.sha)}"


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
            items.append(fmt.literal(f"and {more} more change{'s' if more != 1 else ''} in the same commit")
                         + commit_link(fmt, history, update.sha))
    flush()
    if len(history.updates) - sum(left_out.values()) > len(shown):
        out.block(fmt.paragraph(fmt.literal("Older changes are in the dossier's repository history.")), late=True)


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
