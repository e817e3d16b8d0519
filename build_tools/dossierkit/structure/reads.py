"""What a page reads from the dossier, and which of those reads an edit changed.

An incremental rebuild (``mkdocs serve``) must re-render every page that
shows something an edit changed, and may skip the rest.  Rather than a list
of rules ("a relation shows on both entries' pages, ..."), each page is
rendered through a :class:`TrackedDossier`: the same interface as
:class:`~dossierkit.structure.dossier.Dossier`, which notes every *read key*
the renderer asks for:

- ``("e", id)``: whether the entry exists; ``("f", id, field)``: one field
  of its data (``"*"`` for all of them, ``"@kind"``, ``"@path"`` and
  ``"@doc"`` for its kind, file and parsed document), noted through an
  :class:`EntryView` that stands for the entry while the page renders;
- ``("rel", id)``, ``("back", id)``, ``("cite", id)``, ``("evof", id)``,
  ``("why", id)``: the derived indexes of one entry (its relations, seen
  from both ends; what links to it; what cites it; its events; how well
  its statements are supported);
- ``("pos", id)``: the positions an entry holds, is the target of, or
  stated; ``("pos", "*")``: every position;
- ``("kind", name)``: which entries a kind has, in order (index pages, the
  timeline, the glossary; what they show of each is read field by field); ``("rels",)``: every relation (the network);
  ``("last",)``: the newest ``as_of`` of the dossier.

:func:`~dossierkit.structure.changed.changed_keys` compares two loads of
the dossier and returns the keys whose answer differs.  Rendering is deterministic, so a page none of whose
read keys changed renders the same as before (its reads included); a page
some of whose keys changed is rendered again, and its reads noted again.
Anything outside the dossier (options, the vocabulary, the glossary's
tooltips, the history) is the caller's to compare.  An attribute the
tracker does not know is read as ``("*",)``, which every change touches.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Callable, Iterator

from dossierkit.schema.kinds import KINDS
from dossierkit.structure.dossier import EVENT_KIND, SOURCE_KIND, TERM_KIND, Dossier
from dossierkit.structure.entry import Entry

ANY = ("*",)
ENTRY_ATTRIBUTES = ("kind", "path", "doc")  # besides ``id`` (which never changes) and ``data``


class _DataView:
    """An entry's ``data`` that notes each field read."""

    __slots__ = ("_data", "_id", "_reads")

    def __init__(self, data: dict, entry_id: str, reads: set):
        self._data, self._id, self._reads = data, entry_id, reads

    def __getitem__(self, key):
        self._reads.add(("f", self._id, key))
        return self._data[key]

    def get(self, key, default=None):
        self._reads.add(("f", self._id, key))
        return self._data.get(key, default)

    def __contains__(self, key) -> bool:
        self._reads.add(("f", self._id, key))
        return key in self._data

    def _all(self) -> dict:
        self._reads.add(("f", self._id, "*"))
        return self._data

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()


class EntryView:
    """Stands for an :class:`Entry` while a page renders, noting the fields it reads.

    Its properties and methods are :class:`Entry`'s own, run on the view, so
    that ``label`` notes the one field it reads.
    """

    __slots__ = ("_entry", "_reads", "id")

    def __init__(self, entry: Entry, reads: set):
        self._entry, self._reads, self.id = entry, reads, entry.id

    @property  # type: ignore[misc]
    def __class__(self):  # so that isinstance(view, Entry) holds, as for the entry itself
        return Entry

    @property
    def data(self) -> _DataView:
        """The entry's data, noting each field read."""
        return _DataView(self._entry.data, self.id, self._reads)

    def __getattr__(self, name: str) -> Any:
        member = getattr(Entry, name, None)
        if isinstance(member, property):
            return member.fget(self)
        if isinstance(member, cached_property):  # worked out on the view (not kept), so that its reads are noted
            return member.func(self)
        if callable(member):
            return member.__get__(self)
        self._reads.add(("f", self.id, "@" + name if name in ENTRY_ATTRIBUTES else "*"))
        return getattr(self._entry, name)


