"""Neutralise contributed Markdown and sanitise HTML with an allowlist.

Two layers, so that every output is safe on its own:

1. :func:`sanitize_markdown` runs on every contributed Markdown body before
   it is placed on a page (site, Markdown export, print document): raw HTML
   (tags, comments) is escaped so it shows as text, link and image targets
   with a scheme other than ``http``/``https``/``mailto`` are replaced, and
   images from other hosts are turned into links (no request leaves a
   reader's machine).
2. :func:`sanitize_html` runs on the final HTML of every page with an
   allowlist of tags, attributes and URL schemes (nh3 / ammonia).
"""

from __future__ import annotations

import re

import nh3

from dossierkit.wikilinks import code_ranges

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
UNSAFE_TARGET = "#unsafe-link-removed"
_SCHEME_RE = re.compile(r"^\s*<?\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
# Inline link or image target: ](target "title")
_INLINE_TARGET_RE = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\n]*)\)")
# Reference definition: [label]: target "title"
_REF_DEF_RE = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*)(\S+)(.*)$", re.MULTILINE)


def _unsafe(target: str) -> bool:
    # Browsers ignore tabs, newlines and control characters inside schemes.
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", target)
    m = _SCHEME_RE.match(cleaned)
    if m:
        return m.group(1).lower() not in SAFE_SCHEMES
    return cleaned.startswith("//")  # protocol-relative: another host


def _outside_code(text: str, transform) -> str:
    out, last = [], 0
    for start, end in code_ranges(text):
        out.append(transform(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(transform(text[last:]))
    return "".join(out)


def _fix_links(chunk: str) -> str:
    chunk = chunk.replace("<", "&lt;")

    def inline(m: re.Match) -> str:
        bang, label, inner = m.groups()
        if _unsafe(inner):
            return f"[{label}]({UNSAFE_TARGET})"
        if bang and re.match(r"^\s*<?\s*(https?:)?//", inner, re.IGNORECASE):
            return f"[{label or 'image'}]({inner})"  # remote image -> plain link
        return m.group(0)

    def ref_def(m: re.Match) -> str:
        return m.group(1) + (UNSAFE_TARGET if _unsafe(m.group(2)) else m.group(2)) + m.group(3)

    chunk = _INLINE_TARGET_RE.sub(inline, chunk)
    return _REF_DEF_RE.sub(ref_def, chunk)


def sanitize_markdown(text: str) -> str:
    """Contributed Markdown made inert: see the module docstring."""
    return _outside_code(text, _fix_links)


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
    "*": _GENERIC | {"data-status", "data-groups", "data-sort", "data-kind", "data-year", "data-filter", "data-value", "data-graph"},
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


def sanitize_html(fragment: str) -> str:
    """``fragment`` with only allowlisted tags, attributes and URL schemes kept."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
