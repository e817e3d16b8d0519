"""The whole dossier as a machine-readable dataset (JSON or CSV).

Field reference: ``docs/reference/export.md``.  Order is stable: kinds in
format order, entries sorted within a kind (events chronologically), fields
in schema order.  Dates are written as in the YAML (``2025``, ``2025-09``,
``2025-09-17``) or ``{"value": ..., "approximate": true}``, so an export can
be turned back into entry files.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from dossierkit.dates import PartialDate
from dossierkit.schema.citation import Cite
from dossierkit.loading.names import is_invisible
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.entry import Entry
from dossierkit.structure.relations import Relation

EXPORT_FORMAT = "dossierkit-export"
EXPORT_VERSION = 1
CSV_COLUMNS = ("kind", "id", "label", "summary", "status", "confidence", "date", "end", "tags", "sources", "path")
# Spreadsheet programs run cells that start with these as formulas.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """Convert checked values back to their YAML/JSON form."""
    if isinstance(value, PartialDate):
        return {"value": value.iso(), "approximate": True} if value.approximate else value.iso()
    if isinstance(value, Cite):
        return value.plain()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def entry_fields(entry: Entry, editorial: bool = False) -> dict[str, Any]:
    """An entry's fields in schema order, as written (dates as text); editors' fields only with ``editorial``."""
    return {f.name: plain(entry.data[f.name]) for f in entry.kind.fields
            if f.name in entry.data and (editorial or not f.editorial)}


def relation_record(rel: Relation) -> dict[str, Any]:
    """One relation with both labels, for the export."""
    record = {
        "type": rel.type.name,
        "label": rel.type.label,
        "inverse_label": rel.type.inverse_label,
        "subject": rel.subject,
        "object": rel.object,
        "since": plain(rel.since),
        "until": plain(rel.until),
        "status": rel.status,
        "confidence": rel.confidence,
        "note": rel.note,
        "sources": [plain(c) for c in rel.sources],
        "declared_in": rel.origin,
    }
    return record


def to_json_data(dossier: Dossier, editorial: bool = False) -> dict[str, Any]:
    """The export as a JSON-ready dict (editors' notes only with ``editorial``)."""
    from dossierkit.outputs.positions_export import position_records  # it builds on this module
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "counts": dossier.counts(),
        "entries": [
            {"kind": e.kind.name, "id": e.id, "path": e.path, "fields": entry_fields(e, editorial)}
            for e in dossier
        ],
        "relations": [relation_record(r) for r in dossier.relations],
        "positions": position_records(dossier),
        "backlinks": dossier.backlinks,
    }


def to_json(dossier: Dossier, editorial: bool = False) -> str:
    """The export as JSON text (UTF-8, indented, stable)."""
    return json.dumps(to_json_data(dossier, editorial), indent=2, ensure_ascii=False) + "\n"


def _formula_like(text: str) -> bool:
    """True when a spreadsheet might read ``text`` as a formula.

    Spreadsheets skip leading spaces and invisible characters and read the
    full-width and small forms (＝ ＋ － ＠, U+FE62 ...) as = + - @; so the
    first character that is neither is normalised (NFKC) and checked.
    """
    if text.startswith(_FORMULA_PREFIXES):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp") or is_invisible(ch):
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in _FORMULA_PREFIXES
    return False


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if _formula_like(text) else text


spreadsheet_cell = _cell  # for the other CSV files (outputs/positions_export.py)


def to_csv(dossier: Dossier) -> str:
    """One row per entry with the columns in :data:`CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in dossier:
        end = e.data.get("end")
        writer.writerow([_cell(v) for v in (
            e.kind.name, e.id, e.label, e.summary, e.status, e.confidence,
            e.date.iso() if e.date else "", end.iso() if end else "",
            ";".join(e.tags), ";".join(e.sources), e.path,
        )])
    return out.getvalue()
