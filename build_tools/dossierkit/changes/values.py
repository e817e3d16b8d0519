"""Values as written in entries, read defensively (history blobs may predate today's format)."""

from __future__ import annotations

import json
from typing import Any

from dossierkit.dates import DateError, PartialDate, parse_date

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def as_list(value: Any) -> list:
    """``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty mapping."""
    return value if isinstance(value, dict) else {}


def as_date(value: Any) -> PartialDate | None:
    """A date as written (``2025-09``, ``{value: 2025, approximate: true}``), or None."""
    if isinstance(value, PartialDate):
        return value
    approximate = False
    if isinstance(value, dict):
        approximate = value.get("approximate") is True
        value = value.get("value")
    if not isinstance(value, str):
        return None
    try:
        return parse_date(value, approximate)
    except DateError:
        return None


def date_text(value: Any) -> str:
    """A date for readers at its real precision ("June 2026", "c. 2025"), or the text as written."""
    date = as_date(value)
    if date is not None:
        return date.human()
    return "" if value is None else str(value.get("value") if isinstance(value, dict) else value)


def date_key(value: Any) -> str:
    """A date as one comparable text (``2025-09``, ``~2025``)."""
    date = as_date(value)
    if date is None:
        return "" if value is None else canonical(value)
    return ("~" if date.approximate else "") + date.iso()


def precision_change(before: Any, after: Any) -> int:
    """+1 when ``after`` is more precise than ``before`` (finer unit, or no longer approximate), -1 less, 0 same."""
    old, new = as_date(before), as_date(after)
    if old is None or new is None:
        return 0
    old_rank = (PRECISION_RANK[old.precision], not old.approximate)
    new_rank = (PRECISION_RANK[new.precision], not new.approximate)
    return (new_rank > old_rank) - (new_rank < old_rank)


def cites(value: Any) -> list[dict]:
    """A ``sources:`` list as mappings with at least ``source`` (bare ids become ``{source: id}``)."""
    out = []
    for item in as_list(value):
        if isinstance(item, str):
            out.append({"source": item})
        elif isinstance(item, dict) and isinstance(item.get("source"), str):
            out.append(item)
    return out


def cite_ids(value: Any) -> list[str]:
    """The source ids of a ``sources:`` list, first mention first."""
    return list(dict.fromkeys(c["source"] for c in cites(value)))


def quotes(value: Any) -> list[tuple[str, str]]:
    """(source id, quote) of every quoting citation in a ``sources:`` list."""
    return [(c["source"], c["quote"]) for c in cites(value) if isinstance(c.get("quote"), str) and c["quote"]]


def canonical(value: Any) -> str:
    """One stable text for any plain value (to compare and to measure similarity)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def text(value: Any) -> str:
    """A scalar as text ('' for None)."""
    return "" if value is None else value if isinstance(value, str) else canonical(value)


def shorten(value: str, limit: int = 120) -> str:
    """``value`` on one line, cut at ``limit`` characters with an ellipsis."""
    one = " ".join(value.split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"
