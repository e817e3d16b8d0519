"""The entry reader's fast path in C (``loading/_yaml_builder.c``) against the reference reader.

The C builder must give exactly the values, positions and text lines of the
reference reader (``yaml_loader._parse_events``) for every document that the
reference accepts, and hand back (None) every document it refuses, so that
the reference words the problem.  Compared here on the hostile corpus, on
every YAML file of the shipped project and on generated documents.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossierkit.errors import DossierError
from dossierkit.loading import yaml_loader
from dossierkit.loading.yaml_loader import _parse_events, parse_yaml

REPO = Path(__file__).resolve().parents[1]

try:
    from dossierkit.loading._yaml_builder import parse as build_in_c
except ImportError:  # an install without a C compiler or libyaml's headers
    build_in_c = None

pytestmark = pytest.mark.skipif(
    build_in_c is None and os.environ.get("CI") != "true",
    reason="the C builder is not built here (no C compiler or no libyaml headers: Debian's libyaml-dev)")


def reference(text: str) -> tuple | DossierError:
    try:
        doc = _parse_events(text, "x.yml")
    except DossierError as exc:
        return exc
    return doc.data, doc.positions, doc.text_lines


def assert_same(text: str) -> tuple | None:
    """The C builder gives the reference's result, or None where the reference refuses the text."""
    found = build_in_c(text.encode("utf-8", "surrogatepass"))
    expected = reference(text)
    if isinstance(expected, DossierError):
        assert found is None, (text, found)
    elif found is not None:
        assert found == expected, text
        # Same order too: positions and text lines are walked in file order.
        assert [list(d) for d in found] == [list(d) for d in expected], text
    return found


def test_the_c_builder_is_built_under_ci():
    """CI installs libyaml-dev and a compiler: a build that silently fell back to Python fails here."""
    assert build_in_c is not None, "dossierkit.loading._yaml_builder was not built (see pyproject.toml)"
    assert yaml_loader._build_in_c is build_in_c, "yaml_loader does not use the C builder"


def test_every_yaml_file_of_the_shipped_project_takes_the_fast_path():
    files = sorted((REPO / "dossier").rglob("*.yml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yml"))
    assert len(files) > 100
    refused = []
    for path in files:
        if assert_same(path.read_text(encoding="utf-8")) is None and path.is_relative_to(REPO / "dossier"):
            refused.append(path.name)
    assert not refused, f"entries of the shipped dossier read in Python, not in C: {refused}"


def test_the_hostile_corpus_gives_the_same_values_or_the_reference_decides():
    import sys
    sys.path.insert(0, str(REPO / "tests" / "hostile"))
    try:
        from corpus import CASES, HOSTILE_FILES
        from corpus_round2 import CASES_ROUND2, ROUND2_FILES
    finally:
        sys.path.remove(str(REPO / "tests" / "hostile"))
    texts = 0
    for files in (*(case.files for case in (*CASES, *CASES_ROUND2)), HOSTILE_FILES, ROUND2_FILES):
        for name, content in files.items():
            if not str(name).endswith(".yml") or not isinstance(content, (str, bytes)):
                continue
            if isinstance(content, bytes):
                try:
                    content = content.decode("utf-8")
                except UnicodeDecodeError:
                    continue  # refused before any parser sees it
            assert_same(content)
            texts += 1
    assert texts > 100


