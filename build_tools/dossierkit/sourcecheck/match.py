"""Is a quote on the page?  Matching that forgives typography, never words.

Both the quote and the page's text are normalised the same way before the
quote is looked for:

- Unicode compatibility decomposition (NFKD), then combining marks are
  dropped: ``é`` matches ``e``, a ligature its letters, Arabic with or
  without its vowel marks; format characters (soft hyphens, zero-width
  joiners, direction marks) and the Arabic tatweel are dropped;
- Arabic and Persian letter forms (ي/ی, ك/ک, ى) and digits (٣, ۳, 3) are
  folded together;
- every quotation mark (straight, curly, low, guillemets, corner brackets)
  is one mark, every dash (hyphen, en, em, minus, ...) is one dash, and
  spaces around them do not count;
- case does not count (``casefold``), and any run of white space, line
  breaks included, is one space.

An ellipsis in the quote (``...``, ``…``, ``[...]``) stands for words left
out: the parts around it must appear in that order.  A quote in another
language is matched in its own words (never its translation).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_QUOTE_MARKS = "'\"`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a\u00ab\u00bb\u2032\u2033" \
               "\u300c\u300d\u300e\u300f\u301d\u301e\uff02\uff07"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d"
_FOLD = {
    **{ord(c): '"' for c in _QUOTE_MARKS},
    **{ord(c): "-" for c in _DASHES},
    0x064A: "\u06cc", 0x0649: "\u06cc", 0x0643: "\u06a9", 0x0640: None,   # ي ى → ی, ك → ک, tatweel dropped
    **{0x0660 + d: str(d) for d in range(10)}, **{0x06F0 + d: str(d) for d in range(10)},
}
_AROUND_MARKS = re.compile(r' ?([-"]) ?')
_ELLIPSIS = re.compile(r' ?[\[(]?\.\.\.[\])]? ?')


def normalise(text: str) -> str:
    """``text`` folded for matching (see the module docstring); the same function serves quote and page."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    folded = kept.translate(_FOLD).casefold()
    return _AROUND_MARKS.sub(r"\1", " ".join(folded.split()))


@dataclass(frozen=True)
class Match:
    """The result of looking for one quote: found or not, and how far it matched."""

    found: bool
    words: int = 0          # words of the quote (all its parts)
    matched: int = 0        # leading words found in a row when not found
    matched_text: str = ""  # those words, normalised

    def hint(self) -> str:
        """A short explanation of a miss, for messages."""
        if self.found:
            return ""
        if self.matched < 3:
            return "not even its first words are on the page"
        return (f"the page has its first {self.matched} of {self.words} words "
                f"(\u2026{_tail(self.matched_text)}), then differs")


def _tail(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[-length:].split(" ", 1)[-1]


def _parts(quote: str) -> list[str]:
    return [p for p in _ELLIPSIS.split(normalise(quote)) if p.strip()]


class PageText:
    """A page's text, normalised once, searched for any number of quotes."""

    def __init__(self, text: str):
        self.text = normalise(text)

    def find(self, quote: str) -> Match:
        """Look for ``quote``: every part, in order."""
        parts = _parts(quote)
        words = sum(len(p.split()) for p in parts)
        position = 0
        for part in parts:
            found = self.text.find(part, position)
            if found < 0:
                return self._miss(parts, words)
            position = found + len(part)
        return Match(bool(parts), words, words)

    def _miss(self, parts: list[str], words: int) -> Match:
        # The longest run of leading words of the first part the page has
        # (a prefix found means every shorter prefix is found: binary search).
        first = parts[0].split()
        low, high = 0, len(first)
        while low < high:
            middle = (low + high + 1) // 2
            if " ".join(first[:middle]) in self.text:
                low = middle
            else:
                high = middle - 1
        return Match(False, words, low, " ".join(first[:low]))
