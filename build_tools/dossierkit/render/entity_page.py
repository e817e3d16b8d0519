"""One page per entry: badges, infobox, body, relations, events, backlinks, citations."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.graph import GRAPH_SKIPS_BACKLINKS_FROM
from dossierkit.render.context import SiteOptions, edit_line, humanize, period, render_body, when
from dossierkit.render.formats import Format, HtmlFormat, MarkdownFormat
from dossierkit.render.slots import PageWriter, SiteParts
from dossierkit.render.text import attr, badges, language_name, native_span, page_path
from dossierkit.schema.vocab import SOURCE_KIND_LABELS
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry


# Sections that list other entries (each has its own page) are left out of
# the search index (Material's data-search-exclude): they multiplied its size
# and made every search for an entry return every page that mentions it.
NO_SEARCH = (("data-search-exclude", ""),)  # heading attributes


def has_graph(dossier: Dossier, entry: Entry) -> bool:
    """Whether the entry has neighbours to draw (see :func:`neighbourhood_svg`)."""
    if dossier.relations_of(entry.id):
        return True
    return any(dossier.entries[r].kind.name not in GRAPH_SKIPS_BACKLINKS_FROM for r in dossier.backlinks.get(entry.id, ()))


def graph_placeholder(key: str) -> str:
    """Where a graph goes; the site adapter replaces it with SVG after sanitizing."""
    return f'<div class="dossier-graph" data-graph="{key}"></div>'


class Citations:
    """Numbers an entry's sources in order of first mention."""

    def __init__(self, entry: Entry):
        self.numbers = {sid: i + 1 for i, sid in enumerate(entry.cited_sources())}

    def refs(self, source_ids) -> str:
        """Superscript citation links ``[1][3]`` for ``source_ids``."""
        links = "".join(
            f'<a href="#cite-{self.numbers[s]}">[{self.numbers[s]}]</a>' for s in source_ids if s in self.numbers)
        return f'<sup class="dossier-cite">{links}</sup>' if links else ""


def _links(dossier: Dossier, fmt: Format, ids) -> str:
    return ", ".join(fmt.link(dossier.entries[i]) for i in ids if i in dossier.entries)


def _names(entry: Entry, fmt: Format) -> list[tuple[str, str]]:
    rows = []
    natives = entry.data.get("native_names") or []
    if natives:
        rows.append(("Native names", "<br>".join(  # escaped for Markdown too (fmt.plain): the export
            f"{native_span(n['name'], n['lang'], fmt.plain)} ({language_name(n['lang'])}"
            + (f", {fmt.plain(n['transliteration'])}" if n.get("transliteration") else "") + ")"
            for n in natives)))
    if entry.data.get("aliases"):
        rows.append(("Also known as", ", ".join(fmt.text(a) for a in entry.data["aliases"])))
    return rows


