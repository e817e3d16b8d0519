"""Confidence as a rule: is a statement corroborated by its sources?

A confidence level the vocabulary marks ``corroborated`` (the built-in
"confirmed") needs either

- a **primary source**: an official document (source kind
  ``official-document``) of the party concerned (its ``voice_of`` is one of
  the entries the statement is about), not a weak voice;
  or
- **two independent sources**: different publishers, neither relaying the
  other (``republishes``, followed to the original; two copies of one wire
  story name the same ``origin``), not both the voice of
  the same state or body (``voice_of`` of a government, state media or
  party), and neither a weak voice (``affiliation`` marked ``weak`` in the
  vocabulary: unverified outlets, aggregators).

:func:`assess` says which, in plain words for readers ("two independent
sources", "one source"); :func:`check_corroboration` warns about every
statement whose confidence claims more than its sources give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from dossierkit.errors import ProblemSink
from dossierkit.schema.citation import Cite
from dossierkit.schema.types import dotted
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry

PRIMARY_KIND = "official-document"
_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class Assessment:
    """How well a statement's sources support it, in plain words."""

    corroborated: bool
    reason: str  # "a primary source", "two independent sources", "one source", ...


class Sources:
    """What the rule needs to know of each source entry, computed once per dossier."""

    def __init__(self, entries: dict[str, Entry], vocab: Vocabulary):
        self.entries = entries
        self.vocab = vocab
        self._root: dict[str, str] = {}
        # What each source is, read once (statements cite the same sources again and again).
        self._weak: dict[str, bool] = {}
        self._voice: dict[str, str | None] = {}
        self._publisher: dict[str, str] = {}
        # The assessment of statements citing these sources (none of them primary), by their ids.
        self.assessed: dict[tuple[str, ...], tuple[Assessment, str]] = {}
        self._cited: dict[tuple[str, ...], tuple[list[str], frozenset[str], tuple[str, ...]]] = {}
        # The confidence levels that need corroboration (the built-in "confirmed").
        self.needs_corroboration = frozenset(name for name in vocab.values("confidence")
                                             if getattr(vocab.get("confidence", name), "corroborated", False))

    def cited(self, written: tuple[str, ...]) -> tuple[list[str], frozenset[str], tuple[str, ...]]:
        """For a statement citing ``written`` (source ids in order, repeats and all): the source entries
        it cites, once each; the parties whose primary source one of them would be (see :meth:`primary`);
        and those ids as a tuple, the key of :attr:`assessed`."""
        found = self._cited.get(written)
        if found is None:
            ids = [s for s in dict.fromkeys(written) if s in self.entries]
            voices = frozenset(self.entries[s].data["voice_of"] for s in ids if self.primary(s, None))
            found = self._cited[written] = (ids, voices, tuple(ids))
        return found

    def root(self, sid: str) -> str:
        """The original a source relays, following ``republishes`` (cycles stop where they close)."""
        if sid in self._root:
            return self._root[sid]
        seen, current = [sid], sid
        while True:
            nxt = self.entries[current].data.get("republishes") if current in self.entries else None
            if nxt is None or nxt in seen or nxt not in self.entries:
                break
            seen.append(nxt)
            current = nxt
        for s in seen:
            self._root[s] = current
        return current

    def weak(self, sid: str) -> bool:
        """True for a voice the vocabulary marks weak."""
        found = self._weak.get(sid)
        if found is None:
            term = self.vocab.get("affiliations", self.entries[sid].data.get("affiliation"))
            found = self._weak[sid] = bool(getattr(term, "weak", False))
        return found

    def voice(self, sid: str) -> str | None:
        """The state or body a source speaks for, when its affiliation is a voice."""
        if sid not in self._voice:
            data = self.entries[sid].data
            term = self.vocab.get("affiliations", data.get("affiliation"))
            self._voice[sid] = data.get("voice_of") if getattr(term, "voice", False) else None
        return self._voice[sid]

    def publisher(self, sid: str) -> str:
        """The publisher of the original (its ``origin`` when it relays one that is not a source entry),
        normalised for comparison."""
        found = self._publisher.get(sid)
        if found is None:
            data = self.entries[self.root(sid)].data
            found = self._publisher[sid] = " ".join((data.get("origin") or data.get("publisher", "")).casefold().split())
        return found

    def primary(self, sid: str, concerned: set[str] | None) -> bool:
        """An official document of the party concerned (its ``voice_of``), not a weak voice
        (``concerned`` None: of any party it speaks for)."""
        data = self.entries[sid].data
        if data.get("kind") != PRIMARY_KIND or self.weak(sid) or data.get("voice_of") is None:
            return False
        return concerned is None or data["voice_of"] in concerned

    def why_dependent(self, a: str, b: str) -> str | None:
        """Why two sources are not independent, or None when they are."""
        if self.root(a) == self.root(b):
            relay = b if self.root(a) == a else a
            return f"{relay} relays {self.root(relay)}"
        if self.publisher(a) == self.publisher(b):
            data = self.entries[self.root(a)].data
            return f"both from {data.get('origin') or data.get('publisher')}"
        voice_a, voice_b = self.voice(a), self.voice(b)
        if voice_a is not None and voice_a == voice_b:
            label = self.entries[voice_a].label if voice_a in self.entries else voice_a
            return f"both the voice of {label}"
        return None


