"""Internal links of the PDF book: from ``dossier-anchor:`` addresses to named destinations.

Typst resolves a link to a label by introspecting the whole document, and in
a book of thousands of cross-linked entries that cost more memory than the
rest of the layout (about 130 kB a link); and a book laid out in parts links
from one part into another.  The template therefore lays internal links out
as plain addresses, ``dossier-anchor:<label>``, and this module rewrites
each such link annotation into a ``/Dest`` to the named destination the
joiner writes for every label (:mod:`dossierkit.outputs.pdf_join`).

The rewrite keeps every object's length (the rest is padded with spaces,
which PDF reads as whitespace), so the cross-reference table stays exact.
Labels are the book's own (``entry-<id>``, ``chapter-<kind>``, ...: ASCII
letters, digits and hyphens); contributed addresses are ``http(s)`` or
``mailto`` and can never start with ``dossier-anchor:``.  If Typst ever
writes these annotations differently, nothing is left half-rewritten: the
export fails instead.
"""

from __future__ import annotations

import re

# A link annotation as Typst writes it: one object on one line of its own.  The
# address of an external link is contributed, but it starts right after
# "/URI(" and is http(s) or mailto, so no contributed string can start such a
# line or put "dossier-anchor:" where the marker stands.
_PREFIX = rb"<</Type/Annot/Subtype/Link/Rect\[[0-9. -]+\]/Border\[0 0 0\](?:/QuadPoints\[[0-9. -]+\])?"
_ANNOT = re.compile(rb"(?m)^" + _PREFIX + rb"/A<</Type/Action/S/URI/URI\(dossier-anchor:.*$")
_OURS = re.compile(rb"(" + _PREFIX + rb")(/A<</Type/Action/S/URI/URI\(dossier-anchor:([A-Za-z0-9-]+)\)>>)"
                   rb"(/F 4/StructParent \d+)(/Contents\(dossier-anchor:[A-Za-z0-9-]+\))>>")
# Any link annotation whose keys before /A hold only names, numbers and arrays of
# numbers (no string, so nothing contributed) and whose address is ours: what
# must be gone after the rewrite, whatever else Typst adds to the dictionary.
_LEFT = re.compile(rb"(?m)^<</Type/Annot/Subtype/Link(?:/[A-Za-z]+(?:\[[0-9. -]*\]| [0-9.]+)?)*"
                   rb"/A<</Type/Action/S/URI/URI\(dossier-anchor:")


def _same_length(replacement: bytes, original: bytes) -> bytes:
    assert len(replacement) <= len(original)
    return replacement + b" " * (len(original) - len(replacement))


def rewrite_anchor_links(pdf: bytes) -> tuple[bytes, set[str]]:
    """Return ``pdf`` with every ``dossier-anchor:`` link turned into a ``/Dest`` link, and the labels linked to.

    The caller checks that each label has a named destination in the
    finished book.  Raises ``RuntimeError`` if a link is written in a way
    this module does not know, or if any ``dossier-anchor:`` address is left.
    """
    targets: set[str] = set()

    def link(line: re.Match) -> bytes:
        m = _OURS.fullmatch(line.group(0))
        if m is None:
            raise RuntimeError("the PDF writer met an internal link it cannot resolve (unexpected link format)")
        label = m.group(3)
        targets.add(label.decode("ascii"))
        return (m.group(1) + _same_length(b"/Dest(" + label + b")", m.group(2)) + m.group(4)
                + _same_length(b"/Contents(See " + label + b")", m.group(5)) + b">>")

    pdf = _ANNOT.sub(link, pdf)
    if _LEFT.search(pdf):
        raise RuntimeError("the PDF writer left an internal link unresolved (unexpected link format)")
    return pdf, targets
