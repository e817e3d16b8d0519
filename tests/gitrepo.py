"""A small git repository with a known history, for the tests of ``dossier diff`` and the history.

The starter project is committed, then changed in a series of commits, each
with a fixed date (so pages and feeds built from it are always the same):

1. 10 Jan 2025, the starter as it is;
2. 1 Feb 2025, ``big-idea``: status proposed -> signed, without a new source;
3. 1 Mar 2025, ``land-a``: the rivalry with ``land-b`` loses its only source;
4. 1 Apr 2025, ``land-b`` renamed ``land-bee`` (and every reference with it);
5. 1 May 2025, ``idea-floated``: June 2026 made 12 June 2026;
6. 1 Jun 2025, ``pact``: a quote added to its second source.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATES = ("2025-01-10T09:00:00Z", "2025-02-01T10:00:00Z", "2025-03-01T11:00:00Z", "2025-04-01T12:00:00Z",
         "2025-05-01T13:00:00Z", "2025-06-01T14:00:00Z")
ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Tester",
       "GIT_AUTHOR_EMAIL": "tester@example.org", "GIT_COMMITTER_NAME": "Tester",
       "GIT_COMMITTER_EMAIL": "tester@example.org"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` (isolated from the user's configuration); return its output."""
    env = {**os.environ, **ENV}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_repo(target: Path) -> list[str]:
    """The repository described in the module docstring, in ``target``; returns the commit ids, oldest first."""
    shutil.copytree(FIXTURES / "starter", target)
    d = target / "dossier"
    git(target, "init", "-q", "-b", "main")
    commits = []

    def commit(message: str, n: int) -> None:
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", message, date=DATES[n])
        commits.append(git(target, "rev-parse", "HEAD"))

    commit("The starter dossier", 0)
    edit(d / "organisations/big-idea.yml", "status: proposed", "status: signed")
    commit("big-idea is signed", 1)
    edit(d / "actors/land-a.yml", "    target: land-b\n    sources: [src-one]\n", "    target: land-b\n")
    commit("land-a: the rivalry loses its source", 2)
    (d / "actors/land-b.yml").rename(d / "actors/land-bee.yml")
    for path in sorted(d.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\bland-b\b", "land-bee", text), encoding="utf-8")
    commit("land-b is now land-bee", 3)
    edit(d / "events/idea-floated.yml", "date: 2026-06\n", "date: 2026-06-12\n")
    commit("idea-floated: the day", 4)
    edit(d / "organisations/pact.yml", "sources: [src-one, src-two]\nmemberships:",
         'sources:\n  - src-one\n  - source: src-two\n    quote: "Both states signed the pact."\nmemberships:')
    commit("pact: the quote", 5)
    return commits
