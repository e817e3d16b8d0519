"""Front matter of hand-written pages: what a stranger may set, and how it is printed.

MkDocs reads metadata at the top of a page in two forms: a YAML block between
``---`` lines, or MultiMarkdown-style ``key: value`` lines up to the first
blank line.  Themes print some values raw into ``<title>``, ``<meta>``, the
header and the navigation (MkDocs' Jinja environment does not autoescape),
and others choose what is rendered: ``template: redirect.html`` with a
``location: javascript:...`` would run script on load.  So:

- only the keys in :data:`ALLOWED_KEYS` may be set, each with its type
  (:func:`check_front_matter` reports anything else as ``file:line:col``);
- every text value is HTML-escaped (:func:`escape_meta`) before a template
  sees it, by the site plugin and in the Markdown export alike; keys that are
  not allowed are dropped there too.

:func:`split_front_matter` finds the block exactly as MkDocs 1.6
(``mkdocs.utils.meta``) does, so that no metadata can hide from the check.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import yaml

from dossierkit.errors import DossierError, Problem
from dossierkit.loading.names import invisible_message
from dossierkit.loading.yaml_loader import parse_yaml

# The same expressions as mkdocs.utils.meta (MkDocs 1.6).
_YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE_RE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

TEXT_KEYS = ("title", "description", "author")
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
ALLOWED_KEYS = TEXT_KEYS + ("hide", "search")
MAX_TEXT = 300
_UNSAFE_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class FrontMatter:
    """Where a page's metadata is: its raw text, the line it starts on, and the body after it."""

    style: str  # "yaml", "multimarkdown" or "" (none)
    text: str  # the metadata as written (YAML without the --- lines)
    first_line: int  # line of the page where ``text`` starts
    body: str  # the page after the metadata, as MkDocs passes it to Markdown
    body_line: int  # line of the page where ``body`` starts


_TAG_RE = re.compile(r"<[^>]*>")


def plain_title(title: str) -> str:
    """A page title as the plugin keeps it in the page's metadata: MkDocs' heading text (escaped
    HTML) without its tags.  Material prints ``meta.title`` as it is, where it would print
    the title through Jinja's ``striptags``, which unescapes entities."""
    return _TAG_RE.sub("", title)


def split_front_matter(page: str) -> FrontMatter:
    """The metadata block of ``page`` as MkDocs finds it (see the module docstring)."""
    m = _YAML_RE.match(page)
    if m:
        try:
            data = yaml.safe_load(m.group(1))
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            rest = page[m.end():]
            body = rest.lstrip("\n")
            body_line = page.count("\n", 0, m.end()) + 1 + (len(rest) - len(body))
            return FrontMatter("yaml", m.group(1), 2, body, body_line)
        return FrontMatter("", "", 1, page, 1)  # not a mapping: MkDocs keeps the page whole (two rules)
    lines = page.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    taken, key = 0, False
    for line in lines:
        if line.strip() == "":
            if taken:
                taken += 1  # the blank line that ends the block
            break
        if _META_RE.match(line) or (key and _META_MORE_RE.match(line)):
            key = True
            taken += 1
            continue
        break
    if not key:
        return FrontMatter("", "", 1, page, 1)
    meta_lines = [line for line in lines[:taken] if line.strip()]
    rest = "\n".join(lines[taken:])
    body = rest.lstrip("\n")  # as MkDocs passes it on
    return FrontMatter("multimarkdown", "\n".join(meta_lines) + "\n", 1, body, taken + 1 + len(rest) - len(body))


def _text_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "expected one line of text"
    if not value.strip():
        return "is empty"
    if len(value) > MAX_TEXT:
        return f"is {len(value):,} characters long; the limit is {MAX_TEXT}"
    if _UNSAFE_TEXT.search(value.strip()):
        return "must be one line of text without control or bidirectional control characters"
    return invisible_message(value)


def _check_value(key: str, value: Any) -> list[tuple[tuple, str]]:
    """(key path, message) for every problem of one allowed key's value."""
    if key in TEXT_KEYS:
        problem = _text_problem(value)
        return [((key,), problem)] if problem else []
    if key == "hide":
        if not isinstance(value, list):
            return [((key,), f"expected a list of: {', '.join(HIDE_VALUES)}")]
        return [((key, i), f"{item!r} is not one of: {', '.join(HIDE_VALUES)}")
                for i, item in enumerate(value) if item not in HIDE_VALUES]
    if key == "search":
        if not isinstance(value, dict):
            return [((key,), "expected a mapping with exclude: true/false and/or boost: a number")]
        out = []
        for name, item in value.items():
            if name == "exclude" and isinstance(item, bool):
                continue
            if name == "boost" and _number(item) is not None:
                continue
            out.append(((key, name), "search takes exclude: true/false and boost: a number from 0.1 to 100"))
        return out
    return []


def _number(value: Any) -> float | None:
    try:
        number = float(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
    except ValueError:
        return None
    return number if number is not None and 0.1 <= number <= 100 else None


def check_front_matter(page: str, display: str) -> list[Problem]:
    """Every problem with the metadata of the page text ``page`` (shown as ``display``)."""
    fm = split_front_matter(page)
    if not fm.style:
        return []
    allowed = ", ".join(ALLOWED_KEYS)
    if fm.style == "multimarkdown":
        problems = []
        for i, line in enumerate(fm.text.splitlines()):
            m = _META_RE.match(line)
            if m and m.group("key").lower() not in ALLOWED_KEYS:
                problems.append(Problem(display, fm.first_line + i, 1 + line.index(m.group("key")),
                                        f"front matter: {m.group('key')!r} is not allowed; pages may set: {allowed} "
                                        "(a first line 'word: text' is read as metadata; put a heading first)"))
        return problems
    try:
        doc = parse_yaml(fm.text, display)
    except DossierError as exc:
        return [Problem(p.path, p.line + fm.first_line - 1, p.column, f"front matter: {p.message}")
                for p in exc.problems]
    problems = []
    for key, value in doc.data.items():
        line, column = doc.pos((key,))
        if key not in ALLOWED_KEYS:
            problems.append(Problem(display, line + fm.first_line - 1, column,
                                    f"front matter: {key!r} is not allowed; pages may set: {allowed}"))
            continue
        for path, message in _check_value(key, value):
            line, column = doc.pos(path)
            problems.append(Problem(display, line + fm.first_line - 1, column, f"front matter: {key}: {message}"))
    return problems


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(" ".join(value.split()), quote=True)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _escaped(v) for k, v in value.items()}
    return value


def escape_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` with only the allowed keys, each text value HTML-escaped for any template slot.

    Values that do not have their key's type are dropped, so that even a page
    that failed its check (``mkdocs serve`` keeps serving) reaches no
    template unescaped.
    """
    safe: dict[str, Any] = {}
    for key in ALLOWED_KEYS:
        if key not in meta:
            continue
        value = meta[key]
        if key in TEXT_KEYS and isinstance(value, str) and value.strip():
            safe[key] = _escaped(value)
        elif key == "hide" and isinstance(value, list):
            safe[key] = [v for v in value if v in HIDE_VALUES]
        elif key == "search" and isinstance(value, dict):
            search: dict[str, Any] = {}
            if isinstance(value.get("exclude"), bool):
                search["exclude"] = value["exclude"]
            boost = _number(value.get("boost"))
            if boost is not None:
                search["boost"] = boost
            safe[key] = search
    return safe
