"""Field types: each one checks a loaded YAML value and describes itself as JSON Schema.

The same objects are used to validate entries and to publish the JSON Schema
files, so the two cannot drift apart.  ``check`` returns the converted value or
:data:`INVALID` after recording a located problem on the :class:`Checker`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field as dataclass_field
from functools import cached_property
from typing import Any, Iterable

from dossierkit.dates import DateError, parse_date
from dossierkit.errors import ProblemSink, printable
from dossierkit.loading.names import invisible_message, url_authority_problem
from dossierkit.loading.wikilinks import WIKILINK_RE
from dossierkit.loading.yaml_loader import KeyPath, YamlDocument

INVALID = object()
PLACEHOLDER = "FILL-ME"
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG_RE.pattern
MAX_SLUG = 64
# Embedding, override and isolate controls reorder text on screen (the
# "Trojan Source" trick).  The marks LRM/RLM/ALM and ZWNJ/ZWJ that Persian,
# Urdu and Arabic need are allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$")
# Line breaks other than "\n" that must not appear in single-line text.
LINE_BREAKS = re.compile("[\r\u2028\u2029]")
MAX_SHOWN = 80  # longest contributed value or field name quoted in a message


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters (with an ellipsis) for a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def explain_chars(text: str) -> str:
    """`` (contains U+0430 CYRILLIC SMALL LETTER A)`` for the first character of
    ``text`` that is not printable ASCII, or ``''``: look-alike letters and
    invisible characters cannot be seen in a message, so they are named."""
    for ch in text:
        if not (ch.isascii() and ch.isprintable()):
            name = unicodedata.name(ch, "an unnamed character")
            return f" (contains U+{ord(ch):04X} {name})"
    return ""


def a(noun: str) -> str:
    """``noun`` with its indefinite article: ``an actor``, ``a source``."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def either(nouns: Iterable[str]) -> str:
    """``an actor or an organisation``."""
    return " or ".join(a(n) for n in nouns)


def dotted(path: KeyPath) -> str:
    """``("relations", 0, "target")`` -> ``relations[0].target``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` suffix, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass
class Reference:
    """An id mentioned in an entry, to be resolved once every entry is loaded."""

    target: str
    kinds: tuple[str, ...]
    path: KeyPath
    pos: tuple[int, int] | None = None


class Checker:
    """Context for checking one document: positions, problems and references."""

    def __init__(self, doc: YamlDocument, sink: ProblemSink, vocab: Any = None):
        self.doc = doc
        self.sink = sink
        self.vocab = vocab  # the dossier's Vocabulary, for VocabEnum fields
        self.references: list[Reference] = []

    def error(self, path: KeyPath, message: str, pos: tuple[int, int] | None = None) -> Any:
        """Record an error at ``path`` (or at ``pos`` if given) and return :data:`INVALID`."""
        field = dotted(path) or None
        shown = printable(shorten(field)) if field else None
        self.sink.error(pos or self.doc.pos(path), f"{shown}: {message}" if shown else message, field)
        return INVALID

    def warning(self, path: KeyPath, message: str) -> None:
        """Record a warning at ``path``."""
        field = dotted(path) or None
        shown = printable(shorten(field)) if field else None
        self.sink.warning(self.doc.pos(path), f"{shown}: {message}" if shown else message, field)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return repr(shorten(value))
    return repr(value)


class FieldType:
    """Base class: subclasses implement :meth:`check` and :meth:`json_schema`."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:  # pragma: no cover - abstract
        """Return the converted value, or INVALID after recording a problem."""
        raise NotImplementedError

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:  # pragma: no cover - abstract
        """This type as a JSON Schema fragment (``vocab``: the dossier's vocabulary, for its lists)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(FieldType):
    """A string.  Single-line text is plain text; multi-line text is Markdown."""

    max_length: int = 300
    single_line: bool = True

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str):
            hint = " (put it in quotes)" if isinstance(value, bool) else ""
            return ck.error(path, f"expected text, got {_describe(value)}{hint}")
        if not value.strip():
            return ck.error(path, "is empty")
        if PLACEHOLDER in value:
            return ck.error(path, f"placeholder {PLACEHOLDER} is still here; fill it in")
        if len(value) > self.max_length:
            return ck.error(path, f"is {len(value):,} characters long; the limit is {self.max_length:,}")
        # Printable ASCII holds no control, bidirectional, invisible or line-breaking character:
        # most values are checked for none of them (a tenth of checking an entry).
        if not (value.isascii() and value.isprintable()):
            if BIDI_CONTROLS.search(value):
                return ck.error(path, "contains bidirectional control characters (U+202A-U+202E, U+2066-U+2069); "
                                      "remove them")
            if CONTROL_CHARS.search(value):
                return ck.error(path, "contains control characters")
            invisible = invisible_message(value)  # "Ir\u200ban" is not "Iran" (loading/names.py)
            if invisible:
                return ck.error(path, invisible)
            if self.single_line and ("\n" in value.strip() or LINE_BREAKS.search(value)):
                return ck.error(path, "must be a single line")
        if self.single_line:
            link = WIKILINK_RE.search(value)
            if link:  # plain text is printed as written: the brackets would show on the page
                return ck.error(path, f"{link.group(0)} would print literally: this field is plain text, not "
                                      "Markdown; name the entry in words here, and link it as [[id]] in the body")
        return value.strip() if self.single_line else value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.single_line:
            schema["pattern"] = r"^[^\n]*$"
        return schema


@dataclass(frozen=True)
class Slug(FieldType):
    """A lowercase id: ``[a-z0-9]`` words joined by single hyphens."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value:
            return ck.error(path, f"expected an id, got {_describe(value)}")
        if len(value) > MAX_SLUG:
            return ck.error(path, f"ids are at most {MAX_SLUG} characters")
        # fullmatch: ``$`` alone would also accept a trailing newline ("land-a\n").
        if not SLUG_RE.fullmatch(value):
            return ck.error(path, f"{value!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens"
                                  f"{explain_chars(value)}")
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_SLUG}


