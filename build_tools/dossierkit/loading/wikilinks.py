"""``[[id]]`` and ``[[id|label]]`` links inside Markdown text.

Links inside fenced code blocks and inline code spans are not links; both the
validator and the renderers use :func:`find_wikilinks` so they agree on that.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, NamedTuple

WIKILINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,100})(?:\|([^\[\]\n]{1,200}))?\]\]")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")


class WikiLink(NamedTuple):
    """One link: the target id, the optional label, and where it was found (a tuple: a frozen
    dataclass took a third of finding 30,000 links)."""

    target: str
    label: str | None
    line_offset: int
    column: int
    start: int
    end: int


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are code (fences and code spans)."""
    ranges: list[tuple[int, int]] = []
    if "`" not in text and "~~~" not in text:
        return ranges
    offset = 0
    fence: str | None = None
    fence_start = 0
    for line in text.splitlines(keepends=True):
        m = _FENCE_RE.match(line)
        if fence is None and m:
            fence, fence_start = m.group(1)[0] * len(m.group(1)), offset
        elif fence is not None and m and m.group(1).startswith(fence):
            ranges.append((fence_start, offset + len(line)))
            fence = None
        elif fence is None:
            for span in _CODE_SPAN_RE.finditer(line):
                ranges.append((offset + span.start(), offset + span.end()))
        offset += len(line)
    if fence is not None:
        ranges.append((fence_start, len(text)))
    return ranges


def find_wikilinks(text: str) -> Iterator[WikiLink]:
    """Yield every wiki link in ``text`` outside code, in order."""
    if "[[" not in text:
        return
    code = code_ranges(text)
    line_offset = line_start = counted = 0  # lines are counted from the last link on, not from the start each time
    for m in WIKILINK_RE.finditer(text):
        start = m.start()
        if code and any(a <= start < b for a, b in code):
            continue
        newlines = text.count("\n", counted, start)
        if newlines:
            line_offset += newlines
            line_start = text.rfind("\n", counted, start) + 1
        counted = start
        target, label = m.group(1, 2)
        yield WikiLink(target.strip(), label.strip() if label else None, line_offset, start - line_start + 1, start,
                       m.end())


def replace_wikilinks(text: str, render: Callable[[WikiLink], str]) -> str:
    """Return ``text`` with every wiki link outside code replaced by ``render(link)``."""
    out, last = [], 0
    for link in find_wikilinks(text):
        out.append(text[last:link.start])
        out.append(render(link))
        last = link.end
    out.append(text[last:])
    return "".join(out)
