"""Escaping and linking helpers shared by every renderer.

Every contributed string goes through :func:`md_text` (for Markdown) or
:func:`attr` / :func:`html_text` (for HTML) before it is placed on a page.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from typing import Protocol

from babel import Locale

from dossierkit.render.page_paths import LEGEND_PAGE, page_path
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.entry import Entry

# Characters that can start inline markup anywhere in a line (emphasis, code,
# links and images via "[", attribute lists, table cells, ATX closing hashes,
# escapes), all of which Python-Markdown and CommonMark let a backslash
# escape.  "(", ")", "!" and "." are inert without them.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
# List markers that only count at the very start of a line.
_MD_LEADING = re.compile(r"^(\d+)([.)])|^([-+])")
RTL_LANGS = frozenset({"ar", "fa", "ur", "he", "ps", "ku", "ckb", "sd", "ug", "yi", "dv"})


def html_text(text: str) -> str:
    """Escape ``text`` for an HTML text node."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape ``text`` for a double-quoted HTML attribute value."""
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Make contributed plain text safe and literal inside Markdown.

    HTML is escaped (so ``<script>`` shows as text); every character that can
    start inline markup is backslash-escaped (so ``[x](javascript:...)`` is
    not a link and ``*`` is not emphasis), and so is a list or heading marker
    at the very start.  Newlines become spaces, so the text stays on its line.
    Only what can matter is escaped, so the exported Markdown stays readable
    for people and other engines.
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))
    return _MD_LEADING.sub(lambda m: (m.group(1) + "\\" + m.group(2)) if m.group(1) else "\\" + m.group(3), escaped)


@functools.lru_cache(maxsize=None)
def language_name(code: str) -> str:
    """The English name of a language code, from the CLDR data Babel maintains: ``fa`` ->
    ``Persian``, ``ja`` -> ``Japanese``, ``zh-Hans`` -> ``Simplified Chinese``; a code
    CLDR does not know is returned as given."""
    names = Locale("en").languages
    parts = code.replace("_", "-").split("-")
    for key in ("_".join(parts[:2]), parts[0], parts[0].lower()):
        if key in names:
            return names[key]
    return code


def text_dir(code: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if code.split("-")[0] in RTL_LANGS else "ltr"


def native_span(name: str, lang: str, escape=html_text) -> str:
    """A name in its own script, with ``lang`` and ``dir`` set for correct shaping.

    ``escape`` escapes the name for where the span lands: :func:`html_text` in
    HTML, :func:`md_text` inside Markdown (the text of an inline HTML element
    is still Markdown: ``[x](javascript:...)`` in a name would be a link).
    """
    return f'<span lang="{attr(lang)}" dir="{text_dir(lang)}">{escape(name)}</span>'



def rel_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """Relative Markdown link target from one page source path to another."""
    if from_page == to_page:
        return f"#{anchor}" if anchor else posixpath.basename(to_page)
    to_folder, _, name = to_page.rpartition("/")
    if name in ("", ".", "..") or "/" in (to_page[:1], from_page[:1]) or ".." in from_page:  # relpath's own cases
        # (absolute paths, and a source folder above the top, whose way depends on the working folder)
        target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    else:  # a site has a few folders and many pages: the way between two folders is worked out once
        way = _folder_way(from_page.rpartition("/")[0], to_folder)
        target = name if way == "." else f"{way}/{name}"
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=4096)
def _folder_way(from_folder: str, to_folder: str) -> str:
    """``posixpath.relpath`` from one folder of the site to another ('' is the top)."""
    return posixpath.relpath(to_folder or ".", from_folder or ".")


def entry_link(from_page: str, entry: Entry, label: str | None = None) -> str:
    """A Markdown link to ``entry``'s page, with an escaped label."""
    return f"[{md_text(label or entry.label)}]({rel_link(from_page, page_path(entry))})"


BADGE_WORDS = {"status": "Status", "confidence": "Confidence"}


class LegendLink(Protocol):
    """What writes a badge's link to the legend: a page's format (``render/formats.py``)."""

    def page_link(self, to_page: str, anchor: str, label: str) -> str:
        """A link to ``to_page#anchor`` with a fixed (non-contributed) label."""


def badge_anchor(group: str, value: str) -> str:
    """The anchor of a status or confidence value on the legend page (``status-floated``)."""
    return f"{group}-{value}"


def _badge(group: str, value: str, info, extra: str = "", legend: LegendLink | None = None,
           anchor: bool = False) -> str:
    """A badge that says what it is: "Status: Floated"; its definition is its title, and it
    links to its line of the legend (``legend``), or is that line's anchor (``anchor``)."""
    words = html_text(f"{BADGE_WORDS[group]}: {info.label}")
    inner = legend.page_link(LEGEND_PAGE, badge_anchor(group, value), words) if legend is not None else words
    ident = f' id="{badge_anchor(group, value)}"' if anchor else ""
    return (f'<span class="dossier-badge dossier-{group} dossier-{group}-{value}"{ident}{extra} '
            f'title="{attr(info.definition)}">{inner}</span>')


def status_badge(vocab: Vocabulary, status: str | None, legend: LegendLink | None = None, anchor: bool = False) -> str:
    """An HTML badge for a status value ('' for none), linked to the legend when ``legend`` is given."""
    info = vocab.status(status)
    if info is None:
        return ""
    return _badge("status", status, info, f' data-status="{attr(status)}"', legend, anchor)  # type: ignore[arg-type]


def confidence_badge(vocab: Vocabulary, confidence: str | None, legend: LegendLink | None = None,
                     anchor: bool = False) -> str:
    """An HTML badge for a confidence value ('' for none), linked to the legend when ``legend`` is given."""
    info = vocab.get("confidence", confidence)
    if info is None:
        return ""
    return _badge("confidence", confidence, info, "", legend, anchor)  # type: ignore[arg-type]


def badges(vocab: Vocabulary, status: str | None, confidence: str | None, legend: LegendLink | None = None) -> str:
    """Status then confidence badge, space-separated, each linked to the legend through ``legend``
    (a page's format, which knows how to link from its page)."""
    return " ".join(b for b in (status_badge(vocab, status, legend), confidence_badge(vocab, confidence, legend)) if b)


_PIPE = re.compile(r"(\\*)\|")


def table_cell(markdown: str) -> str:
    r"""Make already-rendered Markdown safe inside a pipe-table cell.

    A pipe that is already escaped (``md_text`` escapes every pipe) stays as
    it is; escaping it again would make ``\\|``, an escaped backslash and a
    cell boundary.
    """
    return _PIPE.sub(lambda m: m.group(0) if len(m.group(1)) % 2 else m.group(1) + "\\|",
                     markdown.replace("\n", " "))
