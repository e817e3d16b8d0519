"""Publish the entry format as JSON Schema files, one per kind.

Editors pick them up through a first-line comment in each entry:
``# yaml-language-server: $schema=../../docs/schema/actor.json``.
The files are generated from :mod:`dossierkit.schema.kinds`; a test fails
when the committed files and the code disagree (``dossier schema`` rewrites
them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dossierkit.schema.kinds import KINDS, Kind
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.schema.vocabulary_file import FILE_SCHEMA, preset

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
VOCABULARY_SCHEMA = "vocabulary"


def kind_schema(kind: Kind, vocab: Vocabulary | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of entry, with the values of the dossier's vocabulary."""
    schema = kind.schema.json_schema(vocab or preset())
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{kind.name}.json",
        "title": f"Dossier {kind.name} entry",
        "description": kind.description,
        **schema,
    }


def vocabulary_schema() -> dict[str, Any]:
    """The JSON Schema of a dossier's ``vocabulary.yml``."""
    return {"$schema": SCHEMA_DIALECT, "$id": f"{VOCABULARY_SCHEMA}.json",
            "title": "Dossier vocabulary", "description": "The words a dossier's entries may use.",
            **FILE_SCHEMA.json_schema()}


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def render_schema(kind: Kind, vocab: Vocabulary | None = None) -> str:
    """The schema of ``kind`` as stable, pretty-printed JSON text."""
    return _dump(kind_schema(kind, vocab))


def write_schemas(folder: Path, vocab: Vocabulary | None = None) -> list[Path]:
    """Write one ``<kind>.json`` per kind (with ``vocab``'s values) and ``vocabulary.json``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind.name}.json"
        path.write_text(render_schema(kind, vocab), encoding="utf-8")
        written.append(path)
    path = folder / f"{VOCABULARY_SCHEMA}.json"
    path.write_text(_dump(vocabulary_schema()), encoding="utf-8")
    written.append(path)
    return written
