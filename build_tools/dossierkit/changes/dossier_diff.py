"""Two versions of a dossier: entries added, removed, renamed and changed.

A rename is an entry that disappears under one id and appears under another
with (nearly) the same content: the two are paired by the similarity of
their fields, so that a reviewer reads "renamed" instead of a removal and an
unrelated addition.  References to a renamed id in other entries (relation
targets, citations, ``[[id]]`` links) are read as the new id before
comparing, so a rename does not show as a change in every entry that
mentions it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from dossierkit.changes import facts as F
from dossierkit.changes.entry_diff import diff_entry
from dossierkit.changes.facts import EntryChange
from dossierkit.changes.snapshot import Snapshot
from dossierkit.changes.values import canonical
from dossierkit.schema.kinds import KINDS, KINDS_BY_NAME
from dossierkit.schema.vocabulary import Vocabulary

RENAME_SIMILARITY = 0.6  # share of the content (without the id) two files must have in common
MAX_PAIRS = 20_000  # beyond this many candidate pairs, only entries with the same name are paired
_KIND_ORDER = {k.name: i for i, k in enumerate(KINDS)}


def _content(snapshot: Snapshot) -> str:
    return canonical({k: v for k, v in snapshot.fields.items() if k != "id"})


def find_renames(removed: list[Snapshot], added: list[Snapshot]) -> list[tuple[Snapshot, Snapshot, float]]:
    """Pairs (old, new, similarity) of removed and added entries of the same kind with similar content."""
    if not removed or not added:
        return []
    by_label = len(removed) * len(added) > MAX_PAIRS
    texts = {id(s): _content(s) for s in [*removed, *added] if not s.broken}
    scored = []
    for old in removed:
        for new in added:
            if old.kind != new.kind or id(old) not in texts or id(new) not in texts:
                continue
            if by_label and old.label != new.label:
                continue
            matcher = difflib.SequenceMatcher(None, texts[id(old)], texts[id(new)], autojunk=False)
            if matcher.real_quick_ratio() < RENAME_SIMILARITY or matcher.quick_ratio() < RENAME_SIMILARITY:
                continue
            score = matcher.ratio()
            if score >= RENAME_SIMILARITY:
                scored.append((-score, old.id, new.id, old, new))
    pairs, used_old, used_new = [], set(), set()
    for score, _, _, old, new in sorted(scored, key=lambda s: s[:3]):
        if old.id not in used_old and new.id not in used_new:
            pairs.append((old, new, round(-score, 3)))
            used_old.add(old.id)
            used_new.add(new.id)
    return pairs


def renamed_refs(value: Any, mapping: dict[str, str]) -> Any:
    """``value`` with every reference to an old id read as the new one (ids, ``[[id]]`` and ``[[id|label]]`` links)."""
    if not mapping:
        return value
    if isinstance(value, str):
        if value in mapping:
            return mapping[value]
        if "[[" in value:
            return re.sub(r"\[\[([a-z0-9-]+)(?=[\]|])", lambda m: "[[" + mapping.get(m.group(1), m.group(1)), value)
        return value
    if isinstance(value, dict):
        return {k: renamed_refs(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed_refs(v, mapping) for v in value]
    return value


def change_between(old: Snapshot, new: Snapshot, vocab: Vocabulary, mapping: dict[str, str] | None = None) -> EntryChange | None:
    """How ``new`` differs from ``old`` (the same entry, or a rename); None when a reader sees no difference."""
    renamed = old.id != new.id
    if old.broken or new.broken:
        facts = ()
    else:
        old_fields = renamed_refs(old.fields, mapping or {})
        facts = tuple(diff_entry(KINDS_BY_NAME[new.kind], old_fields, new.fields, vocab))
    if not facts and not renamed and old.broken == new.broken:
        return None
    return EntryChange(F.RENAMED if renamed else F.CHANGED, new.kind, new.id, new.path, new.label, facts,
                       old.id if renamed else "", old.path if renamed else "")


@dataclass
class DossierDiff:
    """Entries added, removed, renamed and changed, each sorted by kind then id."""

    added: list[EntryChange] = field(default_factory=list)
    removed: list[EntryChange] = field(default_factory=list)
    renamed: list[EntryChange] = field(default_factory=list)
    changed: list[EntryChange] = field(default_factory=list)

    @property
    def flags(self) -> int:
        """How many facts a reviewer must look at."""
        return sum(len(c.flags) for c in self.renamed + self.changed)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed or self.changed)


def _order(change: EntryChange) -> tuple:
    return (_KIND_ORDER.get(change.kind, 99), change.id)


def diff_dossiers(base: dict[str, Snapshot], head: dict[str, Snapshot], vocab: Vocabulary) -> DossierDiff:
    """Compare two dossiers given as snapshots by id; ``vocab`` is the newer side's vocabulary."""
    gone = [base[i] for i in sorted(base) if i not in head]
    came = [head[i] for i in sorted(head) if i not in base]
    pairs = find_renames(gone, came)
    mapping = {old.id: new.id for old, new, _ in pairs}
    paired_old, paired_new = set(mapping), set(mapping.values())
    out = DossierDiff()
    out.added = [EntryChange(F.ADDED, s.kind, s.id, s.path, s.label) for s in came if s.id not in paired_new]
    out.removed = [EntryChange(F.REMOVED, s.kind, s.id, s.path, s.label) for s in gone if s.id not in paired_old]
    for old, new, _ in pairs:
        out.renamed.append(change_between(old, new, vocab, mapping))  # type: ignore[arg-type]
    for entry_id in sorted(set(base) & set(head)):
        change = change_between(base[entry_id], head[entry_id], vocab, mapping)
        if change is not None:
            out.changed.append(change)
    for group in (out.added, out.removed, out.renamed, out.changed):
        group.sort(key=_order)
    return out
