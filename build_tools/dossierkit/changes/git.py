"""The few git commands the history and ``dossier diff`` need, run without a shell.

Every command reads git's NUL-separated output (``-z``), so no file name is
ever misread, and never touches the working tree or the index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 600
_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


class GitError(Exception):
    """A git command failed; the message is git's own (one line)."""


@dataclass(frozen=True)
class TreeFile:
    """One file of a commit's tree: mode, blob id and path from the repository root."""

    mode: str
    sha: str
    path: str


class Git:
    """A repository, found from any folder inside it."""

    def __init__(self, toplevel: Path):
        self.toplevel = toplevel

    @classmethod
    def find(cls, folder: Path) -> "Git | None":
        """The repository ``folder`` is in; None without git or outside a repository."""
        if shutil.which("git") is None:
            return None
        try:
            out = _run(["git", "rev-parse", "--show-toplevel"], folder)
        except GitError:
            return None
        return cls(Path(out.decode("utf-8", "surrogateescape").strip()))

    def run(self, *args: str, input: bytes | None = None) -> bytes:
        """The output of ``git ARGS`` in the repository; raises :class:`GitError`."""
        return _run(["git", "-c", "core.quotePath=false", *args], self.toplevel, input)

    def is_shallow(self) -> bool:
        """True in a shallow clone (its history is cut short)."""
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def has_commits(self) -> bool:
        """False in a repository without a commit yet."""
        try:
            self.run("rev-parse", "--verify", "-q", "HEAD^{commit}")
            return True
        except GitError:
            return False

    def resolve(self, revision: str) -> str:
        """The full commit id of ``revision``; raises :class:`GitError` when there is none."""
        if revision.startswith("-"):
            raise GitError(f"{revision!r} is not a revision")
        try:
            return self.run("rev-parse", "--verify", "-q", "--end-of-options", revision + "^{commit}").decode().strip()
        except GitError:
            raise GitError(f"{revision!r} is not a commit, branch or tag of this repository") from None

    def relative(self, path: Path) -> str:
        """``path`` relative to the repository root, with POSIX separators ('' for the root)."""
        rel = Path(os.path.realpath(path)).relative_to(os.path.realpath(self.toplevel)).as_posix()
        return "" if rel == "." else rel

    def tree(self, commit: str, prefix: str) -> list[TreeFile]:
        """Every file under ``prefix`` (a folder path from the root) in ``commit``."""
        out = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
        files = []
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            mode, kind, sha = meta.decode().split(" ")
            if kind == "blob":
                files.append(TreeFile(mode, sha, path.decode("utf-8", "surrogateescape")))
        return files

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The content of each blob, read by one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode())
        found: dict[str, bytes] = {}
        at = 0
        for sha in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            size = int(header[2])
            found[sha] = out[at:at + size]
            at += size + 1
        return found


def _run(argv: list[str], cwd: Path, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(argv, cwd=cwd, input=input, capture_output=True, timeout=TIMEOUT,
                              env={**os.environ, **_ENV})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"git could not run: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git exited with {done.returncode}")
    return done.stdout
