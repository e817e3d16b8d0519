"""Field types shared by several kinds: names, texts, claims, relations, counts, citations.

The kinds themselves are declared in :mod:`dossierkit.schema.kinds`.
"""

from __future__ import annotations

from dossierkit.schema.types import (  # noqa: F401 - re-exported for kinds.py
    Bool, Date, Enum, Field, Int, LangCode, ListOf, Obj, Ref, Slug, Text, Url, VocabEnum,
)

from dossierkit.schema.citation import Citation

ACTOR_OR_ORGANISATION = ("actor", "organisation")
SOURCES = Citation()  # one citation: a source id, or a mapping with the quote
NAME = Text(max_length=200)
SUMMARY = Text(max_length=300)
BODY = Text(max_length=50_000, single_line=False)
NOTE = Text(max_length=500)
BODY_NOTE = Text(max_length=2000, single_line=False)  # an editors' note: never shown to readers
STATUS = VocabEnum("statuses")
CONFIDENCE = VocabEnum("confidence")

NATIVE_NAME = Obj((
    Field("name", NAME, "The name in its own script.", required=True),
    Field("lang", LangCode(), "Language code (BCP 47): fa, ur, ar, tr, zh, ...", required=True),
    Field("transliteration", NAME, "A Latin-script reading of the name."),
))

RELATION = Obj((
    Field("type", VocabEnum("relation_types"), "The relation type (the vocabulary's relation_types).", required=True),
    Field("target", Ref(), "The id of the related entry (the kinds the type allows).", required=True),
    Field("since", Date(), "When the relation began."),
    Field("until", Date(), "When it ended (leave out while it holds)."),
    Field("status", STATUS, "Lifecycle status of the relation (e.g. a proposed status for talks to join)."),
    Field("confidence", CONFIDENCE, "How well the sources support it."),
    Field("note", NOTE, "A short plain-text qualification, e.g. the office held."),
    Field("sources", ListOf(SOURCES), "Sources for this relation."),
))

CLAIM = Obj((
    Field("text", Text(max_length=1000), "The claim, attributed and in your own words.", required=True),
    Field("status", STATUS, "Lifecycle status, if the claim is about a proposal or institution."),
    Field("confidence", CONFIDENCE, "How well the sources support it.", required=True),
    Field("sources", ListOf(SOURCES, min_items=1), "Sources for this claim.", required=True),
))

MEMBERSHIP = Obj((
    Field("member", Ref(kinds=ACTOR_OR_ORGANISATION), "The id of the member.", required=True),
    Field("since", Date(), "When membership began."),
    Field("until", Date(), "When membership ended."),
    Field("status", STATUS, "Status of the membership (e.g. a proposed status for an applicant)."),
    Field("confidence", CONFIDENCE, "How well the sources support it."),
    Field("note", NOTE, "A short plain-text qualification."),
    Field("sources", ListOf(SOURCES), "Sources for this membership."),
))

COUNT = Obj((
    Field("series", VocabEnum("count_series"), "What is counted (default: the vocabulary's first count series)."),
    Field("count", Int(minimum=0, maximum=10_000), "The count.", required=True),
    Field("date", Date(), "When the count applied.", required=True),
    Field("confidence", CONFIDENCE, "How well the sources support it."),
    Field("note", NOTE, "What changed, e.g. who joined."),
    Field("sources", ListOf(SOURCES, min_items=1), "Sources for this count.", required=True),
))