_NO_SOURCE = (Assessment(False, "no source"), "it cites no source")
_PRIMARY = (Assessment(True, "a primary source"), "")


def assess(sources: Sources, cites: Iterable[Cite], concerned: set[str] | Callable[[], set[str]]) -> tuple[Assessment, str]:
    """The assessment of a statement with ``cites``, and (when not corroborated) why, for editors.

    ``concerned``: the entries the statement is about, or a function that gives them (asked only when
    a cited source is an official document, the one case that reads them)."""
    ids, voices, key = sources.cited(tuple([c.source for c in cites]))
    if not ids:
        return _NO_SOURCE
    if voices and not voices.isdisjoint(concerned() if callable(concerned) else concerned):
        return _PRIMARY
    found = sources.assessed.get(key)
    if found is None:
        found = sources.assessed[key] = _without_primary(sources, ids)
    return found


def _without_primary(sources: Sources, ids: list[str]) -> tuple[Assessment, str]:
    """:func:`assess` for statements that cite the sources ``ids`` (in order), none of them primary."""
    strong = [s for s in ids if not sources.weak(s)]
    independent: list[str] = []
    for s in strong:
        if all(sources.why_dependent(s, t) is None for t in independent):
            independent.append(s)
    if len(independent) >= 2:
        return Assessment(True, f"{_WORDS.get(len(independent), str(len(independent)))} independent sources"), ""
    if not strong:
        reason = "one weak source" if len(ids) == 1 else "weak sources only"
        return Assessment(False, reason), f"{', '.join(ids)}: weak voices do not count"
    if len(ids) == 1:
        return Assessment(False, "one source"), f"its only source is {ids[0]}"
    pairs = [(a, b) for i, a in enumerate(strong) for b in strong[i + 1:]]
    why = "; ".join(filter(None, (sources.why_dependent(a, b) for a, b in pairs))) or \
        f"the other sources are weak voices ({', '.join(s for s in ids if s not in strong)})"
    return Assessment(False, f"{_WORDS.get(len(ids), str(len(ids)))} sources, not independent"), why


def _about_entry(eid: str, d: dict) -> set[str]:
    return {eid, *d.get("participants", ()), *d.get("concerns", ()), *d.get("affects", ()),
            *(m["member"] for m in d.get("memberships", ())), *(r["target"] for r in d.get("relations", ()))}


# The lists whose items are statements, and the entries each item concerns besides the entry
# (claims and counts: what the entry is about; a position: its holder, or its speaker).
_ITEM_LISTS: tuple[tuple[str, Callable[[str, dict, dict], set[str]]], ...] = (
    ("claims", lambda eid, d, item: _about_entry(eid, d)),
    ("relations", lambda eid, d, item: {eid, item["target"]}),
    ("memberships", lambda eid, d, item: {eid, item["member"]}),
    ("counts", lambda eid, d, item: {eid}),
    ("positions", lambda eid, d, item: {eid, *([item["by"]] if item.get("by") else [])}),
)


def statements(entry: Entry) -> Iterator[tuple[tuple, str | None, list[Cite], Callable[[], set[str]]]]:
    """Every statement of an entry that carries a confidence: (key path, confidence, citations, a function
    giving the entries concerned; most statements never need them, see :func:`assess`)."""
    d = entry.data
    eid = entry.id
    if "confidence" in entry.kind.schema.names:
        yield (), d.get("confidence"), d.get("sources", ()), lambda: _about_entry(eid, d)
    for field, concerned in _ITEM_LISTS:
        items = d.get(field)
        if items:
            for i, item in enumerate(items):
                yield (field, i), item.get("confidence"), item.get("sources", ()), \
                    lambda item=item, concerned=concerned: concerned(eid, d, item)


def check_corroboration(entry: Entry, sink: ProblemSink, sources: Sources) -> dict[tuple, Assessment]:
    """Assess every statement of ``entry`` (by key path: ``()`` for the entry itself, ``("claims", 0)``, ...);
    warn about each whose confidence needs corroboration its sources do not give."""
    needs = sources.needs_corroboration
    found: dict[tuple, Assessment] = {}
    for path, confidence, cites, concerned in statements(entry):
        result, why = assess(sources, cites, concerned)
        found[path] = result
        if confidence in needs and not result.corroborated:
            where = path + ("confidence",)
            sink.warning(entry.doc.pos(where),
                         f"{dotted(where)}: '{confidence}' needs a primary source or two independent sources; "
                         f"this has {result.reason} ({why})", dotted(where))
    return found
