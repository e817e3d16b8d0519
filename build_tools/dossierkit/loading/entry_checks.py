"""The checks of one entry that read other entries only through its sources.

Dates (against today), how well each statement's sources support it, a
source's title and an entry's staleness depend on the entry, the
vocabulary, today's date and the source entries (a source's weight, what it
relays, whose voice it is).  :func:`check_entries` runs them for every
entry; with an :class:`~dossierkit.loading.entry_cache.EntryCache`, an
entry that is the same object as at the last load keeps its results, unless
a source entry (or an entry a source speaks for) changed, or the day did.
"""

from __future__ import annotations

from datetime import date

from dossierkit.errors import ProblemSink
from dossierkit.schema.kinds import BIBLIOGRAPHY
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry
from dossierkit.validation.dates import check_dates
from dossierkit.validation.independence import Assessment, Sources, check_corroboration
from dossierkit.validation.sources import check_title
from dossierkit.validation.staleness import check_staleness


def _one(entry: Entry, sink: ProblemSink, vocab: Vocabulary, today: date, evidence: Sources) -> dict[tuple, Assessment]:
    check_dates(entry, sink, vocab, today)
    found = check_corroboration(entry, sink, evidence)
    if entry.kind.role == BIBLIOGRAPHY:
        check_title(entry, sink)
    else:
        check_staleness(entry, sink, vocab, today)
    return found


def _sources_key(entries: dict[str, Entry]) -> list:
    """What every entry's assessments may read of other entries: the sources and the voices they speak for."""
    sources = [e for e in entries.values() if e.kind.role == BIBLIOGRAPHY]
    voices = {e.data.get("voice_of") for e in sources} - {None}
    return sources + [entries.get(v) for v in sorted(voices)]


def _same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def check_entries(entries: dict[str, Entry], sinks: dict[str, ProblemSink], vocab: Vocabulary, today: date,
                  cache=None) -> dict[tuple, Assessment]:
    """Run the checks of the module docstring on every entry; return the assessments by (id, key path)."""
    evidence = Sources(entries, vocab)
    assessments: dict[tuple, Assessment] = {}
    if cache is None:
        for entry in entries.values():
            for path, result in _one(entry, sinks[entry.id], vocab, today, evidence).items():
                assessments[(entry.id, path)] = result
        return assessments
    key = (today, _sources_key(entries))
    if cache.checks_key is None or cache.checks_key[0] != today or not _same(cache.checks_key[1], key[1]):
        cache.checks = {}
    kept: dict[str, tuple] = {}
    for entry in entries.values():
        sink = sinks[entry.id]
        known = cache.checks.get(entry.id)
        if known is not None and known[0] is entry:
            _, problems, found = known
            sink.problems.extend(problems)
        else:
            before = len(sink.problems)
            found = _one(entry, sink, vocab, today, evidence)
            problems = sink.problems[before:]
        kept[entry.id] = (entry, problems, found)
        for path, result in found.items():
            assessments[(entry.id, path)] = result
    cache.checks, cache.checks_key = kept, key
    return assessments