class _Reads:
    """A read-only view of one of the dossier's mappings that notes each key asked for."""

    def __init__(self, data: dict, prefix: str, owner: "TrackedDossier", wrap=None, whole: tuple = ANY):
        self._data, self._prefix, self._owner, self._wrap, self._whole = data, prefix, owner, wrap, whole

    def _note(self, key) -> None:
        self._owner.reads.add((self._prefix, key))

    def __getitem__(self, key):
        self._note(key)
        value = self._data[key]
        return self._wrap(value) if self._wrap else value

    def get(self, key, default=None):
        self._note(key)
        if key not in self._data:
            return default
        value = self._data[key]
        return self._wrap(value) if self._wrap else value

    def __contains__(self, key) -> bool:
        self._note(key)
        return key in self._data

    def __iter__(self):
        self._owner.reads.add(self._whole)
        return iter(self._data)

    def __len__(self) -> int:
        self._owner.reads.add(self._whole)
        return len(self._data)

    def keys(self):
        self._owner.reads.add(self._whole)
        return self._data.keys()

    def values(self):
        self._owner.reads.add(self._whole)
        return self._data.values()

    def items(self):
        self._owner.reads.add(self._whole)
        return self._data.items()


class _PositionsView:
    """The dossier's :class:`~dossierkit.structure.positions.PositionIndex`, noting what is read."""

    def __init__(self, index, owner: "TrackedDossier"):
        self._index, self._owner = index, owner
        every = ("pos", "*")  # going through all of them reads every position
        self.by_holder = _Reads(index.by_holder, "pos", owner, whole=every)
        self.by_target = _Reads(index.by_target, "pos", owner, whole=every)
        self.by_speaker = _Reads(index.by_speaker, "pos", owner, whole=every)

    def _note(self, key) -> None:
        self._owner.reads.add(("pos", key))

    def histories(self, holder: str):
        """As ``PositionIndex.histories``."""
        self._note(holder)
        return self._index.histories(holder)

    def history(self, holder: str, target: str):
        """As ``PositionIndex.history``."""
        self._note(holder)
        return self._index.history(holder, target)

    def latest(self, holder: str, target: str, as_of=None):
        """As ``PositionIndex.latest``."""
        self._note(holder)
        return self._index.latest(holder, target, as_of)

    def standing(self, target: str, as_of=None):
        """As ``PositionIndex.standing``."""
        self._note(target)
        return self._index.standing(target, as_of)

    def on_timeline(self, position) -> bool:
        """As ``PositionIndex.on_timeline`` (the position and the vocabulary only)."""
        return self._index.on_timeline(position)

    def __len__(self) -> int:
        self._note("*")
        return len(self._index)

    def __getattr__(self, name: str) -> Any:
        self._note("*")  # every position (timeline_items, all, by_pair, ...)
        return getattr(self._index, name)


