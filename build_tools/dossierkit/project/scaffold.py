"""Stubs for new entries (``dossier new``), derived from the schema.

A stub lists every required field with the placeholder ``FILL-ME`` (which
validation refuses, so a half-filled stub can never slip through) and every
optional field as a comment, each with its description.
"""

from __future__ import annotations

import os
from pathlib import Path

from dossierkit.errors import DossierError, Problem
from dossierkit.loading.names import device_name
from dossierkit.schema.kinds import Kind
from dossierkit.schema.types import PLACEHOLDER, Date, Enum, Field, ListOf, Obj, Ref, SLUG_RE, VocabEnum
from dossierkit.schema.vocabulary import Vocabulary
from dossierkit.schema.vocabulary_file import preset
from dossierkit.validation.dates import build_date

SCHEMA_FOLDER = Path("docs") / "schema"


def _hint(field: Field, vocab: Vocabulary) -> str:
    t = field.type
    if isinstance(t, ListOf):
        t = t.item
    if isinstance(t, Enum):
        return "one of: " + ", ".join(t.values)
    if isinstance(t, VocabEnum):
        return "one of: " + ", ".join(vocab.values(t.list_name))
    if isinstance(t, Date):
        return "YYYY, YYYY-MM or YYYY-MM-DD"
    if isinstance(t, Ref):
        return "id of " + (" or ".join(t.kinds) if t.kinds else "an") + " entry"
    return ""


def _field_lines(field: Field, entry_id: str, vocab: Vocabulary) -> list[str]:
    hint = _hint(field, vocab)
    comment = f"# {field.description}" + (f" ({hint})" if hint else "")
    if field.name == "id":
        return [comment, f"id: {entry_id}"]
    if field.name == "as_of":  # a new entry is checked against its sources the day it is written
        return [comment, f"as_of: {build_date().isoformat()}"]
    if isinstance(field.type, ListOf) and isinstance(field.type.item, Obj):
        item = field.type.item
        lines = [comment, f"# {field.name}:"]
        first = True
        for sub in item.fields:
            if sub.required:
                prefix = "#   - " if first else "#     "
                lines.append(f"{prefix}{sub.name}: ...")
                first = False
        return lines
    if not field.required:
        if field.name == "body":
            return [comment, "# body: |", "#   Markdown text; link entries as [[id]]."]
        return [comment, f"# {field.name}: ..."]
    if isinstance(field.type, ListOf):
        return [comment, f"{field.name}:", f"  - {PLACEHOLDER}"]
    return [comment, f"{field.name}: {PLACEHOLDER}"]


def render_stub(kind: Kind, entry_id: str, schema_ref: str | None = None, vocab: Vocabulary | None = None) -> str:
    """The text of a commented stub for a new ``kind`` entry called ``entry_id`` (hints from ``vocab``)."""
    vocab = vocab or preset()
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines += [
        f"# New {kind.name}: {kind.description}",
        f"# Replace every {PLACEHOLDER}, uncomment the optional fields you need,",
        "# then run `dossier validate`.",
        "",
    ]
    # Required fields first (in schema order), then the optional ones.
    for field in sorted(kind.fields, key=lambda f: not f.required):
        lines += _field_lines(field, entry_id, vocab)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def new_entry(dossier_dir: Path, kind: Kind, entry_id: str, project_root: Path | None = None,
              vocab: Vocabulary | None = None) -> Path:
    """Write a stub for a new entry; refuse bad ids and existing files.

    Returns the path written.  Raises :class:`DossierError` on refusal.
    """
    target = dossier_dir / kind.folder / f"{entry_id}.yml"
    if not SLUG_RE.fullmatch(entry_id) or len(entry_id) > 64:
        raise DossierError([Problem(str(target), 1, 1, f"{entry_id!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens")])
    if device_name(entry_id):  # validation refuses it too: say so before writing the file
        raise DossierError([Problem(str(target), 1, 1, f"{entry_id!r} is a reserved device name on Windows "
                                                       "(con, prn, aux, nul, com1-9, lpt1-9); choose another id")])
    for other in dossier_dir.glob(f"*/{entry_id}.yml"):
        raise DossierError([Problem(str(other), 1, 1, f"an entry with id {entry_id!r} already exists; not overwriting")])
    schema_ref = None
    if project_root is not None and (project_root / SCHEMA_FOLDER).is_dir():
        rel = os.path.relpath(project_root / SCHEMA_FOLDER / f"{kind.name}.json", target.parent)
        schema_ref = Path(rel).as_posix()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite
            fh.write(render_stub(kind, entry_id, schema_ref, vocab))
    except FileExistsError:
        raise DossierError([Problem(str(target), 1, 1, "file already exists; not overwriting")]) from None
    return target
