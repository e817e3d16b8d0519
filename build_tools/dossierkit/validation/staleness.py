"""Staleness: an entry about something still moving must be checked again in time.

The vocabulary gives each status (or its lifecycle group) a re-check
interval in months: proposals and talks go stale fast, a founding date
never.  An entry is due when ``as_of`` (the day it was last checked against
its sources) is older than the shortest interval among the statuses it
states (its own, and those of its claims, relations and memberships), or
when it has no ``as_of`` at all.  Due entries are warnings (errors under
``--strict``).  Sources are never stale: they are what entries are checked
against.
"""

from __future__ import annotations

import calendar
from datetime import date

from dossierkit.dates import PartialDate
from dossierkit.errors import ProblemSink
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import CITING_LISTS, Entry


def recheck_interval(entry: Entry, vocab: Vocabulary) -> tuple[int, str] | None:
    """(months, status) of the shortest re-check interval the entry's statuses ask for, or None."""
    statuses = [entry.data.get("status")] + [item.get("status") for group in CITING_LISTS
                                             for item in entry.data.get(group, ()) if isinstance(item, dict)]
    best: tuple[int, str] | None = None
    for status in filter(None, statuses):
        months = vocab.recheck_months(status)
        if months is not None and (best is None or months < best[0]):
            best = (months, status)
    return best


def add_months(when: PartialDate, months: int) -> date:
    """The last day ``when`` stands for, ``months`` later."""
    y, m, d = when.end_key
    m0 = m - 1 + months
    y, m = y + m0 // 12, m0 % 12 + 1
    return date(y, m, min(d, calendar.monthrange(y, m)[1]))


def check_staleness(entry: Entry, sink: ProblemSink, vocab: Vocabulary, today: date) -> None:
    """A warning when the entry is due a new check (see the module docstring)."""
    interval = recheck_interval(entry, vocab)
    if interval is None:
        return
    months, status = interval
    as_of = entry.data.get("as_of")
    label = vocab.label("statuses", status)
    if as_of is None:
        sink.warning(entry.doc.pos(("id",)), f"as_of: never checked; entries stating '{label}' are checked again "
                                             f"every {months} month{'s' if months > 1 else ''}: set as_of to the day "
                                             "you check it against its sources", "as_of")
        return
    if as_of.sort_key > (today.year, today.month, today.day):
        sink.error(entry.doc.pos(("as_of",)), f"as_of: {as_of} is after today ({today.isoformat()})", "as_of")
        return
    due = add_months(as_of, months)
    if due < today:
        sink.warning(entry.doc.pos(("as_of",)), f"as_of: last checked {as_of.human()}; entries stating '{label}' "
                                                f"are checked again every {months} month{'s' if months > 1 else ''} "
                                                f"(due since {due.isoformat()}): check it and update as_of", "as_of")
