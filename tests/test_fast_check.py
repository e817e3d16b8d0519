"""An entry's schema check in C (``schema/_fast_check.c``) against the field types in Python.

``check_entry_data`` must give exactly what ``schema.check(data, (), ck)``
gives: the same value (same order of fields), the same problems and the same
references, in the same order.  Compared here on every entry of the shipped
dossier, the hostile corpus, a generated dossier and entries changed at
random; and the fast path is shown to be taken, so that a module that always
handed back to Python would fail.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierkit.errors import DossierError, ProblemSink
from dossierkit.loading.yaml_loader import parse_yaml
from dossierkit.schema import fast_check
from dossierkit.schema.fast_check import check_entry_data, compile_plan
from dossierkit.schema.kinds import KINDS_BY_FOLDER
from dossierkit.schema.types import Checker, Text
from dossierkit.schema.vocabulary_file import read_vocabulary

REPO = Path(__file__).resolve().parents[1]
VOCAB = read_vocabulary(REPO / "dossier" / "vocabulary.yml", "dossier/vocabulary.yml")[0]

pytestmark = pytest.mark.skipif(
    fast_check._fast_check is None and os.environ.get("CI") != "true",
    reason="the C schema check is not built here (no C compiler)")


def both(kind, doc, vocab=VOCAB) -> tuple:
    """The reference's and the fast path's (value, problems, references) for ``doc``."""
    found = []
    for check in (lambda ck: kind.schema.check(doc.data, (), ck), lambda ck: check_entry_data(kind.schema, doc.data, ck)):
        ck = Checker(doc, ProblemSink(doc.path), vocab)
        value = check(ck)
        found.append((value, ck.sink.problems, ck.references))
    return found[0], found[1]


def assert_same(kind, doc, vocab=VOCAB) -> None:
    expected, got = both(kind, doc, vocab)
    assert got[1] == expected[1], doc.path
    assert got[2] == expected[2], doc.path
    assert got[0] == expected[0], doc.path
    assert repr(got[0]) == repr(expected[0]), doc.path  # the same order of fields, the same types


def documents(folder: Path):
    for path in sorted(folder.glob("*/*.yml")):
        kind = KINDS_BY_FOLDER.get(path.parent.name)
        if kind is not None:
            yield kind, parse_yaml(path.read_text(encoding="utf-8"), path.name)


def test_the_c_check_is_built_under_ci():
    """CI has a compiler: a build that silently fell back to Python fails here."""
    assert fast_check._fast_check is not None, "dossierkit.schema._fast_check was not built (see pyproject.toml)"


def test_every_entry_of_the_shipped_dossier_checks_the_same():
    count = 0
    for kind, doc in documents(REPO / "dossier"):
        assert_same(kind, doc)
        count += 1
    assert count > 300


def test_a_generated_dossier_checks_the_same(tmp_path):
    from dossierkit.devtools.synth import write_synthetic

    write_synthetic(tmp_path / "p", 600, seed=5)
    file = tmp_path / "p" / "dossier" / "vocabulary.yml"
    vocab = read_vocabulary(file if file.exists() else None, "vocabulary.yml")[0]
    count = sum(1 for kind, doc in documents(tmp_path / "p" / "dossier") if assert_same(kind, doc, vocab) is None)
    assert count == 600


def _hostile_files():
    sys.path.insert(0, str(REPO / "tests" / "hostile"))
    try:
        from corpus import CASES, HOSTILE_FILES
        from corpus_round2 import CASES_ROUND2, ROUND2_FILES
    finally:
        sys.path.remove(str(REPO / "tests" / "hostile"))
    for files in (*(case.files for case in (*CASES, *CASES_ROUND2)), HOSTILE_FILES, ROUND2_FILES):
        for name, content in files.items():
            parts = str(name).split("/")
            if len(parts) != 3 or parts[0] != "dossier" or parts[1] not in KINDS_BY_FOLDER:
                continue
            if isinstance(content, bytes):
                try:
                    content = content.decode("utf-8")
                except UnicodeDecodeError:
                    continue
            if isinstance(content, str):
                yield KINDS_BY_FOLDER[parts[1]], name, content


def test_the_hostile_corpus_checks_the_same():
    checked = 0
    for kind, name, content in _hostile_files():
        try:
            doc = parse_yaml(content, name)
        except DossierError:
            continue  # refused before any schema sees it
        assert_same(kind, doc)
        checked += 1
    assert checked > 80


class _Counting:
    """Counts the calls of the field types' own ``check`` (the reference) while it is installed."""

    def __init__(self, monkeypatch):
        import dossierkit.schema.types as types

        self.calls = 0
        for cls in (types.Text, types.Slug, types.Ref, types.Obj, types.ListOf, types.VocabEnum, types.Bool):
            original = cls.check

            def counted(field_type, value, path, ck, original=original):
                self.calls += 1
                return original(field_type, value, path, ck)

            monkeypatch.setattr(cls, "check", counted)


