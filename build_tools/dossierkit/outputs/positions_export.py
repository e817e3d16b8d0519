"""Positions as data: a list in the JSON export, and a CSV of their own.

``dossier export --format json`` keeps each actor's ``positions`` as
written among its fields, and adds a top-level ``positions`` list with what
the model derives: labels, the position it changed from, until when it held,
and how well its sources support it.  ``dossier export --format
positions-csv`` writes one row per position (field reference:
``docs/reference/export.md``).  Cells a spreadsheet would run as a formula
are neutralised as in the main CSV.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from dossierkit.outputs.dataset import plain, spreadsheet_cell
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.positions import Position

POSITIONS_CSV_COLUMNS = (
    "holder", "holder_label", "target", "target_label", "target_kind", "position", "position_label", "date", "until",
    "previous", "by", "by_label", "office", "confidence", "assessment", "note", "timeline", "sources", "quotes", "path",
)


def position_record(dossier: Dossier, p: Position) -> dict[str, Any]:
    """One position with its labels, history links and citations (quotes included), for the JSON export."""
    vocab = dossier.vocabulary
    by = dossier.entries.get(p.by) if p.by else None
    return {
        "id": p.anchor,
        "holder": p.holder,
        "holder_label": dossier.entries[p.holder].label,
        "target": p.target,
        "target_label": dossier.entries[p.target].label,
        "target_kind": dossier.entries[p.target].kind.name,
        "position": p.value,
        "position_label": vocab.label("positions", p.value),
        "date": plain(p.date),
        "until": plain(p.until),
        "previous": p.previous,
        "by": p.by,
        "by_label": by.label if by else None,
        "office": p.office,
        "confidence": p.confidence,
        "assessment": dossier.reason(p.holder, p.path),
        "note": p.note,
        "timeline": dossier.positions.on_timeline(p),
        "sources": [plain(c) for c in p.sources],
        "declared_in": dossier.entries[p.holder].path,
    }


def position_records(dossier: Dossier) -> list[dict[str, Any]]:
    """Every position, in date order (then holder, target, place in the file)."""
    return [position_record(dossier, p) for p in dossier.positions.all]


def to_positions_csv(dossier: Dossier) -> str:
    """One row per position with the columns of :data:`POSITIONS_CSV_COLUMNS`; quotes one per line in their cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POSITIONS_CSV_COLUMNS)
    for p in dossier.positions.all:
        r = position_record(dossier, p)
        quotes = "\n".join(f"{c.source}: {c.quote}" + (f" ({c.translation})" if c.translation else "")
                           for c in p.sources if c.quote)
        writer.writerow([spreadsheet_cell(v) for v in (
            r["holder"], r["holder_label"], r["target"], r["target_label"], r["target_kind"], r["position"],
            r["position_label"], p.date.iso(), p.until.iso() if p.until else "", r["previous"], r["by"], r["by_label"],
            r["office"], r["confidence"], r["assessment"], r["note"], "true" if r["timeline"] else "false",
            ";".join(dict.fromkeys(c.source for c in p.sources)), quotes, r["declared_in"],
        )])
    return out.getvalue()