@pytest.mark.parametrize("text", [
    "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a: ! 1\n", "!!map\na: 1\n", "a: !x [1]\n", "&a\na: 1\n",
    "a: 1\na: 2\n", "? [k]\n: v\n", "? {k: 1}\n: v\n", "&k a: 1\n", "!t a: 1\n",
    "", "# only a comment\n", "- 1\n", "just text\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n---\nb: 2\n",
    "a: [ ? ] ]\n", "x: [?]]\n",  # accepted by Debian's libyaml 0.2.5, not by PyYAML's: the C reader uses PyYAML's
    "a: [1\n", "a: 'x\n", "a: b: c\n", "a: \x01\n", "a: x\n b\nc d\n",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 12)) + "  " * 12 + "v: 1\n",  # a value 13 deep
])
def test_what_the_reference_refuses_goes_back_to_it(text):
    assert reference(text).__class__ is DossierError
    assert build_in_c(text.encode("utf-8")) is None
    with pytest.raises(DossierError) as fast:
        parse_yaml(text, "x.yml")
    assert fast.value.problems == reference(text).problems


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, 'q', \"r\"]\nc: |\n  y\n  z\nd:\n  - e: null\n    f: ~\n  - true\n  - ''\ng:\nh: >-\n  folded\n  text\n",
    "a: {b: [1, {c: d}], e: NULL}\n", "a: 'true'\nb: TRUE\nc: \"null\"\nd: False\ne: no\nf: 0755\n",
    "a:\n- 1\n- - 2\n  - 3\n", "'quoted key': 1\n\"null\": 2\ntrue: 3\n~: 4\n",
    "a: \"\\u00e9\\t\\x41\"\nb: 'it''s'\n", "a: caf\u00e9 \u0627\u0644\u0646\u0627\u062a\u0648\n\u00e9t\u00e9: x\n",
    "a: line\n  continued\n", "a: x # a comment\n# another\nb: y\n", "a: |+\n  keep\n\n\nb: 1\n",
    "a:\r\n  - x\r\n  - y\r\n", "a: 1\n...\n", "---\na: 1\n", "%YAML 1.1\n---\na: 1\n",
    "a:\tb\n", "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 11)) + "  " * 11 + "v: 1\n",  # 12 deep
])
def test_accepted_documents_are_built_the_same(text):
    assert not isinstance(reference(text), DossierError)
    assert assert_same(text) is not None


# Documents put together from YAML's pieces, good and bad, at random.
_PIECES = st.sampled_from([
    "a", "b", "id", "key", "- ", "  ", "    ", "\t", ": ", ":", "\n", "\r\n", "#c", "'", '"', "|", ">", "|-", ">+",
    "[", "]", "{", "}", ", ", "? ", "&x ", "*x", "!!str ", "!t ", "---\n", "...\n", "null", "~", "true", "False",
    "0755", "2025-09-17", "3:25", "\u00e9", "\u0627\u0644", "\u200b", "\x85", "\u2028", "\\", "\\n", "\ufeff", "%",
    "@", "`",
])


@settings(max_examples=1500, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_generated_documents_agree(text):
    assert_same(text)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.recursive(
    st.none() | st.booleans() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=6), inner, max_size=4),
    max_leaves=12), min_size=1, max_size=6))
def test_dumped_mappings_agree(data):
    import yaml

    for style in (None, "|", '"', "'"):
        text = yaml.safe_dump(data, allow_unicode=True, default_style=style, sort_keys=False)
        assert_same(text)


def test_documents_share_their_key_paths_and_positions():
    """One object per key path and per (line, column), whatever the document: what makes a large
    dossier's positions small in memory and quick to send between the two processes of a load."""
    a = build_in_c(b"id: a\nsources:\n  - src-one\n")
    b = build_in_c(b"id: b\nsources:\n  - src-two\n")
    assert [x is y for x, y in zip(a[1], b[1])] == [True, True, True]
    assert all(a[1][k] is b[1][k] for k in a[1])
    assert all(x is y for x, y in zip(a[0], b[0]))  # the mapping keys too


def test_past_the_bound_on_shared_objects_documents_are_still_built_the_same():
    # 70,000 key paths never seen before: more than the builder keeps (65,536).
    for n in range(100):
        text = "".join(f"k{n}x{i}: {i}\n" for i in range(700))
        assert assert_same(text) is not None


def test_the_c_reader_parses_with_pyyamls_own_libyaml():
    """Not a system libyaml, which can be another version that parses some documents otherwise."""
    import yaml._yaml

    from dossierkit.loading._yaml_builder import libyaml_version

    assert libyaml_version() == yaml._yaml.get_version_string()


def test_long_keys_are_not_kept_for_the_life_of_the_process():
    # (Whether a short key is kept depends on what earlier tests filled the table with: see above.)
    long = [build_in_c(f"{'k' * 65}: {n}\n".encode()) for n in range(2)]
    assert list(long[0][1])[0] is not list(long[1][1])[0]
    assert list(long[0][1]) == list(long[1][1])
