"""Entry titles and bodies in plain prose, written as the HTML Python-Markdown would make of them.

After the generated sections became ready-made HTML (``slots``), what
Python-Markdown still did on an entry page was its title and its
contributed body: at 10,000 entries 0.2 ms for the title and 0.4 ms for a
body, a tenth of the build (``docs/reference/benchmarks.md``).  Most bodies
are plain prose: paragraphs of words, digits and ordinary punctuation, with
``[[id]]`` links.  For those Python-Markdown's HTML is known in advance, and
this module writes it:

- a paragraph is ``<p>`` and its lines as written, joined by newlines;
  paragraphs are joined by a newline;
- a wiki link is ``<a href="...">label</a>``, the address made as MkDocs
  makes it (the adapter's ``href``).  MkDocs does not see these links, so it
  neither checks nor reports them: the loader has checked that every
  ``[[id]]`` names an entry, and every entry has a page.

"Plain" is narrow on purpose (:func:`is_plain_text`, :func:`plain_body_html`):
letters and digits of any script, spaces, and ``. , ; : ? ' " ( ) - % /`` and
typographic quotes and dashes; no line that starts with anything that can
start a block (a list, a heading, a quote, code, a rule, a table, an
admonition: every line starts with a letter, a digit not followed by ``.``,
an opening quote or bracket, or a wiki link), no trailing spaces (a line
break), no ``!`` (an image with the link after it), no ``(`` right after a
link (its target), nothing that :func:`sanitize_markdown` would change.
Anything else goes to Python-Markdown as before, so a body that is not
plain costs what it did and renders as it did.  A property
test compares this module with Python-Markdown (through MkDocs) on generated
text full of the characters that matter, and the site built both ways is
byte for byte the same.

The title's HTML (its id, permalink and level follow the ``toc`` settings)
is made by the adapter from a page MkDocs renders once a build
(``plugin/prose_pages.py``); this module only says whether a title is plain.
"""

from __future__ import annotations

import re
from typing import Callable

from dossierkit.loading.wikilinks import find_wikilinks
from dossierkit.render.sanitize import sanitize_markdown
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

PUNCTUATION = frozenset(" .,;:?'\"()-%/’‘“”—–")
LINE_OPENERS = frozenset("\"'‘“(")
_NUMBERED = re.compile(r"\d+\.")  # "1." at the start of a line: an ordered list


def is_plain_text(text: str) -> bool:
    """Whether ``text`` (one line: a title, a link's label) is plain (see the module docstring)."""
    return bool(text) and _plain_chars(text) and _plain_start(text)


def _plain_chars(text: str) -> bool:
    for c in text:
        if c not in PUNCTUATION and not c.isalnum():
            return False
    return True


def _plain_start(line: str) -> bool:
    first = line[0]
    if first.isdigit():
        return _NUMBERED.match(line) is None
    return first.isalpha() or first in LINE_OPENERS


def one_line(text: str) -> str:
    """``text`` on one line, its runs of white space made single spaces (as ``md_text`` does)."""
    return " ".join(text.split())


def plain_body_html(dossier: Dossier, body: str, link: Callable[[Entry, str], str]) -> str | None:
    """The HTML of a plain ``body`` (contributed Markdown), or None if it is not plain.

    ``link(entry, label)`` writes a wiki link's ``<a>`` element (the label is plain text).
    A body that :func:`sanitize_markdown` would change is not plain: the Markdown path
    renders what it makes of it (a ``\r`` inside a link's brackets, ``[[id]]: word:``)."""
    if sanitize_markdown(body) != body:
        return None
    out: list[str] = []  # ("\r" and "!" are not plain: not in PUNCTUATION)
    last = 0
    for wl in find_wikilinks(body):
        target = dossier.get(wl.target)
        if target is None:
            return None
        label = one_line(wl.label or target.label)
        if not is_plain_text(label) or body.startswith("(", wl.end):
            return None
        text = body[last:wl.start]
        if not _plain_chars(text.replace("\n", " ")):
            return None
        out.append(text)
        out.append(link(target, label))
        last = wl.end
    rest = body[last:]
    if not _plain_chars(rest.replace("\n", " ")):
        return None
    out.append(rest)
    # Lines are checked on the text as written: a line may start with a wiki link.
    for line in body.split("\n"):
        if line and (line[-1] == " " or not (line.startswith("[[") or _plain_start(line))):
            return None
    html = "".join(out)
    paragraphs = [p for p in re.split(r"\n{2,}", html.strip("\n")) if p]
    return "\n".join(f"<p>{p}</p>" for p in paragraphs) if paragraphs else None
