"""Machine-readable timeline: ``timeline.json`` and an iCalendar feed.

Field reference: ``docs/reference/timeline-json.md``.  Text is plain (never
HTML); in the JSON, ``<``, ``>`` and ``&`` are written as ``\\u003c``-style
escapes so the file is inert even if someone pastes it into a page.
"""

from __future__ import annotations

import calendar
import json
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.render.position_timeline import position_records, position_vevents
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

TIMELINE_JSON_VERSION = 1


def _date(d: PartialDate | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {"value": d.iso(), "precision": d.precision, "approximate": d.approximate, "text": d.human()}


def event_record(dossier: Dossier, event: Entry, url_for) -> dict[str, Any]:
    """One event as a JSON-ready dict."""
    d = event.data
    return {
        "id": event.id,
        "title": event.label,
        "summary": event.summary,
        "date": _date(d["date"]),
        "end": _date(d.get("end")),
        "status": d.get("status"),
        "confidence": d["confidence"],
        "participants": list(d.get("participants", ())),
        "concerns": list(d.get("concerns", ())),
        "tags": event.tags,
        "location": d.get("location"),
        "sources": [
            {"id": s, "title": dossier.entries[s].label, "publisher": dossier.entries[s].data["publisher"],
             "url": dossier.entries[s].data.get("url")}
            for s in dict.fromkeys(event.sources)
        ],
        "url": url_for(event),
    }


def timeline_json(dossier: Dossier, url_for) -> str:
    """The whole timeline as JSON text; ``url_for(entry)`` gives page URLs."""
    data = {
        "version": TIMELINE_JSON_VERSION,
        "events": [event_record(dossier, e, url_for) for e in dossier.events],
        "positions": position_records(dossier, url_for),
        "entities": {
            e.id: {"kind": e.kind.name, "label": e.label, "url": url_for(e)}
            for e in dossier if e.kind.timeline_group
        },
    }
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n").replace("\r", "")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets as RFC 5545 requires."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _span(start: PartialDate, end: PartialDate | None) -> tuple[str, str]:
    """All-day DTSTART and exclusive DTEND covering the dates' whole periods."""
    first = (start.year, start.month or 1, start.day or 1)
    last_key = (end or start).end_key
    y, m, d = last_key
    days = calendar.monthrange(y, m)[1]
    y, m, d = (y, m, d + 1) if d < days else ((y, m + 1, 1) if m < 12 else (y + 1, 1, 1))
    return "%04d%02d%02d" % first, "%04d%02d%02d" % (y, m, d)


def timeline_ics(dossier: Dossier, url_for, calendar_name: str) -> str:
    """An iCalendar feed of every event.

    Events known only to the month or year span that whole month or year,
    and their summary says so (a calendar cannot store "June 2026").
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//dossierkit//timeline//EN",
             f"X-WR-CALNAME:{_ics_text(calendar_name)}", "CALSCALE:GREGORIAN"]
    for e in dossier.events:
        d = e.data
        start, end = _span(d["date"], d.get("end"))
        when = d["date"].human() if d["date"].precision != "day" or d["date"].approximate else ""
        summary = e.label + (f" (date: {when})" if when else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.id}@dossier",
            "DTSTAMP:19700101T000000Z",  # fixed: the feed is byte-identical for the same input
            f"DTSTART;VALUE=DATE:{start}",
            f"DTEND;VALUE=DATE:{end}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(e.summary + ' [' + d['confidence'] + ']')}",
            f"URL:{url_for(e)}",
            "END:VEVENT",
        ]
    lines += position_vevents(dossier, url_for)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
