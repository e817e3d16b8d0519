"""Which read keys (``structure.reads``) differ between two loads of a dossier.

An edit changes a few entries; what it changes in the derived indexes
(relations seen from both ends, backlinks, citations, events, kinds,
assessments) can only concern the entries it touches and the entries those
refer to, before or after the edit.  :func:`changed_keys` compares the
indexes for those candidates only, and all of them when an edit is large
or touches a source (whose weight reaches every statement citing it).
"""

from __future__ import annotations

from dossierkit.schema.kinds import BIBLIOGRAPHY
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.indexes import changed_entries
from dossierkit.structure.reads import ANY, ENTRY_ATTRIBUTES

MAX_TARGETED = 200  # edits of more entries than this compare every index in full


def _differs(old: dict, new: dict, prefix: str, out: set, keys=None, same=None) -> None:
    """Add ``(prefix, key)`` to ``out`` for every key (of ``keys``, or all) whose value differs."""
    for key in (old.keys() | new.keys()) if keys is None else keys:
        a, b = old.get(key), new.get(key)
        if not (same(a, b) if same else a == b):
            out.add((prefix, key))


def _same_ids(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and all(x.id == y.id for x, y in zip(a, b))


def _entry_changes(entry_id: str, old: Entry | None, new: Entry | None, out: set) -> None:
    """The ``("e", id)`` and ``("f", id, field)`` keys of one entry whose file changed."""
    if old is None or new is None:
        out.add(("e", entry_id))
        fields = set((old or new).data) | {"*"} | {"@" + name for name in ENTRY_ATTRIBUTES}
        out.update(("f", entry_id, name) for name in fields)
        return
    changed = [name for name in old.data.keys() | new.data.keys() if old.data.get(name) != new.data.get(name)]
    changed += ["@" + name for name in ENTRY_ATTRIBUTES if getattr(old, name) != getattr(new, name)]
    if changed:
        out.update(("f", entry_id, name) for name in changed + ["*"])


def _assessments(dossier: Dossier, ids=None) -> dict[str, dict]:
    """The assessments of each entry (of ``ids``, or all): ``{id: {statement path: assessment}}``."""
    every = dossier.assessments_by_entry
    return every if ids is None else {i: every[i] for i in ids if i in every}


def _neighbours(dossier: Dossier, ids: set[str]) -> set[str]:
    """``ids`` and every entry they refer to, declare relations with, or take part in as events."""
    out = set(ids)
    for entry_id in ids:
        out.update(dossier.references.get(entry_id, ()))
        entry = dossier.entries.get(entry_id)
        if entry is not None:
            data = entry.data
            out.update(data.get("participants", ()))
            out.update(data.get("concerns", ()))
            out.update(entry.source_ids())
        for view in dossier.relations_of(entry_id):  # declared by the entry (its origin is an end) or naming it
            out.update((view.relation.subject, view.relation.object))
    return out


def _involving(index, entry_id: str) -> list:
    return index.by_holder.get(entry_id, []) + index.by_target.get(entry_id, []) + index.by_speaker.get(entry_id, [])


def _near_positions(dossier: Dossier, ids: set[str]) -> bool:
    """Whether an entry of ``ids`` holds positions, or an entry that holds positions refers to it
    (a position's target and speaker are references: the holder is among their backlinks).
    Cheaper than the position index, which a load builds only when a page asks for it."""
    entries = dossier.entries
    for entry_id in ids:
        for holder in (entry_id, *dossier.backlinks.get(entry_id, ())):
            entry = entries.get(holder)
            if entry is not None and entry.data.get("positions"):
                return True
    return False


def _position_changes(old: Dossier, new: Dossier, edited: set[str], everything: bool, out: set) -> None:
    """``("pos", id)`` for every entry whose positions (held, targeted, stated) differ."""
    if not everything and not _near_positions(old, edited) and not _near_positions(new, edited):
        return  # positions come from their holders' files: none of them, nor anything they name, changed
    before, after = old.positions, new.positions
    if everything:
        ids = set(before.by_holder) | set(before.by_target) | set(before.by_speaker) | \
            set(after.by_holder) | set(after.by_target) | set(after.by_speaker)
    else:
        ids = set(edited)
        for index in (before, after):
            for holder in edited:
                for p in index.by_holder.get(holder, ()):
                    ids.update((p.target, p.by) if p.by else (p.target,))
    for entry_id in ids:
        if _involving(before, entry_id) != _involving(after, entry_id):
            out.update((("pos", entry_id), ("pos", "*")))


def changed_keys(old: Dossier, new: Dossier) -> set[tuple]:
    """Every read key (see ``structure.reads``) whose answer differs between ``old`` and ``new``.

    Entries are compared by identity first: a loader that keeps the
    :class:`Entry` of an unchanged file (``loading.entry_cache``) makes this
    fast; then the fields of each entry that is not the same object.
    """
    out: set[tuple] = set()
    edited = changed_entries(old.entries, new.entries)
    for entry_id in edited:
        _entry_changes(entry_id, old.entries.get(entry_id), new.entries.get(entry_id), out)
    if not edited:
        return out
    out.add(ANY)
    sources = any(e is not None and e.kind.role == BIBLIOGRAPHY
                  for i in edited for e in (old.entries.get(i), new.entries.get(i)))
    near = None if len(edited) > MAX_TARGETED else _neighbours(old, edited) | _neighbours(new, edited)
    _differs(old._views, new._views, "rel", out, near)
    _differs(old.backlinks, new.backlinks, "back", out, near)
    _differs(old.citations, new.citations, "cite", out, near)
    _differs(old._events_of, new._events_of, "evof", out, near, _same_ids)
    kinds = {e.kind.name for i in edited for e in (old.entries.get(i), new.entries.get(i)) if e is not None}
    _differs(old.by_kind, new.by_kind, "kind", out, kinds if near is not None else None, _same_ids)
    whose = None if sources or near is None else edited
    _differs(_assessments(old, whose), _assessments(new, whose), "why", out)
    _position_changes(old, new, edited, near is None, out)
    if any(key[0] == "rel" for key in out):
        out.add(("rels",))
    if any(_as_of(old, i) != _as_of(new, i) for i in edited):  # the newest as_of reads every entry's
        if old.last_checked() != new.last_checked():
            out.add(("last",))
    return out


def _as_of(dossier: Dossier, entry_id: str):
    entry = dossier.entries.get(entry_id)
    return entry.data.get("as_of") if entry is not None else None
