"""Glossary tooltips: wrap terms and abbreviations in ``<abbr title=...>``.

Runs once per page on the rendered HTML.  Text inside code, links, headings,
existing ``abbr`` elements, scripts, styles and SVG is left alone.  Matching
is linear in the page's length: each word is looked up by its first token,
never by trying every term at every position, so a glossary of thousands of
terms costs no more than one of twenty.

Abbreviations and aliases match case-sensitively ("OIC"); multi-word terms
match case-insensitively ("collective defence" in a sentence).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from dossierkit.render.glossary_page import glossary_items
from dossierkit.schema.kinds import GLOSSARY
from dossierkit.structure.dossier import Dossier

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
SKIP_ELEMENTS = frozenset({"a", "abbr", "code", "pre", "kbd", "samp", "script", "style", "svg", "h1", "h2", "h3",
                           "h4", "h5", "h6", "button", "select", "option", "textarea", "title", "dfn"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source", "track"})


@dataclass(frozen=True)
class _Term:
    title: str


Index = dict[str, dict[int, dict[tuple[str, ...], _Term]]]  # first word -> length -> words -> term


class Glossary:
    """Every term of a dossier, indexed by first word for linear matching."""

    def __init__(self, dossier: Dossier):
        self.exact: Index = {}   # abbreviations, aliases and one-word terms: case-sensitive
        self.folded: Index = {}  # multi-word terms: case-insensitive
        for entry in glossary_items(dossier):
            d = entry.data
            if entry.kind.role != GLOSSARY:  # an abbreviation of another kind's entry (an organisation's initials)
                term = _Term(html.escape(f"{d['abbreviation']}: {entry.label}. {entry.summary}", quote=True))
                forms = [(d["abbreviation"], True)]
            else:
                term = _Term(html.escape(f"{d['term']}: {d['definition']}", quote=True))
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

    def mark_text(self, text: str) -> str:
        """Escaped ``text`` (no tags) with every glossary term wrapped in ``<abbr>``."""
        return self._mark_text(text) if self and text.strip() else text

    def _mark_text(self, text: str) -> str:
        matches = list(_WORD_RE.finditer(text))
        if not matches:
            return text
        words = [m.group() for m in matches]
        folded = [w.casefold() for w in words]
        out, last, i, count = [], 0, 0, len(words)
        while i < count:
            found = None
            if words[i] in self.exact:
                found = self._lookup(self.exact, words, i)
            if found is None and folded[i] in self.folded:
                found = self._lookup(self.folded, folded, i)
            if found is not None and matches[i].start() > 0 and text[matches[i].start() - 1] in "&#":
                found = None  # the name or number of a character reference (&amp; &#39;), not a word
            if found is not None:
                term, n = found
                span = matches[i:i + n]
                # words of a multi-word term must be separated by spaces or hyphens only
                if all(text[span[k].end():span[k + 1].start()] in (" ", "-", "\u00a0") for k in range(n - 1)):
                    start, end = span[0].start(), span[-1].end()
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

    def mark(self, page_html: str) -> str:
        """``page_html`` with every glossary term outside skipped elements wrapped in ``<abbr>``."""
        if not self:
            return page_html
        out: list[str] = []
        stack: list[str] = []
        skip = 0
        last = 0
        for m in _TAG_RE.finditer(page_html):
            text = page_html[last:m.start()]
            out.append(text if skip or not text.strip() else self._mark_text(text))
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
        out.append(tail if skip or not tail.strip() else self._mark_text(tail))
        return "".join(out)
