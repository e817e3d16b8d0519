"""Read a vocabulary file (the built-in preset, or a dossier's ``vocabulary.yml``).

The file is checked like an entry: strict YAML, known fields only, located
messages with "did you mean" suggestions.  A dossier's file is merged over
the preset: a list in the file *extends* the preset's list (a value given
again redefines it in place), unless ``replace`` names the list (or is
``all``), in which case the file's list is used alone.  Checks that need the
merged result (duplicate labels, a status in an unknown group, a relation
type the format relies on) come after the merge and point at the file.
"""

from __future__ import annotations

import re
from dataclasses import fields as dc_fields
from importlib import resources
from pathlib import Path
from typing import Any

from dossierkit.errors import DossierError, Problem, ProblemSink
from dossierkit.loading.yaml_loader import YamlDocument, parse_yaml, read_yaml_file
from dossierkit.schema.types import INVALID, Bool, Checker, Enum, Field, Int, ListOf, Obj, FieldType, Text, suggest
from dossierkit.schema.vocabulary import (
    LINE_STYLES, LISTS, PALETTE, TERM_LISTS, Affiliation, Confidence, CountSeries, LifecycleGroup, PositionValue, RelationType,
    Status, Term, Vocabulary,
)

VOCABULARY_FILE = "vocabulary.yml"
PRESET_NAME = "dossierkit/schema/preset.yml"
VALUE_RE = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
KIND_NAMES = ("actor", "organisation", "obstacle", "event", "term", "source")
# Relation types that fields of the format stand for: organisations'
# `memberships` declare member_of, obstacles' `affects` declare affects.
REQUIRED_RELATIONS = {"member_of": "organisations' `memberships`", "affects": "obstacles' `affects`"}


class VocabValue(FieldType):
    """A value written in entries: lowercase words joined by single hyphens or underscores."""

    def check(self, value: Any, path, ck: Checker) -> Any:
        if not isinstance(value, str) or not VALUE_RE.fullmatch(value) or len(value) > 40:
            return ck.error(path, f"{value!r} is not a valid value: use lowercase a-z and 0-9, words joined by - or _")
        return value

    def json_schema(self, vocab=None) -> dict[str, Any]:
        return {"type": "string", "pattern": VALUE_RE.pattern, "maxLength": 40}


class Label(Text):
    """A label readers see: letters, digits, spaces and ``- ' ’ ( ) , . / :`` only.

    Labels land in HTML, Markdown, tables, attributes and the PDF: keeping them
    to plain words means no place can read them as markup.
    """

    def check(self, value: Any, path, ck: Checker) -> Any:
        value = super().check(value, path, ck)
        if value is not INVALID and not LABEL_RE.fullmatch(value):
            bad = next(c for c in value if not LABEL_RE.fullmatch("a" + c))
            return ck.error(path, f"{value!r}: labels are plain words; {bad!r} is not allowed")
        return value


LABEL_RE = re.compile(r"[^\W_][^\W_\s]*(?:[ \-'’(),./:]+[^\W_]*)*[.)]?")
LABEL = Label(max_length=80)
DEFINITION = Text(max_length=500)
COLOUR = Enum(PALETTE)
LINE = Enum(LINE_STYLES)
_TERM = (Field("value", VocabValue(), "The value entries write.", required=True),
         Field("label", LABEL, "What readers see.", required=True),
         Field("definition", DEFINITION, "What it means, for the legend and the format guide.", required=True))

