"""An entry's neighbours in the graph: who it is connected to, how, and in which style.

The neighbours of an entry are the entries it has relations with (in the
style of each relation's lifecycle group, negative relations apart), the
actors, organisations, obstacles and terms that mention it, and, for an
event, its participants and the entries it concerns.  Events and sources
that mention an entry are listed in its page's own sections (timeline,
citations) instead: as graph nodes they would crowd out the relations the
graph is for.

Each neighbour appears once, in the group of its first style in legend
order, with every way it is connected written out ("party to this;
supports").
"""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.render.graph_style import CONCERNS, MENTION, PARTICIPANT, edge_specs, relation_style
from dossierkit.schema.kinds import TIMELINE
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import RelationView

MENTIONS = "mentions this"
NODE_ORDER = ("organisation", "actor", "obstacle", "event", "term", "source")


@dataclass(frozen=True)
class Neighbour:
    """One neighbour: the entry, its edge class, and how it is connected (plain words)."""

    entry: Entry
    style: str
    how: tuple[str, ...]


def _how(view: RelationView) -> str:
    """A relation in words from the centre's side: "party to" (the centre is a party
    to the neighbour) or "party to this" (the neighbour is a party to the centre)."""
    rtype = view.relation.type
    if not view.inverse or rtype.symmetric:
        return rtype.label
    return f"{rtype.label} this"


def neighbours(dossier: Dossier, entry_id: str) -> list[Neighbour]:
    """Every neighbour of ``entry_id`` (see the module docstring), grouped by style in
    legend order, then by kind and name."""
    order = {style: i for i, style in enumerate(edge_specs(dossier.vocabulary))}
    found: dict[str, tuple[str, list[str]]] = {}

    def add(other: str, style: str, how: str) -> None:
        if other == entry_id or other not in dossier.entries:
            return
        current = found.get(other)
        if current is None:
            found[other] = (style, [how])
            return
        best = style if order[style] < order[current[0]] else current[0]
        hows = current[1] if how in current[1] else current[1] + [how]
        found[other] = (best, hows)

    for view in dossier.relations_of(entry_id):
        add(view.other, relation_style(view.relation, dossier.vocabulary), _how(view))
    entry = dossier.entries[entry_id]
    for ref in entry.data.get("participants", ()) if entry.kind.role == TIMELINE else ():
        add(ref, PARTICIPANT, "took part")
    for ref in entry.data.get("concerns", ()) if entry.kind.role == TIMELINE else ():
        add(ref, CONCERNS, "concerned")
    for ref in dossier.backlinks.get(entry_id, ()):
        if dossier.entries[ref].kind.backlink_node:
            add(ref, MENTION, MENTIONS)
    kind_order = {k: i for i, k in enumerate(NODE_ORDER)}
    # A mention says nothing more about a neighbour that is related in another way.
    items = [Neighbour(dossier.entries[i], style, tuple(h for h in how if h != MENTIONS or len(how) == 1))
             for i, (style, how) in found.items()]
    return sorted(items, key=lambda n: (order[n.style], kind_order.get(n.entry.kind.name, 99),
                                        n.entry.label.casefold(), n.entry.id))


def has_neighbours(dossier: Dossier, entry: Entry) -> bool:
    """Whether ``entry`` has a neighbour to draw (cheaper than :func:`neighbours`)."""
    if dossier.relations_of(entry.id):
        return True
    if entry.kind.role == TIMELINE and (entry.data.get("participants") or entry.data.get("concerns")):
        return True
    return any(dossier.entries[r].kind.backlink_node for r in dossier.backlinks.get(entry.id, ()))
