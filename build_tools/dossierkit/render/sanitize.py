"""Neutralise contributed Markdown and sanitise HTML with an allowlist.

Two layers, so that every output is safe on its own:

1. :func:`sanitize_markdown` runs on every contributed Markdown body before
   it is placed on a page (site, Markdown export, print document).  The
   Markdown export is published by engines that run no HTML sanitizer (plain
   MkDocs), so this layer alone must leave nothing active when the result is
   rendered by Python-Markdown with the extensions the site and the export
   use (``attr_list``, ``md_in_html``, ``tables``, ``toc``, ``admonition``,
   ``fenced_code``):

   - every ``<`` becomes ``&lt;``: no raw HTML, HTML comment or autolink;
   - every ``{`` is backslash-escaped: no ``attr_list`` attribute such as
     ``{: onclick=...}``;
   - every link or image destination (``](target`` inline, ``]: target`` in
     reference definitions, wherever they appear: in lists, block quotes, on
     the next line) whose scheme, read the way a browser reads it (character
     references decoded, a backslash as ``/``, control characters dropped), is not
     ``http``/``https``/``mailto``, or that is protocol-relative, is replaced
     by ``#unsafe-link-removed``;
   - images from other hosts become links (no request leaves a reader's
     machine);
   - a ``[`` that opens nothing (unmatched, or nested deeper than
     :data:`MAX_NESTING`) is escaped: Python-Markdown searches for the end of
     every ``[`` again, and 50,000 of them took minutes to render.

   Every step is linear in the length of the text, however hostile.

   Only fenced code blocks keep their text as written, and only when every
   fence line of the body pairs up unambiguously (an opening fence at the
   start of a line with a plain language name, closed by the same fence), so
   that no engine can disagree about where code starts and ends.  Inline
   code gets the same escapes as text: ``<`` inside it shows as ``&lt;``.
2. :func:`sanitize_html` runs on the final HTML of every page with an
   allowlist of tags, attributes and URL schemes (nh3 / ammonia).
"""

from __future__ import annotations

import bisect
import html
import re
from typing import Iterator

