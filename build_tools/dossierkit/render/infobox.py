"""Infobox rows and index cells, from the kind registry's declarations.

A :class:`~dossierkit.schema.kinds.Row` or ``Column`` names a field and how
to show it (``show``); :func:`show_value` turns that into text in the page's
format.  The ``show`` values:

- ``text``: contributed plain text; ``text_list``: a list of it, comma-separated;
  a field whose type is a name (``NAME``: aliases, a publisher, a headquarters)
  is written as a name, without glossary tooltips ("Türkiye Today" is a publisher);
- ``vocab:<list>``: the label of a vocabulary value (``vocab:actor_types``);
- ``date``: a date at its precision; ``date_range:<end field>``: a start and an end;
- ``sortable_date``: a date cell that sorts chronologically in the browser;
- ``badges``: the kind's badges (status and/or confidence);
- ``links``: links to other entries; ``link``: a link to the entry itself;
- ``native_names``, ``language``, ``url``, ``glossary_link``, ``cited_by``;
- ``latest_counts``: one row per count series, its latest value (infobox only).
"""

from __future__ import annotations

from dossierkit.dates import human_range
from dossierkit.render.formats import Format
from dossierkit.schema.kind_fields import NAME
from dossierkit.render.text import LegendLink, attr, badges, html_text, language_name, native_span
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry


def when(date) -> str:
    """Reader-facing date text, or '' for none."""
    return date.human() if date else ""


def sortable_date(entry_date) -> str:
    """A date cell that sorts chronologically in the browser."""
    if entry_date is None:
        return '<span data-sort="">–</span>'
    return f'<span data-sort="{entry_date.iso()}">{entry_date.human()}</span>'


def entry_badges(dossier: Dossier, entry: Entry, legend: LegendLink | None = None) -> str:
    """The badges the entry's kind shows (status and/or confidence), linked to the legend through ``legend``."""
    shown = entry.kind.badges
    return badges(dossier.vocabulary, entry.status if "status" in shown else None,
                  entry.confidence if "confidence" in shown else None, legend)


def links(dossier: Dossier, fmt: Format, ids) -> str:
    """Comma-separated links to the entries ``ids`` (unknown ids left out)."""
    return ", ".join(fmt.link(dossier.entries[i]) for i in ids if i in dossier.entries)


def _native_names(natives: list[dict], fmt: Format) -> str:
    # escaped for Markdown too (fmt.plain): the text of an inline HTML element is still Markdown in the export
    return "<br>".join(
        f"{native_span(n['name'], n['lang'], fmt.plain)} ({language_name(n['lang'])}"
        + (f", {fmt.plain(n['transliteration'])}" if n.get("transliteration") else "") + ")"
        for n in natives)


def count_text(count: dict, series) -> str:
    """``42 (September 2022)``, or with a threshold ``45 of 60 needed to enter into force (May 2026)``."""
    value = str(count["count"])
    if series is not None and series.threshold:
        value += f" of {series.threshold}" + (f" {html_text(series.threshold_label)}" if series.threshold_label else "")
    return f"{value} ({when(count['date'])})"


def latest_counts(dossier: Dossier, counts: list[dict]) -> list[tuple[str, str]]:
    """(series label, latest count text) for each series, in vocabulary order (plain words: labels are)."""
    vocab = dossier.vocabulary
    by_series: dict[str, dict] = {}
    for c in counts:
        key = c.get("series") or (vocab.count_series[0].value if vocab.count_series else "")
        best = by_series.get(key)
        if best is None or c["date"].sort_key > best["date"].sort_key:
            by_series[key] = c
    order = [s.value for s in vocab.count_series]
    rows = []
    for key in sorted(by_series, key=lambda k: order.index(k) if k in order else len(order)):
        series = vocab.series(key)
        rows.append((series.label if series else key, count_text(by_series[key], series)))
    return rows


_NAME_FIELDS: dict[str, frozenset[str]] = {}


def _name_fields(kind) -> frozenset[str]:
    """The fields of ``kind`` that hold names (type ``NAME``, or a list of them)."""
    found = _NAME_FIELDS.get(kind.name)
    if found is None:
        found = _NAME_FIELDS[kind.name] = frozenset(
            f.name for f in kind.fields if f.type == NAME or getattr(f.type, "item", None) == NAME)
    return found


def show_value(dossier: Dossier, entry: Entry, field: str, show: str, fmt: Format) -> str:
    """The value of ``entry``'s ``field`` written as ``show`` says (see the module docstring); '' for none."""
    d = entry.data
    value = d.get(field)
    if show == "badges":
        return entry_badges(dossier, entry, fmt)
    if show == "link":
        return fmt.link(entry)
    if show == "cited_by":
        return links(dossier, fmt, dossier.citations.get(entry.id, []))
    if show == "sortable_date":
        return sortable_date(value)
    if show == "glossary_link":
        return fmt.page_link(f"{entry.kind.folder}/index.md", f"term-{entry.id}", "See it in the glossary")
    if value is None or value == [] or value == "":
        return ""
    if show == "text":
        return fmt.plain(value) if field in _name_fields(entry.kind) else fmt.text(value)
    if show == "text_list":
        write = fmt.plain if field in _name_fields(entry.kind) else fmt.text
        return ", ".join(write(v) for v in value)
    if show.startswith("vocab:"):
        return fmt.plain(dossier.vocabulary.label(show[6:], value))
    if show == "date":
        return when(value)
    if show.startswith("date_range:"):
        return human_range(value, d.get(show[11:]))
    if show == "links":
        return links(dossier, fmt, [value] if isinstance(value, str) else value)
    if show == "native_names":
        return _native_names(value, fmt)
    if show == "language":
        return language_name(value)
    if show == "url":
        return f'<a href="{attr(value)}" class="dossier-external">{fmt.plain(value)}</a>'
    raise ValueError(f"unknown show {show!r} for field {field!r}")


def infobox_rows(dossier: Dossier, entry: Entry, fmt: Format) -> list[tuple[str, str]]:
    """(label, value) rows of the kind's declared infobox, values written in ``fmt``."""
    rows: list[tuple[str, str]] = []
    for row in entry.kind.infobox:
        if row.show == "text" and entry.data.get(row.field) == entry.summary:
            continue  # the summary under the title says it already (a term's definition)
        if row.show == "badges" or row.field == "as_of":
            continue  # the badges and the last check under the title say it already
        if row.show == "latest_counts":
            rows += latest_counts(dossier, entry.data.get(row.field) or [])
            continue
        if row.show == "links":  # entries the Relations and Timeline sections list are not listed again
            ids = entry.data.get(row.field) or ()
            below = {view.other for view in dossier.relations_of(entry.id)} | {e.id for e in dossier.events_of(entry.id)}
            value = links(dossier, fmt, [i for i in ([ids] if isinstance(ids, str) else ids) if i not in below])
        else:
            value = show_value(dossier, entry, row.field, row.show, fmt)
        if value:
            rows.append((row.label, value))
    return rows
