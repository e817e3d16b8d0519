"""Glossary tooltips: wrap terms and abbreviations in ``<abbr title=...>``.

Runs once per page on the rendered HTML.  Text inside code, links, headings,
existing ``abbr`` elements, quoted titles (``cite``), scripts, styles and SVG
is left alone.  Matching is linear in the page's length: each word is looked
up by its first token, never by trying every term at every position, so a
glossary of thousands of terms costs no more than one of twenty.

Only whole words match, and the longest term wins ("collective defence
agreement" before "collective defence").  Abbreviations and aliases match
case-sensitively ("OIC"); multi-word terms match case-insensitively
("collective defence" in a sentence).  A term that is part of a name gets
no tooltip (``tooltip_names``: "High Seas" in "the High Seas Treaty"), and
neither does a term on its own page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from dossierkit.render.glossary_page import glossary_items
from dossierkit.render.tooltip_names import in_capitalised_run, longest_name, name_index, quoted_names
from dossierkit.schema.kinds import GLOSSARY
from dossierkit.structure.dossier import Dossier

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
SKIP_ELEMENTS = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "h1", "h2", "h3",
                           "h4", "h5", "h6", "button", "select", "option", "textarea", "title", "dfn", "cite"})
_POSSESSIVE = ("'s", "’s")
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source", "track"})


@dataclass(frozen=True)
class _Term:
    title: str
    owner: str  # the id of the entry it defines


Index = dict[str, dict[int, dict[tuple[str, ...], _Term]]]  # first word -> length -> words -> term


class Glossary:
    """Every term of a dossier, indexed by first word for linear matching."""

    def __init__(self, dossier: Dossier):
        self.exact: Index = {}   # abbreviations, aliases and one-word terms: case-sensitive
        self.folded: Index = {}  # multi-word terms: case-insensitive
        for entry in glossary_items(dossier):
            d = entry.data
            if entry.kind.role != GLOSSARY:  # an abbreviation of another kind's entry (an organisation's initials)
                term = _Term(html.escape(f"{d['abbreviation']}: {entry.label}. {entry.summary}", quote=True), entry.id)
                forms = [(d["abbreviation"], True)]
            else:
                term = _Term(html.escape(f"{d['term']}: {d['definition']}", quote=True), entry.id)
                forms = [(d["term"], False)]
                if d.get("abbreviation"):
                    forms.append((d["abbreviation"], True))
                forms += [(alias, True) for alias in d.get("aliases", ())]
            for text, case_sensitive in forms:
                words = tuple(_WORD_RE.findall(text))
                if not words:
                    continue
                # A single word written in lower case is too common to mark case-insensitively.
                if case_sensitive or len(words) == 1:
                    index, key_words = self.exact, words
                else:
                    index, key_words = self.folded, tuple(w.casefold() for w in words)
                by_length = index.setdefault(key_words[0], {})
                by_length.setdefault(len(key_words), {}).setdefault(key_words, term)
        self.names = name_index(dossier, _WORD_RE)

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)

    @staticmethod
    def _lookup(index: Index, words: list[str], i: int) -> tuple[_Term, int] | None:
        by_length = index.get(words[i])
        if by_length is None:
            return None
        for n in sorted(by_length, reverse=True):
            term = by_length[n].get(tuple(words[i:i + n]))
            if term is not None:
                return term, n
        return None

    def mark_text(self, text: str, own: str | None = None) -> str:
        """Escaped ``text`` (no tags) with every glossary term wrapped in ``<abbr>``; the term
        that ``own`` (an entry id: the page's own entry) defines is left as it is."""
        return self._mark_text(text, own) if self and text.strip() else text

    def _find(self, words: list[str], folded: list[str], i: int) -> tuple[_Term, int] | None:
        """The longest term starting at word ``i``: exact (abbreviations, aliases) or folded."""
        found = self._lookup(self.exact, words, i) if words[i] in self.exact else None
        if folded[i] in self.folded:
            other = self._lookup(self.folded, folded, i)
            if other is not None and (found is None or other[1] > found[1]):
                found = other
        return found

    def _mark_text(self, text: str, own: str | None = None) -> str:
        exact, folded_terms = self.exact, self.folded
        for w in _WORD_RE.findall(text):  # most text holds no word that starts a term: it is kept as it is
            if w in exact or w.casefold() in folded_terms or len(w) > 2 and w.endswith(_POSSESSIVE) and \
                    (w[:-2] in exact or w[:-2].casefold() in folded_terms):
                break
        else:
            return text
        matches = list(_WORD_RE.finditer(text))
        if not matches:
            return text
        words = [m.group() for m in matches]
        for k, w in enumerate(words):  # "NATO's": the word is "NATO"
            if len(w) > 2 and w.endswith(_POSSESSIVE):
                stem = w[:-2]
                if stem in self.exact or stem.casefold() in self.folded or stem in self.names:
                    words[k] = stem
        spans = [(m.start(), m.start() + len(words[k])) for k, m in enumerate(matches)]
        folded = [w.casefold() for w in words]
        quotes = quoted_names(text, _WORD_RE) if ('"' in text or "“" in text or "«" in text or "&quot;" in text) else []
        out, last, i, count = [], 0, 0, len(words)
        while i < count:
            found = self._find(words, folded, i)
            name = longest_name(self.names, words, i) if words[i] in self.names else 0
            if name > (found[1] if found else 0):
                i += name  # a known name that holds a term: no tooltip inside it
                continue
            if found is not None and spans[i][0] > 0 and text[spans[i][0] - 1] in "&#":
                found = None  # the name or number of a character reference (&amp; &#39;), not a word
            if found is not None:
                term, n = found
                start, end = spans[i][0], spans[i + n - 1][1]
                # words of a multi-word term must be separated by spaces or hyphens only
                joined = all(text[spans[i + k][1]:spans[i + k + 1][0]] in (" ", "-", "\u00a0") for k in range(n - 1))
                quoted = next(((a, b) for a, b in quotes if a <= start and end <= b), None)
                if joined and (term.owner == own or in_capitalised_run(text, spans, words, i, n)
                               or (quoted is not None and quoted != (start, end))):
                    i += n  # its own page, or part of a name: left as it is
                    continue
                if joined:
                    out.append(text[last:start])
                    out.append(f'<abbr class="dossier-term" title="{term.title}">{text[start:end]}</abbr>')
                    last = end
                    i += n
                    continue
            i += 1
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)

    def mark(self, page_html: str, own: str | None = None) -> str:
        """``page_html`` with every glossary term outside skipped elements wrapped in ``<abbr>``
        (not the term ``own`` defines: see :meth:`mark_text`)."""
        if not self:
            return page_html
        out: list[str] = []
        stack: list[str] = []
        skip = 0
        last = 0
        for m in _TAG_RE.finditer(page_html):
            text = page_html[last:m.start()]
            out.append(text if skip or not text.strip() else self._mark_text(text, own))
            out.append(m.group(0))
            last = m.end()
            if m.group(2) is None:  # comment
                continue
            name = m.group(2).lower()
            if name in VOID or m.group(3):
                continue
            if m.group(1):  # closing tag: pop to the matching element
                if name in stack:
                    while stack:
                        top = stack.pop()
                        if top in SKIP_ELEMENTS:
                            skip -= 1
                        if top == name:
                            break
            else:
                stack.append(name)
                if name in SKIP_ELEMENTS:
                    skip += 1
        tail = page_html[last:]
        out.append(tail if skip or not tail.strip() else self._mark_text(tail, own))
        return "".join(out)
