"""Date rules that need more than one field, or the calendar.

- An end never comes before its start (the kind's ``date_pairs``, a
  relation's or membership's ``since``/``until``).
- A date after today needs a *planned* status (the vocabulary marks which
  statuses are planned): an event that has not happened yet must say so.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.errors import ProblemSink
from dossierkit.schema.types import dotted
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry

KeyPath = tuple[Any, ...]


def build_date() -> date:
    """Today (UTC), or ``DOSSIER_TODAY`` (``YYYY-MM-DD``) when set, for tests.

    Not ``SOURCE_DATE_EPOCH``: that is the time stamped into outputs for
    reproducible builds (often a commit's), not the day the facts are checked on.
    """
    fixed = os.environ.get("DOSSIER_TODAY")
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return datetime.now(timezone.utc).date()


def _before(later: PartialDate, earlier: PartialDate) -> bool:
    """True when ``later`` certainly ends before ``earlier`` begins."""
    return later.end_key < earlier.sort_key


def _date_pair_error(entry: Entry, sink: ProblemSink, start: KeyPath, end: KeyPath, item: dict) -> None:
    a, b = item.get(start[-1]), item.get(end[-1])
    if a is not None and b is not None and _before(b, a):
        sink.error(entry.doc.pos(end), f"{dotted(end)}: {b} is before {dotted(start)} {a}", dotted(end))


def _future_error(entry: Entry, sink: ProblemSink, vocab: Vocabulary, today: date) -> None:
    field = entry.kind.date_field
    when = entry.data.get(field) if field else None
    if when is None or when.sort_key <= (today.year, today.month, today.day):
        return
    status = vocab.status(entry.data.get("status"))
    if status is not None and status.planned:
        return
    planned = [s.value for s in vocab.statuses if s.planned]
    if not planned:
        hint = "declare a planned status in the vocabulary (planned: true) and give it to this entry"
    else:
        hint = f"give it a planned status ({', '.join(planned)}) or correct the date"
    sink.error(entry.doc.pos((field,)), f"{field}: {when} is after today ({today.isoformat()}); "
                                        f"only something planned can be dated in the future: {hint}", field)


def check_dates(entry: Entry, sink: ProblemSink, vocab: Vocabulary, today: date) -> None:
    """Ends may not come before starts; a future date needs a planned status."""
    data = entry.data
    for start, end in entry.kind.date_pairs:
        _date_pair_error(entry, sink, (start,), (end,), data)
    for group in ("relations", "memberships"):
        for i, item in enumerate(data.get(group, ())):
            _date_pair_error(entry, sink, (group, i, "since"), (group, i, "until"), item)
    if "status" in {f.name for f in entry.kind.fields}:
        _future_error(entry, sink, vocab, today)