def test_an_ordinary_entry_is_checked_without_the_python_field_types(monkeypatch):
    doc = parse_yaml("id: land-a\nname: Land A\ntype: state\nsummary: A land.\ntags: [a, b]\n"
                     "sources:\n  - src-a\n  - source: src-b\n    quote: \"Words on the page.\"\n"
                     "relations:\n  - type: member_of\n    target: org-b\n"
                     "body: |\n  Text with [[org-b]].\n\n  More.\n", "land-a.yml")
    counting = _Counting(monkeypatch)
    ck = Checker(doc, ProblemSink("land-a.yml"), VOCAB)
    data = check_entry_data(KINDS_BY_FOLDER["actors"].schema, doc.data, ck)
    assert not ck.sink.problems and data["name"] == "Land A"
    assert [r.target for r in ck.references] == ["src-a", "src-b", "org-b"]
    assert counting.calls == 0


@pytest.mark.parametrize("field, value", [
    ("name", "Ir\u200ban"), ("name", "FILL-ME"), ("name", "  "), ("name", "[[land-b]]"), ("summary", "x" * 400),
    ("tags", ["a", "a"]), ("type", "planet"), ("sources", ["Src-A"]), ("name", "Caf\u00e9"),
])
def test_a_value_c_is_not_sure_of_goes_to_its_field_type(monkeypatch, field, value):
    data = {"id": "land-a", "name": "Land A", "type": "state", "summary": "A land.", "tags": ["a"], "sources": ["src-a"]}
    data[field] = value
    doc = parse_yaml("\n".join(f"{k}: x" for k in data) + "\n", "land-a.yml")
    doc.data = data
    assert_same(KINDS_BY_FOLDER["actors"], doc)
    counting = _Counting(monkeypatch)
    ck = Checker(doc, ProblemSink("x"), VOCAB)
    check_entry_data(KINDS_BY_FOLDER["actors"].schema, doc.data, ck)
    if field == "tags":  # a repeated item: C records it with the same words (types.listed_twice)
        assert counting.calls == 0 and [p.message for p in ck.sink.problems] == ["tags[1]: 'a' is listed twice"]
    else:
        assert counting.calls >= 1


def test_a_subclass_of_a_field_type_is_checked_by_its_own_check():
    class Shouting(Text):
        def check(self, value, path, ck):
            return value.upper()

    plan = compile_plan(Shouting(), VOCAB)
    assert plan[0] == fast_check._fast_check.PY
    assert compile_plan(Text(), VOCAB)[0] == fast_check._fast_check.TEXT


def test_the_plan_follows_the_vocabulary_it_is_checked_with():
    """A VocabEnum's values are compiled into the plan: a load with another vocabulary gets another plan."""
    doc = parse_yaml("id: land-a\nname: Land A\ntype: galaxy\n", "land-a.yml")
    kind = KINDS_BY_FOLDER["actors"]
    other = read_vocabulary(None, "")[0]
    assert_same(kind, doc)
    assert_same(kind, doc, other)
    assert_same(kind, doc)


# Values that trip one check or another, and ordinary ones.
_VALUES = st.sampled_from([
    None, True, False, "", " ", "x", "  padded  ", "FILL-ME", "a FILL-ME b", "[[land-b]]", "[land-b]", "caf\u00e9",
    "Ir\u200ban", "tab\there", "line\nbreak", "\u202eevil", "x" * 301, "x" * 2001, "land-b", "Land-B", "land--b",
    "-land", "land-", "a" * 65, "src-a", "2025", "2025-09", "2025-09-17", "2025-02-30", "\u0662\u0660\u0662\u0665",
    "https://example.org/a", "javascript:alert(1)", "state", "person", "member_of", "confirmed", "supports", "fa",
    "en", "12", "0755", [], ["src-a"], ["src-a", "src-a"], [{"source": "src-a"}], {"value": "2025", "approximate": True},
    {"source": "src-a", "quote": "Words.", "lang": "fa"}, {"source": "src-a", "quote": "W.", "translation": "T."},
    {"source": "src-a", "quote": "W.", "lang": "fa", "translation": "T.", "translated_by": "eds"},
    {"unknown": 1}, {"target": "org-b", "type": "member_of"},
])


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _shipped():
    return [(kind, doc) for kind, doc in documents(REPO / "dossier")]


_SHIPPED = _shipped()


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(_SHIPPED) - 1), st.integers(0, 10_000), _VALUES, st.booleans())
def test_entries_changed_at_random_check_the_same(which, where, value, delete):
    kind, doc = _SHIPPED[which]
    doc = copy.deepcopy(doc)
    paths = [p for p in _paths(doc.data) if p]
    path = paths[where % len(paths)]
    parent = doc.data
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    assert_same(kind, doc)
