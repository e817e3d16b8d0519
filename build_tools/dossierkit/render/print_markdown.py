"""Contributed Markdown as a tree of data for the PDF book.

The book's Typst template never reads Markdown or any markup written by a
contributor: bodies are parsed here (markdown-it-py, CommonMark with tables
and strikethrough, raw HTML off, so ``<script>`` is text) into plain JSON
nodes that the template walks.  Text stays text: a contributed ``#``, ``]``,
``$`` or ``\\`` is a character in a string, never Typst code.

Nodes (``t`` is the type; a bare string is text):

- blocks: ``p`` (paragraph), ``h`` (heading, ``l`` its level within the body,
  from 1), ``q`` (quote), ``ul`` / ``ol`` (items ``li``; ``s``: the first
  number), ``pre`` (code block, ``v``), ``hr``, ``table`` (rows ``tr`` of
  cells ``td``; ``h``: 1 when the first row is a header row);
- inlines: ``em``, ``strong``, ``del``, ``code`` (``v``), ``br``,
  ``a`` (an external link, ``u`` its http(s)/mailto address; ``x``: 1 when
  the address must be printed after the text) and ``ref`` (an internal
  link, ``to`` the anchor).

Only ``http``, ``https`` and ``mailto`` addresses and anchors the caller
accepts become links; every other link keeps its text and is reported to the
caller.  Images are never loaded: they become their alt text and address.
Nesting is bounded: a body nested deeper than :data:`MAX_BLOCK_NESTING`
(where markdown-it would drop the rest) is printed as plain text, and inline
nesting deeper than :data:`MAX_DEPTH` is flattened to its text, so nothing
is lost and the template's recursion stays shallow.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from markdown_it import MarkdownIt

MAX_BLOCK_NESTING = 24
MAX_DEPTH = 16
SAFE_URL = re.compile(r"^(https?://[^\s\x00-\x1f\x7f]+|mailto:[^\s\x00-\x1f\x7f:/]+@[^\s\x00-\x1f\x7f]+)$", re.I)

Node = Any  # str or dict
# anchor resolver: link target -> internal anchor, or None (then the link is refused and reported)
Resolve = Callable[[str], "str | None"]

_MD = MarkdownIt("commonmark", {"maxNesting": MAX_BLOCK_NESTING + 2, "html": False}).enable(["table", "strikethrough"])
# markdown-it leaves javascript:, file: and data: links as plain text without a
# word; let every link through to the checks below, which drop it and report it.
_MD.validateLink = lambda url: True
_INLINE_PAIRS = {"em_open": "em", "strong_open": "strong", "s_open": "del", "link_open": "a"}
_BLOCK_PAIRS = {"paragraph_open": "p", "blockquote_open": "q", "bullet_list_open": "ul", "ordered_list_open": "ol",
                "list_item_open": "li", "heading_open": "h", "table_open": "table", "thead_open": "thead",
                "tbody_open": "tbody", "tr_open": "tr", "th_open": "cell", "td_open": "cell"}


def safe_url(url: str) -> bool:
    """Whether ``url`` may be a live link in the book: http(s) or mailto only."""
    return bool(SAFE_URL.match(url.strip()))


def text_of(nodes: list[Node]) -> str:
    """The plain text of a list of nodes (iterative: any depth)."""
    out: list[str] = []
    stack = list(reversed(nodes))
    while stack:
        n = stack.pop()
        if isinstance(n, str):
            out.append(n)
        elif n.get("t") in ("br", "li", "p", "td"):
            out.append(" ")
            stack.extend(reversed(n.get("c", [])))
        elif "v" in n:
            out.append(n["v"])
        else:
            stack.extend(reversed(n.get("c", [])))
    return "".join(out)


def _merge_text(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, str) and out and isinstance(out[-1], str):
            out[-1] += n
        elif n != "":
            out.append(n)
    return out


class _Converter:
    def __init__(self, resolve: Resolve, refused: list[str]):
        self.resolve = resolve
        self.refused = refused

    def inline(self, tokens) -> list[Node]:
        """Inline tokens -> inline nodes (a stack, never recursion)."""
        root: list[Node] = []
        stack: list[tuple[dict | None, list[Node]]] = [(None, root)]
        for tok in tokens:
            kind, children = tok.type, stack[-1][1]
            if kind == "text":
                children.append(tok.content)
            elif kind in ("softbreak",):
                children.append(" ")
            elif kind == "hardbreak":
                children.append({"t": "br"})
            elif kind == "code_inline":
                children.append({"t": "code", "v": tok.content})
            elif kind == "image":
                alt = text_of(self.inline(tok.children or []))
                url = tok.attrGet("src") or ""
                label = f"[image: {alt}]" if alt else "[image]"
                if safe_url(url):
                    children.append({"t": "a", "u": url.strip(), "c": [label], "x": 1})
                else:
                    self.refused.append(url)
                    children.append(label)
            elif kind in _INLINE_PAIRS:
                node = self._open_inline(tok, _INLINE_PAIRS[kind])
                stack.append((node, []))
            elif kind.endswith("_close") and len(stack) > 1:
                node, inner = stack.pop()
                inner = _merge_text(inner)
                parent = stack[-1][1]
                if node is None:
                    parent.extend(inner)
                else:
                    node["c"] = inner
                    if node["t"] == "a" and text_of(inner).strip() not in (node["u"], node["u"].removeprefix("mailto:")):
                        node["x"] = 1  # print the address after the text
                    parent.append(node)
        while len(stack) > 1:  # unbalanced (should not happen): keep the text
            _node, inner = stack.pop()
            stack[-1][1].extend(inner)
        return _merge_text(root)

    def _open_inline(self, tok, t: str) -> dict | None:
        if t != "a":
            return {"t": t}
        href = (tok.attrGet("href") or "").strip()
        if href.startswith("#") or not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            anchor = self.resolve(href)
            if anchor:
                return {"t": "ref", "to": anchor}
            self.refused.append(href)
            return None
        if safe_url(href):
            return {"t": "a", "u": href}
        self.refused.append(href)
        return None  # the text stays, the link goes

    def blocks(self, tokens) -> list[Node]:
        """Block tokens -> block nodes (a stack, never recursion)."""
        root: list[Node] = []
        stack: list[tuple[dict, list[Node]]] = [({"t": "root"}, root)]
        for tok in tokens:
            kind, children = tok.type, stack[-1][1]
            if kind == "inline":
                children.extend(self.inline(tok.children or []))
            elif kind in ("fence", "code_block"):
                children.append({"t": "pre", "v": tok.content.rstrip("\n")})
            elif kind == "hr":
                children.append({"t": "hr"})
            elif kind in _BLOCK_PAIRS:
                node: dict = {"t": _BLOCK_PAIRS[kind]}
                if kind == "heading_open":
                    node["l"] = int(tok.tag[1])
                elif kind == "ordered_list_open":
                    node["s"] = int(tok.attrGet("start") or 1)
                stack.append((node, []))
            elif kind.endswith("_close") and len(stack) > 1:
                node, inner = stack.pop()
                self._close(node, inner, stack[-1][1])
        return root

    @staticmethod
    def _close(node: dict, inner: list[Node], parent: list[Node]) -> None:
        t = node["t"]
        if t in ("thead", "tbody"):  # rows go straight into the table
            if t == "thead" and inner:
                parent.append({"t": "header-row"})
            parent.extend(inner)
            return
        if t == "cell":
            node = {"t": "td", "c": _merge_text(inner)}
        elif t == "table":
            node["h"] = 1 if any(isinstance(r, dict) and r.get("t") == "header-row" for r in inner) else 0
            node["c"] = [r for r in inner if isinstance(r, dict) and r.get("t") == "tr"]
        elif t in ("p", "h"):
            node["c"] = _merge_text(inner)
        else:  # q, ul, ol, li, tr
            node["c"] = inner
        parent.append(node)


def _depth(nodes: list[Node]) -> int:
    deepest, stack = 0, [(n, 1) for n in nodes]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(n, dict):
            stack.extend((child, d + 1) for child in n.get("c", ()))
    return deepest


# Containers need this much depth left for their own rows, items or cells and
# at least one level of content; with less, they become a paragraph of text.
_NEEDS = {"table": 4, "ul": 3, "ol": 3, "q": 2}
_PARTS = frozenset({"tr", "td", "li"})  # always kept: their container made room for them


def _flatten(nodes: list[Node], budget: int) -> list[Node]:
    """Replace structure nested deeper than ``budget`` by its text (iterative)."""
    out: list[Node] = []
    work = [(nodes, out, budget)]
    while work:
        src, dst, left = work.pop()
        for n in src:
            if isinstance(n, str) or "c" not in n:
                dst.append(n)
            elif left < _NEEDS.get(n["t"], 0):
                dst.append({"t": "p", "c": [text_of([n])]})
            elif left > 1 or n["t"] in _PARTS:
                copy = {**n, "c": []}
                dst.append(copy)
                work.append((n["c"], copy["c"], left - 1))
            elif n["t"] in ("p", "h"):
                dst.append({"t": "p", "c": [text_of([n])]})
            else:
                dst.append(text_of([n]))
    return out


def markdown_nodes(text: str, resolve: Resolve, refused: list[str]) -> list[Node]:
    """Parse contributed Markdown into block nodes; refused link targets are appended to ``refused``."""
    tokens = _MD.parse(text)
    if any(tok.level >= MAX_BLOCK_NESTING for tok in tokens):
        # markdown-it stops reading a body nested this deep: print it as it was written.
        return [{"t": "pre", "v": text}]
    nodes = _Converter(resolve, refused).blocks(tokens)
    if _depth(nodes) > MAX_DEPTH:
        nodes = _flatten(nodes, MAX_DEPTH)
    return nodes
