"""Rules about sources across the dossier."""

from __future__ import annotations

from dossierkit.errors import Problem, WARNING
from dossierkit.schema.kinds import BIBLIOGRAPHY
from dossierkit.structure.entry import Entry


def check_unused_sources(entries: dict[str, Entry]) -> list[Problem]:
    """A warning for every source entry that no entry cites."""
    cited: set[str] = set()
    for entry in entries.values():
        cited.update(entry.cited_sources())
    return [
        Problem(e.path, e.line, 1, "source is not cited by any entry", WARNING)
        for e in entries.values()
        if e.kind.role == BIBLIOGRAPHY and e.id not in cited
    ]
