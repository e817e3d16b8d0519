"""What changed in an entry, as data: facts, and the flags a reviewer must look at.

A :class:`Fact` is one change a reader would notice ("status Proposed →
Signed", "source added", "claim reworded").  Facts hold values as written
(status values, source ids, dates as text), never labels: the words come
later (``changes/words.py``) from the vocabulary and entries of the day, so
that facts can be cached by commit and still read in today's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The kinds of fact (``Fact.what``).
STATUS, CONFIDENCE, DATE, CHECKED, TEXT, VALUE, LIST = "status", "confidence", "date", "checked", "text", "value", "list"
SOURCE, QUOTE, CLAIM, RELATION, MEMBERSHIP, COUNT, DETAIL, POSITION = (
    "source", "quote", "claim", "relation", "membership", "count", "detail", "position")

# Reviewer flags (``Fact.flag``).
FORWARD_WITHOUT_SOURCE = "status-forward-without-source"
RAISED_WITHOUT_SOURCE = "confidence-raised-without-source"
LOST_LAST_SOURCE = "lost-last-source"
MORE_PRECISE = "date-more-precise"
POSITION_WITHOUT_SOURCE = "position-changed-without-source"
FLAGS = (FORWARD_WITHOUT_SOURCE, RAISED_WITHOUT_SOURCE, LOST_LAST_SOURCE, MORE_PRECISE, POSITION_WITHOUT_SOURCE)

# Entry-level changes (``EntryChange.change``).
ADDED, REMOVED, RENAMED, CHANGED = "added", "removed", "renamed", "changed"


@dataclass(frozen=True)
class Fact:
    """One change: ``what`` changed (one of the kinds above), in which ``field``,
    about which statement (``about``: ``()`` for the entry itself,
    ``("claim", text)``, ``("relation", type, target)``, ``("membership", member)``,
    ``("count", series, date)`` or ``("position", target, date)``), from ``before`` to ``after`` (None for an
    addition or a removal), where in the newer file (``path``; the older one for
    a removal), and the reviewer ``flag`` it raises, if any."""

    what: str
    field: str = ""
    about: tuple = ()
    before: Any = None
    after: Any = None
    path: tuple = ()
    flag: str = ""

    def to_json(self) -> list:
        """A compact JSON form (for the history cache)."""
        return [self.what, self.field, list(self.about), self.before, self.after, list(self.path), self.flag]

    @classmethod
    def from_json(cls, data: list) -> "Fact":
        """The fact written by :meth:`to_json`."""
        what, field, about, before, after, path, flag = data
        return cls(what, field, tuple(about), before, after, tuple(path), flag)


@dataclass(frozen=True)
class EntryChange:
    """What happened to one entry between two points: added, removed, renamed or changed.

    ``id``, ``kind`` and ``path`` are the entry's in the newer state (the older
    one for a removal); ``old_id``/``old_path`` are set for a rename; ``label``
    is the display name as it was written then.
    """

    change: str
    kind: str
    id: str
    path: str
    label: str
    facts: tuple[Fact, ...] = ()
    old_id: str = ""
    old_path: str = ""

    @property
    def flags(self) -> list[Fact]:
        """The facts that raise a reviewer flag."""
        return [f for f in self.facts if f.flag]

    def to_json(self) -> list:
        """A compact JSON form (for the history cache)."""
        return [self.change, self.kind, self.id, self.path, self.label, [f.to_json() for f in self.facts],
                self.old_id, self.old_path]

    @classmethod
    def from_json(cls, data: list) -> "EntryChange":
        """The change written by :meth:`to_json`."""
        change, kind, id_, path, label, facts, old_id, old_path = data
        return cls(change, kind, id_, path, label, tuple(Fact.from_json(f) for f in facts), old_id, old_path)
