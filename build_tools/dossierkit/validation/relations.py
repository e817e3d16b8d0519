"""Relations across entries: kinds at both ends, self-links, duplicates and cycles."""

from __future__ import annotations

from typing import Any, Iterable

from dossierkit.errors import ProblemSink
from dossierkit.schema.types import dotted
from dossierkit.schema.vocab import OBSTACLE, ORGANISATION, RELATIONS_BY_NAME
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import Relation

KeyPath = tuple[Any, ...]


def _declared(entries: dict[str, Entry]) -> Iterable[tuple[Entry, KeyPath, Relation]]:
    """Every relation as written: ``relations``, ``memberships`` and ``affects``."""
    for entry in entries.values():
        for i, item in enumerate(entry.data.get("relations", ())):
            yield entry, ("relations", i), Relation(
                RELATIONS_BY_NAME[item["type"]], entry.id, item["target"], item.get("since"), item.get("until"),
                item.get("status"), item.get("confidence"), item.get("note"), tuple(item.get("sources", ())),
                entry.id, entry.doc.pos(("relations", i))[0])
        if entry.kind.name == ORGANISATION:
            for i, item in enumerate(entry.data.get("memberships", ())):
                yield entry, ("memberships", i), Relation(
                    RELATIONS_BY_NAME["member_of"], item["member"], entry.id, item.get("since"), item.get("until"),
                    item.get("status"), item.get("confidence"), item.get("note"), tuple(item.get("sources", ())),
                    entry.id, entry.doc.pos(("memberships", i))[0])
        if entry.kind.name == OBSTACLE:
            for i, target in enumerate(entry.data.get("affects", ())):
                yield entry, ("affects", i), Relation(
                    RELATIONS_BY_NAME["affects"], entry.id, target, origin=entry.id,
                    line=entry.doc.pos(("affects", i))[0])


def build_relations(entries: dict[str, Entry], sinks: dict[str, ProblemSink]) -> list[Relation]:
    """Turn declarations into relations, checking kinds, self-links, duplicates and cycles."""
    relations: list[Relation] = []
    seen: dict[tuple, tuple[Entry, KeyPath]] = {}
    declared_in: dict[tuple, tuple[Entry, KeyPath]] = {}
    for entry, path, rel in _declared(entries):
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
            sink.error(where, f"{dotted(path)}: a {subject.kind.name} cannot be '{rtype.label}' anything "
                              f"({rtype.name} starts from: {', '.join(rtype.subjects)})", dotted(path))
            continue
        if obj.kind.name not in rtype.objects:
            sink.error(where, f"{dotted(path)}: {rel.object!r} is a {obj.kind.name}; '{rtype.label}' needs a "
                              f"{' or '.join(rtype.objects)}", dotted(path))
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
