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

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of one kind of entry."""
    schema = kind.schema.json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{kind.name}.json",
        "title": f"Dossier {kind.name} entry",
        "description": kind.description,
        **schema,
    }


def render_schema(kind: Kind) -> str:
    """The schema of ``kind`` as stable, pretty-printed JSON text."""
    return json.dumps(kind_schema(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write one ``<kind>.json`` per kind into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind.name}.json"
        path.write_text(render_schema(kind), encoding="utf-8")
        written.append(path)
    return written
