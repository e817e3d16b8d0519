"""A dossier's vocabulary: the words its entries may use, declared as data.

Statuses (each in a lifecycle group), confidence levels, actor and
organisation types, obstacle categories and severities, source kinds,
relation types, count series, and positions (where an actor stands on a
proposal, with the kinds of entry a position may be about).  The built-in preset (``preset.yml``) is
the vocabulary every dossier starts from; a dossier's ``vocabulary.yml``
extends it or replaces whole lists (see :mod:`dossierkit.schema.vocabulary_file`,
which reads and checks both with located messages).

Nothing here is topic-specific, and nothing is fixed: a treaty dossier
declares "adopted", "in force" and "parties vs signatories"; a security
dossier "floated", "signed" and "members".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

# Named colours, each legible on light and dark backgrounds (dossier.css
# defines them; the PDF and the graphs use the same values).
PALETTE = ("amber", "blue", "green", "grey", "orange", "red", "purple", "teal", "indigo", "brown", "slate")
# Line styles of graph edges; badges take the same look (dashed or dotted
# borders, "thick" fills the badge).
LINE_STYLES = ("solid", "thick", "dashed", "dotted", "dashdot")
# The lists of plain values (value, label, definition), by their key in the file.
TERM_LISTS = ("actor_types", "organisation_types", "obstacle_categories", "severities", "source_kinds")
NEGATIVE_STYLE = "negative"  # the edge class of negative relations


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary list, with the label and definition readers see."""

    value: str
    label: str
    definition: str


@dataclass(frozen=True)
class LifecycleGroup(Term):
    """A stage of the lifecycle shared by several statuses (idea, agreed, in operation, ended).

    ``qualifier`` is added to the heading of relations in this group ("Parties
    (proposed, not agreed)"); groups without one are listed under the plain
    heading.  ``rank`` is the group's place in the file: a status that moves
    to a group of higher rank moves forward in its lifecycle.
    """

    colour: str = "grey"
    line: str = "solid"
    qualifier: str = ""
    rank: int = 0
    recheck_months: int | None = None


@dataclass(frozen=True)
class Status(Term):
    """A lifecycle status; ``planned`` statuses may be dated in the future."""

    group: str = ""
    colour: str = ""
    planned: bool = False
    recheck_months: int | None = None


@dataclass(frozen=True)
class Confidence(Term):
    """How well the sources support a statement; ``corroborated`` levels need a
    primary source or two independent ones (``validation/independence.py``)."""

    colour: str = "grey"
    line: str = "solid"
    corroborated: bool = False


@dataclass(frozen=True)
class Affiliation(Term):
    """Whose voice a source is; ``weak`` voices never count towards corroboration,
    ``voice`` ones name the state or body they speak for (``voice_of``)."""

    weak: bool = False
    voice: bool = False


@dataclass(frozen=True)
class RelationType(Term):
    """A typed, directed relation with the label of each direction.

    A relation is declared once, on its subject; the model derives the
    inverse on the object.  ``symmetric`` relations read the same both ways;
    ``acyclic`` ones may not loop back (A part of B part of A); ``negative``
    ones say that something is *not* so ("not a member of", "opposes") and
    are listed and drawn apart from the rest.  Relations are listed apart by
    the lifecycle group of their status unless ``split_by_status`` is false
    (for a type whose status only repeats its target's, e.g. "proposed by").
    """

    inverse_label: str = ""
    subjects: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    symmetric: bool = False
    acyclic: bool = False
    negative: bool = False
    heading: str = ""
    inverse_heading: str = ""
    line: str = "solid"
    split_by_status: bool = True

    @property
    def name(self) -> str:
        """The value written in entries (``member_of``)."""
        return self.value

    @property
    def description(self) -> str:
        """The definition (the name older code used)."""
        return self.definition

    def heading_for(self, inverse: bool) -> str:
        """The heading relations of this type are listed under, from one side."""
        if inverse and not self.symmetric:
            return self.inverse_heading or _capital(self.inverse_label)
        return self.heading or _capital(self.label)


