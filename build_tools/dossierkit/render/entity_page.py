"""One page per entry: badges, infobox, body, relations, events, backlinks, citations."""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.graph import GRAPH_SKIPS_BACKLINKS_FROM
from dossierkit.render.context import SiteOptions, edit_line, humanize, period, render_body, when
from dossierkit.render.text import (
    attr, badges, entry_link, html_text, language_name, md_text, native_span, page_path, table_cell,
)
from dossierkit.schema.vocab import SOURCE_KIND_LABELS
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry


# Sections that list other entries (each has its own page) are left out of
# the search index (Material's data-search-exclude): they multiplied its size
# and made every search for an entry return every page that mentions it.
NO_SEARCH = " { data-search-exclude }"


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


def _links(dossier: Dossier, page: str, ids) -> str:
    return ", ".join(entry_link(page, dossier.entries[i]) for i in ids if i in dossier.entries)


def _names(entry: Entry) -> list[tuple[str, str]]:
    rows = []
    natives = entry.data.get("native_names") or []
    if natives:
        rows.append(("Native names", "<br>".join(
            f"{native_span(n['name'], n['lang'])} ({language_name(n['lang'])}"
            + (f", {html_text(n['transliteration'])}" if n.get("transliteration") else "") + ")"
            for n in natives)))
    if entry.data.get("aliases"):
        rows.append(("Also known as", ", ".join(md_text(a) for a in entry.data["aliases"])))
    return rows


def infobox_rows(dossier: Dossier, entry: Entry, page: str) -> list[tuple[str, str]]:
    """(label, Markdown value) rows of the kind's fields."""
    d, kind = entry.data, entry.kind.name
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str | None) -> None:
        if value:
            rows.append((label, value))

    if kind == "actor":
        add("Type", humanize(d["type"]))
        add("Role", md_text(d.get("role", "")))
        rows += _names(entry)
    elif kind == "organisation":
        add("Abbreviation", md_text(d.get("abbreviation", "")))
        add("Type", humanize(d["type"]))
        add("Status", badges(d["status"], d["confidence"]))
        add("Founded", when(d.get("founded")))
        add("Dissolved", when(d.get("dissolved")))
        add("Headquarters", md_text(d.get("headquarters", "")))
        counts = d.get("member_counts") or []
        if counts:
            latest = max(counts, key=lambda c: c["date"].sort_key)
            add("Members", f"{latest['count']} ({when(latest['date'])})")
        rows += _names(entry)
    elif kind == "obstacle":
        add("Category", humanize(d["category"]))
        add("Severity", humanize(d.get("severity", "")))
        add("Confidence", badges(None, d["confidence"]))
        add("Affects", _links(dossier, page, d["affects"]))
    elif kind == "event":
        add("Date", human_range(d["date"], d.get("end")))
        add("Status", badges(d.get("status"), d["confidence"]))
        add("Location", md_text(d.get("location", "")))
        add("Participants", _links(dossier, page, d.get("participants", ())))
        add("Concerns", _links(dossier, page, d.get("concerns", ())))
    elif kind == "term":
        add("Glossary", f"[See it in the glossary](index.md#term-{entry.id})")
        add("Abbreviation", md_text(d.get("abbreviation", "")))
        add("Definition", md_text(d["definition"]))
        add("Also written", ", ".join(md_text(a) for a in d.get("aliases", ())))
        add("Naming note", md_text(d.get("naming_note", "")))
        add("Related", _links(dossier, page, d.get("related", ())))
    elif kind == "source":
        add("Publisher", md_text(d["publisher"]))
        add("Kind", SOURCE_KIND_LABELS[d["kind"]])
        add("Author", md_text(d.get("author", "")))
        add("Published", when(d.get("published")))
        add("Accessed", when(d.get("accessed")))
        add("Language", language_name(d["language"]))
        if d.get("url"):
            add("Address", f'<a href="{attr(d["url"])}" class="dossier-external">{html_text(d["url"])}</a>')
    add("Last verified", when(d.get("as_of")))
    return rows


def _infobox(rows: list[tuple[str, str]]) -> list[str]:
    if not rows:
        return []
    lines = ['<div class="dossier-infobox" markdown>', "", "| Field | Value |", "|---|---|"]
    lines += [f"| {label} | {table_cell(value)} |" for label, value in rows]
    return lines + ["", "</div>", ""]


def _relations(dossier: Dossier, entry: Entry, page: str, cites: Citations) -> list[str]:
    groups = dossier.grouped_relations(entry.id)
    if not groups:
        return []
    lines = [f"## Relations{NO_SEARCH}", ""]
    for label, views in groups:
        lines += [f"### {label[:1].upper() + label[1:]}{NO_SEARCH}", ""]
        for view in views:
            rel = view.relation
            other = dossier.entries[view.other]
            bits = [entry_link(page, other)]
            for extra in (period(rel.since, rel.until), badges(rel.status, rel.confidence),
                          md_text(rel.note) if rel.note else ""):
                if extra:
                    bits.append(extra)
            lines.append("- " + " · ".join(bits) + cites.refs(rel.sources))
        lines.append("")
    return lines


