"""Date rules that need more than one field: an end never comes before its start."""

from __future__ import annotations

from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.errors import ProblemSink
from dossierkit.schema.types import dotted
from dossierkit.structure.entry import Entry

KeyPath = tuple[Any, ...]


def _before(later: PartialDate, earlier: PartialDate) -> bool:
    """True when ``later`` certainly ends before ``earlier`` begins."""
    return later.end_key < earlier.sort_key


def _date_pair_error(entry: Entry, sink: ProblemSink, start: KeyPath, end: KeyPath, item: dict) -> None:
    a, b = item.get(start[-1]), item.get(end[-1])
    if a is not None and b is not None and _before(b, a):
        sink.error(entry.doc.pos(end), f"{dotted(end)}: {b} is before {dotted(start)} {a}", dotted(end))


def check_dates(entry: Entry, sink: ProblemSink) -> None:
    """Ends may not come before starts (event end, dissolved, until)."""
    data = entry.data
    _date_pair_error(entry, sink, ("date",), ("end",), data)
    _date_pair_error(entry, sink, ("founded",), ("dissolved",), data)
    for group in ("relations", "memberships"):
        for i, item in enumerate(data.get(group, ())):
            _date_pair_error(entry, sink, (group, i, "since"), (group, i, "until"), item)
