"""The entry reader's line-by-line path (``loading/_yaml_lines.c``) against the reference reader.

Most entries are read without libyaml, line by line.  Whatever that reader
accepts must come out exactly as the reference reader (``_parse_events``)
makes it: values, positions and text lines, in the same order.  Whatever it
does not accept goes to libyaml's events (``tests/test_yaml_builder.py``).
Compared here on the shipped project, on documents written to take this
path (and to leave it), and on thousands of generated documents shaped like
entries, some of them broken on purpose.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from dossierkit.errors import DossierError
from dossierkit.loading.yaml_loader import _parse_events

REPO = Path(__file__).resolve().parents[1]

try:
    from dossierkit.loading._yaml_builder import parse as build_in_c, read_lines
except ImportError:  # an install without a C compiler or libyaml's headers
    build_in_c = read_lines = None

pytestmark = pytest.mark.skipif(
    read_lines is None and os.environ.get("CI") != "true",
    reason="the C builder is not built here (no C compiler or no libyaml headers: Debian's libyaml-dev)")


def reference(text: str):
    try:
        doc = _parse_events(text, "x.yml")
    except DossierError as exc:
        return exc
    return doc.data, doc.positions, doc.text_lines


def check(text: str) -> bool:
    """Whether the line reader took ``text``; either way, what parse() gives is the reference's."""
    raw = text.encode("utf-8", "surrogatepass")
    expected = reference(text)
    found = read_lines(raw)
    if found is not None:
        assert not isinstance(expected, DossierError), (text, expected)
        assert found == expected, text
        assert [list(d) for d in found] == [list(d) for d in expected], text  # the same order
    parsed = build_in_c(raw)
    if isinstance(expected, DossierError):
        assert parsed is None, text
    elif parsed is not None:
        assert parsed == expected and [list(d) for d in parsed] == [list(d) for d in expected], text
    return found is not None


def test_most_entries_of_the_shipped_dossier_are_read_line_by_line():
    files = sorted((REPO / "dossier").rglob("*.yml"))
    taken = sum(check(path.read_text(encoding="utf-8")) for path in files)
    assert taken >= 0.7 * len(files) > 200


ENTRY = """\
id: land-a
name: "Land A: the \u00e9t\u00e9 one"
summary: A land, with a dash - and a colon:in it.
# a comment
tags: [alpha, beta gamma, x.y/z]
empty:
nothing: ~
yes: true
no: False
sources:
  - src-one
  - source: src-two   
    quote: 'Words on the page'
    locator: paragraph 3
relations:
- type: member_of
  target: org-b
  note: "# not a comment"
body: |
  First line with [[org-b]].

    Indented more, and a # sign.
  Tab\there.


positions:
  - target: org-b
    sources:
      - source: src-one
        quote: |-
          Kept without the last line feed.
    date: 2025-09
deep:
  a:
    b:
      c: [1, 2]
"""


@pytest.mark.parametrize("text", [
    ENTRY, "a: 1\n", "a: []\n", "a: ''\nb: \"\"\n", "a:\n  b:\n    c: d\n", "a:\n- 1\n- 2\nb: 3\n",
    "a:\n    - x: 1\n      y: 2\n    - z\n", "k: |\n  one\n\n  two\n\n\nnext: 1\n", "k: |-\n  one\n  two\n",
    "# top\n\na: 1\n  # indented comment\nb: 2\n", "a: https://example.org/a?b=c:d\n",
    "a: \u0627\u0644\u0646\u0627\u062a\u0648 \u0646\u0638\u0627\u0645\u06cc\n", "a:   spaced   out   \n",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 11)) + "  " * 11 + "v: 1\n",  # 12 deep
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 12)),  # a null 12 deep
    "k" * 1000 + ": v\n", "k: |\n  x\ty\n",
])
def test_documents_written_like_entries_are_read_line_by_line(text):
    assert check(text)


