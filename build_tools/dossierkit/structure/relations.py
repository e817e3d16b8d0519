"""Typed relations between entries, and how each side sees them."""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.dates import PartialDate
from dossierkit.schema.vocabulary import LifecycleGroup, RelationType, Vocabulary


@dataclass(frozen=True)
class Relation:
    """A relation as declared once, on its subject.

    ``origin`` is the entry whose file declares it (the subject, except for an
    organisation's ``memberships``, which declare ``member_of`` on the
    organisation's side).  ``line`` is where in that file.
    """

    type: RelationType
    subject: str
    object: str
    since: PartialDate | None = None
    until: PartialDate | None = None
    status: str | None = None
    confidence: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    origin: str = ""
    line: int = 0

    def sort_key(self) -> tuple:
        """Order by type, then the two ends, then start date."""
        since = self.since.sort_key if self.since else (0, 0, 0)
        return (self.type.name, self.subject, self.object, since)


@dataclass(frozen=True)
class RelationView:
    """A relation seen from one of its two ends.

    ``label`` is the relation's label from the subject's side and its inverse
    label from the object's side; ``other`` is the id at the far end.
    """

    relation: Relation
    label: str
    other: str
    inverse: bool

    def sort_key(self) -> tuple:
        """Group by label, then by the other end's id, then by start date."""
        since = self.relation.since.sort_key if self.relation.since else (0, 0, 0)
        return (self.label, self.other, since)


def views_for(relation: Relation) -> tuple[tuple[str, RelationView], tuple[str, RelationView]]:
    """The two (entry id, view) pairs of ``relation``: subject's then object's."""
    kind = relation.type
    forward = RelationView(relation, kind.label, relation.object, False)
    backward = RelationView(relation, kind.label if kind.symmetric else kind.inverse_label, relation.subject, True)
    return (relation.subject, forward), (relation.object, backward)


@dataclass(frozen=True)
class RelationGroup:
    """Relations listed under one heading on an entry's page.

    Honest grouping: relations of one type are split by the lifecycle group
    of their status, so that confirmed parties are never listed with states
    that are only proposed or in talks ("Parties" apart from "Parties
    (proposed, not agreed)"); negative relations ("not a member of") form
    groups of their own, listed after the rest.
    """

    heading: str
    negative: bool
    lifecycle: LifecycleGroup | None
    views: tuple[RelationView, ...]


def group_views(views: list[RelationView], vocab: Vocabulary) -> list[RelationGroup]:
    """``views`` (sorted by :meth:`RelationView.sort_key`) in honest groups; see :class:`RelationGroup`."""
    buckets: dict[tuple, list[RelationView]] = {}
    for view in views:
        rtype = view.relation.type
        group = vocab.group_of(view.relation.status) if rtype.split_by_status else None
        if group is not None and not group.qualifier:
            group = None  # agreed or working: listed under the plain heading
        heading = rtype.heading_for(view.inverse)
        key = (rtype.negative, heading.casefold(), heading, group.rank if group else -1, group)
        buckets.setdefault(key, []).append(view)
    out = []
    for (negative, _, heading, _, group), items in sorted(buckets.items(), key=lambda kv: kv[0][:4]):
        shown = f"{heading} ({group.qualifier})" if group is not None else heading
        out.append(RelationGroup(shown, negative, group, tuple(items)))
    return out
