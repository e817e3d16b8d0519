"""The timeline page: every event in order, grouped by year."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.entity_page import source_citation
from dossierkit.render.context import Era
from dossierkit.render.text import attr, badges, entry_link, html_text, md_text
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


def _filter_form(dossier: Dossier) -> list[str]:
    """A filter box (shown by the script; without it every event stays visible)."""
    groups: dict[str, set[str]] = {"Actors": set(), "Organisations": set(), "Tags": set()}
    for event in dossier.events:
        for key in event_groups(event):
            kind, _, value = key.partition(":")
            if kind == "tag":
                groups["Tags"].add(key)
            else:
                target = dossier.entries[value]
                if target.kind.name in ("actor", "organisation"):
                    groups["Actors" if target.kind.name == "actor" else "Organisations"].add(key)
    options = ['<option value="">All events</option>']
    for label, keys in groups.items():
        if not keys:
            continue
        def text(k: str) -> str:
            kind, _, value = k.partition(":")
            return value if kind == "tag" else dossier.entries[value].label
        items = "".join(f'<option value="{attr(k)}">{html_text(text(k))}</option>'
                        for k in sorted(keys, key=lambda k: text(k).casefold()))
        options.append(f'<optgroup label="{label}">{items}</optgroup>')
    return ['<div class="dossier-timeline-filter" hidden>',
            '<label for="dossier-timeline-select">Show only events involving</label> '
            f'<select id="dossier-timeline-select">{"".join(options)}</select>',
            '<span class="dossier-timeline-count" aria-live="polite"></span>',
            "</div>", ""]


def render_timeline(dossier: Dossier, eras: tuple[Era, ...] = ()) -> str:
    """The Markdown of the timeline page: events by year, under their era if eras are defined."""
    lines = ["# Timeline", "",
             "Every event in the dossier in chronological order. Dates are shown at the precision "
             "the sources support: a month stays a month.", "",
             "Also as data: [timeline.json](timeline.json) and an [iCalendar feed](timeline.ics).", ""]
    lines += _filter_form(dossier)
    year_level = "###" if eras else "##"
    era_key: object = object()
    year = None
    for event in dossier.events:
        date = event.data["date"]
        if eras:
            era = next((e for e in eras if e.contains(date)), None)
            if era is not era_key:
                era_key, year = era, None
                title = md_text(era.title) if era else "Other events"
                lines += [f'## {title} {{ .dossier-era data-era="{attr(era.title if era else "")}" }}', ""]
        if date.year != year:
            year = date.year
            lines += [f'{year_level} {year} {{ .dossier-year data-year="{year}" }}', ""]
        lines += render_event_item(dossier, event, TIMELINE_PAGE)
    return "\n".join(lines)
