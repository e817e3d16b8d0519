"""Rules for an actor's positions that need more than one item, or other entries.

- A position is about an entry of a kind the vocabulary allows
  (``position_targets``: organisations and obstacles by default), never
  about the actor itself.
- An actor's positions on one entry are listed in date order (a month sorts
  before its days, a year before its months), and two positions on one
  entry on the same date need different speakers (``by`` or ``office``).
- A position is something already stated: its date is not after today.
- Its citations quote the words that state it (a warning otherwise).

That every position has a citation and a speaker is checked with its fields
(:mod:`dossierkit.schema.position_fields`); whether its confidence is earned
is the rule of :mod:`dossierkit.validation.independence`.
"""

from __future__ import annotations

from datetime import date

from dossierkit.errors import ProblemSink
from dossierkit.schema.types import a, dotted, either
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry

FIELD = "positions"


def _error(entry: Entry, sink: ProblemSink, path: tuple, message: str) -> None:
    sink.error(entry.doc.pos(path), f"{dotted(path)}: {message}", dotted(path))


def _target_problem(entry: Entry, target: Entry | None, vocab: Vocabulary) -> str | None:
    """Why ``entry`` cannot take a position on ``target`` (None: it can)."""
    if target is None:
        return None  # an unknown id is reported where references are resolved
    if target.id == entry.id:
        return f"{a(entry.kind.name)} cannot take a position on itself"
    allowed = vocab.position_targets
    if target.kind.name not in allowed:
        return (f"{target.id!r} is {a(target.kind.name)}; a position is about {either(allowed)} "
                f"(the vocabulary's position_targets; add '{target.kind.name}' there to allow it)")
    return None


def check_positions(entry: Entry, sink: ProblemSink, entries: dict[str, Entry], vocab: Vocabulary,
                    today: date) -> None:
    """Report every problem of ``entry``'s positions (see the module docstring)."""
    items = entry.data.get(FIELD)
    if not items:
        return
    last: dict[str, tuple[int, dict]] = {}  # target -> (index, item) of its latest position so far
    same_day: dict[tuple, int] = {}  # (target, date as written, speaker) -> first index
    now = (today.year, today.month, today.day)
    for i, item in enumerate(items):
        path = (FIELD, i)
        target, when = item["target"], item["date"]
        problem = _target_problem(entry, entries.get(target), vocab)
        if problem:
            _error(entry, sink, path + ("target",), problem)
        if when.sort_key > now:
            _error(entry, sink, path + ("date",), f"{when} is after today ({today.isoformat()}); "
                                                  "a position is something already stated")
        before = last.get(target)
        if before is not None and when.sort_key < before[1]["date"].sort_key:
            _error(entry, sink, path + ("date",),
                   f"{when} comes before the position above it on {target!r} ({dotted((FIELD, before[0]))}, "
                   f"{before[1]['date']}); list an actor's positions on one entry in date order")
        speaker = (item.get("by") or "", (item.get("office") or "").casefold())
        key = (target, when.iso(), speaker)
        if key in same_day:
            _error(entry, sink, path, f"a second position on {target!r} on {when} stated by the same speaker "
                                      f"(first: {dotted((FIELD, same_day[key]))}); merge them, or say who stated "
                                      "each ('by' or 'office')")
        same_day.setdefault(key, i)
        if before is None or when.sort_key >= before[1]["date"].sort_key:
            last[target] = (i, item)
        if not any(c.quote for c in item["sources"]):
            where = path + ("sources",)
            sink.warning(entry.doc.pos(where), f"{dotted(where)}: no citation quotes the words of the position; "
                                               "add the 'quote' that states it", dotted(where))