import nh3

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
UNSAFE_TARGET = "#unsafe-link-removed"
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
# Any line an engine might read as a code fence (indented or not).
_FENCE_LIKE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})")
# The only opening fences that keep their content: at the start of the line,
# with at most a plain language name (no {attributes}, no hl_lines=...).
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,}) *\.?[\w#+\-]* *")
# "](" of an inline link or image, with what may stand before its target
# (spaces, line breaks and the ">" of block-quote continuation lines).
_INLINE_DEST = re.compile(r"\]\([\s>]*")
# "]:" of a reference definition, the same way.
_REF_DEST = re.compile(r"\]:[ \t]*(?:\n[ \t>]*)?")
_BRACKET = re.compile(r"[\[\]]|\n[ \t]*\n")
_STOP = re.compile(r"[\s)]")  # where a link destination ends
_ANGLE_STOP = re.compile(r"[>\n]")  # where a <destination> ends
_MAYBE_SCHEME = re.compile(r"[:&\\\x00-\x20\x7f]")  # without these, no scheme can hide in a target
MAX_TARGET = 2048
MAX_NESTING = 8  # deeper brackets are text
_BRACE = re.compile(r"(\\*)\{")


def _unsafe(target: str) -> bool:
    """True when a browser would read ``target`` as a dangerous or off-site address."""
    if not _MAYBE_SCHEME.search(target):  # fast path: no scheme can hide in it
        return target.lstrip("<").startswith("//")
    t = html.unescape(target).replace("\\", "/")  # "&#106;avascript:", "\\host" = "//host"
    t = _CONTROL_OR_SPACE.sub("", t)  # browsers drop tabs, newlines and controls in URLs
    if t.startswith("<"):
        t = t[1:]
    m = _SCHEME_RE.match(t)
    if m:
        return m.group(1).lower() not in SAFE_SCHEMES
    return t.startswith("//")  # protocol-relative: another host


def _remote(target: str) -> bool:
    t = _CONTROL_OR_SPACE.sub("", html.unescape(target).replace("\\", "/")).lstrip("<").lower()
    return t.startswith(("http:", "https:", "//"))


def _escaped(text: str, i: int) -> bool:
    """True when ``text[i]`` is preceded by an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks that every engine reads the same way.

    Empty unless *every* fence-like line of ``text`` belongs to a clean pair:
    an ambiguous fence could make an engine start or end code elsewhere, and
    text that one engine shows as code would be live Markdown in another.
    """
    if "```" not in text and "~~~" not in text:
        return []
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    fences = [i for i, line in enumerate(lines) if _FENCE_LIKE.match(line)]
    if len(fences) % 2:
        return []
    ranges = []
    for a, b in zip(fences[::2], fences[1::2]):
        opening = _FENCE_OPEN.fullmatch(lines[a])
        if opening is None or lines[b].rstrip(" ") != opening.group(1):
            return []
        ranges.append((offsets[a], min(offsets[b] + len(lines[b]) + 1, len(text))))
    return ranges


def _destinations(chunk: str) -> Iterator[tuple[re.Match, bool, int, int, bool]]:
    """``(match, inline, start, end, unsafe)`` for every link destination in ``chunk``, in order.

    A destination ends at the first space or ``)`` (``<...>``: at ``>``), so
    that finding them all stays linear however hostile the text; one longer
    than :data:`MAX_TARGET` counts as unsafe.  A ``](`` inside a destination
    already found unsafe is skipped: it is replaced with that destination.
    """
    found = [(m, True) for m in _INLINE_DEST.finditer(chunk)] + [(m, False) for m in _REF_DEST.finditer(chunk)]
    if not found:
        return
    found.sort(key=lambda item: item[0].start())
    stops = [m.start() for m in _STOP.finditer(chunk)]
    angle_stops = [m.start() for m in _ANGLE_STOP.finditer(chunk)] if "<" in chunk else []
    covered = -1
    for m, inline in found:
        if m.start() < covered:
            continue
        start = m.end()
        if chunk.startswith("<", start):
            i = bisect.bisect_left(angle_stops, start + 1)
            stop = angle_stops[i] if i < len(angle_stops) else len(chunk)
            end = stop + 1 if stop < len(chunk) and chunk[stop] == ">" else stop
        else:
            i = bisect.bisect_left(stops, start)
            end = stops[i] if i < len(stops) else len(chunk)
        too_long = end - start > MAX_TARGET
        end = min(end, start + MAX_TARGET)
        unsafe = too_long or _unsafe(chunk[start:end])
        if unsafe:
            covered = end
        yield m, inline, start, end, unsafe


def _brackets(text: str) -> tuple[dict[int, int], list[int]]:
    """Closing bracket -> its opening bracket, matched in one pass (paragraphs
    reset); and the opening brackets to escape: unmatched, or nested deeper
    than :data:`MAX_NESTING`.  Python-Markdown looks for the end of every
    ``[`` from scratch, so 50,000 of them would take minutes to render."""
    pairs, stack, lone = {}, [], []
    for m in _BRACKET.finditer(text):
        c = m.group()
        if c == "[":
            if not _escaped(text, m.start()):
                if len(stack) >= MAX_NESTING:
                    lone.append(m.start())
                else:
                    stack.append(m.start())
        elif c == "]":
            if stack and not _escaped(text, m.start()):
                pairs[m.start()] = stack.pop()
        else:
            lone += stack
            stack.clear()
    return pairs, lone + stack


def _neutralise(chunk: str) -> str:
    """Apply every rule of the module docstring to text outside fenced code."""
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    pairs, lone = _brackets(chunk) if "[" in chunk else ({}, [])
    edits += [(i, i, "\\") for i in lone]  # a lone "[" is text: escape it

    for m, inline, start, end, unsafe in _destinations(chunk):
        if unsafe:
            edits.append((start, end, UNSAFE_TARGET))
            continue
        target = chunk[start:end]
        if inline:
            opener = pairs.get(m.start())
            is_image = opener is not None and opener > 0 and chunk[opener - 1] == "!" \
                and not _escaped(chunk, opener - 1)
            if is_image and _remote(target):
                edits.append((opener - 1, opener, ""))  # remote image -> plain link
        if "{" in target or "}" in target:  # kept targets: no brace left for attr_list
            edits.append((start, end, target.replace("{", "%7B").replace("}", "%7D")))
    # Reference-style images (![alt][ref], ![ref]) may load another host: make them links.
    for close, opener in pairs.items():
        if opener > 0 and chunk[opener - 1] == "!" and not _escaped(chunk, opener - 1) \
                and not chunk.startswith("(", close + 1):
            edits.append((opener - 1, opener, ""))

    if edits:
        out, last = [], 0
        for start, end, replacement in sorted(set(edits)):
            if start < last:  # inside a destination already replaced
                continue
            out += [chunk[last:start], replacement]
            last = end
        out.append(chunk[last:])
        chunk = "".join(out)
    chunk = chunk.replace("<", "&lt;")
    if "{" in chunk:
        chunk = _BRACE.sub(lambda m: m.group(1) + ("{" if len(m.group(1)) % 2 else "\\{"), chunk)
    return chunk


def local_link_targets(text: str) -> list[tuple[int, str]]:
    """(offset, target) of every link or image destination in ``text`` that
    points into the site or the local machine (no scheme, not ``#...``).

    Entries refer to each other as ``[[id]]``; a relative path in a body is
    not checked by the validator, fails a strict MkDocs build without naming
    the entry file, and is refused by the PDF writer.  Offsets are in ``text``
    with its line breaks normalised to ``\\n``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found, last = [], 0
    chunks = []
    for start, end in _fenced_blocks(text):
        chunks.append((last, text[last:start]))
        last = end
    chunks.append((last, text[last:]))
    for base, chunk in chunks:
        for m, _inline, start, end, unsafe in _destinations(chunk):
            if unsafe or chunk[m.start() - 1:m.start()] == "]":
                continue  # neutralised anyway; or "[[id]](...": the end of a wiki link, then text
            target = chunk[start:end]
            t = _CONTROL_OR_SPACE.sub("", html.unescape(target)).lstrip("<").rstrip(">")
            if t and not t.startswith("#") and not _SCHEME_RE.match(t):
                found.append((base + start, target))
    return found


def sanitize_markdown(text: str) -> str:
    """Contributed Markdown made inert: see the module docstring."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Python-Markdown's line breaks
    out, last = [], 0
    for start, end in _fenced_blocks(text):
        out.append(_neutralise(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(_neutralise(text[last:]))
    return "".join(out)


ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "optgroup",
    "th", "thead", "time", "tr", "u", "ul", "wbr", "button", "label", "select", "option", "input",
})
_GENERIC = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden",
            "aria-describedby", "aria-sort", "tabindex", "hidden"}
