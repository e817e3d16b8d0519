"""The timeline page: an overview axis, a filter kept in the address, and every event in order, by era and year."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.citations import source_citation
from dossierkit.render.context import Era
from dossierkit.render.formats import Format
from dossierkit.render.slots import PageWriter
from dossierkit.render.infobox import entry_badges
from dossierkit.render.position_timeline import item_date, render_position_item, with_positions
from dossierkit.render.text import attr, html_text
from dossierkit.render.timeline_overview import Anchors, EraGroup, YearGroup, events_text, overview_html
from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.positions import Position



def event_groups(event: Entry) -> list[str]:
    """Filter keys of an event: ``id:<entry>`` per participant/concern, ``tag:<tag>``."""
    ids = list(dict.fromkeys(list(event.data.get("participants", ())) + list(event.data.get("concerns", ()))))
    return [f"id:{i}" for i in ids] + [f"tag:{t}" for t in event.tags]


def render_event_item(dossier: Dossier, event: Entry, fmt: Format) -> str:
    """One event block: date at its precision and badges, title and summary, who took part,
    and its sources folded under a summary line (open it to read them)."""
    d = event.data
    who = [fmt.link(dossier.entries[i]) for i in d.get("participants", ())]
    cited = list(dict.fromkeys(event.sources))
    sources = "; ".join(source_citation(dossier, dossier.entries[s], fmt) for s in cited)
    blocks = [
        fmt.paragraph(f'<span class="dossier-date">{human_range(d["date"], d.get("end"))}</span> '
                      f'{entry_badges(dossier, event, fmt)}'),
        fmt.paragraph(f"{fmt.strong(fmt.link(event))} — {fmt.text(event.summary)}"),
    ]
    if who:
        blocks.append(fmt.paragraph("Participants: " + ", ".join(who)))
    if cited:
        label = "1 source" if len(cited) == 1 else f"{len(cited)} sources"
        blocks.append(fmt.folded("dossier-event-sources", label, f'<small class="dossier-event-sources">{sources}</small>'))
    groups = attr(" ".join(event_groups(event)))
    return fmt.div(f'class="dossier-event" data-groups="{groups}" data-search-exclude id="event-{event.id}"', blocks)


def _filter_options(dossier: Dossier) -> dict[str, dict[str, str]]:
    """Filter group name (``actor``, ``organisation``, ``tag``) -> {key: label}, for the keys of the
    events and of the positions on the timeline."""
    groups: dict[str, dict[str, str]] = {k.name: {} for k in KINDS if k.timeline_group}
    groups["tag"] = {}
    keys = [key for event in dossier.events for key in event_groups(event)]
    keys += [f"id:{i}" for p in dossier.positions.timeline_items() for i in (p.holder, p.target)]
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "tag":
            groups["tag"][key] = value
        elif dossier.entries[value].kind.timeline_group:
            groups[dossier.entries[value].kind.name][key] = dossier.entries[value].label
    return groups


def _filter_form(dossier: Dossier) -> list[str]:
    """The filter: one list per group (actors, organisations, tags), shown by the script
    (without it every event stays visible); the choice is kept in the page's address."""
    selects = []
    for group, options in _filter_options(dossier).items():
        if not options:
            continue
        heading = "Tags" if group == "tag" else KINDS_BY_NAME[group].timeline_group
        items = "".join(f'<option value="{attr(k)}">{html_text(label)}</option>'
                        for k, label in sorted(options.items(), key=lambda kv: (kv[1].casefold(), kv[0])))
        selects.append(f'<span class="dossier-timeline-choice"><label for="dossier-timeline-{group}">{heading}</label>'
                       f'<select id="dossier-timeline-{group}" name="{group}"><option value="">All</option>{items}</select></span>')
    return ['<div class="dossier-timeline-filter" role="group" aria-label="Show only the events of" hidden>',
            '<span class="dossier-timeline-filter-title">Show only the events of</span> ' + " ".join(selects) +
            ' <button type="button" class="dossier-timeline-clear">Show all</button>'
            ' <span class="dossier-timeline-count" aria-live="polite"></span>',
            "</div>", ""]


def _plan(dossier: Dossier, eras: tuple[Era, ...]) -> list[tuple[EraGroup, list[tuple[YearGroup, list[Entry | Position]]]]]:
    """The page's headings in order: eras (one untitled group without eras), their years, their
    events and the positions the dossier puts on the timeline."""
    anchors = Anchors()
    plan: list[tuple[EraGroup, list[tuple[YearGroup, list[Entry | Position]]]]] = []
    era_key: object = object()
    for event in with_positions(dossier, dossier.events):  # events, and the positions the dossier puts here
        date = item_date(event)
        era = next((e for e in eras if e.contains(date)), None) if eras else None
        if not plan or (eras and era is not era_key):
            era_key = era
            title = (era.title if era else "Other events") if eras else ""
            plan.append((EraGroup(title, anchors.era() if eras else "", named=era is not None), []))
        years = plan[-1][1]
        if not years or years[-1][0].year != date.year:
            years.append((YearGroup(date.year, anchors.year(date.year)), []))
        if isinstance(event, Entry):
            years[-1][0].count += 1  # the overview counts events; a position is shown among them
        years[-1][1].append(event)
    for era, years in plan:
        era.years = [y for y, _ in years]
    return plan


def write_timeline(dossier: Dossier, eras: tuple[Era, ...], fmt: Format, out: PageWriter) -> None:
    """The timeline page: an overview of its eras and years, the filter, then the events by
    year, under their era if eras are defined.

    Every event has its own page, so the events here are left out of the
    search index, like the lists on entry pages.
    """
    out.heading(1, "Timeline")
    out.markdown("Every event in the dossier in chronological order. Dates are shown at the precision the "
                 f"sources support: a month stays a month. {events_text(len(dossier.events)).capitalize()}; "
                 "the bars below show how many in each year, and take you there.", "",
                 "Also as data: [timeline.json](timeline.json) and an [iCalendar feed](timeline.ics).", "")
    plan = _plan(dossier, eras)
    overview = overview_html([era for era, _ in plan])
    if overview:
        out.markdown(overview, "")
    out.markdown(*_filter_form(dossier))
    year_level = 3 if eras else 2
    for era, years in plan:
        if eras:
            out.heading(2, era.title, (("class", "dossier-era"), ("data-era", era.title if era.named else ""),
                                       ("data-search-exclude", ""), ("id", era.anchor)))
        for year, events in years:
            out.heading(year_level, str(year.year), (("class", "dossier-year"), ("data-year", str(year.year)),
                                                     ("data-search-exclude", ""), ("id", year.anchor)))
            out.block(fmt.blocks(render_event_item(dossier, item, fmt) if isinstance(item, Entry)
                                 else render_position_item(dossier, item, fmt) for item in events), late=True)
