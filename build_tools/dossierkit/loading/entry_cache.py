"""Keep each entry file's own checks between loads of the same dossier (``mkdocs serve``,
``dossier validate --watch``).

Parsing and checking one file against its kind's schema is most of a load,
and depends only on the file and the vocabulary.  An :class:`EntryCache`
remembers, per file, what that gave (its problems, parsed document,
references and :class:`~dossierkit.structure.entry.Entry`), keyed by the
file's modification time, size and inode, as ``make`` and MkDocs' own
``--dirty`` do, and by a hash of its content when those changed (a ``touch``
or a checkout) or are too recent to be trusted.  The checks across files (ids, references, relations,
dates, sources) run on every load.  An unchanged file keeps its very
:class:`Entry` object, so that ``structure.reads.changed_keys`` can tell
changed entries by identity.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass

from dossierkit.loading.yaml_loader import read_bounded

# A file changed less than this long before it was read may change again within
# the file system's timestamp granularity without its stamp changing (git's
# "racily clean" files): its content is compared on the next load.
RACY_SECONDS = 2.0


@dataclass
class _Checked:
    """What one file's own checks gave."""

    stamp: tuple
    digest: bytes
    trusted: bool  # the stamp was old enough when the file was read (see RACY_SECONDS)
    problems: list
    doc: object
    references: list | None
    entry: object


class EntryCache:
    """Per-file results of the checks of one file, for one vocabulary (see the module docstring)."""

    def __init__(self) -> None:
        self.vocabulary_key: object = None
        self.files: dict[str, _Checked] = {}
        self.checks: dict[str, tuple] = {}  # entry id -> (entry, problems, assessments): see loading/entry_checks.py
        self.checks_key: object = None
        self.kinds: dict[str, str] = {}  # id -> kind at the last load, and each file's resolved references
        self.resolved: dict[str, tuple] = {}
        self.dossier: object = None  # the last load's Dossier, whose indexes the next one updates
        self.hits = 0
        self.misses = 0

    def start(self, vocabulary_key: object) -> None:
        """Begin a load; a different vocabulary makes every file count as changed."""
        if vocabulary_key != self.vocabulary_key:
            self.files.clear()
            self.checks, self.resolved = {}, {}
            self.dossier = None
            self.vocabulary_key = vocabulary_key
        self.hits = self.misses = 0

    @staticmethod
    def stamp(path: str) -> tuple | None:
        """What identifies a version of the file at ``path`` (None when it cannot be read)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)

    def get(self, path: str, kind_name: str) -> tuple[_Checked | None, tuple]:
        """The remembered result for the file's current version, if any, and a
        token for :meth:`put`.  Stamp and hash are taken *before* the file is
        parsed, so a save during the parse is seen as a change next time."""
        now = time.time_ns()
        stamp = self.stamp(path)
        found = self.files.get(path)
        digest = None
        if stamp is not None and found is not None and found.stamp[0] == kind_name:
            if found.stamp[1] == stamp and found.trusted:
                self.hits += 1
                return found, ()
            digest = _digest(path)
            if digest == found.digest:
                found.stamp, found.trusted = (kind_name, stamp), _trusted(stamp, now)
                self.hits += 1
                return found, ()
        elif stamp is not None:
            digest = _digest(path)
        self.misses += 1
        return None, (stamp, digest, now)

    def put(self, path: str, kind_name: str, token: tuple, problems: list, doc, references, entry) -> _Checked | None:
        """Remember the result of checking the file (``token`` from :meth:`get`); the record kept."""
        stamp, digest, read_at = token
        if stamp is None or digest is None:
            self.files.pop(path, None)
            return None
        found = self.files[path] = _Checked((kind_name, stamp), digest, _trusted(stamp, read_at), list(problems), doc,
                                            references, entry)
        return found

    def keep_only(self, paths: set[str]) -> None:
        """Forget files that are gone (so that memory does not grow with deletions)."""
        for path in [p for p in self.files if p not in paths]:
            del self.files[path]


def _trusted(stamp: tuple, read_at: int) -> bool:
    return read_at - stamp[0] >= RACY_SECONDS * 1e9


def _digest(path: str) -> bytes | None:
    """A hash of what the loader reads of the file: a file past the size limit is refused
    whatever follows its first ``MAX_FILE_BYTES + 1`` bytes, so nothing after them is read."""
    try:
        return hashlib.blake2b(read_bounded(path)).digest()
    except OSError:
        return None