@dataclass(frozen=True)
class PositionValue(Term):
    """Where an actor stands on something (supports, opposes, ...), with its colour;
    ``timeline`` puts every position with this value on the timeline."""

    colour: str = "grey"
    timeline: bool = False


@dataclass(frozen=True)
class CountSeries(Term):
    """A series of counts over time (members, ratifications), with an optional threshold."""

    unit: str = ""
    threshold: int | None = None
    threshold_label: str = ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _index(items: Iterable[Term]) -> dict[str, Term]:
    return {t.value: t for t in items}


@dataclass(frozen=True)
class Vocabulary:
    """Every list of a dossier's vocabulary, in declared order, with lookups by value."""

    lifecycle_groups: tuple[LifecycleGroup, ...] = ()
    statuses: tuple[Status, ...] = ()
    confidence: tuple[Confidence, ...] = ()
    actor_types: tuple[Term, ...] = ()
    organisation_types: tuple[Term, ...] = ()
    obstacle_categories: tuple[Term, ...] = ()
    severities: tuple[Term, ...] = ()
    source_kinds: tuple[Term, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    relation_types: tuple[RelationType, ...] = ()
    count_series: tuple[CountSeries, ...] = ()
    positions: tuple[PositionValue, ...] = ()
    position_targets: tuple[str, ...] = ("organisation", "obstacle")  # kinds a position may be about
    _lookup: dict[str, dict[str, Term]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in LISTS:
            self._lookup[name] = _index(getattr(self, name))

    def values(self, name: str) -> tuple[str, ...]:
        """The values of list ``name`` (e.g. ``"statuses"``), in declared order."""
        return tuple(self._lookup[name])

    def get(self, name: str, value: str | None) -> Term | None:
        """The term ``value`` of list ``name``, or None."""
        return self._lookup[name].get(value) if value is not None else None

    def label(self, name: str, value: str | None) -> str:
        """The reader-facing label of ``value`` in list ``name`` ('' for none)."""
        term = self.get(name, value)
        return term.label if term else (value or "")

    def status(self, value: str | None) -> Status | None:
        """The status ``value``, or None."""
        return self._lookup["statuses"].get(value) if value else None  # type: ignore[return-value]

    def group_of(self, status: str | None) -> LifecycleGroup | None:
        """The lifecycle group of a status value, or None (no status)."""
        st = self.status(status)
        return self._lookup["lifecycle_groups"].get(st.group) if st else None  # type: ignore[return-value]

    def status_colour(self, value: str) -> str:
        """A status's own colour, or its group's."""
        st = self.status(value)
        if st is None:
            return "grey"
        group = self.group_of(value)
        return st.colour or (group.colour if group else "grey")

    def recheck_months(self, status: str | None) -> int | None:
        """Months after which an entry with this status is due a new check (None: never)."""
        st = self.status(status)
        if st is None:
            return None
        if st.recheck_months is not None:
            return st.recheck_months
        group = self.group_of(status)
        return group.recheck_months if group else None

    def relation(self, name: str) -> RelationType:
        """The relation type ``name`` (it must exist)."""
        return self._lookup["relation_types"][name]  # type: ignore[return-value]

    @property
    def relations_by_name(self) -> dict[str, RelationType]:
        """Relation types by value."""
        return self._lookup["relation_types"]  # type: ignore[return-value]

    def series(self, value: str | None) -> CountSeries | None:
        """The count series ``value`` (the first one when None)."""
        if value is None:
            return self.count_series[0] if self.count_series else None
        return self._lookup["count_series"].get(value)  # type: ignore[return-value]


LISTS = ("lifecycle_groups", "statuses", "confidence", *TERM_LISTS, "affiliations", "relation_types", "count_series",
         "positions")
