"""The history's cache on disk: what each commit changed, keyed by commit.

A commit's changes never change (its diff against its first parent is
fixed), so they are computed once and kept in one JSON file inside the
repository's git folder (``git rev-parse --git-path``), out of the project's
files and of ``mkdocs serve``'s watch.  The file is keyed by the format
version, the dossier's folder and a fingerprint of the vocabulary (flags
depend on its lifecycle ranks): any difference starts afresh.  A cache that
cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dossierkit.changes.facts import EntryChange
from dossierkit.schema.vocabulary import Vocabulary

FORMAT = 1


def vocabulary_fingerprint(vocab: Vocabulary) -> str:
    """A short hash of what facts depend on: statuses, their groups' ranks, confidence levels."""
    parts = [repr([(s.value, s.group) for s in vocab.statuses]), repr([(g.value, g.rank) for g in vocab.lifecycle_groups]),
             repr([(c.value, c.corroborated) for c in vocab.confidence])]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class HistoryCache:
    """Commit id -> (commit time, changes), read from and written to ``path`` (None: in memory only)."""

    def __init__(self, path: Path | None, key: str):
        self.path = path
        self.key = f"{FORMAT}:{key}"
        self.commits: dict[str, list] = {}
        self.dirty = False
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("key") == self.key and isinstance(data.get("commits"), dict):
                    self.commits = data["commits"]
            except (OSError, ValueError):
                pass

    def get(self, sha: str) -> list[EntryChange] | None:
        """The changes of commit ``sha``, if cached."""
        found = self.commits.get(sha)
        if found is None:
            return None
        try:
            return [EntryChange.from_json(c) for c in found]
        except (TypeError, ValueError):
            return None

    def put(self, sha: str, changes: list[EntryChange]) -> None:
        """Remember the changes of commit ``sha``."""
        self.commits[sha] = [c.to_json() for c in changes]
        self.dirty = True

    def save(self, keep: set[str]) -> None:
        """Write the cache (only the commits in ``keep``) if anything was added; never raises."""
        if self.path is None or not (self.dirty or set(self.commits) - keep):
            return
        data = {"key": self.key, "commits": {sha: self.commits[sha] for sha in sorted(keep) if sha in self.commits}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            partial.replace(self.path)
        except OSError:
            pass
