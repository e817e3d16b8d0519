"""``--changed-only``: the files a change adds or modifies, from git.

The change is everything between a base commit and the working tree:
committed, staged and unstaged edits (``git diff BASE``) and new files git
does not know yet (``git ls-files --others``).  The base is ``--base REV``
when given (the pull request's base commit in CI), else the merge base with
``origin/main`` when that branch exists, else ``HEAD~1``, else (a repository
with a single commit) the empty tree: everything is new.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


class ChangesError(Exception):
    """git could not say what changed (no repository, an unknown revision): a usage error."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, capture_output=True,
                              timeout=120, check=False)
    except FileNotFoundError:
        raise ChangesError("--changed-only needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise ChangesError("git took too long to list the changes") from None


def _verify(root: Path, rev: str) -> str | None:
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    return done.stdout.decode().strip() if done.returncode == 0 else None


def repository_root(folder: Path) -> Path:
    """The top folder of the git work tree holding ``folder``."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise ChangesError(f"--changed-only needs a git repository, and {folder} is not in one")
    return Path(done.stdout.decode().strip()).resolve()


def resolve_base(root: Path, base: str | None) -> str:
    """The commit to compare with (see the module docstring)."""
    if base is not None:
        if not base or base.startswith("-"):
            raise ChangesError(f"--base {base!r} is not a revision")
        commit = _verify(root, base)
        if commit is None:
            raise ChangesError(f"--base {base!r} is not a commit of this repository (fetch it first: "
                               "actions/checkout needs fetch-depth: 0)")
        return commit
    if _verify(root, "origin/main") is not None:
        done = _git(root, "merge-base", "HEAD", "origin/main")
        if done.returncode == 0:
            return done.stdout.decode().strip()
    return _verify(root, "HEAD~1") or EMPTY_TREE


def _paths(output: bytes, root: Path) -> set[Path]:
    return {(root / name.decode("utf-8", "surrogateescape")).resolve()
            for name in output.split(b"\0") if name}


def changed_files(folder: Path, base: str | None = None) -> tuple[set[Path], str]:
    """The absolute paths added or modified under ``folder`` since the base, and the base commit."""
    folder = Path(folder).resolve()
    root = repository_root(folder)
    commit = resolve_base(root, base)
    if not folder.is_relative_to(root):
        raise ChangesError(f"{folder} is not inside the git repository {root}")
    spec = str(folder.relative_to(root)) if folder != root else "."
    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", commit, "--", spec)
    if diff.returncode != 0:
        raise ChangesError(f"git diff failed: {diff.stderr.decode(errors='replace').strip()[:200]}")
    new = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", spec)
    if new.returncode != 0:
        raise ChangesError(f"git ls-files failed: {new.stderr.decode(errors='replace').strip()[:200]}")
    return _paths(diff.stdout, root) | _paths(new.stdout, root), commit