class TrackedDossier:
    """A :class:`Dossier` that notes in ``reads`` what is read from it (see the module docstring)."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.reads: set[tuple] = set()
        self.parts: KeptParts | None = None  # the page's parts kept from its last rendering (see kept_part)
        self.entries = _Reads(dossier.entries, "e", self, self.view)
        self.backlinks = _Reads(dossier.backlinks, "back", self)
        self.citations = _Reads(dossier.citations, "cite", self)
        self.by_kind = _Reads(dossier.by_kind, "kind", self, self.views)
        self.vocabulary = dossier.vocabulary  # the caller compares vocabularies

    def begin(self) -> None:
        """Start noting the reads of a new page."""
        self.reads = set()

    def view(self, entry: Entry) -> EntryView:
        """``entry`` as seen by the page being rendered (see :class:`EntryView`)."""
        return EntryView(entry, self.reads)

    def views(self, entries) -> list[EntryView]:
        """``entries`` as seen by the page being rendered."""
        return [EntryView(e, self.reads) for e in entries]

    def get(self, entry_id: str):
        """As :meth:`Dossier.get`."""
        self.reads.add(("e", entry_id))
        entry = self.dossier.get(entry_id)
        return None if entry is None else self.view(entry)

    def relations_of(self, entry_id: str):
        """As :meth:`Dossier.relations_of`."""
        self.reads.add(("rel", entry_id))
        return self.dossier.relations_of(entry_id)

    def grouped_relations(self, entry_id: str):
        """As :meth:`Dossier.grouped_relations`."""
        self.reads.add(("rel", entry_id))
        return self.dossier.grouped_relations(entry_id)

    def events_of(self, entry_id: str):
        """As :meth:`Dossier.events_of`."""
        self.reads.add(("evof", entry_id))
        return self.views(self.dossier.events_of(entry_id))

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
        return self.views(self.dossier.events)

    @property
    def terms(self):
        """As :attr:`Dossier.terms`."""
        self.reads.add(("kind", TERM_KIND))
        return self.views(self.dossier.terms)

    @property
    def source_entries(self):
        """As :attr:`Dossier.source_entries`."""
        self.reads.add(("kind", SOURCE_KIND))
        return self.views(self.dossier.source_entries)

    @property
    def positions(self) -> _PositionsView:
        """As :attr:`Dossier.positions`."""
        return _PositionsView(self.dossier.positions, self)

    @property
    def relations(self):
        """As :attr:`Dossier.relations`."""
        self.reads.add(("rels",))
        return self.dossier.relations

    def iter_kind(self, kind: str):
        """As :meth:`Dossier.iter_kind`."""
        self.reads.add(("kind", kind))
        return iter(self.views(self.dossier.iter_kind(kind)))

    def counts(self) -> dict[str, int]:
        """As :meth:`Dossier.counts`."""
        self.reads.update(("kind", k.name) for k in KINDS)
        return self.dossier.counts()

    def __iter__(self) -> Iterator:
        self.reads.update(("kind", k.name) for k in KINDS)
        return iter(self.views(self.dossier))

    def __len__(self) -> int:
        self.reads.update(("kind", k.name) for k in KINDS)
        return len(self.dossier)

    def __getattr__(self, name: str) -> Any:
        # Anything else (assessments, warnings, ...): read as a whole, touched by every change.
        self.reads.add(ANY)
        return getattr(self.dossier, name)


class KeptParts:
    """The parts of one page (an index's rows) from its last rendering, each with its own reads,
    and the keys that changed since (None: everything); ``used`` collects this rendering's parts."""

    def __init__(self, previous: dict[Any, tuple], changed: set[tuple] | None):
        self.previous, self.changed = previous, changed
        self.used: dict[Any, tuple] = {}


def kept_part(dossier, key, entry, make: Callable) -> Any:
    """``make(dossier, entry)``: one part of a page that shows ``entry`` (an index's row).

    Rendered through a :class:`TrackedDossier`, the part is made with a
    tracker of its own, kept under ``key`` with its reads (which the page
    reads too), and taken again at the page's next rendering while none of
    its reads changed: one edited summary renders one row of an index of
    2,000 actors, not all of them.  A page's reads hold its parts' reads, so
    a change to a part always renders its page again, where the part is
    checked; parts the page no longer shows are dropped with that rendering.
    With a plain :class:`Dossier`, or no parts kept, it is ``make`` itself.
    """
    parts = dossier.parts if isinstance(dossier, TrackedDossier) else None
    if parts is None:
        return make(dossier, entry)
    found = parts.previous.get(key)
    if found is None or parts.changed is None or not parts.changed.isdisjoint(found[1]):
        own = TrackedDossier(dossier.dossier)
        value = make(own, own.view(getattr(entry, "_entry", entry)))  # (an EntryView's entry, or the entry)
        found = (value, frozenset(own.reads))
    parts.used[key] = found
    dossier.reads.update(found[1])
    return found[0]
