"""Two ways to write the same generated content: Markdown, or ready-made HTML.

Entry pages are assembled by one set of section functions (``entity_page``)
that write through a format object:

- :class:`MarkdownFormat` writes Markdown: what ``dossier export`` publishes
  for other engines and what the PDF converts.
- :class:`HtmlFormat` writes the HTML that Python-Markdown would have made of
  that Markdown.  The site uses it for everything on an entry page except the
  contributed body and the headings: inline-processing these generated lists
  was most of the build time (see ``docs/reference/benchmarks.md``).

Both escape every contributed string; the HTML format builds links from a
page-to-page ``href`` function that the site adapter supplies, because only
the site engine knows its URLs.
"""

from __future__ import annotations

from typing import Callable, Iterable, Protocol

from dossierkit.render.text import attr, entry_link, html_text, md_text, page_path, rel_link, table_cell
from dossierkit.structure.entry import Entry

Href = Callable[[str, str], str]  # (from page source path, to page source path) -> relative URL


class Format(Protocol):
    """What the section functions of a generated page write through."""

    def text(self, text: str) -> str:
        """Contributed plain text, escaped and on one line (with glossary tooltips on the site)."""

    def plain(self, text: str) -> str:
        """Contributed plain text, escaped and on one line, never marked up (names, addresses, tags, quotes, titles)."""

    def link(self, entry: Entry, label: str | None = None) -> str:
        """A link to ``entry``'s page (its label unless ``label`` is given)."""

    def page_link(self, to_page: str, anchor: str, label: str) -> str:
        """A link to ``to_page#anchor`` with a fixed (non-contributed) label."""

    def strong(self, inner: str) -> str:
        """``inner`` (already in this format) in bold."""

    def paragraph(self, inner: str) -> str:
        """``inner`` (already in this format) as a paragraph."""

    def classed_paragraph(self, css_class: str, inner: str, searched: bool = True) -> str:
        """``inner`` (already in this format) as a paragraph of class ``css_class`` (a fixed name);
        ``searched=False`` leaves it out of the search index."""

    def bullets(self, items: Iterable[str]) -> str:
        """An unordered list of items already in this format."""

    def folded(self, css_class: str, summary: str, inner: str) -> str:
        """A paragraph ``inner`` folded under a ``summary`` line (``<details>`` of class ``css_class``;
        ``summary`` is fixed text)."""

    def numbered(self, items: Iterable[str]) -> str:
        """An ordered list, numbered from 1, of items already in this format."""

    def table(self, head: list[str], rows: Iterable[list[str]]) -> str:
        """A table with a header row; cells already in this format."""

    def blocks(self, blocks: Iterable[str]) -> str:
        """Blocks (already in this format) one after another."""

    def div(self, attributes: str, blocks: Iterable[str]) -> str:
        """Blocks (already in this format) in a ``<div>`` with ``attributes`` (escaped HTML)."""


class MarkdownFormat:
    """Markdown for the export and the print document; see the module docstring."""

    def __init__(self, page: str):
        self.page = page

    def text(self, text: str) -> str:
        return md_text(text)

    def plain(self, text: str) -> str:
        return md_text(text)

    def link(self, entry: Entry, label: str | None = None) -> str:
        return entry_link(self.page, entry, label)

    def page_link(self, to_page: str, anchor: str, label: str) -> str:
        return f"[{label}]({rel_link(self.page, to_page, anchor)})"

    def strong(self, inner: str) -> str:
        return f"**{inner}**"

    def paragraph(self, inner: str) -> str:
        return inner

    def classed_paragraph(self, css_class: str, inner: str, searched: bool = True) -> str:
        exclude = "" if searched else ' data-search-exclude=""'
        return f"{inner}\n{{: .{css_class}{exclude} }}"  # attr_list: the links inside stay Markdown links

    def bullets(self, items: Iterable[str]) -> str:
        return "\n".join(f"- {item}" for item in items)

    def folded(self, css_class: str, summary: str, inner: str) -> str:
        return f'<details class="{css_class}" markdown>\n<summary>{summary}</summary>\n\n{inner}\n\n</details>'

    def numbered(self, items: Iterable[str]) -> str:
        return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))

    def table(self, head: list[str], rows: Iterable[list[str]]) -> str:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(table_cell(cell) for cell in row) + " |" for row in rows]
        return "\n".join(lines)

    def blocks(self, blocks: Iterable[str]) -> str:
        return "\n\n".join(blocks)

    def div(self, attributes: str, blocks: Iterable[str]) -> str:
        return f"<div {attributes} markdown>\n\n" + "\n\n".join(blocks) + "\n\n</div>"


def _one_line(text: str) -> str:
    """Contributed text escaped for HTML, on one line (as ``md_text`` does for Markdown)."""
    return html_text(" ".join(text.split()))


class HtmlFormat:
    """HTML for the site, shaped like Python-Markdown's output of the Markdown form.

    ``mark`` (escaped text -> HTML, e.g. :meth:`Glossary.mark_text`) adds
    glossary tooltips to contributed text outside links, as the site does to
    every page; marking the text here is far cheaper than re-reading the
    finished HTML.
    """

    def __init__(self, page: str, href: Href, mark: Callable[[str], str] | None = None):
        self.page = page
        self.href = href
        self.mark = mark

    def text(self, text: str) -> str:
        escaped = _one_line(text)
        return self.mark(escaped) if self.mark else escaped

    def plain(self, text: str) -> str:
        return _one_line(text)

    def link(self, entry: Entry, label: str | None = None) -> str:
        href = attr(self.href(self.page, page_path(entry)))
        return f'<a href="{href}">{_one_line(label or entry.label)}</a>'

    def page_link(self, to_page: str, anchor: str, label: str) -> str:
        target = f"#{anchor}" if to_page == self.page else self.href(self.page, to_page) + f"#{anchor}"
        return f'<a href="{attr(target)}">{label}</a>'

    def strong(self, inner: str) -> str:
        return f"<strong>{inner}</strong>"

    def paragraph(self, inner: str) -> str:
        return f"<p>{inner}</p>"

    def classed_paragraph(self, css_class: str, inner: str, searched: bool = True) -> str:
        exclude = "" if searched else " data-search-exclude"
        return f'<p class="{css_class}"{exclude}>{inner}</p>'

    def bullets(self, items: Iterable[str]) -> str:
        return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"

    def folded(self, css_class: str, summary: str, inner: str) -> str:
        return f'<details class="{css_class}">\n<summary>{summary}</summary>\n<p>{inner}</p>\n</details>'

    def numbered(self, items: Iterable[str]) -> str:
        return "<ol>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ol>"

    def table(self, head: list[str], rows: Iterable[list[str]]) -> str:
        out = ["<table>\n<thead>\n<tr>\n", "".join(f"<th>{h}</th>\n" for h in head), "</tr>\n</thead>\n<tbody>\n"]
        for row in rows:
            out.append("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in row) + "</tr>\n")
        out.append("</tbody>\n</table>")
        return "".join(out)

    def blocks(self, blocks: Iterable[str]) -> str:
        return "\n".join(blocks)

    def div(self, attributes: str, blocks: Iterable[str]) -> str:
        return f"<div {attributes}>\n" + "\n".join(blocks) + "\n</div>"
