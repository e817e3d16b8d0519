"""One page per entry: badges, infobox, body, relations, events, backlinks, citations."""

from __future__ import annotations

from dossierkit.render.citations import Citations, reference_list
from dossierkit.render.context import SiteOptions, edit_line, period, render_body
from dossierkit.render.formats import Format, HtmlFormat, MarkdownFormat
from dossierkit.render.graph_neighbours import has_neighbours
from dossierkit.render.infobox import count_text, entry_badges, infobox_rows
from dossierkit.render.position_sections import write_position_sections
from dossierkit.render.slots import PageWriter, SiteParts
from dossierkit.render.plain_prose import is_plain_text, one_line, plain_body_html
from dossierkit.render.text import attr, badges, html_text, page_path
from dossierkit.schema.kinds import BIBLIOGRAPHY
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry


# Sections that list other entries (each has its own page) are left out of
# the search index (Material's data-search-exclude): they multiplied its size
# and made every search for an entry return every page that mentions it.
NO_SEARCH = (("data-search-exclude", ""),)  # heading attributes


def has_graph(dossier: Dossier, entry: Entry) -> bool:
    """Whether the entry has neighbours to draw (see ``render/graph_fan.py``)."""
    return has_neighbours(dossier, entry)


def graph_placeholder(key: str) -> str:
    """Where a graph goes; the site adapter replaces it with SVG after sanitizing."""
    return f'<div class="dossier-graph" data-graph="{key}"></div>'


def _infobox(out: PageWriter, fmt: Format, rows: list[tuple[str, str]]) -> None:
    if rows:
        # Left out of search: a search snippet is the start of the page's prose, not a table
        # (the names an entry is known by are in the index's tags: plugin/search.py).
        table = fmt.table(["Field", "Value"], [list(r) for r in rows])
        out.block(fmt.div('class="dossier-infobox" data-search-exclude', [table]), searched=False)


