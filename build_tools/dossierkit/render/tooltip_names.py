"""Where a glossary term is part of a name, and must not get the term's tooltip.

"High Seas" is a term; "the High Seas Treaty" is a name that contains it,
and a tooltip defining the high seas there would mislead.  Three checks,
all on the words of a stretch of text (``tooltips._WORD_RE``):

- **known names**: the names of the dossier's actors, organisations,
  obstacles and terms, and their other names.  Where one starts, and is
  longer than the term found there, the whole name is skipped
  ("Islamic Military Counter Terrorism Coalition" holds the term "counter
  terrorism coalition");
- **capitalised runs**: a term of several words written with capitals,
  next to another capitalised word that does not start a sentence
  ("Strategic Mutual Defence Agreement", "High Seas Treaty");
- **quoted names**: a term inside quotation marks whose words are all
  capitalised, unless the term is the whole quotation (``"Islamic NATO"``
  is a name of its own; ``"Muslim NATO"`` is the term).
"""

from __future__ import annotations

import re
from typing import Sequence

from dossierkit.structure.dossier import Dossier

# Short words that may start a sentence or sit inside a name without making it one.
FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from",
                            "as", "its", "his", "her", "their", "this", "that", "these", "those", "al", "bin", "de"})
_QUOTES = re.compile(r"(?:&quot;|\"|“|«)(.{1,160}?)(?:&quot;|\"|”|»)")
_SENTENCE_END = re.compile(r"[.!?:;(\[—–]\s*$|^\s*$")


def _capital(word: str) -> bool:
    return word[:1].isupper()


Names = dict[str, dict[int, set[tuple[str, ...]]]]  # first word -> length in words -> names


def name_index(dossier: Dossier, word_re: re.Pattern) -> Names:
    """First word -> the known names (as word tuples, two words or more) that start with it, by length."""
    index: Names = {}
    for entry in dossier:
        if entry.kind.name in ("source", "event"):
            continue
        for name in [entry.label, *entry.data.get("aliases", ())]:
            words = tuple(word_re.findall(name))
            if len(words) > 1:
                index.setdefault(words[0], {}).setdefault(len(words), set()).add(words)
    return index


def longest_name(index: Names, words: Sequence[str], i: int) -> int:
    """The length in words of the longest known name starting at word ``i`` (0 for none).

    Names are looked up by length, longest first, so the cost does not grow
    with how many names share a first word (thousands, in a large dossier:
    "Minister of ...")."""
    by_length = index.get(words[i])
    if not by_length:
        return 0
    for n in sorted(by_length, reverse=True):
        if tuple(words[i:i + n]) in by_length[n]:
            return n
    return 0


def in_capitalised_run(text: str, spans: Sequence[tuple[int, int]], words: Sequence[str], i: int, n: int) -> bool:
    """Whether the ``n`` words from ``i`` (a term of several words) are written with capitals
    next to another capitalised word: part of a longer name."""
    if n < 2 or not all(_capital(w) or w.casefold() in FUNCTION_WORDS for w in words[i:i + n]):
        return False
    if i > 0:
        gap = text[spans[i - 1][1]:spans[i][0]]
        before = text[:spans[i - 1][0]]
        if gap == " " and _capital(words[i - 1]) and words[i - 1].casefold() not in FUNCTION_WORDS \
                and not _SENTENCE_END.search(before[-3:]):
            return True
    end = i + n
    if end < len(words):
        gap = text[spans[end - 1][1]:spans[end][0]]
        if gap in (" ", "-") and _capital(words[end]) and words[end].casefold() not in FUNCTION_WORDS:
            return True
    return False


def quoted_names(text: str, word_re: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of every quotation in ``text`` whose words are all capitalised (a name)."""
    found = []
    for m in _QUOTES.finditer(text):
        words = word_re.findall(m.group(1))
        if words and len(words) <= 8 and all(_capital(w) or w.casefold() in FUNCTION_WORDS for w in words) \
                and any(_capital(w) for w in words):
            found.append((m.start(1), m.end(1)))
    return found