def infobox_rows(dossier: Dossier, entry: Entry, fmt: Format) -> list[tuple[str, str]]:
    """(label, value) rows of the kind's fields, values written in ``fmt``."""
    d, kind = entry.data, entry.kind.name
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str | None) -> None:
        if value:
            rows.append((label, value))

    def text(key: str) -> str:
        return fmt.text(d[key]) if d.get(key) else ""

    if kind == "actor":
        add("Type", humanize(d["type"]))
        add("Role", text("role"))
        rows += _names(entry, fmt)
    elif kind == "organisation":
        add("Abbreviation", text("abbreviation"))
        add("Type", humanize(d["type"]))
        add("Status", badges(d["status"], d["confidence"]))
        add("Founded", when(d.get("founded")))
        add("Dissolved", when(d.get("dissolved")))
        add("Headquarters", text("headquarters"))
        counts = d.get("member_counts") or []
        if counts:
            latest = max(counts, key=lambda c: c["date"].sort_key)
            add("Members", f"{latest['count']} ({when(latest['date'])})")
        rows += _names(entry, fmt)
    elif kind == "obstacle":
        add("Category", humanize(d["category"]))
        add("Severity", humanize(d.get("severity", "")))
        add("Confidence", badges(None, d["confidence"]))
        add("Affects", _links(dossier, fmt, d["affects"]))
    elif kind == "event":
        add("Date", human_range(d["date"], d.get("end")))
        add("Status", badges(d.get("status"), d["confidence"]))
        add("Location", text("location"))
        add("Participants", _links(dossier, fmt, d.get("participants", ())))
        add("Concerns", _links(dossier, fmt, d.get("concerns", ())))
    elif kind == "term":
        add("Glossary", fmt.page_link(f"{entry.kind.folder}/index.md", f"term-{entry.id}", "See it in the glossary"))
        add("Abbreviation", text("abbreviation"))
        add("Definition", text("definition"))
        add("Also written", ", ".join(fmt.text(a) for a in d.get("aliases", ())))
        add("Naming note", text("naming_note"))
        add("Related", _links(dossier, fmt, d.get("related", ())))
    elif kind == "source":
        add("Publisher", text("publisher"))
        add("Kind", SOURCE_KIND_LABELS[d["kind"]])
        add("Author", text("author"))
        add("Published", when(d.get("published")))
        add("Accessed", when(d.get("accessed")))
        add("Language", language_name(d["language"]))
        if d.get("url"):
            add("Address", f'<a href="{attr(d["url"])}" class="dossier-external">{fmt.plain(d["url"])}</a>')
    add("Last verified", when(d.get("as_of")))
    return rows


def _infobox(out: PageWriter, fmt: Format, rows: list[tuple[str, str]]) -> None:
    if rows:
        out.block(fmt.div('class="dossier-infobox"', [fmt.table(["Field", "Value"], [list(r) for r in rows])]))


def _relations(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, cites: Citations) -> None:
    groups = dossier.grouped_relations(entry.id)
    if not groups:
        return
    out.heading(2, "Relations", NO_SEARCH)
    for label, views in groups:
        out.heading(3, label[:1].upper() + label[1:], NO_SEARCH)
        items = []
        for view in views:
            rel = view.relation
            bits = [fmt.link(dossier.entries[view.other])]
            for extra in (period(rel.since, rel.until), badges(rel.status, rel.confidence),
                          fmt.text(rel.note) if rel.note else ""):
                if extra:
                    bits.append(extra)
            items.append(" · ".join(bits) + cites.refs(rel.sources))
        out.block(fmt.bullets(items), late=True)


def _member_counts(out: PageWriter, fmt: Format, entry: Entry, cites: Citations) -> None:
    counts = entry.data.get("member_counts") or []
    if not counts:
        return
    out.heading(2, "Membership over time")
    rows = [[c["date"].human(), str(c["count"]),
             " ".join(x for x in (fmt.text(c.get("note", "")), cites.refs(c["sources"])) if x)]
            for c in sorted(counts, key=lambda c: c["date"].sort_key)]
    out.block(fmt.table(["Date", "Members", "Note"], rows))


def _claims(out: PageWriter, fmt: Format, entry: Entry, cites: Citations) -> None:
    claims = entry.data.get("claims") or []
    if not claims:
        return
    out.heading(2, "Claims")
    out.block(fmt.bullets(f"{fmt.text(c['text'])} {badges(c.get('status'), c['confidence'])}{cites.refs(c['sources'])}"
                          for c in claims))


def _events(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry) -> None:
    events = dossier.events_of(entry.id)
    if not events:
        return
    out.heading(2, "Timeline", NO_SEARCH)
    out.block(fmt.bullets(
        f"{fmt.strong(ev.data['date'].human())} — {fmt.link(ev)} {badges(ev.data.get('status'), ev.confidence)}".rstrip()
        for ev in events), late=True)


def _backlinks(out: PageWriter, fmt: Format, dossier: Dossier, entry: Entry, heading: str) -> None:
    ids = dossier.citations.get(entry.id, []) if entry.kind.name == "source" else dossier.backlinks.get(entry.id, [])
    if not ids:
        return
    out.heading(2, heading, NO_SEARCH)
    out.block(fmt.bullets(f"{fmt.link(dossier.entries[rid])} ({dossier.entries[rid].kind.name})" for rid in ids),
              late=True)


