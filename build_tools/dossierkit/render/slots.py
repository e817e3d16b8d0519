"""Generated pages in two forms: plain Markdown, or Markdown with HTML slots.

:class:`PageWriter` collects a generated page.  Headings and contributed
Markdown always stay Markdown (the engine builds the table of contents and
renders the body).  Every other block is either written inline, in the
page's format (plain Markdown for the export and print), or, for the site,
replaced by an empty placeholder element whose ready-made HTML the adapter
puts back after Python-Markdown has run (:func:`fill_slots`).

A slot is *late* when it lists other entries: the site fills it only after
the search plugin has indexed the page, because those sections are left out
of the search index anyway and parsing them was a large part of indexing.
Other slots are filled before glossary tooltips and sanitizing, like any
Markdown-made HTML.

Contributed text cannot forge a placeholder: contributed Markdown has every
``<`` escaped, and the HTML sanitizer keeps ``data-slot`` only because the
placeholders are ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SLOT = '<div class="dossier-slot" data-slot="{}"></div>'
SLOT_RE = re.compile(r'<div class="dossier-slot" data-slot="(\d+)"></div>')


@dataclass(frozen=True)
class Slot:
    """Ready-made HTML for one placeholder; ``late`` ones skip search indexing."""

    html: str
    late: bool = False


class PageWriter:
    """Collects a page as Markdown lines and, when ``slotted``, HTML slots."""

    def __init__(self, slotted: bool = False):
        self.slotted = slotted
        self.lines: list[str] = []
        self.slots: list[Slot] = []

    def markdown(self, *lines: str) -> None:
        """Lines that stay Markdown in both forms (headings, contributed bodies)."""
        self.lines.extend(lines)

    def heading(self, level: int, text: str, attributes: str = "") -> None:
        """A Markdown heading with a blank line after it; ``attributes`` is an attr_list suffix."""
        self.lines += [f"{'#' * level} {text}{attributes}", ""]

    def block(self, text: str, late: bool = False) -> None:
        """A block already written in the page's format, followed by a blank line."""
        if not text:
            return
        if self.slotted:
            self.lines += [_SLOT.format(len(self.slots)), ""]
            self.slots.append(Slot(text, late))
        else:
            self.lines += [text, ""]

    def finish(self) -> tuple[str, tuple[Slot, ...]]:
        """The page's Markdown and its slots (none unless ``slotted``)."""
        return "\n".join(self.lines), tuple(self.slots)


def fill_slots(html: str, slots: tuple[Slot, ...], late: bool) -> str:
    """``html`` with the placeholders of ``slots`` whose ``late`` matches filled in."""
    if not slots:
        return html

    def fill(m: re.Match) -> str:
        n = int(m.group(1))
        if n >= len(slots) or slots[n].late != late:
            return m.group(0)
        return slots[n].html

    return SLOT_RE.sub(fill, html)
