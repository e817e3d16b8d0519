"""Positions as a model: who stands where, and since when.

Actors declare their positions (``positions:``, see
:mod:`dossierkit.schema.position_fields`).  Here they become
:class:`Position` records, indexed by holder, by target and by speaker.  A
position holds until the holder's next position on the same target: the
positions of one actor on one target, in date order, are its **history**
there, and the last one is where it stands.  What changed between two
versions of an actor's positions is said by ``changes/entry_diff.py`` (for
``dossier diff``, History lists and the Updates page and its feed).

Every list is sorted, so iteration never depends on file order beyond the
date order that validation enforces.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Day
from typing import Iterable

from dossierkit.dates import PartialDate
from dossierkit.schema.citation import Cite
from dossierkit.structure.entry import Entry

FIELD = "positions"


@dataclass(frozen=True)
class Position:
    """One position an actor took on an entry at a date, with who stated it and the evidence.

    ``index`` is the item's place in the holder's ``positions`` list (its key
    path is ``("positions", index)``); ``previous`` is the value of the
    holder's position on the same target just before this one (None for the
    first), so "it changed" needs no second look-up.
    """

    holder: str
    target: str
    value: str
    date: PartialDate
    confidence: str
    sources: tuple[Cite, ...]
    index: int
    by: str | None = None
    office: str | None = None
    note: str | None = None
    timeline: bool | None = None  # as written; see PositionIndex.on_timeline
    previous: str | None = None
    until: PartialDate | None = None  # the date of the next position on the same target

    @property
    def path(self) -> tuple:
        """Key path of the item in its holder's file (for messages and assessments)."""
        return (FIELD, self.index)

    @property
    def changed(self) -> bool:
        """True when the holder stood elsewhere just before this position."""
        return self.previous is not None and self.previous != self.value

    @property
    def anchor(self) -> str:
        """A stable HTML id for this position (holder, target, date and its place)."""
        return f"position-{self.holder}-{self.target}-{self.date.iso()}-{self.index}"

    def sort_key(self) -> tuple:
        """Chronological, then by holder, target and place in the file."""
        return (self.date.sort_key, self.holder, self.target, self.index)

    def speaker_key(self) -> tuple[str, str]:
        """Who stated it, for "one position per day unless the speakers differ"."""
        return (self.by or "", (self.office or "").casefold())


def read_positions(entry: Entry) -> list[Position]:
    """The positions an entry declares, in file order, with ``previous`` and ``until`` filled in per target."""
    items = entry.data.get(FIELD, ())
    previous: list[str | None] = [None] * len(items)
    until: list[PartialDate | None] = [None] * len(items)
    last: dict[str, int] = {}
    for i, item in enumerate(items):
        j = last.get(item["target"])
        if j is not None:
            previous[i] = items[j]["position"]
            until[j] = item["date"]
        last[item["target"]] = i
    return [Position(entry.id, item["target"], item["position"], item["date"], item["confidence"],
                     tuple(item["sources"]), i, item.get("by"), item.get("office"), item.get("note"),
                     item.get("timeline"), previous[i], until[i])
            for i, item in enumerate(items)]


def holds_on(position: Position, day: tuple[int, int, int]) -> bool:
    """True when ``position`` had certainly been stated by ``day`` ((y, m, d)): a position known
    only to the month counts from the month's last day, one known to the year from 31 December."""
    return position.date.end_key <= day


@dataclass
class PositionIndex:
    """Every position of a dossier, by holder, target and speaker (see the module docstring)."""

    entries: dict[str, Entry]
    value_timeline: dict[str, bool] = field(default_factory=dict)  # the vocabulary's default per value
    all: list[Position] = field(init=False)
    by_holder: dict[str, list[Position]] = field(init=False)
    by_target: dict[str, list[Position]] = field(init=False)
    by_speaker: dict[str, list[Position]] = field(init=False)
    by_pair: dict[tuple[str, str], list[Position]] = field(init=False)

    def __post_init__(self) -> None:
        found: list[Position] = []
        for entry in self.entries.values():
            if entry.data.get(FIELD):
                found.extend(read_positions(entry))
        self.all = sorted(found, key=Position.sort_key)
        holders: dict[str, list[Position]] = defaultdict(list)
        targets: dict[str, list[Position]] = defaultdict(list)
        speakers: dict[str, list[Position]] = defaultdict(list)
        pairs: dict[tuple[str, str], list[Position]] = defaultdict(list)
        for p in self.all:
            holders[p.holder].append(p)
            targets[p.target].append(p)
            pairs[(p.holder, p.target)].append(p)
            if p.by:
                speakers[p.by].append(p)
        self.by_holder, self.by_target, self.by_speaker = dict(holders), dict(targets), dict(speakers)
        self.by_pair = dict(pairs)

    def __len__(self) -> int:
        return len(self.all)

    def on_timeline(self, position: Position) -> bool:
        """Whether the position is an item of the timeline: its own ``timeline``, else its value's."""
        if position.timeline is not None:
            return position.timeline
        return self.value_timeline.get(position.value, False)

    def history(self, holder: str, target: str) -> list[Position]:
        """The holder's positions on ``target``, oldest first."""
        return list(self.by_pair.get((holder, target), ()))

    def histories(self, holder: str) -> list[tuple[str, list[Position]]]:
        """(target, history) for each target the holder took positions on, in order of the first position."""
        if holder not in self.by_holder:
            return []
        grouped: dict[str, list[Position]] = {}
        for p in self.by_holder[holder]:
            grouped.setdefault(p.target, []).append(p)
        return list(grouped.items())

    def latest(self, holder: str, target: str, as_of: Day | None = None) -> Position | None:
        """Where ``holder`` stands on ``target`` (as of a day, when given), or None."""
        day = (as_of.year, as_of.month, as_of.day) if as_of else None
        found = None
        for p in self.history(holder, target):
            if day is None or holds_on(p, day):
                found = p
        return found

    def standing(self, target: str, as_of: Day | None = None) -> list[Position]:
        """The latest position of every holder on ``target`` (as of a day), by holder id."""
        if target not in self.by_target:
            return []
        holders = sorted({p.holder for p in self.by_target[target]})
        latest = (self.latest(h, target, as_of) for h in holders)
        return [p for p in latest if p is not None]

    def timeline_items(self) -> list[Position]:
        """Positions that are items of the timeline, in date order."""
        return [p for p in self.all if self.on_timeline(p)]


def build_index(entries: dict[str, Entry], vocab) -> PositionIndex:
    """The :class:`PositionIndex` of checked ``entries``, with the vocabulary's timeline defaults."""
    return PositionIndex(entries, {v.value: v.timeline for v in getattr(vocab, "positions", ())})


def speakers(positions: Iterable[Position]) -> list[str]:
    """The actor ids that stated any of ``positions``, sorted."""
    return sorted({p.by for p in positions if p.by})
