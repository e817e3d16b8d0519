"""Relations across entries: kinds at both ends, self-links, duplicates and cycles."""

from __future__ import annotations

from typing import Any, Iterable

from dossierkit.errors import ProblemSink
from dossierkit.schema.types import a, dotted, either
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import Relation

KeyPath = tuple[Any, ...]


# Fields that declare a relation of a fixed type from the entry's side:
# (field, relation type, the entry is the relation's subject, key of the other end).
_FIELD_RELATIONS = (("memberships", "member_of", False, "member"), ("affects", "affects", True, None))


def _declared(entries: dict[str, Entry], vocab: Vocabulary) -> Iterable[tuple[Entry, KeyPath, Relation]]:
    """Every relation as written: ``relations``, and the fields that stand for one (``memberships``, ``affects``)."""
    types = vocab.relations_by_name
    for entry in entries.values():
        for i, item in enumerate(entry.data.get("relations", ())):
            yield entry, ("relations", i), Relation(
                types[item["type"]], entry.id, item["target"], item.get("since"), item.get("until"),
                item.get("status"), item.get("confidence"), item.get("note"), tuple(item.get("sources", ())),
                entry.id, entry.doc.pos(("relations", i))[0])
        for field, type_name, subject_side, key in _FIELD_RELATIONS:
            rtype = types.get(type_name)
            if rtype is None:
                continue  # the vocabulary reports the missing type
            for i, item in enumerate(entry.data.get(field, ())):
                other = item[key] if key else item
                subject, obj = (entry.id, other) if subject_side else (other, entry.id)
                details = item if key else {}
                yield entry, (field, i), Relation(
                    rtype, subject, obj, details.get("since"), details.get("until"), details.get("status"),
                    details.get("confidence"), details.get("note"), tuple(details.get("sources", ())),
                    entry.id, entry.doc.pos((field, i))[0])


def _allowed_hint(rtype, target_kind: str) -> str:
    """A hint for a target of the wrong kind: the vocabulary decides what a type may link."""
    return (f" (to link {a(target_kind)}, use a relation type whose 'to' allows it, "
            "or add it in the dossier's vocabulary.yml)")


def build_relations(entries: dict[str, Entry], sinks: dict[str, ProblemSink], vocab: Vocabulary) -> list[Relation]:
    """Turn declarations into relations, checking kinds, self-links, duplicates and cycles."""
    relations: list[Relation] = []
    seen: dict[tuple, tuple[Entry, KeyPath]] = {}
    declared_in: dict[tuple, tuple[Entry, KeyPath]] = {}
    for entry, path, rel in _declared(entries, vocab):
        sink = sinks[entry.id]
        where = entry.doc.pos(path)
        rtype = rel.type
        subject, obj = entries.get(rel.subject), entries.get(rel.object)
        if subject is None or obj is None:
            continue  # unknown or broken ids are reported elsewhere
        if rel.subject == rel.object:
            sink.error(where, f"{dotted(path)}: an entry cannot be {rtype.label} itself", dotted(path))
            continue
        if subject.kind.name not in rtype.subjects:
            sink.error(where, f"{dotted(path)}: {a(subject.kind.name)} cannot be '{rtype.label}' anything "
                              f"({rtype.name} starts from {either(rtype.subjects)})", dotted(path))
            continue
        if obj.kind.name not in rtype.objects:
            sink.error(where, f"{dotted(path)}: {rel.object!r} is {a(obj.kind.name)}; '{rtype.label}' needs "
                              f"{either(rtype.objects)}{_allowed_hint(rtype, obj.kind.name)}", dotted(path))
            continue
        ends = tuple(sorted((rel.subject, rel.object))) if rtype.symmetric else (rel.subject, rel.object)
        key = (rtype.name, ends, rel.since.iso() if rel.since else None)
        # One file declares every period of a relation; the same relation from
        # a second file (with other dates or statuses) would contradict it.
        pair = (rtype.name, ends)
        first = seen.get(key)
        if first is None and pair in declared_in and declared_in[pair][0].id != entry.id:
            first = declared_in[pair]
        if first is not None:
            first_entry, first_path = first
            side = "on both sides" if first_entry.id != entry.id else "twice"
            sink.error(where, f"{dotted(path)}: '{rtype.label}' between {rel.subject!r} and {rel.object!r} is declared "
                              f"{side} (first in {first_entry.path}:{first_entry.doc.pos(first_path)[0]}); declare it once, on one side",
                       dotted(path))
            continue
        seen[key] = (entry, path)
        declared_in.setdefault(pair, (entry, path))
        relations.append(rel)
    _check_cycles(relations, entries, sinks)
    return relations


def _check_cycles(relations: list[Relation], entries: dict[str, Entry], sinks: dict[str, ProblemSink]) -> None:
    """Acyclic relation types (member of, part of) may not loop back."""
    by_type: dict[str, dict[str, list[Relation]]] = {}
    for rel in relations:
        if rel.type.acyclic:
            by_type.setdefault(rel.type.name, {}).setdefault(rel.subject, []).append(rel)
    for graph in by_type.values():
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for start in sorted(graph):
            if state.get(start):
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = [start]
            state[start] = 1
            while stack:
                node, i = stack.pop()
                edges = graph.get(node, [])
                if i < len(edges):
                    stack.append((node, i + 1))
                    nxt = edges[i].object
                    if state.get(nxt) == 1:
                        loop = path[path.index(nxt):] + [nxt]
                        rel = edges[i]
                        sinks[rel.origin].error((rel.line, 1), f"'{rel.type.label}' forms a cycle: {' -> '.join(loop)}")
                    elif not state.get(nxt):
                        state[nxt] = 1
                        path.append(nxt)
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    path.pop()
