"""Positions on the timeline: on its page, in ``timeline.json`` and in the iCalendar feed.

A position goes on the timeline when it says so (``timeline: true``) or
when the vocabulary says so for its value (``positions[].timeline``).  On
the page it is an item among the events of its year ("Pakistan: supports
with conditions, on the SMDA"), filtered with them by actor or entry; in
the data files it is a record of its own (``positions`` in the JSON, a
``VEVENT`` in the feed), so consumers of events are not surprised.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from dossierkit.render.citations import source_citation
from dossierkit.render.formats import Format
from dossierkit.render.position_sections import position_badge, speaker_text
from dossierkit.render.text import attr, page_path
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.positions import Position


def with_positions(dossier: Dossier, events: Iterable[Entry]) -> Iterator[Entry | Position]:
    """``events`` (in order) with the timeline's positions merged in by date (events first on a tie)."""
    positions = dossier.positions.timeline_items()
    i = 0
    for event in events:
        key = event.data["date"].sort_key
        while i < len(positions) and positions[i].date.sort_key < key:
            yield positions[i]
            i += 1
        yield event
    yield from positions[i:]


def item_date(item: Entry | Position):
    """The date an item of the timeline is filed under."""
    return item.date if isinstance(item, Position) else item.data["date"]


def position_title(dossier: Dossier, p: Position) -> str:
    """``Pakistan: Supports with conditions (on Saudi–Pakistan ...)``, plain text."""
    return (f"{dossier.entries[p.holder].label}: {dossier.vocabulary.label('positions', p.value)} "
            f"(on {dossier.entries[p.target].label})")


def render_position_item(dossier: Dossier, p: Position, fmt: Format) -> str:
    """One position as an item of the timeline page, shaped like an event."""
    holder, target = dossier.entries[p.holder], dossier.entries[p.target]
    said = speaker_text(dossier, fmt, p)
    line = (f"{fmt.strong(fmt.link(holder))} {position_badge(dossier.vocabulary, p.value)} on {fmt.link(target)}"
            + (f" — {said}" if said else "")
            + (f". {fmt.text(p.note)}" if p.note else ""))
    sources = "; ".join(source_citation(dossier, dossier.entries[c.source], fmt)
                        for c in dict((c.source, c) for c in p.sources).values())
    blocks = [
        fmt.paragraph(f'<span class="dossier-date">{p.date.human()}</span> '
                      '<span class="dossier-kind">Position</span>'),
        fmt.paragraph(line + " " + fmt.page_link(page_path(holder), p.anchor, "History")),
        fmt.paragraph(f'<small class="dossier-event-sources">Sources: {sources}</small>'),
    ]
    groups = attr(f"id:{p.holder} id:{p.target}")
    return fmt.div(f'class="dossier-event dossier-position-event" data-groups="{groups}" data-search-exclude '
                   f'id="timeline-{p.anchor}"', blocks)


def _date(d) -> dict[str, Any]:
    return {"value": d.iso(), "precision": d.precision, "approximate": d.approximate, "text": d.human()}


def position_records(dossier: Dossier, url_for) -> list[dict[str, Any]]:
    """The timeline's positions as JSON-ready records (``docs/reference/timeline-json.md``)."""
    vocab = dossier.vocabulary
    out = []
    for p in dossier.positions.timeline_items():
        out.append({
            "id": p.anchor,
            "title": position_title(dossier, p),
            "holder": p.holder,
            "target": p.target,
            "position": p.value,
            "label": vocab.label("positions", p.value),
            "previous": p.previous,
            "date": _date(p.date),
            "by": p.by,
            "office": p.office,
            "confidence": p.confidence,
            "note": p.note,
            "sources": [{"id": s, "title": dossier.entries[s].label, "publisher": dossier.entries[s].data["publisher"],
                         "url": dossier.entries[s].data.get("url")} for s in dict.fromkeys(c.source for c in p.sources)],
            "url": url_for(dossier.entries[p.holder]) + "#" + p.anchor,
        })
    return out


def position_vevents(dossier: Dossier, url_for) -> list[str]:
    """iCalendar lines (unfolded) of the timeline's positions, all-day over their date's whole period."""
    from dossierkit.render.timeline_data import _ics_text, _span  # the feed's own escaping and periods

    lines: list[str] = []
    for p in dossier.positions.timeline_items():
        start, end = _span(p.date, None)
        when = p.date.human() if p.date.precision != "day" or p.date.approximate else ""
        summary = position_title(dossier, p) + (f" (date: {when})" if when else "")
        said = p.office or (dossier.entries[p.by].label if p.by and p.by in dossier.entries else "")
        lines += ["BEGIN:VEVENT", f"UID:{p.anchor}@dossier", "DTSTAMP:19700101T000000Z",
                  f"DTSTART;VALUE=DATE:{start}", f"DTEND;VALUE=DATE:{end}", f"SUMMARY:{_ics_text(summary)}",
                  f"DESCRIPTION:{_ics_text((said + '. ' if said else '') + (p.note or '') + ' [' + p.confidence + ']')}",
                  f"URL:{url_for(dossier.entries[p.holder])}#{p.anchor}", "END:VEVENT"]
    return lines