ITEM_SCHEMAS: dict[str, Obj] = {
    "lifecycle_groups": Obj(_TERM + (
        Field("qualifier", LABEL, "Added to the heading of relations in this group, e.g. 'proposed, not agreed'."),
        Field("colour", COLOUR, "Colour of its badges and graph lines.", required=True),
        Field("line", LINE, "Line style of its graph lines (and badge borders).", required=True),
        Field("recheck_months", Int(minimum=1, maximum=600),
              "Months after which entries with a status in this group are due a new check (leave out: never)."),
    )),
    "statuses": Obj(_TERM + (
        Field("group", VocabValue(), "The lifecycle group (a value of lifecycle_groups).", required=True),
        Field("colour", COLOUR, "Colour of its badge (default: its group's)."),
        Field("planned", Bool(), "true for statuses of things still to come: only these may carry a future date."),
        Field("recheck_months", Int(minimum=1, maximum=600), "Months until a new check is due (default: its group's)."),
    )),
    "confidence": Obj(_TERM + (
        Field("colour", COLOUR, "Colour of its badge.", required=True),
        Field("line", LINE, "Border style of its badge.", required=True),
        Field("corroborated", Bool(), "true when this level needs a primary source or two independent ones."),
    )),
    "affiliations": Obj(_TERM + (
        Field("weak", Bool(), "true for voices that never count towards corroboration (unverified outlets, aggregators)."),
        Field("voice", Bool(), "true for voices of a state or body (governments, state media, parties): name it in voice_of."),
    )),
    **{name: Obj(_TERM) for name in TERM_LISTS},
    "relation_types": Obj(_TERM + (
        Field("inverse_label", LABEL, "The label seen from the target's side (required unless symmetric)."),
        Field("from", ListOf(Enum(KIND_NAMES), min_items=1), "Kinds of entry that may declare it.", required=True),
        Field("to", ListOf(Enum(KIND_NAMES), min_items=1), "Kinds of entry it may point to.", required=True),
        Field("symmetric", Bool(), "true when it reads the same both ways (rival of)."),
        Field("acyclic", Bool(), "true when it may not loop back (part of)."),
        Field("negative", Bool(), "true when it says something is not so (not a member of, opposes)."),
        Field("heading", LABEL, "Heading on the declaring entry's page (default: the label)."),
        Field("inverse_heading", LABEL, "Heading on the target's page (default: the inverse label)."),
        Field("line", LINE, "Graph line style of relations without a status (default: solid)."),
        Field("split_by_status", Bool(), "false to list every relation of this type under one heading, "
                                         "whatever its status (default: true: proposed apart from agreed)."),
    )),
    "count_series": Obj(_TERM + (
        Field("unit", LABEL, "What is counted, e.g. 'ratifications'.", required=True),
        Field("threshold", Int(minimum=1, maximum=1_000_000), "A count that matters, e.g. 60 to enter into force."),
        Field("threshold_label", LABEL, "What reaching the threshold means, e.g. 'needed to enter into force'."),
    )),
    "positions": Obj(_TERM + (
        Field("colour", COLOUR, "Colour of its badge and of its cells in the stance matrix.", required=True),
        Field("timeline", Bool(), "true to put every position with this value on the timeline "
                                  "(a position's own `timeline` decides first)."),
    )),
}
POSITION_TARGETS = Field("position_targets", ListOf(Enum(KIND_NAMES), min_items=1),
                         "The kinds of entry a position may be about (default: organisation, obstacle).")

FILE_SCHEMA = Obj((
    Field("replace", ListOf(Enum(("all",) + LISTS)),
          "Lists this file replaces instead of extending (or [all])."),
    *(Field(name, ListOf(schema, unique=False), f"The {name.replace('_', ' ')}.") for name, schema in ITEM_SCHEMAS.items()),
    POSITION_TARGETS,
))

_CLASSES = {"lifecycle_groups": LifecycleGroup, "statuses": Status, "confidence": Confidence,
            "affiliations": Affiliation, "relation_types": RelationType, "count_series": CountSeries,
            "positions": PositionValue}
_RENAMED = {"from": "subjects", "to": "objects"}


def _make(name: str, item: dict[str, Any], rank: int) -> Term:
    cls = _CLASSES.get(name, Term)
    allowed = {f.name for f in dc_fields(cls)}
    values = {_RENAMED.get(k, k): (tuple(v) if isinstance(v, list) else v) for k, v in item.items()}
    if cls is LifecycleGroup:
        values["rank"] = rank
    return cls(**{k: v for k, v in values.items() if k in allowed})


class _Read:
    """One checked file: its valid items per list, and the lists it replaces.

    Items are checked one by one, so that one mistake leaves the file's
    other values in use (and entries that use them are not reported too).
    """

    def __init__(self, doc: YamlDocument, sink: ProblemSink):
        self.doc, self.sink = doc, sink
        ck = Checker(doc, sink)
        known = {f.name: f for f in FILE_SCHEMA.fields}
        for key in doc.data:
            if key not in known:
                ck.error((key,), f"unknown list{suggest(key, known)}; a vocabulary file has: {', '.join(known)}")
        replace = known["replace"].type.check(doc.data["replace"], ("replace",), ck) if "replace" in doc.data else []
        replace = [] if replace is INVALID else replace
        self.replace = set(LISTS) if "all" in replace else set(replace)
        targets = POSITION_TARGETS.type.check(doc.data[POSITION_TARGETS.name], (POSITION_TARGETS.name,), ck) \
            if doc.data.get(POSITION_TARGETS.name) is not None else None
        self.position_targets = None if targets is INVALID else targets
        self.data: dict[str, list[dict[str, Any]]] = {}
        self.paths: dict[str, list[tuple]] = {}
        for name in LISTS:
            raw = doc.data.get(name)
            if raw is None:
                continue
            if not isinstance(raw, list):
                ck.error((name,), "expected a list (one '- item' per entry)")
                continue
            seen: dict[str, int] = {}
            items, paths = [], []
            for i, raw_item in enumerate(raw):
                item = ITEM_SCHEMAS[name].check(raw_item, (name, i), ck)
                if item is INVALID:
                    continue
                if item["value"] in seen:
                    ck.error((name, i, "value"), f"{item['value']!r} is listed twice (first as item {seen[item['value']] + 1})")
                    continue
                seen[item["value"]] = i
                items.append(item)
                paths.append((name, i))
            self.data[name], self.paths[name] = items, paths