def _member_counts(entry: Entry, cites: Citations) -> list[str]:
    counts = entry.data.get("member_counts") or []
    if not counts:
        return []
    lines = ["## Membership over time", "", "| Date | Members | Note |", "|---|---|---|"]
    for c in sorted(counts, key=lambda c: c["date"].sort_key):
        lines.append(f"| {c['date'].human()} | {c['count']} | {table_cell(md_text(c.get('note', '')))} {cites.refs(c['sources'])} |")
    return lines + [""]


def _claims(entry: Entry, cites: Citations) -> list[str]:
    claims = entry.data.get("claims") or []
    if not claims:
        return []
    lines = ["## Claims", ""]
    for c in claims:
        lines.append(f"- {md_text(c['text'])} {badges(c.get('status'), c['confidence'])}{cites.refs(c['sources'])}")
    return lines + [""]


def _events(dossier: Dossier, entry: Entry, page: str) -> list[str]:
    events = dossier.events_of(entry.id)
    if not events:
        return []
    lines = [f"## Timeline{NO_SEARCH}", ""]
    for ev in events:
        lines.append(f"- **{ev.data['date'].human()}** — {entry_link(page, ev)} {badges(ev.data.get('status'), ev.confidence)}")
    return lines + [""]


def _backlinks(dossier: Dossier, entry: Entry, page: str, heading: str) -> list[str]:
    ids = dossier.citations.get(entry.id, []) if entry.kind.name == "source" else dossier.backlinks.get(entry.id, [])
    if not ids:
        return []
    lines = [f"## {heading}{NO_SEARCH}", ""]
    for rid in ids:
        other = dossier.entries[rid]
        lines.append(f"- {entry_link(page, other)} ({other.kind.name})")
    return lines + [""]


def source_citation(dossier: Dossier, source: Entry, page: str) -> str:
    """``Publisher, "Title" (news report, 24 September 2025). [link] [entry]``."""
    d = source.data
    title = md_text(d["title"])
    parts = [f"{md_text(d['publisher'])}, “{title}”"]
    meta = [SOURCE_KIND_LABELS[d["kind"]].lower()]
    if d.get("published"):
        meta.append(d["published"].human())
    text = ", ".join(parts) + f" ({', '.join(meta)})."
    if d.get("url"):
        text += f' <a href="{attr(d["url"])}" class="dossier-external">Read</a> ·'
    return text + " " + entry_link(page, source, "Source entry")


def _citations(dossier: Dossier, page: str, cites: Citations) -> list[str]:
    if not cites.numbers:
        return []
    lines = [f"## Sources{NO_SEARCH}", ""]
    for sid, n in cites.numbers.items():
        lines.append(f'{n}. <span id="cite-{n}"></span>{source_citation(dossier, dossier.entries[sid], page)}')
    return lines + [""]


def render_entry_page(dossier: Dossier, entry: Entry, options: SiteOptions) -> str:
    """The Markdown of ``entry``'s page."""
    page = page_path(entry)
    cites = Citations(entry)
    title = entry.label
    abbreviation = entry.data.get("abbreviation")
    if abbreviation and abbreviation not in title:
        title = f"{title} ({abbreviation})"  # readers (and search) know many bodies by their initials
    lines = [f"# {md_text(title)}", ""]
    top = badges(entry.status, entry.confidence) if entry.kind.name != "obstacle" else badges(None, entry.confidence)
    kind_label = f'<span class="dossier-kind">{entry.kind.name.capitalize()}</span>'
    lines += [f'<p class="dossier-badges">{kind_label} {top}</p>', ""]
    if entry.summary:
        lines += [f"**{md_text(entry.summary)}**" + cites.refs(entry.sources), ""]
    lines += _infobox(infobox_rows(dossier, entry, page))
    if entry.data.get("body"):
        lines += [render_body(dossier, entry.data["body"], page).rstrip(), ""]
    lines += _claims(entry, cites)
    lines += _member_counts(entry, cites)
    if not options.for_print and has_graph(dossier, entry):
        lines += [f"## Connections{NO_SEARCH}", "", graph_placeholder(entry.id), ""]
    lines += _relations(dossier, entry, page, cites)
    lines += _events(dossier, entry, page)
    lines += _backlinks(dossier, entry, page, "Cited by" if entry.kind.name == "source" else "Referenced by")
    lines += _citations(dossier, page, cites)
    if entry.tags:
        lines += [f"## Tags{NO_SEARCH}", "", " ".join(f'<span class="dossier-tag">{html_text(t)}</span>' for t in entry.tags), ""]
    if not options.for_print:
        lines += [edit_line(entry, options), ""]
    return "\n".join(lines)
