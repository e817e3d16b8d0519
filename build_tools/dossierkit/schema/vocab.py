"""The fixed vocabularies of a dossier: statuses, confidence and relation types.

The status vocabulary is the heart of the format: it separates a floated idea
from a signed text from a working institution, so that no page can present a
proposal as an established alliance.  Nothing here is topic-specific.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One value of a vocabulary, with the label and explanation readers see."""

    value: str
    label: str
    description: str


STATUSES: tuple[Term, ...] = (
    Term("floated", "Floated", "An idea voiced in public (a speech, an interview, an op-ed) with no formal proposal behind it."),
    Term("proposed", "Proposed", "Formally put forward by a government or organisation, but not agreed by the other parties."),
    Term("announced", "Announced", "Declared as agreed or launched by its parties, without a signed founding text in force."),
    Term("signed", "Signed", "A text has been signed by the parties; it may not yet be ratified or fully in force."),
    Term("ratified", "Ratified", "Signed and ratified or otherwise brought into legal force by its parties."),
    Term("operational", "Operational", "A working institution with its own staff, structures and activities."),
    Term("stalled", "Stalled", "Proposed or agreed once, with no visible progress since."),
    Term("rejected", "Rejected", "Turned down by the body or parties that would have had to adopt it."),
    Term("defunct", "Defunct", "Existed once and has ceased to exist or to function."),
)

CONFIDENCES: tuple[Term, ...] = (
    Term("confirmed", "Confirmed", "Supported by an official primary source or by at least two independent reliable sources."),
    Term("reported", "Reported", "Supported by a single source or only by weak sources; not independently confirmed."),
    Term("disputed", "Disputed", "Sources disagree; the entry says how."),
)

STATUS_VALUES = tuple(t.value for t in STATUSES)
CONFIDENCE_VALUES = tuple(t.value for t in CONFIDENCES)

ACTOR_TYPES = ("state", "person", "armed-force", "government-body", "non-state-group", "other")
ORGANISATION_TYPES = (
    "intergovernmental-organisation", "alliance", "coalition", "agreement",
    "proposal", "forum", "other",
)
OBSTACLE_CATEGORIES = ("historical", "geopolitical", "political", "strategic", "institutional", "legal", "economic", "other")
SEVERITIES = ("low", "medium", "high")
SOURCE_KINDS = (
    "official-document", "news-report", "analysis-opinion", "state-media",
    "think-tank", "reference-work", "aggregator", "other",
)
SOURCE_KIND_LABELS = {
    "official-document": "Official document",
    "news-report": "News report",
    "analysis-opinion": "Analysis / opinion",
    "state-media": "State media",
    "think-tank": "Think tank",
    "reference-work": "Reference work",
    "aggregator": "Aggregator",
    "other": "Other",
}

ACTOR, ORGANISATION, OBSTACLE, EVENT, TERM, SOURCE = (
    "actor", "organisation", "obstacle", "event", "term", "source",
)
ALL_KINDS = (ACTOR, ORGANISATION, OBSTACLE, EVENT, TERM, SOURCE)


@dataclass(frozen=True)
class RelationType:
    """A typed, directed relation with the label of each direction.

    A relation is declared once, on its subject; the model derives the
    inverse on the object.  ``symmetric`` relations read the same both ways;
    ``acyclic`` ones may not loop back (A part of B part of A).
    """

    name: str
    label: str
    inverse_label: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    description: str
    symmetric: bool = False
    acyclic: bool = False


_AO = (ACTOR, ORGANISATION)

RELATION_TYPES: tuple[RelationType, ...] = (
    RelationType("member_of", "member of", "members", _AO, (ORGANISATION,), "Membership of an organisation, coalition or agreement.", acyclic=True),
    RelationType("party_to", "party to", "parties", _AO, (ORGANISATION,), "A party to an agreement or treaty (use status for talks to join)."),
    RelationType("non_member_of", "not a member of", "notable non-members", _AO, (ORGANISATION,), "A notable non-member, worth stating because readers may assume otherwise."),
    RelationType("proposed_by", "proposed by", "proposals", (ORGANISATION,), _AO, "A proposal and who put it forward."),
    RelationType("supports", "supports", "supported by", _AO, _AO, "Public support for an actor, organisation or proposal."),
    RelationType("opposes", "opposes", "opposed by", _AO, _AO, "Public opposition to an actor, organisation or proposal."),
    RelationType("leads", "leads", "led by", _AO, _AO, "Leadership or command of an organisation or state."),
    RelationType("official_of", "official of", "officials", (ACTOR,), _AO, "A person holding office in a state or organisation (say which office in `note`)."),
    RelationType("hosts", "hosts", "hosted by", _AO, _AO, "Hosting a headquarters, base or meeting."),
    RelationType("part_of", "part of", "parts", _AO, _AO, "A body that is a component of a larger one.", acyclic=True),
    RelationType("mediated_between", "mediated between", "mediated by", _AO, _AO, "Mediation or facilitation of talks; declare one relation per side mediated."),
    RelationType("rival_of", "rival of", "rival of", _AO, _AO, "A strategic rivalry.", symmetric=True),
    RelationType("partner_of", "partner of", "partner of", _AO, _AO, "A close security or defence partnership.", symmetric=True),
    RelationType("affects", "affects", "affected by", (OBSTACLE,), _AO, "An obstacle and the actors or organisations it affects."),
)

RELATIONS_BY_NAME = {r.name: r for r in RELATION_TYPES}