@dataclass(frozen=True)
class Ref(Slug):
    """The id of another entry of one of ``kinds`` (resolved later)."""

    kinds: tuple[str, ...] = ()

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if value is not INVALID:
            ck.references.append(Reference(value, self.kinds, path))
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        schema = super().json_schema(vocab)
        schema["description"] = f"id of {either(self.kinds)} entry" if self.kinds else "id of an entry"
        return schema


@dataclass(frozen=True)
class Url(FieldType):
    """An absolute ``http`` or ``https`` address; nothing else is linkable."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str):
            return ck.error(path, f"expected an address, got {_describe(value)}")
        if PLACEHOLDER in value:
            return ck.error(path, f"placeholder {PLACEHOLDER} is still here; fill it in")
        if len(value) > 2000 or not URL_RE.fullmatch(value.strip()):
            return ck.error(path, f"{shorten(value)!r} is not an http(s) address")
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
            # Shown as text on source pages: no reordering (U+202E) or invisible characters.
            return ck.error(path, f"{shorten(value)!r} contains invisible or control characters; remove them")
        problem = url_authority_problem(value.strip())
        if problem:
            return ck.error(path, f"{shorten(value)!r} {problem}")
        return value.strip()

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": URL_RE.pattern, "maxLength": 2000}


@dataclass(frozen=True)
class LangCode(FieldType):
    """A BCP 47 language tag such as ``fa``, ``ur``, ``ar``, ``tr``, ``en``."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not LANG_RE.fullmatch(value):
            return ck.error(path, f"{_describe(value)} is not a language code (e.g. fa, ur, ar, tr, en)")
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "string", "pattern": LANG_RE.pattern}


@dataclass(frozen=True)
class Bool(FieldType):
    """Only ``true`` or ``false`` (YAML's ``yes``/``no``/``on``/``off`` are refused)."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, bool):
            return ck.error(path, f"expected true or false, got {_describe(value)}")
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class Int(FieldType):
    """A whole number written in plain decimal (no ``1_000``, ``0755``, ``1e3``)."""

    minimum: int = 0
    maximum: int = 1_000_000

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not re.fullmatch(r"-?(0|[1-9][0-9]{0,8})", value):
            return ck.error(path, f"expected a whole number written in plain digits, got {_describe(value)}")
        number = int(value)
        if not self.minimum <= number <= self.maximum:
            return ck.error(path, f"{number} is out of range ({self.minimum}-{self.maximum})")
        return number

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True)
class Enum(FieldType):
    """One value from a fixed list."""

    values: tuple[str, ...] = ()

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if value not in self.values or not isinstance(value, str):
            shown = _describe(value)
            hint = suggest(value, self.values) if isinstance(value, str) else ""
            return ck.error(path, f"{shown} is not one of: {', '.join(self.values)}{hint}")
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass(frozen=True)
class VocabEnum(FieldType):
    """One value from a list of the dossier's vocabulary (``statuses``, ``actor_types``, ...)."""

    list_name: str = ""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        values = ck.vocab.values(self.list_name)
        if not isinstance(value, str) or value not in values:
            hint = suggest(value, values) if isinstance(value, str) else ""
            where = self.list_name.replace("_", " ")
            return ck.error(path, f"{_describe(value)} is not one of the dossier's {where}: {', '.join(values)}{hint}")
        return value

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        if vocab is None:
            return {"type": "string"}
        return {"type": "string", "enum": list(vocab.values(self.list_name))}


