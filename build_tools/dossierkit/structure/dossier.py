"""The loaded dossier: entries by kind and id, relations, backlinks, events.

Built once by :func:`dossierkit.loading.load.load_dossier` from checked entries;
every index is computed in linear time when first used (``dossier validate``
uses none) or, while serving, updated from the last load's
(``structure/indexes.py``), and every list is sorted, so iteration order
never depends on file-system or set order.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from functools import cached_property
from typing import Iterable

from dossierkit.errors import Problem
from dossierkit.schema.kinds import GLOSSARY, KINDS, kind_with_role
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.schema.vocabulary_file import preset
from dossierkit.structure.entry import Entry
from dossierkit.structure import indexes
from dossierkit.structure.positions import PositionIndex, build_index
from dossierkit.structure.indexes import EVENT_KIND, SOURCE_KIND  # noqa: F401 (imported from here)
from dossierkit.structure.relations import Relation, RelationGroup, RelationView, group_views

TERM_KIND = kind_with_role(GLOSSARY).name


@dataclass
class Dossier:
    """A whole dossier, resolved and indexed.

    - ``entries``: every entry by id (ids are unique across kinds);
    - ``by_kind``: entries of each kind, alphabetical (events chronological);
    - ``relations``: every relation, sorted; ``relations_of(id)`` gives both
      directions with their labels;
    - ``backlinks``: for each id, the ids of entries that refer to it
      ("what links here"), sorted;
    - ``events``: all events in chronological order; ``events_of(id)`` the
      events an entry takes part in or is concerned by;
    - ``citations``: for each source id, the entries that cite it;
    - ``vocabulary``: the words its entries use (statuses, relation types, ...);
    - ``assessments``: for each statement with a confidence, how well its
      sources support it ("two independent sources", "one source").
    """

    entries: dict[str, Entry]
    relations: list[Relation]
    references: dict[str, list[str]]
    warnings: list[Problem] = field(default_factory=list)
    root: str = ""
    vocabulary: Vocabulary = field(default_factory=preset)
    # (entry id, key path of the statement) -> how well its sources support it (validation/independence.py)
    assessments: dict = field(default_factory=dict)
    # The last load of the same dossier, whose indexes are updated rather than built again
    # (structure/indexes.py); unchanged entries must be its very Entry objects.
    previous: InitVar[Dossier | None] = None
    _previous: Dossier | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self, previous: Dossier | None) -> None:
        self.relations = sorted(self.relations, key=Relation.sort_key)
        # Kept until the indexes are made, then let go; only a load whose indexes were made is worth
        # updating from, and keeping one whose were not would chain every load to the one before
        # (`dossier validate --watch` makes none: it grew by 4 MB a save at 10,000 entries).
        self._previous = previous if previous is not None and "_indexes" in previous.__dict__ else None

    @cached_property
    def _indexes(self) -> indexes.Indexes:
        previous, self._previous = self._previous, None
        if previous is None:
            return indexes.build(self.entries, self.relations, self.references)
        return indexes.update(previous._indexes, previous.entries, previous.references,
                              self.entries, self.relations, self.references)

    @property
    def by_kind(self) -> dict[str, list[Entry]]:
        """Entries of each kind, alphabetical (events chronological)."""
        return self._indexes.by_kind

    @property
    def events(self) -> list[Entry]:
        """All events in chronological order."""
        return self._indexes.by_kind[EVENT_KIND]

    @property
    def backlinks(self) -> dict[str, list[str]]:
        """For each id, the ids of entries that refer to it, sorted."""
        return self._indexes.backlinks

    @property
    def citations(self) -> dict[str, list[str]]:
        """For each source id, the entries that cite it, sorted."""
        return self._indexes.citations

    @property
    def _views(self) -> dict[str, list[RelationView]]:
        return self._indexes.views

    @property
    def _events_of(self) -> dict[str, list[Entry]]:
        return self._indexes.events_of

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        """Entries in a stable order: by kind (in format order), then as sorted."""
        for kind in KINDS:
            yield from self.by_kind[kind.name]

    def get(self, entry_id: str) -> Entry | None:
        """The entry with ``entry_id``, or None."""
        return self.entries.get(entry_id)

    def relations_of(self, entry_id: str) -> list[RelationView]:
        """Both directions of every relation touching ``entry_id``, sorted by label."""
        return self._views.get(entry_id, [])

    def grouped_relations(self, entry_id: str) -> list[RelationGroup]:
        """``relations_of`` in honest groups: by heading, split by lifecycle group, negatives last."""
        return group_views(self.relations_of(entry_id), self.vocabulary)

    @property
    def terms(self) -> list[Entry]:
        """The glossary's entries, alphabetical."""
        return self.by_kind[TERM_KIND]

    @property
    def source_entries(self) -> list[Entry]:
        """The bibliography's entries, alphabetical."""
        return self.by_kind[SOURCE_KIND]

    def reason(self, entry_id: str, path: tuple = ()) -> str:
        """Plain words for how well a statement's sources support it ('' when not assessed)."""
        found = self.assessments.get((entry_id, path))
        return found.reason if found else ""

    def last_checked(self):
        """The newest ``as_of`` of any entry (None when no entry has one)."""
        return self._newest_as_of

    @cached_property
    def _newest_as_of(self):
        # Once per load: serve asks each load and the one before it (structure/changed.py).
        dates = [e.data["as_of"] for e in self.entries.values() if e.data.get("as_of")]
        return max(dates, key=lambda d: d.sort_key) if dates else None

    @cached_property
    def assessments_by_entry(self) -> dict[str, dict]:
        """``assessments`` by entry: ``{entry id: {statement path: assessment}}``."""
        out: dict[str, dict] = {}
        for (entry_id, path), value in self.assessments.items():
            out.setdefault(entry_id, {})[path] = value
        return out

    def events_of(self, entry_id: str) -> list[Entry]:
        """Events that ``entry_id`` takes part in or that concern it, in order."""
        return self._events_of.get(entry_id, [])

    @cached_property
    def positions(self) -> PositionIndex:
        """Who stands where, since when: every actor's positions by holder, target and speaker
        (:mod:`dossierkit.structure.positions`)."""
        return build_index(self.entries, self.vocabulary)

    def counts(self) -> dict[str, int]:
        """Number of entries of each kind, in format order (counted: the indexes need not be made)."""
        found = {k.name: 0 for k in KINDS}
        for entry in self.entries.values():
            found[entry.kind.name] += 1
        return found

    def iter_kind(self, kind: str) -> Iterable[Entry]:
        """Entries of one kind, in their sorted order."""
        return iter(self.by_kind[kind])
