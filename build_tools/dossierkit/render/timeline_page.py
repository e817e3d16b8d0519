"""The timeline page: every event in order, grouped by year."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.citations import source_citation
from dossierkit.render.context import Era
from dossierkit.render.formats import Format
from dossierkit.render.slots import PageWriter
from dossierkit.render.infobox import entry_badges
from dossierkit.render.position_timeline import item_date, render_position_item, with_positions
from dossierkit.render.text import attr, html_text
from dossierkit.schema.kinds import KINDS
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

TIMELINE_PAGE = "events/index.md"


def event_groups(event: Entry) -> list[str]:
    """Filter keys of an event: ``id:<entry>`` per participant/concern, ``tag:<tag>``."""
    ids = list(dict.fromkeys(list(event.data.get("participants", ())) + list(event.data.get("concerns", ()))))
    return [f"id:{i}" for i in ids] + [f"tag:{t}" for t in event.tags]


def render_event_item(dossier: Dossier, event: Entry, fmt: Format) -> str:
    """One event block: date at its precision, title, badges, who, sources."""
    d = event.data
    who = [fmt.link(dossier.entries[i]) for i in d.get("participants", ())]
    sources = "; ".join(source_citation(dossier, dossier.entries[s], fmt) for s in dict.fromkeys(event.sources))
    blocks = [
        fmt.paragraph(f'<span class="dossier-date">{human_range(d["date"], d.get("end"))}</span> '
                      f'{entry_badges(dossier, event)}'),
        fmt.paragraph(f"{fmt.strong(fmt.link(event))} — {fmt.text(event.summary)}"),
    ]
    if who:
        blocks.append(fmt.paragraph("Participants: " + ", ".join(who)))
    blocks.append(fmt.paragraph(f'<small class="dossier-event-sources">Sources: {sources}</small>'))
    groups = attr(" ".join(event_groups(event)))
    return fmt.div(f'class="dossier-event" data-groups="{groups}" data-search-exclude id="event-{event.id}"', blocks)


def _filter_form(dossier: Dossier) -> list[str]:
    """A filter box (shown by the script; without it every event stays visible)."""
    groups: dict[str, set[str]] = {k.timeline_group: set() for k in KINDS if k.timeline_group}
    groups["Tags"] = set()
    for event in dossier.events:
        for key in event_groups(event):
            kind, _, value = key.partition(":")
            if kind == "tag":
                groups["Tags"].add(key)
            else:
                heading = dossier.entries[value].kind.timeline_group
                if heading:
                    groups[heading].add(key)
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


def write_timeline(dossier: Dossier, eras: tuple[Era, ...], fmt: Format, out: PageWriter) -> None:
    """The timeline page: events by year, under their era if eras are defined.

    Every event has its own page, so the events here are left out of the
    search index, like the lists on entry pages.
    """
    out.heading(1, "Timeline")
    out.markdown("Every event in the dossier in chronological order. Dates are shown at the precision "
                 "the sources support: a month stays a month.", "",
                 "Also as data: [timeline.json](timeline.json) and an [iCalendar feed](timeline.ics).", "")
    out.markdown(*_filter_form(dossier))
    year_level = 3 if eras else 2
    era_key: object = object()
    year = None
    items: list[str] = []

    def flush() -> None:
        out.block(fmt.blocks(items), late=True)
        items.clear()

    for event in with_positions(dossier, dossier.events):  # events, and the positions the dossier puts here
        date = item_date(event)
        era = next((e for e in eras if e.contains(date)), None) if eras else None
        if eras and era is not era_key:
            if items:
                flush()
            era_key, year = era, None
            out.heading(2, era.title if era else "Other events",
                        (("class", "dossier-era"), ("data-era", era.title if era else ""), ("data-search-exclude", "")))
        if date.year != year:
            if items:
                flush()
            year = date.year
            out.heading(year_level, str(year),
                        (("class", "dossier-year"), ("data-year", str(year)), ("data-search-exclude", "")))
        items.append(render_event_item(dossier, event, fmt) if isinstance(event, Entry)
                     else render_position_item(dossier, event, fmt))
    if items:
        flush()
