"""Index pages: one sortable, filterable table per kind, and the legend of the vocabulary."""

from __future__ import annotations

from dossierkit.render.formats import Format
from dossierkit.render.infobox import show_value
from dossierkit.render.slots import PageWriter
from dossierkit.render.text import confidence_badge, md_text, status_badge
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.reads import kept_part



def write_kind_index(dossier: Dossier, kind: str, fmt: Format, out: PageWriter) -> None:
    """The index page of ``kind``: its introduction and a table of the registry's columns.

    The table lists entries that have their own pages, so it is left out of
    the search index, like the lists on entry pages.
    """
    k = KINDS_BY_NAME[kind]
    entries = dossier.by_kind[kind]
    out.heading(1, k.plural)
    filter_hint = f", or a {k.index_filter} to filter." if k.index_filter else "."
    out.markdown(k.index_intro, "", f"{len(entries)} entries. Click a column heading to sort{filter_hint}", "")

    def row(dossier: Dossier, e) -> list[str]:
        return [show_value(dossier, e, c.field, c.show, fmt) or "–" if c.show.startswith("vocab:") else
                show_value(dossier, e, c.field, c.show, fmt) for c in k.index_columns]

    rows = (kept_part(dossier, e.id, e, row) for e in entries)  # while serving, unchanged rows are kept
    table = fmt.table([c.heading for c in k.index_columns], rows)
    out.block(fmt.div(f'class="dossier-index" data-kind="{kind}" data-search-exclude', [table]), late=True)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]


def render_legend(vocab: Vocabulary) -> str:
    """The legend of the dossier's vocabulary: statuses by lifecycle group, confidence,
    severities, relation types and count series, each with its definition."""
    lines = ["# Status legend", "",
             "Every organisation, relation, membership, event and claim carries a **status** "
             "from one vocabulary, and a **confidence** that says how well sources support it.", "",
             "## Status", ""]
    rows = []
    for group in vocab.lifecycle_groups:
        for st in (s for s in vocab.statuses if s.group == group.value):
            rows.append([status_badge(vocab, st.value, anchor=True), md_text(st.definition)])
    lines += [*_table(["Badge", "Meaning"], rows), ""]
    lines += ["Statuses fall into lifecycle groups; relations in a group other than the first are listed "
              "under their own heading on each page, and graphs draw each group in its own line style.", ""]
    lines += _table(["Group", "Statuses", "Meaning"],
                    [[md_text(g.label), ", ".join(md_text(s.label) for s in vocab.statuses if s.group == g.value),
                      md_text(g.definition)] for g in vocab.lifecycle_groups])
    lines += ["", "## Confidence", ""]
    lines += _table(["Badge", "Meaning"], [[confidence_badge(vocab, c.value, anchor=True), md_text(c.definition)]
                                          for c in vocab.confidence])
    if vocab.severities:
        lines += ["", "## Severity", "", "How much an obstacle weighs, as its sources judge it.", ""]
        lines += _table(["Severity", "Meaning"], [[md_text(s.label), md_text(s.definition)] for s in vocab.severities])
    lines += ["", "## Relations", "", "Each relation is declared once and shown on both entries.", ""]
    lines += _table(["Relation", "Seen from the other side", "Meaning"],
                    [[md_text(r.label) + (" (negative)" if r.negative else ""), md_text(r.inverse_label or r.label),
                      md_text(r.definition)] for r in vocab.relation_types])
    if vocab.count_series:
        lines += ["", "## Counts", ""]
        lines += _table(["Series", "Threshold", "Meaning"],
                        [[md_text(s.label), (f"{s.threshold} " + md_text(s.threshold_label)).strip() if s.threshold else "–",
                          md_text(s.definition)] for s in vocab.count_series])
    return "\n".join(lines) + "\n"
