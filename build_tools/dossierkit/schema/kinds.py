"""The entry kinds and their fields: the one source of truth for the format.

Validation (:mod:`dossierkit.schema.check`), the published JSON Schema files
(:mod:`dossierkit.schema.jsonschema`), the ``dossier new`` stubs and the
format documentation are all derived from the definitions below.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.schema import vocab as v
from dossierkit.schema.types import (
    Bool, Date, Enum, Field, Int, LangCode, ListOf, Obj, Ref, Slug, Text, Url,
)

ANY_KIND = v.ALL_KINDS
_AO = (v.ACTOR, v.ORGANISATION)
_SOURCES = Ref(kinds=(v.SOURCE,))

STATUS = Enum(v.STATUS_VALUES)
CONFIDENCE = Enum(v.CONFIDENCE_VALUES)
NAME = Text(max_length=200)
SUMMARY = Text(max_length=300)
BODY = Text(max_length=50_000, single_line=False)
NOTE = Text(max_length=500)

NATIVE_NAME = Obj((
    Field("name", NAME, "The name in its own script, e.g. 'ایران'.", required=True),
    Field("lang", LangCode(), "Language code: fa (Persian), ur (Urdu), ar (Arabic), tr (Turkish), ...", required=True),
    Field("transliteration", NAME, "A Latin-script reading of the name."),
))

RELATION = Obj((
    Field("type", Enum(tuple(r.name for r in v.RELATION_TYPES)), "The relation type; see the relation table in the format guide.", required=True),
    Field("target", Ref(kinds=_AO), "The id of the related actor or organisation.", required=True),
    Field("since", Date(), "When the relation began."),
    Field("until", Date(), "When it ended (leave out while it holds)."),
    Field("status", STATUS, "Lifecycle status of the relation (e.g. 'proposed' for talks to join)."),
    Field("confidence", CONFIDENCE, "'reported' when only one or weak sources support it."),
    Field("note", NOTE, "A short plain-text qualification, e.g. the office held."),
    Field("sources", ListOf(_SOURCES), "Sources for this relation."),
))

CLAIM = Obj((
    Field("text", Text(max_length=1000), "The claim, attributed and in your own words.", required=True),
    Field("status", STATUS, "Lifecycle status, if the claim is about a proposal or institution."),
    Field("confidence", CONFIDENCE, "'reported' for single-source claims.", required=True),
    Field("sources", ListOf(_SOURCES, min_items=1), "Sources for this claim.", required=True),
))

MEMBERSHIP = Obj((
    Field("member", Ref(kinds=_AO), "The id of the member.", required=True),
    Field("since", Date(), "When membership began."),
    Field("until", Date(), "When membership ended."),
    Field("status", STATUS, "Status of the membership (e.g. 'proposed' for an applicant)."),
    Field("confidence", CONFIDENCE, "'reported' when only one or weak sources support it."),
    Field("note", NOTE, "A short plain-text qualification."),
    Field("sources", ListOf(_SOURCES), "Sources for this membership."),
))

MEMBER_COUNT = Obj((
    Field("count", Int(minimum=0, maximum=10_000), "Number of members.", required=True),
    Field("date", Date(), "When the count applied.", required=True),
    Field("note", NOTE, "What changed, e.g. 'after Oman joined'."),
    Field("sources", ListOf(_SOURCES, min_items=1), "Sources for this count.", required=True),
))


def _common(label_field: Field, *, summary_required: bool = True, sources_required: bool = False) -> tuple[Field, ...]:
    return (
        Field("id", Slug(), "Lowercase id; must equal the file name without .yml.", required=True),
        label_field,
        Field("summary", SUMMARY, "One line of plain text saying what this is.", required=summary_required),
        Field("body", BODY, "Longer Markdown text. Refer to other entries as [[id]] or [[id|label]]."),
        Field("tags", ListOf(Slug()), "Lowercase tags for filtering."),
        Field("sources", ListOf(_SOURCES, min_items=1 if sources_required else 0),
              "Ids of the source entries this entry relies on.", required=sources_required),
        Field("as_of", Date(), "When the entry was last checked against its sources."),
        Field("claims", ListOf(CLAIM), "Individual claims, each with its own confidence and sources."),
        Field("relations", ListOf(RELATION, unique=False), "Typed relations to other entries, declared on this side only."),
    )


@dataclass(frozen=True)
class Kind:
    """One kind of entry: its name, folder, label field and schema."""

    name: str
    folder: str
    plural: str
    label_field: str
    description: str
    schema: Obj

    @property
    def fields(self) -> tuple[Field, ...]:
        """All fields of the kind, common ones first."""
        return self.schema.fields


def _kind(name: str, folder: str, plural: str, label: Field, description: str, extra: tuple[Field, ...], **common: bool) -> Kind:
    return Kind(name, folder, plural, label.name, description, Obj(_common(label, **common) + extra))


KINDS: tuple[Kind, ...] = (
    _kind(v.ACTOR, "actors", "Actors", Field("name", NAME, "Display name, e.g. 'Türkiye'.", required=True),
          "A state, person, armed force or other party that acts in the story.", (
        Field("type", Enum(v.ACTOR_TYPES), "What sort of actor this is.", required=True),
        Field("role", NOTE, "For people: the office or role, in plain text."),
        Field("native_names", ListOf(NATIVE_NAME, unique=False), "Names in their own scripts, with language codes."),
        Field("aliases", ListOf(NAME), "Other names readers may know, e.g. 'Turkey'."),
    ), sources_required=True),
    _kind(v.ORGANISATION, "organisations", "Organisations", Field("name", NAME, "Display name.", required=True),
          "An organisation, coalition, agreement or proposal for one.", (
        Field("type", Enum(v.ORGANISATION_TYPES), "What sort of body or arrangement this is.", required=True),
        Field("status", STATUS, "Where it stands: floated, proposed, signed, operational, ...", required=True),
        Field("confidence", CONFIDENCE, "'reported' when only one or weak sources support the status.", required=True),
        Field("abbreviation", Text(max_length=20), "Short form, e.g. 'IMCTC'."),
        Field("founded", Date(), "When it was founded, announced or signed."),
        Field("dissolved", Date(), "When it ceased to exist."),
        Field("headquarters", NAME, "Where it is based, in plain text."),
        Field("native_names", ListOf(NATIVE_NAME, unique=False), "Names in their own scripts."),
        Field("aliases", ListOf(NAME), "Other names, including media labels."),
        Field("memberships", ListOf(MEMBERSHIP, unique=False), "Members, each with dates, status and sources."),
        Field("member_counts", ListOf(MEMBER_COUNT, unique=False), "Membership totals over time."),
    ), sources_required=True),
    _kind(v.OBSTACLE, "obstacles", "Obstacles", Field("name", NAME, "Display name.", required=True),
          "Something that stands in the way, and whom it affects.", (
        Field("category", Enum(v.OBSTACLE_CATEGORIES), "What kind of obstacle.", required=True),
        Field("affects", ListOf(Ref(kinds=_AO), min_items=1), "Ids of the actors and organisations it affects.", required=True),
        Field("severity", Enum(v.SEVERITIES), "How much it weighs, as the sources judge it."),
        Field("confidence", CONFIDENCE, "'reported' when only one or weak sources support it.", required=True),
    ), sources_required=True),
    _kind(v.EVENT, "events", "Timeline", Field("title", NAME, "What happened, in a few words.", required=True),
          "A dated event on the timeline.", (
        Field("date", Date(), "When it happened, at the precision the sources support.", required=True),
        Field("end", Date(), "Last day, for events that span several days."),
        Field("participants", ListOf(Ref(kinds=_AO)), "Ids of the actors and organisations that took part."),
        Field("concerns", ListOf(Ref(kinds=ANY_KIND)), "Ids of other entries this event is about."),
        Field("location", NAME, "Where it happened, in plain text."),
        Field("status", STATUS, "The lifecycle step this event marks, if any (e.g. 'signed')."),
        Field("confidence", CONFIDENCE, "'reported' for single-source events.", required=True),
    ), sources_required=True),
    _kind(v.TERM, "terms", "Glossary", Field("term", NAME, "The term as readers meet it.", required=True),
          "A glossary term.", (
        Field("abbreviation", Text(max_length=20), "Abbreviation, e.g. 'OIC'."),
        Field("definition", Text(max_length=1000), "The meaning in plain words (plain text).", required=True),
        Field("aliases", ListOf(NAME), "Other spellings or names that should show this definition."),
        Field("naming_note", NOTE, "A note on naming, e.g. Türkiye/Turkey."),
        Field("related", ListOf(Ref(kinds=ANY_KIND)), "Ids of related entries."),
    ), summary_required=False),
    _kind(v.SOURCE, "sources", "Sources", Field("title", Text(max_length=400), "The title as published.", required=True),
          "A document the dossier cites.", (
        Field("publisher", NAME, "Who published it.", required=True),
        Field("kind", Enum(v.SOURCE_KINDS), "What sort of source it is.", required=True),
        Field("url", Url(), "Its address (http or https only)."),
        Field("author", NAME, "Author, if named."),
        Field("published", Date(), "Publication date, at the precision known."),
        Field("accessed", Date(), "When it was read for this dossier."),
        Field("language", LangCode(), "Language code of the source.", required=True),
        Field("archived", Bool(), "true if an archived copy was consulted instead of the live page."),
    ), summary_required=False),
)

KINDS_BY_NAME = {k.name: k for k in KINDS}
KINDS_BY_FOLDER = {k.folder: k for k in KINDS}
