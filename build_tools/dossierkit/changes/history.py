"""The dossier's history from git: what each commit changed, entry by entry.

One ``git log`` pass lists, for every commit that touched the dossier's
folder (following first parents, so that a merged pull request counts once,
on the day it was merged), the entry files it added, modified or deleted
with their blob ids.  Only the blobs needed are then read, in one ``git
cat-file --batch``: both versions of a modified entry, the last version of a
deleted one, and an added one only when the same commit deleted an entry of
its kind (a rename candidate).  Each commit's changes are computed by
``changes/dossier_diff.py`` and cached on disk by commit
(below), so a build reads git once and computes only the commits it has
not seen.

The cache: a commit's changes never change (its diff against its first
parent is fixed), so they are kept in one JSON file inside the repository's
git folder (``git rev-parse --git-path``), out of the project's files and
of ``mkdocs serve``'s watch.  The file is keyed by the format version, the
dossier's folder and a fingerprint of the vocabulary (flags depend on its
lifecycle ranks): any difference starts afresh.  A cache that cannot be
read or written is simply not used.

Without git, outside a repository, in a repository without commits, or in
a shallow clone (whose history is cut short), :func:`read_history` returns
no commits and says why, once, for the build log.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dossierkit.changes import facts as F
from dossierkit.changes.dossier_diff import change_between, find_renames
from dossierkit.changes.facts import EntryChange
from dossierkit.changes.git import Git, GitError
from dossierkit.changes.snapshot import Snapshot, entry_path_parts, from_blob
from dossierkit.schema.kinds import KINDS
from dossierkit.schema.vocabulary import Vocabulary

CACHE_NAME = "dossierkit/history-cache.json"
FORMAT = 2  # of the cache file (2: positions are facts of their own, no longer a changed list)
_NULL = "0" * 40
_KIND_ORDER = {k.name: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class Touch:
    """One entry file a commit added (A), modified (M) or deleted (D), with its blob ids."""

    status: str
    old_sha: str
    new_sha: str
    path: str


@dataclass(frozen=True)
class Commit:
    """A commit that changed entries: its id, time (seconds since 1970, UTC) and changes."""

    sha: str
    time: int
    changes: tuple[EntryChange, ...] = ()


@dataclass
class History:
    """The commits that changed the dossier, newest first; ``note`` says why there are none, if skipped."""

    commits: list[Commit] = field(default_factory=list)
    note: str = ""
    computed: int = 0  # commits computed in this run (the rest came from the cache)


def parse_log(raw: bytes) -> list[tuple[str, int, list[Touch]]]:
    """``git log --raw -z --format=%x1e%H %ct`` output as (commit, time, touched files), in log order."""
    commits = []
    for chunk in raw.split(b"\x1e")[1:]:
        header, _, rest = chunk.partition(b"\0")
        sha, time = header.decode().split(" ")
        tokens = rest.lstrip(b"\n").split(b"\0")
        touches, i = [], 0
        while i + 1 < len(tokens):
            meta = tokens[i].lstrip(b"\n")
            if not meta.startswith(b":"):
                i += 1
                continue
            _, _, old_sha, new_sha, status = meta[1:].decode().split(" ")
            touches.append(Touch(status[:1], old_sha, new_sha, tokens[i + 1].decode("utf-8", "surrogateescape")))
            i += 2
        commits.append((sha, int(time), touches))
    return commits


def _needed_blobs(touches: list[Touch], prefix: str) -> list[str]:
    kinds_removed = {entry_path_parts(t.path, prefix)[0].name for t in touches if t.status == "D"}
    wanted = []
    for t in touches:
        kind = entry_path_parts(t.path, prefix)[0]
        if t.status in ("M", "T", "D"):
            wanted.append(t.old_sha)
        if t.status in ("M", "T") or (t.status == "A" and kind.name in kinds_removed):
            wanted.append(t.new_sha)
    return [s for s in wanted if s != _NULL]


class _Blobs:
    """Snapshots of blobs, each parsed once."""

    def __init__(self, raw: dict[str, bytes]):
        self.raw = raw
        self.parsed: dict[str, Snapshot] = {}

    def snapshot(self, sha: str, path: str, prefix: str) -> Snapshot:
        kind, entry_id = entry_path_parts(path, prefix)  # type: ignore[misc]
        key = f"{sha}:{path}"
        if key not in self.parsed:
            self.parsed[key] = from_blob(kind, entry_id, path, self.raw.get(sha, b""))
        return self.parsed[key]


def commit_changes(touches: list[Touch], prefix: str, blobs: _Blobs, vocab: Vocabulary) -> list[EntryChange]:
    """What one commit changed, entry by entry (renames paired), sorted by kind then id."""
    removed, added, out = [], [], []
    for t in touches:
        kind, entry_id = entry_path_parts(t.path, prefix)  # type: ignore[misc]
        if t.status == "D":
            removed.append(blobs.snapshot(t.old_sha, t.path, prefix))
        elif t.status == "A":
            if t.new_sha in blobs.raw:
                added.append(blobs.snapshot(t.new_sha, t.path, prefix))
            else:
                out.append(EntryChange(F.ADDED, kind.name, entry_id, t.path, ""))
    pairs = find_renames(removed, added)
    mapping = {old.id: new.id for old, new, _ in pairs}
    paired_old, paired_new = set(mapping), set(mapping.values())
    for old, new, _ in pairs:
        out.append(change_between(old, new, vocab, mapping))  # type: ignore[arg-type]
    out += [EntryChange(F.REMOVED, s.kind, s.id, s.path, s.label) for s in removed if s.id not in paired_old]
    out += [EntryChange(F.ADDED, s.kind, s.id, s.path, s.label) for s in added if s.id not in paired_new]
    for t in touches:
        if t.status in ("M", "T"):
            change = change_between(blobs.snapshot(t.old_sha, t.path, prefix), blobs.snapshot(t.new_sha, t.path, prefix),
                                    vocab, mapping)
            if change is not None:
                out.append(change)
    return sorted(out, key=lambda c: (_KIND_ORDER.get(c.kind, 99), c.id, c.change))


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


def _skip(note: str) -> History:
    return History([], note)


def read_history(dossier_dir: Path, vocab: Vocabulary, use_cache: bool = True) -> History:
    """Every commit that changed an entry of ``dossier_dir``, newest first (see the module docstring)."""
    git = Git.find(dossier_dir)
    if git is None:
        return _skip("no git repository (or no git): pages show no history")
    try:
        if not git.has_commits():
            return _skip("the git repository has no commit yet: pages show no history")
        if git.is_shallow():
            return _skip("shallow git clone: pages show no history (clone with the full history, "
                         "e.g. fetch-depth: 0, to show it)")
        prefix = git.relative(dossier_dir)
        prefix = prefix + "/" if prefix else ""
        raw = git.run("log", "--first-parent", "--diff-merges=first-parent", "--root", "--raw", "--no-renames",
                      "-z", "--no-abbrev", "--format=%x1e%H %ct", "HEAD", "--", prefix or ".")
        cache_path = Path(git.run("rev-parse", "--git-path", CACHE_NAME).decode().strip()) if use_cache else None
    except (GitError, ValueError) as exc:
        return _skip(f"cannot read the git history ({exc}): pages show no history")
    if cache_path is not None and not cache_path.is_absolute():
        cache_path = git.toplevel / cache_path
    cache = HistoryCache(cache_path, f"{prefix}:{vocabulary_fingerprint(vocab)}")
    logged = [(sha, time, [t for t in touches if entry_path_parts(t.path, prefix)])
              for sha, time, touches in parse_log(raw)]
    todo = [(sha, touches) for sha, _, touches in logged if touches and cache.get(sha) is None]
    wanted = [s for _, touches in todo for s in _needed_blobs(touches, prefix)]
    try:
        blobs = _Blobs(git.blobs(wanted))
    except GitError as exc:
        return _skip(f"cannot read the git history ({exc}): pages show no history")
    computed = {sha: commit_changes(touches, prefix, blobs, vocab) for sha, touches in todo}
    for sha, changes in computed.items():
        cache.put(sha, changes)
    commits = []
    for sha, time, touches in logged:
        if not touches:
            continue
        changes = computed.get(sha)
        if changes is None:
            changes = cache.get(sha) or []
        if changes:
            commits.append(Commit(sha, time, tuple(changes)))
    cache.save({sha for sha, _, touches in logged if touches})
    return History(commits, "", len(computed))