@dataclass(frozen=True)
class Date(FieldType):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or ``{value: ..., approximate: true}``."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        approximate = False
        if isinstance(value, dict):
            extra = sorted(set(value) - {"value", "approximate"})
            if extra:
                return ck.error(path + (extra[0],), f"unknown date field{suggest(extra[0], ['value', 'approximate'])}")
            approx = value.get("approximate", False)
            if not isinstance(approx, bool):
                return ck.error(path + ("approximate",), f"expected true or false, got {_describe(approx)}")
            approximate = approx
            if "value" not in value:
                return ck.error(path, "a date mapping needs 'value'")
            value = value["value"]
        if not isinstance(value, str):
            return ck.error(path, f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {_describe(value)}")
        if not value.isascii():
            # Python's \d also matches Arabic-Indic and full-width digits; the
            # published schema (and every other tool) means 0-9 only.
            return ck.error(path, f"{_describe(value)} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD "
                                  f"with the digits 0-9{explain_chars(value)}")
        try:
            return parse_date(value, approximate)
        except DateError as exc:
            return ck.error(path, str(exc))

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        text = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
        year = {"type": "integer", "minimum": 1, "maximum": 2999}
        return {
            "oneOf": [
                text,
                year,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["value"],
                    "properties": {"value": {"oneOf": [text, year]}, "approximate": {"type": "boolean"}},
                },
            ]
        }


@dataclass(frozen=True)
class ListOf(FieldType):
    """A list of items of one type (a single item is *not* promoted to a list)."""

    item: FieldType
    min_items: int = 0
    max_items: int = 500
    unique: bool = True

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, list):
            return ck.error(path, f"expected a list (one '- item' per line), got {_describe(value)}")
        if len(value) < self.min_items:
            return ck.error(path, f"needs at least {self.min_items} item(s)")
        if len(value) > self.max_items:
            return ck.error(path, f"has {len(value)} items; the limit is {self.max_items}")
        out, seen, ok = [], set(), True
        for i, item in enumerate(value):
            checked = self.item.check(item, path + (i,), ck)
            if checked is INVALID:
                ok = False
                continue
            if self.unique and not isinstance(checked, (dict, list)):
                if checked in seen:
                    listed_twice(ck, path + (i,), checked)
                    ok = False
                seen.add(checked)
            out.append(checked)
        return out if ok else INVALID

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(vocab), "maxItems": self.max_items}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique and isinstance(self.item, (Slug, Text)):
            schema["uniqueItems"] = True
        return schema


def listed_twice(ck: Checker, path: KeyPath, checked: Any) -> None:
    """Record that the item at ``path`` of a list of unique items repeats an earlier one."""
    ck.error(path, f"{getattr(checked, 'source', checked)!r} is listed twice")


@dataclass(frozen=True)
class Field:
    """A named member of a mapping, with its type and documentation."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    editorial: bool = False  # for editors only: never on a page, in search, the PDF or a reader's export


@dataclass(frozen=True)
class Obj(FieldType):
    """A mapping with known fields; unknown fields are errors with a suggestion."""

    fields: tuple[Field, ...]
    # What to check for each set of keys met so far (see _plan): entries of a kind mostly share one.
    _plans: dict = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def names(self) -> frozenset[str]:
        """The names of its fields."""
        return frozenset(f.name for f in self.fields)

    def _plan(self, value: dict) -> tuple[tuple[str, ...], tuple[Field, ...]]:
        """The unknown keys of ``value``, and the fields to check in it, in the schema's order:
        those it has and those it must have."""
        keys = tuple(value)
        plan = self._plans.get(keys)
        if plan is None:
            known = self.names
            plan = (tuple(k for k in keys if k not in known),
                    tuple(f for f in self.fields if f.required or f.name in value))
            if len(self._plans) < 1024 and sum(map(len, keys)) <= 2048:  # bounded, whatever documents it is given
                self._plans[keys] = plan
        return plan

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, dict):
            return ck.error(path, f"expected a mapping of fields, got {_describe(value)}")
        unknown, checked_fields = self._plan(value)
        out: dict[str, Any] = {}
        ok = not unknown
        for key in unknown:
            ck.error(path + (key,), f"unknown field{suggest(key, [f.name for f in self.fields])}")
        for f in checked_fields:
            raw = value.get(f.name)
            if raw is None:
                if f.required:
                    where = path + (f.name,) if f.name in value else path
                    ck.error(where, f"missing required field {f.name!r}" if where == path else "is empty")
                    ok = False
                continue
            checked = f.type.check(raw, path + (f.name,), ck)
            if checked is INVALID:
                ok = False
            else:
                out[f.name] = checked
        return out if ok else INVALID

    def json_schema(self, vocab: Any = None) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            props[f.name] = {**f.type.json_schema(vocab), "description": f.description}
        schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": props}
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema
