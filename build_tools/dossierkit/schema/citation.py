"""Citations: a source id, or a mapping with the evidence (the exact words on the page).

Accepted everywhere a ``sources:`` list is (entries, claims, relations,
memberships, counts)::

    sources:
      - dunya-2025-09-17                     # a bare source id
      - source: dawn-2025-09-24              # or the evidence:
        quote: "the beginning of a comprehensive regional security system"
        locator: paragraph 3                 # paragraph, page, section, timestamp
        accessed: 2026-11-30
      - source: irna-2025-09-25
        quote: "..."                         # in the page's own language
        lang: fa
        translation: "..."                   # required when the quote is not in English
        translated_by: dossier editors

Checked values are :class:`Cite` objects; ``plain()`` in the export turns
them back into what was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.schema.types import (
    INVALID, Checker, Date, Field, FieldType, LangCode, Obj, Ref, Text, _describe,
)

SOURCE_KIND = "source"


@dataclass(frozen=True)
class Cite:
    """One citation of a source, with the evidence it quotes (all optional but ``source``)."""

    source: str
    quote: str | None = None
    locator: str | None = None
    lang: str | None = None
    translation: str | None = None
    translated_by: str | None = None
    accessed: PartialDate | None = None

    def __reduce__(self):
        # Pickled by its fields in order (a large dossier's parallel load sends thousands): a
        # dataclass's own pickling writes a state dictionary for each, three times the bytes.
        return Cite, (self.source, self.quote, self.locator, self.lang, self.translation, self.translated_by,
                      self.accessed)

    @property
    def has_evidence(self) -> bool:
        """True when the citation quotes the page."""
        return bool(self.quote)

    def plain(self) -> str | dict[str, Any]:
        """What was written: the bare id, or the mapping (dates as text)."""
        fields = {k: getattr(self, k) for k in CITE_KEYS if getattr(self, k) is not None}
        if list(fields) == ["source"]:
            return self.source
        return {k: (v.iso() if isinstance(v, PartialDate) else v) for k, v in fields.items()}


def is_english(lang: str | None) -> bool:
    """True for ``en`` and its regional tags (``en-GB``), or no language given."""
    return lang is None or lang.split("-")[0].lower() == "en"


CITE_FIELDS = Obj((
    Field("source", Ref(kinds=(SOURCE_KIND,)), "The id of the source entry.", required=True),
    Field("quote", Text(max_length=1500, single_line=False), "The exact words on the page that support the statement (copied, never "
                                          "paraphrased), in the page's own language."),
    Field("locator", Text(max_length=120), "Where on the page: paragraph, page, section or timestamp."),
    Field("lang", LangCode(), "Language of the quote when it is not English (fa, ar, ur, tr, ...)."),
    Field("translation", Text(max_length=1500, single_line=False), "An English translation of the quote (required with lang)."),
    Field("translated_by", Text(max_length=120), "Who translated the quote, e.g. 'dossier editors'."),
    Field("accessed", Date(), "When the quote was read on the page."),
))
CITE_KEYS = tuple(f.name for f in CITE_FIELDS.fields)


@dataclass(frozen=True)
class Citation(FieldType):
    """A bare source id, or a mapping with the evidence (see the module docstring)."""

    def check(self, value: Any, path, ck: Checker) -> Any:
        if isinstance(value, str):
            checked = Ref(kinds=(SOURCE_KIND,)).check(value, path, ck)
            return INVALID if checked is INVALID else Cite(checked)
        if not isinstance(value, dict):
            return ck.error(path, f"expected a source id or a mapping with 'source' and 'quote', got {_describe(value)}")
        data = CITE_FIELDS.check(value, path, ck)
        if data is INVALID:
            return INVALID
        return finish_cite(data, path, ck)

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"oneOf": [Ref(kinds=(SOURCE_KIND,)).json_schema(vocab), CITE_FIELDS.json_schema(vocab)]}


def finish_cite(data: dict[str, Any], path, ck: Checker) -> Any:
    """The :class:`Cite` of a citation mapping whose fields are checked (``data``), after the rules
    across them (a translation goes with a quote and its language); INVALID after recording a problem."""
    if data.get("lang") and not is_english(data["lang"]) and not data.get("translation"):
        return ck.error(path + ("lang",), "a quote that is not in English needs a 'translation'")
    if data.get("translation") and not data.get("lang"):
        return ck.error(path + ("translation",), "a translation needs the quote's 'lang'")
    if data.get("translation") and not data.get("quote"):
        return ck.error(path + ("translation",), "a translation needs the 'quote' it translates")
    if data.get("translated_by") and not data.get("translation"):
        return ck.error(path + ("translated_by",), "'translated_by' goes with a 'translation'")
    return Cite(**data)


def cite_ids(cites) -> list[str]:
    """The source ids of a list of citations, in order, each once."""
    return list(dict.fromkeys(c.source for c in cites))
