"""Citations on an entry's page: markers in the text, and the reference list they lead to.

Like an encyclopaedia's footnotes, but with the evidence:

- a statement carries **one marker per source** (``[3]``), however many
  times it cites that source; the marker links to the source's item in the
  reference list and names, for the page's script, the quotes it rests on;
- the reference list gives each source once (publisher, title, kind, date,
  address, archived copy), the **quotes** the page's citations carry (in the
  page's own language, right to left where the script needs it, with the
  translation and who made it, and the locator), and **back-links** to every
  marker that cites it (``^ a b c``), so that a reader can go back;
- the site's script (``assets/dossier.js``) shows a marker's source and
  quote on hover or keyboard focus, from the reference list on the page:
  nothing is fetched, so it works offline.

Everything contributed is escaped here; the markers and the list are the
same HTML in the site and (as inline HTML) in the Markdown export.
"""

from __future__ import annotations

from dossierkit.render.formats import Format
from dossierkit.render.text import attr, html_text, language_name, text_dir
from dossierkit.schema.citation import Cite, is_english
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _letter(k: int) -> str:
    """``a`` .. ``z``, then ``aa``, ``ab`` ... for the k-th back-link (1-based)."""
    out = ""
    while k:
        k, r = divmod(k - 1, 26)
        out = _LETTERS[r] + out
    return out


class Citations:
    """The citations of one page: numbers by first mention, markers, and the quotes they carry."""

    def __init__(self, entry: Entry):
        self.numbers = {sid: i + 1 for i, sid in enumerate(entry.cited_sources())}
        self.markers: dict[int, list[str]] = {}  # number -> ids of its markers, in page order
        self.quotes: dict[int, list[Cite]] = {}  # number -> distinct quoted citations, in page order

    def _quote_index(self, n: int, cite: Cite) -> int:
        items = self.quotes.setdefault(n, [])
        key = (cite.quote, cite.locator, cite.translation)
        for i, other in enumerate(items, 1):
            if (other.quote, other.locator, other.translation) == key:
                return i
        items.append(cite)
        return len(items)

    def refs(self, cites) -> str:
        """The markers of one statement: one per source, in the order first cited."""
        by_source: dict[str, list[Cite]] = {}
        for cite in cites:
            if cite.source in self.numbers:
                by_source.setdefault(cite.source, []).append(cite)
        links = []
        for sid, group in by_source.items():
            n = self.numbers[sid]
            marker = f"cite-ref-{n}-{len(self.markers.setdefault(n, [])) + 1}"
            self.markers[n].append(marker)
            quotes = " ".join(str(self._quote_index(n, c)) for c in group if c.quote)
            data = f' data-quotes="{quotes}"' if quotes else ""
            links.append(f'<a href="#cite-{n}" id="{marker}" data-cite="{n}"{data} aria-label="Source {n}">[{n}]</a>')
        # Markers are left out of search: a snippet should not read "[1][2]".
        return f'<sup class="dossier-cite" data-search-exclude>{"".join(links)}</sup>' if links else ""

    def backlinks(self, n: int) -> str:
        """``^`` (one marker) or ``^ a b c`` (several): links back to the markers of source ``n``."""
        markers = self.markers.get(n, [])
        if not markers:
            return ""
        if len(markers) == 1:
            return (f'<span class="dossier-backrefs"><a href="#{markers[0]}" '
                    f'aria-label="Back to where it is cited">^</a></span> ')
        links = " ".join(f'<a href="#{m}" aria-label="Back to citation {_letter(k)}">{_letter(k)}</a>'
                         for k, m in enumerate(markers, 1))
        return f'<span class="dossier-backrefs">^ {links}</span> '


def quote_html(cite: Cite, fmt: Format, anchor: str = "") -> str:
    """A quote in its own language (``lang``/``dir`` set), its translation and who made it, and its locator."""
    ident = f' id="{attr(anchor)}"' if anchor else ""
    if cite.lang and not is_english(cite.lang):
        lang = f' lang="{attr(cite.lang)}" dir="{text_dir(cite.lang)}"'
        label = f'<span class="dossier-lang">{html_text(language_name(cite.lang))}</span> '
    else:
        lang, label = "", ""
    out = f'<span class="dossier-quote"{ident}>{label}<q{lang}>{fmt.plain(cite.quote)}</q>'
    if cite.translation:
        by = f", translated by {fmt.plain(cite.translated_by)}" if cite.translated_by else ""
        out += f' <span class="dossier-translation">(“{fmt.plain(cite.translation)}”{by})</span>'
    if cite.locator:
        out += f' <span class="dossier-locator">{fmt.plain(cite.locator)}</span>'
    return out + "</span>"


def source_citation(dossier: Dossier, source: Entry, fmt: Format) -> str:
    """``Publisher, “Title” (news report, 24 September 2025). Read · Archived copy · Source entry``."""
    d = source.data
    meta = [dossier.vocabulary.label("source_kinds", d["kind"]).lower()]
    if d.get("published"):
        meta.append(d["published"].human())
    # The title is a <cite>: a title, never marked with glossary tooltips.
    text = f"{fmt.plain(d['publisher'])}, <cite>“{fmt.plain(d['title'])}”</cite> ({', '.join(meta)})."
    if d.get("url"):
        text += f' <a href="{attr(d["url"])}" class="dossier-external">Read</a> ·'
    if d.get("archive_url"):
        text += f' <a href="{attr(d["archive_url"])}" class="dossier-external">Archived copy</a> ·'
    return text + " " + fmt.link(source, "Source entry")


def reference_list(dossier: Dossier, cites: Citations, fmt: Format) -> str:
    """The numbered reference list: each source once, with its back-links and the quotes cited from it."""
    items = []
    for sid, n in cites.numbers.items():
        quotes = cites.quotes.get(n, [])
        quoted = "".join(f"<li>{quote_html(c, fmt, f'cite-{n}-q{i}')}</li>" for i, c in enumerate(quotes, 1))
        items.append(f'<span id="cite-{n}"></span>{cites.backlinks(n)}'
                     f'{source_citation(dossier, dossier.entries[sid], fmt)}'
                     + (f'<ul class="dossier-quotes">{quoted}</ul>' if quoted else ""))
    return fmt.numbered(items)
