"""Typed relations between entries, and how each side sees them."""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.dates import PartialDate
from dossierkit.schema.vocab import RelationType


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
