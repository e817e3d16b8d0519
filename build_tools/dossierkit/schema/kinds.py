"""The kind registry: everything the code knows about each kind of entry, in one place.

A kind declares its fields (validation, JSON Schema, ``dossier new`` stubs
and the format guide come from them) and how it is shown: the badges on its
page, its infobox rows and index columns, its colour in graphs, its search
boost, its chapter in the PDF, its share of a synthetic dossier.  Renderers
read these declarations instead of testing kind names; the words entries
may use (statuses, types, relation types) come from the dossier's
vocabulary (:mod:`dossierkit.schema.vocabulary`), through ``VocabEnum``.

Adding a field to a kind is one :class:`Field` below (plus an infobox
:class:`Row` or index :class:`Column` if readers should see it) and its test.
"""

from __future__ import annotations

from dataclasses import dataclass

from dossierkit.schema.kind_fields import (
    BODY, BODY_NOTE, CLAIM, COUNT, MEMBERSHIP, NAME, NATIVE_NAME, NOTE, RELATION, SOURCES, SUMMARY, Bool, Date, Field, LangCode, ListOf, Obj,
    Ref, Slug, Text, Url, VocabEnum,
)
from dossierkit.schema.position_fields import POSITIONS_FIELD

ACTOR, ORGANISATION, OBSTACLE, EVENT, TERM, SOURCE = "actor", "organisation", "obstacle", "event", "term", "source"
ALL_KINDS = (ACTOR, ORGANISATION, OBSTACLE, EVENT, TERM, SOURCE)
_AO = (ACTOR, ORGANISATION)

# Roles: the kinds that have pages of their own beyond entry pages.
ENTITY, TIMELINE, GLOSSARY, BIBLIOGRAPHY = "entity", "timeline", "glossary", "bibliography"


@dataclass(frozen=True)
class Row:
    """An infobox row: ``label`` and how to show ``field`` (see ``render/infobox.py`` for ``show``)."""

    label: str
    field: str
    show: str = "text"


@dataclass(frozen=True)
class Column:
    """An index-table column: ``heading`` and how to show ``field`` (see ``render/index_pages.py``)."""

    heading: str
    field: str
    show: str = "text"


@dataclass(frozen=True)
class PrintChapter:
    """Where a kind goes in the PDF book: chapter title, order, and layout."""

    title: str
    order: int
    layout: str  # "entries", "chronology", "glossary" or "references"


@dataclass(frozen=True)
class Kind:
    """One kind of entry; see the module docstring."""

    name: str
    folder: str
    plural: str
    label_field: str
    description: str
    schema: Obj
    role: str = ENTITY
    badges: tuple[str, ...] = ()  # "status", "confidence": the badges its page and lists show
    infobox: tuple[Row, ...] = ()
    index_intro: str = ""  # an index page of its own when set (the timeline and glossary have theirs)
    index_columns: tuple[Column, ...] = ()
    index_filter: str = ""  # the field readers filter the index by ("status")
    colour: str = "grey"  # graph nodes (a palette name)
    in_network: bool = False  # drawn on the Network page
    backlink_node: bool = True  # entries of this kind that mention another appear in its graph
    search_boost: int = 1  # Material's search.boost for its pages (>= 1)
    chapter: PrintChapter | None = None
    synth_share: float = 0.0
    date_field: str | None = None  # the entry's main date
    date_pairs: tuple[tuple[str, str], ...] = ()  # (start, end) fields: end never before start
    backlinks_heading: str = "Referenced by"
    timeline_group: str = ""  # heading of the timeline filter's group of this kind's entries

    @property
    def fields(self) -> tuple[Field, ...]:
        """All fields of the kind, common ones first."""
        return self.schema.fields

    @property
    def shows_status(self) -> bool:
        """Whether its pages show a status badge."""
        return "status" in self.badges


def _common(label_field: Field, *, summary_required: bool = True, sources_required: bool = False) -> tuple[Field, ...]:
    return (
        Field("id", Slug(), "Lowercase id; must equal the file name without .yml.", required=True),
        label_field,
        Field("summary", SUMMARY, "One line of plain text saying what this is.", required=summary_required),
        Field("body", BODY, "Longer Markdown text. Refer to other entries as [[id]] or [[id|label]]."),
        Field("tags", ListOf(Slug()), "Lowercase tags for filtering."),
        Field("sources", ListOf(SOURCES, min_items=1 if sources_required else 0),
              "Ids of the source entries this entry relies on.", required=sources_required),
        Field("as_of", Date(), "When the entry was last checked against its sources."),
        Field("claims", ListOf(CLAIM), "Individual claims, each with its own confidence and sources."),
        Field("relations", ListOf(RELATION, unique=False),
              "Typed relations to other entries, declared on this side only (types: the vocabulary's relation_types)."),
    )


def _schema(label: Field, extra: tuple[Field, ...], **common: bool) -> Obj:
    return Obj(_common(label, **common) + extra)


_NAMES = (Row("Native names", "native_names", "native_names"), Row("Also known as", "aliases", "text_list"))
_AS_OF = Row("Last checked", "as_of", "date")

