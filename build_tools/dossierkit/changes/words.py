"""Facts in the words a reader uses: "status Proposed → Signed", "2 sources added".

:class:`Words` turns :class:`~dossierkit.changes.facts.Fact` objects into
plain text (never markup: callers escape it for where it lands), with the
vocabulary's labels for statuses, confidence levels and types, and entries'
display names for ids.  ``line`` says one fact in full (``dossier diff``);
``summary`` says a whole entry change in one short line (History lists,
the Updates page and its feed); ``flag`` says what a reviewer must check.
"""

from __future__ import annotations

from typing import Any, Callable

from dossierkit.changes import facts as F
from dossierkit.changes.facts import EntryChange, Fact
from dossierkit.changes.values import as_list, date_text, shorten, text
from dossierkit.schema.kinds import KINDS_BY_NAME, Kind
from dossierkit.schema.types import ListOf, Ref, VocabEnum
from dossierkit.schema.vocabulary import Vocabulary

MAX_PARTS = 4  # facts named in a summary before "and N more changes"
_FIELD_NAMES = {"body": "text", "as_of": "last checked", "native_names": "native names"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _quoted(value: Any, limit: int = 80) -> str:
    return f"“{shorten(text(value), limit)}”"


def _changed_part(old: str, new: str, keep: int = 3) -> tuple[str, str]:
    """The words of ``old`` and ``new`` that differ, with ``keep`` words of context either side
    ("… to treat an attack …"): two long texts that share their start are told apart."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo, hi_a, hi_b = max(0, start - keep), len(a) - max(0, end - keep), len(b) - max(0, end - keep)
    lead = "… " if lo > 0 else ""

    def cut(words: list[str], hi: int) -> str:
        return lead + " ".join(words[lo:hi]) + (" …" if hi < len(words) else "")
    return cut(a, hi_a), cut(b, hi_b)


class Words:
    """Reader's words for facts; ``label_of(id)`` gives an entry's display name (or None)."""

    def __init__(self, vocab: Vocabulary, label_of: Callable[[str], str | None], arrow: str = "→"):
        self.vocab = vocab
        self.label_of = label_of
        self.arrow = arrow

    # --- small pieces ---------------------------------------------------------------------

    def name(self, entry_id: Any) -> str:
        """An entry's display name, or its id when it is not in the dossier."""
        found = self.label_of(text(entry_id)) if entry_id is not None else None
        return found or text(entry_id)

    def status(self, value: Any) -> str:
        """A status's label ("none" for no status; history may hold any value)."""
        if not value:
            return "none"
        return self.vocab.label("statuses", value) if isinstance(value, str) else text(value)

    def position(self, value: Any) -> str:
        """A position value's label (the vocabulary's ``positions``)."""
        return self.vocab.label("positions", value) if isinstance(value, str) else text(value)

    def confidence(self, value: Any) -> str:
        """A confidence level's label ("none" for none)."""
        if not value:
            return "none"
        return self.vocab.label("confidence", value) if isinstance(value, str) else text(value)

    def field_name(self, kind: Kind, name: str) -> str:
        rows = {row.field: row.label for row in kind.infobox if row.label}
        return _FIELD_NAMES.get(name) or rows.get(name, name.replace("_", " ")).lower()

    def value(self, kind: Kind, name: str, value: Any) -> str:
        """A field's value for readers: vocabulary labels, entry names, dates, quoted text."""
        if value is None:
            return "none"
        ftype = next((f.type for f in kind.fields if f.name == name), None)
        item = ftype.item if isinstance(ftype, ListOf) else ftype
        if isinstance(item, VocabEnum) and isinstance(value, str):
            return self.vocab.label(item.list_name, value)
        if isinstance(item, Ref) and isinstance(value, str):
            return self.name(value)
        if isinstance(value, dict) and "name" in value:  # a native name
            return text(value["name"])
        return _quoted(value)

    def about(self, about: tuple) -> str:
        """The statement a fact is about, as a reader names it ('' for the entry itself)."""
        if not about:
            return ""
        what = about[0]
        if what == "claim":
            return f"claim {_quoted(about[1], 60)}"
        if what == "relation":
            rtype = self.vocab.relations_by_name.get(about[1])
            return f"{rtype.label if rtype else about[1].replace('_', ' ')} {self.name(about[2])}"
        if what == "membership":
            return f"member {self.name(about[1])}"
        if what == "position":
            return f"position on {self.name(about[1])} ({date_text(about[2]) or 'undated'})"
        if what == "count":
            when = text(about[2])
            return f"count of {('c. ' + date_text(when[1:])) if when.startswith('~') else (date_text(when) or 'undated')}"
        return " ".join(text(a) for a in about)

    def _brief(self, item: Any) -> str:
        item = item if isinstance(item, dict) else {}
        bits = []
        if item.get("since") or item.get("until"):
            since, until = item.get("since"), item.get("until")
            bits.append(f"{date_text(since)} – {date_text(until)}" if since and until
                        else f"since {date_text(since)}" if since else f"until {date_text(until)}")
        if item.get("status"):
            bits.append(self.status(item["status"]))
        return f" ({', '.join(bits)})" if bits else ""

    def _position(self, item: Any) -> str:
        """``Supports with conditions on the SMDA (September 2025, said by the defence minister)``."""
        item = item if isinstance(item, dict) else {}
        label = self.position(item.get("position"))
        said = text(item.get("by") or item.get("office") or "")
        when = ", ".join(b for b in (date_text(item.get("date")), f"said by {said}" if said else "") if b)
        return f"{label} on {self.name(item.get('target'))}" + (f" ({when})" if when else "")

    def _count(self, item: Any) -> str:
        item = item if isinstance(item, dict) else {}
        series = self.vocab.series(item.get("series")) if isinstance(item.get("series"), (str, type(None))) else None
        unit = series.unit if series and series.unit else "counted"
        return f"{text(item.get('count'))} {unit} ({date_text(item.get('date'))})"

    # --- one fact, in full ------------------------------------------------------------------

    def line(self, kind_name: str, fact: Fact) -> str:
        """One fact in full, on one line."""
        kind, a = KINDS_BY_NAME[kind_name], self.arrow
        prefix = self.about(fact.about)
        prefix = f"{prefix}: " if prefix else ""
        b, c = fact.before, fact.after
        w = fact.what
        if w == F.STATUS:
            return f"{prefix}status {self.status(b)} {a} {self.status(c)}"
        if w == F.CONFIDENCE:
            return f"{prefix}confidence {self.confidence(b)} {a} {self.confidence(c)}"
        if w == F.DATE:
            name = self.field_name(kind, fact.field)
            if b is None:
                return f"{prefix}{name} added: {date_text(c)}"
            if c is None:
                return f"{prefix}{name} removed (was {date_text(b)})"
            how = {F.MORE_PRECISE: " (more precise)"}.get(fact.flag, "")
            return f"{prefix}{name} {date_text(b)} {a} {date_text(c)}{how}"
        if w == F.CHECKED:
            return f"checked against its sources ({date_text(c)})" if c else "last-checked date removed"
        if w == F.TEXT:
            name = self.field_name(kind, fact.field)
            if b is None:
                return f"{name} added"
            if c is None:
                return f"{name} removed"
            if not b and not c:
                return f"{name} edited"
            old, new = _changed_part(text(b), text(c))
            return f"{name} reworded: {_quoted(old)} {a} {_quoted(new)}"
        if w == F.VALUE:
            name = self.field_name(kind, fact.field)
            return f"{name} {self.value(kind, fact.field, b)} {a} {self.value(kind, fact.field, c)}"
        if w == F.LIST:
            name = self.field_name(kind, fact.field)
            parts = []
            for verb, items in (("added", as_list(c)), ("removed", as_list(b))):
                if items and all(isinstance(v, dict) and "name" not in v for v in items):
                    parts.append(f"{_plural(len(items), 'item')} {verb}")  # records of a field that is no more
                elif items:
                    parts.append(f"{verb} " + ", ".join(self.value(kind, fact.field, v) for v in items))
            return f"{name}: {'; '.join(parts)}"
        if w == F.SOURCE:
            return f"{prefix}source added: {self.name(c)}" if c is not None else f"{prefix}source removed: {self.name(b)}"
        if w == F.QUOTE:
            sid, quote = c if c is not None else b
            return f"{prefix}quote {'added from' if c is not None else 'removed from'} {self.name(sid)}: {_quoted(quote)}"
        if w == F.CLAIM:
            if b is None:
                return f"claim added: {_quoted(c)}"
            if c is None:
                return f"claim removed: {_quoted(b)}"
            return f"claim reworded: {_quoted(b)} {a} {_quoted(c)}"
        if w in (F.RELATION, F.MEMBERSHIP):
            what = "relation" if w == F.RELATION else "member"
            subject = self.about(fact.about)
            shown = subject.removeprefix("member ") if w == F.MEMBERSHIP else subject
            return f"{what} added: {shown}{self._brief(c)}" if b is None else f"{what} removed: {shown}{self._brief(b)}"
        if w == F.COUNT:
            if b is None:
                return f"count added: {self._count(c)}"
            if c is None:
                return f"count removed: {self._count(b)}"
            return f"{prefix}{text(b.get('count'))} {a} {text(c.get('count'))}" \
                if isinstance(b, dict) and isinstance(c, dict) else f"{prefix}count changed"
        if w == F.POSITION:
            if b is None:
                return f"position taken: {self._position(c)}"
            if c is None:
                return f"position withdrawn: {self._position(b)}"
            return f"{prefix}{self.position(b.get('position'))} {a} {self.position(c.get('position'))}"
        return f"{prefix}{fact.field} changed"  # F.DETAIL, and any other

    def flag(self, kind_name: str, fact: Fact) -> str:
        """What a reviewer must check about a flagged fact."""
        about = self.about(fact.about)
        subject = about or "the entry"
        lead = f"{about}: " if about else ""
        if fact.flag == F.FORWARD_WITHOUT_SOURCE:
            old, new = (self.vocab.group_of(v) if isinstance(v, str) else None for v in (fact.before, fact.after))
            groups = f"{old.label if old else 'no status'} {self.arrow} {new.label if new else fact.after}"
            return (f"{lead}status moves forward ({groups}) without a new source: "
                    "check that a source says so")
        if fact.flag == F.RAISED_WITHOUT_SOURCE:
            return (f"{lead}confidence raised ({self.confidence(fact.before)} {self.arrow} "
                    f"{self.confidence(fact.after)}) without a new source")
        if fact.flag == F.LOST_LAST_SOURCE:
            return f"{subject} lost its last source ({self.name(fact.before)})"
        if fact.flag == F.POSITION_WITHOUT_SOURCE:
            return f"{lead}changed without a new source: check that a source says so"
        if fact.flag == F.MORE_PRECISE:
            return (f"{lead}{self.field_name(KINDS_BY_NAME[kind_name], fact.field)} made more precise "
                    f"({date_text(fact.before)} {self.arrow} {date_text(fact.after)}): check that a source gives it")
        return ""

    # --- a whole change, in one short line ----------------------------------------------------

    def summary(self, change: EntryChange) -> str:
        """One short line for a History list or an update: "status Proposed → Signed; 2 sources added"."""
        if change.change == F.ADDED:
            return "added"
        if change.change == F.REMOVED:
            return "removed"
        parts: list[tuple[int, str]] = []
        if change.change == F.RENAMED:
            parts.append((-1, f"renamed (was {change.old_id})"))
        counted: dict[str, int] = {}
        for fact in change.facts:
            key = _tally(fact)
            if key:
                counted[key] = counted.get(key, 0) + 1
            else:
                said = (f"{self.field_name(KINDS_BY_NAME[change.kind], fact.field)} reworded"
                        if fact.what == F.TEXT and fact.before and fact.after  # the page shows the new words
                        else self.line(change.kind, fact))
                parts.append((_ORDER.get(fact.what, 6) + (0 if not fact.about or fact.what == F.POSITION else 3), said))
        for key, n in counted.items():
            parts.append((_ORDER[key], _TALLIES[key](n)))
        if not parts:
            return "edited"
        parts = [p for _, p in sorted(parts, key=lambda p: p[0])]  # stable: same rank keeps reading order
        shown = parts[:MAX_PARTS]
        more = len(parts) - len(shown)
        return "; ".join(shown) + (f"; and {_plural(more, 'more change')}" if more else "")


# The order of a summary: what matters most to a reader first.
_ORDER = {F.STATUS: 0, F.POSITION: 0, F.CONFIDENCE: 1, "source+": 2, "source-": 2, F.DATE: 3, F.RELATION: 4, F.MEMBERSHIP: 4,
          F.COUNT: 4, "claim+": 5, "claim-": 5, "claim~": 5, F.VALUE: 6, F.LIST: 6, F.TEXT: 6, F.SOURCE: 2,
          "quote+": 7, "quote-": 7, "detail": 8, "checked": 9}

# Facts that a summary counts instead of naming one by one.
_TALLIES: dict[str, Callable[[int], str]] = {
    "source+": lambda n: f"{_plural(n, 'source')} added",
    "source-": lambda n: f"{_plural(n, 'source')} removed",
    "quote+": lambda n: f"{_plural(n, 'quote')} added",
    "quote-": lambda n: f"{_plural(n, 'quote')} removed",
    "claim+": lambda n: f"{_plural(n, 'claim')} added",
    "claim-": lambda n: f"{_plural(n, 'claim')} removed",
    "claim~": lambda n: f"{_plural(n, 'claim')} reworded",
    "detail": lambda n: f"{_plural(n, 'note')} changed",
    "checked": lambda n: "checked against its sources",
}


def _tally(fact: Fact) -> str:
    """The tally a fact counts towards in a summary, or '' when it is named."""
    if fact.what in (F.SOURCE, F.QUOTE) and not fact.flag:
        return fact.what + ("+" if fact.after is not None else "-")
    if fact.what == F.CLAIM:
        return "claim+" if fact.before is None else "claim-" if fact.after is None else "claim~"
    if fact.what == F.DETAIL:
        return "detail"
    if fact.what == F.CHECKED:
        return "checked"
    return ""
