"""What changed in one entry between two versions, field by field, with reviewer flags.

:func:`diff_entry` compares two versions of an entry's reader-visible fields
(see ``snapshot``) and returns :class:`~dossierkit.changes.facts.Fact` objects:
status and confidence changes, dates (and their precision), texts reworded,
claims added, removed or reworded (matched by their words), relations and
memberships gained or lost, counts, and the sources and quotes of the entry
and of each statement, and an actor's positions taken, withdrawn or changed
(news for readers: the Updates page and its feed say them first).  Five
changes are flagged for a reviewer:

- a status that moves to a later lifecycle group (``LifecycleGroup.rank``)
  without a new source for it;
- a confidence raised without a new source;
- a statement that lost its last source;
- a date made more precise (a month became a day: does a source give the day?);
- a position whose value changed in place without a new source.
"""

from __future__ import annotations

import difflib
from typing import Any, Callable, Iterable

from dossierkit.changes import facts as F
from dossierkit.changes.facts import Fact
from dossierkit.changes.values import as_dict, as_list, canonical, cite_ids, date_key, precision_change, quotes, shorten, text
from dossierkit.schema.kinds import Kind
from dossierkit.schema.types import Date, ListOf, Text
from dossierkit.schema.vocabulary import Vocabulary

STATEMENT_LISTS = ("sources", "claims", "relations", "memberships", "counts", "positions")
LONG_TEXTS = ("summary", "definition")
REWORDED = 0.5  # similarity above which a removed and an added claim are one claim reworded
_DETAILS = ("since", "until", "note")


def status_rank(vocab: Vocabulary, status: Any) -> int:
    """The rank of a status's lifecycle group (-1 for no status or an unknown one)."""
    group = vocab.group_of(status) if isinstance(status, str) else None
    return group.rank if group is not None else -1


def confidence_rank(vocab: Vocabulary, value: Any) -> int:
    """Higher is stronger: corroborated levels first, then the vocabulary's order (first is strongest)."""
    levels = list(vocab.confidence)
    for i, level in enumerate(levels):
        if level.value == value:
            return (len(levels) if level.corroborated else 0) + (len(levels) - i)
    return -1