ALLOWED_ATTRIBUTES = {
    "*": _GENERIC | {"data-status", "data-groups", "data-sort", "data-kind", "data-year", "data-filter", "data-value", "data-graph", "data-search-exclude", "data-era", "data-cite", "data-quotes"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "button": {"type", "aria-pressed"},
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    "optgroup": {"label"},
    "input": {"type", "value", "name", "placeholder", "checked"},
}


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src" and re.match(r"^\s*(https?:)?//", value, re.IGNORECASE):
        return None  # remote images would make a request at view time
    if element == "input" and attribute == "type" and value not in {"search", "text", "checkbox"}:
        return None
    return value


def _cleaner(with_filter: bool):
    options = dict(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    if with_filter:
        options["attribute_filter"] = _attribute_filter
    return nh3.Cleaner(**options)


# Built once: configuring the sanitizer per call cost more than cleaning.  The
# attribute filter (a Python call per attribute) only matters for <img> and
# <input>, so pages without them use the cleaner that does not call it.
_PLAIN = _cleaner(with_filter=False)
_FILTERED = _cleaner(with_filter=True)


def sanitize_html(fragment: str) -> str:
    """``fragment`` with only allowlisted tags, attributes and URL schemes kept."""
    lowered = fragment.lower()
    cleaner = _FILTERED if ("<img" in lowered or "<input" in lowered) else _PLAIN
    return cleaner.clean(fragment)
