"""The data behind the stance matrix page, for its script: every position, as compact JSON.

The page embeds it as the text of a hidden element, so the matrix works
offline and makes no request: ``assets/positions.js`` reads it, draws the
matrix as it stood at any date, pages it, filters it and opens histories.
The script only ever puts these strings into the page as text, and builds
links from the page source paths below only after checking their shape.

Format (arrays keep 5,000 positions small)::

    {"v": 1,
     "values": [[value, label, colour, definition], ...],        # the vocabulary's positions, in order
     "confidence": [[value, label], ...],
     "kinds": [[kind, plural], ...],                               # kinds of the entries positions are about
     "entries": [[id, label, kind, type label, page, short], ...], # holders, targets and speakers
     "sources": [[publisher, title, date text, page], ...],
     "reasons": [text, ...],                                        # how well sources support a position
     "positions": [[holder, target, value, date, date text, end, by, office,
                    confidence, reason, note, citations, place], ...]}

``holder``, ``target``, ``by`` (-1: none), ``value`` and ``confidence``
are indexes into their lists; ``end`` is the last day the date may stand
for as ``YYYYMMDD`` (a position counts from then in "as of");
``citations`` are ``[source, quote, lang, translation, translated by,
locator]``; ``reason`` indexes ``reasons``; ``place`` is the item's index in its
holder's ``positions`` (its id on the holder's page is ``position-<holder>-<target>-<date>-<place>``).
"""

from __future__ import annotations

import json
from typing import Any

from dossierkit.render.text import page_path
from dossierkit.schema.kinds import KINDS_BY_NAME
from dossierkit.structure.dossier import Dossier
from dossierkit.structure.positions import Position

DATA_VERSION = 1


def _type_label(dossier: Dossier, entry) -> str:
    kind_type = entry.data.get("type") or entry.data.get("category")
    lists = {"actor": "actor_types", "organisation": "organisation_types", "obstacle": "obstacle_categories"}
    name = lists.get(entry.kind.name)
    return dossier.vocabulary.label(name, kind_type) if name and kind_type else ""


def _end(p: Position) -> int:
    y, m, d = p.date.end_key
    return y * 10000 + m * 100 + d


def matrix_data(dossier: Dossier) -> dict[str, Any]:
    """The JSON-ready data of the stance matrix (see the module docstring)."""
    vocab = dossier.vocabulary
    index = dossier.positions
    values = {v.value: i for i, v in enumerate(vocab.positions)}
    confidence = {c.value: i for i, c in enumerate(vocab.confidence)}
    entry_ids: dict[str, int] = {}
    source_ids: dict[str, int] = {}
    entries: list[list] = []
    sources: list[list] = []

    def entry_index(eid: str) -> int:
        if eid not in entry_ids:
            entry = dossier.entries[eid]
            entry_ids[eid] = len(entries)
            entries.append([eid, entry.label, entry.kind.name, _type_label(dossier, entry), page_path(entry),
                            entry.data.get("abbreviation") or ""])
        return entry_ids[eid]

    def source_index(sid: str) -> int:
        if sid not in source_ids:
            source = dossier.entries[sid]
            d = source.data
            source_ids[sid] = len(sources)
            sources.append([d["publisher"], d["title"], d["published"].human() if d.get("published") else "",
                            page_path(source)])
        return source_ids[sid]

    rows = []
    reasons: dict[str, int] = {}
    for p in index.all:
        cites = [[source_index(c.source), c.quote or "", c.lang or "", c.translation or "", c.translated_by or "",
                  c.locator or ""] for c in p.sources if c.source in dossier.entries]
        rows.append([entry_index(p.holder), entry_index(p.target), values.get(p.value, -1), p.date.iso(),
                     p.date.human(), _end(p), entry_index(p.by) if p.by and p.by in dossier.entries else -1,
                     p.office or "", confidence.get(p.confidence, -1),
                     reasons.setdefault(dossier.reason(p.holder, p.path), len(reasons)), p.note or "", cites, p.index])
    kinds = sorted({dossier.entries[p.target].kind.name for p in index.all},
                   key=lambda k: list(KINDS_BY_NAME).index(k))
    return {
        "v": DATA_VERSION,
        "values": [[v.value, v.label, v.colour, v.definition] for v in vocab.positions],
        "confidence": [[c.value, c.label] for c in vocab.confidence],
        "kinds": [[k, KINDS_BY_NAME[k].plural] for k in kinds],
        "entries": entries,
        "sources": sources,
        "reasons": list(reasons),
        "positions": rows,
    }


def matrix_json(dossier: Dossier) -> str:
    """:func:`matrix_data` as one line of JSON text (stable: the lists follow the model's sorted order)."""
    return json.dumps(matrix_data(dossier), ensure_ascii=False, separators=(",", ":"))