def source_citation(dossier: Dossier, source: Entry, fmt: Format) -> str:
    """``Publisher, "Title" (news report, 24 September 2025). [link] [entry]``."""
    d = source.data
    meta = [SOURCE_KIND_LABELS[d["kind"]].lower()]
    if d.get("published"):
        meta.append(d["published"].human())
    text = f"{fmt.text(d['publisher'])}, “{fmt.text(d['title'])}” ({', '.join(meta)})."
    if d.get("url"):
        text += f' <a href="{attr(d["url"])}" class="dossier-external">Read</a> ·'
    return text + " " + fmt.link(source, "Source entry")


def _citations(out: PageWriter, fmt: Format, dossier: Dossier, cites: Citations) -> None:
    if not cites.numbers:
        return
    out.heading(2, "Sources", NO_SEARCH)
    out.block(fmt.numbered(f'<span id="cite-{n}"></span>{source_citation(dossier, dossier.entries[sid], fmt)}'
                           for sid, n in cites.numbers.items()), late=True)


def write_entry_page(dossier: Dossier, entry: Entry, options: SiteOptions, fmt: Format, out: PageWriter) -> None:
    """Write ``entry``'s page into ``out``: headings and body as Markdown, the rest through ``fmt``."""
    cites = Citations(entry)
    title = entry.label
    abbreviation = entry.data.get("abbreviation")
    if abbreviation and abbreviation not in title:
        title = f"{title} ({abbreviation})"  # readers (and search) know many bodies by their initials
    out.heading(1, title)
    top = badges(entry.status, entry.confidence) if entry.kind.name != "obstacle" else badges(None, entry.confidence)
    kind_label = f'<span class="dossier-kind">{entry.kind.name.capitalize()}</span>'
    out.block(f'<p class="dossier-badges">{kind_label} {top}</p>')
    if entry.summary:
        out.block(fmt.paragraph(fmt.strong(fmt.text(entry.summary)) + cites.refs(entry.sources)))
    _infobox(out, fmt, infobox_rows(dossier, entry, fmt))
    if entry.data.get("body"):
        out.markdown(render_body(dossier, entry.data["body"], page_path(entry)).rstrip(), "")
    _claims(out, fmt, entry, cites)
    _member_counts(out, fmt, entry, cites)
    if not options.for_print and has_graph(dossier, entry):
        out.heading(2, "Connections", NO_SEARCH)
        out.block(graph_placeholder(entry.id), late=True)
    _relations(out, fmt, dossier, entry, cites)
    _events(out, fmt, dossier, entry)
    _backlinks(out, fmt, dossier, entry, "Cited by" if entry.kind.name == "source" else "Referenced by")
    _citations(out, fmt, dossier, cites)
    if entry.tags:
        out.heading(2, "Tags", NO_SEARCH)
        out.block(fmt.paragraph(" ".join(f'<span class="dossier-tag">{fmt.plain(t)}</span>' for t in entry.tags)),
                  late=True)
    if not options.for_print:
        out.block(edit_line(entry, options), late=True)


def render_entry_page(dossier: Dossier, entry: Entry, options: SiteOptions) -> str:
    """The Markdown of ``entry``'s page (export, print)."""
    out = PageWriter()
    write_entry_page(dossier, entry, options, MarkdownFormat(page_path(entry)), out)
    return out.finish()[0]


def render_entry_page_slotted(dossier: Dossier, entry: Entry, options: SiteOptions,
                              fmt: HtmlFormat) -> tuple[str, SiteParts]:
    """``entry``'s page for the site: Markdown (title and body) and ready-made HTML parts (see ``slots``)."""
    out = PageWriter(slotted=True)
    write_entry_page(dossier, entry, options, fmt, out)
    return out.finish()
