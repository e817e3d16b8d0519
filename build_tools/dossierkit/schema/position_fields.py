"""The ``positions`` field of actors: where an actor stands on something, at a date.

One item says that an actor (the entry that declares it) took a position on
another entry (a proposal, an organisation, an obstacle: the vocabulary's
``position_targets``) on a date, as stated by someone, with the citations
that quote it::

    positions:
      - target: smda                  # the entry it is about
        position: supports            # a value of the vocabulary's `positions`
        date: 2025-09-19              # when it was stated, at the sources' precision
        by: khawaja-asif              # who stated it: a person's actor id ...
        office: Defence minister      # ... and/or the office or body, in plain text
        confidence: confirmed         # the rule of validation/independence.py applies
        note: In a Geo News interview.
        timeline: true                # also an item of the timeline
        sources:
          - source: geo-asif-doors-not-closed
            quote: "the door has not been closed"

A position holds until the actor's next position on the same entry; the
positions of an actor on one entry are its history there
(:mod:`dossierkit.structure.positions`).  Rules across items (date order,
one per day and speaker, allowed target kinds) are in
:mod:`dossierkit.validation.positions`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dossierkit.schema.citation import Citation
from dossierkit.schema.types import INVALID, Bool, Checker, Date, Field, ListOf, Obj, Ref, Text, VocabEnum

NEEDS_CITATION = ("a position needs a citation: add 'sources' with the source that reports it "
                  "and the words it quotes")
NEEDS_SPEAKER = "a position needs who stated it: 'by' (the actor id of a person) or 'office' (plain text)"


class PositionObj(Obj):
    """A position item: the fields below, a citation, and who stated it (see the module docstring)."""

    def check(self, value: Any, path, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return super().check(value, path, ck)
        ok = True
        if value.get("sources") in (None, []):
            ck.error(path + ("sources",) if "sources" in value else path, NEEDS_CITATION)
            ok = False
        if value.get("by") is None and value.get("office") is None:
            ck.error(path, NEEDS_SPEAKER)
            ok = False
        # Everything else is checked as usual; a missing citation is reported once (above).
        cited = value.get("sources") not in (None, [])
        checked = _lenient(self).check(value if cited else {k: v for k, v in value.items() if k != "sources"}, path, ck)
        return checked if ok else INVALID

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        schema = super().json_schema(vocab)
        schema["anyOf"] = [{"required": ["by"]}, {"required": ["office"]}]
        return schema


_LENIENT: dict[int, Obj] = {}


def _lenient(obj: Obj) -> Obj:
    """``obj`` with ``sources`` optional (made once per schema: 5,000 positions are checked in a large dossier)."""
    found = _LENIENT.get(id(obj))
    if found is None:
        found = _LENIENT[id(obj)] = Obj(tuple(replace(f, required=False) if f.name == "sources" else f
                                              for f in obj.fields))
    return found


POSITION = PositionObj((
    Field("target", Ref(), "The id of the entry it is about: a proposal, organisation or obstacle "
                           "(the vocabulary's position_targets).", required=True),
    Field("position", VocabEnum("positions"), "Where the actor stands (the vocabulary's positions).", required=True),
    Field("date", Date(), "When it was stated, at the precision the sources support.", required=True),
    Field("by", Ref(kinds=("actor",)), "Who stated it: the actor id of a person (give 'by' or 'office', or both)."),
    Field("office", Text(max_length=200), "Who stated it in plain text: an office, a ministry, a joint statement; "
                                         "or the office the person held."),
    Field("confidence", VocabEnum("confidence"), "How well the sources support it (confirmed needs a primary source "
                                                 "or two independent ones).", required=True),
    Field("note", Text(max_length=500), "A short plain-text qualification: the setting, what it does not say."),
    Field("timeline", Bool(), "true to show it on the timeline, false to keep it off "
                              "(default: the vocabulary's value for this position)."),
    Field("sources", ListOf(Citation(), min_items=1), "Citations with the words that state it.", required=True),
))

POSITIONS_FIELD = Field("positions", ListOf(POSITION, unique=False),
                        "Where this actor stands on proposals, organisations or obstacles: each dated, stated by "
                        "someone ('by' or 'office') and quoted; a position holds until the next one on the same entry.")