@pytest.mark.parametrize("text", [
    "a: 1", "a: 1\r\n", "a:\tb\n", "\ta: 1\n", "a: b # c\n", "a: b: c\n", "a: b:\n", "a: \"x\\\"y\"\n",
    "a: 'it''s'\n", "k: |+\n  keep\n\n", "k: >\n  folded\n", "k: |2\n  x\n", "k: | # c\n  x\n",
    "a: line\n  continued\n", "a: {b: 1}\n", "a: &x 1\n", "a: *x\n", "a: !t 1\n", "---\na: 1\n",
    "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "a: 1\na: 2\n", " a: 1\n", "- 1\n", "a:\n- - 1\n", "a:\n-\n  x\n",
    "a:\n- |\n  x\n", "'a': 1\n", "a b: 1\n", "a: [b, [c]]\n", "a: [b,]\n", "a: [ ]\n", "a: [-b]\n",
    "a: x\u2028y\n", "a: x\u0085y\n", "a: \ufeffx\n", "a: \x7f\n", "a: -1\n", "a: @x\n", "k: |\n  \n  x\n",
    "k: |\n  x\n   \n", "k: |\n  \tx\n", "k: |\n  \t\n", "k: |\n  x\n  \ty\n", "k" * 1025 + ": v\n",
    "a: 1\n" + "k" * 1025 + ": v\n", "a:\n- " + "k" * 1025 + ": v\n", "a:\n  b: 1\n c: 2\n", "a:\n  - x\n  y: 1\n", "k: |\n    x\n  y\n", "",
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 12)) + "  " * 12 + "v: 1\n",  # 13 deep
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 13)),  # a null 13 deep
])
def test_what_the_line_reader_does_not_read_goes_to_libyaml(text):
    assert not check(text)


_WORDS = ["land", "null", "Null", "~", "true", "FALSE", "yes", "no", "0755", "2025-09-17", "3:25", "a:b", "x-y",
          "http://e.org/a", "caf\u00e9", "\u062f\u0641\u0627\u0639", "a b", "1_000", "x.y/z"]
_TRICKY = ["http://e.org/a#b", "-x", "@x", "'q'", "\"q\"", "a #b", "a: b", "[x]", "{y}", "|", ">", "*a", "&a", "!t",
           "%", "`", "x,y", "?", ":", "-", "\u200b", "a\tb", "\u2028"]
_CHARS = "ab xyz:#-[]{},|>\u00e9\u0627"
_TRICKY_CHARS = "'\"\\\t\r\u0085"


def _word(rng: random.Random) -> str:
    return rng.choice(_TRICKY if rng.random() < 0.08 else _WORDS)


def _scalar(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
    text = "".join(rng.choice(_TRICKY_CHARS if rng.random() < 0.03 else _CHARS) for _ in range(rng.randint(0, 8)))
    return f'"{text}"' if kind < 0.8 else f"'{text}'"


def _block(rng: random.Random, indent: int, depth: int) -> list[str]:
    """Lines of a mapping at ``indent``, shaped like an entry's, with now and then a slip."""
    lines: list[str] = []
    pad = " " * indent
    for key in rng.sample(["id", "name", "a", "b_c", "d-e", "sources", "body", "k9"], rng.randint(1, 4)):
        roll = rng.random()
        if rng.random() < 0.1:
            lines.append(" " * rng.randint(0, 6) + "# " + _word(rng))
        if rng.random() < 0.1:
            lines.append("")
        if roll < 0.35 or depth > 3:
            lines.append(f"{pad}{key}: {_scalar(rng)}" + " " * rng.randint(0, 2) * (rng.random() < 0.2))
        elif roll < 0.45:
            lines.append(f"{pad}{key}: [{', '.join(_word(rng) for _ in range(rng.randint(0, 3)))}]")
        elif roll < 0.6:
            lines.append(f"{pad}{key}: |" + rng.choice(["", "", "", "-", "-", "+", "2", " "]))
            step = rng.choice([2, 2, 4, 0])
            for _ in range(rng.randint(0, 4)):
                lines.append(rng.choice(["", " " * (indent + step) + _scalar(rng),
                                         " " * (indent + step + 2) + _word(rng), " " * (indent + step)]))
        elif roll < 0.75:
            lines.append(f"{pad}{key}:")
            lines.extend(_block(rng, indent + rng.choice([2, 2, 4, 1]), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            dash = indent + rng.choice([0, 2, 2, 4])
            for _ in range(rng.randint(0, 3)):
                if rng.random() < 0.5:
                    lines.append(" " * dash + "- " + _scalar(rng))
                else:
                    item = _block(rng, dash + 2, depth + 1)
                    if item:
                        item[0] = " " * dash + "- " + item[0][dash + 2:] if item[0].startswith(" " * (dash + 2)) \
                            else " " * dash + "- " + item[0].lstrip()
                    lines.extend(item)
    return lines


def _slip(rng: random.Random, text: str) -> str:
    """``text`` with one character changed for a tab, a space, a colon, a dash or a line feed."""
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + rng.choice(["\t", " ", ":", "- ", "\n", "", "#", "\r"]) + text[i + 1:]


@pytest.mark.parametrize("seed", range(8))
def test_generated_entries_agree_with_the_reference(seed):
    rng = random.Random(seed)
    taken = total = 0
    for _ in range(600):
        text = "\n".join(_block(rng, 0, 0)) + "\n"
        if rng.random() < 0.3:
            text = _slip(rng, text)
        taken += check(text)
        total += 1
    assert taken > total // 5  # the line reader took a good share of them, so they test it
