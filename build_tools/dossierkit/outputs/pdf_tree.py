"""Trees the PDF joiner writes for the whole book: number trees, name trees and the outline.

Each writer takes a :class:`Tree` (where new objects go) and returns the
object number of the tree's root.  Large trees get one level of leaves of
:data:`LEAF` entries each (with their ``/Limits``), as the PDF format asks
of trees too long for one array.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

LEAF = 512
_PLAIN = re.compile(r"[ -~]*")  # printable ASCII
_NAME = re.compile(rb"[A-Za-z0-9-]+")


@dataclass
class Tree:
    """Where new objects go: ``allocate()`` returns a fresh number, ``write(number, body)`` writes it."""

    allocate: Callable[[], int]
    write: Callable[[int, bytes], None]


def pdf_text(text: str) -> bytes:
    """A PDF text string: literal for printable ASCII (escaped), UTF-16BE with its mark otherwise."""
    if _PLAIN.fullmatch(text):
        return b"(" + re.sub(rb"([()\\])", rb"\\\1", text.encode("ascii")) + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _leaves(tree: Tree, entries: list[bytes], limits: list[tuple[bytes, bytes]], key: bytes) -> int:
    if len(entries) <= LEAF:
        root = tree.allocate()
        tree.write(root, b"<<%s[%s]>>" % (key, b" ".join(entries)))
        return root
    kids = []
    for start in range(0, len(entries), LEAF):
        leaf = tree.allocate()
        low, high = limits[start][0], limits[min(start + LEAF, len(entries)) - 1][1]
        tree.write(leaf, b"<</Limits[%s %s]%s[%s]>>" % (low, high, key, b" ".join(entries[start:start + LEAF])))
        kids.append(leaf)
    root = tree.allocate()
    tree.write(root, b"<</Kids[%s]>>" % b" ".join(b"%d 0 R" % k for k in kids))
    return root


def number_tree(tree: Tree, pairs: list[tuple[int, int]]) -> int:
    """A number tree of ``(key, object number)`` pairs, given in key order."""
    keys = [b"%d" % k for k, _ in pairs]
    return _leaves(tree, [b"%d %d 0 R" % pair for pair in pairs], list(zip(keys, keys)), b"/Nums")


def name_tree(tree: Tree, pairs: list[tuple[bytes, int]]) -> int:
    """A name tree of ``(name, object number)`` pairs, given in byte order; names are ASCII labels."""
    for name, _ in pairs:
        if not _NAME.fullmatch(name):
            raise RuntimeError(f"the PDF writer met a name it cannot write: {name!r}")
    keys = [b"(" + name + b")" for name, _ in pairs]
    return _leaves(tree, [b"%s%d 0 R" % (k, ref) for k, (_, ref) in zip(keys, pairs)], list(zip(keys, keys)),
                   b"/Names")


@dataclass
class _Item:
    title: str
    dest: int
    number: int = 0
    children: list["_Item"] = field(default_factory=list)


def outline(tree: Tree, items: list[tuple[str, int, int]]) -> int:
    """The bookmarks: ``(title, level, destination object)`` in reading order, nested by level.

    Items with children start closed, so a reader sees the chapters first.
    """
    top: list[_Item] = []
    stack: list[tuple[int, _Item]] = []
    for title, level, dest in items:
        item = _Item(title, dest)
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else top).append(item)
        stack.append((level, item))
    root = tree.allocate()
    _write_items(tree, top, root)
    ends = b"/First %d 0 R/Last %d 0 R" % (top[0].number, top[-1].number) if top else b""
    tree.write(root, b"<</Type/Outlines%s/Count %d>>" % (ends, len(top)))
    return root


def _write_items(tree: Tree, items: list[_Item], parent: int) -> None:
    ordered: list[tuple[list[_Item], int]] = []
    work = [(items, parent)]
    while work:  # number every item first (in reading order, without recursion), then write
        siblings, up = work.pop()
        ordered.append((siblings, up))
        for item in siblings:
            item.number = tree.allocate()
        work += [(item.children, item.number) for item in reversed(siblings) if item.children]
    for siblings, up in ordered:
        for i, item in enumerate(siblings):
            body = b"<</Title %s/Parent %d 0 R" % (pdf_text(item.title), up)
            if i:
                body += b"/Prev %d 0 R" % siblings[i - 1].number
            if i + 1 < len(siblings):
                body += b"/Next %d 0 R" % siblings[i + 1].number
            if item.children:
                body += b"/First %d 0 R/Last %d 0 R/Count -%d" % (
                    item.children[0].number, item.children[-1].number, len(item.children))
            tree.write(item.number, body + b"/Dest %d 0 R>>" % item.dest)