class _Differ:
    def __init__(self, kind: Kind, old: dict, new: dict, vocab: Vocabulary):
        self.kind, self.old, self.new, self.vocab = kind, old, new, vocab
        self.facts: list[Fact] = []
        self.all_new_sources = set(_all_ids(new)) - set(_all_ids(old))
        self.entry_new_sources = set(cite_ids(new.get("sources"))) - set(cite_ids(old.get("sources")))

    def add(self, *args, **kwargs) -> None:
        self.facts.append(Fact(*args, **kwargs))

    # --- status, confidence, dates: shared by the entry and its statements -------------

    def status(self, before: Any, after: Any, about: tuple, path: tuple, new_sources: set) -> None:
        if before == after:
            return
        forward = status_rank(self.vocab, after) > status_rank(self.vocab, before)
        flag = F.FORWARD_WITHOUT_SOURCE if forward and not new_sources else ""
        self.add(F.STATUS, "status", about, before, after, path, flag)

    def confidence(self, before: Any, after: Any, about: tuple, path: tuple, new_sources: set) -> None:
        if before == after:
            return
        raised = confidence_rank(self.vocab, after) > confidence_rank(self.vocab, before) and before is not None
        flag = F.RAISED_WITHOUT_SOURCE if raised and not new_sources else ""
        self.add(F.CONFIDENCE, "confidence", about, before, after, path, flag)

    def date(self, name: str, before: Any, after: Any, about: tuple, path: tuple) -> None:
        if date_key(before) == date_key(after):
            return
        more = before is not None and after is not None and precision_change(before, after) > 0
        self.add(F.DATE, name, about, before, after, path, F.MORE_PRECISE if more else "")

    def sources(self, before: Any, after: Any, about: tuple, path: tuple) -> None:
        old_ids, new_ids = cite_ids(before), cite_ids(after)
        removed = [s for s in old_ids if s not in new_ids]
        for i, sid in enumerate(removed):
            lost = not new_ids and i == len(removed) - 1
            self.add(F.SOURCE, "sources", about, sid, None, path, F.LOST_LAST_SOURCE if lost else "")
        for sid in new_ids:
            if sid not in old_ids:
                self.add(F.SOURCE, "sources", about, None, sid, path)
        old_q, new_q = quotes(before), quotes(after)
        for sid, quote in old_q:
            if (sid, quote) not in new_q and sid in new_ids:
                self.add(F.QUOTE, "sources", about, [sid, quote], None, path)
        for sid, quote in new_q:
            if (sid, quote) not in old_q:
                self.add(F.QUOTE, "sources", about, None, [sid, quote], path)

    # --- the entry's own fields ------------------------------------------------------------

    def fields(self) -> None:
        types = {f.name: f.type for f in self.kind.fields}
        names = [n for n in dict.fromkeys([*self.old, *self.new]) if n != "id" and n not in STATEMENT_LISTS]
        for name in names:
            before, after = self.old.get(name), self.new.get(name)
            if canonical(before) == canonical(after):
                continue
            ftype, path = types.get(name), (name,)
            if name == "status":
                self.status(before, after, (), path, self.all_new_sources)
            elif name == "confidence":
                self.confidence(before, after, (), path, self.all_new_sources)
            elif name == "as_of":
                self.add(F.CHECKED, name, (), before, after, path)
            elif isinstance(ftype, Date) or (ftype is None and date_key(before) != canonical(before)):
                self.date(name, before, after, (), path)
            elif isinstance(ftype, ListOf) or isinstance(before, list) or isinstance(after, list):
                old_items, new_items = [canonical(v) for v in as_list(before)], [canonical(v) for v in as_list(after)]
                removed = [v for v, c in zip(as_list(before), old_items) if c not in new_items]
                added = [v for v, c in zip(as_list(after), new_items) if c not in old_items]
                if removed or added:
                    self.add(F.LIST, name, (), removed, added, path)
            elif name in LONG_TEXTS or (isinstance(ftype, Text) and not ftype.single_line):
                self.add(F.TEXT, name, (), _cut(before, ftype), _cut(after, ftype), path)
            else:
                self.add(F.VALUE, name, (), before, after, path)

    # --- statements --------------------------------------------------------------------------

    def statement(self, about: tuple, old: dict, new: dict, path: tuple) -> None:
        """Status, confidence, dates, note and sources of one statement present in both versions."""
        new_sources = (set(cite_ids(new.get("sources"))) - set(cite_ids(old.get("sources")))) | self.entry_new_sources
        for name in _DETAILS:
            before, after = old.get(name), new.get(name)
            if name == "note":
                if text(before) != text(after):
                    self.add(F.DETAIL, name, about, before, after, path + (name,))
            else:
                self.date(name, before, after, about, path + (name,))
        self.status(old.get("status"), new.get("status"), about, path + ("status",), new_sources)
        self.confidence(old.get("confidence"), new.get("confidence"), about, path + ("confidence",), new_sources)
        self.sources(old.get("sources"), new.get("sources"), about, path + ("sources",))

    def claims(self) -> None:
        old, new = _dicts(self.old.get("claims")), _dicts(self.new.get("claims"))
        pairs, gone, came = _match(old, new, [lambda c: text(c.get("text"))], similar=lambda c: text(c.get("text")))
        for i in gone:
            self.add(F.CLAIM, "claims", ("claim", text(old[i].get("text"))), text(old[i].get("text")), None, ("claims",))
        for j in came:
            self.add(F.CLAIM, "claims", ("claim", text(new[j].get("text"))), None, text(new[j].get("text")), ("claims", j))
        for i, j in pairs:
            about = ("claim", text(new[j].get("text")))
            if text(old[i].get("text")) != text(new[j].get("text")):
                self.add(F.CLAIM, "claims", about, text(old[i].get("text")), text(new[j].get("text")), ("claims", j, "text"))
            self.statement(about, old[i], new[j], ("claims", j))

    def linked(self, field: str, what: str, keys: list[Callable[[dict], Any]], about: Callable[[dict], tuple]) -> None:
        """Relations or memberships: gained, lost, or changed in dates, status, confidence, note, sources."""
        old, new = _dicts(self.old.get(field)), _dicts(self.new.get(field))
        pairs, gone, came = _match(old, new, keys)
        for i in gone:
            self.add(what, field, about(old[i]), _brief(old[i]), None, (field,))
        for j in came:
            self.add(what, field, about(new[j]), None, _brief(new[j]), (field, j))
        for i, j in pairs:
            self.statement(about(new[j]), old[i], new[j], (field, j))

    def counts(self) -> None:
        def key(c: dict) -> tuple:
            return (text(c.get("series")), date_key(c.get("date")))

        old, new = _dicts(self.old.get("counts")), _dicts(self.new.get("counts"))
        pairs, gone, came = _match(old, new, [key])
        for i in gone:
            self.add(F.COUNT, "counts", ("count", *key(old[i])), _brief(old[i]), None, ("counts",))
        for j in came:
            self.add(F.COUNT, "counts", ("count", *key(new[j])), None, _brief(new[j]), ("counts", j))
        for i, j in pairs:
            about = ("count", *key(new[j]))
            if text(old[i].get("count")) != text(new[j].get("count")):
                self.add(F.COUNT, "counts", about, _brief(old[i]), _brief(new[j]), ("counts", j, "count"))
            self.statement(about, old[i], new[j], ("counts", j))


    def positions(self) -> None:
        """Positions taken, withdrawn, or changed in value, confidence, note or sources."""
        def about(p: dict) -> tuple:
            return ("position", text(p.get("target")), date_key(p.get("date")))

        old, new = _dicts(self.old.get("positions")), _dicts(self.new.get("positions"))
        pairs, gone, came = _match(old, new, [lambda p: (p.get("target"), date_key(p.get("date")), p.get("by"),
                                                         p.get("office")),
                                              lambda p: (p.get("target"), date_key(p.get("date")))])
        for i in gone:
            self.add(F.POSITION, "positions", about(old[i]), _position(old[i]), None, ("positions",))
        for j in came:
            self.add(F.POSITION, "positions", about(new[j]), None, _position(new[j]), ("positions", j))
        for i, j in pairs:
            new_sources = set(cite_ids(new[j].get("sources"))) - set(cite_ids(old[i].get("sources")))
            if old[i].get("position") != new[j].get("position"):
                flag = "" if new_sources else F.POSITION_WITHOUT_SOURCE
                self.add(F.POSITION, "positions", about(new[j]), _position(old[i]), _position(new[j]),
                         ("positions", j, "position"), flag)
            self.statement(about(new[j]), old[i], new[j], ("positions", j))


