"""The timeline page: every event in order, grouped by year."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.entity_page import source_citation
from dossierkit.render.text import attr, badges, entry_link, md_text
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

TIMELINE_PAGE = "events/index.md"


def event_groups(event: Entry) -> list[str]:
    """Filter keys of an event: ``id:<entry>`` per participant/concern, ``tag:<tag>``."""
    ids = list(dict.fromkeys(list(event.data.get("participants", ())) + list(event.data.get("concerns", ()))))
    return [f"id:{i}" for i in ids] + [f"tag:{t}" for t in event.tags]


def render_event_item(dossier: Dossier, event: Entry, page: str) -> list[str]:
    """One event block: date at its precision, title, badges, who, sources."""
    d = event.data
    who = [entry_link(page, dossier.entries[i]) for i in d.get("participants", ())]
    sources = "; ".join(source_citation(dossier, dossier.entries[s], page) for s in event.sources)
    lines = [
        f'<div class="dossier-event" id="event-{event.id}" data-groups="{attr(" ".join(event_groups(event)))}" markdown>',
        "",
        f'<span class="dossier-date">{human_range(d["date"], d.get("end"))}</span> {badges(d.get("status"), event.confidence)}',
        "",
        f"**{entry_link(page, event)}** — {md_text(event.summary)}",
        "",
    ]
    if who:
        lines += ["Participants: " + ", ".join(who), ""]
    lines += [f'<small class="dossier-event-sources">Sources: {sources}</small>', "", "</div>", ""]
    return lines


def render_timeline(dossier: Dossier) -> str:
    """The Markdown of the timeline page."""
    lines = ["# Timeline", "",
             "Every event in the dossier in chronological order. Dates are shown at the precision "
             "the sources support: a month stays a month.", ""]
    year = None
    for event in dossier.events:
        if event.data["date"].year != year:
            year = event.data["date"].year
            lines += [f"## {year}", ""]
        lines += render_event_item(dossier, event, TIMELINE_PAGE)
    return "\n".join(lines)