def _merge(preset: _Read, own: _Read | None) -> tuple[dict[str, list[tuple[dict, tuple, _Read]]], Vocabulary]:
    merged: dict[str, list[tuple[dict, tuple, _Read]]] = {}
    for name in LISTS:
        items = [] if own and name in own.replace else \
            list(zip(preset.data.get(name, []), preset.paths.get(name, []), [preset] * len(preset.data.get(name, []))))
        if own:
            for item, path in zip(own.data.get(name, []), own.paths.get(name, [])):
                at = next((k for k, (old, _, _) in enumerate(items) if old["value"] == item["value"]), None)
                if at is None:
                    items.append((item, path, own))
                else:
                    items[at] = (item, path, own)
        merged[name] = items
    targets = (own.position_targets if own and own.position_targets else None) or preset.position_targets
    vocab = Vocabulary(**{name: tuple(_make(name, item, rank) for rank, (item, _, _) in enumerate(items))
                          for name, items in merged.items()}, position_targets=tuple(targets or ()))
    return merged, vocab


def _cross_checks(merged: dict[str, list[tuple[dict, tuple, _Read]]], own: _Read | None) -> None:
    """Rules on the merged lists; problems go to the file that wrote the item (or to ``own``)."""
    groups = [item["value"] for item, _, _ in merged["lifecycle_groups"]]
    for name, items in merged.items():
        labels: dict[str, dict] = {}
        for item, path, origin in items:
            ck = Checker(origin.doc, origin.sink)
            key = item["label"].casefold()
            if key in labels:
                ck.error(path + ("label",), f"label {item['label']!r} is already used by {labels[key]['value']!r}; "
                                            "readers could not tell them apart")
            labels.setdefault(key, item)
            if name == "statuses" and item["group"] not in groups:
                ck.error(path + ("group",), f"unknown lifecycle group {item['group']!r}{suggest(item['group'], groups)}"
                                            f" (groups: {', '.join(groups)})")
            if name == "relation_types" and not item.get("symmetric") and not item.get("inverse_label"):
                ck.error(path, "needs 'inverse_label' (or 'symmetric: true')")
    where = own if own is not None else None
    if where is not None:
        values = {item["value"] for item, _, _ in merged["relation_types"]}
        for value, user in REQUIRED_RELATIONS.items():
            if value not in values:
                where.sink.error(where.doc.pos(("relation_types",)),
                                 f"relation type {value!r} is missing: {user} declare it")
        for name in ("statuses", "confidence"):
            if not merged[name]:
                where.sink.error(where.doc.pos((name,)), f"{name}: needs at least one value")


def preset_document() -> YamlDocument:
    """The built-in vocabulary file, parsed."""
    text = resources.files("dossierkit").joinpath("schema", "preset.yml").read_text(encoding="utf-8")
    return parse_yaml(text, PRESET_NAME)


_PRESET: Vocabulary | None = None


def preset() -> Vocabulary:
    """The built-in vocabulary (read once)."""
    global _PRESET
    if _PRESET is None:
        _PRESET = read_vocabulary(None, "")[0]
    return _PRESET


def read_vocabulary(path: Path | None, display: str) -> tuple[Vocabulary, list[Problem]]:
    """The preset merged with the file at ``path`` (None: the preset alone), and every problem found.

    Never raises for mistakes in the file: invalid items are left out and
    reported, so that entries are still checked against what is valid.
    """
    sink = ProblemSink(PRESET_NAME)
    base = _Read(preset_document(), sink)
    if sink.problems:  # pragma: no cover - the preset is checked by the tests
        raise DossierError(sink.problems)
    own = None
    problems: list[Problem] = []
    if path is not None:
        own_sink = ProblemSink(display)
        try:
            own = _Read(read_yaml_file(path, display), own_sink)
        except DossierError as exc:
            problems.extend(exc.problems)
        else:
            merged, vocab = _merge(base, own)
            _cross_checks(merged, own)
            problems.extend(own_sink.problems)
            return vocab, problems
    merged, vocab = _merge(base, None)
    _cross_checks(merged, None)
    return vocab, problems
