"""An entry as written, ready to compare: from a loaded dossier or from a git blob.

Both sides of a comparison are reduced to the same plain form: the fields a
reader sees (editors' notes left out), dates as written (``2025-09`` or
``{value: 2025, approximate: true}``) and citations as a source id or a
mapping.  A loaded entry gets there through the export's ``plain``; a blob
from the history is parsed by the strict YAML reader, whose values are
already the strings that were written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossierkit.errors import DossierError
from dossierkit.loading.names import skipped_name
from dossierkit.loading.yaml_loader import YamlDocument, decode_yaml_bytes, parse_yaml
from dossierkit.outputs.dataset import plain
from dossierkit.schema.kinds import KINDS_BY_FOLDER, KINDS_BY_NAME, Kind
from dossierkit.structure.entry import Entry

ENTRY_SUFFIX = ".yml"


@dataclass
class Snapshot:
    """One entry at one point: kind, id, path (relative to the project) and its reader-visible fields."""

    kind: str
    id: str
    path: str
    fields: dict[str, Any]
    doc: YamlDocument | None = field(default=None, repr=False)  # for line numbers, when loaded
    broken: str = ""  # why the file could not be read (history only)

    @property
    def label(self) -> str:
        """The display name, or the id when the file had none."""
        value = self.fields.get(KINDS_BY_NAME[self.kind].label_field)
        return value if isinstance(value, str) and value.strip() else self.id

    def line(self, path: tuple) -> int:
        """The line of ``path`` in the file (1 when unknown)."""
        return self.doc.pos(path)[0] if self.doc is not None and path else (self.doc.pos(("id",))[0] if self.doc else 1)


def reader_fields(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without editors' fields, in schema order (unknown fields last, sorted)."""
    editorial = {f.name for f in kind.fields if f.editorial}
    known = [f.name for f in kind.fields if f.name in data and f.name not in editorial]
    extra = sorted(k for k in data if isinstance(k, str) and k not in known and k not in editorial)
    return {k: data[k] for k in known + extra}


def from_entry(entry: Entry) -> Snapshot:
    """The snapshot of a checked entry of a loaded dossier."""
    fields = reader_fields(entry.kind, {k: plain(v) for k, v in entry.data.items()})
    return Snapshot(entry.kind.name, entry.id, entry.path, fields, entry.doc)


def entry_path_parts(path: str, prefix: str) -> tuple[Kind, str] | None:
    """(kind, id) of ``prefix/<kind folder>/<id>.yml``, or None for any other path."""
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):].split("/")
    if len(rest) != 2 or not rest[1].endswith(ENTRY_SUFFIX) or rest[0] not in KINDS_BY_FOLDER or \
            skipped_name(rest[1]):  # a hidden file, which the loader passes over too
        return None
    return KINDS_BY_FOLDER[rest[0]], rest[1][: -len(ENTRY_SUFFIX)]


def from_blob(kind: Kind, entry_id: str, path: str, raw: bytes) -> Snapshot:
    """The snapshot of an entry file's content at some commit (never raises).

    The file is read by the strict YAML reader (no tags, anchors or aliases);
    one that cannot be read gives a snapshot with ``broken`` set and no fields.
    """
    try:
        doc = parse_yaml(decode_yaml_bytes(raw, path), path)
    except DossierError as exc:
        return Snapshot(kind.name, entry_id, path, {}, broken=exc.problems[0].message if exc.problems else "unreadable")
    return Snapshot(kind.name, entry_id, path, reader_fields(kind, doc.data))