def _relations(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    groups = dossier.grouped_relations(entry.id)
    if not groups:
        return
    vocab = dossier.vocabulary
    out.heading(2, "Relations", NO_SEARCH)
    for group in groups:
        out.heading(3, group.heading, NO_SEARCH)
        items = []
        for view in group.views:
            rel = view.relation
            bits = [fmt.link(dossier.entries[view.other])]
            for extra in (period(rel.since, rel.until), badges(vocab, rel.status, rel.confidence, fmt),
                          fmt.text(rel.note) if rel.note else ""):
                if extra:
                    bits.append(extra)
            items.append(" · ".join(bits) + cites.refs(rel.sources))
        out.block(fmt.bullets(items), late=True)


def _counts(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    counts = entry.data.get("counts") or []
    if not counts:
        return
    vocab = dossier.vocabulary
    default = vocab.count_series[0].value if vocab.count_series else ""
    order = [s.value for s in vocab.count_series]
    for key in sorted({c.get("series") or default for c in counts}, key=lambda k: order.index(k) if k in order else 0):
        series = vocab.series(key)
        out.heading(2, f"{series.label if series else key} over time")
        rows = [[c["date"].human(), count_text(c, series).rsplit(" (", 1)[0],
                 " ".join(x for x in (badges(vocab, None, c.get("confidence"), fmt), fmt.text(c.get("note", "")),
                                      cites.refs(c["sources"])) if x)]
                for c in sorted(counts, key=lambda c: c["date"].sort_key) if (c.get("series") or default) == key]
        out.block(fmt.table(["Date", series.unit.capitalize() if series else "Count", "Note"], rows))


def _claims(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    claims = entry.data.get("claims") or []
    if not claims:
        return
    out.heading(2, "Claims")
    vocab = dossier.vocabulary
    out.block(fmt.bullets(f"{fmt.text(c['text'])} {badges(vocab, c.get('status'), c['confidence'], fmt)}"
                          f"{reason_html(dossier.reason(entry.id, ('claims', i)))}{cites.refs(c['sources'])}"
                          for i, c in enumerate(claims)))


def _events(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry) -> None:
    events = dossier.events_of(entry.id)
    if not events:
        return
    out.heading(2, "Timeline", NO_SEARCH)
    out.block(fmt.bullets(
        f"{fmt.strong(ev.data['date'].human())} — {fmt.link(ev)} {entry_badges(dossier, ev, fmt)}".rstrip()
        for ev in events), late=True)


def listed_elsewhere(dossier: Dossier, entry: Entry) -> set[str]:
    """Ids the page lists in its infobox ("Related", "Affects", "Participants"...), Relations and
    Timeline sections: its "Referenced by" leaves them out."""
    ids = {view.other for view in dossier.relations_of(entry.id)} | {ev.id for ev in dossier.events_of(entry.id)}
    for row in entry.kind.infobox:
        if row.show == "links":
            value = entry.data.get(row.field) or ()
            ids.update([value] if isinstance(value, str) else value)
    return ids


def _backlinks(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry) -> None:
    is_source = entry.kind.role == BIBLIOGRAPHY
    ids = dossier.citations.get(entry.id, []) if is_source else dossier.backlinks.get(entry.id, [])
    if ids:
        shown = listed_elsewhere(dossier, entry)  # each item once per page
        ids = [i for i in ids if i not in shown]
    if not ids:
        return
    out.heading(2, entry.kind.backlinks_heading, NO_SEARCH)
    out.block(fmt.bullets(f"{fmt.link(dossier.entries[rid])} ({dossier.entries[rid].kind.name})" for rid in ids),
              late=True)


def _citations(out: PageWriter, fmt: Format, dossier: Dossier, cites: Citations) -> None:
    if not cites.numbers:
        return
    out.heading(2, "Sources", NO_SEARCH)
    out.block(reference_list(dossier, cites, fmt), late=True)


def reason_html(reason: str) -> str:
    """Plain words for how well a statement's sources support it, after its confidence badge."""
    return f' <span class="dossier-reason">({reason})</span>' if reason else ""


def prose_body_html(dossier: Dossier, body: str, fmt: HtmlFormat) -> str | None:
    """``body`` (contributed Markdown) as the HTML Python-Markdown and MkDocs would make of it on
    ``fmt``'s page, if it is plain prose (``render/plain_prose.py``); else None."""

    def link(target: Entry, label: str) -> str:
        return f'<a href="{attr(fmt.href(fmt.page, page_path(target)))}">{html_text(label)}</a>'

    return plain_body_html(dossier, body, link)


def write_entry_page(dossier: Dossier, entry: Entry, options: SiteOptions, fmt: Format, out: PageWriter,
                     prose: bool = False) -> None:
    """Write ``entry``'s page into ``out``: headings and body as Markdown, the rest through ``fmt``.

    ``prose`` (the site form): a plain title and body are written as HTML, without Markdown
    (``render/plain_prose.py``)."""
    cites = Citations(entry)
    title = entry.label
    abbreviation = entry.data.get("abbreviation")
    if abbreviation and abbreviation not in title:
        title = f"{title} ({abbreviation})"  # readers (and search) know many bodies by their initials
    body_html = None
    if prose and isinstance(fmt, HtmlFormat) and is_plain_text(one_line(title)):
        body = entry.data.get("body")
        body_html = prose_body_html(dossier, body, fmt) if body else ""
    if body_html is not None:
        out.prose_title(one_line(title))
    else:
        out.heading(1, title)
    top = entry_badges(dossier, entry, fmt)
    kind_label = f'<span class="dossier-kind">{entry.kind.name.capitalize()}</span>'
    reason = reason_html(dossier.reason(entry.id)) if "confidence" in entry.kind.badges else ""
    checked = entry.data.get("as_of")
    last = f' <span class="dossier-checked">Last checked {checked.human()}</span>' if checked else ""
    out.block(fmt.classed_paragraph("dossier-badges", f"{kind_label} {top}{reason}{last}", searched=False),
              searched=False)
    if entry.summary:
        out.block(fmt.paragraph(fmt.strong(fmt.text(entry.summary)) + cites.refs(entry.citations)))
    _infobox(out, fmt, infobox_rows(dossier, entry, fmt))
    if body_html:
        out.prose_body(body_html)
    elif body_html is None and entry.data.get("body"):
        out.markdown(render_body(dossier, entry.data["body"], page_path(entry)).rstrip(), "")
    _claims(out, fmt, dossier, entry, cites)
    _counts(out, fmt, dossier, entry, cites)
    write_position_sections(out, fmt, dossier, entry, cites)
    if not options.for_print and has_graph(dossier, entry):
        out.heading(2, "Connections", NO_SEARCH)
        out.block(graph_placeholder(entry.id), late=True)
    _relations(out, fmt, dossier, entry, cites)
    _events(out, fmt, dossier, entry)
    _backlinks(out, fmt, dossier, entry)
    _citations(out, fmt, dossier, cites)
    if entry.tags:
        out.heading(2, "Tags", NO_SEARCH)
        out.block(fmt.paragraph(" ".join(f'<span class="dossier-tag">{fmt.plain(t)}</span>' for t in entry.tags)),
                  late=True)
    if options.history is not None and not options.for_print:
        options.history.write_section(out, fmt, entry)
    if not options.for_print:
        out.block(edit_line(entry, options), late=True)


def render_entry_page(dossier: Dossier, entry: Entry, options: SiteOptions) -> str:
    """The Markdown of ``entry``'s page (export, print)."""
    out = PageWriter()
    write_entry_page(dossier, entry, options, MarkdownFormat(page_path(entry)), out)
    return out.finish()[0]


def render_entry_page_slotted(dossier: Dossier, entry: Entry, options: SiteOptions,
                              fmt: HtmlFormat, prose: bool = False) -> tuple[str, SiteParts]:
    """``entry``'s page for the site: Markdown (title and body) and ready-made HTML parts (see ``slots``);
    with ``prose``, a plain title and body as HTML too (then the Markdown is empty)."""
    out = PageWriter(slotted=True)
    write_entry_page(dossier, entry, options, fmt, out, prose)
    return out.finish()
