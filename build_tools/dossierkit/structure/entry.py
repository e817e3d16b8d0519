"""One checked entry of a dossier."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.schema.kinds import Kind
from dossierkit.loading.yaml_loader import YamlDocument


# Lists of statements that carry their own sources.
CITING_LISTS = ("claims", "relations", "memberships", "counts", "positions")


@dataclass(eq=False)
class Entry:
    """An entry after schema checks: its kind, id, checked values and origin.

    ``data`` holds converted values (dates are :class:`PartialDate`, numbers
    are ``int``); ``doc`` keeps the positions of every field for messages.
    """

    kind: Kind
    id: str
    data: dict[str, Any]
    path: str
    doc: YamlDocument = field(repr=False)

    @cached_property
    def label(self) -> str:
        """The display name (``name``, ``title`` or ``term`` by kind); read once (a build of
        10,000 entries asks for labels half a million times)."""
        return self.data[self.kind.label_field]

    @property
    def summary(self) -> str:
        """The one-line summary (a term's definition when it has none)."""
        return self.data.get("summary") or self.data.get("definition", "")

    @property
    def status(self) -> str | None:
        """Lifecycle status, where the kind has one."""
        return self.data.get("status")

    @property
    def confidence(self) -> str | None:
        """``confirmed``, ``reported`` or ``disputed``, where given."""
        return self.data.get("confidence")

    @property
    def date(self) -> PartialDate | None:
        """The entry's main date (its kind's ``date_field``: an event's date,
        an organisation's founding, a source's publication)."""
        return self.data.get(self.kind.date_field) if self.kind.date_field else None

    @property
    def sources(self) -> list[str]:
        """Ids of the sources of the entry's own ``sources`` list, in the order written."""
        return [c.source for c in self.data.get("sources", ())]

    @property
    def citations(self) -> list:
        """The entry's own ``sources`` list as :class:`~dossierkit.schema.citation.Cite` objects."""
        return list(self.data.get("sources", ()))

    @property
    def tags(self) -> list[str]:
        """The entry's tags, in the order written."""
        return list(self.data.get("tags", ()))

    @property
    def line(self) -> int:
        """Line of the entry's ``id`` field (for messages)."""
        return self.doc.pos(("id",))[0]

    def _citing_lists(self):
        """Every list of citations in the entry, in reading order: (key path of the list, the list)."""
        yield ("sources",), self.data.get("sources", ())
        for group in CITING_LISTS:
            for j, item in enumerate(self.data.get(group, ())):
                yield (group, j, "sources"), item.get("sources", ())

    def all_citations(self):
        """Every citation in the entry, in reading order: (key path of its list, Cite)."""
        for path, cites in self._citing_lists():
            for i, cite in enumerate(cites):
                yield path + (i,), cite

    def cited_sources(self) -> list[str]:
        """Every source id cited anywhere in the entry, first mention first (in the order of
        :meth:`all_citations`, without making each citation's key path)."""
        found: dict[str, None] = {}
        for _, cites in self._citing_lists():
            for cite in cites:
                found.setdefault(cite.source)
        return list(found)

    def source_ids(self) -> tuple[str, ...]:
        """:meth:`cited_sources`, worked out once (an entry's data never changes once checked)."""
        found = self.__dict__.get("_source_ids")
        if found is None:
            found = self.__dict__["_source_ids"] = tuple(self.cited_sources())
        return found

    def sort_key(self) -> tuple[Any, ...]:
        """Alphabetical order by label, then id (case-insensitive)."""
        return (self.label.casefold(), self.id)
