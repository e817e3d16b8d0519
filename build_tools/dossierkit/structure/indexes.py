"""The derived indexes of a dossier, built in full or updated from the last load.

A :class:`~dossierkit.structure.dossier.Dossier` answers "which relations
touch this entry", "who links here", "who cites this source", "which events
concern this entry" and "the entries of a kind, in order" from indexes made
once per load.  :func:`build` makes them from scratch.  While serving, the
loader keeps the :class:`~dossierkit.structure.entry.Entry` of every file
that did not change (``loading.entry_cache``), so an edit to one file makes
a load whose entries are, but for one or two, the very objects of the last
one; :func:`update` then changes only what those entries reach:

- the relations seen from each end, for the ends of every relation declared
  by a changed entry, before or after the edit;
- backlinks, for the targets a changed entry referred to or refers to (an
  unchanged entry's references are unchanged: the loader resolves them again
  only when ids or kinds change, and they then come out the same);
- citations, for the sources a changed entry cited or cites;
- the entries of each kind, for the kinds of changed entries;
- the events of each entry, when an event changed.

Every list is the one :func:`build` would make, in the same order, so that
pages come out byte for byte as in a clean build
(``tests/test_indexes.py`` compares both on random edits).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from dossierkit.schema.kinds import BIBLIOGRAPHY, KINDS, TIMELINE, kind_with_role
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import Relation, RelationView, views_for

EVENT_KIND = kind_with_role(TIMELINE).name
SOURCE_KIND = kind_with_role(BIBLIOGRAPHY).name
# An update that changes more entries than this builds every index again (as fast, and simpler).
MAX_UPDATED = 200


@dataclass
class Indexes:
    """What :func:`build` and :func:`update` make (see the module docstring)."""

    by_kind: dict[str, list[Entry]]
    views: dict[str, list[RelationView]]
    backlinks: dict[str, list[str]]
    citations: dict[str, list[str]]
    events_of: dict[str, list[Entry]]


def event_sort_key(entry: Entry) -> tuple:
    """Chronological key for events: date, then end date, then id."""
    end = entry.data.get("end")
    return (entry.data["date"].sort_key, end.sort_key if end else (0, 0, 0), entry.id)


def _sorted_kind(name: str, entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=event_sort_key if name == EVENT_KIND else Entry.sort_key)


def _events_of(events: list[Entry]) -> dict[str, list[Entry]]:
    found: dict[str, list[Entry]] = defaultdict(list)
    for event in events:  # already chronological
        seen = set()
        for ref in list(event.data.get("participants", ())) + list(event.data.get("concerns", ())):
            if ref not in seen:
                seen.add(ref)
                found[ref].append(event)
    return dict(found)


def build(entries: dict[str, Entry], relations: list[Relation], references: dict[str, list[str]]) -> Indexes:
    """Every index, from scratch (``relations`` sorted by :meth:`Relation.sort_key`, as the dossier keeps them)."""
    grouped: dict[str, list[Entry]] = {k.name: [] for k in KINDS}
    for entry in entries.values():
        grouped[entry.kind.name].append(entry)
    by_kind = {name: _sorted_kind(name, items) for name, items in grouped.items()}

    views: dict[str, list[RelationView]] = defaultdict(list)
    for rel in relations:
        for entry_id, view in views_for(rel):
            views[entry_id].append(view)

    back: dict[str, set[str]] = defaultdict(set)
    for referrer, targets in references.items():
        for target in targets:
            if target != referrer:
                back[target].add(referrer)

    cites: dict[str, set[str]] = defaultdict(set)
    for entry in entries.values():
        for sid in entry.source_ids():
            cites[sid].add(entry.id)
    return Indexes(
        by_kind,
        {k: sorted(v, key=RelationView.sort_key) for k, v in views.items()},
        {k: sorted(v) for k, v in sorted(back.items())},
        {sid: sorted(cites.get(sid, ())) for sid in sorted(e.id for e in by_kind[SOURCE_KIND])},
        _events_of(by_kind[EVENT_KIND]))


def changed_entries(old: dict[str, Entry], new: dict[str, Entry]) -> set[str]:
    """The ids whose entry is not the very object of the last load (new, changed or gone)."""
    changed = {entry_id for entry_id, entry in new.items() if old.get(entry_id) is not entry}
    changed.update(old.keys() - new.keys())
    return changed


def update(previous: Indexes, old_entries: dict[str, Entry], old_references: dict[str, list[str]],
           entries: dict[str, Entry], relations: list[Relation], references: dict[str, list[str]]) -> Indexes:
    """The indexes of the new load, from those of the last one (see the module docstring);
    ``relations`` sorted, as for :func:`build`."""
    changed = changed_entries(old_entries, entries)
    if not changed:
        return Indexes(previous.by_kind, previous.views, previous.backlinks, previous.citations, previous.events_of)
    if len(changed) > MAX_UPDATED:
        return build(entries, relations, references)
    versions = [e for i in changed for e in (old_entries.get(i), entries.get(i)) if e is not None]

    kinds = {e.kind.name for e in versions}
    by_kind = {name: _sorted_kind(name, (e for e in entries.values() if e.kind.name == name)) if name in kinds
               else items for name, items in previous.by_kind.items()}

    # Relations: every end of a relation a changed entry declares (before or after), and the changed entries.
    ends = set(changed)
    for view_list in (previous.views.get(i, ()) for i in changed):
        for view in view_list:
            if view.relation.origin in changed:
                ends.update((view.relation.subject, view.relation.object))
    for rel in relations:
        if rel.origin in changed:
            ends.update((rel.subject, rel.object))
    fresh: dict[str, list[RelationView]] = defaultdict(list)
    for rel in relations:
        if rel.subject in ends or rel.object in ends:
            for entry_id, view in views_for(rel):
                if entry_id in ends:
                    fresh[entry_id].append(view)
    views = dict(previous.views)
    for entry_id in ends:
        if entry_id in fresh:
            views[entry_id] = sorted(fresh[entry_id], key=RelationView.sort_key)
        else:
            views.pop(entry_id, None)

    # Backlinks and citations: what a changed entry pointed at, before or after.
    backlinks = _repoint(previous.backlinks, changed,
                         {i: old_references.get(i, ()) for i in changed}, {i: references.get(i, ()) for i in changed})
    backlinks = {k: backlinks[k] for k in sorted(backlinks)}
    citations = _repoint(previous.citations, changed,
                         {i: old_entries[i].source_ids() for i in changed if i in old_entries},
                         {i: entries[i].source_ids() for i in changed if i in entries}, keep_empty=True)
    sources = by_kind[SOURCE_KIND]
    if SOURCE_KIND in kinds:
        citations = {e.id: citations.get(e.id, []) for e in sorted(sources, key=lambda e: e.id)}

    events_of = _events_of(by_kind[EVENT_KIND]) if EVENT_KIND in kinds else previous.events_of
    return Indexes(by_kind, views, backlinks, citations, events_of)


def _repoint(index: dict[str, list[str]], changed: set[str], before: dict[str, Iterable[str]],
             after: dict[str, Iterable[str]], keep_empty: bool = False) -> dict[str, list[str]]:
    """``index`` (target -> sorted ids pointing at it) with the pointers of ``changed`` entries
    taken from ``before`` and put back from ``after``; a target left with none is dropped
    unless ``keep_empty``."""
    targets = {t for found in before.values() for t in found} | {t for found in after.values() for t in found}
    out = dict(index)
    for target in targets:
        ids = set(index.get(target, ())) - changed
        ids.update(i for i, found in after.items() if target in found and i != target)
        if ids or keep_empty:
            out[target] = sorted(ids)
        else:
            out.pop(target, None)
    return out
