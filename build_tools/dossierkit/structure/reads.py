"""What a page reads from the dossier, and which of those reads an edit changed.

An incremental rebuild (``mkdocs serve``) must re-render every page that
shows something an edit changed, and may skip the rest.  Rather than a list
of rules ("a relation shows on both entries' pages, ..."), each page is
rendered through a :class:`TrackedDossier`: the same interface as
:class:`~dossierkit.structure.dossier.Dossier`, which notes every *read key*
the renderer asks for:

- ``("e", id)``: the entry itself (any of its fields);
- ``("rel", id)``, ``("back", id)``, ``("cite", id)``, ``("evof", id)``,
  ``("why", id)``: the derived indexes of one entry (its relations, seen
  from both ends; what links to it; what cites it; its events; how well
  its statements are supported);
- ``("kind", name)``: every entry of a kind, in order (index pages, the
  timeline, the glossary); ``("rels",)``: every relation (the network);
  ``("last",)``: the newest ``as_of`` of the dossier.

:func:`changed_keys` compares two loads of the dossier and returns the keys
whose answer differs.  Rendering is deterministic, so a page none of whose
read keys changed renders the same as before (its reads included); a page
some of whose keys changed is rendered again, and its reads noted again.
Anything outside the dossier (options, the vocabulary, the glossary's
tooltips, the history) is the caller's to compare.  An attribute the
tracker does not know is read as ``("*",)``, which every change touches.
"""

from __future__ import annotations

from typing import Any, Iterator

from dossierkit.schema.kinds import KINDS
from dossierkit.structure.dossier import EVENT_KIND, SOURCE_KIND, TERM_KIND, Dossier

ANY = ("*",)


class _Reads:
    """A read-only view of one of the dossier's mappings that notes each key asked for."""

    def __init__(self, data: dict, prefix: str, owner: "TrackedDossier"):
        self._data, self._prefix, self._owner = data, prefix, owner

    def _note(self, key) -> None:
        self._owner.reads.add((self._prefix, key))

    def __getitem__(self, key):
        self._note(key)
        return self._data[key]

    def get(self, key, default=None):
        self._note(key)
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return key in self._data

    def __iter__(self):
        self._owner.reads.add(ANY)
        return iter(self._data)

    def __len__(self) -> int:
        self._owner.reads.add(ANY)
        return len(self._data)

    def keys(self):
        self._owner.reads.add(ANY)
        return self._data.keys()

    def values(self):
        self._owner.reads.add(ANY)
        return self._data.values()

    def items(self):
        self._owner.reads.add(ANY)
        return self._data.items()


class TrackedDossier:
    """A :class:`Dossier` that notes in ``reads`` what is read from it (see the module docstring)."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.reads: set[tuple] = set()
        self.entries = _Reads(dossier.entries, "e", self)
        self.backlinks = _Reads(dossier.backlinks, "back", self)
        self.citations = _Reads(dossier.citations, "cite", self)
        self.by_kind = _Reads(dossier.by_kind, "kind", self)
        self.vocabulary = dossier.vocabulary  # the caller compares vocabularies

    def begin(self) -> None:
        """Start noting the reads of a new page."""
        self.reads = set()

    def get(self, entry_id: str):
        """As :meth:`Dossier.get`."""
        self.reads.add(("e", entry_id))
        return self.dossier.get(entry_id)

    def relations_of(self, entry_id: str):
        """As :meth:`Dossier.relations_of`."""
        self.reads.add(("rel", entry_id))
        return self.dossier.relations_of(entry_id)

    def grouped_relations(self, entry_id: str):
        """As :meth:`Dossier.grouped_relations`."""
        self.reads.add(("rel", entry_id))
        return self.dossier.grouped_relations(entry_id)

    def events_of(self, entry_id: str):
        """As :meth:`Dossier.events_of`; the events themselves are read too."""
        events = self.dossier.events_of(entry_id)
        self.reads.add(("evof", entry_id))
        self.reads.update(("e", e.id) for e in events)
        return events

    def reason(self, entry_id: str, path: tuple = ()) -> str:
        """As :meth:`Dossier.reason`."""
        self.reads.add(("why", entry_id))
        return self.dossier.reason(entry_id, path)

    def last_checked(self):
        """As :meth:`Dossier.last_checked`."""
        self.reads.add(("last",))
        return self.dossier.last_checked()

    @property
    def events(self):
        """As :attr:`Dossier.events`."""
        self.reads.add(("kind", EVENT_KIND))
        return self.dossier.events

    @property
    def terms(self):
        """As :attr:`Dossier.terms`."""
        self.reads.add(("kind", TERM_KIND))
        return self.dossier.terms

    @property
    def source_entries(self):
        """As :attr:`Dossier.source_entries`."""
        self.reads.add(("kind", SOURCE_KIND))
        return self.dossier.source_entries

    @property
    def relations(self):
        """As :attr:`Dossier.relations`."""
        self.reads.add(("rels",))
        return self.dossier.relations

    def iter_kind(self, kind: str):
        """As :meth:`Dossier.iter_kind`."""
        self.reads.add(("kind", kind))
        return self.dossier.iter_kind(kind)

    def counts(self) -> dict[str, int]:
        """As :meth:`Dossier.counts`."""
        self.reads.update(("kind", k.name) for k in KINDS)
        return self.dossier.counts()

    def __iter__(self) -> Iterator:
        self.reads.update(("kind", k.name) for k in KINDS)
        return iter(self.dossier)

    def __len__(self) -> int:
        self.reads.update(("kind", k.name) for k in KINDS)
        return len(self.dossier)

    def __getattr__(self, name: str) -> Any:
        # Anything else (assessments, warnings, ...): read as a whole, touched by every change.
        self.reads.add(ANY)
        return getattr(self.dossier, name)


def _differs(old: dict, new: dict, prefix: str, out: set, same=None) -> None:
    """Add ``(prefix, key)`` to ``out`` for every key whose value differs between ``old`` and ``new``."""
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if not (same(a, b) if same else a == b):
            out.add((prefix, key))


def _same_entries(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _assessments_by_entry(dossier: Dossier) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for (entry_id, path), value in dossier.assessments.items():
        out.setdefault(entry_id, {})[path] = value
    return out


def changed_keys(old: Dossier, new: Dossier) -> set[tuple]:
    """Every read key (see the module docstring) whose answer differs between ``old`` and ``new``.

    Entries are compared by identity: a loader that keeps the :class:`Entry`
    of an unchanged file (``loading.entry_cache``) makes this exact; one that
    does not makes every entry count as changed.
    """
    out: set[tuple] = set()
    for entry_id in old.entries.keys() | new.entries.keys():
        if old.entries.get(entry_id) is not new.entries.get(entry_id):
            out.add(("e", entry_id))
    if not out:
        return out
    out.add(ANY)
    _differs(old._views, new._views, "rel", out)
    _differs(old.backlinks, new.backlinks, "back", out)
    _differs(old.citations, new.citations, "cite", out)
    _differs(old._events_of, new._events_of, "evof", out, _same_entries)
    _differs(old.by_kind, new.by_kind, "kind", out, _same_entries)
    _differs(_assessments_by_entry(old), _assessments_by_entry(new), "why", out)
    if old.relations != new.relations:
        out.add(("rels",))
    if old.last_checked() != new.last_checked():
        out.add(("last",))
    return out
