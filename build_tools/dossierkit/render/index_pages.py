"""Index pages: one sortable, filterable table per kind, and the status legend."""

from __future__ import annotations

from dossierkit.render.context import humanize
from dossierkit.render.formats import Format
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import badges
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.schema.vocab import CONFIDENCES, RELATION_TYPES, SOURCE_KIND_LABELS, STATUSES
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry

INDEX_INTRO = {
    "actor": "States, people and forces that act in this dossier.",
    "organisation": "Organisations, coalitions, agreements and proposals. The status column separates "
                    "a floated idea from a signed text from a working institution.",
    "obstacle": "What stands in the way, and whom it affects.",
    "source": "Every source the dossier cites, with the entries that cite it.",
}


def sortable_date(entry_date) -> str:
    """A date cell that sorts chronologically in the browser."""
    if entry_date is None:
        return '<span data-sort="">–</span>'
    return f'<span data-sort="{entry_date.iso()}">{entry_date.human()}</span>'


def _columns(kind: str) -> list[str]:
    return {
        "actor": ["Name", "Type", "Summary"],
        "organisation": ["Name", "Type", "Status", "Founded", "Summary"],
        "obstacle": ["Name", "Category", "Severity", "Confidence", "Affects"],
        "source": ["Title", "Publisher", "Kind", "Published", "Cited by"],
    }[kind]


def _cells(dossier: Dossier, e: Entry, fmt: Format) -> list[str]:
    d = e.data
    name = fmt.link(e)
    kind = e.kind.name
    if kind == "actor":
        return [name, humanize(d["type"]), fmt.text(e.summary)]
    if kind == "organisation":
        return [name, humanize(d["type"]), badges(d["status"], d["confidence"]), sortable_date(d.get("founded")),
                fmt.text(e.summary)]
    if kind == "obstacle":
        return [name, humanize(d["category"]), humanize(d.get("severity", "")) or "–", badges(None, d["confidence"]),
                ", ".join(fmt.link(dossier.entries[i]) for i in d["affects"])]
    cited = dossier.citations.get(e.id, [])
    return [name, fmt.text(d["publisher"]), SOURCE_KIND_LABELS[d["kind"]], sortable_date(d.get("published")),
            ", ".join(fmt.link(dossier.entries[i]) for i in cited)]


def kind_index_page(kind: str) -> str:
    """Source path of the index page of ``kind``: ``actors/index.md``."""
    return f"{KINDS_BY_NAME[kind].folder}/index.md"


def write_kind_index(dossier: Dossier, kind: str, fmt: Format, out: PageWriter) -> None:
    """The index page of ``kind`` (actors, organisations, obstacles, sources).

    The table lists entries that have their own pages, so it is left out of
    the search index, like the lists on entry pages.
    """
    k = KINDS_BY_NAME[kind]
    entries = dossier.by_kind[kind]
    out.heading(1, k.plural)
    out.markdown(INDEX_INTRO[kind], "",
                 f"{len(entries)} entries. Click a column heading to sort"
                 + (", or a status to filter." if kind == "organisation" else "."), "")
    table = fmt.table(_columns(kind), (_cells(dossier, e, fmt) for e in entries))
    out.block(fmt.div(f'class="dossier-index" data-kind="{kind}" data-search-exclude', [table]), late=True)


def render_legend() -> str:
    """The status legend: statuses, confidence levels and relation types."""
    lines = ["# Status legend", "",
             "Every organisation, relation, membership, event and claim carries a **status** "
             "from one fixed vocabulary, and a **confidence** that says how well sources support it.", "",
             "## Status", "", "| Badge | Meaning |", "|---|---|"]
    lines += [f"| {badges(t.value, None)} | {t.description} |" for t in STATUSES]
    lines += ["", "## Confidence", "", "| Badge | Meaning |", "|---|---|"]
    lines += [f"| {badges(None, t.value)} | {t.description} |" for t in CONFIDENCES]
    lines += ["", "## Relations", "", "Each relation is declared once and shown on both entries.", "",
              "| Relation | Seen from the other side | Meaning |", "|---|---|---|"]
    lines += [f"| {r.label} | {r.inverse_label} | {r.description} |" for r in RELATION_TYPES]
    return "\n".join(lines) + "\n"