KINDS: tuple[Kind, ...] = (
    Kind(ACTOR, "actors", "Actors", "name", "A state, person, armed force or other party that acts in the story.",
         _schema(Field("name", NAME, "Display name, as readers know it.", required=True), (
             Field("type", VocabEnum("actor_types"), "What sort of actor this is.", required=True),
             Field("role", NOTE, "For people: the office or role, in plain text."),
             Field("native_names", ListOf(NATIVE_NAME, unique=False), "Names in their own scripts, with language codes."),
             Field("aliases", ListOf(NAME), "Other names readers may know."),
             POSITIONS_FIELD,
         ), sources_required=True),
         infobox=(Row("Type", "type", "vocab:actor_types"), Row("Role", "role"), *_NAMES, _AS_OF),
         index_intro="States, people and forces that act in this dossier.",
         index_columns=(Column("Name", "name", "link"), Column("Type", "type", "vocab:actor_types"),
                        Column("Summary", "summary")),
         colour="indigo", in_network=True, search_boost=3, chapter=PrintChapter("Actors", 1, "entries"),
         synth_share=0.20, timeline_group="Actors"),
    Kind(ORGANISATION, "organisations", "Organisations", "name",
         "An organisation, coalition, agreement or proposal for one.",
         _schema(Field("name", NAME, "Display name.", required=True), (
             Field("type", VocabEnum("organisation_types"), "What sort of body or arrangement this is.", required=True),
             Field("status", VocabEnum("statuses"), "Where it stands in its lifecycle (the vocabulary's statuses).",
                   required=True),
             Field("confidence", VocabEnum("confidence"), "How well the sources support the status.", required=True),
             Field("abbreviation", Text(max_length=20), "Short form, as readers see it in the press."),
             Field("founded", Date(), "When it was founded, announced or signed."),
             Field("dissolved", Date(), "When it ceased to exist."),
             Field("headquarters", NAME, "Where it is based, in plain text."),
             Field("native_names", ListOf(NATIVE_NAME, unique=False), "Names in their own scripts."),
             Field("aliases", ListOf(NAME), "Other names, including media labels."),
             Field("memberships", ListOf(MEMBERSHIP, unique=False), "Members, each with dates, status and sources."),
             Field("counts", ListOf(COUNT, unique=False),
                   "Counts over time (members, ratifications, ...: the vocabulary's count_series)."),
         ), sources_required=True),
         badges=("status", "confidence"),
         infobox=(Row("Abbreviation", "abbreviation"), Row("Type", "type", "vocab:organisation_types"),
                  Row("Status", "status", "badges"), Row("Founded", "founded", "date"),
                  Row("Dissolved", "dissolved", "date"), Row("Headquarters", "headquarters"),
                  Row("", "counts", "latest_counts"), *_NAMES, _AS_OF),
         index_intro="Organisations, coalitions, agreements and proposals. The status column separates "
                     "a floated idea from a signed text from a working institution.",
         index_columns=(Column("Name", "name", "link"), Column("Type", "type", "vocab:organisation_types"),
                        Column("Status", "status", "badges"), Column("Founded", "founded", "sortable_date"),
                        Column("Summary", "summary")),
         index_filter="status", colour="teal", in_network=True, search_boost=4,
         chapter=PrintChapter("Organisations", 2, "entries"), synth_share=0.10, date_field="founded",
         date_pairs=(("founded", "dissolved"),), timeline_group="Organisations"),
    Kind(OBSTACLE, "obstacles", "Obstacles", "name", "Something that stands in the way, and whom it affects.",
         _schema(Field("name", NAME, "Display name.", required=True), (
             Field("category", VocabEnum("obstacle_categories"), "What kind of obstacle.", required=True),
             Field("affects", ListOf(Ref(kinds=_AO), min_items=1), "Ids of the actors and organisations it affects.",
                   required=True),
             Field("severity", VocabEnum("severities"), "How much it weighs, as the sources judge it."),
             Field("confidence", VocabEnum("confidence"), "How well the sources support it.", required=True),
         ), sources_required=True),
         badges=("confidence",),
         infobox=(Row("Category", "category", "vocab:obstacle_categories"),
                  Row("Severity", "severity", "vocab:severities"), Row("Confidence", "confidence", "badges"),
                  Row("Affects", "affects", "links"), _AS_OF),
         index_intro="What stands in the way, and whom it affects.",
         index_columns=(Column("Name", "name", "link"), Column("Category", "category", "vocab:obstacle_categories"),
                        Column("Severity", "severity", "vocab:severities"), Column("Confidence", "confidence", "badges"),
                        Column("Affects", "affects", "links")),
         colour="orange", in_network=True, search_boost=2, chapter=PrintChapter("Obstacles", 3, "entries"),
         synth_share=0.05),
    Kind(EVENT, "events", "Timeline", "title", "A dated event on the timeline.",
         _schema(Field("title", NAME, "What happened, in a few words.", required=True), (
             Field("date", Date(), "When it happened, at the precision the sources support.", required=True),
             Field("end", Date(), "Last day, for events that span several days."),
             Field("participants", ListOf(Ref(kinds=_AO)), "Ids of the actors and organisations that took part."),
             Field("concerns", ListOf(Ref(kinds=ALL_KINDS)), "Ids of other entries this event is about."),
             Field("location", NAME, "Where it happened, in plain text."),
             Field("status", VocabEnum("statuses"), "The lifecycle step this event marks, if any."),
             Field("confidence", VocabEnum("confidence"), "How well the sources support it.", required=True),
         ), sources_required=True),
         role=TIMELINE, badges=("status", "confidence"),
         infobox=(Row("Date", "date", "date_range:end"), Row("Status", "status", "badges"), Row("Location", "location"),
                  Row("Participants", "participants", "links"), Row("Concerns", "concerns", "links"), _AS_OF),
         colour="purple", backlink_node=False, search_boost=2, chapter=PrintChapter("Timeline", 4, "chronology"),
         synth_share=0.40, date_field="date", date_pairs=(("date", "end"),)),
    Kind(TERM, "terms", "Glossary", "term", "A glossary term.",
         _schema(Field("term", NAME, "The term as readers meet it.", required=True), (
             Field("abbreviation", Text(max_length=20), "Abbreviation, as readers meet it."),
             Field("definition", Text(max_length=1000), "The meaning in plain words (plain text).", required=True),
             Field("aliases", ListOf(NAME), "Other spellings or names that should show this definition."),
             Field("naming_note", NOTE, "A note on naming, e.g. on two spellings of a name."),
             Field("related", ListOf(Ref(kinds=ALL_KINDS)), "Ids of related entries."),
         ), summary_required=False),
         role=GLOSSARY, colour="slate",
         infobox=(Row("Glossary", "term", "glossary_link"), Row("Abbreviation", "abbreviation"),
                  Row("Definition", "definition"), Row("Also written", "aliases", "text_list"),
                  Row("Naming note", "naming_note"), Row("Related", "related", "links"), _AS_OF),
         search_boost=3, chapter=PrintChapter("Glossary", 5, "glossary"), synth_share=0.12),
    Kind(SOURCE, "sources", "Sources", "title", "A document the dossier cites.",
         _schema(Field("title", Text(max_length=400), "The title as published.", required=True), (
             Field("publisher", NAME, "Who published it.", required=True),
             Field("kind", VocabEnum("source_kinds"), "What sort of source it is.", required=True),
             Field("url", Url(), "Its address (http or https only)."),
             Field("archive_url", Url(), "An archived copy of the page (e.g. on web.archive.org), used when the page is gone."),
             Field("author", NAME, "Author, if named."),
             Field("published", Date(), "Publication date, at the precision the page shows."),
             Field("accessed", Date(), "When it was read for this dossier."),
             Field("language", LangCode(), "Language code of the source.", required=True),
             Field("affiliation", VocabEnum("affiliations"),
                   "Whose voice it is: a government, state media, a party, an independent outlet, ..."),
             Field("voice_of", Ref(kinds=_AO), "For the voice of a state or body (government, state media, party): "
                                               "the actor or organisation it speaks for."),
             Field("republishes", Ref(kinds=(SOURCE,)), "The source this one relays (a wire copy, an aggregator)."),
             Field("origin", NAME, "Who wrote what this source relays, when that is not a source entry of its own "
                                   "(a wire agency: 'Associated Press'); two copies of one story are not independent."),
             Field("archived", Bool(), "true if an archived copy was consulted instead of the live page."),
             Field("note", BODY_NOTE, "A note for editors (how the title was found, what to check); never shown to readers.",
                   editorial=True),
         ), summary_required=False),
         role=BIBLIOGRAPHY,
         infobox=(Row("Publisher", "publisher"), Row("Kind", "kind", "vocab:source_kinds"), Row("Author", "author"),
                  Row("Voice", "affiliation", "vocab:affiliations"), Row("Speaks for", "voice_of", "links"),
                  Row("Relays", "republishes", "links"), Row("Originally from", "origin"),
                  Row("Published", "published", "date"), Row("Accessed", "accessed", "date"),
                  Row("Language", "language", "language"), Row("Address", "url", "url"),
                  Row("Archived copy", "archive_url", "url"), _AS_OF),
         index_intro="Every source the dossier cites, with the entries that cite it.",
         index_columns=(Column("Title", "title", "link"), Column("Publisher", "publisher"),
                        Column("Kind", "kind", "vocab:source_kinds"), Column("Published", "published", "sortable_date"),
                        Column("Cited by", "id", "cited_by")),
         backlink_node=False, chapter=PrintChapter("Bibliography", 7, "references"), synth_share=0.13,
         date_field="published", backlinks_heading="Cited by"),
)

KINDS_BY_NAME = {k.name: k for k in KINDS}
KINDS_BY_FOLDER = {k.folder: k for k in KINDS}
_BY_ROLE = {k.role: k for k in KINDS if k.role != ENTITY}


def kind_with_role(role: str) -> Kind:
    """The kind that plays ``role`` (``TIMELINE``, ``GLOSSARY`` or ``BIBLIOGRAPHY``)."""
    return _BY_ROLE[role]