def _position(item: dict) -> dict:
    """What a reader needs of a position: on what, which, when, said by whom."""
    keep = ("target", "position", "date", "by", "office")
    return {k: item[k] for k in keep if item.get(k) is not None}


def _all_ids(data: dict) -> list[str]:
    ids = cite_ids(data.get("sources"))
    for group in STATEMENT_LISTS[1:]:
        for item in _dicts(data.get(group)):
            ids += cite_ids(item.get("sources"))
    return ids


def _dicts(value: Any) -> list[dict]:
    return [as_dict(v) for v in as_list(value)]


def _cut(value: Any, ftype: Any) -> str | None:
    """A long text kept short in a fact (a body is only said to be edited)."""
    if value is None:
        return None
    if isinstance(ftype, Text) and not ftype.single_line:
        return ""
    return shorten(text(value), 300)


def _brief(item: dict) -> dict:
    """What a reader needs of a statement that came or went: who, dates, status, count."""
    keep = ("type", "target", "member", "since", "until", "status", "count", "date", "series")
    return {k: item[k] for k in keep if item.get(k) is not None}


def _match(old: list[dict], new: list[dict], keys: Iterable[Callable[[dict], Any]],
           similar: Callable[[dict], str] | None = None) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pair items of two lists: by each key in turn (first come, first paired), then by similar text.

    Returns (pairs of old and new index, old indexes left, new indexes left), each in order.
    """
    pairs: list[tuple[int, int]] = []
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    for key in keys:
        waiting: dict[Any, list[int]] = {}
        for j in left_new:
            waiting.setdefault(canonical(key(new[j])), []).append(j)
        still = []
        for i in left_old:
            bucket = waiting.get(canonical(key(old[i])))
            if bucket:
                pairs.append((i, bucket.pop(0)))
            else:
                still.append(i)
        used = {j for _, j in pairs}
        left_old, left_new = still, [j for j in left_new if j not in used]
    if similar is not None and left_old and left_new:
        scored = sorted(((-difflib.SequenceMatcher(None, similar(old[i]), similar(new[j])).ratio(), i, j)
                         for i in left_old for j in left_new))
        taken_old, taken_new = set(), set()
        for score, i, j in scored:
            if -score < REWORDED:
                break
            if i not in taken_old and j not in taken_new:
                pairs.append((i, j))
                taken_old.add(i)
                taken_new.add(j)
        left_old = [i for i in left_old if i not in taken_old]
        left_new = [j for j in left_new if j not in taken_new]
    return sorted(pairs, key=lambda p: p[1]), left_old, left_new


def diff_entry(kind: Kind, old: dict[str, Any], new: dict[str, Any], vocab: Vocabulary) -> list[Fact]:
    """Every change from ``old`` to ``new`` (two versions of one entry's fields), in reading order."""
    d = _Differ(kind, old, new, vocab)
    d.fields()
    d.sources(old.get("sources"), new.get("sources"), (), ("sources",))
    d.claims()
    d.linked("relations", F.RELATION,
             [lambda r: (r.get("type"), r.get("target"), date_key(r.get("since"))), lambda r: (r.get("type"), r.get("target"))],
             lambda r: ("relation", text(r.get("type")), text(r.get("target"))))
    d.linked("memberships", F.MEMBERSHIP,
             [lambda m: (m.get("member"), date_key(m.get("since"))), lambda m: m.get("member")],
             lambda m: ("membership", text(m.get("member"))))
    d.counts()
    d.positions()
    return d.facts
